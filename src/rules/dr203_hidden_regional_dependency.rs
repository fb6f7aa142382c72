//! DR203 `hidden-regional-dependency`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Sink};
use crate::estimate::Eta;
use crate::model::{CompIdx, Disruption, Strategy};

declare_rule! {
    "DR203" "hidden-regional-dependency" {
        severity: High,
        category: Redundancy,
        summary: "Fires on a component with `region_strategy` pilot-light, warm-standby or active-active that reaches, through critical edges, a component that is unrecoverable in a region disruption.",
        why: r#"A standby is only as good as the least prepared thing it cannot run without. A warm-standby
API that needs a database with no region strategy, or a config service that exists only in the
primary region, sits idle in the secondary during a region disruption: the region RTO is not
the minutes paid for but unrecoverable, and the standby's cost buys nothing. Such dependencies
hide in shared services (authentication, configuration, feature flags, secrets) and in
endpoints hard-coded to the primary region. Region recovery has to be designed for the whole
critical path, not component by component."#,
        fix: r#"- Give every component on the critical path a region strategy at least as strong, with its
  data in the secondary: `"deployment": {"region_strategy": "warm-standby"}` plus
  `"replication": {"mode": "async"}` for stores (Aurora Global Database, DynamoDB global tables,
  S3 Cross-Region Replication, ElastiCache Global Datastore).
- Or make the edge non-critical with a fallback the secondary can serve
  (`"critical": false, "fallback": "..."`).
- Resolve endpoints per region: no primary-region URLs, ARNs or KMS keys baked into the
  standby (use multi-Region KMS keys and Secrets Manager secret replication).
- Prove it with a region failover drill (AWS Fault Injection Service, Amazon Application
  Recovery Controller)."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    let core = &ctx.assessment.core;
    let g = &core.graph;
    // The smallest id among what each component reaches through critical edges (itself
    // included) that cannot recover from a region loss.
    let rank = &g.id_rank;
    let reaches_unrecoverable = g.fold_reachable(
        |c| (core.own_rto(c, Disruption::Region) == Eta::Unrecoverable).then_some(c),
        |acc: &mut Option<CompIdx>, other: &Option<CompIdx>| {
            if let Some(o) = other
                && acc.is_none_or(|a| rank[*o] < rank[a])
            {
                *acc = Some(*o);
            }
        },
    );
    for (i, c) in ctx.arch.components.iter().enumerate() {
        if c.deployment.region_strategy < Strategy::PilotLight {
            continue;
        }
        let blocker = g
            .critical_deps(i)
            .filter_map(|x| reaches_unrecoverable[x])
            .min_by_key(|&w| rank[w]);
        if let Some(blocker) = blocker {
            sink.report(i, Blocked { blocker });
        }
    }
}

/// What the standby needs that does not survive a region loss (the smallest id of them).
#[derive(Debug)]
struct Blocked {
    blocker: CompIdx,
}

impl Detail for Blocked {
    fn edge(&self, ctx: &Ctx, c: CompIdx) -> Option<usize> {
        ctx.component(c).depends_on.iter().position(|e| e.to == self.blocker)
    }

    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{} is {} but depends through critical edges on {}, which cannot recover from a region loss: the standby cannot serve",
            ctx.id(c),
            ctx.component(c).deployment.region_strategy,
            ctx.id(self.blocker)
        )
    }

    fn remediation(&self, ctx: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "Give {} a region strategy (and its data a copy in {}), or make the edge to it non-critical with a fallback.",
            ctx.id(self.blocker),
            ctx.secondary()
        )
    }
}
