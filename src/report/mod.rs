//! One result, several renderings: `Report` is the stable JSON contract of SPEC §9, built as
//! a borrowed view over the assessment; the text, Markdown and HTML renderers read it.

pub mod html;
pub mod json;
pub mod markdown;
pub mod operations;
pub mod planning;
pub mod text;

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use crate::assess::{Assessment, Status};
use crate::estimate::{Estimate, Terms};
use crate::graph::blast::BlastRadius;
use crate::model::{Architecture, CompIdx, Disruption, Kind, PerDisruption, Target};
use crate::options::Options;
use crate::rules::{Category, Ctx, Finding, Severity};

pub const SCHEMA_VERSION: u32 = 1;

/// The template environment the HTML and Markdown renderers share: SPEC §10's strict
/// undefined values, trimmed blocks, the given templates and escaping, and the filters both
/// use (`human` seconds, `money`).
fn templates(
    escape: minijinja::AutoEscape,
    sources: &[(&'static str, &'static str)],
) -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(move |_| escape.clone());
    env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .expect("default delimiters"),
    );
    for &(name, source) in sources {
        env.add_template(name, source)
            .unwrap_or_else(|e| panic!("template {name}: {e:#}"));
    }
    env.add_filter("human", |secs: Option<u64>| {
        secs.map_or_else(|| "unrecoverable".to_string(), crate::duration::human_secs)
    });
    env.add_filter("money", html::money);
    env
}

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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendations: Option<planning::Recommendations<'a>>,
    /// The cheapest plan that meets the policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<planning::AppPlanView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frontier: Option<Vec<planning::FrontierView>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub downtime: Option<planning::DowntimeView>,
    pub assumptions: BTreeMap<&'static str, AssumptionView>,
    /// The price table every money figure comes from (estimates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing: Option<BTreeMap<&'static str, planning::PriceView>>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_cost: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_dr_cost: Option<f64>,
}

#[derive(Serialize, Clone, Copy)]
pub struct TargetView {
    pub rto_secs: u64,
    pub rpo_secs: u64,
}

impl From<Target> for TargetView {
    fn from(t: Target) -> Self {
        TargetView {
            rto_secs: crate::duration::secs(t.rto),
            rpo_secs: crate::duration::secs(t.rpo),
        }
    }
}

#[derive(Serialize)]
pub struct EstimateView {
    pub rto_secs: Option<u64>,
    pub rpo_secs: Option<u64>,
}

#[derive(Serialize)]
pub struct AppView<'a> {
    pub status: Status,
    pub target: Option<TargetView>,
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
pub struct ComponentView<'a> {
    pub id: &'a str,
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<&'a str>,
    pub entry: bool,
    pub stateful: bool,
    pub disruptions: ByDisruption<ComponentDisruptionView>,
    pub blast_radius: BlastView<'a>,
    pub spof: bool,
}

#[derive(Serialize)]
pub struct ComponentDisruptionView {
    pub status: Status,
    /// Its own RTO (`null`: unrecoverable).
    pub rto_secs: Option<u64>,
    /// When it can serve with its critical dependencies back.
    pub ready_secs: Option<u64>,
    pub rpo_secs: Option<u64>,
    #[serde(serialize_with = "terms")]
    pub terms: Terms,
    #[serde(serialize_with = "terms", skip_serializing_if = "Terms::is_empty")]
    pub rpo_terms: Terms,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unrecoverable: Option<&'static str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub measured: bool,
    /// The drill whose figures replaced the model's (SPEC §3.4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drill: Option<operations::DrillView>,
    /// The model's estimate the drill replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<operations::ModelView>,
}

#[derive(Serialize)]
struct TermView {
    what: &'static str,
    secs: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    measured: bool,
}

fn terms<S: Serializer>(terms: &Terms, s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(terms.len()))?;
    for t in terms.iter() {
        seq.serialize_element(&TermView {
            what: t.what(),
            secs: crate::duration::secs(t.duration),
            measured: t.measured(),
        })?;
    }
    seq.end()
}

#[derive(Serialize)]
pub struct BlastView<'a> {
    pub components: u64,
    pub entry_points: u64,
    pub sample: Vec<&'a str>,
    pub cells: Vec<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
}

