//! DR110 `pitr-declared-but-off`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Sink};
use crate::mechanisms;
use crate::model::CompIdx;

declare_rule! {
    "DR110" "pitr-declared-but-off" {
        severity: High,
        category: Data,
        summary: "Fires on a component whose file declares `backup.pitr: true` while the service itself reports point-in-time recovery off (`drplan verify`, read back with `assess --evidence`).",
        why: r#"Every RPO drplan estimates for the component rests on the declaration: with point-in-time
recovery, a software disruption loses minutes. When the service says continuous backup is off
(a DynamoDB table whose PITR was never enabled or was switched off, an RDS instance whose backup
retention is 0), the real RPO is the age of the newest snapshot, often a day, and for an RDS
instance with retention 0 there are no automated backups at all. The file and the account
disagree, and the account is what a restore will meet."#,
        fix: r#"- Turn point-in-time recovery on where the file says it is: DynamoDB
  `UpdateContinuousBackups` (`PointInTimeRecoveryEnabled: true`, Terraform
  `point_in_time_recovery { enabled = true }`), RDS a backup retention of 1 to 35 days.
- Or, if it was switched off on purpose, write `"pitr": false` so that the estimates say the
  truth.
- Keep it from drifting: an AWS Config rule (`dynamodb-pitr-enabled`,
  `db-instance-backup-enabled`) alarms when it is switched off."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, _, backup) in ctx.backed_up_stores() {
        if backup.pitr && ctx.assessment.core.measured_of(i).pitr_off {
            sink.report(i, Off);
        }
    }
}

/// Declared on, found off.
#[derive(Debug)]
struct Off;

impl Detail for Off {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{} declares point-in-time recovery, but the service reports it off: its software RPO is the age of its newest recovery point, not minutes",
            ctx.id(c)
        )
    }

    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "Enable point-in-time recovery on the resource ({}), or declare \"pitr\": false so that the estimate is true.",
            mechanisms::of(ctx.component(c)).pitr
        )
    }
}
