//! DR101–DR107: backups and data protection of stateful components.

use std::fmt::{self, Write};

use super::{Ctx, Finding, Sink, catalog, lazy, put};
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
                sink.report(catalog::DR104, i, lazy(dr104), "Add backups (\"backup\": {\"frequency\": \"24h\", \"pitr\": true, \"retention\": \"35d\"}): replicas protect against losing a copy, not against losing the data.");
            } else {
                sink.report(catalog::DR101, i, lazy(dr101), "Enable backups (AWS Backup plan or the service's automated snapshots): \"backup\": {\"frequency\": \"24h\", \"retention\": \"35d\"}; add \"pitr\": true for a 5-minute RPO.");
            }
            continue;
        };

        if !backup.cross_region_copy && c.policy.targets[Disruption::Region].is_some() {
            sink.report(catalog::DR102, i, lazy(dr102), lazy(dr102_fix));
        }

        let interval = c.backup_interval(a.pitr_rpo);
        for d in [Disruption::Software, Disruption::Region] {
            let (Some(target), Some(interval)) = (c.policy.targets[d], interval) else {
                continue;
            };
            if interval > target.rpo {
                sink.report(catalog::DR103, i, lazy(dr103), lazy(dr103_fix))
                    .arg = d.index() as u32;
                break;
            }
        }

        if backup.retention.is_some_and(|r| r < a.min_retention) {
            sink.report(catalog::DR105, i, lazy(dr105), lazy(dr105_fix));
        }

        if !backup.immutable {
            sink.report(catalog::DR106, i, lazy(dr106), "Lock the vault (AWS Backup Vault Lock in compliance mode, or S3 Object Lock) and declare \"immutable\": true.");
        }

        if ctx.stale(backup.last_restore_test, a.restore_test_max_age) {
            sink.report(catalog::DR107, i, lazy(dr107), "Restore the latest recovery point into a scratch environment (AWS Backup restore testing), time it, and record \"last_restore_test\"; feed the measured throughput back with `drplan verify --deep`.");
        }
    }
}

fn dr101(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    put!(
        w,
        ctx.component(f).id,
        " holds data in a single copy with no backups and no replication: losing its instance loses the data"
    )
}

fn dr104(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    put!(
        w,
        ctx.component(f).id,
        " is replicated but has no backups: a bad write or a corruption reaches every copy, and nothing older is kept"
    )
}

fn dr102(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    put!(
        w,
        ctx.component(f).id,
        "'s backups stay in the primary region: after a region loss there is nothing to restore in ",
        ctx.secondary()
    )
}

fn dr102_fix(ctx: &Ctx, _: &Finding, w: &mut dyn Write) -> fmt::Result {
    put!(
        w,
        "Copy the recovery points out of the region (AWS Backup cross-region copy to ",
        ctx.secondary(),
        "): \"cross_region_copy\": true, with \"copy_location\" so that `drplan verify` checks the copies."
    )
}

/// The interval and the target DR103 compares (the disruption is the finding's `arg`).
fn dr103_figures(ctx: &Ctx, f: &Finding) -> (Disruption, std::time::Duration, std::time::Duration) {
    let c = ctx.component(f);
    let d = Disruption::ALL[f.arg as usize];
    let interval = c
        .backup_interval(ctx.options.assumptions.pitr_rpo)
        .unwrap_or_default();
    let target = c.policy.targets[d].map(|t| t.rpo).unwrap_or_default();
    (d, interval, target)
}

fn dr103(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let (d, interval, target) = dr103_figures(ctx, f);
    write!(
        w,
        "{} takes a recovery point every {}, but the {d} RPO target is {}",
        ctx.component(f).id,
        Human(interval),
        Human(target)
    )
}

fn dr103_fix(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let (d, _, target) = dr103_figures(ctx, f);
    let pitr = ctx.component(f).backup.as_ref().is_some_and(|b| b.pitr);
    if d == Disruption::Software && !pitr {
        write!(
            w,
            "Back up at least every {} or enable point-in-time recovery (\"pitr\": true, 5-minute RPO).",
            Human(target)
        )
    } else {
        write!(
            w,
            "Back up at least every {}, or replicate to {} (\"replication\": {{\"mode\": \"async\"}}) for a lag of seconds.",
            Human(target),
            ctx.secondary()
        )
    }
}

fn dr105(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let c = ctx.component(f);
    let retention = c
        .backup
        .as_ref()
        .and_then(|b| b.retention)
        .unwrap_or_default();
    write!(
        w,
        "{} keeps recovery points for {}: corruption found later than that can no longer be undone",
        c.id,
        Human(retention)
    )
}

fn dr105_fix(ctx: &Ctx, _: &Finding, w: &mut dyn Write) -> fmt::Result {
    write!(
        w,
        "Keep recovery points for at least {} (\"retention\": \"35d\" is the RDS maximum for automated backups).",
        Human(ctx.options.assumptions.min_retention)
    )
}

fn dr106(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    put!(
        w,
        ctx.component(f).id,
        "'s backups are not immutable: ransomware or a compromised admin account can delete them"
    )
}

fn dr107(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let c = ctx.component(f);
    match c.backup.as_ref().and_then(|b| b.last_restore_test) {
        Some(date) => write!(
            w,
            "{}'s last restore test was on {date}, more than {} before {}",
            c.id,
            Human(ctx.options.assumptions.restore_test_max_age),
            ctx.options.now
        ),
        None => put!(
            w,
            c.id,
            "'s backups have never been restored in a test: the restore time and the backups themselves are unproven"
        ),
    }
}
