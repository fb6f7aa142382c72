//! DR101 `stateful-without-backup`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Severity, Sink};
use crate::mechanisms;
use crate::model::CompIdx;

declare_rule! {
    "DR101" "stateful-without-backup" {
        severity: Critical,
        category: Data,
        summary: "Fires on a stateful component (not external or global) that has no backups, keeps no earlier versions and no copy of its data anywhere: one instance and no `replication`; high instead of critical when its only recovery point is a one-off snapshot (`backup.one_off`).",
        why: r#"This is the only copy of the data. A lost instance, a lost zone, a bad migration or an
accidental `DROP TABLE` destroys it for good: the data loss is everything ever written and there
is no RTO, because there is nothing to recover from. drplan marks the component unrecoverable
for every disruption, and the whole app with it when an entry point reaches it. Backups are the
floor of every strategy in the AWS DR whitepaper; even pilot light and multi-site active/active
keep them, because only a point-in-time copy survives corruption."#,
        fix: r#"- Add backups with an interval within the software RPO:

  ```json
  "backup": { "frequency": "24h", "retention": "35d", "pitr": true,
              "location": "s3://acme-backups/sessions-db/" }
  ```

  On AWS: assign the resource to an AWS Backup plan, or enable RDS / Aurora automated backups,
  DynamoDB point-in-time recovery, or S3 Versioning plus AWS Backup for S3. `"pitr": true`
  models continuous backup (RPO about 5 minutes).
- Add a second instance in another zone for hardware and AZ loss
  (`"deployment": {"instances": 2, "zones": 2}`; RDS Multi-AZ). Replicas do not replace
  backups (see DR104).
- If the data really is disposable (a rebuildable cache, scratch space), say so with
  `"stateful": false`."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, c) in ctx.stores() {
        let replicated = c.deployment.instances >= 2 || c.replication.is_some();
        if !c.has_backups() && !c.keeps_versions() && !replicated {
            if c.one_off_only() {
                sink.report_as(Severity::High, i, OneOffOnly);
            } else {
                sink.report(i, SingleCopy);
            }
        }
    }
}

/// The data's only copy, with one recovery point taken once: restorable to that moment, and
/// everything since is lost.
#[derive(Debug)]
struct OneOffOnly;

impl Detail for OneOffOnly {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{} holds data in a single copy whose only recovery point is a one-off snapshot: losing it loses everything written since that snapshot, however long ago it was taken",
            ctx.id(c)
        )
    }

    fn remediation(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str("Take snapshots on a schedule (a Data Lifecycle Manager policy or an AWS Backup plan) and declare \"backup\": {\"frequency\": \"24h\", \"retention\": \"14d\"}; run drplan verify to see how old the one-off snapshot is.")
    }
}

/// The data's only copy, with no recovery point.
#[derive(Debug)]
struct SingleCopy;

impl Detail for SingleCopy {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{} holds data in a single copy with no backups and no replication: losing its instance loses the data",
            ctx.id(c)
        )
    }

    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "Enable backups ({}): \"backup\": {{\"frequency\": \"24h\", \"retention\": \"35d\"}}; add \"pitr\": true for a 5-minute RPO.",
            mechanisms::of(ctx.component(c)).backups
        )
    }
}
