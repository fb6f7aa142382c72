//! DR109 `bucket-not-versioned`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Sink};
use crate::mechanisms;
use crate::model::{CompIdx, Kind};

declare_rule! {
    "DR109" "bucket-not-versioned" {
        severity: Medium,
        category: Data,
        summary: "Fires on a `storage` component whose `backup.versioning` is false, as the infrastructure as code says of an S3 bucket without versioning.",
        why: r#"A bucket without versioning keeps one version of each object: an overwrite by a buggy
deploy, a lifecycle rule that expires too much, or a `delete` is final, and replication copies
the damage to the replica at once. With S3 Versioning every overwrite and delete leaves the
earlier version in place, so a bad change can be undone object by object, with nothing lost
since the last good write. AWS Backup for S3, replication and object lock all need versioning
on anyway."#,
        fix: r#"- Enable versioning and declare it: `"backup": {"versioning": true}`. Terraform:
  `aws_s3_bucket_versioning` with `status = "Enabled"`; CloudFormation:
  `VersioningConfiguration: {Status: Enabled}`.
- Expire noncurrent versions after a retention that fits the late-detected corruption you want
  to survive (a lifecycle `noncurrent_version_expiration`), and consider object lock
  (`"immutable": true`) so that the versions cannot be deleted either."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, c) in ctx.stores() {
        let unversioned = c.backup.as_ref().is_some_and(|b| b.versioning == Some(false));
        if c.kind == Kind::Storage && unversioned {
            sink.report(i, Unversioned);
        }
    }
}

/// One version of each object.
#[derive(Debug)]
struct Unversioned;

impl Detail for Unversioned {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{} keeps one version of each object: an overwrite or a delete is final, and replication copies it at once",
            ctx.id(c)
        )
    }

    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "Enable {}, expire noncurrent versions after a retention that fits, and declare \"backup\": {{\"versioning\": true}}.",
            mechanisms::of(ctx.component(c)).versioning
        )
    }
}
