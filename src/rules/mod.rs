//! The rule catalog and the checks that produce findings. Every rule is declared once in
//! `catalog::RULES`; `drplan rules`, `drplan explain`, docs/rules/ and the JSON findings all
//! read from that declaration.

pub mod catalog;
pub mod docs;

use std::borrow::Cow;

use rayon::iter::{IntoParallelIterator, ParallelIterator};
use std::fmt;

use serde::Serialize;

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

/// What part of resilience a rule is about.
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

/// One rule, declared once: identity, default severity and its documentation.
#[derive(Debug)]
pub struct Rule {
    /// Stable ID, e.g. `DR102`.
    pub id: &'static str,
    /// Readable long ID naming the problem, e.g. `backup-not-copied-out-of-region`.
    pub name: &'static str,
    pub severity: Severity,
    pub category: Category,
    /// One sentence: when the rule fires.
    pub summary: &'static str,
    /// Why it matters: the resilience principle behind it (markdown, may span paragraphs).
    pub why: &'static str,
    /// How to fix it (markdown).
    pub fix: &'static str,
    /// A minimal component snippet (JSON) that triggers the rule.
    pub failing_example: &'static str,
    /// The same snippet, fixed.
    pub passing_example: &'static str,
}

mod consistency;
mod data;
mod graph;
mod operations;
pub use operations::Percent;
mod patterns;
mod redundancy;

use crate::assess::Assessment;
use crate::model::{Architecture, CompIdx};
use crate::options::Options;

/// A finding's words. High-volume rules defer them: a plain function writes the text from
/// the finding and the context when an output asks (straight into the output: the JSON
/// writer escapes as it goes), so 100,000 components' findings do not hold 100,000 formatted
/// strings.
#[derive(Clone)]
pub enum Text {
    Static(&'static str),
    Owned(Box<str>),
    Deferred(Render),
}

/// Writes a deferred text.
pub type Render = fn(&Ctx, &Finding, &mut dyn fmt::Write) -> fmt::Result;

/// Where a finding's words go: any `fmt::Write`, told when a text comes whole rather than
/// formatted in pieces (the JSON writer escapes a whole text in one pass).
pub trait TextOut: fmt::Write {
    fn whole(&mut self, s: &str) -> fmt::Result {
        self.write_str(s)
    }
}

impl TextOut for String {}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Text::Static(s) => write!(f, "{s:?}"),
            Text::Owned(s) => write!(f, "{s:?}"),
            Text::Deferred(_) => f.write_str("<deferred>"),
        }
    }
}

impl From<&'static str> for Text {
    fn from(s: &'static str) -> Text {
        Text::Static(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Owned(s.into_boxed_str())
    }
}

/// A deferred text: `f` writes it from the context and the finding when it is needed.
pub fn lazy(f: Render) -> Text {
    Text::Deferred(f)
}

/// Writes the pieces (each a `&str` or `String`; numbers through `itoa`) one after the
/// other: the words of a finding without the formatting machinery, which costs more than the
/// words themselves at hundreds of thousands of findings.
macro_rules! put {
    ($w:expr, $($piece:expr),+ $(,)?) => {{
        let w: &mut dyn std::fmt::Write = $w;
        $( w.write_str(AsRef::<str>::as_ref(&$piece))?; )+
        Ok::<(), std::fmt::Error>(())
    }};
}
use put;

/// Writes `items` separated by `sep`, each with `each`.
fn write_list<T>(
    w: &mut dyn fmt::Write,
    sep: &str,
    items: impl IntoIterator<Item = T>,
    mut each: impl FnMut(&mut dyn fmt::Write, T) -> fmt::Result,
) -> fmt::Result {
    for (k, x) in items.into_iter().enumerate() {
        if k > 0 {
            w.write_str(sep)?;
        }
        each(w, x)?;
    }
    Ok(())
}

/// `""` for one, `"s"` for any other count: the plural ending of a noun.
fn plural_s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One problem found on one component.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    /// The rule's severity, or the one its condition picks (e.g. `low` off the critical path).
    pub severity: Severity,
    pub component: CompIdx,
    /// A rule-specific detail for deferred texts (an edge, another component, a disruption).
    pub arg: u32,
    message: Text,
    remediation: Text,
}

impl Finding {
    fn render<'t>(&'t self, text: &'t Text, ctx: &Ctx) -> Cow<'t, str> {
        match text {
            Text::Static(s) => Cow::Borrowed(s),
            Text::Owned(s) => Cow::Borrowed(s),
            Text::Deferred(f) => {
                let mut s = String::new();
                f(ctx, self, &mut s).expect("a String takes any text");
                Cow::Owned(s)
            }
        }
    }

