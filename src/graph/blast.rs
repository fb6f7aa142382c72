//! Blast radius: for each component, the components and entry points that transitively
//! depend on it through critical edges, a sample of them and the cells they belong to.
//!
//! Exact sets (bitsets over the condensation) up to `EXACT_LIMIT` components; above that the
//! counts come from a bottom-k sketch (exact below k members, estimated above, and flagged
//! `estimated`) so that memory stays linear. Samples and cells are always exact.

use super::DepGraph;
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
    /// Cells of the dependents, sorted.
    pub cells: Vec<String>,
    /// The counts are sketch estimates (the architecture is above `EXACT_LIMIT`).
    pub estimated: bool,
}

/// A set of components that can be unioned and counted.
trait CountSet: Clone {
    fn insert(&mut self, x: u32);
    fn union(&mut self, other: &Self);
    /// (count, estimated)
    fn count(&self) -> (u64, bool);
}

#[derive(Clone)]
struct Bits(Vec<u64>);

impl CountSet for Bits {
    fn insert(&mut self, x: u32) {
        self.0[x as usize / 64] |= 1 << (x % 64);
    }
    fn union(&mut self, other: &Self) {
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

fn mix(x: u32) -> u64 {
    // splitmix64's finalizer: a bijection, so distinct members never collide.
    let mut z = u64::from(x).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn merge_bottom(a: &[u64], b: &[u64], k: usize) -> Vec<u64> {
    let mut out = Vec::with_capacity((a.len() + b.len()).min(k));
    let (mut i, mut j) = (0, 0);
    while out.len() < k && (i < a.len() || j < b.len()) {
        let next = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x == y => {
                i += 1;
                j += 1;
                x
            }
            (Some(&x), Some(&y)) if x < y => {
                i += 1;
                x
            }
            (Some(_), Some(&y)) | (None, Some(&y)) => {
                j += 1;
                y
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (None, None) => break,
        };
        out.push(next);
    }
    out
}

impl CountSet for Sketch {
    fn insert(&mut self, x: u32) {
        self.0 = merge_bottom(&self.0, &[mix(x)], SKETCH_K);
    }
    fn union(&mut self, other: &Self) {
        self.0 = merge_bottom(&self.0, &other.0, SKETCH_K);
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
pub fn blast_radius(arch: &Architecture, g: &DepGraph) -> Vec<BlastRadius> {
    let n = g.len();
    if n <= EXACT_LIMIT {
        let empty = Bits(vec![0; n.div_ceil(64)]);
        compute(arch, g, &empty)
    } else {
        compute(arch, g, &Sketch::default())
    }
}

/// Ranks of components in id order, so that the smallest ranks are the smallest ids.
fn id_ranks(arch: &Architecture) -> (Vec<u32>, Vec<CompIdx>) {
    let mut by_id: Vec<CompIdx> = (0..arch.components.len()).collect();
    by_id.sort_unstable_by(|&a, &b| arch.components[a].id.cmp(&arch.components[b].id));
    let mut rank = vec![0u32; by_id.len()];
    for (r, &c) in by_id.iter().enumerate() {
        rank[c] = r as u32;
    }
    (rank, by_id)
}

fn merge_sorted<T: Ord + Copy>(a: &[T], b: &[T], cap: usize) -> Vec<T> {
    let mut out: Vec<T> = a.iter().chain(b).copied().collect();
    out.sort_unstable();
    out.dedup();
    out.truncate(cap);
    out
}

struct Closure<S> {
    all: S,
    entries: S,
    /// Smallest ranks, one more than the sample so that the component itself can be dropped.
    sample: Vec<u32>,
    cells: Vec<u32>,
}

fn compute<S: CountSet>(arch: &Architecture, g: &DepGraph, empty: &S) -> Vec<BlastRadius> {
    let (rank, by_id) = id_ranks(arch);
    let mut cell_names: Vec<&str> = arch
        .components
        .iter()
        .filter_map(|c| c.cell.as_deref())
        .collect();
    cell_names.sort_unstable();
    cell_names.dedup();
    let cell_of: Vec<Option<u32>> = arch
        .components
        .iter()
        .map(|c| {
            c.cell
                .as_deref()
                .and_then(|name| cell_names.binary_search(&name).ok())
                .map(|i| i as u32)
        })
        .collect();

    // closure(S) = members of S and everything that depends on S, walked from the
    // dependents down (reverse of the dependency order). `outside_cells` keeps the cells of
    // the dependents outside S, so that a member's own cell counts only when another
    // component brings it.
    let mut closures: Vec<Option<Closure<S>>> = (0..g.sccs.len()).map(|_| None).collect();
    let mut outside_cells: Vec<Vec<u32>> = vec![Vec::new(); g.sccs.len()];
    for k in (0..g.sccs.len()).rev() {
        let members = &g.sccs[k];
        let mut cl = Closure {
            all: empty.clone(),
            entries: empty.clone(),
            sample: Vec::new(),
            cells: Vec::new(),
        };
        for &m in members {
            for p in g.critical_dependents(m) {
                let kp = g.scc_of[p] as usize;
                if kp == k {
                    continue;
                }
                if let Some(other) = &closures[kp] {
                    cl.all.union(&other.all);
                    cl.entries.union(&other.entries);
                    cl.sample = merge_sorted(&cl.sample, &other.sample, SAMPLE + 1);
                    cl.cells = merge_sorted(&cl.cells, &other.cells, usize::MAX);
                }
            }
        }
        outside_cells[k] = cl.cells.clone();
        for &m in members {
            cl.all.insert(rank[m]);
            if g.is_entry[m] {
                cl.entries.insert(rank[m]);
            }
            cl.sample = merge_sorted(&cl.sample, &[rank[m]], SAMPLE + 1);
            if let Some(cell) = cell_of[m] {
                cl.cells = merge_sorted(&cl.cells, &[cell], usize::MAX);
            }
        }
        closures[k] = Some(cl);
    }

    (0..g.len())
        .map(|c| {
            let k = g.scc_of[c] as usize;
            let Some(cl) = &closures[k] else {
                return BlastRadius {
                    components: 0,
                    entry_points: 0,
                    sample: vec![],
                    cells: vec![],
                    estimated: false,
                };
            };
            let (all, est_all) = cl.all.count();
            let (entries, est_entries) = cl.entries.count();
            let mut cells = outside_cells[k].clone();
            for &m in &g.sccs[k] {
                if let Some(cell) = cell_of[m].filter(|_| m != c) {
                    cells = merge_sorted(&cells, &[cell], usize::MAX);
                }
            }
            BlastRadius {
                components: all.saturating_sub(1),
                entry_points: entries.saturating_sub(u64::from(g.is_entry[c])),
                sample: cl
                    .sample
                    .iter()
                    .filter(|&&r| r != rank[c])
                    .take(SAMPLE)
                    .map(|&r| by_id[r as usize])
                    .collect(),
                cells: cells
                    .iter()
                    .map(|&cell| cell_names[cell as usize].to_string())
                    .collect(),
                estimated: est_all || est_entries,
            }
        })
        .collect()
}
