//! DR108 `deletion-protection-off`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Severity, Sink};
use crate::mechanisms;
use crate::model::{CompIdx, Deletion, OnDelete};

declare_rule! {
    "DR108" "deletion-protection-off" {
        severity: Medium,
        category: Data,
        summary: "Fires on a stateful component whose `deletion_protection` is false, as the infrastructure as code says of an RDS database, a DynamoDB table or another store that can be protected; low when `on_delete` keeps its data both when it is destroyed and when it is replaced (a final snapshot, or the resource retained).",
        why: r#"The most common way to lose a database is to delete it: a `terraform destroy` in the wrong
workspace, a resource renamed in a template (CloudFormation and Terraform replace it: delete,
then create an empty one), a stack deleted to clean up. Replicas and standbys go with it, and
for RDS the automated backups are deleted with the instance unless they are retained. Deletion
protection makes the API refuse to delete the store until someone turns it off on purpose: a
cheap guard against the fastest data loss there is. A final snapshot (CloudFormation
`DeletionPolicy: Snapshot`, Terraform `skip_final_snapshot = false`) or a retained resource
(`Retain`) makes the same mistake recoverable, at a cost: a restore from the final snapshot is a
new database with a new endpoint, hours away for a large one, and CloudFormation's
`UpdateReplacePolicy` (Delete unless set) decides what a replacement leaves, apart from the
`DeletionPolicy`."#,
        fix: r#"- Turn deletion protection on and declare it: `"deletion_protection": true`. Terraform:
  `deletion_protection = true` on `aws_db_instance`, `aws_rds_cluster` and
  `deletion_protection_enabled = true` on `aws_dynamodb_table`; CloudFormation:
  `DeletionProtection: true` (`DeletionProtectionEnabled` for DynamoDB).
- Add `DeletionPolicy: Retain` or `Snapshot` and the same `UpdateReplacePolicy`
  (CloudFormation), or keep `skip_final_snapshot = false` with a `final_snapshot_identifier`
  and `prevent_destroy` in a `lifecycle` block (Terraform), so that a replacement or a stack
  deletion keeps the data; declare it as `"on_delete": {"destroy": "snapshot", "replace":
  "snapshot"}`.
- Keep backups out of the blast radius: retain RDS automated backups on deletion, and copy
  recovery points to another account (AWS Backup cross-account copy)."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, c) in ctx.stores() {
        if c.deletion_protection == Some(false) {
            let survives = |on: Option<OnDelete>| on.is_some_and(OnDelete::keeps_data);
            let detail = Unprotected {
                on_delete: c.on_delete,
            };
            if survives(c.on_delete.destroy) && survives(c.on_delete.replace) {
                sink.report_as(Severity::Low, i, detail);
            } else {
                sink.report(i, detail);
            }
        }
    }
}

/// Deleting the store takes one call; what the deletion leaves, when the file says.
#[derive(Debug)]
struct Unprotected {
    on_delete: Deletion,
}

/// What a deletion leaves, in words.
fn left(on: OnDelete) -> &'static str {
    match on {
        OnDelete::Delete => "deletes it outright",
        OnDelete::Snapshot => "leaves a final snapshot",
        OnDelete::Retain => "leaves it in place (retained)",
    }
}

impl Detail for Unprotected {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let id = ctx.id(c);
        match (self.on_delete.destroy, self.on_delete.replace) {
            (Some(d), Some(r)) if d.keeps_data() && r.keeps_data() => {
                let what = if d == r {
                    format!("a destroy or a replacement {}", left(d))
                } else {
                    format!("a destroy {} and a replacement {}", left(d), left(r))
                };
                if d == OnDelete::Retain && r == OnDelete::Retain {
                    write!(
                        w,
                        "{id} has no deletion protection, but {what}: the store stays with its data, outside the stack"
                    )
                } else {
                    write!(
                        w,
                        "{id} has no deletion protection, but {what}: its data survives as of the deletion, though restoring a snapshot makes a new store (a new endpoint, and the restore's time) and its automated backups go with the old one"
                    )
                }
            }
            (Some(d), Some(r)) if d.keeps_data() || r.keeps_data() => {
                let (keeps, loses, how) = if d.keeps_data() {
                    ("a destroy", "a replacement", left(d))
                } else {
                    ("a replacement", "a destroy", left(r))
                };
                write!(
                    w,
                    "{id} has no deletion protection: {keeps} {how}, but {loses} deletes it outright, replicas and automated backups with it"
                )
            }
            (Some(_), Some(_)) => write!(
                w,
                "{id} has no deletion protection and keeps nothing when deleted: one destroy or a replaced resource deletes it, replicas and automated backups with it"
            ),
            _ => write!(
                w,
                "{id} has no deletion protection: one destroy or a replaced resource deletes it, replicas and automated backups with it"
            ),
        }
    }

    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "Turn deletion protection on ({}) and declare \"deletion_protection\": true; keep a retained snapshot policy on replacement.",
            mechanisms::of(ctx.component(c)).deletion_protection
        )
    }
}
