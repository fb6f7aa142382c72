//! Composite availability (docs/score.md): an entry point serves only while everything it reaches
//! through critical edges serves, so its availability is the product of theirs, each component
//! counted once (a diamond's shared node is multiplied in once, not once per path). Each
//! component's own figure is the declared `availability`, else a default by kind and
//! redundancy from the assumption table; the defaults already include the component's own
//! redundancy.
//!
//! Exact is a traversal per entry point: the sum of the reached sets' sizes, which on a large,
//! densely shared graph is quadratic. So the traversals share a work budget (`WORK_BUDGET`
//! nodes and edges visited, some tens of milliseconds), handed out in rounds: each pending
//! entry point may spend an equal share of what is left, and one that finishes leaves the
//! rest to the others. Entry points whose traversal does not fit get an estimate from one
//! pass over the condensation (linear in edges × `SKETCH_K`) with a weighted bottom-k sketch
//! of what each component reaches, flagged `estimated`:
//!
//! - every component `i` has the weight `w = -ln(availability)`, so that the availability of a
//!   set is `exp(-Σ w)`, and a rank `E_i / w_i`, `E_i` an exponential variate derived from a
//!   hash of `i` (deterministic): the smaller the availability, the likelier it is sampled;
//! - a sketch keeps the `SKETCH_K` smallest ranks of a set; sketches merge by keeping the
//!   smallest of both, so a component's sketch is the merge of its dependencies' and its own;
//! - with fewer than `SKETCH_K` members the sketch holds the whole set and the result is
//!   exact; above, `Σ w` is the rank-conditioned Horvitz–Thompson sum `Σ w_i / (1 - exp(-w_i
//!   τ))` over all but the largest kept rank `τ`, which is unbiased, with a relative error of
//!   about `1/sqrt(SKETCH_K - 2)` (13%) on the *unavailability* (99.90% may read 99.887% to
//!   99.913%); the count of components comes from the same sum with weights of 1.
//!
//! The components that cost the most availability (the lowest figures reached) are always
//! exact: the `WEAKEST` lowest of a union are among the `WEAKEST` lowest of its parts.

use std::time::Duration;

use crate::estimate::Assumptions;
use crate::graph::DepGraph;
use crate::graph::sketch::{merge_into, mix};
use crate::model::{Architecture, CompIdx, Component, Kind, Strategy};

/// Nodes and edges the exact traversals may visit in all.
pub const WORK_BUDGET: u64 = 5_000_000;
/// How many of the weakest reached components are reported per entry point.
pub const WEAKEST: usize = 5;
/// Ranks kept per sketch.
const SKETCH_K: usize = 64;
/// Seconds in a (365-day) year.
pub const YEAR_SECS: f64 = 365.0 * 86_400.0;

/// The composite availability of one entry point.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryAvailability {
    pub entry: CompIdx,
    /// A fraction in [0, 1].
    pub availability: f64,
    /// How many components were multiplied in, itself included.
    pub components: u64,
    /// The reached components with the lowest availability, lowest first (ties by id).
    pub weakest: Vec<CompIdx>,
    /// `availability` and `components` come from the sketch (the exact traversal did not fit
    /// the work budget).
    pub estimated: bool,
}

impl EntryAvailability {
    pub fn percent(&self) -> f64 {
        self.availability * 100.0
    }

    pub fn downtime_per_year(&self) -> Duration {
        downtime_per_year(self.availability)
    }
}

/// Expected downtime in a 365-day year at `availability` (a fraction), in whole seconds
/// rounded up (a hair of float noise is not a second).
pub fn downtime_per_year(availability: f64) -> Duration {
    let secs = ((1.0 - availability.clamp(0.0, 1.0)) * YEAR_SECS - 1e-6).ceil();
    Duration::from_secs(secs.max(0.0) as u64)
}

/// Every component's own availability and every entry point's composite one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Availability {
    /// Own availability per component, in percent.
    pub own: Vec<f64>,
    /// One per entry point, in id order.
    pub entries: Vec<EntryAvailability>,
}

