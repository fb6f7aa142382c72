//! Over the graph (docs/model.md §2, §3): readiness per component and disruption in one
//! topological pass, the app's RTO and RPO with the critical path, what runs degraded, blast
//! radius, single points of failure, and compliance with the policy.

use crate::availability::{self, Availability};
use crate::estimate::drills::Drilled;
use crate::estimate::{self, Assumptions, Estimate, Eta, Measured};
use crate::graph::DepGraph;
use crate::graph::blast::{self, Blast};
use crate::model::{Architecture, CompIdx, Component, Disruption, PerDisruption, Target};
use crate::ops::{self, Operations};
use crate::options::Options;

pub mod score;
use rayon::prelude::*;
pub use score::Score;

/// Whether a target is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Met,
    Breached,
    Unassessed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Breached => "breached",
            Status::Unassessed => "unassessed",
        }
    }

    /// Compares an RTO/RPO pair with a target; no target is `unassessed`.
    pub fn of(target: Option<Target>, rto: Eta, rpo: Eta) -> Status {
        match target {
            None => Status::Unassessed,
            Some(t) if rto <= Eta::At(t.rto) && rpo <= Eta::At(t.rpo) => Status::Met,
            Some(_) => Status::Breached,
        }
    }
}

/// A component that serves degraded because a non-critical dependency is still down.
#[derive(Debug, Clone, PartialEq)]
pub struct Degraded {
    pub component: CompIdx,
    pub dependency: CompIdx,
    /// When the component itself is back.
    pub from: Eta,
    /// When the dependency is back (`Unrecoverable`: for good).
    pub until: Eta,
}

/// The app under one disruption.
#[derive(Debug, Clone, PartialEq)]
pub struct AppDisruption {
    pub status: Status,
    pub target: Option<Target>,
    pub rto: Eta,
    pub rpo: Eta,
    /// Entry point first, down to the component whose own RTO sets the app RTO.
    pub critical_path: Vec<CompIdx>,
    /// The stateful component whose data loss sets the app RPO.
    pub rpo_from: Option<CompIdx>,
    pub degraded: Vec<Degraded>,
}

/// A component under one disruption.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentDisruption {
    pub status: Status,
    /// When it can serve, its critical dependencies back.
    pub ready: Eta,
    /// When it starts its own recovery (its critical dependencies are back).
    pub start: Eta,
}

/// What the estimates and the graph give; the planner needs nothing more, so it can start
/// while the rest of the assessment (blast radius, operational recommendations, score) is
/// computed.
pub struct Core {
    pub graph: DepGraph,
    /// Own RTO and RPO per component and disruption.
    pub estimates: Vec<PerDisruption<(Eta, Eta)>>,
    /// What the estimates were computed with, to show their terms again.
    assumptions: Assumptions,
    /// What `drplan verify` measured, per component (empty: nothing measured).
    measured: Vec<Measured>,
    pub components: Vec<PerDisruption<ComponentDisruption>>,
    pub app: PerDisruption<AppDisruption>,
    /// The estimates a drill replaced, with the model's figures (docs/score.md), by component.
    pub drilled: Vec<Drilled>,
    /// Composite availability per entry point (docs/score.md).
    pub availability: Availability,
}

/// Everything computed about an architecture: the `Core` (shared with the planner, which
/// starts on it alone) and what needs the blast radius.
pub struct Assessment {
    pub core: std::sync::Arc<Core>,
    pub blast: Blast,
    pub spof: Vec<bool>,
    /// Alarms, SOPs and experiments to add (docs/score.md).
    pub ops: Operations,
    /// The resiliency score (docs/score.md).
    pub score: Score,
}

impl Assessment {
    /// Overall status: breached if any disruption is, met if any is met, else unassessed.
    pub fn overall(&self) -> Status {
        self.core.overall()
    }
}

impl Core {
    /// The component's own RTO under `d` (drills applied).
    pub fn own_rto(&self, c: CompIdx, d: Disruption) -> Eta {
        self.estimates[c][d].0
    }

    /// The component's own RPO under `d` (drills applied).
    pub fn own_rpo(&self, c: CompIdx, d: Disruption) -> Eta {
        self.estimates[c][d].1
    }