/// A finding as SPEC §9 has it. The rule's name and category are for the renderers; the
/// JSON leaves them out (`rule` determines both, `drplan rules` lists them), which keeps a
/// 100,000-component result about 7% smaller.
#[derive(Serialize)]
pub struct FindingView<'a> {
    pub rule: &'static str,
    #[serde(skip)]
    pub name: &'static str,
    pub severity: Severity,
    #[serde(skip)]
    pub category: Category,
    pub component: &'a str,
    pub message: Cow<'a, str>,
    pub remediation: Cow<'a, str>,
}

#[derive(Serialize)]
pub struct AssumptionView {
    pub value: crate::estimate::assumptions::Value,
    pub unit: &'static str,
    pub source: &'static str,
}

impl<'a> Report<'a> {
    pub fn build(
        arch: &'a Architecture,
        assessment: &'a Assessment,
        findings: &'a [Finding],
        options: &'a Options,
    ) -> Report<'a> {
        let id = |c: CompIdx| arch.components[c].id.as_str();
        let disruptions = Disruption::ALL
            .into_iter()
            .map(|d| {
                let app = &assessment.core.app[d];
                let view = AppView {
                    status: app.status,
                    target: app.target.map(Into::into),
                    estimate: EstimateView {
                        rto_secs: app.rto.secs(),
                        rpo_secs: app.rpo.secs(),
                    },
                    critical_path: app.critical_path.iter().map(|&c| id(c)).collect(),
                    rpo_from: app.rpo_from.map(id),
                    degraded: app
                        .degraded
                        .iter()
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

        let components = Components { arch, assessment };
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
                monthly_cost: None,
                monthly_dr_cost: None,
            },
            disruptions,
            components,
            findings: Findings {
                ctx: Ctx {
                    arch,
                    assessment,
                    options,
                },
                findings,
            },
            score: operations::ScoreView::new(&assessment.score),
            operational: operations::OperationalView { arch, assessment },
            availability: operations::AvailabilityList { arch, assessment },
            recommendations: None,
            plan: None,
            frontier: None,
            downtime: None,
            pricing: None,
            assumptions: options
                .assumptions
                .rows()
                .into_iter()
                .map(|r| {
                    (
                        r.key,
                        AssumptionView {
                            value: r.value,
                            unit: r.unit,
                            source: r.source,
                        },
                    )
                })
                .collect(),
        }
    }
}

impl<'a> Report<'a> {
    /// Adds today's costs to the summary (the planner's `today`, or `plan::today`).
    pub fn with_today(mut self, today: &[(f64, crate::plan::cost::DrCost)]) -> Report<'a> {
        use crate::plan::{cost::cents, monthly_cost, monthly_dr_cost};
        self.summary.monthly_cost = Some(cents(monthly_cost(today)));
        self.summary.monthly_dr_cost = Some(cents(monthly_dr_cost(today)));
        self
    }

    /// Adds the planner's results: costs, recommendations, the app plan and the frontier.
    pub fn with_plan(mut self, arch: &'a Architecture, plan: &'a crate::plan::Plan) -> Report<'a> {
        self = self.with_today(&plan.today);
        self.recommendations = Some(planning::Recommendations { arch, plan });
        self.plan = Some(planning::app_plan(arch, plan));
        self.frontier = Some(planning::frontier(plan));
        self.downtime = planning::downtime(arch, plan);
        self.pricing = Some(planning::pricing(plan));
        self
    }
}

/// The components, each viewed when it is serialized (no copy of 100,000 views in memory).
pub struct Components<'a> {
    arch: &'a Architecture,
    assessment: &'a Assessment,
}

impl<'a> Components<'a> {
    pub fn len(&self) -> usize {
        self.arch.components.len()
    }

    pub fn is_empty(&self) -> bool {
        self.arch.components.is_empty()
    }

