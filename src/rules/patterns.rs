//! DR301–DR306: recovery-oriented patterns on edges, entry points and deployments.

use super::{Ctx, Severity, Sink, catalog};
use crate::model::{DeployMethod, Kind, Mode};

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, c) in ctx.arch.components.iter().enumerate() {
        // One DR301 finding per caller and severity, naming every unprotected edge.
        let mut unprotected: [Vec<String>; 2] = [Vec::new(), Vec::new()];
        for e in &c.depends_on {
            let callee = &ctx.arch.components[e.to];
            let external = callee.kind == Kind::External;
            if e.mode == Mode::Sync {
                let missing = match (e.timeout.is_none(), external && !e.circuit_breaker) {
                    (true, true) => Some("no timeout, no circuit breaker"),
                    (true, false) => Some("no timeout"),
                    (false, true) => Some("no circuit breaker"),
                    (false, false) => None,
                };
                if let Some(missing) = missing {
                    unprotected[usize::from(external)].push(format!("{} ({missing})", callee.id));
                }
            }
            if let Some(r) = &e.retry {
                let exponential = r.backoff.as_deref() == Some("exponential");
                if !exponential || !r.jitter {
                    let what = match (exponential, r.jitter) {
                        (false, false) => "without exponential backoff or jitter",
                        (false, true) => "without exponential backoff",
                        _ => "without jitter",
                    };
                    sink.report(
                        catalog::DR302,
                        i,
                        format!("{} retries calls to {} {what}: synchronized retries hit {} in waves just as it recovers", c.id, callee.id, callee.id),
                        "Retry with capped exponential backoff and full jitter (\"retry\": {\"backoff\": \"exponential\", \"jitter\": true}), and bound the attempts.",
                    );
                }
            }
        }
        for (external, edges) in unprotected.iter().enumerate() {
            if edges.is_empty() {
                continue;
            }
            let (severity, fix) = if external == 1 {
                (
                    Severity::Medium,
                    "Declare a timeout below the caller's own deadline and a circuit breaker on each edge to an external provider (\"timeout\": \"2s\", \"circuit_breaker\": true).",
                )
            } else {
                (
                    Severity::Low,
                    "Declare a timeout below the caller's own deadline on each of these edges (\"timeout\": \"2s\").",
                )
            };
            sink.report_as(
                catalog::DR301,
                severity,
                i,
                format!("unprotected sync call{} from {} to {}: a hung callee piles up {}'s threads and connections", if edges.len() == 1 { "" } else { "s" }, c.id, edges.join(", "), c.id),
                fix,
            );
        }
        if c.kind == Kind::Compute && c.deploy == DeployMethod::InPlace {
            sink.report(
                catalog::DR306,
                i,
                format!("{} is deployed in place: a bad release reaches every instance at once and rolling back takes a redeploy", c.id),
                "Deploy immutably and fractionally: blue/green or canary (\"deploy\": {\"method\": \"canary\"}) so that a rollback is a traffic switch.",
            );
        }
    }
}