    /// The estimate with its terms, computed again from the component (the same pure
    /// function `assess` ran, so it matches `own_rto` and `own_rpo`).
    pub fn estimate(&self, arch: &Architecture, c: CompIdx, d: Disruption) -> Estimate {
        let mut all = self.estimates_of(arch, c);
        std::mem::replace(
            &mut all[d],
            Estimate::Unrecoverable(estimate::Unrecoverable::NoBackups),
        )
    }

    /// What `drplan verify` measured for `c` (nothing: the defaults).
    pub fn measured_of(&self, c: CompIdx) -> &Measured {
        self.measured.get(c).unwrap_or(Measured::none())
    }

    /// The four estimates of `c` with their terms, drills applied.
    pub fn estimates_of(&self, arch: &Architecture, c: CompIdx) -> estimate::Estimates {
        let comp = &arch.components[c];
        let measured = self.measured_of(c);
        let mut all = estimate::estimate(comp, &self.assumptions, measured);
        estimate::drills::apply_one(c, comp, &mut all);
        all
    }

    /// When a drill replaced the estimate of `c` under `d`: the drill and the model's estimate.
    pub fn drilled(&self, c: CompIdx, d: Disruption) -> Option<&Drilled> {
        self.drilled
            .binary_search_by_key(&(c, d), |x| (x.component, x.disruption))
            .ok()
            .map(|i| &self.drilled[i])
    }

    /// Overall status: breached if any disruption is, met if any is met, else unassessed.
    pub fn overall(&self) -> Status {
        let statuses: Vec<Status> = self.app.0.iter().map(|a| a.status).collect();
        if statuses.contains(&Status::Breached) {
            Status::Breached
        } else if statuses.contains(&Status::Met) {
            Status::Met
        } else {
            Status::Unassessed
        }
    }
}

/// A component's own RTO and RPO per disruption.
type Figures = PerDisruption<(Eta, Eta)>;

pub fn assess(arch: &Architecture, options: &Options) -> Assessment {
    let (graph, own) = rayon::join(|| DepGraph::build(arch), || own(arch, options));
    // The blast radius needs only the graph: it runs beside the timing.
    let (blast, core) = rayon::join(
        || blast::blast_radius(arch, &graph),
        || core_of(arch, options, &graph, own),
    );
    complete(arch, options, std::sync::Arc::new(core(graph)), blast)
}

/// The `Core` alone, for the planner to start on.
pub fn core(arch: &Architecture, options: &Options) -> Core {
    // The components' own estimates do not need the graph: they are made while it is built.
    let (graph, own) = rayon::join(|| DepGraph::build(arch), || own(arch, options));
    core_of(arch, options, &graph, own)(graph)
}

/// The rest of the assessment, given the core and the blast radius of its graph.
pub fn complete(
    arch: &Architecture,
    options: &Options,
    core: std::sync::Arc<Core>,
    blast: Blast,
) -> Assessment {
    let spof = (0..arch.components.len())
        .map(|c| core.graph.reached[c] && single_point(&arch.components[c]))
        .collect();
    let ops = ops::recommend(arch, &core.graph, &blast, options);
    let score = score::score(&core.app, &ops);
    Assessment {
        core,
        blast,
        spof,
        ops,
        score,
    }
}

/// What each component achieves on its own: the measured figures it was estimated with, its
/// own RTO and RPO per disruption, and the drills that replaced an estimate.
struct Own {
    measured: Vec<Measured>,
    estimates: Vec<Figures>,
    drilled: Vec<Drilled>,
}

