//! The rules. Each rule is one file, as a ruff rule is: its declaration (`declare_rule!`: id,
//! name, severity, category, summary, why it matters, how to fix it), the check that fires it,
//! and the typed detail each of its findings carries. The detail's `message` and
//! `remediation` write the finding's words when an output asks for them, from what the check
//! found. The rule's examples are its fixtures, `fixtures/rules/<ID>-fires.json` and
//! `-passes.json`, which the tests run. `registry!` below names the rule files once; `drplan
//! rules`, `drplan explain`, docs/rules/ and the findings all read from that list.
//!
//! Adding a rule: one file here (copy a short one such as `dr306_in_place_deploy.rs`), one line
//! in `registry!`, its two fixtures, and `DRPLAN_BLESS=1 cargo test rule_docs` to write its
//! page under docs/rules/.

pub mod docs;

use std::fmt;

use rayon::prelude::*;
use serde::Serialize;

use crate::assess::Assessment;
use crate::model::{Architecture, Backup, CompIdx, Component};
use crate::options::Options;

/// How bad a finding is, from worst to mildest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    /// Whether `self` is at least as bad as `threshold`.
    pub fn at_least(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What part of resilience a rule is about; the hundreds of its id say the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Dependency structure (DR0xx).
    Graph,
    /// Backups and data protection (DR1xx).
    Data,
    /// Redundancy in zones and regions (DR2xx).
    Redundancy,
    /// Recovery-oriented patterns on edges and entry points (DR3xx).
    Patterns,
    /// Operations: alarms, runbooks, tests (DR4xx).
    Operations,
    /// Consistency between components (DR5xx).
    Consistency,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Graph => "graph",
            Category::Data => "data",
            Category::Redundancy => "redundancy",
            Category::Patterns => "patterns",
            Category::Operations => "operations",
            Category::Consistency => "consistency",
        }
    }
}

/// One rule, declared once: identity, default severity, documentation, examples and check.
pub struct Rule {
    /// Stable ID, e.g. `DR102`.
    pub id: &'static str,
    /// Readable long ID naming the problem, e.g. `backup-not-copied-out-of-region`.
    pub name: &'static str,
    pub severity: Severity,
    pub category: Category,
    /// One sentence: when the rule fires.
    pub summary: &'static str,
    /// Why it matters: the resilience principle behind it (Markdown, may span paragraphs).
    pub why: &'static str,
    /// How to fix it (Markdown).
    pub fix: &'static str,
    /// An architecture that fires the rule: `fixtures/rules/<ID>-fires.json`.
    pub fires: &'static str,
    /// The same architecture, fixed: `fixtures/rules/<ID>-passes.json`.
    pub passes: &'static str,
    /// Reports the rule's findings.
    pub check: fn(&Ctx, &mut Sink),
}

impl Rule {
    /// The number of the id (`102` for `DR102`), which orders rules as their ids do (a test
    /// checks the ids' form).
    pub fn number(&self) -> u16 {
        self.id.bytes().skip(2).fold(0, |n, b| {
            n.wrapping_mul(10)
                .wrapping_add(u16::from(b.wrapping_sub(b'0')))
        })
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.id, self.name)
    }
}

/// Declares a rule file's `RULE`: its id and name, the rest of its declaration, its fixtures
/// (found by its id) and its check (the file's `check` function).
macro_rules! declare_rule {
    ($id:literal $name:literal {
        severity: $severity:ident,
        category: $category:ident,
        summary: $summary:expr,
        why: $why:expr,
        fix: $fix:expr $(,)?
    }) => {
        pub static RULE: $crate::rules::Rule = $crate::rules::Rule {
            id: $id,
            name: $name,
            severity: $crate::rules::Severity::$severity,
            category: $crate::rules::Category::$category,
            summary: $summary,
            why: $why,
            fix: $fix,
            fires: include_str!(concat!("../../fixtures/rules/", $id, "-fires.json")),
            passes: include_str!(concat!("../../fixtures/rules/", $id, "-passes.json")),
            check,
        };
    };
}

