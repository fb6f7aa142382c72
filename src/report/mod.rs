//! One result, several renderings. [`Report`] is the view model, built once from an
//! [`Analysis`]: its serde fields are the stable JSON contract (docs/json.md), and it gives the
//! renderers what they show beyond the JSON (the analysis it views, the recovery runbooks).
//! The renderers are siblings that read only the report: `json`, `text`, `markdown` and
//! `html`; they share their formatting helpers from `format`, never from each other.
//!
//! The big lists (components, findings, recommendations, the operational recommendations) are
//! views made item by item as they are serialized: 100,000 components are never held twice.

mod components;
pub mod diff_text;
pub mod findings;
pub mod format;
pub mod html;
pub mod json;
pub mod markdown;
pub mod operations;
pub mod planning;
pub mod runbook;
pub mod sarif;
pub mod text;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

pub use components::{ComponentDisruptionView, ComponentView, Components};
pub use findings::{FindingView, Findings};

use crate::analysis::Analysis;
use crate::assess::Status;
use crate::model::{Disruption, Target};
use crate::plan::runbook::{Inputs, Recovery};
use crate::rules::{Ctx, Severity};

/// The JSON result's version (docs/json.md).
pub use crate::model::RESULT_SCHEMA_VERSION as SCHEMA_VERSION;

/// A template that did not render: a bug in drplan, never the input's fault.
#[derive(Debug, thiserror::Error)]
#[error("rendering the report: {0:#}")]
pub struct RenderError(#[from] minijinja::Error);

/// The result of `drplan assess`.
#[derive(Serialize)]
pub struct Report<'a> {
    pub schema_version: u32,
    pub architecture: &'a str,
    /// The date date-based rules were evaluated on (`--now`).
    pub as_of: String,
    pub summary: Summary<'a>,
    pub disruptions: BTreeMap<Disruption, AppView<'a>>,
    pub components: Components<'a>,
    pub findings: Findings<'a>,
    /// The resiliency score with its breakdown (docs/score.md).
    pub score: operations::ScoreView,
    /// Alarms, SOPs and experiments to add, by blast radius (docs/score.md).
    pub operational: operations::OperationalView<'a>,
    /// Composite availability per entry point (docs/score.md).
    pub availability: operations::AvailabilityList<'a>,
    pub recommendations: planning::Recommendations<'a>,
    /// The cheapest plan that meets the policy.
    pub plan: planning::AppPlanView<'a>,
    pub frontier: Vec<planning::FrontierView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub downtime: Option<planning::DowntimeView>,
    pub assumptions: BTreeMap<&'static str, AssumptionView>,
    /// The last verified restore of each component that has one (`assess --evidence`):
    /// its date and measured duration against the software RTO target.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub restores: Vec<RestoreView<'a>>,
    /// The price table every money figure comes from (estimates).
    pub pricing: BTreeMap<&'static str, planning::PriceView>,
    /// Where the running cost of each component of a cloud other than AWS comes from: its
    /// service's list price, or the kind's default (AWS-based) price, said so.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub running_prices: BTreeMap<&'a str, planning::RunningPriceView>,
    /// What the report views.
    #[serde(skip)]
    analysis: &'a Analysis,
    #[serde(skip)]
    runbooks: OnceLock<Vec<Recovery<'a>>>,
}

/// "Last verified restore: date, duration vs RTO target", measured by AWS Backup.
#[derive(Serialize)]
pub struct RestoreView<'a> {
    pub component: &'a str,
    pub date: String,
    pub duration_secs: Option<u64>,
    /// The component's software RTO target (a restore from backup is what it measures).
    pub rto_target_secs: Option<u64>,
    /// Whether the restore alone fit in the target; `None` without both figures.
    pub within_target: Option<bool>,
}

impl RestoreView<'_> {
    /// `2026-11-20, 45m vs RTO target 4h`, for the HTML card and the Markdown.
    pub fn line(&self) -> String {
        let human = crate::duration::human_secs;
        let took = self
            .duration_secs
            .map_or("duration not measured".into(), human);
        match self.rto_target_secs {
            Some(t) => format!("{}, {took} vs RTO target {}", self.date, human(t)),
            None => format!("{}, {took} (no RTO target)", self.date),
        }
    }
}

