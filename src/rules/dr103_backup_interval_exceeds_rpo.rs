//! DR103 `backup-interval-exceeds-rpo`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};
use std::time::Duration;

use super::{Ctx, Detail, Sink};
use crate::duration::Human;
use crate::model::{CompIdx, Disruption, Strategy};

declare_rule! {
    "DR103" "backup-interval-exceeds-rpo" {
        severity: High,
        category: Data,
        summary: "Fires on a component whose backup interval (5m with `backup.pitr`, else `backup.frequency`) is longer than the software RPO target of its effective policy (unless it keeps versions, `backup.versioning`), or than the region RPO target when it recovers the region from its backups (`backup-restore`).",
        why: r#"The backup interval is the floor of the RPO for a software disruption: corruption and bad
deploys replicate to every replica and standby, so the newest clean recovery point is all you
can restore, and up to one interval of writes is lost. A daily snapshot can never meet a 1h RPO,
whatever else is configured. When the region is recovered from backup copies, the copy lag adds
to the interval (drplan assumes 15m), so the region RPO is worse still."#,
        fix: r#"- Shorten `backup.frequency` to at most the smaller of the software and region RPO targets,
  or turn on continuous backup with `"pitr": true` (RDS / Aurora automated backups, DynamoDB
  point-in-time recovery, AWS Backup continuous backup for RDS, Aurora and S3: RPO about 5
  minutes).
- AWS Backup schedules run at most hourly; below 1h you need continuous backup.
- PITR logs stay in the primary region. To meet a tight region RPO, replicate instead of copying
  more often: `"replication": {"mode": "async"}` (Aurora Global Database, DynamoDB global
  tables, S3 Cross-Region Replication).
- If the target is stricter than the business needs, relax it in `policy`, deliberately."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    let pitr_rpo = ctx.options.assumptions.pitr_rpo;
    for (i, c, backup) in ctx.backed_up_stores() {
        let Some(interval) = c.backup_interval(pitr_rpo) else {
            continue;
        };
        // The software target first: one finding per component, on the first target missed.
        // Only where the backups set the RPO: kept versions restore a software disruption,
        // and a region is restored from backups only by backup-restore.
        let missed = [Disruption::Software, Disruption::Region]
            .into_iter()
            .filter(|d| match d {
                Disruption::Software => !c.keeps_versions(),
                _ => c.deployment.region_strategy == Strategy::BackupRestore,
            })
            .find_map(|d| {
                let target = c.policy.targets[d]?.rpo;
                (interval > target).then_some((d, target))
            });
        if let Some((disruption, target)) = missed {
            sink.report(
                i,
                IntervalAboveRpo {
                    disruption,
                    interval,
                    target,
                    pitr: backup.pitr,
                },
            );
        }
    }
}

/// The backup interval, and the RPO target of the disruption it misses.
#[derive(Debug)]
struct IntervalAboveRpo {
    disruption: Disruption,
    interval: Duration,
    target: Duration,
    pitr: bool,
}

impl Detail for IntervalAboveRpo {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{} takes a recovery point every {}, but the {} RPO target is {}",
            ctx.id(c),
            Human(self.interval),
            self.disruption,
            Human(self.target)
        )
    }

    fn remediation(&self, ctx: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        if self.disruption == Disruption::Software && !self.pitr {
            write!(
                w,
                "Back up at least every {} or enable point-in-time recovery (\"pitr\": true, 5-minute RPO).",
                Human(self.target)
            )
        } else {
            write!(
                w,
                "Back up at least every {}, or replicate to {} (\"replication\": {{\"mode\": \"async\"}}) for a lag of seconds.",
                Human(self.target),
                ctx.secondary()
            )
        }
    }
}