impl Availability {
    /// The composite availability of an entry point.
    pub fn of_entry(&self, g: &DepGraph, entry: CompIdx) -> Option<&EntryAvailability> {
        let rank = g.id_rank[entry];
        self.entries
            .binary_search_by_key(&rank, |e| g.id_rank[e.entry])
            .ok()
            .map(|i| &self.entries[i])
    }
}

/// A component's own availability in percent: declared, else by kind and redundancy.
pub fn own(c: &Component, a: &Assumptions) -> f64 {
    let percent = match c.availability {
        Some(declared) => declared,
        None if c.kind == Kind::External => a.availability_external,
        None if c.deployment.region_strategy == Strategy::ActiveActive
            || c.scope == crate::model::Scope::Global =>
        {
            a.availability_multi_region
        }
        None if c.deployment.instances <= 1 => a.availability_single_instance,
        None if c.effective_zones() <= 1 => a.availability_single_zone,
        None => a.availability_multi_zone,
    };
    percent.clamp(0.0, 100.0)
}

/// Computes the composite availability of every entry point.
pub fn composite(arch: &Architecture, g: &DepGraph, a: &Assumptions) -> Availability {
    let own: Vec<f64> = arch.components.iter().map(|c| own(c, a)).collect();
    let mut entries: Vec<CompIdx> = g.entries.clone();
    entries.sort_unstable_by_key(|&e| g.id_rank[e]);

    let weak = Weakness {
        own: &own,
        rank: &g.id_rank,
    };
    let mut results: Vec<Option<EntryAvailability>> = vec![None; entries.len()];
    let mut walker = Walker {
        g,
        weak: &weak,
        seen: vec![0; g.len()],
        epoch: 0,
        stack: Vec::new(),
    };
    // Rounds: each pending entry may spend an equal share of what is left; one that finishes
    // returns the rest of its share to the next round.
    let mut pending: Vec<usize> = (0..entries.len()).collect();
    let mut budget = WORK_BUDGET;
    while !pending.is_empty() && budget >= pending.len() as u64 {
        let cap = budget / pending.len() as u64;
        let before = pending.len();
        pending.retain(|&k| {
            let (result, work) = walker.exact(entries[k], cap);
            budget = budget.saturating_sub(work);
            match result {
                Some(r) => {
                    results[k] = Some(r);
                    false
                }
                None => true,
            }
        });
        if pending.len() == before {
            break;
        }
    }
    if !pending.is_empty() {
        let wanted: Vec<CompIdx> = pending.iter().map(|&k| entries[k]).collect();
        for r in sketched(g, &weak, &wanted) {
            let k = entries
                .binary_search_by_key(&g.id_rank[r.entry], |&e| g.id_rank[e])
                .unwrap_or_default();
            results[k] = Some(r);
        }
    }
    Availability {
        entries: results.into_iter().flatten().collect(),
        own,
    }
}

/// Orders components from the lowest availability up, ties by id.
struct Weakness<'a> {
    own: &'a [f64],
    rank: &'a [u32],
}

impl Weakness<'_> {
    fn key(&self, c: CompIdx) -> (f64, u32) {
        (self.own[c], self.rank[c])
    }

    fn less(&self, a: CompIdx, b: CompIdx) -> bool {
        let (ka, kb) = (self.key(a), self.key(b));
        ka.0.total_cmp(&kb.0).then(ka.1.cmp(&kb.1)).is_lt()
    }

    /// Inserts `c` into `list` (sorted, at most `WEAKEST`, distinct).
    fn insert(&self, list: &mut Vec<CompIdx>, c: CompIdx) {
        let full_and_stronger =
            list.len() >= WEAKEST && list.last().is_some_and(|&w| self.less(w, c));
        if full_and_stronger || list.contains(&c) {
            return;
        }
        let at = list.partition_point(|&x| self.less(x, c));
        if at < WEAKEST {
            list.insert(at, c);
            list.truncate(WEAKEST);
        }
    }
}

/// Exact traversals, sharing one visited array (stamped per traversal).
struct Walker<'a> {
    g: &'a DepGraph,
    weak: &'a Weakness<'a>,
    seen: Vec<u32>,
    epoch: u32,
    stack: Vec<CompIdx>,
}

