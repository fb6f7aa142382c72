//! Planning (docs/model.md §4, §5): price the DR strategies per component, find the cheapest plan
//! that meets the policy, recommend three options per component, and trace the cost/RTO
//! frontier and the expected cost of downtime.

pub mod candidates;
pub mod cost;
pub mod list_prices;
pub mod optimize;
pub mod recommend;
pub mod runbook;

use std::time::Duration;

use crate::assess::Core;
use crate::estimate::Eta;
use crate::model::{Architecture, CompIdx, Disruption, PerDisruption};
use crate::options::Options;
use candidates::Config;
use cost::{DrCost, Pricing};
use optimize::{Budget, Evaluated};
use recommend::Choice;

use rayon::prelude::*;

/// One recommended option for one component. The changes in words and the itemized costs
/// are derived from `evaluated.config` when an output asks.
#[derive(Debug, Clone)]
pub struct Recommendation {
    pub component: CompIdx,
    pub choice: Choice,
    pub evaluated: Evaluated,
    pub meets_policy: bool,
    /// What no configuration can fix (shared by the component's options).
    pub limit: Option<std::sync::Arc<str>>,
    /// Monthly cost after the change less today's.
    pub monthly_cost_delta: f64,
}

impl Recommendation {
    /// The changes from today, in words.
    pub fn changes(&self, arch: &Architecture) -> Vec<String> {
        let comp = &arch.components[self.component];
        let secondary = arch.regions.secondary_name();
        self.evaluated
            .config
            .describe(&Config::of(comp), comp, secondary)
    }
}

/// A point of the cost/RTO frontier.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontierPoint {
    pub region_rto: Duration,
    pub monthly_dr_cost: f64,
    /// With `business.downtime_cost_per_hour`: Σ incidents × RTO × cost per hour.
    pub expected_annual_loss: Option<f64>,
}

/// The app-level plan: every component's cheapest configuration that meets its budget.
#[derive(Debug, Clone)]
pub struct AppPlan {
    pub meets_policy: bool,
    pub monthly_cost: f64,
    pub monthly_dr_cost: f64,
    /// Components whose configuration changes, with the new configuration.
    pub changes: Vec<(CompIdx, Config)>,
    /// The app's RTO and RPO per disruption with the plan in place.
    pub rto: PerDisruption<Eta>,
    pub rpo: PerDisruption<Eta>,
}

/// Everything the planner found.
pub struct Plan {
    pub pricing: Pricing,
    /// Today's running and DR cost per component.
    pub today: Vec<(f64, DrCost)>,
    pub recommendations: Vec<Recommendation>,
    pub app_plan: AppPlan,
    pub frontier: Vec<FrontierPoint>,
    /// Expected yearly downtime cost today (`None`: no downtime cost declared, or unbounded).
    pub expected_annual_loss_today: Option<f64>,
    pub incidents_per_year: PerDisruption<f64>,
}

impl Plan {
    /// Today's monthly cost of the whole architecture, DR spend included.
    pub fn monthly_cost_today(&self) -> f64 {
        monthly_cost(&self.today)
    }

    pub fn monthly_dr_cost_today(&self) -> f64 {
        monthly_dr_cost(&self.today)
    }

