//! DR201 `single-instance`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Severity, Sink};
use crate::mechanisms;
use crate::model::CompIdx;

declare_rule! {
    "DR201" "single-instance" {
        severity: High,
        category: Redundancy,
        summary: "Fires on a component (not external or global) with `deployment.instances` = 1; high when an entry point reaches it through critical edges, low otherwise.",
        why: r#"One running copy is a single point of failure: an instance retirement, a host failure or a
kernel panic is an outage until a replacement is provisioned (detection + provision, plus a
restore for stateful components: tens of minutes to hours), where two or more instances fail
over in seconds to minutes. Every critical dependency is needed (AND, not OR), so a single
instance that an entry point reaches through critical edges takes that entry point down; the
blast radius says which. Off every critical path the same weakness only degrades a feature,
hence low."#,
        fix: r#"- Run at least two instances, spread across zones:
  `"deployment": {"instances": 3, "zones": 3}` (an EC2 Auto Scaling group or an ECS / EKS
  service with a minimum of 2 or more across subnets in different AZs, behind a load balancer).
- Databases and caches: RDS Multi-AZ, Aurora with a replica in another AZ, ElastiCache with
  replicas and Multi-AZ automatic failover.
- Keep `managed_failover` true (the default) so failing over needs no human.
- If the component is optional, make the edges to it non-critical with a fallback instead
  (DR304)."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    let g = &ctx.assessment.core.graph;
    for (i, c) in ctx.arch.components.iter().enumerate() {
        if !c.outside_our_failure_domains() && c.deployment.instances == 1 {
            let reached = g.reached[i];
            let severity = if reached { Severity::High } else { Severity::Low };
            sink.report_as(severity, i, SingleInstance { reached });
        }
    }
}

/// Whether an entry point reaches the instance through critical edges.
#[derive(Debug)]
struct SingleInstance {
    reached: bool,
}

impl Detail for SingleInstance {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{} runs a single instance: losing it stops the component",
            ctx.id(c)
        )?;
        ctx.write_impact(c, self.reached, w)
    }

    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let comp = ctx.component(c);
        if comp.stateful {
            write!(
                w,
                "Add a standby in another zone (\"instances\": 2, \"zones\": 2; {}).",
                mechanisms::of(comp).standby
            )
        } else {
            w.write_str(
                "Run at least two instances behind a load balancer (\"instances\": 2) in two zones.",
            )
        }
    }
}
