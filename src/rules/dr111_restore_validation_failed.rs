//! DR111 `restore-validation-failed`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use jiff::civil::Date;

use super::{Ctx, Detail, Sink};
use crate::model::CompIdx;

declare_rule! {
    "DR111" "restore-validation-failed" {
        severity: High,
        category: Data,
        summary: "Fires on a component whose latest validated restore failed: AWS Backup ran a restore (restore testing) and its validation reported `FAILED` or `TIMED_OUT`, with no successful validation since (`drplan verify`, read back with `assess --evidence`).",
        why: r#"A restore test exists to answer one question: would the data come back usable? A failed
validation is the answer "no": the recovery point restored, but the validation (a Lambda that
queries the restored database, counts rows, checks a schema) found it wrong or could not reach
it in time. Until a later restore validates, the backups of this component are known not to
work, whatever their freshness, and a real recovery would meet the same failure."#,
        fix: r#"- Read the restore job's validation message in AWS Backup (`DescribeRestoreJob`,
  `ValidationStatusMessage`) and fix the cause: a truncated dump, a KMS key the restore role
  cannot use, a schema the validation does not expect, a network path the validation Lambda
  lacks.
- Run the restore testing plan again (or a manual restore with validation) and see it succeed.
- Alarm on it: an EventBridge rule on `Restore Job State Change` with `validationStatus: FAILED`."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, _, _) in ctx.backed_up_stores() {
        if let Some(day) = ctx.assessment.core.measured_of(i).failed_validation {
            sink.report(i, Failed { day });
        }
    }
}

/// The day of the failed validation.
#[derive(Debug)]
struct Failed {
    day: Date,
}

impl Detail for Failed {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "the validation of {}'s restore of {} failed, and no restore has validated since: its backups are known not to restore usable data",
            ctx.id(c),
            self.day
        )
    }

    fn remediation(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str("Read the restore job's validation message in AWS Backup, fix the cause, and run the restore test again until it validates.")
    }
}
