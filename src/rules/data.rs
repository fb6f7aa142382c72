//! DR101–DR107: backups and data protection of stateful components.

use super::{Ctx, Sink, catalog};
use crate::duration::Human;
use crate::model::Disruption;

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    let a = &ctx.options.assumptions;
    for (i, c) in ctx.arch.components.iter().enumerate() {
        if !c.stateful || c.outside_our_failure_domains() {
            continue;
        }
        let replicated = c.deployment.instances >= 2 || c.replication.is_some();
        let Some(backup) = c.backups() else {
            if replicated {
                sink.report(
                    catalog::DR104,
                    i,
                    format!("{} is replicated but has no backups: a bad write or a corruption reaches every copy, and nothing older is kept", c.id),
                    "Add backups (\"backup\": {\"frequency\": \"24h\", \"pitr\": true, \"retention\": \"35d\"}): replicas protect against losing a copy, not against losing the data.",
                );
            } else {
                sink.report(
                    catalog::DR101,
                    i,
                    format!("{} holds data in a single copy with no backups and no replication: losing its instance loses the data", c.id),
                    "Enable backups (AWS Backup plan or the service's automated snapshots): \"backup\": {\"frequency\": \"24h\", \"retention\": \"35d\"}; add \"pitr\": true for a 5-minute RPO.",
                );
            }
            continue;
        };

        if !backup.cross_region_copy && c.policy.targets[Disruption::Region].is_some() {
            sink.report(
                catalog::DR102,
                i,
                format!("{}'s backups stay in the primary region: after a region loss there is nothing to restore in {}", c.id, ctx.secondary()),
                format!("Copy the recovery points out of the region (AWS Backup cross-region copy to {}): \"cross_region_copy\": true, with \"copy_location\" so that `drplan verify` checks the copies.", ctx.secondary()),
            );
        }

        let interval = c.backup_interval(a.pitr_rpo);
        for d in [Disruption::Software, Disruption::Region] {
            let (Some(target), Some(interval)) = (c.policy.targets[d], interval) else {
                continue;
            };
            if interval > target.rpo {
                sink.report(
                    catalog::DR103,
                    i,
                    format!("{} takes a recovery point every {}, but the {d} RPO target is {}", c.id, Human(interval), Human(target.rpo)),
                    if d == Disruption::Software && !backup.pitr {
                        format!("Back up at least every {} or enable point-in-time recovery (\"pitr\": true, 5-minute RPO).", Human(target.rpo))
                    } else {
                        format!("Back up at least every {}, or replicate to {} (\"replication\": {{\"mode\": \"async\"}}) for a lag of seconds.", Human(target.rpo), ctx.secondary())
                    },
                );
                break;
            }
        }

        match backup.retention {
            Some(r) if r < a.min_retention => sink.report(
                catalog::DR105,
                i,
                format!("{} keeps recovery points for {}: corruption found later than that can no longer be undone", c.id, Human(r)),
                format!("Keep recovery points for at least {} (\"retention\": \"35d\" is the RDS maximum for automated backups).", Human(a.min_retention)),
            ),
            _ => {}
        }

        if !backup.immutable {
            sink.report(
                catalog::DR106,
                i,
                format!("{}'s backups are not immutable: ransomware or a compromised admin account can delete them", c.id),
                "Lock the vault (AWS Backup Vault Lock in compliance mode, or S3 Object Lock) and declare \"immutable\": true.",
            );
        }

        if ctx.stale(backup.last_restore_test, a.restore_test_max_age) {
            let message = match backup.last_restore_test {
                Some(date) => format!(
                    "{}'s last restore test was on {date}, more than {} before {}",
                    c.id,
                    Human(a.restore_test_max_age),
                    ctx.options.now
                ),
                None => format!(
                    "{}'s backups have never been restored in a test: the restore time and the backups themselves are unproven",
                    c.id
                ),
            };
            sink.report(
                catalog::DR107,
                i,
                message,
                "Restore the latest recovery point into a scratch environment (AWS Backup restore testing), time it, and record \"last_restore_test\"; feed the measured throughput back with `drplan verify --deep`.",
            );
        }
    }
}
