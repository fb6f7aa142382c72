//! DR406 `experiment-failed`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Sink};
use crate::estimate::RanExperiment;
use crate::model::CompIdx;

declare_rule! {
    "DR406" "experiment-failed" {
        severity: Medium,
        category: Operations,
        summary: "Fires once per AWS FIS experiment template tagged `drplan:component` whose latest run failed, was stopped or was cancelled with no completed run of that template since, on the component it tests (`drplan verify`, read back with `assess --evidence`).",
        why: r#"A game day is a question put to the system: does it ride out this fault? An experiment that
FIS stopped because a stop-condition alarm fired is the answer "no": the component's health or
error alarm crossed its threshold while the fault lasted, which is what a real instance, zone
or region loss would do too. An experiment that failed never got its answer (a target that did
not resolve, a role without a permission, an action that errored), and one that was cancelled
or stopped by hand proves nothing either. Until the same experiment runs to completion, the
component's resilience to that fault is unproven or known to be missing, whatever its other
tests say."#,
        fix: r#"- Read the experiment's state reason and its log (`aws fis get-experiment --id EXP…`, the
  experiment's CloudWatch Logs or S3 log configuration) and fix the cause: the recovery that
  did not happen in time (more instances, zones, a faster failover), the alarm that was too
  tight, or the template's role, targets or tags.
- Run the experiment again (`aws fis start-experiment --experiment-template-id …`) until it
  completes, then `drplan verify -o verify.json` and `drplan assess --evidence verify.json`."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for i in 0..ctx.arch.components.len() {
        for run in &ctx.assessment.core.measured_of(i).failed_experiments {
            sink.report(i, Failed { run: run.clone() });
        }
    }
}

/// An experiment template whose latest run did not complete: that run.
#[derive(Debug)]
struct Failed {
    run: RanExperiment,
}

impl Detail for Failed {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let x = &self.run;
        write!(
            w,
            "{}'s last game day from {} was {} on {} (experiment {}, measured by AWS FIS)",
            ctx.id(c),
            x.what(),
            x.state,
            x.started,
            x.id
        )?;
        match &x.reason {
            Some(reason) => write!(w, ": {reason}"),
            None => Ok(()),
        }
    }

    fn remediation(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str("Read the experiment's state reason and log, fix the cause (the recovery, the alarm or the template), and run it again until it completes.")
    }

    /// One finding per template: its item key, else its id.
    fn about(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str(self.run.item.as_deref().unwrap_or(&self.run.template))
    }
}
