//! DR402 `missing-runbook`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Sink};
use crate::model::CompIdx;
use crate::ops::{self, SopKind};

declare_rule! {
    "DR402" "missing-runbook" {
        severity: Low,
        category: Operations,
        summary: "Fires on a stateful component or an entry point without `observability.runbook`.",
        why: r#"Recovery happens at 3 a.m., under stress, often by someone who did not build the system.
Without a written procedure (how to fail over, which recovery point to restore where, how to
re-point the application, verify the data, and fail back) the restore and provision terms of
the RTO grow by the time spent working it out, and steps get skipped. SOP coverage is 20 points
of the resiliency score."#,
        fix: r#"- Write the runbook, starting from `drplan plan` (the recovery steps per disruption, in
  order), store it where on-call can reach it during an outage (not only in the primary region),
  and link it: `"observability": {"runbook": "https://wiki.example.com/runbooks/orders-db"}`.
- Automate the steps you can as AWS Systems Manager Automation documents (the form
  Resilience Hub recommends SOPs in) and start them from AWS Systems Manager Incident Manager
  response plans.
- Exercise it in a game day (DR403): a runbook nobody has run is a draft."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    let (arch, g) = (ctx.arch, &ctx.assessment.core.graph);
    for i in 0..arch.components.len() {
        if let Some(sop) = ops::sop_of(arch, g, i).filter(|s| !s.implemented) {
            sink.report(sop.component, NoRunbook { kind: sop.kind });
        }
    }
}

/// The recovery the missing runbook would describe.
#[derive(Debug)]
struct NoRunbook {
    kind: SopKind,
}

impl Detail for NoRunbook {
    fn about(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str(match self.kind {
            SopKind::RecoverData => "data",
            SopKind::RestoreService => "service",
        })
    }

    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let what = match self.kind {
            SopKind::RecoverData => "holds data",
            SopKind::RestoreService => "is an entry point",
        };
        write!(
            w,
            "{} {what} but has no runbook: its recovery would be improvised during the outage",
            ctx.id(c)
        )
    }

    fn remediation(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str(match self.kind {
            SopKind::RecoverData => {
                "Write the data-recovery runbook (restore or promote, re-point, verify the data, fail back), keep it reachable outside the region, and link it: \"observability\": {\"runbook\": \"...\"}."
            }
            SopKind::RestoreService => {
                "Write the service-recovery runbook (shift traffic, roll back, verify, fail back) from `drplan plan`, and link it: \"observability\": {\"runbook\": \"...\"}."
            }
        })
    }
}
