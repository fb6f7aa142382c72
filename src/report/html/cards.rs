//! The component table (every component, sortable) and the component cards: each estimate's
//! arithmetic, term by term, its blast radius, its edges and its findings.

use std::collections::BTreeMap;

use serde::Serialize;

use super::graph::paths;
use super::{PAGE_ROWS, eta, label, state};
use crate::estimate::{Estimate, Eta, Term, fmt_num};
use crate::model::{CompIdx, Disruption};
use crate::plan::runbook::Inputs;
use crate::report::Report;
use crate::rules::Severity;

/// Component cards with the arithmetic; above this, the most important ones.
pub const CARD_LIMIT: usize = 300;

/// Which components get a card: all of them up to [`CARD_LIMIT`], else those on a critical
/// path, those that cannot recover, single points of failure, then by blast radius.
pub(super) fn card_selection(inputs: Inputs) -> Vec<bool> {
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
pub(super) struct TableView<'a> {
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

pub(super) fn table_view<'a>(
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
pub(super) struct CardsView<'a> {
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
    /// The infrastructure-as-code resources it was imported from.
    imported_from: &'a [crate::model::Origin],
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

pub(super) fn cards_view<'a>(
    inputs: Inputs<'a>,
    report: &Report<'a>,
    chosen: &[bool],
) -> CardsView<'a> {
    let (arch, a) = (inputs.arch, inputs.assessment);
    let mut findings: BTreeMap<&str, Vec<CardFinding>> = BTreeMap::new();
    for f in report.findings.iter() {
        if arch.find(f.component).is_some_and(|c| chosen[c]) {
            findings.entry(f.component).or_default().push(CardFinding {
                rule: f.rule,
                severity: f.severity.as_str(),
                message: f.message.to_string(),
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
            if let Some(r) = report.restores.iter().find(|r| r.component == comp.id) {
                facts.push(format!("last verified restore: {}", r.line()));
            }
            if let Some(x) = (report.experiments_run.iter()).find(|x| x.component == comp.id) {
                facts.push(format!(
                    "last completed experiment (measured by AWS FIS): {}",
                    x.line()
                ));
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
                imported_from: &comp.imported_from,
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
