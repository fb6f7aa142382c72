//! Markdown: the assessment as a pull-request comment (verdict, a table of the disruptions,
//! critical paths, top findings, recommendations when the planner made them) and the recovery
//! runbook of `drplan plan --format markdown`.
//!
//! The templates in `templates/*.md` are rendered with a Markdown "autoescape": every value is
//! escaped (`|`, `*`, `_`, `[`, `<`, backticks, newlines, `@` mentions, ...) unless a filter
//! marked it safe, just as the HTML report escapes every value.

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, Error, Output, State};
use serde::Serialize;

use super::format::{LABELS, join_and, secs};
use super::{RenderError, Report};
use crate::model::Disruption;
use crate::plan::runbook::Runbook;

/// Findings in the comment's table; more go in a collapsed list, up to `ALL_FINDINGS`.
const TOP_FINDINGS: usize = 10;
const ALL_FINDINGS: usize = 100;
/// Recommendations listed (three options per component).
const RECOMMENDATIONS: usize = 90;
/// Steps per disruption in the Markdown runbook.
const STEPS: usize = 200;

const ASSESS: &str = include_str!("../../templates/assess.md");
const PLAN: &str = include_str!("../../templates/plan.md");
const DIFF: &str = include_str!("../../templates/diff.md");

/// Escapes text for Markdown (GitHub flavoured), for a table cell or running text: the
/// result renders as the text itself, on one line.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_start = true;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '#' if chars.peek().is_some_and(char::is_ascii_digit) => out.push_str("\\#\u{2060}"),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!'
            | '$' => {
                out.push('\\');
                out.push(ch);
            }
            // Only where it could start an entity (`&lt;`, `&#60;`).
            '&' if chars
                .peek()
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '#') =>
            {
                out.push_str("&amp;")
            }
            // A mention would notify someone; a word joiner keeps it text.
            '@' => out.push_str("@\u{2060}"),
            // GitHub links bare URLs and `#123` after Markdown is done with escapes.
            ':' if chars.clone().take(2).eq(['/', '/']) => out.push_str(":\u{2060}"),
            '\r' => {}
            '\n' | '\t' => out.push(' '),
            // A leading list marker or ordered-list number.
            '-' | '+' if at_start => {
                out.push('\\');
                out.push(ch);
            }
            '0'..='9' if at_start => {
                out.push(ch);
                while let Some(&d) = chars.peek().filter(|c| c.is_ascii_digit()) {
                    out.push(d);
                    chars.next();
                }
                if let Some(&p @ ('.' | ')')) = chars.peek() {
                    out.push('\\');
                    out.push(p);
                    chars.next();
                }
            }
            _ => out.push(ch),
        }
        at_start = false;
    }
    out
}

/// An inline code span holding `text` (ids, commands), with a fence longer than any run of
/// backticks inside.
pub fn code(text: &str) -> String {
    let clean = text.replace(['\n', '\r'], " ");
    let mut longest = 0;
    let mut run = 0;
    for ch in clean.chars() {
        if ch == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = if clean.starts_with('`') || clean.ends_with('`') {
        " "
    } else {
        ""
    };
    // A pipe ends a table cell even inside a code span.
    format!("{fence}{pad}{}{pad}{fence}", clean.replace('|', "\\|"))
}

fn formatter(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    if !matches!(state.auto_escape(), AutoEscape::Custom(name) if name == "markdown") {
        return minijinja::escape_formatter(out, state, value);
    }
    let text = if value.is_safe() {
        return out
            .write_str(value.as_str().unwrap_or_default())
            .map_err(Error::from);
    } else if value.is_undefined() || value.is_none() {
        String::new()
    } else if let Some(s) = value.as_str() {
        escape(s)
    } else {
        escape(&value.to_string())
    };
    out.write_str(&text).map_err(Error::from)
}

fn environment() -> Result<Environment<'static>, Error> {
    let mut env = super::format::templates(
        AutoEscape::Custom("markdown".into()),
        &[("assess.md", ASSESS), ("plan.md", PLAN), ("diff.md", DIFF)],
    )?;
    env.set_formatter(formatter);
    env.add_filter("code", |s: String| Value::from_safe_string(code(&s)));
    Ok(env)
}

#[derive(Serialize)]
struct Row<'a> {
    label: &'static str,
    status: &'static str,
    rto: String,
    rpo: String,
    target_rto: Option<String>,
    target_rpo: Option<String>,
    critical_path: &'a [&'a str],
    cause: Option<String>,
}

#[derive(Serialize)]
struct FindingRow {
    severity: &'static str,
    rule: &'static str,
    name: &'static str,
    component: String,
    message: String,
}

