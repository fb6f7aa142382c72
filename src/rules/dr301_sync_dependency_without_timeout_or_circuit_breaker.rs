//! DR301 `sync-dependency-without-timeout-or-circuit-breaker`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use crate::words::{list, plural_s};
use super::{Ctx, Detail, Severity, Sink};
use crate::model::{CompIdx, Edge, Kind, Mode};

declare_rule! {
    "DR301" "sync-dependency-without-timeout-or-circuit-breaker" {
        severity: Medium,
        category: Patterns,
        summary: "Fires on the caller of a sync edge without a `timeout`, or of a sync edge to an `external` component without `circuit_breaker`; medium when the callee is external, low otherwise. A `dns` component points at its targets and makes no calls: it is never the caller. A `network` component that depends on nothing (a NAT gateway) is a path the calls go through, not a callee: the timeout belongs on the call to what lies beyond it.",
        why: r#"A synchronous call without a timeout waits as long as the slowest failure: when the callee
hangs instead of failing fast, the caller's threads, connections and memory fill with stuck
requests and the caller fails too, spreading the outage up the graph. A timeout bounds the
wait; a circuit breaker stops calling a dependency that keeps failing, answers at once with an
error or a fallback, and probes until the callee recovers, so a recovering service is not
flattened by the backlog. Third-party APIs fail on their schedule, not yours, and you cannot fix
them: hence medium for external callees."#,
        fix: r#"- Set a timeout on every sync edge, below the caller's own deadline and near the callee's
  p99.9 latency: `{"id": "payments", "timeout": "2s"}`. Configure it in the client (AWS SDK
  connect and read timeouts, the HTTP client, the database driver's statement timeout).
- Wrap calls to external services in a circuit breaker (resilience4j, Polly, Envoy outlier
  detection) and declare `"circuit_breaker": true`.
- Decide what the caller does while the circuit is open: a `fallback` and `"critical": false`
  where the feature can degrade (DR304).
- Prove it with latency injection on the edge (AWS Fault Injection Service)."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, c) in ctx.arch.components.iter().enumerate() {
        if c.kind == Kind::Dns {
            continue;
        }
        // One finding per caller and kind of callee (external callees: medium), naming every
        // unprotected edge.
        let mut external = Vec::new();
        let mut internal = Vec::new();
        for (k, e) in c.depends_on.iter().enumerate() {
            if let Some(lacks) = lacks(ctx, e) {
                let callee_external = ctx.component(e.to).kind == Kind::External;
                let edges = if callee_external {
                    &mut external
                } else {
                    &mut internal
                };
                edges.push(Unprotected { edge: k, lacks });
            }
        }
        if !external.is_empty() {
            let detail = UnprotectedCalls {
                external: true,
                edges: external,
            };
            sink.report_as(Severity::Medium, i, detail);
        }
        if !internal.is_empty() {
            let detail = UnprotectedCalls {
                external: false,
                edges: internal,
            };
            sink.report_as(Severity::Low, i, detail);
        }
    }
}

/// What a sync edge lacks: a timeout, and (to an external callee) a circuit breaker.
fn lacks(ctx: &Ctx, e: &Edge) -> Option<&'static str> {
    let callee = ctx.component(e.to);
    let external = callee.kind == Kind::External;
    let path = callee.kind == Kind::Network && callee.depends_on.is_empty();
    if e.mode != Mode::Sync || path {
        return None;
    }
    match (e.timeout.is_none(), external && !e.circuit_breaker) {
        (true, true) => Some("no timeout, no circuit breaker"),
        (true, false) => Some("no timeout"),
        (false, true) => Some("no circuit breaker"),
        (false, false) => None,
    }
}

/// The caller's unprotected edges to external callees, or to its own.
#[derive(Debug)]
struct UnprotectedCalls {
    external: bool,
    edges: Vec<Unprotected>,
}

/// One edge (its index in `depends_on`) and what it lacks.
#[derive(Debug)]
struct Unprotected {
    edge: usize,
    lacks: &'static str,
}

impl Detail for UnprotectedCalls {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let id = ctx.id(c);
        let edges = &ctx.component(c).depends_on;
        write!(
            w,
            "unprotected sync call{} from {id} to ",
            plural_s(self.edges.len())
        )?;
        list(w, ", ", &self.edges, |w, u| {
            write!(w, "{} ({})", ctx.id(edges[u.edge].to), u.lacks)
        })?;
        write!(w, ": a hung callee piles up {id}'s threads and connections")
    }

    fn remediation(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str(if self.external {
            "Declare a timeout below the caller's own deadline and a circuit breaker on each edge to an external provider (\"timeout\": \"2s\", \"circuit_breaker\": true)."
        } else {
            "Declare a timeout below the caller's own deadline on each of these edges (\"timeout\": \"2s\")."
        })
    }

    fn about(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str(if self.external { "external" } else { "" })
    }

    fn edge(&self, _: &Ctx, _: CompIdx) -> Option<usize> {
        self.edges.first().map(|u| u.edge)
    }
}
