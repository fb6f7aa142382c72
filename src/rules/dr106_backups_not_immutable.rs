//! DR106 `backups-not-immutable`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Sink};
use crate::mechanisms;
use crate::model::CompIdx;

declare_rule! {
    "DR106" "backups-not-immutable" {
        severity: Medium,
        category: Data,
        summary: "Fires on a component with backups that are not `backup.immutable` (no vault lock or object lock).",
        why: r#"Ransomware operators and malicious or careless insiders go for the backups first: the same
credentials that can encrypt the database can delete its recovery points, shorten their
retention or delete the vault, and then no RPO is achievable at all. An immutable (WORM) copy
cannot be deleted or changed before its retention ends, in compliance mode not even by the
account's root user. Immutability plus a copy in a separate account is the standard defence for
recovering from a security event."#,
        fix: r#"- AWS Backup: apply Vault Lock to the vault (`PutBackupVaultLockConfiguration` with
  `MinRetentionDays`; in compliance mode the lock becomes unchangeable after its
  `ChangeableForDays` grace period), or back up to a logically air-gapped vault.
- Dumps in S3: enable S3 Object Lock in compliance mode on the backup bucket (versioning is
  required), with a default retention at least the backup retention.
- Copy the recovery points into a vault in a separate backup account with a restrictive vault
  access policy.
- Then declare it: `"backup": {"immutable": true}`."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, _, backup) in ctx.backed_up_stores() {
        if !backup.immutable {
            sink.report(i, Deletable);
        }
    }
}

/// The recovery points can be deleted.
#[derive(Debug)]
struct Deletable;

impl Detail for Deletable {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{}'s backups are not immutable: ransomware or a compromised admin account can delete them",
            ctx.id(c)
        )
    }

    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "Lock the vault ({}) and declare \"immutable\": true.",
            mechanisms::of(ctx.component(c)).immutability
        )
    }
}
