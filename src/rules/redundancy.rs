//! DR201–DR204: redundancy in instances, zones and regions.

use std::fmt::{self, Write};

use super::{Ctx, Finding, Severity, Sink, catalog, lazy, put};
use crate::estimate::Eta;
use crate::model::{CompIdx, Disruption, Scope, Strategy};

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    let g = &ctx.assessment.core.graph;
    let region_unrecoverable: Vec<bool> = (0..ctx.arch.components.len())
        .map(|c| ctx.assessment.core.own_rto(c, Disruption::Region) == Eta::Unrecoverable)
        .collect();
    // The smallest id among what each component reaches through critical edges (itself
    // included) that cannot recover from a region loss.
    let rank = &g.id_rank;
    let reaches_unrecoverable = g.fold_reachable(
        |c| region_unrecoverable[c].then_some(c),
        |acc: &mut Option<CompIdx>, other: &Option<CompIdx>| {
            if let Some(o) = other
                && acc.is_none_or(|a| rank[*o] < rank[a])
            {
                *acc = Some(*o);
            }
        },
    );

    for (i, c) in ctx.arch.components.iter().enumerate() {
        let severity = if g.reached[i] {
            Severity::High
        } else {
            Severity::Low
        };
        if !c.outside_our_failure_domains() {
            if c.deployment.instances == 1 {
                let fix = if c.stateful {
                    "Add a standby in another zone (\"instances\": 2, \"zones\": 2; RDS Multi-AZ, ElastiCache replica)."
                } else {
                    "Run at least two instances behind a load balancer (\"instances\": 2) in two zones."
                };
                sink.report_as(catalog::DR201, severity, i, lazy(dr201), fix);
            }
            if c.effective_zones() == 1 {
                sink.report_as(catalog::DR202, severity, i, lazy(dr202), "Spread it over at least two zones (\"zones\": 2 with \"instances\" ≥ 2; Multi-AZ for databases).");
            }
            if c.deployment.region_strategy == Strategy::None
                && c.policy.targets[Disruption::Region].is_some()
            {
                sink.report(catalog::DR204, i, lazy(dr204), lazy(dr204_fix));
            }
        }
        let below = g
            .critical_deps(i)
            .filter_map(|x| reaches_unrecoverable[x])
            .min_by_key(|&w| rank[w]);
        if c.deployment.region_strategy >= Strategy::PilotLight
            && let Some(w) = below
        {
            sink.report(catalog::DR203, i, lazy(dr203), lazy(dr203_fix))
                .arg = w as u32;
        }
    }
}

/// How far a single point of failure reaches.
fn write_impact(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    if ctx.assessment.core.graph.reached[f.component] {
        let blast = &ctx.assessment.blast.radius[f.component];
        let entry = if ctx.assessment.core.graph.is_entry[f.component] {
            "it is an entry point"
        } else {
            "an entry point reaches it"
        };
        put!(
            w,
            "; ",
            entry,
            ", and ",
            itoa::Buffer::new().format(blast.components),
            " component(s) and ",
            itoa::Buffer::new().format(blast.entry_points),
            " entry point(s) depend on it"
        )
    } else {
        w.write_str(" (no entry point reaches it through critical edges)")
    }
}

fn dr201(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    put!(
        w,
        ctx.component(f).id,
        " runs a single instance: losing it stops the component"
    )?;
    write_impact(ctx, f, w)
}

fn dr202(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let c = ctx.component(f);
    let why = if c.scope == Scope::Zonal {
        "is zonal (pinned to one zone)"
    } else {
        "runs in a single availability zone"
    };
    put!(w, c.id, " ", why, ": a zone outage stops it")?;
    write_impact(ctx, f, w)
}

fn dr204(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    put!(
        w,
        ctx.component(f).id,
        " has a region target but no region strategy: a region loss takes it down until the region returns"
    )
}

fn dr204_fix(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    put!(
        w,
        "Choose a region strategy for ",
        ctx.component(f).id,
        " (backup-restore at least: copies of its backups in ",
        ctx.secondary(),
        " and IaC to rebuild it); the recommendations price each option."
    )
}

fn dr203(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let c = ctx.component(f);
    write!(
        w,
        "{} is {} but depends through critical edges on {}, which cannot recover from a region loss: the standby cannot serve",
        c.id,
        c.deployment.region_strategy,
        ctx.id(f.arg as usize)
    )
}

fn dr203_fix(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    put!(
        w,
        "Give ",
        ctx.id(f.arg as usize),
        " a region strategy (and its data a copy in ",
        ctx.secondary(),
        "), or make the edge to it non-critical with a fallback."
    )
}
