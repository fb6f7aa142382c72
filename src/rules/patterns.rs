//! DR301–DR306: recovery-oriented patterns on edges, entry points and deployments.

use super::{Ctx, Severity, Sink, catalog};
use crate::model::{DeployMethod, Kind, Mode};

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, c) in ctx.arch.components.iter().enumerate() {
        for e in &c.depends_on {
            let callee = &ctx.arch.components[e.to];
            let external = callee.kind == Kind::External;
            if e.mode == Mode::Sync {
                let missing = match (e.timeout.is_none(), external && !e.circuit_breaker) {
                    (true, true) => Some("no timeout and no circuit breaker"),
                    (true, false) => Some("no timeout"),
                    (false, true) => Some("no circuit breaker"),
                    (false, false) => None,
                };
                if let Some(missing) = missing {
                    let severity = if external {
                        Severity::Medium
                    } else {
                        Severity::Low
                    };
                    sink.report_as(
                        catalog::DR301,
                        severity,
                        i,
                        format!("the sync call {} -> {} has {missing}: when {} hangs, {}'s threads and connections pile up behind it", c.id, callee.id, callee.id, c.id),
                        format!(
                            "Declare a timeout below the caller's own deadline (\"timeout\": \"2s\"){} on the edge to {}.",
                            if external { " and a circuit breaker (\"circuit_breaker\": true)" } else { "" },
                            callee.id
                        ),
                    );
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
                        "Retry with capped exponential backoff and full jitter (\"retry\": {\"backoff\": \"exponential\", \"jitter\": true}), and bound the attempts.".into(),
                    );
                }
            }
        }
        if c.kind == Kind::Compute && c.deploy == DeployMethod::InPlace {
            sink.report(
                catalog::DR306,
                i,
                format!("{} is deployed in place: a bad release reaches every instance at once and rolling back takes a redeploy", c.id),
                "Deploy immutably and fractionally: blue/green or canary (\"deploy\": {\"method\": \"canary\"}) so that a rollback is a traffic switch.".into(),
            );
        }
    }
}
