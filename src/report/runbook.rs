//! The recovery runbook (`drplan plan`) for a terminal. Its JSON is the runbook's serde
//! (docs/report.md), its Markdown `markdown::runbook`, its HTML the report's timeline.

use std::fmt::Write;

use crate::duration::{Human, human_secs};
use crate::model::{Disruption, Target};
use crate::plan::runbook::Runbook;

/// The target as `RTO 4h, RPO 1h`, or `no target`.
pub fn target_text(t: Option<&Target>) -> String {
    t.map_or_else(
        || "no target".to_string(),
        |t| format!("target RTO {}, RPO {}", Human(t.rto), Human(t.rpo)),
    )
}

/// The runbook for a terminal.
pub fn render_text(rb: &Runbook) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "drplan plan: {} — recovery runbook", rb.architecture);
    let _ = writeln!(
        out,
        "Times are from the disruption. Every step's own work starts at once, in parallel; a step\n\
         is in service at its finish time, once the steps it waits for are back."
    );
    for (d, p) in &rb.disruptions {
        let _ = writeln!(out);
        let back = match p.rto_secs {
            Some(_) => format!("app back in {}, data loss {}", p.rto, p.rpo),
            None => "the app does not come back".to_string(),
        };
        let _ = writeln!(
            out,
            "{d} disruption — {}: {back} ({})",
            p.status.as_str(),
            target_text(p.target.as_ref())
        );
        if !p.critical_path.is_empty() {
            let _ = writeln!(out, "  critical path: {}", p.critical_path.join(" -> "));
        }
        let width = p
            .steps
            .iter()
            .map(|s| s.component.len())
            .chain(p.blocked.iter().map(|b| b.component.len()))
            .max()
            .unwrap_or(0)
            .max(9);
        let mut wave = 0;
        for s in &p.steps {
            if s.wave != wave && p.waves > 1 {
                wave = s.wave;
                let _ = writeln!(out, "  wave {wave}:");
            }
            let _ = writeln!(
                out,
                "    {:>3}. {:<width$}  work 0s–{:<10} in service {:<10}{}",
                s.order,
                s.component,
                human_secs(s.work_secs),
                s.finish,
                if s.critical_path {
                    "  (critical path)"
                } else {
                    ""
                },
            );
            let _ = writeln!(
                out,
                "         {}{}",
                s.action,
                if s.automatic { " (automatic)" } else { "" }
            );
            if !s.waits_for.is_empty() {
                let _ = writeln!(
                    out,
                    "         waits for {} (back at {})",
                    s.waits_for.join(", "),
                    s.start
                );
            }
        }
        if p.steps.is_empty() {
            let _ = writeln!(out, "  nothing to recover");
        }
        if !p.blocked.is_empty() {
            let until = match (d, rb.primary_region) {
                (Disruption::Region, Some(r)) => format!(" until {r} returns"),
                (Disruption::Region, None) => " until the primary region returns".into(),
                (Disruption::Az, _) => " until the zone returns".into(),
                _ => String::new(),
            };
            let _ = writeln!(out, "  cannot recover{until}:");
            for b in &p.blocked {
                let _ = writeln!(out, "    {:<width$}  {}", b.component, b.reason);
            }
        }
        if !p.unaffected.is_empty() {
            let _ = writeln!(out, "  unaffected: {}", p.unaffected.join(", "));
        }
    }
    out
}
