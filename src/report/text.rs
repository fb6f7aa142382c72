//! The terminal summary: status per disruption against target, the app's RTO/RPO, the
//! critical path and the top findings. Coloured when asked (stdout is a TTY).

use std::fmt::Write;

use super::Report;
use super::format::secs;
use crate::assess::Status;
use crate::duration::Human;
use crate::model::Target;
use crate::rules::Severity;

/// How many findings the summary lists.
const TOP_FINDINGS: usize = 10;

struct Paint(bool);

impl Paint {
    fn code(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    /// The status word, padded to `width` before painting so that columns line up whatever
    /// the escape codes.
    fn status(&self, s: Status, width: usize) -> String {
        let code = match s {
            Status::Met => "32",
            Status::Breached => "1;31",
            Status::Unassessed => "2",
        };
        self.code(code, &format!("{:<width$}", s.as_str()))
    }
    fn severity(&self, s: Severity) -> String {
        let code = match s {
            Severity::Critical => "1;35",
            Severity::High => "31",
            Severity::Medium => "33",
            Severity::Low => "36",
        };
        self.code(code, &format!("{:<8}", s.as_str()))
    }
    fn bold(&self, text: &str) -> String {
        self.code("1", text)
    }
}

/// A number of points without a needless `.0`.
fn pts(p: f64) -> String {
    crate::estimate::fmt_num((p * 10.0).round() / 10.0)
}

/// `score 62/100: compliance 27.5/40, alarms 3/9 (6.7/20), SOPs 2/4 (10/20), tests 1/8 (2.5/20)`.
fn score_line(report: &Report, p: &Paint) -> String {
    let s = &report.score;
    let part = |name: &str, c: &super::operations::CoverageView| {
        format!(
            "{name} {}/{} ({}/{})",
            c.implemented,
            c.recommended,
            pts(c.points),
            c.max
        )
    };
    format!(
        "{}: compliance {}/{}, {}, {}, {}",
        p.bold(&format!("score {}/100", s.total)),
        pts(s.compliance.points),
        s.compliance.max,
        part("alarms", &s.alarms),
        part("SOPs", &s.sops),
        part("tests", &s.tests)
    )
}

pub fn render(report: &Report, colour: bool) -> String {
    let p = Paint(colour);
    let mut out = String::new();
    let s = &report.summary;
    let _ = writeln!(
        out,
        "{} — {} ({}, {})",
        p.bold(&format!("drplan: {}", report.architecture)),
        p.status(s.status, 0),
        crate::words::count(s.components as u64, "component"),
        crate::words::count(s.entry_points as u64, "entry point")
    );
    let _ = writeln!(out, "{}", score_line(report, &p));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  {:<10} {:<10} {:<16} {:<16} {:<16} {:<16}",
        "disruption", "status", "RTO estimate", "RTO target", "RPO estimate", "RPO target"
    );
    for (d, a) in &report.disruptions {
        let target = |f: fn(&Target) -> std::time::Duration| {
            a.target
                .as_ref()
                .map_or_else(|| "—".to_string(), |t| Human(f(t)).to_string())
        };
        let _ = writeln!(
            out,
            "  {:<10} {} {:<16} {:<16} {:<16} {:<16}",
            d.as_str(),
            p.status(a.status, 10),
            secs(a.estimate.rto_secs),
            target(|t| t.rto),
            secs(a.estimate.rpo_secs),
            target(|t| t.rpo)
        );
    }
    let _ = writeln!(out);
    for (d, a) in &report.disruptions {
        if a.status == Status::Breached && !a.critical_path.is_empty() {
            let _ = writeln!(
                out,
                "  critical path ({d}): {}",
                a.critical_path.join(" -> ")
            );
            if let Some(from) = a.rpo_from {
                let _ = writeln!(out, "  data loss ({d}) set by: {from}");
            }
        }
    }

    costs(report, &p, &mut out);

    let total: usize = s.findings.values().sum();
    let counts: Vec<String> = s
        .findings
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(sev, n)| format!("{n} {sev}"))
        .collect();
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} {}",
        p.bold(&crate::words::count(total as u64, "finding")),
        if counts.is_empty() {
            String::new()
        } else {
            format!("({})", counts.join(", "))
        }
    );
    let arch = &report.analysis().arch;
    for f in report.findings.iter().take(TOP_FINDINGS) {
        let _ = writeln!(
            out,
            "  {} {} {:<14} {}",
            p.severity(f.severity),
            f.rule,
            f.component,
            f.message
        );
        // Where to fix it, for an imported component: the resource it was imported from.
        let origin = arch
            .find(f.component)
            .and_then(|c| arch.components[c].imported_from.first());
        if let Some(o) = origin {
            let line = o.line.map(|l| format!(":{l}")).unwrap_or_default();
            let _ = writeln!(out, "{:>12}from {}{line} {}", "", o.file, o.address);
        }
    }
    if report.findings.len() > TOP_FINDINGS {
        let _ = writeln!(
            out,
            "  … and {} more (--format json or -o report.json for all)",
            report.findings.len() - TOP_FINDINGS
        );
    }
    out
}

/// How many components' recommendations the summary lists.
const TOP_RECOMMENDATIONS: usize = 5;

/// Monthly cost, the cheapest plan that meets the policy, and the cost-optimized option of
/// the first components that need one.
fn costs(report: &Report, p: &Paint, out: &mut String) {
    let currency = report.summary.currency;
    let (cost, dr) = (report.summary.monthly_cost, report.summary.monthly_dr_cost);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  monthly cost (estimate): {cost:.2} {currency}, of which DR {dr:.2}"
    );
    if report.summary.unassessed.len() == crate::model::Disruption::ALL.len() {
        let _ = writeln!(
            out,
            "  cheapest plan: no policy to meet (set \"policy\": {{\"tier\": ...}} or targets in the file, or import with --tier)"
        );
    } else {
        let plan = &report.plan;
        let verdict = if plan.meets_policy {
            "meets the policy"
        } else {
            "the closest to the policy any configuration gets"
        };
        let _ = writeln!(
            out,
            "  cheapest plan ({verdict}): {:+.2} {currency}/month, {} {}",
            plan.monthly_cost_delta,
            crate::words::count(plan.changed_components.len() as u64, "component"),
            if plan.changed_components.len() == 1 {
                "changes"
            } else {
                "change"
            }
        );
    }
    let cost_options: Vec<_> = report
        .recommendations
        .iter()
        .filter(|r| r.option == "cost")
        .collect();
    if cost_options.is_empty() {
        return;
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        p.bold(&format!(
            "{} {} changes (cheapest option each)",
            crate::words::count(cost_options.len() as u64, "component"),
            if cost_options.len() == 1 {
                "needs"
            } else {
                "need"
            }
        ))
    );
    for r in cost_options.iter().take(TOP_RECOMMENDATIONS) {
        let meets = if r.meets_policy {
            ""
        } else {
            " (still misses the policy)"
        };
        let _ = writeln!(
            out,
            "  {:<14} {} {:+.2}/month{meets}: {}",
            r.component,
            r.strategy,
            r.monthly_cost_delta,
            r.changes.join("; ")
        );
    }
    if cost_options.len() > TOP_RECOMMENDATIONS {
        let _ = writeln!(
            out,
            "  … and {} more (the HTML report has all three options for each)",
            cost_options.len() - TOP_RECOMMENDATIONS
        );
    }
}