fn restore_views<'a>(
    arch: &'a crate::model::Architecture,
    a: &crate::assess::Assessment,
) -> Vec<RestoreView<'a>> {
    let mut out: Vec<RestoreView> = (0..arch.components.len())
        .filter_map(|c| {
            let r = a.core.measured_of(c).last_verified_restore?;
            let comp = &arch.components[c];
            let duration_secs = r.duration.map(crate::duration::secs);
            let rto_target_secs =
                comp.policy.targets[Disruption::Software].map(|t| crate::duration::secs(t.rto));
            Some(RestoreView {
                component: &comp.id,
                date: r.date.to_string(),
                duration_secs,
                rto_target_secs,
                within_target: duration_secs.zip(rto_target_secs).map(|(d, t)| d <= t),
            })
        })
        .collect();
    out.sort_by(|x, y| x.component.cmp(y.component));
    out
}

#[derive(Serialize)]
pub struct Summary<'a> {
    /// The resiliency score, 0–100 (`score` has the breakdown).
    pub score: u32,
    pub status: Status,
    pub breached: Vec<Disruption>,
    pub unassessed: Vec<Disruption>,
    pub currency: &'a str,
    pub components: usize,
    pub entry_points: usize,
    /// Findings per severity.
    pub findings: BTreeMap<Severity, usize>,
    /// Today's monthly cost, DR spend included (an estimate: see `pricing`).
    pub monthly_cost: f64,
    pub monthly_dr_cost: f64,
}

#[derive(Serialize)]
pub struct EstimateView {
    pub rto_secs: Option<u64>,
    pub rpo_secs: Option<u64>,
}

#[derive(Serialize)]
pub struct AppView<'a> {
    pub status: Status,
    pub target: Option<Target>,
    pub estimate: EstimateView,
    pub critical_path: Vec<&'a str>,
    /// The stateful component whose data loss sets the RPO.
    pub rpo_from: Option<&'a str>,
    pub degraded: Vec<DegradedView<'a>>,
}

#[derive(Serialize)]
pub struct DegradedView<'a> {
    pub component: &'a str,
    pub dependency: &'a str,
    pub from_secs: Option<u64>,
    /// `null`: until the failed zone or region returns.
    pub until_secs: Option<u64>,
}

#[derive(Serialize)]
pub struct AssumptionView {
    pub value: crate::estimate::assumptions::Value,
    pub unit: &'static str,
    pub source: &'static str,
}

