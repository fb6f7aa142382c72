//! Blast radius: for each component, the components and entry points that transitively
//! depend on it through critical edges, a sample of them and the cells they belong to.
//!
//! One pass over the condensation, dependents before dependencies. Counts are exact (bitsets)
//! up to `EXACT_LIMIT` components; above that they come from a bottom-k sketch (exact below
//! k members, estimated above, and flagged `estimated`) so that memory stays linear. Samples
//! and cells are always exact. A closure is freed as soon as every dependency has read it, so
//! memory follows the width of the graph, not its size.

use super::DepGraph;
use super::sketch::{merge_into, mix};
use crate::model::{Architecture, CompIdx};

/// Largest architecture whose blast radius is counted exactly (bitsets of n² bits).
pub const EXACT_LIMIT: usize = 12_000;
/// Sample size of the JSON output.
pub const SAMPLE: usize = 10;
/// Hashes kept by the sketch; counts up to this size are exact.
const SKETCH_K: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub struct BlastRadius {
    pub components: u64,
    pub entry_points: u64,
    /// Up to `SAMPLE` dependents, smallest ids first.
    pub sample: Vec<CompIdx>,
    /// Cells of the dependents, as indices into `Blast::cells`, sorted.
    pub cells: Vec<u32>,
    /// The counts are sketch estimates (the architecture is above `EXACT_LIMIT`).
    pub estimated: bool,
}

/// The blast radius of every component, and the cell names its `cells` index.
pub struct Blast {
    pub radius: Vec<BlastRadius>,
    pub cells: Vec<String>,
}

/// A set of components that can be unioned and counted.
trait CountSet: Clone {
    fn insert(&mut self, x: u32, scratch: &mut Vec<u64>);
    /// `scratch` is a buffer the union may use.
    fn union(&mut self, other: &Self, scratch: &mut Vec<u64>);
    /// (count, estimated)
    fn count(&self) -> (u64, bool);
}

/// A fixed-size bitset.
#[derive(Clone)]
struct Bits(Vec<u64>);

impl Bits {
    fn ones(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros();
                    rest &= rest - 1;
                    (w * 64) as u32 + bit
                })
            })
        })
    }
}

impl Bits {
    /// How many bits are set.
    fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    fn set(&mut self, x: u32) {
        self.0[x as usize / 64] |= 1 << (x % 64);
    }
}

impl CountSet for Bits {
    fn insert(&mut self, x: u32, _: &mut Vec<u64>) {
        self.set(x);
    }
    fn union(&mut self, other: &Self, _: &mut Vec<u64>) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }
    fn count(&self) -> (u64, bool) {
        (
            self.0.iter().map(|w| u64::from(w.count_ones())).sum(),
            false,
        )
    }
}

/// The `SKETCH_K` smallest hashes of the members (k-minimum-values). The hash is a bijection
/// on u64, so small sets are counted exactly.
#[derive(Clone, Default)]
struct Sketch(Vec<u64>);

impl CountSet for Sketch {
    fn insert(&mut self, x: u32, scratch: &mut Vec<u64>) {
        merge_into(&mut self.0, &[mix(u64::from(x))], SKETCH_K, scratch);
    }
    fn union(&mut self, other: &Self, scratch: &mut Vec<u64>) {
        merge_into(&mut self.0, &other.0, SKETCH_K, scratch);
    }
    fn count(&self) -> (u64, bool) {
        if self.0.len() < SKETCH_K {
            return (self.0.len() as u64, false);
        }
        let kth = self.0[SKETCH_K - 1] as f64 / u64::MAX as f64;
        (((SKETCH_K - 1) as f64 / kth).round() as u64, true)
    }
}

/// Computes the blast radius of every component.
pub fn blast_radius(arch: &Architecture, g: &DepGraph) -> Blast {
    let n = g.len();
    let mut cells: Vec<String> = arch
        .components
        .iter()
        .filter_map(|c| c.cell.clone())
        .collect();
    cells.sort_unstable();
    cells.dedup();
    let radius = if n <= EXACT_LIMIT {
        compute(arch, g, &cells, &Bits(vec![0; n.div_ceil(64)]))
    } else {
        compute(arch, g, &cells, &Sketch::default())
    };
    Blast { radius, cells }
}

/// What depends on a strongly connected component, itself included.
struct Closure<S> {
    all: S,
    entries: S,
    /// Smallest id ranks, one more than the sample so that a member can be dropped.
    sample: Vec<u32>,
    cells: Bits,
}

