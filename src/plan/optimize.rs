//! The exact optimizer (docs/model.md §5). Readiness is a max over paths, so the app policy becomes a
//! budget per component: its own RTO plus its startup plus the longest chain of startups
//! above it to an entry point must stay within the target, and a reached store's RPO within
//! the RPO target. The budgets decouple the components, so the cheapest plan that meets the
//! policy is the cheapest candidate of each component, found in one linear pass.

use std::time::Duration;

use crate::assess::Core;
use crate::estimate::{Eta, Measured};
use crate::model::{Architecture, CompIdx, Disruption, PerDisruption, Target};
use crate::options::Options;
use crate::plan::candidates::{self, Config};
use crate::plan::cost::{DrCost, Pricing};

/// A component's share of the policy: the RTO and RPO its own estimate may reach.
pub type Budget = PerDisruption<Option<Target>>;

/// `S_up(c)`: the longest chain of startups above `c` up to an entry point, through critical
/// edges (dependents first; a cycle counts as one unit).
pub fn startup_above(arch: &Architecture, a: &Core) -> Vec<Duration> {
    let g = &a.graph;
    let mut above = vec![Duration::ZERO; arch.components.len()];
    for members in g.sccs.iter().rev() {
        let scc = g.scc_of[members[0]];
        let longest = members
            .iter()
            .flat_map(|&m| g.critical_dependents(m))
            .filter(|&p| g.scc_of[p] != scc)
            .map(|p| above[p].saturating_add(arch.components[p].recovery.startup))
            .max()
            .unwrap_or(Duration::ZERO);
        for &m in members {
            above[m] = longest;
        }
    }
    above
}

/// Every component's budget. A component an entry point reaches through critical edges gets
/// the app target less the startups above it (and its own); a reached store gets the app RPO
/// target; every component also keeps its own effective policy. In a cycle the members share
/// the unit's budget equally (a cycle is a finding of its own, DR001).
/// `above` is `startup_above`'s result.
pub fn budgets(arch: &Architecture, a: &Core, above: &[Duration]) -> Vec<Budget> {
    let g = &a.graph;
    (0..arch.components.len())
        .map(|c| {
            let comp = &arch.components[c];
            let cycle = g.sccs[g.scc_of[c] as usize].len() as u32;
            PerDisruption::from_fn(|d| {
                let own = comp.policy.targets[d];
                let app = arch.policy.targets[d];
                let from_app_rto = app.filter(|_| g.reached[c]).map(|t| {
                    (t.rto.saturating_sub(above[c]) / cycle).saturating_sub(comp.recovery.startup)
                });
                let from_app_rpo = app
                    .filter(|_| g.reached_any[c] && comp.stateful)
                    .map(|t| t.rpo);
                let rto = min_opt(own.map(|t| t.rto), from_app_rto);
                let rpo = min_opt(own.map(|t| t.rpo), from_app_rpo);
                match (rto, rpo) {
                    (None, None) => None,
                    (rto, rpo) => Some(Target {
                        rto: rto.unwrap_or(Duration::MAX),
                        rpo: rpo.unwrap_or(Duration::MAX),
                    }),
                }
            })
        })
        .collect()
}

fn min_opt(a: Option<Duration>, b: Option<Duration>) -> Option<Duration> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// One candidate configuration with its estimates and costs.
#[derive(Debug, Clone)]
pub struct Evaluated {
    pub config: Config,
    pub etas: PerDisruption<(Eta, Eta)>,
    pub running: f64,
    pub dr: DrCost,
    pub changes: usize,
}

impl Evaluated {
    pub fn total(&self) -> f64 {
        self.running + self.dr.total()
    }

    /// Which of the budget's constraints hold (RTO and RPO per disruption with a target).
    pub fn met(&self, budget: &Budget) -> usize {
        budget
            .iter()
            .filter_map(|(d, t)| t.map(|t| (d, t)))
            .map(|(d, t)| {
                usize::from(self.etas[d].0 <= Eta::At(t.rto))
                    + usize::from(self.etas[d].1 <= Eta::At(t.rpo))
            })
            .sum()
    }

    pub fn meets(&self, budget: &Budget) -> bool {
        self.met(budget) == constraints(budget)
    }
}

/// How many constraints a budget has.
pub fn constraints(budget: &Budget) -> usize {
    budget.iter().filter(|(_, t)| t.is_some()).count() * 2
}

/// Estimates and prices every candidate configuration of component `c` (today's first).
pub fn evaluate(
    arch: &Architecture,
    options: &Options,
    pricing: &Pricing,
    c: CompIdx,
    measured: &Measured,
) -> Vec<Evaluated> {
    let comp = &arch.components[c];
    let today = Config::of(comp);
    let mut shaper = candidates::Shaper::new(comp);
    candidates::enumerate(comp)
        .into_iter()
        .map(|config| Evaluated {
            config,
            etas: shaper.figures(&config, &options.assumptions, measured),
            running: pricing.running(comp, &config),
            dr: pricing.dr_cost(comp, &config),
            changes: config.changes_from(&today),
        })
        .collect()
}

/// The cheapest candidate that meets the budget; ties go to fewer changes, then the weaker
/// strategy.
pub fn cheapest_meeting<'e>(evaluated: &'e [Evaluated], budget: &Budget) -> Option<&'e Evaluated> {
    evaluated.iter().filter(|e| e.meets(budget)).min_by(|a, b| {
        a.total()
            .total_cmp(&b.total())
            .then(a.changes.cmp(&b.changes))
            .then(a.config.strategy.cmp(&b.config.strategy))
    })
}

/// The expected yearly incident counts: the architecture's, else the defaults (docs/model.md §5).
pub fn incidents_per_year(arch: &Architecture, pricing: &Pricing) -> PerDisruption<f64> {
    PerDisruption::from_fn(|d| {
        arch.business.incidents_per_year[d].unwrap_or(match d {
            Disruption::Software => pricing.incidents_software,
            Disruption::Hardware => pricing.incidents_hardware,
            Disruption::Az => pricing.incidents_az,
            Disruption::Region => pricing.incidents_region,
        })
    })
}

/// Expected yearly downtime cost for app RTOs `rto`: Σ incidents × RTO × cost per hour.
/// `None` when an RTO is unrecoverable (the loss has no bound).
pub fn expected_annual_loss(
    rto: &PerDisruption<Eta>,
    incidents: &PerDisruption<f64>,
    cost_per_hour: f64,
) -> Option<f64> {
    let mut total = 0.0;
    for (d, eta) in rto.iter() {
        let hours = eta.duration()?.as_secs_f64() / 3600.0;
        total += incidents[d] * hours * cost_per_hour;
    }
    Some(total)
}
