//! The dependency graph (petgraph), built once: entry points, strongly connected components
//! over critical edges (in dependency order), reachability from the entry points, blast
//! radius, and the folds the assessment and the rules run over it. Node `i` is component `i`;
//! ids stay outside. Every pass is linear in components and edges.

pub mod blast;
pub mod sketch;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::lists::Lists;
use crate::model::{Architecture, CompIdx};

/// Adjacency lists in one flat array: the hot passes walk these instead of petgraph's linked
/// edge lists.
#[derive(Debug, Default)]
pub struct Csr(Lists<u32>);

impl Csr {
    fn build(n: usize, edges: impl Iterator<Item = (usize, usize)> + Clone) -> Csr {
        Csr(Lists::of(n, || {
            edges.clone().map(|(from, to)| (from, to as u32))
        }))
    }

    pub fn of(&self, c: CompIdx) -> impl Iterator<Item = CompIdx> + '_ {
        self.0[c].iter().map(|&t| t as usize)
    }
}

/// Strongly connected components (Tarjan's algorithm with an explicit stack: a chain of
/// 100,000 dependencies must not overflow the call stack), each sorted, in reverse
/// topological order: for an edge `a -> b`, `b`'s component comes first.
pub fn strongly_connected(adj: &Csr) -> Vec<Vec<CompIdx>> {
    const UNSEEN: u32 = u32::MAX;
    let n = adj.0.places();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut calls: Vec<(u32, u32)> = Vec::new();
    let mut next_index = 0u32;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root as u32);
        on_stack[root] = true;
        calls.push((root as u32, adj.0.start(root)));
        while let Some(&mut (v, ref mut pos)) = calls.last_mut() {
            let v = v as usize;
            if *pos < adj.0.start(v + 1) {
                let w = adj.0.items()[*pos as usize] as usize;
                *pos += 1;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w as u32);
                    on_stack[w] = true;
                    calls.push((w as u32, adj.0.start(w)));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                low[u as usize] = low[u as usize].min(low[v]);
            }
            if low[v] == index[v] {
                let mut members = Vec::new();
                while let Some(m) = stack.pop() {
                    on_stack[m as usize] = false;
                    members.push(m as usize);
                    if m as usize == v {
                        break;
                    }
                }
                members.sort_unstable();
                out.push(members);
            }
        }
    }
    out
}

fn component_of(n: usize, sccs: &[Vec<CompIdx>]) -> Vec<u32> {
    let mut of = vec![0u32; n];
    for (k, s) in sccs.iter().enumerate() {
        for &m in s {
            of[m] = k as u32;
        }
    }
    of
}

/// The graph and what every later stage needs from its structure.
pub struct DepGraph {
    /// Every edge, weighted by whether it is critical.
    pub graph: DiGraph<(), bool, u32>,
    pub entries: Vec<CompIdx>,
    pub is_entry: Vec<bool>,
    /// Strongly connected components over critical edges, dependencies before dependents.
    pub sccs: Vec<Vec<CompIdx>>,
    pub scc_of: Vec<u32>,
    /// Reached from an entry point through critical edges (an entry point reaches itself).
    pub reached: Vec<bool>,
    /// Reached from an entry point through any edge.
    pub reached_any: Vec<bool>,
    /// Critical dependencies and critical dependents of each component.
    pub crit_out: Csr,
    pub crit_in: Csr,
    /// Each component's position in id order: comparing ranks compares ids.
    pub id_rank: Vec<u32>,
    /// Components in id order.
    pub by_id: Vec<CompIdx>,
}

fn node(c: CompIdx) -> NodeIndex<u32> {
    NodeIndex::new(c)
}

/// Every edge; the weight says whether it is critical.
fn all_edges(arch: &Architecture) -> DiGraph<(), bool> {
    let n = arch.components.len();
    let edge_count = arch.components.iter().map(|c| c.depends_on.len()).sum();
    let mut graph = DiGraph::with_capacity(n, edge_count);
    for _ in 0..n {
        graph.add_node(());
    }
    for (i, c) in arch.components.iter().enumerate() {
        for e in &c.depends_on {
            graph.add_edge(node(i), node(e.to), e.critical);
        }
    }
    graph
}

