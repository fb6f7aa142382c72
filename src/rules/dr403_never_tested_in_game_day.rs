//! DR403 `never-tested-in-game-day`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use jiff::civil::Date;

use super::{Ctx, Detail, Sink, mechanisms};
use crate::duration::Human;
use crate::model::CompIdx;

declare_rule! {
    "DR403" "never-tested-in-game-day" {
        severity: Low,
        category: Operations,
        summary: "Fires on a component with neither `observability.last_tested` nor an `observability.drills` entry within the 90 days before `--now` (today when not given).",
        why: r#"Estimates are models; a game day is the measurement. Injecting the failure on purpose (kill
an instance, cut off a zone, fail over the region, add latency to a dependency) finds the
missing IAM permission, the hard-coded endpoint, the alarm that does not fire and the runbook
step that no longer exists while people are ready for it, not during a real incident. Systems
drift, so a test from last year says little about today. Test coverage is 20 points of the
resiliency score, which counts only tests within 30 days."#,
        fix: r#"- Run a game day or chaos experiment for the disruptions in your policy: AWS Fault Injection
  Service (instance termination, the AZ power interruption and cross-Region connectivity
  scenarios, network latency), the experiments Resilience Hub recommends, or an Application
  Recovery Controller zonal shift.
- Record it: `"observability": {"last_tested": "2026-11-01"}`, and what was measured as a drill:
  `"drills": [{"date": "2026-11-01", "disruption": "az", "rto": "4m", "rpo": "0s"}]`
  (DR404 compares it with the estimate).
- Make it routine (at least quarterly) and write down what you learned."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    let max_age = ctx.options.assumptions.game_day_max_age;
    for (i, c) in ctx.arch.components.iter().enumerate() {
        if c.outside_our_failure_domains() {
            continue;
        }
        let o = &c.observability;
        let drills = o.drills.iter().map(|d| d.date);
        if ctx.stale(o.last_tested, max_age) && drills.clone().all(|d| ctx.stale(Some(d), max_age))
        {
            let latest = drills.chain(o.last_tested).max();
            sink.report(i, Untested { latest });
        }
    }
}

/// The last game day or drill, if there ever was one.
#[derive(Debug)]
struct Untested {
    latest: Option<Date>,
}

impl Detail for Untested {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        match self.latest {
            Some(date) => write!(
                w,
                "{}'s last game day or drill was on {date}, more than {} before {}: its recovery is unproven today",
                ctx.id(c),
                Human(ctx.options.assumptions.game_day_max_age),
                ctx.options.now
            ),
            None => write!(
                w,
                "{} has never been tested in a game day or drill: its recovery is unproven",
                ctx.id(c)
            ),
        }
    }

    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "Run a game day ({}) and record \"last_tested\" or a drill with what it measured.",
            mechanisms::of(ctx.component(c)).fault_injection
        )
    }
}