    pub fn get(&self, i: CompIdx) -> ComponentView<'a> {
        let (arch, assessment) = (self.arch, self.assessment);
        let c = &arch.components[i];
        ComponentView {
            id: &c.id,
            kind: c.kind,
            name: c.name.as_deref(),
            cell: c.cell.as_deref(),
            entry: assessment.core.graph.is_entry[i],
            stateful: c.stateful,
            disruptions: {
                let mut all = assessment.core.estimates_of(arch, i);
                ByDisruption(PerDisruption::from_fn(|d| {
                    let est = std::mem::replace(
                        &mut all[d],
                        Estimate::Unrecoverable(crate::estimate::Unrecoverable::NoBackups),
                    );
                    component_disruption(arch, assessment, i, d, est)
                }))
            },
            blast_radius: blast_view(&assessment.blast.radius[i], &assessment.blast.cells, arch),
            spof: assessment.spof[i],
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = ComponentView<'a>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

impl Components<'_> {
    /// Appends component `i` as compact JSON: the bytes serde_json writes for `get(i)`,
    /// without building the view (`tests/scale.rs` and `tests/report.rs` compare the two).
    pub fn write_json(&self, i: CompIdx, buf: &mut Vec<u8>) {
        use json::{push_bool, push_opt_u64, push_str, push_u64};
        let (arch, a) = (self.arch, self.assessment);
        let c = &arch.components[i];
        let terms = |buf: &mut Vec<u8>, terms: &Terms| {
            buf.push(b'[');
            for (k, t) in terms.iter().enumerate() {
                if k > 0 {
                    buf.push(b',');
                }
                buf.extend_from_slice(b"{\"what\":");
                push_str(buf, t.what());
                buf.extend_from_slice(b",\"secs\":");
                push_u64(buf, crate::duration::secs(t.duration));
                if t.measured() {
                    buf.extend_from_slice(b",\"measured\":true");
                }
                buf.push(b'}');
            }
            buf.push(b']');
        };
        buf.extend_from_slice(b"{\"id\":");
        push_str(buf, &c.id);
        buf.extend_from_slice(b",\"kind\":");
        push_str(buf, c.kind.as_str());
        if let Some(name) = &c.name {
            buf.extend_from_slice(b",\"name\":");
            push_str(buf, name);
        }
        if let Some(cell) = &c.cell {
            buf.extend_from_slice(b",\"cell\":");
            push_str(buf, cell);
        }
        buf.extend_from_slice(b",\"entry\":");
        push_bool(buf, a.core.graph.is_entry[i]);
        buf.extend_from_slice(b",\"stateful\":");
        push_bool(buf, c.stateful);
        buf.extend_from_slice(b",\"disruptions\":{");
        let mut all = a.core.estimates_of(arch, i);
        for d in Disruption::ALL {
            let est = std::mem::replace(
                &mut all[d],
                Estimate::Unrecoverable(crate::estimate::Unrecoverable::NoBackups),
            );
            if d != Disruption::Software {
                buf.push(b',');
            }
            push_str(buf, d.as_str());
            buf.push(b':');
            let v = component_disruption(arch, a, i, d, est);
            buf.extend_from_slice(b"{\"status\":");
            push_str(buf, v.status.as_str());
            buf.extend_from_slice(b",\"rto_secs\":");
            push_opt_u64(buf, v.rto_secs);
            buf.extend_from_slice(b",\"ready_secs\":");
            push_opt_u64(buf, v.ready_secs);
            buf.extend_from_slice(b",\"rpo_secs\":");
            push_opt_u64(buf, v.rpo_secs);
            buf.extend_from_slice(b",\"terms\":");
            terms(buf, &v.terms);
            if !v.rpo_terms.is_empty() {
                buf.extend_from_slice(b",\"rpo_terms\":");
                terms(buf, &v.rpo_terms);
            }
            if let Some(why) = v.unrecoverable {
                buf.extend_from_slice(b",\"unrecoverable\":");
                push_str(buf, why);
            }
            if v.measured {
                buf.extend_from_slice(b",\"measured\":true");
            }
            // Drills are rare: serde writes their two small objects.
            if let Some(drill) = &v.drill {
                buf.extend_from_slice(b",\"drill\":");
                serde_json::to_writer(&mut *buf, drill).expect("plain data");
            }
            if let Some(model) = &v.model {
                buf.extend_from_slice(b",\"model\":");
                serde_json::to_writer(&mut *buf, model).expect("plain data");
            }
            buf.push(b'}');
        }
        let b = &a.blast.radius[i];
        buf.extend_from_slice(b"},\"blast_radius\":{\"components\":");
        push_u64(buf, b.components);
        buf.extend_from_slice(b",\"entry_points\":");
        push_u64(buf, b.entry_points);
        buf.extend_from_slice(b",\"sample\":[");
        for (k, &s) in b.sample.iter().enumerate() {
            if k > 0 {
                buf.push(b',');
            }
            push_str(buf, &arch.components[s].id);
        }
        buf.extend_from_slice(b"],\"cells\":[");
        for (k, &cell) in b.cells.iter().enumerate() {
            if k > 0 {
                buf.push(b',');
            }
            push_str(buf, &a.blast.cells[cell as usize]);
        }
        buf.push(b']');
        if b.estimated {
            buf.extend_from_slice(b",\"estimated\":true");
        }
        buf.extend_from_slice(b"},\"spof\":");
        push_bool(buf, a.spof[i]);
        buf.push(b'}');
    }
}

impl Serialize for Components<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// The findings, viewed when serialized.
pub struct Findings<'a> {
    ctx: Ctx<'a>,
    findings: &'a [Finding],
}