/// The critical edges both ways, their strongly connected components and each component's.
fn critical(arch: &Architecture) -> (Csr, Csr, Vec<Vec<CompIdx>>, Vec<u32>) {
    let n = arch.components.len();
    let critical_edges = arch.components.iter().enumerate().flat_map(|(i, c)| {
        c.depends_on
            .iter()
            .filter(|e| e.critical)
            .map(move |e| (i, e.to))
    });
    let crit_out = Csr::build(n, critical_edges.clone());
    let crit_in = Csr::build(n, critical_edges.map(|(a, b)| (b, a)));
    let sccs = strongly_connected(&crit_out);
    let scc_of = component_of(n, &sccs);
    (crit_out, crit_in, sccs, scc_of)
}

/// The components sorted by id, and each one's place in that order.
fn id_order(arch: &Architecture) -> (Vec<CompIdx>, Vec<u32>) {
    let n = arch.components.len();
    let by_id = crate::model::id_order(n, |c| arch.components[c].id.as_str());
    let mut id_rank = vec![0u32; n];
    for (r, &c) in by_id.iter().enumerate() {
        id_rank[c] = r as u32;
    }
    (by_id, id_rank)
}

impl DepGraph {
    pub fn build(arch: &Architecture) -> DepGraph {
        let n = arch.components.len();
        // Three independent parts, built in parallel: the graph of all edges, the critical
        // edges with their strongly connected components, and the order of the ids.
        let ((graph, (crit_out, crit_in, sccs, scc_of)), (by_id, id_rank)) = rayon::join(
            || rayon::join(|| all_edges(arch), || critical(arch)),
            || id_order(arch),
        );

        let mut is_entry: Vec<bool> = (0..n)
            .map(|i| {
                arch.components[i].entry.unwrap_or_else(|| {
                    graph
                        .neighbors_directed(node(i), Direction::Incoming)
                        .next()
                        .is_none()
                })
            })
            .collect();
        if !is_entry.iter().any(|&e| e) {
            // Everything is depended on (a cycle at the top): the members of the top-level
            // strongly connected components over all edges serve users.
            let all_edges = arch
                .components
                .iter()
                .enumerate()
                .flat_map(|(i, c)| c.depends_on.iter().map(move |e| (i, e.to)));
            let all = strongly_connected(&Csr::build(n, all_edges.clone()));
            let all_of = component_of(n, &all);
            let mut fed = vec![false; all.len()];
            for (from, to) in all_edges {
                if all_of[from] != all_of[to] {
                    fed[all_of[to] as usize] = true;
                }
            }
            for (k, members) in all.iter().enumerate() {
                if !fed[k] {
                    for &m in members {
                        is_entry[m] = arch.components[m].entry != Some(false);
                    }
                }
            }
        }
        let entries: Vec<CompIdx> = (0..n).filter(|&i| is_entry[i]).collect();
        let mut g = DepGraph {
            crit_out,
            crit_in,
            graph,
            entries,
            is_entry,
            sccs,
            scc_of,
            reached: Vec::new(),
            reached_any: Vec::new(),
            id_rank,
            by_id,
        };
        (g.reached, g.reached_any) = rayon::join(|| g.reach(true), || g.reach(false));
        g
    }

    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Critical dependencies of `c`.
    pub fn critical_deps(&self, c: CompIdx) -> impl Iterator<Item = CompIdx> + '_ {
        self.crit_out.of(c)
    }

    /// Non-critical dependencies of `c`.
    pub fn soft_deps(&self, c: CompIdx) -> impl Iterator<Item = CompIdx> + '_ {
        self.graph
            .edges(node(c))
            .filter(|e| !*e.weight())
            .map(|e| e.target().index())
    }

    /// Components that depend on `c` through critical edges.
    pub fn critical_dependents(&self, c: CompIdx) -> impl Iterator<Item = CompIdx> + '_ {
        self.crit_in.of(c)
    }

    fn reach(&self, critical_only: bool) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        let mut stack: Vec<CompIdx> = self.entries.clone();
        for &e in &self.entries {
            seen[e] = true;
        }
        while let Some(c) = stack.pop() {
            for e in self.graph.edges(node(c)) {
                let to = e.target().index();
                if (!critical_only || *e.weight()) && !seen[to] {
                    seen[to] = true;
                    stack.push(to);
                }
            }
        }
        seen
    }

    /// Strongly connected components with more than one member: cycles of critical edges.
    pub fn cycles(&self) -> impl Iterator<Item = &Vec<CompIdx>> {
        self.sccs.iter().filter(|s| s.len() > 1)
    }

    /// A shortest cycle of critical edges from `start` back to itself, inside its component
    /// (`[a, b, c]` for a → b → c → a).
    pub fn cycle_through(&self, start: CompIdx) -> Vec<CompIdx> {
        let scc = self.scc_of[start];
        let mut parent: std::collections::HashMap<CompIdx, CompIdx> =
            std::collections::HashMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(c) = queue.pop_front() {
            let mut next: Vec<CompIdx> = self
                .critical_deps(c)
                .filter(|&x| self.scc_of[x] == scc)
                .collect();
            next.sort_unstable();
            for x in next {
                if x == start {
                    let mut path = vec![c];
                    let mut at = c;
                    while at != start {
                        at = parent[&at];
                        path.push(at);
                    }
                    path.reverse();
                    return path;
                }
                if let std::collections::hash_map::Entry::Vacant(v) = parent.entry(x) {
                    v.insert(c);
                    queue.push_back(x);
                }
            }
        }
        vec![start]
    }

    /// For every component, `init` of everything it reaches through critical edges, itself
    /// included, merged with `merge`. One pass over the strongly connected components in
    /// dependency order; members of a cycle share one value.
    pub fn fold_reachable<T: Clone>(
        &self,
        init: impl Fn(CompIdx) -> T,
        merge: impl Fn(&mut T, &T),
    ) -> Vec<T> {
        let mut per_scc: Vec<Option<T>> = vec![None; self.sccs.len()];
        for (k, members) in self.sccs.iter().enumerate() {
            let mut acc = init(members[0]);
            for &m in &members[1..] {
                merge(&mut acc, &init(m));
            }
            for &m in members {
                for x in self.critical_deps(m) {
                    let kx = self.scc_of[x] as usize;
                    if kx != k
                        && let Some(v) = &per_scc[kx]
                    {
                        merge(&mut acc, v);
                    }
                }
            }
            per_scc[k] = Some(acc);
        }
        let mut out = Vec::with_capacity(self.len());
        for c in 0..self.len() {
            match &per_scc[self.scc_of[c] as usize] {
                Some(v) => out.push(v.clone()),
                None => out.push(init(c)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chain of 200,000 edges is one pass, not 200,000 nested calls.
    #[test]
    fn deep_chains_do_not_overflow_the_stack() {
        let n = 200_000;
        let csr = Csr::build(n, (0..n - 1).map(|i| (i, i + 1)));
        let sccs = strongly_connected(&csr);
        assert_eq!(sccs.len(), n);
        assert_eq!(sccs[0], vec![n - 1], "dependencies come first");
    }

    /// Same components, same order as petgraph's Tarjan on random graphs.
    #[test]
    fn agrees_with_petgraph() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..50 {
            let n = 2 + (next() % 30) as usize;
            let edges: Vec<(usize, usize)> = (0..n * 2)
                .map(|_| ((next() % n as u64) as usize, (next() % n as u64) as usize))
                .filter(|(a, b)| a != b)
                .collect();
            let mut g: DiGraph<(), ()> = DiGraph::new();
            for _ in 0..n {
                g.add_node(());
            }
            for &(a, b) in &edges {
                g.add_edge(node(a), node(b), ());
            }
            let mut theirs: Vec<Vec<usize>> = petgraph::algo::tarjan_scc(&g)
                .into_iter()
                .map(|s| {
                    let mut v: Vec<usize> = s.into_iter().map(|x| x.index()).collect();
                    v.sort_unstable();
                    v
                })
                .collect();
            let mut ours = strongly_connected(&Csr::build(n, edges.iter().copied()));
            // Both are reverse topological orders; compare as sets, then check the order.
            let of = component_of(n, &ours);
            for &(a, b) in &edges {
                assert!(
                    of[b] <= of[a],
                    "edge {a} -> {b}: dependency's component must come first"
                );
            }
            theirs.sort();
            ours.sort();
            assert_eq!(ours, theirs);
        }
    }
}
