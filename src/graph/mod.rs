//! The dependency graph (petgraph), built once: entry points, strongly connected components
//! over critical edges (in dependency order), reachability from the entry points, blast
//! radius, and the folds the assessment and the rules run over it. Node `i` is component `i`;
//! ids stay outside. Every pass is linear in components and edges.

pub mod blast;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{EdgeFiltered, EdgeRef};

use crate::model::{Architecture, CompIdx};

/// What an edge carries: whether it is critical, and which `depends_on` entry it came from.
#[derive(Debug, Clone, Copy)]
pub struct Dep {
    pub critical: bool,
    pub edge: u32,
}

/// Adjacency lists in one flat array (compressed sparse rows): the hot passes walk these
/// instead of petgraph's linked edge lists.
#[derive(Debug, Default)]
pub struct Csr {
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

impl Csr {
    fn build(n: usize, edges: impl Iterator<Item = (usize, usize)> + Clone) -> Csr {
        let mut offsets = vec![0u32; n + 1];
        for (from, _) in edges.clone() {
            offsets[from + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0u32; offsets[n] as usize];
        for (from, to) in edges {
            targets[fill[from] as usize] = to as u32;
            fill[from] += 1;
        }
        Csr { offsets, targets }
    }

    pub fn of(&self, c: CompIdx) -> impl Iterator<Item = CompIdx> + '_ {
        self.targets[self.offsets[c] as usize..self.offsets[c + 1] as usize]
            .iter()
            .map(|&t| t as usize)
    }
}

/// The graph and what every later stage needs from its structure.
pub struct DepGraph {
    pub graph: DiGraph<(), Dep, u32>,
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

impl DepGraph {
    pub fn build(arch: &Architecture) -> DepGraph {
        let n = arch.components.len();
        let edge_count = arch.components.iter().map(|c| c.depends_on.len()).sum();
        let mut graph = DiGraph::with_capacity(n, edge_count);
        for _ in 0..n {
            graph.add_node(());
        }
        for (i, c) in arch.components.iter().enumerate() {
            for (k, e) in c.depends_on.iter().enumerate() {
                graph.add_edge(
                    node(i),
                    node(e.to),
                    Dep {
                        critical: e.critical,
                        edge: k as u32,
                    },
                );
            }
        }

        let critical = EdgeFiltered::from_fn(&graph, |e| e.weight().critical);
        let sccs: Vec<Vec<CompIdx>> = petgraph::algo::tarjan_scc(&critical)
            .into_iter()
            .map(|mut s| {
                let mut members: Vec<CompIdx> = s.drain(..).map(|n| n.index()).collect();
                members.sort_unstable();
                members
            })
            .collect();
        let mut scc_of = vec![0u32; n];
        for (k, s) in sccs.iter().enumerate() {
            for &m in s {
                scc_of[m] = k as u32;
            }
        }

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
            for s in petgraph::algo::tarjan_scc(&graph) {
                let members: Vec<usize> = s.iter().map(|n| n.index()).collect();
                let fed_from_outside = members.iter().any(|&m| {
                    graph
                        .neighbors_directed(node(m), Direction::Incoming)
                        .any(|p| !members.contains(&p.index()))
                });
                if !fed_from_outside {
                    for m in members {
                        is_entry[m] = arch.components[m].entry != Some(false);
                    }
                }
            }
        }
        let entries: Vec<CompIdx> = (0..n).filter(|&i| is_entry[i]).collect();

        let mut by_id: Vec<CompIdx> = (0..n).collect();
        by_id.sort_unstable_by(|&a, &b| arch.components[a].id.cmp(&arch.components[b].id));
        let mut id_rank = vec![0u32; n];
        for (r, &c) in by_id.iter().enumerate() {
            id_rank[c] = r as u32;
        }
        let critical_edges = arch.components.iter().enumerate().flat_map(|(i, c)| {
            c.depends_on
                .iter()
                .filter(|e| e.critical)
                .map(move |e| (i, e.to))
        });
        let crit_out = Csr::build(n, critical_edges.clone());
        let crit_in = Csr::build(n, critical_edges.map(|(a, b)| (b, a)));
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
        g.reached = g.reach(true);
        g.reached_any = g.reach(false);
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
        self.graph
            .edges(node(c))
            .filter(|e| e.weight().critical)
            .map(|e| e.target().index())
    }

    /// Non-critical dependencies of `c`, with the index of the `depends_on` entry.
    pub fn soft_deps(&self, c: CompIdx) -> impl Iterator<Item = (CompIdx, usize)> + '_ {
        self.graph
            .edges(node(c))
            .filter(|e| !e.weight().critical)
            .map(|e| (e.target().index(), e.weight().edge as usize))
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
                if (!critical_only || e.weight().critical) && !seen[to] {
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
