//! The HTML report (SPEC §10): one self-contained file a person reads in a browser. Inline
//! CSS and SVG, nothing loaded from the network (a Content-Security-Policy says so too),
//! readable without JavaScript; a small inline script sorts, filters and pages the big tables.
//!
//! This module builds a view of the [`Report`] for the minijinja templates in `templates/`
//! (compiled in with `include_str!`, HTML autoescaping on: every user string stays text). The
//! geometry of the graph and the charts comes from `layout` and `svg`. Big architectures stay
//! readable: the graph collapses into one node per cell (or kind) past [`GRAPH_LIMIT`]
//! components, and the long lists are limited and paged.

mod layout;
mod svg;

use std::collections::BTreeMap;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment};
use serde::Serialize;

use super::Report;
use crate::assess::Status;
use crate::duration::human_secs;
use crate::estimate::assumptions::{Assumptions, Value as AssumptionValue};
use crate::estimate::{Estimate, Eta, Term, fmt_num};
use crate::model::{CompIdx, Disruption};
use crate::plan::runbook::{self, Inputs, Recovery};
use crate::rules::{Severity, catalog};

use svg::FrontierPoint;

/// Above this many components the graph shows one node per cell (or per kind).
pub const GRAPH_LIMIT: usize = 200;
/// Cells boxed in the full graph; with more, cells are named in the tooltips only.
const MAX_BANDS: usize = 8;
/// Above this many groups of cells, the collapsed graph groups by kind instead.
const GROUP_LIMIT: usize = 160;
/// Edges drawn between groups in the collapsed graph (critical paths, then the heaviest):
/// more would be a hairball. All of them order the layout.
const GROUP_EDGE_LIMIT: usize = 60;
/// Degraded components listed per disruption.
const DEGRADED_LIMIT: usize = 20;
/// Component cards with the arithmetic; above this, the most important ones.
pub const CARD_LIMIT: usize = 300;
/// Findings listed one by one (all of them are counted per rule).
pub const FINDING_LIMIT: usize = 1000;
/// Rows of a runbook timeline, and of its step table.
const GANTT_ROWS: usize = 40;
const STEP_ROWS: usize = 300;
/// Recommendations listed (three options per component).
const RECOMMENDATION_LIMIT: usize = 300;
/// Rows of the frontier table (the chart has every point).
const FRONTIER_ROWS: usize = 30;
/// Rows a table shows per page when the script runs.
const PAGE_ROWS: usize = 50;

