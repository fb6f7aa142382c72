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