    /// The frontier point that minimizes yearly DR spend plus expected downtime cost.
    pub fn best_point(&self) -> Option<&FrontierPoint> {
        self.frontier
            .iter()
            .filter_map(|p| {
                p.expected_annual_loss
                    .map(|l| (p, l + 12.0 * p.monthly_dr_cost))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(p, _)| p)
    }
}

/// Today's running and DR cost per component (monthly).
pub fn today(arch: &Architecture, pricing: &Pricing) -> Vec<(f64, DrCost)> {
    arch.components
        .iter()
        .map(|c| {
            let config = Config::of(c);
            (pricing.running_today(c), pricing.dr_cost(c, &config))
        })
        .collect()
}

/// The monthly cost of the whole architecture, DR spend included, from `today`'s figures.
pub fn monthly_cost(today: &[(f64, DrCost)]) -> f64 {
    today.iter().map(|(r, d)| r + d.total()).sum()
}

/// The monthly DR spend of the whole architecture, from `today`'s figures.
pub fn monthly_dr_cost(today: &[(f64, DrCost)]) -> f64 {
    today.iter().map(|(_, d)| d.total()).sum()
}

/// Runs the planner over an assessed architecture (its `Core` is all it reads).
pub fn plan(arch: &Architecture, a: &Core, options: &Options, pricing: Pricing) -> Plan {
    let above = optimize::startup_above(arch, a);
    let budgets = optimize::budgets(arch, a, &above);
    let today = today(arch, &pricing);

    let mut recommendations = Vec::new();
    let mut app = AppPlan {
        meets_policy: true,
        monthly_cost: 0.0,
        monthly_dr_cost: 0.0,
        changes: Vec::new(),
        rto: PerDisruption([Eta::ZERO; 4]),
        rpo: PerDisruption([Eta::ZERO; 4]),
    };
    // The component's option under the plan (its cost option), where it has options: the
    // place of that recommendation.
    let mut planned: Vec<Option<u32>> = vec![None; arch.components.len()];
    // Each component that misses its budget today is evaluated on its own (in parallel);
    // the sums below run in component order, so the result does not depend on the threads.
    let options_of: Vec<Option<ComponentOptions>> = (0..arch.components.len())
        .into_par_iter()
        .map(|c| component_options(arch, a, options, &pricing, &budgets[c], above[c], c))
        .collect();
    drop(budgets);
    recommendations.reserve_exact(options_of.iter().flatten().map(|o| o.chosen.len()).sum());
    for (c, found) in options_of.into_iter().enumerate() {
        let today_total = today[c].0 + today[c].1.total();
        let Some(found) = found else {
            app.monthly_cost += today_total;
            app.monthly_dr_cost += today[c].1.total();
            continue;
        };
        let today_config = Config::of(&arch.components[c]);
        for (choice, e, meets) in found.chosen {
            if choice == Choice::Cost {
                planned[c] = Some(recommendations.len() as u32);
                app.meets_policy &= meets;
                app.monthly_cost += e.total();
                app.monthly_dr_cost += e.dr.total();
                if e.config != today_config {
                    app.changes.push((c, e.config));
                }
            }
            recommendations.push(Recommendation {
                component: c,
                choice,
                meets_policy: meets,
                limit: if meets { None } else { found.limit.clone() },
                monthly_cost_delta: e.total() - today_total,
                evaluated: e,
            });
        }
    }

    // The app under the plan: the longest path of own RTO plus startups (docs/model.md §2, which the
    // budgets invert), and the worst data loss among the stores an entry point reaches.
    for d in Disruption::ALL {
        for c in 0..arch.components.len() {
            let comp = &arch.components[c];
            // Own RTO and RPO under the plan.
            let (rto, rpo) = match planned[c] {
                Some(k) => recommendations[k as usize].evaluated.etas[d],
                None => (a.own_rto(c, d), a.own_rpo(c, d)),
            };
            if a.graph.reached[c] {
                app.rto[d] = app.rto[d].max(rto.plus(comp.recovery.startup).plus(above[c]));
            }
            if a.graph.reached_any[c] && comp.stateful {
                app.rpo[d] = app.rpo[d].max(rpo);
            }
        }
    }

    let incidents = optimize::incidents_per_year(arch, &pricing);
    let today_rto = PerDisruption::from_fn(|d| a.app[d].rto);
    let loss_today = arch
        .business
        .downtime_cost_per_hour
        .and_then(|cost| optimize::expected_annual_loss(&today_rto, &incidents, cost));
    let frontier = frontier(
        arch, a, options, &pricing, &above, &today, &incidents, &app.rto,
    );
    Plan {
        pricing,
        today,
        recommendations,
        app_plan: app,
        frontier,
        expected_annual_loss_today: loss_today,
        incidents_per_year: incidents,
    }
}

/// The options of a component that misses its budget today (`None` when it meets it).
struct ComponentOptions {
    chosen: Vec<(Choice, Evaluated, bool)>,
    limit: Option<std::sync::Arc<str>>,
}

fn component_options(
    arch: &Architecture,
    a: &Core,
    options: &Options,
    pricing: &Pricing,
    budget: &Budget,
    startup_above: Duration,
    c: CompIdx,
) -> Option<ComponentOptions> {
    let meets_today = budget.iter().all(|(d, t)| {
        t.is_none_or(|t| a.own_rto(c, d) <= Eta::At(t.rto) && a.own_rpo(c, d) <= Eta::At(t.rpo))
    });
    if meets_today {
        return None;
    }
    let evaluated = optimize::evaluate(arch, options, pricing, c, &a.measured_of(c));
    let limits = recommend::Limits {
        comp: &arch.components[c],
        budget,
        startup_above,
        assumptions: &options.assumptions,
        measured: a.measured_of(c),
    };
    let limit = limits.explain(&evaluated).map(Into::into);
    let (best, meets) = recommend::best_met(&evaluated, budget);
    let chosen = Choice::ALL
        .into_iter()
        .filter_map(|choice| recommend::choose(&best, choice).map(|e| (choice, e.clone(), meets)))
        .collect();
    Some(ComponentOptions { chosen, limit })
}

/// For each achievable app region RTO, the least monthly DR cost of a plan that reaches it
/// (docs/model.md §5): every component an entry point reaches critically picks, among its region
/// options, the cheapest whose own region RTO plus the startups above it fits; the others keep
/// today's configuration. A sweep over the options sorted by the RTO they allow; Pareto points
/// only, sorted by RTO.
#[allow(clippy::too_many_arguments)]
fn frontier(
    arch: &Architecture,
    a: &Core,
    options: &Options,
    pricing: &Pricing,
    above: &[Duration],
    today: &[(f64, DrCost)],
    incidents: &PerDisruption<f64>,
    plan_rto: &PerDisruption<Eta>,
) -> Vec<FrontierPoint> {
    let g = &a.graph;
    let reached: Vec<CompIdx> = (0..arch.components.len())
        .filter(|&c| g.reached[c])
        .collect();
    let fixed: f64 = (0..arch.components.len())
        .filter(|&c| !g.reached[c])
        .map(|c| today[c].1.total())
        .sum();
    // (app RTO this option allows, component, DR cost), Pareto-pruned per component.
    let per_slot: Vec<Vec<(Duration, f64)>> = reached
        .par_iter()
        .map(|&c| {
            let comp = &arch.components[c];
            let offset = above[c].saturating_add(comp.recovery.startup);
            let (mut shaper, measured) = (candidates::Shaper::new(comp), a.measured_of(c));
            let mut opts: Vec<(Duration, f64)> = candidates::region_options(comp)
                .into_iter()
                .filter_map(|config| {
                    let figures = shaper.figures(&config, &options.assumptions, &measured);
                    let rto = figures[Disruption::Region].0.duration()?;
                    Some((
                        rto.saturating_add(offset),
                        pricing.dr_cost(comp, &config).total(),
                    ))
                })
                .collect();
            opts.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)));
            let mut cheapest = f64::INFINITY;
            opts.retain(|&(_, cost)| {
                let keep = cost < cheapest;
                cheapest = cheapest.min(cost);
                keep
            });
            opts
        })
        .collect();
    let mut events: Vec<(Duration, usize, f64)> = per_slot
        .into_iter()
        .enumerate()
        .flat_map(|(slot, opts)| opts.into_iter().map(move |(rto, cost)| (rto, slot, cost)))
        .collect();
    // (RTO, slot) is unique (each slot's options are Pareto-pruned), so an unstable sort is
    // deterministic.
    events.par_sort_unstable_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));

    let mut best = vec![f64::INFINITY; reached.len()];
    let (mut feasible, mut sum) = (0usize, 0.0f64);
    let mut points: Vec<FrontierPoint> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let threshold = events[i].0;
        while i < events.len() && events[i].0 == threshold {
            let (_, slot, cost) = events[i];
            if best[slot].is_infinite() {
                feasible += 1;
                sum += cost;
                best[slot] = cost;
            } else if cost < best[slot] {
                sum += cost - best[slot];
                best[slot] = cost;
            }
            i += 1;
        }
        if feasible == reached.len() {
            let total = sum + fixed;
            if points
                .last()
                .is_none_or(|p| total < p.monthly_dr_cost - 1e-9)
            {
                // The other disruptions as the app plan leaves them.
                let mut rto = *plan_rto;
                rto[Disruption::Region] = Eta::At(threshold);
                let loss = arch
                    .business
                    .downtime_cost_per_hour
                    .and_then(|cost| optimize::expected_annual_loss(&rto, incidents, cost));
                points.push(FrontierPoint {
                    region_rto: threshold,
                    monthly_dr_cost: total,
                    expected_annual_loss: loss,
                });
            }
        }
    }
    points
}
