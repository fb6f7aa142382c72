//! `drplan diff` in the terminal: the text renderer of a `diff::Diff`, beside the Markdown one.

use std::fmt::Write;

use super::format::secs;
use crate::diff::{Change, Diff, FindingRecord, Side};

/// A side of a disruption: `met, RTO 26m, RPO 15m`.
pub fn side(s: &Side) -> String {
    format!(
        "{}, RTO {}, RPO {}",
        s.status,
        secs(s.rto_secs),
        secs(s.rpo_secs)
    )
}

/// A money figure as every output writes it (`4,320`), or a dash.
pub fn money(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), crate::report::format::money)
}

/// A figure before and after.
fn moved(before: &str, after: &str) -> String {
    if before == after {
        before.to_string()
    } else {
        format!("{before} → {after}")
    }
}

/// The verdict in one line.
pub fn verdict(d: &Diff) -> String {
    if d.regressed {
        format!("regressed: {}", d.regressions.join("; "))
    } else {
        let better = d
            .disruptions
            .iter()
            .filter(|(_, x)| x.change == Change::Better)
            .count();
        let resolved = d.findings.resolved.len();
        match (better, resolved) {
            (0, 0) => "no regression".into(),
            _ => format!(
                "no regression ({better} disruption{} better, {resolved} finding{} resolved)",
                crate::words::plural_s(better),
                crate::words::plural_s(resolved)
            ),
        }
    }
}

fn findings(out: &mut String, title: &str, list: &[FindingRecord]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title} ({}):", list.len());
    for f in list {
        let _ = writeln!(
            out,
            "  {:<8} {} {:<14} {}",
            f.severity, f.rule, f.component, f.message
        );
    }
}

pub fn render_text(d: &Diff) -> String {
    let mut out = String::new();
    let name = moved(&d.before, &d.after);
    let _ = writeln!(out, "drplan diff: {name} — {}", verdict(d));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  {:<10} {:<42} {:<42} change",
        "disruption", "before", "after"
    );
    for (name, x) in d.disruptions.iter() {
        let _ = writeln!(
            out,
            "  {:<10} {:<42} {:<42} {}",
            name,
            side(&x.before),
            side(&x.after),
            x.change.as_str()
        );
    }
    findings(&mut out, "new findings", &d.findings.new);
    findings(&mut out, "resolved findings", &d.findings.resolved);
    let c = &d.components;
    if !c.added.is_empty() || !c.removed.is_empty() || !c.changed.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "components: {} added, {} removed, {} changed",
            c.added.len(),
            c.removed.len(),
            c.changed.len()
        );
        for id in &c.added {
            let _ = writeln!(out, "  + {id}");
        }
        for id in &c.removed {
            let _ = writeln!(out, "  - {id}");
        }
        for ch in &c.changed {
            let fields: Vec<String> = (ch.fields.iter())
                .map(|f| format!("{} {} → {}", f.field, f.before, f.after))
                .collect();
            let estimates: Vec<String> = (ch.estimates.iter())
                .map(|e| format!("{} {} → {}", e.disruption, side(&e.before), side(&e.after)))
                .collect();
            let _ = writeln!(
                out,
                "  ~ {}: {}",
                ch.id,
                fields
                    .iter()
                    .chain(&estimates)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ")
            );
        }
    }
    let _ = writeln!(out);
    let score = |v: Option<f64>| v.map_or_else(|| "—".into(), |v| format!("{v}"));
    let _ = writeln!(
        out,
        "score {}; monthly cost {}; DR cost {}; cheapest plan that meets the policy {}",
        moved(&score(d.score.before), &score(d.score.after)),
        moved(&money(d.monthly_cost.before), &money(d.monthly_cost.after)),
        moved(
            &money(d.monthly_dr_cost.before),
            &money(d.monthly_dr_cost.after)
        ),
        moved(
            &money(d.cheapest_plan_cost.before),
            &money(d.cheapest_plan_cost.after)
        ),
    );
    out
}