impl Walker<'_> {
    /// The availability of everything `entry` reaches through critical edges, or `None`
    /// when that takes more than `cap` steps; with the steps taken.
    fn exact(&mut self, entry: CompIdx, cap: u64) -> (Option<EntryAvailability>, u64) {
        self.epoch += 1;
        let epoch = self.epoch;
        let own = self.weak.own;
        self.stack.clear();
        self.stack.push(entry);
        self.seen[entry] = epoch;
        let (mut product, mut count, mut work) = (1.0f64, 0u64, 0u64);
        let mut weakest = Vec::with_capacity(WEAKEST + 1);
        while let Some(c) = self.stack.pop() {
            product *= own[c] / 100.0;
            count += 1;
            work += 1;
            self.weak.insert(&mut weakest, c);
            let edges = self.g.crit_out.of(c);
            // Counted before walking them: one hub's edges alone may exceed the share. (A
            // slice's iterator knows its length exactly.)
            work += edges.size_hint().0 as u64;
            if work > cap {
                return (None, work);
            }
            for x in edges {
                if self.seen[x] != epoch {
                    self.seen[x] = epoch;
                    self.stack.push(x);
                }
            }
        }
        let result = EntryAvailability {
            entry,
            availability: product,
            components: count,
            weakest,
            estimated: false,
        };
        (Some(result), work)
    }
}

/// A component's weight: `-ln(availability)`, so that weights add where availabilities
/// multiply (0 for a perfectly available one).
fn weight(percent: f64) -> f64 {
    let w = -(percent / 100.0).ln();
    if w > 0.0 { w } else { 0.0 }
}

/// A component's rank in the sketch, `E / w`; `None` for a weight of 0 (it changes no
/// product).
fn rank(c: CompIdx, w: f64) -> Option<f64> {
    if w <= 0.0 {
        return None;
    }
    // A uniform variate in (0, 1] from the top 53 bits of a bijective hash of the index.
    let u = ((mix(c as u64) >> 11) + 1) as f64 / (1u64 << 53) as f64;
    Some(-u.ln() / w)
}

/// A sketch entry: the rank's `f32` bits above the component's index, so that entries order
/// by rank (then index) as plain integers, and a sketch is half the size.
fn entry(rank: f64, c: CompIdx) -> u64 {
    (u64::from((rank as f32).to_bits()) << 32) | (c as u64 & 0xFFFF_FFFF)
}

fn rank_of(e: u64) -> f64 {
    f64::from(f32::from_bits((e >> 32) as u32))
}

fn component_of(e: u64) -> CompIdx {
    (e & 0xFFFF_FFFF) as CompIdx
}

/// The `SKETCH_K` smallest ranks of a set, with its weakest members.
#[derive(Clone, Default)]
struct Sketch {
    /// Entries (`entry`), ascending.
    ranks: Vec<u64>,
    weakest: Vec<CompIdx>,
}

impl Sketch {
    /// `(availability, components, estimated)`.
    fn estimate(&self, weights: &[f64]) -> (f64, u64, bool) {
        let weight = |e: u64| weights[component_of(e)];
        if self.ranks.len() < SKETCH_K {
            let sum: f64 = self.ranks.iter().map(|&e| weight(e)).sum();
            return ((-sum).exp(), self.ranks.len() as u64, false);
        }
        let tau = rank_of(self.ranks[SKETCH_K - 1]);
        let (mut sum, mut count) = (0.0f64, 0.0f64);
        for &e in &self.ranks[..SKETCH_K - 1] {
            let w = weight(e);
            let p = -(-w * tau).exp_m1();
            if p > 0.0 {
                sum += w / p;
                count += 1.0 / p;
            }
        }
        ((-sum).exp(), count.round() as u64, true)
    }
}

