//! DR104 `replication-without-backup`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Sink};
use crate::model::CompIdx;

declare_rule! {
    "DR104" "replication-without-backup" {
        severity: High,
        category: Data,
        summary: "Fires on a stateful component without backups or kept versions whose data is replicated (`deployment.instances` >= 2 or a `replication` block): the replicas are its only copies, and corruption replicates.",
        why: r#"Replication protects against losing a machine, a zone or a region; it does not protect
against losing data. A bad migration, an application bug, a `DELETE` without `WHERE` or
ransomware encryption is copied to every replica within milliseconds (sync) or seconds (async),
so the software disruption is unrecoverable however many replicas there are. Only a
point-in-time copy taken before the damage lets you go back. That is why the AWS DR whitepaper
pairs every strategy, up to multi-site active/active, with backups."#,
        fix: r#"- Add backups, keeping the replicas for hardware, AZ and region disruptions:
  `"backup": {"frequency": "1h", "retention": "35d", "pitr": true}`. On AWS: RDS / Aurora
  automated backups with point-in-time restore, DynamoDB PITR, or an AWS Backup plan
  (continuous backup for RDS, Aurora and S3).
- For S3, enable Versioning (and Object Lock, DR106) so an overwrite or a delete keeps the old
  version; replication alone copies overwrites, and deletes too when delete marker replication
  is on."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, c) in ctx.stores() {
        let replicated = c.deployment.instances >= 2 || c.replication.is_some();
        if !c.has_backups() && !c.keeps_versions() && replicated {
            sink.report(i, ReplicasOnly);
        }
    }
}

/// Copies of the data, but no older recovery point.
#[derive(Debug)]
struct ReplicasOnly;

impl Detail for ReplicasOnly {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let component = &ctx.arch.components[c];
        // Copies a service keeps across zones are not what a reader calls replication.
        let copies = if component.replication.is_some() {
            "is replicated to another region".to_string()
        } else {
            format!(
                "keeps {} copies of its data",
                component.deployment.instances
            )
        };
        write!(
            w,
            "{} {copies} but has no backups: a bad write or a corruption reaches every copy, and nothing older is kept",
            ctx.id(c)
        )
    }

    fn remediation(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str("Add backups (\"backup\": {\"frequency\": \"24h\", \"pitr\": true, \"retention\": \"35d\"}): replicas protect against losing a copy, not against losing the data.")
    }
}
