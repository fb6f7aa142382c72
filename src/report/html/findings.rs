//! The findings: a count per rule (with its summary and page), then each finding with its
//! message, remediation and component.

use std::collections::BTreeMap;

use serde::Serialize;

use super::PAGE_ROWS;
use crate::plan::runbook::Inputs;
use crate::report::Report;
use crate::rules::Severity;

/// Findings listed one by one (all of them are counted per rule).
pub const FINDING_LIMIT: usize = 1000;

#[derive(Serialize)]
pub(super) struct FindingsView {
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

pub(super) fn doc_link(rule: &str) -> String {
    format!("docs/rules/{rule}.md")
}

pub(super) fn findings_view(report: &Report, cards: &[bool], inputs: Inputs) -> FindingsView {
    let mut by_rule: BTreeMap<(Severity, &'static str), RuleRow> = BTreeMap::new();
    for f in report.findings.iter() {
        let row = by_rule
            .entry((f.severity, f.rule))
            .or_insert_with(|| RuleRow {
                rule: f.rule,
                name: f.name,
                severity: f.severity.as_str(),
                count: 0,
                summary: crate::rules::find(f.rule).map_or("", |r| r.summary),
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
            message: f.message.to_string(),
            remediation: f.remediation.to_string(),
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
