//! DR108 `deletion-protection-off`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Sink, mechanisms};
use crate::model::CompIdx;

declare_rule! {
    "DR108" "deletion-protection-off" {
        severity: Medium,
        category: Data,
        summary: "Fires on a stateful component whose `deletion_protection` is false, as the infrastructure as code says of an RDS database, a DynamoDB table or another store that can be protected.",
        why: r#"The most common way to lose a database is to delete it: a `terraform destroy` in the wrong
workspace, a resource renamed in a template (CloudFormation and Terraform replace it: delete,
then create an empty one), a stack deleted to clean up. Replicas and standbys go with it, and
for RDS the automated backups are deleted with the instance unless they are retained. Deletion
protection makes the API refuse to delete the store until someone turns it off on purpose: a
cheap guard against the fastest data loss there is."#,
        fix: r#"- Turn deletion protection on and declare it: `"deletion_protection": true`. Terraform:
  `deletion_protection = true` on `aws_db_instance`, `aws_rds_cluster` and
  `deletion_protection_enabled = true` on `aws_dynamodb_table`; CloudFormation:
  `DeletionProtection: true` (`DeletionProtectionEnabled` for DynamoDB).
- Add `DeletionPolicy: Retain` or `Snapshot` (CloudFormation) or `prevent_destroy` in a
  `lifecycle` block (Terraform) so that a replacement or a stack deletion keeps the data.
- Keep backups out of the blast radius: retain RDS automated backups on deletion, and copy
  recovery points to another account (AWS Backup cross-account copy)."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, c) in ctx.stores() {
        if c.deletion_protection == Some(false) {
            sink.report(i, Unprotected);
        }
    }
}

/// Deleting the store takes one call.
#[derive(Debug)]
struct Unprotected;

impl Detail for Unprotected {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{} has no deletion protection: one destroy or a replaced resource deletes it, replicas and automated backups with it",
            ctx.id(c)
        )
    }

    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "Turn deletion protection on ({}) and declare \"deletion_protection\": true; keep a retained snapshot policy on replacement.",
            mechanisms::of(ctx.component(c)).deletion_protection
        )
    }
}