fn own(arch: &Architecture, options: &Options) -> Own {
    // Dense, so that every later lookup is O(1); empty when nothing was measured.
    let mut measured: Vec<Measured> = Vec::new();
    if !options.measured.is_empty() {
        measured = vec![Measured::default(); arch.components.len()];
        for (c, m) in &options.measured {
            measured[*c] = m.clone();
        }
    }
    let measured_of = |c: CompIdx| measured.get(c).unwrap_or(Measured::none());
    // Only the figures are kept; the terms are computed again when an output shows them
    // (`Core::estimate`), so 100,000 components do not hold 400,000 term lists.
    let (estimates, drilled): (Vec<Figures>, Vec<Vec<Drilled>>) = arch
        .components
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            let mut e = estimate::estimate(c, &options.assumptions, measured_of(i));
            let drilled = estimate::drills::apply_one(i, c, &mut e);
            (
                PerDisruption::from_fn(|d| (e[d].rto(), e[d].rpo())),
                drilled,
            )
        })
        .unzip();
    let drilled: Vec<Drilled> = drilled.into_iter().flatten().collect();
    Own {
        measured,
        estimates,
        drilled,
    }
}

/// Everything of the core but the graph it was computed on, which the result takes.
fn core_of(
    arch: &Architecture,
    options: &Options,
    graph: &DepGraph,
    own: Own,
) -> impl FnOnce(DepGraph) -> Core + use<> {
    let Own {
        measured,
        estimates,
        drilled,
    } = own;
    // The four disruptions are independent, and availability needs none of them.
    let (timing, availability) = rayon::join(
        || per_disruption(|d| readiness(arch, graph, &estimates, d)),
        || availability::composite(arch, graph, &options.assumptions),
    );
    let components = (0..arch.components.len())
        .into_par_iter()
        .map(|c| {
            let comp = &arch.components[c];
            PerDisruption::from_fn(|d| {
                let (ready, start) = (timing[d].ready[c], timing[d].start[c]);
                ComponentDisruption {
                    status: Status::of(comp.policy.targets[d], ready, estimates[c][d].1),
                    ready,
                    start,
                }
            })
        })
        .collect();
    let app = per_disruption(|d| app_disruption(arch, graph, &estimates, &timing[d].ready, d));
    let assumptions = options.assumptions.clone();
    move |graph| Core {
        graph,
        estimates,
        assumptions,
        measured,
        components,
        app,
        drilled,
        availability,
    }
}

/// `f` for each disruption, in parallel.
fn per_disruption<T: Send>(f: impl Fn(Disruption) -> T + Sync) -> PerDisruption<T> {
    let all: Vec<T> = Disruption::ALL.par_iter().map(|&d| f(d)).collect();
    PerDisruption(
        all.try_into()
            .unwrap_or_else(|_| unreachable!("one per disruption")),
    )
}

/// A component whose loss of one instance or one zone takes it down (docs/model.md §2).
pub fn single_point(c: &Component) -> bool {
    !c.outside_our_failure_domains() && (c.deployment.instances == 1 || c.effective_zones() == 1)
}

struct Timing {
    ready: Vec<Eta>,
    start: Vec<Eta>,
}

/// `ready(c) = max(own_rto(c), max over critical deps of ready) + startup(c)`, in one pass over
/// the strongly connected components in dependency order. A cycle is one unit whose RTO is the
/// sum of its members' own RTOs and startups: a cold start must break the loop by hand.
fn readiness(
    arch: &Architecture,
    g: &DepGraph,
    estimates: &[PerDisruption<(Eta, Eta)>],
    d: Disruption,
) -> Timing {
    let n = arch.components.len();
    let mut ready = vec![Eta::ZERO; n];
    let mut start = vec![Eta::ZERO; n];
    for members in &g.sccs {
        let scc = g.scc_of[members[0]];
        let deps_ready = members
            .iter()
            .flat_map(|&m| g.critical_deps(m))
            .filter(|&x| g.scc_of[x] != scc)
            .map(|x| ready[x])
            .max()
            .unwrap_or(Eta::ZERO);
        if let [c] = members[..] {
            start[c] = deps_ready;
            ready[c] = deps_ready
                .max(estimates[c][d].0)
                .plus(arch.components[c].recovery.startup);
        } else {
            let unit = cycle_rto(arch, members, estimates, d);
            for &m in members {
                start[m] = deps_ready;
                ready[m] = deps_ready.max(unit);
            }
        }
    }
    Timing { ready, start }
}

