//! The planner's sections of the report: recommendations grouped by component, the app-level
//! plan, the cost/RTO frontier (chart and table), the expected cost of downtime; and the
//! operational recommendations still to implement.

use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::svg::{self, FrontierPoint};
use crate::model::Disruption;
use crate::plan::runbook::Inputs;
use crate::report::Report;

/// Recommendations listed (three options per component).
const RECOMMENDATION_LIMIT: usize = 300;
/// Rows of the frontier table (the chart has every point).
const FRONTIER_ROWS: usize = 30;

/// Changes under the verdict.
const TOP_RISKS: usize = 5;

/// A change under the verdict: what it is, what it fixes, what depends on it, what it costs.
#[derive(Serialize)]
pub(super) struct Risk<'a> {
    component: &'a str,
    /// Its recommendation when the report lists it, else its card.
    href: String,
    changes: String,
    fixes: Vec<&'static str>,
    depend: u64,
    entry_points: u64,
    monthly_cost_delta: f64,
}

/// The changes that remove the most breach: per component, its recommended option (the
/// cheapest that meets its policy, else the best RTO/RPO), ranked by the disruptions it brings
/// within target where the component misses it today, then by how much depends on it, then by
/// cost.
pub(super) fn top_risks<'a>(inputs: Inputs<'a>, plan: &'a crate::plan::Plan) -> Vec<Risk<'a>> {
    use crate::plan::recommend::Choice;
    let (arch, a) = (inputs.arch, inputs.assessment);
    let mut best: Vec<(usize, &crate::plan::Recommendation)> = Vec::new();
    for (i, r) in plan.recommendations.iter().enumerate() {
        let better = match best.last() {
            Some((_, b)) if b.component == r.component => {
                r.meets_policy && r.choice == Choice::Cost
                    || !b.meets_policy && r.choice == Choice::RtoRpo
            }
            _ => {
                best.push((i, r));
                continue;
            }
        };
        if better && let Some(last) = best.last_mut() {
            *last = (i, r);
        }
    }
    let fixes = |r: &crate::plan::Recommendation| -> Vec<Disruption> {
        let comp = &arch.components[r.component];
        (Disruption::ALL.into_iter())
            .filter(|&d| {
                let now = super::state(inputs, r.component, d);
                let Some(t) = comp.policy.targets[d] else {
                    return false;
                };
                let (rto, rpo) = r.evaluated.etas[d];
                matches!(now, "breached" | "unrecoverable")
                    && rto <= crate::estimate::Eta::At(t.rto)
                    && rpo <= crate::estimate::Eta::At(t.rpo)
            })
            .collect()
    };
    let mut ranked: Vec<(usize, &crate::plan::Recommendation, Vec<Disruption>)> = best
        .into_iter()
        .map(|(i, r)| (i, r, fixes(r)))
        .filter(|(_, _, f)| !f.is_empty())
        .collect();
    ranked.sort_by(|x, y| {
        let radius = |r: &crate::plan::Recommendation| a.blast.radius[r.component].components;
        y.2.len()
            .cmp(&x.2.len())
            .then(radius(y.1).cmp(&radius(x.1)))
            .then(x.1.monthly_cost_delta.total_cmp(&y.1.monthly_cost_delta))
            .then(
                arch.components[x.1.component]
                    .id
                    .cmp(&arch.components[y.1.component].id),
            )
    });
    ranked
        .into_iter()
        .take(TOP_RISKS)
        .map(|(i, r, f)| {
            let id = arch.components[r.component].id.as_str();
            let b = &a.blast.radius[r.component];
            Risk {
                component: id,
                href: if i < RECOMMENDATION_LIMIT {
                    format!("#rec-{id}")
                } else {
                    format!("#c-{id}")
                },
                changes: r.changes(arch).join("; "),
                fixes: f
                    .iter()
                    .map(|d| crate::report::format::LABELS[d.index()])
                    .collect(),
                depend: b.components,
                entry_points: b.entry_points,
                monthly_cost_delta: crate::plan::cost::cents(r.monthly_cost_delta),
            }
        })
        .collect()
}

/// How many rows each operational list shows (the JSON has them all).
const OPERATIONAL_LIMIT: usize = 40;

#[derive(Serialize)]
struct OperationalRow<'a> {
    component: &'a str,
    kind: &'static str,
    detail: String,
    done: bool,
}

#[derive(Serialize)]
struct OperationalList<'a> {
    rows: Vec<OperationalRow<'a>>,
    missing: usize,
    total: usize,
}

