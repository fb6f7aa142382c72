//! DR202 `single-zone`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Severity, Sink};
use crate::mechanisms;
use crate::model::{CompIdx, Scope};

declare_rule! {
    "DR202" "single-zone" {
        severity: High,
        category: Redundancy,
        summary: "Fires on a component (not external or global) with `deployment.zones` = 1 or `scope: zonal`; high when an entry point reaches it through critical edges, low otherwise.",
        why: r#"Availability zones fail independently, but everything placed in one zone fails together: a
power event, a network partition or a zonal control-plane problem takes out every instance at
once, so several instances in one zone survive host loss but not zone loss. A `zonal` resource,
such as an EBS volume, is pinned to its zone whatever the instance count. Spreading over two or
more zones (three where quorum matters) turns an AZ disruption into a failover of seconds to
minutes instead of a rebuild and restore elsewhere. As for DR201, it is high when an entry point
needs it through critical edges."#,
        fix: r#"- Spread the copies: `"deployment": {"instances": 2, "zones": 2}` (or 3 and 3). Auto Scaling
  groups and ECS / EKS: subnets in several AZs; RDS: Multi-AZ; ElastiCache: Multi-AZ with
  replicas in other zones.
- Replace zonal storage with a regional service (EFS instead of an EBS volume, S3, DynamoDB) and
  set `"scope": "regional"`, or back the volume up and accept the restore time.
- Size for the loss of one zone (static stability): with N zones, N-1 must carry peak load
  without waiting for scaling."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    let g = &ctx.assessment.core.graph;
    for (i, c) in ctx.arch.components.iter().enumerate() {
        if !c.outside_our_failure_domains() && c.effective_zones() == 1 {
            let reached = g.reached[i];
            let severity = if reached { Severity::High } else { Severity::Low };
            let zonal = c.scope == Scope::Zonal;
            sink.report_as(severity, i, SingleZone { reached, zonal });
        }
    }
}

/// Whether an entry point reaches the component through critical edges, and whether it is
/// pinned to its zone (`scope: zonal`) rather than deployed in one.
#[derive(Debug)]
struct SingleZone {
    reached: bool,
    zonal: bool,
}

impl Detail for SingleZone {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let why = if self.zonal {
            "is zonal (pinned to one zone)"
        } else {
            "runs in a single availability zone"
        };
        write!(w, "{} {why}: a zone outage stops it", ctx.id(c))?;
        ctx.write_impact(c, self.reached, w)
    }

    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "Spread it over at least two zones (\"zones\": 2 with \"instances\" ≥ 2; {}).",
            mechanisms::of(ctx.component(c)).multi_zone
        )
    }
}