/// Names every rule file once, in id order; `RULES` is the list they make.
macro_rules! registry {
    ($($module:ident),+ $(,)?) => {
        $(mod $module;)+

        /// Every rule, sorted by id.
        pub static RULES: &[&Rule] = &[$(&$module::RULE),+];
    };
}

registry![
    dr001_critical_dependency_cycle,
    dr101_stateful_without_backup,
    dr102_backup_not_copied_out_of_region,
    dr103_backup_interval_exceeds_rpo,
    dr104_replication_without_backup,
    dr105_short_backup_retention,
    dr106_backups_not_immutable,
    dr107_restore_never_tested,
    dr108_deletion_protection_off,
    dr109_bucket_not_versioned,
    dr110_pitr_declared_but_off,
    dr111_restore_validation_failed,
    dr201_single_instance,
    dr202_single_zone,
    dr203_hidden_regional_dependency,
    dr204_no_region_strategy_with_region_target,
    dr301_sync_dependency_without_timeout_or_circuit_breaker,
    dr302_retry_without_backoff_or_jitter,
    dr303_shared_component_crosses_cells,
    dr304_critical_edge_could_degrade,
    dr305_entry_point_without_throttling_or_load_shedding,
    dr306_in_place_deploy,
    dr401_missing_alarm,
    dr402_missing_runbook,
    dr403_never_tested_in_game_day,
    dr404_estimate_more_optimistic_than_drill,
    dr405_availability_below_slo,
    dr406_experiment_failed,
    dr501_inconsistent_rpo_across_dependent_stores,
];

/// The rule with this ID (`DR102`, `dr102`) or long name (`backup-not-copied-out-of-region`),
/// ignoring ASCII case and surrounding whitespace.
pub fn find(id: &str) -> Option<&'static Rule> {
    let id = id.trim();
    RULES
        .iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(id) || r.name.eq_ignore_ascii_case(id))
}

/// What a finding found, beyond its rule and component: what its words are written from.
/// Each rule has its own detail type.
pub trait Detail: fmt::Debug + Send + Sync {
    /// What is wrong, for this component.
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn fmt::Write) -> fmt::Result;
    /// What to change, for this component.
    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn fmt::Write) -> fmt::Result;

    /// What the finding is about within its component, for a rule that can fire more than once
    /// on one (an edge's callee, a kind of runbook): with the rule and the component, the
    /// finding's identity across runs (`Finding::key`).
    fn about(&self, _ctx: &Ctx, _c: CompIdx, _w: &mut dyn fmt::Write) -> fmt::Result {
        Ok(())
    }

    /// The edge it is about, as an index into the component's `depends_on`: where SARIF
    /// places it in the architecture file.
    fn edge(&self, _ctx: &Ctx, _c: CompIdx) -> Option<usize> {
        None
    }
}

/// Room for a finding's text up front: most fit, and the text is then written without
/// growing its string piece by piece.
const TEXT_CAPACITY: usize = 256;

/// One problem found on one component.
#[derive(Debug)]
pub struct Finding {
    pub rule: &'static Rule,
    /// The rule's severity, or the one its check picked (e.g. `low` off the critical path).
    pub severity: Severity,
    pub component: CompIdx,
    pub detail: Box<dyn Detail>,
}

impl Finding {
    /// What is wrong, for this component.
    pub fn message(&self, ctx: &Ctx) -> String {
        let mut text = String::with_capacity(TEXT_CAPACITY);
        (self.detail.message(ctx, self.component, &mut text)).expect("a String takes any text");
        text
    }

    /// What to change, for this component.
    pub fn remediation(&self, ctx: &Ctx) -> String {
        let mut text = String::with_capacity(TEXT_CAPACITY);
        (self.detail.remediation(ctx, self.component, &mut text)).expect("a String takes any text");
        text
    }

    /// Its identity across runs, whatever its words: `RULE:component[:about]`
    /// (`DR302:checkout:payments`). Diffs and baselines match findings by it, and SARIF
    /// fingerprints are made from it.
    pub fn key(&self, ctx: &Ctx) -> String {
        let mut key = String::with_capacity(48);
        (self.write_key(ctx, &mut key)).expect("a String takes any text");
        key
    }