/// Estimates for `wanted` entry points: one pass over the strongly connected components they
/// reach, dependencies first, freeing each sketch once every dependent has read it.
fn sketched(g: &DepGraph, weak: &Weakness, wanted: &[CompIdx]) -> Vec<EntryAvailability> {
    let nscc = g.sccs.len();
    let scc = |c: CompIdx| g.scc_of[c] as usize;
    // What the wanted entry points reach.
    let mut needed = vec![false; nscc];
    let mut stack: Vec<CompIdx> = Vec::new();
    for &e in wanted {
        if !needed[scc(e)] {
            needed[scc(e)] = true;
            stack.extend(&g.sccs[scc(e)]);
        }
    }
    while let Some(c) = stack.pop() {
        for x in g.crit_out.of(c) {
            if !needed[scc(x)] {
                needed[scc(x)] = true;
                stack.extend(&g.sccs[scc(x)]);
            }
        }
    }
    let mut wants = vec![false; g.len()];
    for &e in wanted {
        wants[e] = true;
    }
    let weights: Vec<f64> = weak.own.iter().map(|&p| weight(p)).collect();
    let mut readers = vec![0u32; nscc];
    for (k, members) in g.sccs.iter().enumerate() {
        if needed[k] {
            for &m in members {
                for x in g.crit_out.of(m).filter(|&x| scc(x) != k) {
                    readers[scc(x)] += 1;
                }
            }
        }
    }

    let mut out = Vec::with_capacity(wanted.len());
    let (mut ranks, mut scratch) = (Vec::new(), Vec::new());
    let mut sketches: Vec<Option<Sketch>> = vec![None; nscc];
    for (k, members) in g.sccs.iter().enumerate() {
        if !needed[k] {
            continue;
        }
        ranks.clear();
        let mut weakest = Vec::with_capacity(WEAKEST + 1);
        for &m in members {
            if let Some(rank) = rank(m, weights[m]) {
                ranks.push(entry(rank, m));
            }
            weak.insert(&mut weakest, m);
        }
        ranks.sort_unstable();
        ranks.truncate(SKETCH_K);
        for &m in members {
            for x in g.crit_out.of(m) {
                let kx = scc(x);
                if kx == k {
                    continue;
                }
                if let Some(other) = &sketches[kx] {
                    merge_into(&mut ranks, &other.ranks, SKETCH_K, &mut scratch);
                    for &c in &other.weakest {
                        weak.insert(&mut weakest, c);
                    }
                }
                readers[kx] -= 1;
                if readers[kx] == 0 {
                    sketches[kx] = None;
                }
            }
        }
        let sk = Sketch {
            ranks: ranks.clone(),
            weakest,
        };
        for &m in members.iter().filter(|&&m| wants[m]) {
            let (availability, components, estimated) = sk.estimate(&weights);
            out.push(EntryAvailability {
                entry: m,
                availability,
                components,
                weakest: sk.weakest.clone(),
                estimated,
            });
        }
        if readers[k] > 0 {
            sketches[k] = Some(sk);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{self, LoadOptions};

    fn arch(json: &str) -> Architecture {
        input::load(json.as_bytes(), "t.json", &LoadOptions::default()).expect("valid")
    }

    #[test]
    fn defaults_follow_kind_and_redundancy() {
        let a = Assumptions::default();
        let arch = arch(
            r#"{"name": "t", "regions": {"secondary": "us-west-2"}, "components": [
              {"id": "one", "kind": "compute"},
              {"id": "two", "kind": "compute", "deployment": {"instances": 2}},
              {"id": "zones", "kind": "compute", "deployment": {"instances": 2, "zones": 2}},
              {"id": "zonal", "kind": "database", "scope": "zonal", "deployment": {"instances": 2, "zones": 2}},
              {"id": "aa", "kind": "compute", "deployment": {"region_strategy": "active-active"}},
              {"id": "ext", "kind": "external"},
              {"id": "declared", "kind": "compute", "availability": 99.0}
            ]}"#,
        );
        let got: Vec<f64> = arch.components.iter().map(|c| own(c, &a)).collect();
        assert_eq!(got, [99.5, 99.9, 99.95, 99.9, 99.99, 99.9, 99.0]);
    }

    #[test]
    fn downtime_rounds_float_noise_down_and_real_seconds_up() {
        assert_eq!(downtime_per_year(0.999), Duration::from_secs(31_536));
        assert_eq!(downtime_per_year(1.0), Duration::ZERO);
        assert_eq!(downtime_per_year(0.0), Duration::from_secs(31_536_000));
    }

    /// A chain of `n` components, each reaching all below it, with several entry points on
    /// top: the sketch must agree with the exact product.
    #[test]
    fn the_sketch_is_exact_on_small_sets_and_close_on_large_ones() {
        let a = Assumptions::default();
        for n in [50usize, 3000] {
            let mut comps = Vec::new();
            for i in 0..n {
                let deps = if i + 1 < n {
                    format!(r#"["c{}"]"#, i + 1)
                } else {
                    "[]".into()
                };
                let inst = 1 + i % 3;
                comps.push(format!(
                    r#"{{"id": "c{i}", "kind": "compute", "deployment": {{"instances": {inst}, "zones": {}}}, "depends_on": {deps}}}"#,
                    1 + (i % 2).min(inst - 1)
                ));
            }
            let arch = arch(&format!(
                r#"{{"name": "chain", "components": [{}]}}"#,
                comps.join(",")
            ));
            let g = DepGraph::build(&arch);
            let own: Vec<f64> = arch.components.iter().map(|c| own(c, &a)).collect();
            let weak = Weakness {
                own: &own,
                rank: &g.id_rank,
            };
            let exact: f64 = own.iter().map(|p| p / 100.0).product();
            let est = &sketched(&g, &weak, &[0])[0];
            let unavail = |x: f64| 1.0 - x;
            let err = (unavail(est.availability) - unavail(exact)).abs() / unavail(exact);
            if n < SKETCH_K {
                assert!(!est.estimated);
                assert!(err < 1e-9, "{err}");
                assert_eq!(est.components, n as u64);
            } else {
                assert!(est.estimated);
                assert!(err < 0.3, "relative error {err} on the unavailability");
                let count_err = (est.components as f64 - n as f64).abs() / n as f64;
                assert!(count_err < 0.3, "count {}", est.components);
            }
            // The weakest are exact: single instances (99.5%), smallest ids first.
            assert_eq!(est.weakest.len(), WEAKEST);
            assert!(est.weakest.iter().all(|&c| own[c] == 99.5));
        }
    }

    /// On a random DAG with shared dependencies, the sketch agrees with the exact traversal
    /// (on average within a few percent of the unavailability), and the weakest lists are equal.
    #[test]
    fn the_sketch_agrees_with_exact_traversals_on_a_shared_dag() {
        let a = Assumptions::default();
        let n = 1500usize;
        let mut state = 7u64;
        let mut next = |m: usize| {
            state = mix(state);
            (state % m as u64) as usize
        };
        let mut comps = Vec::new();
        for i in 0..n {
            let deps: Vec<String> = (0..3)
                .filter(|_| i + 1 < n)
                .map(|_| format!(r#""c{}""#, i + 1 + next(n - i - 1)))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let inst = 1 + next(3);
            comps.push(format!(
                r#"{{"id": "c{i}", "kind": "compute", "deployment": {{"instances": {inst}, "zones": {}}}, "depends_on": [{}]}}"#,
                1 + next(inst),
                deps.join(",")
            ));
        }
        let arch = arch(&format!(
            r#"{{"name": "dag", "components": [{}]}}"#,
            comps.join(",")
        ));
        let g = DepGraph::build(&arch);
        let own: Vec<f64> = arch.components.iter().map(|c| own(c, &a)).collect();
        let weak = Weakness {
            own: &own,
            rank: &g.id_rank,
        };
        let wanted: Vec<CompIdx> = (0..40).collect();
        let sketches = sketched(&g, &weak, &wanted);
        let mut walker = Walker {
            g: &g,
            weak: &weak,
            seen: vec![0; g.len()],
            epoch: 0,
            stack: Vec::new(),
        };
        let mut total_err = 0.0;
        for s in &sketches {
            let (exact, _) = walker.exact(s.entry, u64::MAX);
            let exact = exact.expect("no cap");
            assert_eq!(s.weakest, exact.weakest);
            let err = ((1.0 - s.availability) - (1.0 - exact.availability)).abs()
                / (1.0 - exact.availability);
            assert!(err < 0.35, "entry {}: relative error {err}", s.entry);
            total_err += err;
        }
        assert_eq!(sketches.len(), wanted.len());
        assert!(sketches.iter().filter(|s| s.estimated).count() > 30);
        assert!(total_err / (wanted.len() as f64) < 0.1, "{total_err}");
    }
}
