//! `findings[]`: each finding with its words, written from the finding's detail as the list is
//! serialized (a 100,000-component result never holds its findings' texts all at once).

use std::collections::HashSet;
use std::fmt;

use serde::{Serialize, Serializer};

use super::json::{Listed, Parallel};
use crate::rules::{Category, Ctx, Finding, Severity};

/// A finding as docs/json.md has it. The rule's name and category are for the renderers; the
/// JSON leaves them out (`rule` determines both, `drplan rules` lists them).
#[derive(Serialize)]
pub struct FindingView<'a> {
    pub rule: &'static str,
    #[serde(skip)]
    pub name: &'static str,
    pub severity: Severity,
    #[serde(skip)]
    pub category: Category,
    pub component: &'a str,
    pub message: Words<'a>,
    pub remediation: Words<'a>,
    /// Its identity across runs (`RULE:component[:about]`): what diffs and baselines match.
    pub key: Words<'a>,
    /// With `--baseline`: `new`, or `unchanged` when the baseline has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineState>,
    /// The edge it is about (an index into its component's `depends_on`).
    #[serde(skip)]
    pub edge: Option<usize>,
}

/// Whether a finding was in the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BaselineState {
    New,
    Unchanged,
}

impl BaselineState {
    pub fn as_str(self) -> &'static str {
        match self {
            BaselineState::New => "new",
            BaselineState::Unchanged => "unchanged",
        }
    }
}

/// What a finding's text is.
#[derive(Clone, Copy)]
enum Text {
    Message,
    Remediation,
    Key,
}

/// A finding's message or remediation: written from the finding's detail when it is
/// serialized (serde_json escapes the pieces as they come, with no string in between) or
/// displayed.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    ctx: Ctx<'a>,
    finding: &'a Finding,
    text: Text,
}

impl fmt::Display for Words<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (detail, c) = (&self.finding.detail, self.finding.component);
        match self.text {
            Text::Message => detail.message(&self.ctx, c, f),
            Text::Remediation => detail.remediation(&self.ctx, c, f),
            Text::Key => self.finding.write_key(&self.ctx, f),
        }
    }
}

impl Serialize for Words<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The findings, viewed when serialized.
pub struct Findings<'a> {
    ctx: Ctx<'a>,
    findings: &'a [Finding],
    parallel: bool,
    baseline: Option<&'a HashSet<String>>,
}

impl<'a> Findings<'a> {
    pub fn new(
        ctx: Ctx<'a>,
        findings: &'a [Finding],
        parallel: bool,
        baseline: Option<&'a HashSet<String>>,
    ) -> Self {
        Findings {
            ctx,
            findings,
            parallel,
            baseline,
        }
    }

    /// The findings marked against a baseline's keys.
    pub fn with_baseline(self, known: &'a HashSet<String>) -> Self {
        Findings {
            baseline: Some(known),
            ..self
        }
    }

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
        let (ctx, f) = (self.ctx, &self.findings[i]);
        let words = |text| Words {
            ctx,
            finding: f,
            text,
        };
        let baseline = self.baseline.map(|known| {
            if known.contains(&f.key(&ctx)) {
                BaselineState::Unchanged
            } else {
                BaselineState::New
            }
        });
        FindingView {
            rule: f.rule.id,
            name: f.rule.name,
            severity: f.severity,
            category: f.rule.category,
            component: &ctx.arch.components[f.component].id,
            message: words(Text::Message),
            remediation: words(Text::Remediation),
            key: words(Text::Key),
            baseline,
            edge: f.edge(&ctx),
        }
    }
}

impl<'a> Listed for Findings<'a> {
    type Item = FindingView<'a>;

    fn groups(&self) -> usize {
        self.len()
    }

    fn group(&self, i: usize, each: &mut dyn FnMut(FindingView<'a>)) {
        each(self.get(i));
    }
}

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Parallel::new(self, self.parallel).serialize(s)
    }
}
