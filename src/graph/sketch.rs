//! Bottom-k (k-minimum-values) building blocks shared by the blast radius and the composite
//! availability: a bijective hash, and the merge that keeps the k smallest distinct values.

/// splitmix64's finalizer: a bijection, so distinct inputs never share a hash.
pub fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Replaces `acc` (ascending, distinct) with the `k` smallest distinct values of itself and
/// `other` (ascending), through `scratch`: linear, and no allocation once the buffers have
/// grown.
pub fn merge_into<T: Ord + Copy>(acc: &mut Vec<T>, other: &[T], k: usize, scratch: &mut Vec<T>) {
    // Nothing in `other` beats a full `acc`: the usual case once a hub's sketch has filled.
    if other.is_empty()
        || acc
            .get(k.wrapping_sub(1))
            .is_some_and(|&last| other[0] >= last)
    {
        return;
    }
    scratch.clear();
    scratch.reserve(k.min(acc.len() + other.len()));
    let (mut i, mut j) = (0, 0);
    while scratch.len() < k {
        let next = match (acc.get(i), other.get(j)) {
            (Some(&x), Some(&y)) => {
                i += usize::from(x <= y);
                j += usize::from(y <= x);
                x.min(y)
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (None, Some(&y)) => {
                j += 1;
                y
            }
            (None, None) => break,
        };
        scratch.push(next);
    }
    std::mem::swap(acc, scratch);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merged<T: Ord + Copy>(a: &[T], b: &[T], k: usize) -> Vec<T> {
        let mut out = a.to_vec();
        merge_into(&mut out, b, k, &mut Vec::new());
        out
    }

    #[test]
    fn merge_keeps_the_smallest_distinct_values() {
        assert_eq!(merged(&[1, 3, 5], &[2, 3, 9], 4), vec![1, 2, 3, 5]);
        assert_eq!(merged::<u32>(&[], &[7], 3), vec![7]);
        // A full list that nothing in `other` beats stays as it is.
        assert_eq!(merged(&[1, 2, 3], &[3, 4], 3), vec![1, 2, 3]);
    }
}