/// The assessment as a pull-request comment.
pub fn render(report: &Report) -> Result<String, RenderError> {
    let rows: Vec<Row> = report
        .disruptions
        .iter()
        .map(|(d, a)| {
            let cause = report.cause(*d);
            Row {
                label: LABELS[d.index()],
                status: a.status.as_str(),
                rto: secs(a.estimate.rto_secs),
                rpo: secs(a.estimate.rpo_secs),
                target_rto: a.target.map(|t| crate::duration::Human(t.rto).to_string()),
                target_rpo: a.target.map(|t| crate::duration::Human(t.rpo).to_string()),
                critical_path: &a.critical_path,
                cause,
            }
        })
        .collect();
    let findings: Vec<FindingRow> = report
        .findings
        .iter()
        .take(ALL_FINDINGS)
        .map(|f| FindingRow {
            severity: f.severity.as_str(),
            rule: f.rule,
            name: f.name,
            component: f.component.to_string(),
            message: f.message.to_string(),
        })
        .collect();
    let restores: Vec<(&str, String, Option<bool>)> = (report.restores.iter())
        .map(|r| (r.component, r.line(), r.within_target))
        .collect();
    let experiments: Vec<(&str, String)> = (report.experiments_run.iter())
        .map(|x| (x.component, x.line()))
        .collect();
    let s = &report.summary;
    let breached: Vec<&str> = s.breached.iter().map(|d| d.as_str()).collect();
    let recommendations: Option<Vec<_>> = Some(
        report
            .recommendations
            .iter()
            .take(RECOMMENDATIONS)
            .collect(),
    );
    let ctx = minijinja::context! {
        architecture => report.architecture,
        as_of => &report.as_of,
        summary => Value::from(Serde(&report.summary)),
        breached => join_and(&breached),
        breached_count => breached.len(),
        rows => Value::from(Serde(&rows)),
        findings => Value::from(Serde(&findings)),
        findings_total => report.findings.len(),
        top => TOP_FINDINGS,
        recommendations => Value::from(Serde(&recommendations)),
        recommendations_total => report.recommendations.len(),
        plan => Value::from(Serde(&report.plan)),
        region => Disruption::Region.as_str(),
        restores => Value::from(Serde(&restores)),
        experiments => Value::from(Serde(&experiments)),
    };
    Ok(environment()?.get_template("assess.md")?.render(ctx)?)
}

/// The most a pull-request comment holds (GitHub refuses bodies over 65,536 characters).
pub const COMMENT_LIMIT: usize = 60_000;

/// Two assessments compared, as a pull-request comment (at most [`COMMENT_LIMIT`]
/// characters: the rest is cut, and says so).
pub fn diff(diff: &crate::diff::Diff) -> Result<String, RenderError> {
    use super::diff_text::{money, side, verdict};
    #[derive(Serialize)]
    struct Row {
        label: &'static str,
        before: String,
        after: String,
        change: &'static str,
    }
    #[derive(Serialize)]
    struct Changed<'a> {
        id: &'a str,
        text: String,
    }
    #[derive(Serialize)]
    struct Figure {
        label: &'static str,
        before: String,
        after: String,
    }
    let rows: Vec<Row> = (Disruption::ALL.into_iter())
        .filter_map(|d| {
            let x = diff.disruptions.get(d.as_str())?;
            Some(Row {
                label: LABELS[d.index()],
                before: side(&x.before),
                after: side(&x.after),
                change: x.change.as_str(),
            })
        })
        .collect();
    let changes: Vec<Changed> =
        (diff.components.changed.iter())
            .map(|c| {
                let mut parts: Vec<String> = (c.fields.iter())
                    .map(|f| format!("{} {} → {}", f.field, f.before, f.after))
                    .collect();
                parts.extend(c.estimates.iter().map(|e| {
                    format!("{}: {} → {}", e.disruption, side(&e.before), side(&e.after))
                }));
                Changed {
                    id: &c.id,
                    text: parts.join("; "),
                }
            })
            .collect();
    let score = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
    let figures = [
        Figure {
            label: "Resiliency score",
            before: score(diff.score.before),
            after: score(diff.score.after),
        },
        Figure {
            label: "Monthly cost",
            before: money(diff.monthly_cost.before),
            after: money(diff.monthly_cost.after),
        },
        Figure {
            label: "Monthly DR cost",
            before: money(diff.monthly_dr_cost.before),
            after: money(diff.monthly_dr_cost.after),
        },
        Figure {
            label: "Cheapest plan that meets the policy",
            before: money(diff.cheapest_plan_cost.before),
            after: money(diff.cheapest_plan_cost.after),
        },
    ];
    let ctx = minijinja::context! {
        diff => Value::from(Serde(diff)),
        verdict => verdict(diff),
        rows => Value::from(Serde(&rows)),
        changes => Value::from(Serde(&changes)),
        figures => Value::from(Serde(&figures)),
        limit => ALL_FINDINGS,
    };
    let text = environment()?.get_template("diff.md")?.render(ctx)?;
    Ok(cut(text))
}

/// A comment cut to [`COMMENT_LIMIT`] at a line end, with a note.
fn cut(text: String) -> String {
    if text.len() <= COMMENT_LIMIT {
        return text;
    }
    let mut end = COMMENT_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let end = text[..end].rfind('\n').unwrap_or(0);
    let mut out = text[..end].to_string();
    out.push_str(
        "\n\n… cut to fit a pull-request comment: `drplan diff --format json` has everything.\n",
    );
    out
}

/// The recovery runbook as Markdown.
pub fn runbook(runbook: &Runbook) -> Result<String, RenderError> {
    let ctx = minijinja::context! {
        runbook => Value::from(Serde(runbook)),
        labels => LABELS,
        limit => STEPS,
    };
    Ok(environment()?.get_template("plan.md")?.render(ctx)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_markdown_would_interpret() {
        assert_eq!(
            escape("see https://evil.example"),
            "see https:\u{2060}//evil.example"
        );
        assert_eq!(escape("issue #12"), "issue \\#\u{2060}12");
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("<script>"), "\\<script\\>");
        assert_eq!(escape("[x](http://e)"), "\\[x\\](http:\u{2060}//e)");
        assert_eq!(escape("*bold* _it_"), "\\*bold\\* \\_it\\_");
        assert_eq!(escape("two\nlines"), "two lines");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("1. first"), "1\\. first");
        assert_eq!(escape("a - b 1. c"), "a - b 1. c");
        assert_eq!(escape("@team"), "@\u{2060}team");
        assert_eq!(escape("a & b"), "a & b");
        assert_eq!(escape("&lt;"), "&amp;lt;");
    }

    #[test]
    fn code_spans_survive_backticks_and_pipes() {
        assert_eq!(code("orders-db"), "`orders-db`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("a|b"), "`a\\|b`");
    }
}
