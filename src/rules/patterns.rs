//! DR301–DR306: recovery-oriented patterns on edges, entry points and deployments.

use super::{Ctx, Finding, Severity, Sink, catalog, lazy};
use crate::model::{Component, DeployMethod, Kind, Mode};

fn comp<'a>(ctx: &'a Ctx, f: &Finding) -> &'a Component {
    &ctx.arch.components[f.component]
}

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
        if c.kind == Kind::Compute && c.deploy == DeployMethod::InPlace {
            sink.report(catalog::DR306, i, lazy(dr306), "Deploy immutably and fractionally: blue/green or canary (\"deploy\": {\"method\": \"canary\"}) so that a rollback is a traffic switch.");
        }
    }
}

fn dr301(ctx: &Ctx, f: &Finding) -> String {
    let c = comp(ctx, f);
    let external = f.arg == 1;
    let edges: Vec<String> = c
        .depends_on
        .iter()
        .filter(|e| (ctx.arch.components[e.to].kind == Kind::External) == external)
        .filter_map(|e| unprotected(ctx, e).map(|what| format!("{} ({what})", ctx.id(e.to))))
        .collect();
    format!(
        "unprotected sync call{} from {} to {}: a hung callee piles up {}'s threads and connections",
        if edges.len() == 1 { "" } else { "s" },
        c.id,
        edges.join(", "),
        c.id
    )
}

fn dr302(ctx: &Ctx, f: &Finding) -> String {
    let c = comp(ctx, f);
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
    format!(
        "{} retries calls to {callee} {what}: synchronized retries hit {callee} in waves just as it recovers",
        c.id
    )
}

fn dr306(ctx: &Ctx, f: &Finding) -> String {
    format!(
        "{} is deployed in place: a bad release reaches every instance at once and rolling back takes a redeploy",
        comp(ctx, f).id
    )
}