    fn write(&self, text: &Text, ctx: &Ctx, w: &mut dyn TextOut) -> fmt::Result {
        match text {
            Text::Static(s) => w.whole(s),
            Text::Owned(s) => w.whole(s),
            Text::Deferred(f) => f(ctx, self, w),
        }
    }

    /// What is wrong, for this component.
    pub fn message<'t>(&'t self, ctx: &Ctx) -> Cow<'t, str> {
        self.render(&self.message, ctx)
    }

    /// What to change, for this component.
    pub fn remediation<'t>(&'t self, ctx: &Ctx) -> Cow<'t, str> {
        self.render(&self.remediation, ctx)
    }

    /// Writes `message` into `w`.
    pub fn write_message(&self, ctx: &Ctx, w: &mut dyn TextOut) -> fmt::Result {
        self.write(&self.message, ctx, w)
    }

    /// Writes `remediation` into `w`.
    pub fn write_remediation(&self, ctx: &Ctx, w: &mut dyn TextOut) -> fmt::Result {
        self.write(&self.remediation, ctx, w)
    }
}

/// What the checks read.
pub struct Ctx<'a> {
    pub arch: &'a Architecture,
    pub assessment: &'a Assessment,
    pub options: &'a Options,
}

impl Ctx<'_> {
    /// The component a finding is about.
    pub fn component(&self, f: &Finding) -> &crate::model::Component {
        &self.arch.components[f.component]
    }

    pub fn id(&self, c: CompIdx) -> &str {
        &self.arch.components[c].id
    }

    /// The secondary region's name for messages.
    pub fn secondary(&self) -> &str {
        self.arch
            .regions
            .secondary
            .as_deref()
            .unwrap_or("the secondary region")
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

/// A sink for findings, so that each check reads as "when ..., report ...".
pub struct Sink(Vec<Finding>);

impl Sink {
    pub fn report(
        &mut self,
        rule: &'static Rule,
        component: CompIdx,
        message: impl Into<Text>,
        remediation: impl Into<Text>,
    ) -> &mut Finding {
        self.report_as(rule, rule.severity, component, message, remediation)
    }

    pub fn report_as(
        &mut self,
        rule: &'static Rule,
        severity: Severity,
        component: CompIdx,
        message: impl Into<Text>,
        remediation: impl Into<Text>,
    ) -> &mut Finding {
        self.0.push(Finding {
            rule,
            severity,
            component,
            arg: 0,
            message: message.into(),
            remediation: remediation.into(),
        });
        let last = self.0.len() - 1;
        &mut self.0[last]
    }
}

/// Findings per component to make room for (a weak synthetic architecture has about 7).
const FINDINGS_PER_COMPONENT: usize = 8;

/// Runs every check; findings sorted by severity, then rule, then component id.
pub fn check(arch: &Architecture, assessment: &Assessment, options: &Options) -> Vec<Finding> {
    let ctx = Ctx {
        arch,
        assessment,
        options,
    };
    // Room for a few findings per component up front: only what is written becomes resident,
    // and the list is not copied over and over as it grows.
    let mut sink = Sink(Vec::with_capacity(
        FINDINGS_PER_COMPONENT * arch.components.len(),
    ));
    graph::check(&ctx, &mut sink);
    data::check(&ctx, &mut sink);
    redundancy::check(&ctx, &mut sink);
    patterns::check(&ctx, &mut sink);
    operations::check(&ctx, &mut sink);
    consistency::check(&ctx, &mut sink);
    let mut findings = sink.0;
    sort(&mut findings, &assessment.core.graph.id_rank);
    findings
}

/// Sorts by severity, rule, component id and the rule's detail, in place (no copy of the
/// findings: the sort runs at the assessment's peak memory). The findings are first moved into
/// one run per severity and rule, then each run is sorted on a key computed once per finding,
/// the runs in parallel. No two findings share all four (a rule reports a component once per
/// detail), so the result is the same whatever the order the findings came in; debug builds
/// (the tests) check it.
fn sort(findings: &mut [Finding], rank: &[u32]) {
    const RULE_NUMBERS: usize = 1000;
    let run =
        |f: &Finding| f.severity as usize * RULE_NUMBERS + usize::from(rule_number(f.rule.id));
    let mut ends = vec![0usize; Severity::ALL.len() * RULE_NUMBERS];
    for f in findings.iter() {
        ends[run(f)] += 1;
    }
    let mut end = 0;
    for e in &mut ends {
        end += *e;
        *e = end;
    }
    // Each finding swapped straight into the next free place of its run.
    let mut free: Vec<usize> = std::iter::once(0).chain(ends.iter().copied()).collect();
    for r in 0..ends.len() {
        while free[r] < ends[r] {
            let i = free[r];
            let target = run(&findings[i]);
            if target != r {
                findings.swap(i, free[target]);
            }
            free[target] += 1;
        }
    }
    let mut runs = Vec::new();
    let (mut rest, mut start) = (&mut *findings, 0);
    for &end in &ends {
        let (head, tail) = rest.split_at_mut(end - start);
        if !head.is_empty() {
            runs.push(head);
        }
        (rest, start) = (tail, end);
    }
    runs.into_par_iter()
        .for_each(|run| run.sort_by_cached_key(|f| (rank[f.component], f.arg)));
    debug_assert!(
        findings_are_distinct(findings, rank),
        "two findings with the same rule, component and detail"
    );
}

fn findings_are_distinct(findings: &[Finding], rank: &[u32]) -> bool {
    let key = |f: &Finding| (f.severity, f.rule.id, rank[f.component], f.arg);
    findings.windows(2).all(|w| key(&w[0]) != key(&w[1]))
}

/// `nnn` of a rule id `DRnnn`, which orders as the id does (the catalog's tests check the
/// form).
fn rule_number(id: &str) -> u16 {
    id.bytes()
        .skip(2)
        .fold(0, |n, b| n * 10 + u16::from(b.wrapping_sub(b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(
        rule: &'static Rule,
        severity: Severity,
        component: CompIdx,
        arg: u32,
        tag: &'static str,
    ) -> Finding {
        Finding {
            rule,
            severity,
            component,
            arg,
            message: Text::Static(tag),
            remediation: Text::Static(""),
        }
    }

    /// Severity first, then the rule, the component's id (its rank) and the rule's detail.
    #[test]
    fn findings_sort_by_severity_rule_id_and_detail() {
        // Components 0, 1, 2 have ids ranked 2, 0, 1.
        let rank = [2, 0, 1];
        let mut findings = vec![
            finding(catalog::DR202, Severity::Low, 1, 0, "low"),
            finding(catalog::DR201, Severity::High, 0, 0, "201 c0"),
            finding(catalog::DR202, Severity::High, 2, 0, "202 c2"),
            finding(catalog::DR201, Severity::High, 1, 0, "201 c1"),
            finding(catalog::DR302, Severity::High, 2, 7, "302 arg 7"),
            finding(catalog::DR302, Severity::High, 2, 3, "302 arg 3"),
            finding(catalog::DR001, Severity::Critical, 0, 0, "critical"),
        ];
        sort(&mut findings, &rank);
        let order: Vec<&str> = findings
            .iter()
            .map(|f| match f.message {
                Text::Static(s) => s,
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            order,
            [
                "critical",
                "201 c1",
                "201 c0",
                "202 c2",
                "302 arg 3",
                "302 arg 7",
                "low"
            ]
        );
    }

    /// Two findings alike in all the sort looks at would make the order depend on the
    /// threads; debug builds refuse them.
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "the same rule, component and detail")]
    fn findings_alike_in_every_key_are_refused() {
        let mut findings = vec![
            finding(catalog::DR201, Severity::High, 0, 0, "one"),
            finding(catalog::DR201, Severity::High, 0, 0, "two"),
        ];
        sort(&mut findings, &[0]);
    }

    proptest::proptest! {
        /// Whatever order the checks emit them in, the findings come out as a plain sort on
        /// (severity, rule, id rank, detail) puts them.
        #[test]
        fn runs_then_keys_is_a_plain_sort(
            emitted in proptest::collection::btree_set((0usize..4, 0usize..6, 0usize..40, 0u32..3), 0..120),
            order in proptest::collection::vec(proptest::prelude::any::<u32>(), 120),
            rank_seed in proptest::prelude::any::<u64>(),
        ) {
            let rules = [catalog::DR001, catalog::DR102, catalog::DR201, catalog::DR302, catalog::DR403, catalog::DR501];
            // A permutation of 0..40 as the id ranks.
            let mut rank: Vec<u32> = (0..40).collect();
            let mut x = rank_seed | 1;
            for i in (1..rank.len()).rev() {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                rank.swap(i, (x % (i as u64 + 1)) as usize);
            }
            let mut findings: Vec<Finding> = emitted
                .iter()
                .map(|&(sev, rule, c, arg)| finding(rules[rule], Severity::ALL[sev], c, arg, ""))
                .collect();
            // Shuffled as the checks might emit them.
            let n = findings.len();
            for (i, o) in order.iter().enumerate().take(n) {
                findings.swap(i, *o as usize % n);
            }
            let mut expected: Vec<(Severity, &str, u32, u32)> = findings
                .iter()
                .map(|f| (f.severity, f.rule.id, rank[f.component], f.arg))
                .collect();
            expected.sort();
            sort(&mut findings, &rank);
            let got: Vec<(Severity, &str, u32, u32)> = findings
                .iter()
                .map(|f| (f.severity, f.rule.id, rank[f.component], f.arg))
                .collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }
}
