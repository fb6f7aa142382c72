//! DR301–DR306: recovery-oriented patterns on edges, entry points, cells and deployments.

use std::fmt::{self, Write};

use super::{Ctx, Finding, Severity, Sink, catalog, lazy, plural_s, put, write_list};
use crate::model::{DeployMethod, Kind, Mode};

/// What a sync edge lacks: a timeout, and (to an external callee) a circuit breaker.
fn unprotected(ctx: &Ctx, e: &crate::model::Edge) -> Option<&'static str> {
    let external = ctx.arch.components[e.to].kind == Kind::External;
    if e.mode != Mode::Sync {
        return None;
    }
    match (e.timeout.is_none(), external && !e.circuit_breaker) {
        (true, true) => Some("no timeout, no circuit breaker"),
        (true, false) => Some("no timeout"),
        (false, true) => Some("no circuit breaker"),
        (false, false) => None,
    }
}

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, c) in ctx.arch.components.iter().enumerate() {
        // One DR301 finding per caller and severity (external callees: medium), naming every
        // unprotected edge.
        let mut unprotected_to = [false, false];
        for (k, e) in c.depends_on.iter().enumerate() {
            if unprotected(ctx, e).is_some() {
                unprotected_to[usize::from(ctx.arch.components[e.to].kind == Kind::External)] =
                    true;
            }
            if let Some(r) = &e.retry
                && (r.backoff.as_deref() != Some("exponential") || !r.jitter)
            {
                sink.report(catalog::DR302, i, lazy(dr302), "Retry with capped exponential backoff and full jitter (\"retry\": {\"backoff\": \"exponential\", \"jitter\": true}), and bound the attempts.").arg = k as u32;
            }
        }
        if unprotected_to[1] {
            sink.report_as(catalog::DR301, Severity::Medium, i, lazy(dr301), "Declare a timeout below the caller's own deadline and a circuit breaker on each edge to an external provider (\"timeout\": \"2s\", \"circuit_breaker\": true).").arg = 1;
        }
        if unprotected_to[0] {
            sink.report_as(catalog::DR301, Severity::Low, i, lazy(dr301), "Declare a timeout below the caller's own deadline on each of these edges (\"timeout\": \"2s\").");
        }
        if !c.outside_our_failure_domains() && ctx.assessment.blast.radius[i].cells.len() >= 2 {
            sink.report(catalog::DR303, i, lazy(dr303), "Give each cell its own copy, or make the edges to it non-critical with a fallback; if it must stay shared, add per-cell quotas and deploy it one cell at a time.");
        }
        if c.depends_on.iter().any(|e| degradable(ctx, e)) {
            sink.report(catalog::DR304, i, lazy(dr304), "Serve degraded without it (source of truth, defaults, stale values, queued work) and declare the edge {\"critical\": false, \"fallback\": \"...\"}.");
        }
        if ctx.assessment.core.graph.is_entry[i]
            && c.kind != Kind::Dns
            && !c.throttling
            && !c.load_shedding
        {
            sink.report(catalog::DR305, i, lazy(dr305), "Throttle at the edge (API Gateway, AWS WAF rate-based rules) or shed excess load in the service, and declare \"traffic\": {\"throttling\": true} or {\"load_shedding\": true}.");
        }
        if c.kind == Kind::Compute && c.deploy == DeployMethod::InPlace {
            sink.report(catalog::DR306, i, lazy(dr306), "Deploy immutably and fractionally: blue/green or canary (\"deploy\": {\"method\": \"canary\"}) so that a rollback is a traffic switch.");
        }
    }
}

/// A critical edge to a dependency the caller could usually serve without (DR304).
fn degradable(ctx: &Ctx, e: &crate::model::Edge) -> bool {
    e.critical && matches!(ctx.arch.components[e.to].kind, Kind::Cache | Kind::External)
}

/// How many cells DR303 names before "and N more".
const CELLS_NAMED: usize = 5;

fn dr303(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let blast = &ctx.assessment.blast;
    let all = &blast.radius[f.component].cells;
    put!(
        w,
        ctx.component(f).id,
        " is needed through critical edges by ",
        itoa::Buffer::new().format(all.len()),
        " cells ("
    )?;
    let named = all.iter().take(CELLS_NAMED);
    write_list(w, ", ", named, |w, &k| {
        w.write_str(&blast.cells[k as usize])
    })?;
    if all.len() > CELLS_NAMED {
        w.write_str(", …")?;
    }
    w.write_str("): one failure or one noisy cell takes them all down")
}

fn dr304(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let c = ctx.component(f);
    let callees = || c.depends_on.iter().filter(|e| degradable(ctx, e));
    let n = callees().count();
    put!(w, c.id, " fails whenever ")?;
    write_list(w, ", ", callees(), |w, e| {
        write!(w, "{} ({})", ctx.id(e.to), ctx.arch.components[e.to].kind)
    })?;
    put!(
        w,
        " fail",
        if n == 1 { "s" } else { "" },
        ": critical edge",
        plural_s(n),
        " to a dependency it could do without, degraded"
    )
}

fn dr305(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    put!(
        w,
        "entry point ",
        ctx.component(f).id,
        " neither throttles nor sheds load: an overload or a retry storm takes it down for everyone"
    )
}

fn dr301(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let c = ctx.component(f);
    let external = f.arg == 1;
    let edges = || {
        c.depends_on
            .iter()
            .filter(|e| (ctx.arch.components[e.to].kind == Kind::External) == external)
            .filter_map(|e| unprotected(ctx, e).map(|what| (e, what)))
    };
    put!(
        w,
        "unprotected sync call",
        plural_s(edges().count()),
        " from ",
        c.id,
        " to "
    )?;
    write_list(w, ", ", edges(), |w, (e, what)| {
        put!(w, ctx.id(e.to), " (", what, ")")
    })?;
    put!(
        w,
        ": a hung callee piles up ",
        c.id,
        "'s threads and connections"
    )
}

fn dr302(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let c = ctx.component(f);
    let e = &c.depends_on[f.arg as usize];
    let exponential = e
        .retry
        .as_ref()
        .is_some_and(|r| r.backoff.as_deref() == Some("exponential"));
    let jitter = e.retry.as_ref().is_some_and(|r| r.jitter);
    let what = match (exponential, jitter) {
        (false, false) => "without exponential backoff or jitter",
        (false, true) => "without exponential backoff",
        _ => "without jitter",
    };
    let callee = ctx.id(e.to);
    put!(
        w,
        c.id,
        " retries calls to ",
        callee,
        " ",
        what,
        ": synchronized retries hit ",
        callee,
        " in waves just as it recovers"
    )
}

fn dr306(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    put!(
        w,
        ctx.component(f).id,
        " is deployed in place: a bad release reaches every instance at once and rolling back takes a redeploy"
    )
}
