//! DR305 `entry-point-without-throttling-or-load-shedding`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Sink};
use crate::mechanisms;
use crate::model::{CompIdx, Kind};

declare_rule! {
    "DR305" "entry-point-without-throttling-or-load-shedding" {
        severity: Low,
        category: Patterns,
        summary: "Fires on an entry point of kind `compute` or `network` (what runs the code or fronts it) that enables neither `traffic.throttling` nor `traffic.load_shedding`. DNS points elsewhere, and a store, a queue or a cache takes requests through its service's own limits (S3 and DynamoDB throttle requests themselves): they are not flagged.",
        why: r#"An entry point takes whatever arrives: a retry storm from clients, a marketing spike, a bot,
or the whole backlog at once when the service comes back after an outage. Without a limit it
accepts work it cannot finish, latency climbs for everyone until every request times out
(congestive collapse), and recovery stalls because the recovering service is overloaded the
moment it starts. Throttling caps what each client may send; load shedding rejects the excess
cheaply (a fast 429 or 503) so the requests that are accepted finish within their deadline."#,
        fix: r#"- Throttle at the edge: API Gateway stage and method throttling with usage plans per API key,
  AWS WAF rate-based rules, or a token bucket in the service; declare
  `"traffic": {"throttling": true}`.
- Shed load in the service: cap concurrent requests per instance, drop requests that waited
  longer than the client's timeout, prioritise critical traffic (checkout over browsing);
  declare `"traffic": {"load_shedding": true}`.
- Load test to find the knee of the latency curve and set the limits below it; keep load
  balancer health checks shallow so an overloaded host is not removed and its load piled on
  the rest."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    let g = &ctx.assessment.core.graph;
    for (i, c) in ctx.arch.components.iter().enumerate() {
        let serves = matches!(c.kind, Kind::Compute | Kind::Network);
        if g.is_entry[i] && serves && !c.throttling && !c.load_shedding {
            sink.report(i, Unguarded);
        }
    }
}

/// An entry point that takes whatever load comes.
#[derive(Debug)]
struct Unguarded;

impl Detail for Unguarded {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "entry point {} neither throttles nor sheds load: an overload or a retry storm takes it down for everyone",
            ctx.id(c)
        )
    }

    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "Throttle at the edge ({}) or shed excess load in the service, and declare \"traffic\": {{\"throttling\": true}} or {{\"load_shedding\": true}}.",
            mechanisms::of(ctx.component(c)).throttling
        )
    }
}
