//! DR302 `retry-without-backoff-or-jitter`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Sink};
use crate::model::CompIdx;

declare_rule! {
    "DR302" "retry-without-backoff-or-jitter" {
        severity: Medium,
        category: Patterns,
        summary: "Fires on the caller of an edge that declares `retry` with a backoff other than `exponential` or without `jitter`.",
        why: r#"When a dependency fails, every caller retries. Immediate or fixed-interval retries multiply
the load exactly when the service is weakest (three attempts triple it), and callers that failed
together retry together, in synchronized waves that knock the service over again each time it
comes back: a retry storm turns a short blip into a long outage. Exponential backoff spreads the
attempts out over time; jitter (a random delay, e.g. full jitter) de-synchronizes the clients.
See the Amazon Builders' Library article "Timeouts, retries, and backoff with jitter"."#,
        fix: r#"- Implement and declare exponential backoff with jitter:
  `"retry": {"max_attempts": 3, "backoff": "exponential", "jitter": true}`. The AWS SDKs do this
  by default (the standard and adaptive retry modes use exponential backoff with jitter);
  hand-written retry loops and message consumers are where it goes missing.
- Cap the attempts (2 or 3 on interactive paths) and retry at one layer only, or the attempts
  multiply down the stack.
- Add a retry budget or a circuit breaker (DR301) so retries stop when most calls fail; for
  queue consumers use a redrive policy with a dead-letter queue instead of tight loops."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, c) in ctx.arch.components.iter().enumerate() {
        for (edge, e) in c.depends_on.iter().enumerate() {
            let Some(r) = &e.retry else { continue };
            let lacks = match (r.backoff.as_deref() == Some("exponential"), r.jitter) {
                (true, true) => continue,
                (false, false) => "without exponential backoff or jitter",
                (false, true) => "without exponential backoff",
                (true, false) => "without jitter",
            };
            sink.report(i, SynchronizedRetries { edge, lacks });
        }
    }
}

/// The edge (its index in `depends_on`) whose retries lack backoff or jitter, and which.
#[derive(Debug)]
struct SynchronizedRetries {
    edge: usize,
    lacks: &'static str,
}

impl Detail for SynchronizedRetries {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let callee = ctx.id(ctx.component(c).depends_on[self.edge].to);
        write!(
            w,
            "{} retries calls to {callee} {}: synchronized retries hit {callee} in waves just as it recovers",
            ctx.id(c),
            self.lacks
        )
    }

    fn remediation(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str("Retry with capped exponential backoff and full jitter (\"retry\": {\"backoff\": \"exponential\", \"jitter\": true}), and bound the attempts.")
    }

    fn about(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str(ctx.id(ctx.component(c).depends_on[self.edge].to))
    }

    fn edge(&self, _: &Ctx, _: CompIdx) -> Option<usize> {
        Some(self.edge)
    }
}
