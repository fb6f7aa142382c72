//! DR102 `backup-not-copied-out-of-region`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Sink};
use crate::mechanisms;
use crate::model::{CompIdx, Disruption};

declare_rule! {
    "DR102" "backup-not-copied-out-of-region" {
        severity: High,
        category: Data,
        summary: "Fires on a stateful component with backups but without `backup.cross_region_copy` when its effective policy has a region target.",
        why: r#"Backups kept only in the primary region are lost, or unreachable, together with the region:
the region disruption is unrecoverable for this component even though backups exist, and a
`backup-restore` strategy cannot work without recovery points in `regions.secondary`. A copy in
another region, ideally in a separate backup account, also protects the recovery points from a
regional service event, a compromised account or a wrong lifecycle rule. In the AWS DR
whitepaper backup & restore starts with cross-region copies; their interval plus the copy lag
bound the region RPO."#,
        fix: r#"- Copy every recovery point to the secondary region and say where the copies are
  (needs `"regions": {"secondary": "us-west-2"}` at the top level):

  ```json
  "backup": { "frequency": "24h", "retention": "35d", "cross_region_copy": true,
              "location": "s3://acme-backups/orders-db/",
              "copy_location": "s3://acme-backups-usw2/orders-db/" }
  ```

- On AWS: add a copy action (destination vault in the secondary region) to the AWS Backup plan
  rule, or use RDS cross-Region automated backup replication, or S3 Cross-Region Replication
  for a bucket of dumps. For the strongest isolation copy into a vault in a separate backup
  account of your AWS Organization.
- Alert on failed copies (AWS Backup `NumberOfCopyJobsFailed` metric, or EventBridge
  `Copy Job State Change` events), and let `drplan verify` check the freshness of
  `copy_location` against the region RPO.
- Declare at least `"region_strategy": "backup-restore"` (DR204)."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, c, backup) in ctx.backed_up_stores() {
        if !backup.cross_region_copy && c.policy.targets[Disruption::Region].is_some() {
            sink.report(i, InRegionOnly);
        }
    }
}

/// Every recovery point is in the primary region.
#[derive(Debug)]
struct InRegionOnly;

impl Detail for InRegionOnly {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{}'s backups stay in the primary region: after a region loss there is nothing to restore in {}",
            ctx.id(c),
            ctx.secondary()
        )
    }

    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let (copy, declare) = mechanisms::of(ctx.component(c)).backup_copy_to(ctx.secondary());
        write!(
            w,
            "Copy the recovery points out of the region ({copy}): \"cross_region_copy\": true{declare}."
        )
    }
}
