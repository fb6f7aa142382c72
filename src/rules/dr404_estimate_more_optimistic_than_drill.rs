//! DR404 `estimate-more-optimistic-than-drill`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use jiff::civil::Date;

use crate::words::list;
use super::{Ctx, Detail, Sink};
use crate::duration::Human;
use crate::estimate::drills::Gap;
use crate::model::{CompIdx, Disruption};

declare_rule! {
    "DR404" "estimate-more-optimistic-than-drill" {
        severity: Medium,
        category: Operations,
        summary: "Fires on a component with a drill in `observability.drills` that measured a larger RTO or RPO than drplan's estimate for the same disruption.",
        why: r#"When reality is slower than the model, the model is wrong, and everything built on it (the
policy verdict, the recovery timeline, the cheapest plan that meets the target) is too
optimistic. The gap points at a step the model does not know: a manual promotion, DNS TTLs,
cold caches, a slower restore, a dependency that had to come back first. drplan shows the most
recent drill's figures in place of the estimate, marked measured, but the assumptions behind the
estimate are still wrong for the other disruptions and for every what-if plan."#,
        fix: r#"- Find the step the model missed in the drill's timeline and declare it, so the estimate
  matches: `"deployment": {"managed_failover": false}` when someone promoted the replica by
  hand, `"recovery": {"detection": "10m", "startup": "5m"}`, a measured
  `backup.restore_mb_per_sec`.
- Or remove the slowness and drill again: automatic failover (RDS Multi-AZ, Aurora), Route 53
  health checks and low DNS TTLs, Application Recovery Controller routing controls, pre-warmed
  capacity.
- Keep the drills in the file: the newest one per disruption is what the report shows as
  measured."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for drilled in &ctx.assessment.core.drilled {
        let gaps = drilled.gaps(ctx.arch);
        if !gaps.is_empty() {
            let detail = Optimistic {
                disruption: drilled.disruption,
                date: drilled.drill(ctx.arch).date,
                gaps,
            };
            sink.report(drilled.component, detail);
        }
    }
}

/// The drill, and what it measured beyond the model's estimate.
#[derive(Debug)]
struct Optimistic {
    disruption: Disruption,
    date: Date,
    gaps: Vec<Gap>,
}

impl Detail for Optimistic {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let id = ctx.id(c);
        write!(
            w,
            "the {} drill of {id} on {} measured ",
            self.disruption, self.date
        )?;
        list(w, ", ", &self.gaps, |w, g| {
            write!(w, "{} {} against {} estimated", g.what, Human(g.measured), g.model)
        })?;
        write!(w, ": the model is too optimistic for {id}")
    }

    fn remediation(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str("Find the step the model missed in the drill's timeline and declare it (\"managed_failover\": false, \"recovery\": {\"detection\", \"startup\"}, a measured \"restore_mb_per_sec\"), or remove the slowness and drill again.")
    }
}