/// The operational recommendations (docs/score.md): the alarms, runbooks and experiments still to
/// add, largest blast radius first, with how to implement each kind.
pub(super) fn operational_view(inputs: Inputs) -> Value {
    let (arch, a) = (inputs.arch, inputs.assessment);
    let (ops, g) = (&a.ops, &a.core.graph);
    let id = |c: usize| arch.components[c].id.as_str();
    fn list<'a, T>(
        items: impl Iterator<Item = T>,
        done: impl Fn(&T) -> bool,
        row: impl Fn(T) -> OperationalRow<'a>,
    ) -> OperationalList<'a> {
        let (mut rows, mut missing, mut total) = (Vec::new(), 0, 0);
        for item in items {
            total += 1;
            if !done(&item) {
                missing += 1;
                if rows.len() < OPERATIONAL_LIMIT {
                    rows.push(row(item));
                }
            }
        }
        OperationalList {
            rows,
            missing,
            total,
        }
    }
    let alarms = list(
        ops.all_alarms(arch, g),
        |x| x.implemented,
        |x| OperationalRow {
            component: id(x.component),
            kind: x.kind.as_str(),
            detail: match x.threshold {
                Some(t) => format!("alert above {}", crate::duration::Human(t)),
                None => x.kind.how().to_string(),
            },
            done: x.implemented,
        },
    );
    let sops = list(
        ops.all_sops(arch, g),
        |x| x.implemented,
        |x| OperationalRow {
            component: id(x.component),
            kind: x.kind.as_str(),
            detail: x.kind.how().to_string(),
            done: x.implemented,
        },
    );
    let experiments = list(
        ops.all_experiments(arch, g),
        |x| ops.tested[x.component],
        |x| OperationalRow {
            component: id(x.component),
            kind: x.kind.as_str(),
            detail: match x.dependency {
                Some(dep) => format!("on the call to {}", id(dep)),
                None => x.kind.how().to_string(),
            },
            done: ops.tested[x.component],
        },
    );
    minijinja::context! {
        alarms => Value::from(Serde(&alarms)),
        sops => Value::from(Serde(&sops)),
        experiments => Value::from(Serde(&experiments)),
    }
}

#[derive(Serialize)]
struct RecommendationGroup<'a, T> {
    component: &'a str,
    options: Vec<T>,
}

/// What the planner added to the report, as the JSON shows it: the slots of the
/// templates render nothing for what is absent.
pub(super) fn planner_view(report: &Report, inputs: Inputs) -> Value {
    let region_target = inputs.assessment.core.app[Disruption::Region]
        .target
        .map(|t| crate::duration::secs(t.rto));
    // The options of one component together, in the order the planner gave them.
    let recommendations = Some(&report.recommendations).map(|r| {
        let mut groups: Vec<RecommendationGroup<_>> = Vec::new();
        for view in r.iter().take(RECOMMENDATION_LIMIT) {
            match groups.last_mut() {
                Some(g) if g.component == view.component => g.options.push(view),
                _ => groups.push(RecommendationGroup {
                    component: view.component,
                    options: vec![view],
                }),
            }
        }
        groups
    });
    let frontier = Some(&report.frontier).and_then(|f| {
        let points: Vec<FrontierPoint> = f
            .iter()
            .map(|p| FrontierPoint {
                region_rto_secs: p.region_rto_secs,
                monthly_dr_cost: p.monthly_dr_cost,
            })
            .collect();
        svg::frontier(&points, region_target)
    });
    // The table keeps the chart's first and last points and an even sample between.
    let frontier_rows: Option<Vec<_>> = Some(&report.frontier).map(|f| {
        let n = f.len();
        if n <= FRONTIER_ROWS {
            return f.iter().collect();
        }
        (0..FRONTIER_ROWS)
            .map(|i| &f[i * (n - 1) / (FRONTIER_ROWS - 1)])
            .collect()
    });
    minijinja::context! {
        risks => Value::from(Serde(&top_risks(inputs, &report.analysis().plan))),
        frontier_total => report.frontier.len(),
        recommendations => Value::from(Serde(&recommendations)),
        recommendations_total => report.recommendations.len(),
        recommendations_shown => report.recommendations.len().min(RECOMMENDATION_LIMIT),
        plan => Value::from(Serde(&report.plan)),
        frontier => Value::from(Serde(&frontier_rows)),
        frontier_chart => Value::from(Serde(&frontier)),
        downtime => Value::from(Serde(&report.downtime)),
    }
}