impl<'a> Report<'a> {
    /// The view of an analysis.
    pub fn build(analysis: &'a Analysis) -> Report<'a> {
        let Analysis {
            arch,
            options,
            assessment,
            findings,
            plan,
        } = analysis;
        let id = |c: usize| arch.components[c].id.as_str();
        let disruptions = Disruption::ALL
            .into_iter()
            .map(|d| {
                let app = &assessment.core.app[d];
                let view = AppView {
                    status: app.status,
                    target: app.target,
                    estimate: EstimateView {
                        rto_secs: app.rto.secs(),
                        rpo_secs: app.rpo.secs(),
                    },
                    critical_path: app.critical_path.iter().map(|&c| id(c)).collect(),
                    rpo_from: app.rpo_from.map(id),
                    degraded: (app.degraded.iter())
                        .map(|g| DegradedView {
                            component: id(g.component),
                            dependency: id(g.dependency),
                            from_secs: g.from.secs(),
                            until_secs: g.until.secs(),
                        })
                        .collect(),
                };
                (d, view)
            })
            .collect();
        let mut counts: BTreeMap<Severity, usize> =
            Severity::ALL.into_iter().map(|s| (s, 0)).collect();
        for f in findings {
            *counts.entry(f.severity).or_default() += 1;
        }
        let pick = |status: Status| {
            Disruption::ALL
                .into_iter()
                .filter(|&d| assessment.core.app[d].status == status)
                .collect()
        };
        // Big architectures' lists are serialized in parallel (docs/json.md: compact above
        // `json::PRETTY_LIMIT` components).
        let parallel = json::compact(arch.components.len());
        let ctx = Ctx {
            arch,
            assessment,
            options,
        };
        Report {
            schema_version: SCHEMA_VERSION,
            architecture: &arch.name,
            as_of: options.now.to_string(),
            summary: Summary {
                score: assessment.score.total,
                status: assessment.overall(),
                breached: pick(Status::Breached),
                unassessed: pick(Status::Unassessed),
                currency: &arch.currency,
                components: arch.components.len(),
                entry_points: assessment.core.graph.entries.len(),
                findings: counts,
                monthly_cost: crate::plan::cost::cents(plan.monthly_cost_today()),
                monthly_dr_cost: crate::plan::cost::cents(plan.monthly_dr_cost_today()),
            },
            disruptions,
            restores: restore_views(arch, assessment),
            components: Components::new(arch, assessment, parallel),
            findings: Findings::new(ctx, findings, parallel, None),
            score: operations::ScoreView::new(&assessment.score),
            operational: operations::OperationalView::new(arch, assessment, parallel),
            availability: operations::AvailabilityList { arch, assessment },
            recommendations: planning::Recommendations::new(arch, plan, parallel),
            plan: planning::app_plan(arch, plan),
            frontier: planning::frontier(plan),
            downtime: planning::downtime(arch, plan),
            assumptions: (options.assumptions.rows().into_iter())
                .map(|r| {
                    let view = AssumptionView {
                        value: r.value,
                        unit: r.unit,
                        source: r.source,
                    };
                    (r.key, view)
                })
                .collect(),
            pricing: planning::pricing(plan),
            running_prices: planning::running_prices(arch, plan),
            analysis,
            runbooks: OnceLock::new(),
        }
    }

    /// The same report with each finding marked `new` or `unchanged` against the keys of a
    /// baseline's findings (`--baseline`).
    pub fn with_baseline(mut self, known: &'a std::collections::HashSet<String>) -> Report<'a> {
        self.findings = self.findings.with_baseline(known);
        self
    }

    /// The analysis the report views.
    pub fn analysis(&self) -> &'a Analysis {
        self.analysis
    }

    /// What the runbook and the renderers read of the analysis.
    pub fn inputs(&self) -> Inputs<'a> {
        let a = self.analysis;
        Inputs::new(&a.arch, &a.assessment, &a.options)
    }

    /// What the rules' texts are written from.
    pub fn ctx(&self) -> Ctx<'a> {
        let a = self.analysis;
        Ctx {
            arch: &a.arch,
            assessment: &a.assessment,
            options: &a.options,
        }
    }

    /// The recovery runbook of each disruption, built the first time it is asked for.
    pub fn runbooks(&self) -> &[Recovery<'a>] {
        self.runbooks.get_or_init(|| {
            let inputs = self.inputs();
            (Disruption::ALL.into_iter())
                .map(|d| crate::plan::runbook::recovery(inputs, d))
                .collect()
        })
    }

    /// Why the critical path of `d` ends where it does, when it ends in a component that
    /// cannot recover: `orders-db cannot recover: …`.
    pub fn cause(&self, d: Disruption) -> Option<String> {
        let inputs = self.inputs();
        let &last = self.analysis.assessment.core.app[d].critical_path.last()?;
        match &*inputs.estimate(last, d) {
            crate::estimate::Estimate::Unrecoverable(u) => Some(format!(
                "{} cannot recover: {}",
                inputs.id(last),
                u.reason()
            )),
            _ => None,
        }
    }
}

/// One value per disruption, serialized as a map in the order software, hardware, az, region.
pub struct ByDisruption<T>(pub crate::model::PerDisruption<T>);

impl<T: Serialize> Serialize for ByDisruption<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(d, v)| (d.as_str(), v)))
    }
}