const TEMPLATES: &[(&str, &str)] = &[
    ("report.html", include_str!("../../templates/report.html")),
    ("graph.html", include_str!("../../templates/graph.html")),
    (
        "components.html",
        include_str!("../../templates/components.html"),
    ),
    ("runbook.html", include_str!("../../templates/runbook.html")),
    ("planner.html", include_str!("../../templates/planner.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
];
const CSS: &str = include_str!("../../templates/report.css");
const JS: &str = include_str!("../../templates/report.js");

fn environment() -> Environment<'static> {
    let mut env = super::templates(AutoEscape::Html, TEMPLATES);
    env.add_filter("inline_code", |s: String| inline_code(&s));
    env.add_filter("num", |v: f64| format!("{v:.0}"));
    env
}

/// `1234.5` → `1,234.50`; whole amounts without decimals.
pub fn money(v: f64) -> String {
    let neg = v < 0.0;
    let cents = (v.abs() * 100.0).round() as u128;
    let (whole, frac) = (cents / 100, cents % 100);
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if frac != 0 {
        out.push_str(&format!(".{frac:02}"));
    }
    if neg { format!("-{out}") } else { out }
}

/// Renders the report as one HTML document.
pub fn render(report: &Report, inputs: Inputs) -> Result<String, minijinja::Error> {
    let env = environment();
    let plans: Vec<Recovery> = Disruption::ALL
        .into_iter()
        .map(|d| runbook::recovery(inputs, d))
        .collect();
    let page = Page::build(report, inputs, &plans);
    let ctx = minijinja::context! {
        page => Value::from(Serde(&page)),
        summary => Value::from(Serde(&report.summary)),
        planner => planner_view(report, inputs),
        operational => operational_view(inputs),
        css => Value::from_safe_string(CSS.to_string()),
        js => Value::from_safe_string(JS.to_string()),
    };
    env.get_template("report.html")?.render(ctx)
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

/// The operational recommendations (SPEC §4): the alarms, runbooks and experiments still to
/// add, largest blast radius first, with how to implement each kind.
fn operational_view(inputs: Inputs) -> Value {
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

/// What the planner added to the report (SPEC §4, §9), as the JSON shows it: the slots of the
/// templates render nothing for what is absent.
fn planner_view(report: &Report, inputs: Inputs) -> Value {
    let region_target = inputs.assessment.core.app[Disruption::Region]
        .target
        .map(|t| crate::duration::secs(t.rto));
    // The options of one component together, in the order the planner gave them.
    let recommendations = report.recommendations.as_ref().map(|r| {
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
    let frontier = report.frontier.as_ref().and_then(|f| {
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
    let frontier_rows: Option<Vec<_>> = report.frontier.as_ref().map(|f| {
        let n = f.len();
        if n <= FRONTIER_ROWS {
            return f.iter().collect();
        }
        (0..FRONTIER_ROWS)
            .map(|i| &f[i * (n - 1) / (FRONTIER_ROWS - 1)])
            .collect()
    });
    minijinja::context! {
        frontier_total => report.frontier.as_ref().map_or(0, Vec::len),
        recommendations => Value::from(Serde(&recommendations)),
        recommendations_total => report.recommendations.as_ref().map_or(0, |r| r.len()),
        recommendations_shown => report.recommendations.as_ref().map_or(0, |r| r.len().min(RECOMMENDATION_LIMIT)),
        plan => Value::from(Serde(&report.plan)),
        frontier => Value::from(Serde(&frontier_rows)),
        frontier_chart => Value::from(Serde(&frontier)),
        downtime => Value::from(Serde(&report.downtime)),
    }
}

// ------------------------------------------------------------------ the view

const LABELS: [&str; 4] = ["Software", "Hardware", "AZ", "Region"];
const WHAT: [&str; 4] = [
    "bad deploy, bug or data corruption",
    "an instance or node is lost",
    "one availability zone is lost",
    "the whole primary region is lost",
];

fn label(d: Disruption) -> &'static str {
    LABELS[d.index()]
}

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
    graph: GraphView,
    table: TableView<'a>,
    cards: CardsView<'a>,
    findings: FindingsView,
    runbooks: Vec<RunbookView<'a>>,
    assumptions: Vec<AssumptionRow>,
    page_rows: usize,
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
fn state(inputs: Inputs, c: CompIdx, d: Disruption) -> &'static str {
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

fn eta(e: Eta) -> String {
    e.to_string()
}

impl<'a> Page<'a> {
    fn build(report: &'a Report<'a>, inputs: Inputs<'a>, plans: &'a [Recovery<'a>]) -> Page<'a> {
        let arch = inputs.arch;
        let worst = worst(inputs);
        let disruptions = Disruption::ALL
            .into_iter()
            .map(|d| disruption_view(inputs, d, d == worst))
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
        let card_set = card_selection(inputs);
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
            .map(|(d, plan)| runbook_view(plan, d, d == worst))
            .collect();
        Page {
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
            graph: graph_view(inputs),
            table: table_view(inputs, &card_set, &findings_by_comp),
            cards: cards_view(inputs, report, &card_set),
            findings: findings_view(report, &card_set, inputs),
            runbooks,
            assumptions: assumption_rows(&inputs.options.assumptions),
            page_rows: PAGE_ROWS,
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn disruption_view(inputs: Inputs<'_>, d: Disruption, is_worst: bool) -> DisruptionView<'_> {
    let app = &inputs.assessment.core.app[d];
    let id = |c: CompIdx| inputs.id(c);
    let cause = app
        .critical_path
        .last()
        .and_then(|&c| match &*inputs.estimate(c, d) {
            Estimate::Unrecoverable(u) => Some(format!("{} cannot recover: {}", id(c), u.reason())),
            _ => None,
        });
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

// ------------------------------------------------------------------ graph

#[derive(Serialize)]
struct GraphView {
    width: f64,
    height: f64,
    /// `None`: one node per component; else what a node stands for (`cell`, `kind`).
    grouped_by: Option<&'static str>,
    nodes: Vec<NodeView>,
    edges: Vec<EdgeView>,
    bands: Vec<BandView>,
    hidden_edges: usize,
    node_w: f64,
    node_h: f64,
}

#[derive(Serialize)]
struct NodeView {
    x: f64,
    y: f64,
    label: String,
    sub: String,
    title: String,
    /// Link target (`#c-…`) when the component has a card.
    href: Option<String>,
    entry: bool,
    /// State per disruption (software, hardware, az, region).
    state: [&'static str; 4],
    /// Text per disruption: when it is back, or how many of the group are down.
    when: [String; 4],
    /// Disruptions whose critical path goes through it, space-separated.
    cp: String,
    /// Group nodes: a stacked bar per disruption of how many members are in each state.
    bars: Vec<Vec<BarSegment>>,
}

#[derive(Serialize)]
struct BarSegment {
    x: f64,
    w: f64,
    state: &'static str,
}

#[derive(Serialize)]
struct EdgeView {
    path: String,
    critical: bool,
    asynchronous: bool,
    cp: String,
    title: String,
    width: f64,
}

#[derive(Serialize)]
struct BandView {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    label: String,
}

const STATES: [&str; 5] = ["unrecoverable", "blocked", "breached", "met", "unassessed"];

fn state_rank(s: &str) -> usize {
    STATES.iter().position(|x| *x == s).unwrap_or(STATES.len())
}

/// A coordinate to one decimal: enough for a screen, and short markup.
fn r1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

fn edge_path(from: (f64, f64), to: (f64, f64), w: f64, h: f64) -> String {
    let (x1, y1) = (from.0 + w / 2.0, from.1 + h);
    let (x2, y2) = (to.0 + w / 2.0, to.1);
    let dy = ((y2 - y1).abs() / 2.0).max(30.0);
    format!(
        "M{x1:.1},{y1:.1} C{x1:.1},{:.1} {x2:.1},{:.1} {x2:.1},{:.1}",
        y1 + dy,
        y2 - dy,
        y2 - 1.0
    )
}

/// Critical-path membership: for each disruption, which components and which edges.
struct Paths {
    nodes: Vec<[bool; 4]>,
    edges: std::collections::HashSet<(CompIdx, CompIdx, usize)>,
}

fn paths(inputs: Inputs) -> Paths {
    let n = inputs.arch.components.len();
    let mut nodes = vec![[false; 4]; n];
    let mut edges = std::collections::HashSet::new();
    for d in Disruption::ALL {
        let p = &inputs.assessment.core.app[d].critical_path;
        for &c in p {
            nodes[c][d.index()] = true;
        }
        for w in p.windows(2) {
            edges.insert((w[0], w[1], d.index()));
        }
    }
    Paths { nodes, edges }
}

fn cp_text(flags: [bool; 4]) -> String {
    Disruption::ALL
        .into_iter()
        .filter(|d| flags[d.index()])
        .map(|d| d.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn graph_view(inputs: Inputs) -> GraphView {
    if inputs.arch.components.len() > GRAPH_LIMIT {
        grouped_graph(inputs)
    } else {
        full_graph(inputs)
    }
}

fn full_graph(inputs: Inputs) -> GraphView {
    let (arch, a) = (inputs.arch, inputs.assessment);
    let by_id = &a.core.graph.by_id;
    let n = by_id.len();
    // Node v is the v-th component in id order.
    let node_of: Vec<usize> = {
        let mut m = vec![0; n];
        for (v, &c) in by_id.iter().enumerate() {
            m[c] = v;
        }
        m
    };
    let mut cells: Vec<&str> = arch
        .components
        .iter()
        .filter_map(|c| c.cell.as_deref())
        .collect();
    cells.sort_unstable();
    cells.dedup();
    // Cells are boxed when there are a few of them; many small cells would only spread the
    // graph wide (each node's tooltip names its cell).
    if cells.len() > MAX_BANDS {
        cells.clear();
    }
    let band: Vec<usize> = by_id
        .iter()
        .map(|&c| {
            arch.components[c]
                .cell
                .as_deref()
                .map_or(0, |cell| cells.binary_search(&cell).map_or(0, |i| i + 1))
        })
        .collect();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut edge_info = Vec::new();
    for &c in by_id {
        for e in &arch.components[c].depends_on {
            edges.push((node_of[c], node_of[e.to]));
            edge_info.push((c, e));
        }
    }
    let l = layout::layout(&layout::Input {
        n,
        edges: &edges,
        band: &band,
        bands: cells.len() + 1,
        node_h: layout::NODE_H,
    });
    let p = paths(inputs);
    let nodes = by_id
        .iter()
        .enumerate()
        .map(|(v, &c)| {
            let comp = &arch.components[c];
            let state = Disruption::ALL.map(|d| state(inputs, c, d));
            let when = Disruption::ALL.map(|d| match a.core.components[c][d].ready {
                Eta::Unrecoverable => "✕ cannot recover".to_string(),
                e => format!("{} · {e}", comp.kind),
            });
            let mut title = format!("{} ({})", comp.id, comp.kind);
            if let Some(name) = &comp.name {
                title.push_str(&format!(" — {name}"));
            }
            if let Some(cell) = &comp.cell {
                title.push_str(&format!(", cell {cell}"));
            }
            for d in Disruption::ALL {
                title.push_str(&format!(
                    "\n{}: {} ({})",
                    d,
                    state[d.index()],
                    eta(a.core.components[c][d].ready)
                ));
            }
            NodeView {
                x: r1(l.pos[v].0),
                y: r1(l.pos[v].1),
                label: truncate(&comp.id, 18),
                sub: String::new(),
                title,
                href: Some(format!("#c-{}", comp.id)),
                entry: a.core.graph.is_entry[c],
                state,
                when,
                cp: cp_text(p.nodes[c]),
                bars: Vec::new(),
            }
        })
        .collect();
    let edges = edges
        .iter()
        .zip(&edge_info)
        .map(|(&(u, v), &(c, e))| {
            let cp = Disruption::ALL.map(|d| p.edges.contains(&(c, e.to, d.index())));
            EdgeView {
                path: edge_path(l.pos[u], l.pos[v], layout::NODE_W, layout::NODE_H),
                critical: e.critical,
                asynchronous: e.mode == crate::model::Mode::Async,
                cp: cp_text(cp),
                title: format!(
                    "{} → {} ({}, {})",
                    arch.components[c].id,
                    arch.components[e.to].id,
                    e.mode,
                    if e.critical {
                        "critical"
                    } else {
                        "non-critical"
                    }
                ),
                width: 1.4,
            }
        })
        .collect();
    let bands = l
        .bands
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(b, r)| {
            r.map(|(x, y, w, h)| BandView {
                x: r1(x),
                y: r1(y),
                w: r1(w),
                h: r1(h),
                label: format!("cell {}", cells[b - 1]),
            })
        })
        .collect();
    GraphView {
        width: l.width.ceil(),
        height: l.height.ceil(),
        grouped_by: None,
        nodes,
        edges,
        bands,
        hidden_edges: 0,
        node_w: layout::NODE_W,
        node_h: layout::NODE_H,
    }
}

/// An edge between two groups: (from, to), and (how many component edges, any critical, on
/// the critical path of each disruption).
type GroupEdge = ((usize, usize), (usize, bool, [bool; 4]));

/// One node per cell (components without a cell: per kind), or per kind when there are
/// too many cells; edges between groups carry how many component edges they stand for.
fn grouped_graph(inputs: Inputs) -> GraphView {
    let (arch, a) = (inputs.arch, inputs.assessment);
    let n = arch.components.len();
    let kind_key = |c: CompIdx| {
        let comp = &arch.components[c];
        if a.core.graph.is_entry[c] {
            format!("{} · entry points", comp.kind)
        } else {
            comp.kind.as_str().to_string()
        }
    };
    let cell_count = {
        let mut cells: Vec<&str> = arch
            .components
            .iter()
            .filter_map(|c| c.cell.as_deref())
            .collect();
        cells.sort_unstable();
        cells.dedup();
        cells.len()
    };
    let by_cell = cell_count > 0 && cell_count <= GROUP_LIMIT;
    let key = |c: CompIdx| -> String {
        match arch.components[c].cell.as_deref() {
            Some(cell) if by_cell => format!("cell {cell}"),
            _ if by_cell => format!("{} (no cell)", kind_key(c)),
            _ => kind_key(c),
        }
    };
    let keys: Vec<String> = (0..n).map(key).collect();
    let mut names: Vec<&str> = keys.iter().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    let group: Vec<usize> = keys
        .iter()
        .map(|k| names.binary_search(&k.as_str()).unwrap_or(0))
        .collect();
    let g = names.len();

    let mut count = vec![0usize; g];
    let mut states = vec![[[0usize; 5]; 4]; g];
    let mut entries = vec![0usize; g];
    let mut cp = vec![[false; 4]; g];
    let p = paths(inputs);
    for c in 0..n {
        let k = group[c];
        count[k] += 1;
        entries[k] += usize::from(a.core.graph.is_entry[c]);
        for d in Disruption::ALL {
            states[k][d.index()][state_rank(state(inputs, c, d))] += 1;
            cp[k][d.index()] |= p.nodes[c][d.index()];
        }
    }
    // Edges between groups, weighted by how many component edges they stand for.
    let mut between: BTreeMap<(usize, usize), (usize, bool, [bool; 4])> = BTreeMap::new();
    for c in 0..n {
        for e in &arch.components[c].depends_on {
            let (u, v) = (group[c], group[e.to]);
            if u == v {
                continue;
            }
            let entry = between.entry((u, v)).or_insert((0, false, [false; 4]));
            entry.0 += 1;
            entry.1 |= e.critical;
            for d in Disruption::ALL {
                entry.2[d.index()] |= p.edges.contains(&(c, e.to, d.index()));
            }
        }
    }
    let mut list: Vec<GroupEdge> = between.into_iter().collect();
    // Heaviest first, critical-path edges always; ties by names.
    list.sort_by(|a, b| {
        let on = |x: &[bool; 4]| x.iter().any(|&f| f);
        on(&b.1.2)
            .cmp(&on(&a.1.2))
            .then(b.1.0.cmp(&a.1.0))
            .then(a.0.cmp(&b.0))
    });
    let edges: Vec<(usize, usize)> = list.iter().map(|(k, _)| *k).collect();
    let hidden = list.len().saturating_sub(GROUP_EDGE_LIMIT);
    list.truncate(GROUP_EDGE_LIMIT);
    let band = vec![0; g];
    let node_h = layout::NODE_H + 14.0;
    let l = layout::layout(&layout::Input {
        n: g,
        edges: &edges,
        band: &band,
        bands: 1,
        node_h,
    });
    let max_count = list.iter().map(|(_, v)| v.0).max().unwrap_or(1) as f64;
    let nodes = (0..g)
        .map(|k| {
            let state = Disruption::ALL.map(|d| {
                let s = &states[k][d.index()];
                STATES[s.iter().position(|&x| x > 0).unwrap_or(4)]
            });
            let when = Disruption::ALL.map(|d| {
                let s = &states[k][d.index()];
                let down = s[0] + s[1];
                let total = count[k];
                if down > 0 {
                    format!("{down}/{total} cannot recover")
                } else if s[2] > 0 {
                    format!("{}/{total} breached", s[2])
                } else if s[3] == total {
                    format!("all {total} met")
                } else {
                    format!("{}/{total} met", s[3])
                }
            });
            let bars = Disruption::ALL
                .into_iter()
                .map(|d| {
                    let s = &states[k][d.index()];
                    let mut x = 8.0;
                    let total = count[k].max(1) as f64;
                    STATES
                        .iter()
                        .zip(s.iter())
                        .filter(|(_, n)| **n > 0)
                        .map(|(st, &m)| {
                            let w = (layout::NODE_W - 16.0) * m as f64 / total;
                            let seg = BarSegment {
                                x: r1(x),
                                w: r1(w),
                                state: st,
                            };
                            x += w;
                            seg
                        })
                        .collect()
                })
                .collect();
            let mut title = format!("{}: {} components", names[k], count[k]);
            if entries[k] > 0 {
                title.push_str(&format!(", {} entry points", entries[k]));
            }
            for d in Disruption::ALL {
                let s = &states[k][d.index()];
                title.push_str(&format!(
                    "\n{d}: {} met, {} breached, {} cannot recover, {} unassessed",
                    s[3],
                    s[2],
                    s[0] + s[1],
                    s[4]
                ));
            }
            NodeView {
                x: r1(l.pos[k].0),
                y: r1(l.pos[k].1),
                label: truncate(names[k], 20),
                sub: String::new(),
                title,
                href: None,
                entry: false,
                state,
                when,
                cp: cp_text(cp[k]),
                bars,
            }
        })
        .collect();
    let edges = list
        .iter()
        .map(|&((u, v), (m, critical, on))| EdgeView {
            path: edge_path(l.pos[u], l.pos[v], layout::NODE_W, node_h),
            critical,
            asynchronous: false,
            cp: cp_text(on),
            title: format!("{} → {}: {m} dependencies", names[u], names[v]),
            width: r1(1.0 + 3.0 * (m as f64).ln_1p() / max_count.ln_1p()),
        })
        .collect();
    GraphView {
        width: l.width.ceil(),
        height: l.height.ceil(),
        grouped_by: Some(if by_cell { "cell" } else { "kind" }),
        nodes,
        edges,
        bands: Vec::new(),
        hidden_edges: hidden,
        node_w: layout::NODE_W,
        node_h,
    }
}

// ------------------------------------------------------------------ components

/// Which components get a card: all of them up to [`CARD_LIMIT`], else those on a critical
/// path, those that cannot recover, single points of failure, then by blast radius.
fn card_selection(inputs: Inputs) -> Vec<bool> {
    let (arch, a) = (inputs.arch, inputs.assessment);
    let n = arch.components.len();
    if n <= CARD_LIMIT {
        return vec![true; n];
    }
    let on_path = paths(inputs).nodes;
    let mut order: Vec<CompIdx> = (0..n).collect();
    let rank = |c: CompIdx| {
        let root = Disruption::ALL
            .into_iter()
            .any(|d| inputs.assessment.core.own_rto(c, d) == Eta::Unrecoverable);
        (
            !on_path[c].iter().any(|&f| f),
            !(root && a.core.graph.reached[c]),
            !a.spof[c],
            std::cmp::Reverse(a.blast.radius[c].components),
            a.core.graph.id_rank[c],
        )
    };
    order.sort_by_key(|&c| rank(c));
    let mut chosen = vec![false; n];
    for &c in order.iter().take(CARD_LIMIT) {
        chosen[c] = true;
    }
    chosen
}

#[derive(Serialize)]
struct TableView<'a> {
    rows: Vec<RowView<'a>>,
    paged: bool,
}

#[derive(Serialize)]
struct RowView<'a> {
    id: &'a str,
    name: Option<&'a str>,
    kind: &'static str,
    cell: Option<&'a str>,
    entry: bool,
    card: bool,
    state: [&'static str; 4],
    ready: [String; 4],
    /// Sort keys (seconds; unrecoverable sorts last).
    ready_key: [u64; 4],
    blast: u64,
    spof: bool,
    findings: usize,
    worst_finding: Option<&'static str>,
}

fn table_view<'a>(
    inputs: Inputs<'a>,
    cards: &[bool],
    findings: &BTreeMap<&str, (usize, Severity)>,
) -> TableView<'a> {
    let (arch, a) = (inputs.arch, inputs.assessment);
    let rows: Vec<RowView> = a
        .core
        .graph
        .by_id
        .iter()
        .map(|&c| {
            let comp = &arch.components[c];
            let f = findings.get(comp.id.as_str());
            RowView {
                id: &comp.id,
                name: comp.name.as_deref(),
                kind: comp.kind.as_str(),
                cell: comp.cell.as_deref(),
                entry: a.core.graph.is_entry[c],
                card: cards[c],
                state: Disruption::ALL.map(|d| state(inputs, c, d)),
                ready: Disruption::ALL.map(|d| eta(a.core.components[c][d].ready)),
                ready_key: Disruption::ALL
                    .map(|d| a.core.components[c][d].ready.secs().unwrap_or(u64::MAX)),
                blast: a.blast.radius[c].components,
                spof: a.spof[c],
                findings: f.map_or(0, |&(count, _)| count),
                worst_finding: f.map(|&(_, worst)| worst.as_str()),
            }
        })
        .collect();
    TableView {
        paged: rows.len() > PAGE_ROWS,
        rows,
    }
}

#[derive(Serialize)]
struct CardsView<'a> {
    cards: Vec<CardView<'a>>,
    total: usize,
}

#[derive(Serialize)]
struct CardView<'a> {
    id: &'a str,
    name: Option<&'a str>,
    description: Option<&'a str>,
    service: Option<&'a str>,
    owner: Option<&'a str>,
    kind: &'static str,
    cell: Option<&'a str>,
    entry: bool,
    stateful: bool,
    spof: bool,
    state: [&'static str; 4],
    facts: Vec<String>,
    disruptions: Vec<CardDisruption>,
    blast: BlastRow<'a>,
    depends_on: Vec<DepRow<'a>>,
    findings: Vec<CardFinding>,
}

#[derive(Serialize)]
struct CardDisruption {
    label: &'static str,
    key: &'static str,
    state: &'static str,
    target: Option<String>,
    unrecoverable: Option<&'static str>,
    rto_terms: Vec<TermRow>,
    own_rto: String,
    waits: Option<String>,
    startup: Option<String>,
    ready: String,
    rpo_terms: Vec<TermRow>,
    rpo: String,
    measured: bool,
}

#[derive(Serialize)]
struct TermRow {
    what: &'static str,
    detail: String,
    value: String,
    measured: bool,
}

#[derive(Serialize)]
struct BlastRow<'a> {
    components: u64,
    entry_points: u64,
    sample: Vec<&'a str>,
    cells: Vec<&'a str>,
    estimated: bool,
}

#[derive(Serialize)]
struct DepRow<'a> {
    id: &'a str,
    critical: bool,
    mode: &'static str,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct CardFinding {
    rule: &'static str,
    severity: &'static str,
    message: String,
}

fn term_rows(terms: &[Term]) -> Vec<TermRow> {
    terms
        .iter()
        .map(|t| TermRow {
            what: t.what(),
            detail: t.detail(),
            value: crate::duration::Human(t.duration).to_string(),
            measured: t.measured(),
        })
        .collect()
}

fn cards_view<'a>(inputs: Inputs<'a>, report: &Report<'a>, chosen: &[bool]) -> CardsView<'a> {
    let (arch, a) = (inputs.arch, inputs.assessment);
    let mut findings: BTreeMap<&str, Vec<CardFinding>> = BTreeMap::new();
    for f in report.findings.iter() {
        if arch.find(f.component).is_some_and(|c| chosen[c]) {
            findings.entry(f.component).or_default().push(CardFinding {
                rule: f.rule,
                severity: f.severity.as_str(),
                message: finding_message(&f),
            });
        }
    }
    let cards = a
        .core
        .graph
        .by_id
        .iter()
        .copied()
        .filter(|&c| chosen[c])
        .map(|c| {
            let comp = &arch.components[c];
            let b = &a.blast.radius[c];
            let mut facts = vec![format!(
                "{} instance{} in {} zone{}",
                comp.deployment.instances,
                if comp.deployment.instances == 1 {
                    ""
                } else {
                    "s"
                },
                comp.effective_zones(),
                if comp.effective_zones() == 1 { "" } else { "s" }
            )];
            facts.push(format!(
                "region strategy {}",
                comp.deployment.region_strategy
            ));
            if comp.stateful {
                facts.push(format!("{} GB of data", fmt_num(comp.data_gb)));
                facts.push(match comp.backups() {
                    Some(bk) => format!(
                        "backups every {}{}{}",
                        crate::duration::Human(bk.frequency.unwrap_or_default()),
                        if bk.pitr { " + PITR" } else { "" },
                        if bk.cross_region_copy {
                            ", copied cross-region"
                        } else {
                            ""
                        }
                    ),
                    None => "no backups".into(),
                });
                if let Some(r) = &comp.replication {
                    facts.push(format!("{} cross-region replication", r.mode));
                }
            }
            if comp.scope != crate::model::Scope::Regional {
                facts.push(format!("{} scope", comp.scope));
            }
            CardView {
                id: &comp.id,
                name: comp.name.as_deref(),
                description: comp.description.as_deref(),
                service: comp.service.as_deref(),
                owner: comp.owner.as_deref(),
                kind: comp.kind.as_str(),
                cell: comp.cell.as_deref(),
                entry: a.core.graph.is_entry[c],
                stateful: comp.stateful,
                spof: a.spof[c],
                state: Disruption::ALL.map(|d| state(inputs, c, d)),
                facts,
                disruptions: Disruption::ALL
                    .into_iter()
                    .map(|d| card_disruption(inputs, c, d))
                    .collect(),
                blast: BlastRow {
                    components: b.components,
                    entry_points: b.entry_points,
                    sample: b.sample.iter().map(|&x| inputs.id(x)).collect(),
                    cells: b
                        .cells
                        .iter()
                        .map(|&k| a.blast.cells[k as usize].as_str())
                        .collect(),
                    estimated: b.estimated,
                },
                depends_on: comp
                    .depends_on
                    .iter()
                    .map(|e| {
                        let mut notes = Vec::new();
                        if let Some(t) = e.timeout {
                            notes.push(format!("timeout {}", crate::duration::Human(t)));
                        }
                        if e.retry.is_some() {
                            notes.push("retry".into());
                        }
                        if e.circuit_breaker {
                            notes.push("circuit breaker".into());
                        }
                        if let Some(f) = &e.fallback {
                            notes.push(format!("fallback {f}"));
                        }
                        DepRow {
                            id: inputs.id(e.to),
                            critical: e.critical,
                            mode: e.mode.as_str(),
                            notes,
                        }
                    })
                    .collect(),
                findings: findings.remove(comp.id.as_str()).unwrap_or_default(),
            }
        })
        .collect();
    CardsView {
        cards,
        total: arch.components.len(),
    }
}

fn card_disruption(inputs: Inputs<'_>, c: CompIdx, d: Disruption) -> CardDisruption {
    let (arch, a) = (inputs.arch, inputs.assessment);
    let comp = &arch.components[c];
    let cd = &a.core.components[c][d];
    let est = inputs.estimate(c, d);
    let (rto_terms, rpo_terms, unrecoverable) = match &*est {
        Estimate::Recoverable { rto, rpo } => (term_rows(rto), term_rows(rpo), None),
        Estimate::Unrecoverable(u) => (Vec::new(), Vec::new(), Some(u.reason())),
    };
    // The dependency that holds it back, when one does.
    let waits = (cd.start > est.rto()).then(|| {
        let slowest = a
            .core
            .graph
            .critical_deps(c)
            .max_by(|&x, &y| {
                a.core.components[x][d]
                    .ready
                    .cmp(&a.core.components[y][d].ready)
                    .then(a.core.graph.id_rank[y].cmp(&a.core.graph.id_rank[x]))
            })
            .map(|x| inputs.id(x));
        match (slowest, cd.start) {
            (Some(x), Eta::Unrecoverable) => format!("waits on {x}, which cannot recover"),
            (Some(x), e) => format!("waits on {x}, back at {e}"),
            (None, e) => format!("waits until {e}"),
        }
    });
    CardDisruption {
        label: label(d),
        key: d.as_str(),
        state: state(inputs, c, d),
        target: comp.policy.targets[d].map(|t| {
            format!(
                "RTO {} · RPO {}",
                crate::duration::Human(t.rto),
                crate::duration::Human(t.rpo)
            )
        }),
        unrecoverable,
        rto_terms,
        own_rto: eta(est.rto()),
        waits,
        startup: (!comp.recovery.startup.is_zero())
            .then(|| crate::duration::Human(comp.recovery.startup).to_string()),
        ready: eta(cd.ready),
        rpo_terms,
        rpo: eta(est.rpo()),
        measured: est.measured(),
    }
}

// ------------------------------------------------------------------ findings

#[derive(Serialize)]
struct FindingsView {
    total: usize,
    by_rule: Vec<RuleRow>,
    items: Vec<FindingRow>,
    paged: bool,
}

#[derive(Serialize)]
struct RuleRow {
    rule: &'static str,
    name: &'static str,
    severity: &'static str,
    count: usize,
    summary: &'static str,
    doc: String,
}

#[derive(Serialize)]
struct FindingRow {
    rule: &'static str,
    name: &'static str,
    severity: &'static str,
    component: String,
    card: bool,
    message: String,
    remediation: String,
    doc: String,
}

/// A finding's message and remediation as text (the one place that reads them).
fn finding_message(f: &super::FindingView) -> String {
    f.message.to_string()
}

fn finding_remediation(f: &super::FindingView) -> String {
    f.remediation.to_string()
}

fn doc_link(rule: &str) -> String {
    format!("docs/rules/{rule}.md")
}

fn findings_view(report: &Report, cards: &[bool], inputs: Inputs) -> FindingsView {
    let mut by_rule: BTreeMap<(Severity, &'static str), RuleRow> = BTreeMap::new();
    for f in report.findings.iter() {
        let row = by_rule
            .entry((f.severity, f.rule))
            .or_insert_with(|| RuleRow {
                rule: f.rule,
                name: f.name,
                severity: f.severity.as_str(),
                count: 0,
                summary: catalog::find(f.rule).map_or("", |r| r.summary),
                doc: doc_link(f.rule),
            });
        // A rule's rows show its worst severity (some rules lower it off the critical path).
        row.count += 1;
    }
    let items: Vec<FindingRow> = report
        .findings
        .iter()
        .take(FINDING_LIMIT)
        .map(|f| FindingRow {
            rule: f.rule,
            name: f.name,
            severity: f.severity.as_str(),
            component: f.component.to_string(),
            card: inputs.arch.find(f.component).is_some_and(|c| cards[c]),
            message: finding_message(&f),
            remediation: finding_remediation(&f),
            doc: doc_link(f.rule),
        })
        .collect();
    FindingsView {
        total: report.findings.len(),
        by_rule: by_rule.into_values().collect(),
        paged: items.len() > PAGE_ROWS,
        items,
    }
}

// ------------------------------------------------------------------ runbook

#[derive(Serialize)]
struct RunbookView<'a> {
    key: &'static str,
    label: &'static str,
    open: bool,
    status: &'static str,
    rto: String,
    target: String,
    steps_total: usize,
    blocked_total: usize,
    waves: usize,
    gantt: svg::Gantt<'a>,
    steps: Vec<StepRow<'a>>,
    blocked: Vec<BlockedRow<'a>>,
    unaffected: Vec<&'a str>,
}

#[derive(Serialize)]
struct StepRow<'a> {
    order: usize,
    wave: usize,
    component: &'a str,
    action: String,
    automatic: bool,
    critical_path: bool,
    work: String,
    start: String,
    finish: String,
    waits_for: Vec<&'a str>,
}

#[derive(Serialize)]
struct BlockedRow<'a> {
    component: &'a str,
    reason: String,
}

fn runbook_view<'a>(plan: &'a Recovery<'a>, d: Disruption, open: bool) -> RunbookView<'a> {
    RunbookView {
        key: d.as_str(),
        label: label(d),
        open,
        status: plan.status.as_str(),
        rto: plan.rto.clone(),
        target: runbook::target_text(plan.target.as_ref()),
        steps_total: plan.steps.len(),
        blocked_total: plan.blocked.len(),
        waves: plan.waves,
        gantt: svg::gantt(plan, GANTT_ROWS),
        steps: plan
            .steps
            .iter()
            .take(STEP_ROWS)
            .map(|s| StepRow {
                order: s.order,
                wave: s.wave,
                component: s.component,
                action: s.action.clone(),
                automatic: s.automatic,
                critical_path: s.critical_path,
                work: human_secs(s.work_secs),
                start: s.start.clone(),
                finish: s.finish.clone(),
                waits_for: s.waits_for.clone(),
            })
            .collect(),
        blocked: plan
            .blocked
            .iter()
            .take(STEP_ROWS)
            .map(|b| BlockedRow {
                component: b.component,
                reason: b.reason.clone(),
            })
            .collect(),
        unaffected: plan.unaffected.clone(),
    }
}

// ------------------------------------------------------------------ assumptions

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
