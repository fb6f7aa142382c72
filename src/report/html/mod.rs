//! The HTML report (docs/report.md): one self-contained file a person reads in a browser.
//! Inline CSS and SVG, nothing loaded from the network (a Content-Security-Policy says so too),
//! readable without JavaScript; a small inline script sorts, filters and pages the big tables.
//!
//! This module builds a view of the [`Report`] for the minijinja templates in `templates/`
//! (compiled in with `include_str!`, HTML autoescaping on: every user string stays text), one
//! module per section: the verdict here, then `graph`, `cards`, `findings`, `planner` and
//! `runbook`. The geometry of the graph and the charts comes from `layout` and `svg`.

mod cards;
mod findings;
mod fit;
mod graph;
mod groups;
mod layout;
mod planner;
mod runbook;
mod svg;

use std::collections::BTreeMap;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment};
use serde::Serialize;

pub use cards::CARD_LIMIT;
pub use findings::FINDING_LIMIT;
pub use graph::GRAPH_LIMIT;

use super::format::{join_and, label};
use super::{RenderError, Report};
use crate::assess::Status;
use crate::estimate::assumptions::{Assumptions, Value as AssumptionValue};
use crate::estimate::{Eta, fmt_num};
use crate::model::{CompIdx, Disruption};
use crate::plan::runbook::{Inputs, Recovery};
use crate::rules::Severity;

/// Degraded components listed per disruption.
const DEGRADED_LIMIT: usize = 20;
/// Rows a table shows per page when the script runs.
const PAGE_ROWS: usize = 50;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "report.html",
        include_str!("../../../templates/report.html"),
    ),
    ("graph.html", include_str!("../../../templates/graph.html")),
    (
        "components.html",
        include_str!("../../../templates/components.html"),
    ),
    (
        "runbook.html",
        include_str!("../../../templates/runbook.html"),
    ),
    (
        "planner.html",
        include_str!("../../../templates/planner.html"),
    ),
    (
        "macros.html",
        include_str!("../../../templates/macros.html"),
    ),
];
const CSS: &str = include_str!("../../../templates/report.css");
const JS: &str = include_str!("../../../templates/report.js");

fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = super::format::templates(AutoEscape::Html, TEMPLATES)?;
    env.add_filter("inline_code", |s: String| inline_code(&s));
    env.add_filter("num", |v: f64| format!("{v:.0}"));
    Ok(env)
}

/// Renders the report as one HTML document.
pub fn render(report: &Report) -> Result<String, RenderError> {
    let clock = crate::timings::Timings::start();
    let env = environment()?;
    let inputs = report.inputs();
    let (page, components) = Page::build(report, inputs, report.runbooks());
    clock.lap("html: the page's views");
    // The components' section (the long table and the cards) renders beside the rest.
    let (section, rest) = rayon::join(
        || {
            let ctx = minijinja::context! { page => Value::from(Serde(&components)) };
            env.get_template("components.html")?.render(ctx)
        },
        || {
            minijinja::context! {
                page => Value::from(Serde(&page)),
                summary => Value::from(Serde(&report.summary)),
                planner => planner::planner_view(report, inputs),
                operational => planner::operational_view(inputs),
                css => Value::from_safe_string(CSS.to_string()),
                js => Value::from_safe_string(JS.to_string()),
            }
        },
    );
    let ctx = minijinja::context! {
        components_section => Value::from_safe_string(section?),
        ..rest
    };
    let html = env.get_template("report.html")?.render(ctx)?;
    clock.lap("html: the templates");
    Ok(html)
}

/// `text` escaped for HTML, with its `code spans` marked up (rule texts use them).
fn inline_code(text: &str) -> Value {
    let escaped = minijinja::HtmlEscape(text).to_string();
    let pieces: Vec<&str> = escaped.split('`').collect();
    if pieces.len().is_multiple_of(2) {
        return Value::from_safe_string(escaped);
    }
    let mut out = String::with_capacity(escaped.len() + 16);
    for (i, piece) in pieces.iter().enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(piece);
            out.push_str("</code>");
        } else {
            out.push_str(piece);
        }
    }
    Value::from_safe_string(out)
}

const WHAT: [&str; 4] = [
    "bad deploy, bug or data corruption",
    "an instance or node is lost",
    "one availability zone is lost",
    "the whole primary region is lost",
];

#[derive(Serialize)]
struct Page<'a> {
    title: String,
    architecture: &'a str,
    as_of: &'a str,
    primary: Option<&'a str>,
    secondary: Option<&'a str>,
    status: &'static str,
    headline: String,
    components: usize,
    entry_points: usize,
    findings_total: usize,
    finding_counts: Vec<(&'static str, usize)>,
    worst: &'static str,
    disruptions: Vec<DisruptionView<'a>>,
    graph: graph::GraphView,
    findings: findings::FindingsView,
    runbooks: Vec<runbook::RunbookView<'a>>,
    assumptions: Vec<AssumptionRow>,
    page_rows: usize,
}

