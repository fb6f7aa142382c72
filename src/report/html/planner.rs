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
