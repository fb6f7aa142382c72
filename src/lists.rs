//! A list for each of `n` places, held as one list cut at each place's start (compressed
//! sparse rows): the graph's adjacency, and who links to each of a million imported resources,
//! where a list of its own for each place would be three words each, most of them empty.

/// The lists, each in the order its items were given. Fewer than 2³² items in all: the
/// largest file drplan reads (256 MiB) holds fewer.
#[derive(Debug, Default)]
pub struct Lists<T> {
    starts: Vec<u32>,
    items: Vec<T>,
}

impl<T: Clone + Default> Lists<T> {
    /// The lists of the `(place, item)` pairs `pairs` gives: walked twice, once to count and
    /// once to place.
    pub fn of<I: Iterator<Item = (usize, T)>>(n: usize, pairs: impl Fn() -> I) -> Lists<T> {
        let mut starts = vec![0u32; n + 1];
        for (at, _) in pairs() {
            starts[at + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut items = vec![T::default(); starts[n] as usize];
        for (at, item) in pairs() {
            items[next[at] as usize] = item;
            next[at] += 1;
        }
        Lists { starts, items }
    }
}

impl<T> Lists<T> {
    /// How many places there are.
    pub fn places(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Where place `i`'s list starts in [`Lists::items`] (and `start(i + 1)`, where it ends).
    pub fn start(&self, i: usize) -> u32 {
        self.starts[i]
    }

    /// Every list's items, one after the other.
    pub fn items(&self) -> &[T] {
        &self.items
    }
}

impl<T> std::ops::Index<usize> for Lists<T> {
    type Output = [T];
    fn index(&self, i: usize) -> &[T] {
        &self.items[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each place's list holds its pairs' items in the pairs' order; a place with none, or
    /// lists of no pairs at all, are empty.
    #[test]
    fn lists_hold_each_places_items_in_order() {
        let pairs = [(2, 'a'), (0, 'b'), (2, 'c'), (3, 'd')];
        let lists = Lists::of(4, || pairs.iter().copied());
        let held: Vec<&[char]> = (0..4).map(|i| &lists[i]).collect();
        assert_eq!(held, [&['b'][..], &[], &['a', 'c'], &['d']]);
        assert_eq!((lists.places(), lists.start(2), lists.start(3)), (4, 1, 3));
        let none = Lists::<char>::of(2, std::iter::empty);
        assert!(none[0].is_empty() && none[1].is_empty());
    }
}

/// Many short texts held as one, each by where it ends (or that it is absent): a million ids
/// in one string and a list of ends, where a `String` each would be three words and an
/// allocation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Texts {
    text: String,
    ends: Vec<u64>,
}

/// The mark of an absent text on its end (no text is 2⁶³ bytes long).
const ABSENT: u64 = 1 << 63;

impl Texts {
    pub fn with_capacity(n: usize) -> Texts {
        Texts {
            text: String::new(),
            ends: Vec::with_capacity(n),
        }
    }

    /// Adds a text, or an absent one.
    pub fn push(&mut self, text: Option<&str>) {
        self.text.push_str(text.unwrap_or_default());
        let end = self.text.len() as u64;
        self.ends
            .push(if text.is_some() { end } else { end | ABSENT });
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Text `k`, when it is not absent.
    pub fn get(&self, k: usize) -> Option<&str> {
        let end = self.ends[k];
        let start = k.checked_sub(1).map_or(0, |p| self.ends[p] & !ABSENT);
        (end & ABSENT == 0).then(|| &self.text[start as usize..end as usize])
    }

    /// Every text, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(|k| self.get(k))
    }
}

/// Text `k`: empty when it is absent.
impl std::ops::Index<usize> for Texts {
    type Output = str;
    fn index(&self, k: usize) -> &str {
        self.get(k).unwrap_or_default()
    }
}

impl<'a> FromIterator<Option<&'a str>> for Texts {
    fn from_iter<I: IntoIterator<Item = Option<&'a str>>>(texts: I) -> Texts {
        let texts = texts.into_iter();
        let mut all = Texts::with_capacity(texts.size_hint().0);
        texts.for_each(|t| all.push(t));
        all
    }
}

#[cfg(test)]
mod texts_tests {
    use super::*;

    /// Each text reads back as given, an absent one as absent (and as empty by index).
    #[test]
    fn texts_read_back_as_given() {
        let given = [Some("db.a"), None, Some(""), Some("é.b"), None];
        let texts: Texts = given.iter().copied().collect();
        assert_eq!(texts.iter().collect::<Vec<_>>(), given);
        assert_eq!((&texts[1], &texts[3], texts.len()), ("", "é.b", 5));
    }
}
