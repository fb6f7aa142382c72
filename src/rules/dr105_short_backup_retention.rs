//! DR105 `short-backup-retention`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};
use std::time::Duration;

use super::{Ctx, Detail, Sink};
use crate::mechanisms;
use crate::duration::Human;
use crate::model::CompIdx;

declare_rule! {
    "DR105" "short-backup-retention" {
        severity: Medium,
        category: Data,
        summary: "Fires on a component whose `backup.retention` is shorter than 7 days, or that keeps versions (`backup.versioning`) for less than 7 days (`backup.version_retention`, a lifecycle rule that expires them).",
        why: r#"Corruption is often found late: a silent bug, a bad batch job or ransomware that sat dormant
is noticed days or weeks after it started. With 3 days of retention the last clean recovery
point may already have expired when you go looking for it, and the real RPO becomes
"everything". Retention must cover the time to detect the slowest plausible failure plus the
time to investigate; 7 days is a floor, and 35 days (the RDS automated-backup maximum) or longer,
with monthly points kept for months, is common for production data."#,
        fix: r#"- Keep recovery points at least as long as your worst time-to-detect for silent corruption:
  `"backup": {"retention": "35d"}`.
- On AWS: raise the lifecycle (`DeleteAfterDays`) of the AWS Backup plan rule or the RDS
  `BackupRetentionPeriod` (1 to 35 days); add a second, monthly rule with long retention and a
  transition to cold storage to keep the cost down.
- Enforce it: AWS Backup Vault Lock `MinRetentionDays` stops anyone shortening it later, and the
  AWS Backup Audit Manager control for minimum frequency and retention reports drift."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    let min = ctx.options.assumptions.min_retention;
    for (i, _, backup) in ctx.backed_up_stores() {
        if let Some(retention) = backup.retention.filter(|&r| r < min) {
            sink.report(i, ShortRetention { retention });
        }
    }
    for (i, c) in ctx.stores() {
        if let Some(Some(kept)) = c.versions_kept()
            && kept < min
        {
            sink.report(i, ShortVersions { kept });
        }
    }
}

/// How long the recovery points are kept.
#[derive(Debug)]
struct ShortRetention {
    retention: Duration,
}

impl Detail for ShortRetention {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{} keeps recovery points for {}: corruption found later than that can no longer be undone",
            ctx.id(c),
            Human(self.retention)
        )
    }

    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "Keep recovery points for at least {} ({}).",
            Human(ctx.options.assumptions.min_retention),
            mechanisms::of(ctx.component(c)).retention_limit
        )
    }
}

/// How long earlier versions are kept before a lifecycle rule expires them.
#[derive(Debug)]
struct ShortVersions {
    kept: Duration,
}

impl Detail for ShortVersions {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{} keeps earlier versions for {} after they are replaced: an overwrite or a deletion found later than that can no longer be undone",
            ctx.id(c),
            Human(self.kept)
        )
    }

    fn remediation(&self, ctx: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "Expire noncurrent versions after at least {} (a lifecycle rule's NoncurrentVersionExpiration / noncurrent_days), and declare \"backup\": {{\"version_retention\": \"30d\"}}.",
            Human(ctx.options.assumptions.min_retention)
        )
    }

    fn about(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str("versions")
    }
}
