//! DR403 `never-tested-in-game-day`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use jiff::civil::Date;

use super::{Ctx, Detail, Sink};
use crate::mechanisms;
use crate::duration::Human;
use crate::model::CompIdx;

declare_rule! {
    "DR403" "never-tested-in-game-day" {
        severity: Low,
        category: Operations,
        summary: "Fires on a component with neither `observability.last_tested`, an `observability.drills` entry nor an AWS FIS experiment that completed (measured by `drplan verify`, read with `assess --evidence`) within the 90 days before `--now` (today when not given).",
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
  (DR404 compares it with the estimate). An AWS FIS experiment from a template tagged
  `drplan:component` (as `drplan ops` emits them) counts by itself once it completes:
  `drplan verify -o verify.json` reads it, `drplan assess --evidence verify.json` counts it.
  A template that exists but never ran does not.
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
        let ran = ctx.assessment.core.measured_of(i).experiment.as_deref();
        let declared = drills.chain(o.last_tested).max();
        let latest = declared.max(ran.map(|x| x.date()));
        if ctx.stale(latest, max_age) {
            // The experiment is named when it is the newest test.
            let experiment = ran
                .filter(|x| Some(x.date()) == latest && declared < latest)
                .map(|x| x.id.clone());
            sink.report(i, Untested { latest, experiment });
        }
    }
}

/// The last game day, drill or measured experiment, if there ever was one.
#[derive(Debug)]
struct Untested {
    latest: Option<Date>,
    /// The id of the experiment that was the last test, when it was one.
    experiment: Option<String>,
}

impl Detail for Untested {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let what = match &self.experiment {
            Some(id) => format!("FIS experiment ({id}, measured)"),
            None => "game day or drill".to_string(),
        };
        match self.latest {
            Some(date) => write!(
                w,
                "{}'s last {what} was on {date}, more than {} before {}: its recovery is unproven today",
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