/// A cycle of critical edges recovers as one unit: the sum of its members' own RTOs and
/// startups (a cold start must break the loop by hand).
fn cycle_rto(
    arch: &Architecture,
    members: &[CompIdx],
    estimates: &[PerDisruption<(Eta, Eta)>],
    d: Disruption,
) -> Eta {
    members
        .iter()
        .fold(Eta::ZERO, |acc, &m| match (acc, estimates[m][d].0) {
            (Eta::At(a), Eta::At(b)) => Eta::At(
                a.saturating_add(b)
                    .saturating_add(arch.components[m].recovery.startup),
            ),
            _ => Eta::Unrecoverable,
        })
}

fn app_disruption(
    arch: &Architecture,
    g: &DepGraph,
    estimates: &[PerDisruption<(Eta, Eta)>],
    ready: &[Eta],
    d: Disruption,
) -> AppDisruption {
    let id = |c: CompIdx| arch.components[c].id.as_str();
    // The slowest entry point; ties go to the smaller id.
    let worst_entry = g
        .entries
        .iter()
        .copied()
        .max_by(|&a, &b| ready[a].cmp(&ready[b]).then_with(|| id(b).cmp(id(a))));
    let rto = worst_entry.map_or(Eta::ZERO, |e| ready[e]);
    let critical_path = worst_entry
        .map(|e| critical_path(arch, g, estimates, ready, d, e))
        .unwrap_or_default();

    let (rpo, rpo_from) = (0..arch.components.len())
        .filter(|&c| g.reached_any[c] && arch.components[c].stateful)
        .map(|c| (estimates[c][d].1, c))
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| id(b.1).cmp(id(a.1))))
        .map_or((Eta::ZERO, None), |(r, c)| (r, Some(c)));

    let mut degraded = Vec::new();
    for c in 0..arch.components.len() {
        if !g.reached_any[c] || ready[c] == Eta::Unrecoverable {
            continue;
        }
        for x in g.soft_deps(c) {
            if ready[x] > ready[c] {
                degraded.push(Degraded {
                    component: c,
                    dependency: x,
                    from: ready[c],
                    until: ready[x],
                });
            }
        }
    }
    degraded.sort_by(|a, b| {
        id(a.component)
            .cmp(id(b.component))
            .then_with(|| id(a.dependency).cmp(id(b.dependency)))
    });

    let target = arch.policy.targets[d];
    AppDisruption {
        status: Status::of(target, rto, rpo),
        target,
        rto,
        rpo,
        critical_path,
        rpo_from,
        degraded,
    }
}

/// From `entry` down to the component whose own RTO sets the entry's readiness (or the first
/// unrecoverable one). Ties between dependencies go to the smaller id.
fn critical_path(
    arch: &Architecture,
    g: &DepGraph,
    estimates: &[PerDisruption<(Eta, Eta)>],
    ready: &[Eta],
    d: Disruption,
    entry: CompIdx,
) -> Vec<CompIdx> {
    let id = |c: CompIdx| arch.components[c].id.as_str();
    let mut path = vec![entry];
    let mut c = entry;
    loop {
        let scc = g.scc_of[c];
        let members: &[CompIdx] = &g.sccs[scc as usize];
        // The unit's own time: the component's own RTO, or the cycle's, as readiness counts it.
        let own = if members.len() == 1 {
            estimates[c][d].0
        } else {
            cycle_rto(arch, members, estimates, d)
        };
        let next = members
            .iter()
            .flat_map(|&m| g.critical_deps(m).map(move |x| (m, x)))
            .filter(|&(_, x)| g.scc_of[x] != scc)
            .max_by(|a, b| {
                ready[a.1]
                    .cmp(&ready[b.1])
                    .then_with(|| id(b.1).cmp(id(a.1)))
            });
        let Some((via, x)) = next else { break };
        if own >= ready[x] {
            if own == Eta::Unrecoverable && members.len() > 1 {
                // Name the member that cannot recover.
                if let Some(&m) = members
                    .iter()
                    .find(|&&m| estimates[m][d].0 == Eta::Unrecoverable && m != c)
                {
                    path.push(m);
                }
            }
            break;
        }
        if via != c {
            path.push(via);
        }
        path.push(x);
        c = x;
    }
    path
}
