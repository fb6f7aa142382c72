//! DR201–DR204: redundancy in instances, zones and regions.

use super::{Ctx, Severity, Sink, catalog};
use crate::estimate::Eta;
use crate::model::{CompIdx, Disruption, Scope, Strategy};

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    let g = &ctx.assessment.graph;
    let region_unrecoverable: Vec<bool> = (0..ctx.arch.components.len())
        .map(|c| ctx.assessment.own_rto(c, Disruption::Region) == Eta::Unrecoverable)
        .collect();
    // The smallest id among what each component reaches through critical edges (itself
    // included) that cannot recover from a region loss.
    let reaches_unrecoverable = g.fold_reachable(
        |c| region_unrecoverable[c].then_some(c),
        |acc: &mut Option<CompIdx>, other: &Option<CompIdx>| {
            if let Some(o) = other
                && acc.is_none_or(|a| ctx.id(*o) < ctx.id(a))
            {
                *acc = Some(*o);
            }
        },
    );

    for (i, c) in ctx.arch.components.iter().enumerate() {
        let reached = g.reached[i];
        let severity = if reached {
            Severity::High
        } else {
            Severity::Low
        };
        let blast = &ctx.assessment.blast.radius[i];
        let impact = if reached {
            format!(
                "; {} entry point(s) and {} component(s) depend on it",
                blast.entry_points, blast.components
            )
        } else {
            " (not on a critical path from an entry point)".to_string()
        };
        if !c.outside_our_failure_domains() {
            if c.deployment.instances == 1 {
                sink.report_as(
                    catalog::DR201,
                    severity,
                    i,
                    format!("{} runs a single instance: losing it stops the component{impact}", c.id),
                    if c.stateful {
                        "Add a standby in another zone (\"instances\": 2, \"zones\": 2; RDS Multi-AZ, ElastiCache replica)."
                    } else {
                        "Run at least two instances behind a load balancer (\"instances\": 2) in two zones."
                    },
                );
            }
            if c.effective_zones() == 1 {
                let why = if c.scope == Scope::Zonal {
                    "is zonal (pinned to one zone)"
                } else {
                    "runs in a single availability zone"
                };
                sink.report_as(
                    catalog::DR202,
                    severity,
                    i,
                    format!("{} {why}: a zone outage stops it{impact}", c.id),
                    "Spread it over at least two zones (\"zones\": 2 with \"instances\" ≥ 2; Multi-AZ for databases).",
                );
            }
            if c.deployment.region_strategy == Strategy::None
                && c.policy.targets[Disruption::Region].is_some()
            {
                sink.report(
                    catalog::DR204,
                    i,
                    format!("{} has a region RTO target but no region strategy: a region loss takes it down until the region returns", c.id),
                    format!("Choose a strategy for {} (backup-restore at least: copies of its backups in {} and IaC to rebuild it); `drplan assess` prices each option.", c.id, ctx.secondary()),
                );
            }
        }
        let below = || {
            g.critical_deps(i)
                .filter_map(|x| reaches_unrecoverable[x])
                .min_by(|a, b| ctx.id(*a).cmp(ctx.id(*b)))
        };
        if c.deployment.region_strategy >= Strategy::PilotLight
            && let Some(w) = below()
        {
            sink.report(
                catalog::DR203,
                i,
                format!(
                    "{} is {} but depends through critical edges on {}, which cannot recover from a region loss: the standby cannot serve",
                    c.id,
                    c.deployment.region_strategy,
                    ctx.id(w)
                ),
                format!("Give {} a region strategy (and its data a copy in {}), or make the edge to it non-critical with a fallback.", ctx.id(w), ctx.secondary()),
            );
        }
    }
}