    /// Writes [`Finding::key`].
    pub fn write_key(&self, ctx: &Ctx, w: &mut dyn fmt::Write) -> fmt::Result {
        write!(w, "{}:{}", self.rule.id, ctx.id(self.component))?;
        let mut about = String::new();
        self.detail.about(ctx, self.component, &mut about)?;
        if !about.is_empty() {
            write!(w, ":{about}")?;
        }
        Ok(())
    }

    /// The edge it is about, if any (an index into the component's `depends_on`).
    pub fn edge(&self, ctx: &Ctx) -> Option<usize> {
        self.detail.edge(ctx, self.component)
    }
}

/// What the checks read.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub arch: &'a Architecture,
    pub assessment: &'a Assessment,
    pub options: &'a Options,
}

impl Ctx<'_> {
    pub fn component(&self, c: CompIdx) -> &Component {
        &self.arch.components[c]
    }

    pub fn id(&self, c: CompIdx) -> &str {
        &self.arch.components[c].id
    }

    /// The secondary region's name for messages.
    pub fn secondary(&self) -> &str {
        self.arch.regions.secondary_name()
    }

    /// The stateful components in our failure domains (not external, not global): what the
    /// data rules look at.
    pub fn stores(&self) -> impl Iterator<Item = (CompIdx, &Component)> {
        (self.arch.components.iter().enumerate())
            .filter(|(_, c)| c.stateful && !c.outside_our_failure_domains())
    }

    /// The stores that take backups, with their backup block.
    pub fn backed_up_stores(&self) -> impl Iterator<Item = (CompIdx, &Component, &Backup)> {
        self.stores()
            .filter_map(|(i, c)| c.backups().map(|b| (i, c, b)))
    }

    /// How far a single point of failure reaches: who depends on it, or that nothing does.
    pub fn write_impact(&self, c: CompIdx, reached: bool, w: &mut dyn fmt::Write) -> fmt::Result {
        if !reached {
            return w.write_str(" (no entry point reaches it through critical edges)");
        }
        let blast = &self.assessment.blast.radius[c];
        let entry = if self.assessment.core.graph.is_entry[c] {
            "it is an entry point"
        } else {
            "an entry point reaches it"
        };
        let (n, e) = (blast.components, blast.entry_points);
        if n == 0 && e == 0 {
            return write!(w, "; {entry}");
        }
        write!(
            w,
            "; {entry}, and {} and {} depend on it",
            crate::words::count(n, "component"),
            crate::words::count(e, "entry point")
        )
    }

    /// Whether `date` is older than `max_age` before `--now` (or absent).
    pub fn stale(&self, date: Option<jiff::civil::Date>, max_age: std::time::Duration) -> bool {
        let Some(date) = date else { return true };
        let days = (max_age.as_secs() / 86_400) as i64;
        self.options
            .now
            .since(date)
            .map_or(true, |span| i64::from(span.get_days()) > days)
    }
}

/// Where one rule's check reports its findings, so that a check reads as "when ..., report
/// ..." and cannot report under another rule's id.
pub struct Sink {
    rule: &'static Rule,
    findings: Vec<Finding>,
}

impl Sink {
    /// A finding at the rule's own severity.
    pub fn report(&mut self, component: CompIdx, detail: impl Detail + 'static) {
        self.report_as(self.rule.severity, component, detail);
    }

    /// A finding at the severity the check picked.
    pub fn report_as(
        &mut self,
        severity: Severity,
        component: CompIdx,
        detail: impl Detail + 'static,
    ) {
        self.findings.push(Finding {
            rule: self.rule,
            severity,
            component,
            detail: Box::new(detail),
        });
    }
}