/// What the components' section (templates/components.html) reads: rendered beside the rest.
#[derive(Serialize)]
struct ComponentsPage<'a> {
    components: usize,
    disruptions: Vec<DisruptionView<'a>>,
    page_rows: usize,
    table: cards::TableView<'a>,
    cards: cards::CardsView<'a>,
}

#[derive(Serialize)]
struct DisruptionView<'a> {
    key: &'static str,
    label: &'static str,
    what: &'static str,
    status: &'static str,
    worst: bool,
    rto: String,
    rpo: String,
    target_rto: Option<String>,
    target_rpo: Option<String>,
    rto_over: bool,
    rpo_over: bool,
    /// How much of the target the estimate uses, 0–100 (capped), for the bar.
    rto_pct: f64,
    critical_path: Vec<&'a str>,
    /// Why the critical path ends where it does, when it ends in something unrecoverable.
    cause: Option<String>,
    rpo_from: Option<&'a str>,
    degraded: Vec<DegradedRow<'a>>,
    degraded_total: usize,
}

#[derive(Serialize)]
struct DegradedRow<'a> {
    component: &'a str,
    dependency: &'a str,
    from: String,
    until: String,
}

/// The disruption the graph and the runbook open on: the breached one furthest off its
/// target (unrecoverable is furthest); ties go to region, then az, hardware, software.
fn worst(inputs: Inputs) -> Disruption {
    let a = inputs.assessment;
    let off = |d: Disruption| -> f64 {
        let app = &a.core.app[d];
        let Some(t) = app.target.filter(|_| app.status == Status::Breached) else {
            return -1.0;
        };
        let ratio = |e: Eta, target: std::time::Duration| match e {
            Eta::Unrecoverable => f64::INFINITY,
            Eta::At(v) if target.is_zero() => {
                if v.is_zero() {
                    0.0
                } else {
                    f64::MAX
                }
            }
            Eta::At(v) => v.as_secs_f64() / target.as_secs_f64(),
        };
        ratio(app.rto, t.rto).max(ratio(app.rpo, t.rpo))
    };
    let order = [
        Disruption::Region,
        Disruption::Az,
        Disruption::Hardware,
        Disruption::Software,
    ];
    let mut best = Disruption::Region;
    let mut best_off = off(best);
    for d in order {
        if off(d) > best_off {
            best = d;
            best_off = off(d);
        }
    }
    best
}

/// A component's state under a disruption, as the colours show it.
pub(super) fn state(inputs: Inputs, c: CompIdx, d: Disruption) -> &'static str {
    let cd = &inputs.assessment.core.components[c][d];
    if cd.ready == Eta::Unrecoverable {
        if inputs.assessment.core.own_rto(c, d) == Eta::Unrecoverable {
            "unrecoverable"
        } else {
            "blocked"
        }
    } else {
        cd.status.as_str()
    }
}

pub(super) fn eta(e: Eta) -> String {
    e.to_string()
}

