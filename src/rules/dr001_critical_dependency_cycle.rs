//! DR001 `critical-dependency-cycle`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Sink};
use crate::model::CompIdx;

declare_rule! {
    "DR001" "critical-dependency-cycle" {
        severity: High,
        category: Graph,
        summary: "Fires on every member of a cycle of critical dependencies (A -> B -> ... -> A), naming the cycle in order: such a loop cannot be cold-started.",
        why: r#"Each component in the loop needs the next one up before it can serve, so after a full
outage, a region failover or a restore from backup nothing in the loop can start first: someone
has to break the loop by hand, under pressure, while the RTO clock runs. drplan treats the cycle
as one unit whose RTO is the **sum** of its members' own RTOs, which is usually far beyond the
target. A cycle also couples failures both ways: a brownout in any member takes every member
down. Recovery must be able to start from the bottom of the dependency graph and work up."#,
        fix: r#"Break the loop so the graph has a bottom that can start on its own:

- Make one edge of the loop non-critical: call it asynchronously through a queue
  (`{"id": "orders", "mode": "async"}`; Amazon SQS, EventBridge), or keep it synchronous but
  declare `"critical": false` with a `"fallback"` (cached or default values) so the caller can
  start degraded.
- Move what both sides need from each other (configuration, identity, a lookup table) into its
  own component that depends on neither.
- Make startup statically stable: bake the last-known-good configuration into the image or read
  it from S3 / AWS AppConfig instead of calling the other service at boot.

Then run `drplan plan` and check that the region runbook has a start order."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    let g = &ctx.assessment.core.graph;
    for members in g.cycles() {
        for &m in members {
            let cycle = g.cycle_through(m);
            sink.report(
                m,
                Cycle {
                    cycle,
                    members: members.len(),
                },
            );
        }
    }
}

/// A shortest loop through the component (`[a, b, c]` for a → b → c → a), and how many
/// components its strongly connected set holds.
#[derive(Debug)]
struct Cycle {
    cycle: Vec<CompIdx>,
    members: usize,
}

impl Detail for Cycle {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str("critical dependency cycle: ")?;
        for &x in &self.cycle {
            write!(w, "{} -> ", ctx.id(x))?;
        }
        w.write_str(ctx.id(c))?;
        if self.members > self.cycle.len() {
            write!(w, " ({} components in this loop in all)", self.members)?;
        }
        w.write_str("; after a full outage none of them can start first")
    }

    fn remediation(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str("Make one edge of the loop non-critical (\"critical\": false with a fallback, or \"mode\": \"async\" through a queue) so that one component can start without the others.")
    }
}