fn compute<S: CountSet>(
    arch: &Architecture,
    g: &DepGraph,
    cell_names: &[String],
    empty: &S,
) -> Vec<BlastRadius> {
    let (rank, by_id) = (&g.id_rank, &g.by_id);
    let cell_of: Vec<Option<u32>> = arch
        .components
        .iter()
        .map(|c| {
            c.cell
                .as_deref()
                .and_then(|name| cell_names.binary_search_by(|x| x.as_str().cmp(name)).ok())
                .map(|i| i as u32)
        })
        .collect();
    let no_cells = Bits(vec![0; cell_names.len().div_ceil(64)]);

    // How many times each closure will still be read: once per critical edge from one of its
    // members into another strongly connected component.
    let mut readers: Vec<u32> = vec![0; g.sccs.len()];
    for (k, members) in g.sccs.iter().enumerate() {
        for &m in members {
            readers[k] += g
                .critical_deps(m)
                .filter(|&x| g.scc_of[x] as usize != k)
                .count() as u32;
        }
    }

    // Buffers for the merges, reused from one component to the next.
    let (mut scratch, mut ranks): (Vec<u64>, Vec<u32>) = (Vec::new(), Vec::new());
    let mut out: Vec<Option<BlastRadius>> = vec![None; g.len()];
    let mut closures: Vec<Option<Closure<S>>> = (0..g.sccs.len()).map(|_| None).collect();
    for k in (0..g.sccs.len()).rev() {
        let members = &g.sccs[k];
        let mut cl = Closure {
            all: empty.clone(),
            entries: empty.clone(),
            sample: Vec::new(),
            cells: no_cells.clone(),
        };
        for &m in members {
            for p in g.critical_dependents(m) {
                let kp = g.scc_of[p] as usize;
                if kp == k {
                    continue;
                }
                if let Some(other) = &closures[kp] {
                    cl.all.union(&other.all, &mut scratch);
                    cl.entries.union(&other.entries, &mut scratch);
                    merge_into(&mut cl.sample, &other.sample, SAMPLE + 1, &mut ranks);
                    cl.cells.union(&other.cells, &mut scratch);
                }
                readers[kp] -= 1;
                if readers[kp] == 0 {
                    closures[kp] = None;
                }
            }
        }
        // The dependents' cells, before the members add theirs: a member's own cell counts
        // only when another component brings it.
        let outside_cells = cl.cells.clone();
        let mut member_ranks: Vec<u32> = members.iter().map(|&m| rank[m]).collect();
        member_ranks.sort_unstable();
        merge_into(&mut cl.sample, &member_ranks, SAMPLE + 1, &mut ranks);
        for &m in members {
            cl.all.insert(rank[m], &mut scratch);
            if g.is_entry[m] {
                cl.entries.insert(rank[m], &mut scratch);
            }
            if let Some(cell) = cell_of[m] {
                cl.cells.set(cell);
            }
        }

        let (all, est_all) = cl.all.count();
        let (entries, est_entries) = cl.entries.count();
        for &c in members {
            let mut cells = outside_cells.clone();
            for &m in members {
                if let Some(cell) = cell_of[m].filter(|_| m != c) {
                    cells.set(cell);
                }
            }
            // Sized up front: a component's lists are small, and there are many components.
            let mut sample = Vec::with_capacity(cl.sample.len().min(SAMPLE));
            sample.extend(
                (cl.sample.iter())
                    .filter(|&&r| r != rank[c])
                    .take(SAMPLE)
                    .map(|&r| by_id[r as usize]),
            );
            let mut cell_list = Vec::with_capacity(cells.len());
            cell_list.extend(cells.ones());
            out[c] = Some(BlastRadius {
                components: all.saturating_sub(1),
                entry_points: entries.saturating_sub(u64::from(g.is_entry[c])),
                sample,
                cells: cell_list,
                estimated: est_all || est_entries,
            });
        }
        if readers[k] > 0 {
            closures[k] = Some(cl);
        }
    }
    out.into_iter()
        .map(|b| {
            b.unwrap_or(BlastRadius {
                components: 0,
                entry_points: 0,
                sample: vec![],
                cells: vec![],
                estimated: false,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sketch_counts_small_sets_exactly_and_large_ones_closely() {
        let mut small = Sketch::default();
        for x in 0..40 {
            small.insert(x, &mut Vec::new());
        }
        assert_eq!(small.count(), (40, false));
        let mut large = Sketch::default();
        for x in 0..50_000 {
            large.insert(x, &mut Vec::new());
        }
        let (estimate, estimated) = large.count();
        assert!(estimated);
        assert!((35_000..65_000).contains(&estimate), "{estimate}");
    }
}