impl<'a> Findings<'a> {
    pub fn len(&self) -> usize {
        self.findings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = FindingView<'a>> + '_ {
        (0..self.findings.len()).map(|i| self.get(i))
    }

    pub fn get(&self, i: usize) -> FindingView<'a> {
        let (ctx, f) = (&self.ctx, &self.findings[i]);
        FindingView {
            rule: f.rule.id,
            name: f.rule.name,
            severity: f.severity,
            category: f.rule.category,
            component: &ctx.arch.components[f.component].id,
            message: f.message(ctx),
            remediation: f.remediation(ctx),
        }
    }
}

impl Findings<'_> {
    /// Appends finding `i` as compact JSON: the bytes serde_json writes for `get(i)`, without
    /// building the view (`tests/scale.rs` compares the two).
    pub fn write_json(&self, i: usize, buf: &mut Vec<u8>) {
        use json::push_str;
        let (ctx, f) = (&self.ctx, &self.findings[i]);
        buf.extend_from_slice(b"{\"rule\":");
        push_str(buf, f.rule.id);
        buf.extend_from_slice(b",\"severity\":");
        push_str(buf, f.severity.as_str());
        buf.extend_from_slice(b",\"component\":");
        push_str(buf, &ctx.arch.components[f.component].id);
        let infallible = "a JSON text takes any text";
        buf.extend_from_slice(b",\"message\":");
        let mut text = json::JsonText::open(buf);
        f.write_message(ctx, &mut text).expect(infallible);
        text.close();
        buf.extend_from_slice(b",\"remediation\":");
        let mut text = json::JsonText::open(buf);
        f.write_remediation(ctx, &mut text).expect(infallible);
        text.close();
        buf.push(b'}');
    }
}

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// One value per disruption, serialized as a map in the order software, hardware, az, region.
pub struct ByDisruption<T>(pub PerDisruption<T>);

impl<T: Serialize> Serialize for ByDisruption<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(d, v)| (d.as_str(), v)))
    }
}

fn component_disruption(
    arch: &Architecture,
    assessment: &Assessment,
    c: CompIdx,
    d: Disruption,
    est: Estimate,
) -> ComponentDisruptionView {
    let cd = &assessment.core.components[c][d];
    let (rto_secs, rpo_secs, measured) = (est.rto().secs(), est.rpo().secs(), est.measured());
    let (terms, rpo_terms, unrecoverable) = match est {
        Estimate::Recoverable { rto, rpo } => (rto, rpo, None),
        Estimate::Unrecoverable(u) => (Terms::new(), Terms::new(), Some(u.reason())),
    };
    let (drill, model) = match assessment.core.drilled(c, d) {
        Some(x) => {
            let (drill, model) = operations::drill_views(arch, x);
            (Some(drill), Some(model))
        }
        None => (None, None),
    };
    ComponentDisruptionView {
        status: cd.status,
        rto_secs,
        ready_secs: cd.ready.secs(),
        rpo_secs,
        terms,
        rpo_terms,
        unrecoverable,
        measured,
        drill,
        model,
    }
}

fn blast_view<'a>(
    b: &'a BlastRadius,
    cells: &'a [String],
    arch: &'a Architecture,
) -> BlastView<'a> {
    BlastView {
        components: b.components,
        entry_points: b.entry_points,
        sample: b
            .sample
            .iter()
            .map(|&c| arch.components[c].id.as_str())
            .collect(),
        cells: b
            .cells
            .iter()
            .map(|&c| cells[c as usize].as_str())
            .collect(),
        estimated: b.estimated,
    }
}
