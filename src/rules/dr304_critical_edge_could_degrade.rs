//! DR304 `critical-edge-could-degrade`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use crate::words::{list, plural_s};
use super::{Ctx, Detail, Sink};
use crate::model::{CompIdx, Kind};

declare_rule! {
    "DR304" "critical-edge-could-degrade" {
        severity: Low,
        category: Patterns,
        summary: "Fires on the caller of a critical edge to a `cache` or an `external` component, a dependency the caller could usually serve without, degraded.",
        why: r#"A cache is an optimisation, and a third-party recommendation, tax-estimate or
address-validation API is often an enhancement; yet a critical edge says the caller fails
whenever they do, which makes them as important as the primary database. Graceful degradation
serves a reduced experience instead: read through to the source of truth, show defaults or
stale values, queue the work for later. An outage of a non-essential dependency then costs a
feature, not the service, and no longer adds to the caller's RTO or multiplies into its
availability."#,
        fix: r#"- Decide what the caller does without the dependency, implement it, and declare the edge
  non-critical with its fallback:
  `{"id": "recommendations", "critical": false, "fallback": "static bestsellers",
  "timeout": "300ms", "circuit_breaker": true}`.
- For a cache: on a miss or an error go to the source of truth with a concurrency limit (or
  shed load) so a cold cache does not stampede the database; ElastiCache Multi-AZ with replicas
  if it must stay critical.
- If it really is essential (the payment provider for checkout), keep it critical and make the
  edge robust instead (timeout, circuit breaker, a second provider); the finding is low and can
  be accepted."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, c) in ctx.arch.components.iter().enumerate() {
        let callees: Vec<CompIdx> = (c.depends_on.iter())
            .filter(|e| e.critical && matches!(ctx.component(e.to).kind, Kind::Cache | Kind::External))
            .map(|e| e.to)
            .collect();
        if !callees.is_empty() {
            sink.report(i, CouldDegrade { callees });
        }
    }
}

/// The caches and external providers the component needs through critical edges.
#[derive(Debug)]
struct CouldDegrade {
    callees: Vec<CompIdx>,
}

impl Detail for CouldDegrade {
    fn edge(&self, ctx: &Ctx, c: CompIdx) -> Option<usize> {
        let first = *self.callees.first()?;
        ctx.component(c).depends_on.iter().position(|e| e.to == first)
    }

    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let n = self.callees.len();
        write!(w, "{} fails whenever ", ctx.id(c))?;
        list(w, ", ", &self.callees, |w, &x| {
            write!(w, "{} ({})", ctx.id(x), ctx.component(x).kind)
        })?;
        write!(
            w,
            " fail{}: critical edge{} to a dependency it could do without, degraded",
            if n == 1 { "s" } else { "" },
            plural_s(n)
        )
    }

    fn remediation(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str("Serve degraded without it (source of truth, defaults, stale values, queued work) and declare the edge {\"critical\": false, \"fallback\": \"...\"}.")
    }
}
