//! DR204 `no-region-strategy-with-region-target`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Sink};
use crate::model::{CompIdx, Disruption, Strategy};

declare_rule! {
    "DR204" "no-region-strategy-with-region-target" {
        severity: High,
        category: Redundancy,
        summary: "Fires on a component in the primary region (not external or global) whose `region_strategy` is `none` while its effective policy has a region target.",
        why: r#"With no strategy a component cannot come back until the primary region does: drplan marks
its region disruption unrecoverable, which breaches any region target outright. Region events
are rare but long (hours to days), and waiting for the provider is not a plan. The four
strategies of the AWS DR whitepaper trade cost for recovery: backup & restore (RTO/RPO in
hours), pilot light (tens of minutes), warm standby (minutes), multi-site active/active (near
zero). Pick the cheapest one that meets the target; `drplan assess` prices each."#,
        fix: r#"- Set `"deployment": {"region_strategy": "backup-restore"}` (or `pilot-light`,
  `warm-standby`, `active-active`) and `"regions": {"secondary": "us-west-2"}` at the top level.
- Stateful components need their data in the secondary: `backup.cross_region_copy` for
  backup-restore (AWS Backup copy jobs), `replication` for pilot light and stronger (Aurora
  Global Database, DynamoDB global tables, S3 Cross-Region Replication).
- Stateless components need infrastructure as code that deploys in the secondary
  (CloudFormation StackSets, CDK, Terraform) and a traffic switch (Route 53 failover records
  with health checks, Application Recovery Controller routing controls, Global Accelerator).
- If the component need not survive a region loss, give it its own `policy` without a region
  target, so the gap is a decision and not an oversight."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, c) in ctx.arch.components.iter().enumerate() {
        if !c.outside_our_failure_domains()
            && c.deployment.region_strategy == Strategy::None
            && c.policy.targets[Disruption::Region].is_some()
        {
            sink.report(i, NoStrategy);
        }
    }
}

/// A region target, and nothing to recover elsewhere.
#[derive(Debug)]
struct NoStrategy;

impl Detail for NoStrategy {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{} has a region target but no region strategy: a region loss takes it down until the region returns",
            ctx.id(c)
        )
    }

    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "Choose a region strategy for {} (backup-restore at least: copies of its backups in {} and IaC to rebuild it); the recommendations price each option.",
            ctx.id(c),
            ctx.secondary()
        )
    }
}
