//! DR405 `availability-below-slo`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use crate::words::{Percent, list};
use super::{Ctx, Detail, Sink};
use crate::duration::Human;
use crate::model::CompIdx;

declare_rule! {
    "DR405" "availability-below-slo" {
        severity: High,
        category: Operations,
        summary: "Fires on an entry point whose composite availability (its own times that of everything it reaches through critical edges) is below `policy.availability_slo`.",
        why: r#"Critical dependencies are in series: the entry point is up only when all of them are, so
their availabilities multiply. Five components at 99.9% each give about 99.5%, some 44 hours of
downtime a year, although each part looks fine on its own. An SLO the architecture cannot reach
on paper will not be reached in production. The report ranks the components that cost the
most availability."#,
        fix: r#"- Strengthen the weakest links first (the report ranks them): more instances and zones (one
  instance 99.5% -> several zones 99.95%), or `"region_strategy": "active-active"` (99.99%).
- Take dependencies off the critical path: asynchronous through a queue, or `"critical": false`
  with a fallback; a non-critical dependency does not multiply in.
- Declare `availability` from evidence (the provider's SLA, your own measured history), not
  hope.
- Or agree a reachable SLO with the business: `"policy": {"availability_slo": 99.9}`."#,
    }
}

/// How far below the SLO an availability must be to count (float noise is not a breach).
const SLO_EPSILON: f64 = 1e-9;

fn check(ctx: &Ctx, sink: &mut Sink) {
    let entries = &ctx.assessment.core.availability.entries;
    for (entry, e) in entries.iter().enumerate() {
        let Some(slo) = ctx.component(e.entry).policy.availability_slo else {
            continue;
        };
        if e.percent() < slo - SLO_EPSILON {
            sink.report(e.entry, BelowSlo { entry, slo });
        }
    }
}

/// The entry point's composite availability (its place in the assessment's list) and the SLO
/// it misses.
#[derive(Debug)]
struct BelowSlo {
    entry: usize,
    slo: f64,
}

impl Detail for BelowSlo {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let e = &ctx.assessment.core.availability.entries[self.entry];
        write!(
            w,
            "{}'s composite availability is {}{}% ({} components in series, about {} of downtime a year), below the SLO of {}%",
            ctx.id(c),
            if e.estimated { "about " } else { "" },
            Percent(e.percent()),
            e.components,
            Human(e.downtime_per_year()),
            Percent(self.slo)
        )
    }

    fn remediation(&self, ctx: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let availability = &ctx.assessment.core.availability;
        let e = &availability.entries[self.entry];
        w.write_str("Strengthen the weakest links first (")?;
        list(w, ", ", &e.weakest, |w, &x| {
            write!(w, "{} {}%", ctx.id(x), Percent(availability.own[x]))
        })?;
        w.write_str("): more instances and zones, active-active, or take them off the critical path (async or \"critical\": false with a fallback); or agree a reachable SLO.")
    }
}