impl<'r> Page<'r> {
    fn build<'a: 'r>(
        report: &'r Report<'a>,
        inputs: Inputs<'a>,
        plans: &'r [Recovery<'a>],
    ) -> (Page<'r>, ComponentsPage<'r>) {
        let arch = inputs.arch;
        let worst = worst(inputs);
        let disruptions: Vec<DisruptionView> = Disruption::ALL
            .into_iter()
            .map(|d| disruption_view(inputs, d, d == worst, report.cause(d)))
            .collect();
        let labels = Disruption::ALL
            .into_iter()
            .map(|d| disruption_view(inputs, d, d == worst, None))
            .collect();
        let s = &report.summary;
        let breached: Vec<&str> = s.breached.iter().map(|d| d.as_str()).collect();
        let headline = match s.status {
            Status::Breached => format!(
                "The {} target{} {} not met",
                join_and(&breached),
                if breached.len() > 1 { "s" } else { "" },
                if breached.len() > 1 { "are" } else { "is" }
            ),
            Status::Met if s.unassessed.is_empty() => "Every recovery target is met".into(),
            Status::Met => "Every recovery target set is met".into(),
            Status::Unassessed => "No recovery targets: set a policy to assess".into(),
        };
        let card_set = cards::card_selection(inputs);
        // Per component: how many findings, and the worst severity among them.
        let mut findings_by_comp: BTreeMap<&str, (usize, Severity)> = BTreeMap::new();
        for f in report.findings.iter() {
            let (count, worst) = findings_by_comp
                .entry(f.component)
                .or_insert((0, f.severity));
            *count += 1;
            *worst = (*worst).min(f.severity);
        }
        let runbooks = Disruption::ALL
            .into_iter()
            .zip(plans)
            .map(|(d, plan)| runbook::runbook_view(plan, d, d == worst))
            .collect();
        // The big views are independent: built on both cores.
        let ((graph, table), (cards, findings)) = rayon::join(
            || {
                rayon::join(
                    || graph_view(inputs),
                    || cards::table_view(inputs, &card_set, &findings_by_comp),
                )
            },
            || {
                rayon::join(
                    || cards::cards_view(inputs, report, &card_set),
                    || findings::findings_view(report, &card_set, inputs),
                )
            },
        );
        let components = ComponentsPage {
            components: s.components,
            disruptions: labels,
            page_rows: PAGE_ROWS,
            table,
            cards,
        };
        let page = Page {
            title: format!("drplan report: {}", report.architecture),
            architecture: report.architecture,
            as_of: &report.as_of,
            primary: arch.regions.primary.as_deref(),
            secondary: arch.regions.secondary.as_deref(),
            status: s.status.as_str(),
            headline,
            components: s.components,
            entry_points: s.entry_points,
            findings_total: report.findings.len(),
            finding_counts: s
                .findings
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(sev, n)| (sev.as_str(), *n))
                .collect(),
            worst: worst.as_str(),
            disruptions,
            graph,
            findings,
            runbooks,
            assumptions: assumption_rows(&inputs.options.assumptions),
            page_rows: PAGE_ROWS,
        };
        (page, components)
    }
}

fn disruption_view<'a>(
    inputs: Inputs<'a>,
    d: Disruption,
    is_worst: bool,
    cause: Option<String>,
) -> DisruptionView<'a> {
    let app = &inputs.assessment.core.app[d];
    let id = |c: CompIdx| inputs.id(c);
    let over = |e: Eta, t: Option<std::time::Duration>| t.is_some_and(|t| e > Eta::At(t));
    let rto_pct = match (app.rto, app.target) {
        (Eta::Unrecoverable, _) => 100.0,
        (Eta::At(v), Some(t)) if !t.rto.is_zero() => {
            (v.as_secs_f64() / t.rto.as_secs_f64() * 100.0).min(100.0)
        }
        (Eta::At(v), _) => {
            if v.is_zero() {
                0.0
            } else {
                100.0
            }
        }
    };
    DisruptionView {
        key: d.as_str(),
        label: label(d),
        what: WHAT[d.index()],
        status: app.status.as_str(),
        worst: is_worst,
        rto: eta(app.rto),
        rpo: eta(app.rpo),
        target_rto: app
            .target
            .map(|t| crate::duration::Human(t.rto).to_string()),
        target_rpo: app
            .target
            .map(|t| crate::duration::Human(t.rpo).to_string()),
        rto_over: over(app.rto, app.target.map(|t| t.rto)),
        rpo_over: over(app.rpo, app.target.map(|t| t.rpo)),
        rto_pct: (rto_pct * 10.0).round() / 10.0,
        critical_path: app.critical_path.iter().map(|&c| id(c)).collect(),
        cause,
        rpo_from: app.rpo_from.map(id),
        degraded_total: app.degraded.len(),
        degraded: app
            .degraded
            .iter()
            .take(DEGRADED_LIMIT)
            .map(|g| DegradedRow {
                component: id(g.component),
                dependency: id(g.dependency),
                from: eta(g.from),
                until: match g.until {
                    Eta::Unrecoverable => "the failed site returns".into(),
                    e => eta(e),
                },
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct AssumptionRow {
    key: &'static str,
    value: String,
    source: &'static str,
    overridden: bool,
}

fn assumption_rows(a: &Assumptions) -> Vec<AssumptionRow> {
    let defaults = Assumptions::default().rows();
    a.rows()
        .into_iter()
        .zip(defaults)
        .map(|(r, def)| AssumptionRow {
            key: r.key,
            value: match r.value {
                AssumptionValue::Duration(d) => crate::duration::Human(d).to_string(),
                AssumptionValue::Number(v) => format!("{} {}", fmt_num(v), r.unit),
            },
            source: r.source,
            overridden: r.value != def.value,
        })
        .collect()
}

/// The dependency graph's view: one node per component, or grouped past `GRAPH_LIMIT`.
fn graph_view(inputs: Inputs) -> graph::GraphView {
    if inputs.arch.components.len() > GRAPH_LIMIT {
        groups::grouped_graph(inputs)
    } else {
        graph::full_graph(inputs)
    }
}