/// Runs every rule (in parallel); the findings sorted by severity, then rule, then component id,
/// and in the order the rule reported them on one component.
pub fn check(arch: &Architecture, assessment: &Assessment, options: &Options) -> Vec<Finding> {
    let ctx = Ctx {
        arch,
        assessment,
        options,
    };
    let per_rule: Vec<Vec<Finding>> = RULES
        .par_iter()
        .map(|&rule| {
            let mut sink = Sink {
                rule,
                findings: Vec::new(),
            };
            (rule.check)(&ctx, &mut sink);
            sink.findings
        })
        .collect();
    let mut findings = Vec::with_capacity(per_rule.iter().map(Vec::len).sum());
    for mut some in per_rule {
        findings.append(&mut some);
    }
    // One key per finding, packed into a word: severity, the rule's number (its id orders as
    // the number does), the component's rank in id order. Stable: a rule's findings on one
    // component keep the order it reported them in.
    let rank = &assessment.core.graph.id_rank;
    findings.par_sort_by_cached_key(|f| {
        (f.severity as u64) << 48 | u64::from(f.rule.number()) << 32 | u64::from(rank[f.component])
    });
    findings
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The ids, names and default severities are a contract: the snapshot changes only on
    /// purpose.
    #[test]
    fn the_catalog_is_stable() {
        let table: String = RULES
            .iter()
            .map(|r| format!("{} {} {}\n", r.id, r.name, r.severity))
            .collect();
        insta::assert_snapshot!(table);
    }

    #[test]
    fn ids_are_unique_well_formed_and_sorted() {
        for r in RULES {
            let digits =
                r.id.strip_prefix("DR")
                    .unwrap_or_else(|| panic!("{} does not start with DR", r.id));
            assert!(
                digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()),
                "{} is not DRnnn",
                r.id
            );
            assert_eq!(
                r.number().to_string(),
                digits.trim_start_matches('0'),
                "{}",
                r.id
            );
        }
        for pair in RULES.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "{} must come before {} (sorted, unique)",
                pair[0].id,
                pair[1].id
            );
        }
    }

    #[test]
    fn names_are_unique_kebab_case() {
        let mut seen = BTreeSet::new();
        for r in RULES {
            assert!(seen.insert(r.name), "duplicate name {}", r.name);
            assert!(
                !r.name.is_empty()
                    && r.name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !r.name.starts_with('-')
                    && !r.name.ends_with('-')
                    && !r.name.contains("--"),
                "{}: {:?} is not kebab-case",
                r.id,
                r.name
            );
        }
    }

    #[test]
    fn category_follows_the_id_range() {
        for r in RULES {
            let expected = match &r.id[..3] {
                "DR0" => Category::Graph,
                "DR1" => Category::Data,
                "DR2" => Category::Redundancy,
                "DR3" => Category::Patterns,
                "DR4" => Category::Operations,
                "DR5" => Category::Consistency,
                other => panic!("{}: no category for range {other}", r.id),
            };
            assert_eq!(r.category, expected, "{}", r.id);
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for r in RULES {
            assert!(
                r.summary.starts_with("Fires "),
                "{}: the summary says when it fires",
                r.id
            );
            assert!(
                r.summary.ends_with('.') && !r.summary.contains('\n'),
                "{}: the summary is one sentence",
                r.id
            );
            assert!(!r.why.trim().is_empty(), "{}: why is empty", r.id);
            assert!(!r.fix.trim().is_empty(), "{}: fix is empty", r.id);
            assert_ne!(r.fires, r.passes, "{}: the examples are the same", r.id);
        }
    }

    #[test]
    fn find_accepts_id_or_name_in_any_case() {
        assert_eq!(find("DR102").map(|r| r.id), Some("DR102"));
        assert_eq!(find("dr102").map(|r| r.id), Some("DR102"));
        assert_eq!(find(" Dr102 ").map(|r| r.id), Some("DR102"));
        assert_eq!(
            find("Backup-Not-Copied-Out-Of-Region").map(|r| r.id),
            Some("DR102")
        );
        assert!(find("DR999").is_none());
        assert!(find("").is_none());
        for r in RULES {
            assert!(std::ptr::eq(find(r.id).expect("declared"), *r));
            assert!(std::ptr::eq(find(r.name).expect("declared"), *r));
        }
    }
}
