//! A small map kept as a sorted list: a resource has a handful of attributes and tags, a
//! nested block a handful of keys, and a tree map's node is several hundred bytes however
//! few entries it holds (an import holds a hundred thousand resources).

use thin_vec::ThinVec;

/// Entries sorted by key, each key once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Small<V, K = String>(ThinVec<(K, V)>);

impl<V, K> Small<V, K> {
    /// Nothing in it (nothing allocated).
    pub const fn new() -> Self {
        Small(ThinVec::new())
    }
}

impl<V, K> Default for Small<V, K> {
    fn default() -> Self {
        Small::new()
    }
}

impl<V, K: AsRef<str>> Small<V, K> {
    /// Entries already sorted by key, each key once.
    pub fn from_sorted(items: ThinVec<(K, V)>) -> Self {
        debug_assert!(items.windows(2).all(|w| w[0].0.as_ref() < w[1].0.as_ref()));
        Small(items)
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_ref().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.find(key).ok().map(|i| &mut self.0[i].1)
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries, by key.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&str, &V)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.0.iter().map(|(k, _)| k.as_ref())
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.0.iter_mut().map(|(_, v)| v)
    }

    /// Keeps the entries `keep` says to keep (and may change), in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut V) -> bool) {
        self.0.retain_mut(|(k, v)| keep(k.as_ref(), v));
    }

    /// Room for exactly its entries (after some were removed).
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }

    /// Sets a key's value, in its place among the others.
    pub fn insert(&mut self, key: K, value: V) {
        match self.find(key.as_ref()) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }
}

/// The last value of a key wins, as in a map.
impl<V, K: Ord> FromIterator<(K, V)> for Small<V, K> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Small::from(iter.into_iter().collect::<ThinVec<(K, V)>>())
    }
}

/// Entries in any order, sorted in place; the last value of a key wins, as in a map.
impl<V, K: Ord> From<ThinVec<(K, V)>> for Small<V, K> {
    fn from(mut items: ThinVec<(K, V)>) -> Self {
        items.reverse();
        items.sort_by(|a, b| a.0.cmp(&b.0));
        items.dedup_by(|a, b| a.0 == b.0);
        items.shrink_to_fit();
        Small(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As a map: the last value of a key wins, keys come out sorted, an insert lands in its
    /// place.
    #[test]
    fn small_reads_as_a_map() {
        let mut m: Small<u32> = [("b", 1), ("a", 2), ("b", 3)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        assert_eq!(m.iter().collect::<Vec<_>>(), [("a", &2), ("b", &3)]);
        m.insert("ab".into(), 4);
        m.insert("a".into(), 5);
        assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "ab", "b"]);
        assert_eq!(m.get("a"), Some(&5));
        assert_eq!(m.remove("ab"), Some(4));
        assert_eq!(m.len(), 2);
        assert!(!m.contains_key("ab"));
    }
}
