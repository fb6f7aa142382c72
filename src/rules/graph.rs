//! DR001: cycles of critical dependencies.

use super::{Ctx, Sink, catalog};

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    let g = &ctx.assessment.core.graph;
    for members in g.cycles() {
        for &m in members {
            let cycle = g.cycle_through(m);
            let mut names: Vec<&str> = cycle.iter().map(|&c| ctx.id(c)).collect();
            names.push(ctx.id(m));
            let others = if members.len() > cycle.len() {
                format!(" ({} components in this loop in all)", members.len())
            } else {
                String::new()
            };
            sink.report(
                catalog::DR001,
                m,
                format!("critical dependency cycle: {}{others}; after a full outage none of them can start first", names.join(" -> ")),
                "Make one edge of the loop non-critical (\"critical\": false with a fallback, or \"mode\": \"async\" through a queue) so that one component can start without the others.",
            );
        }
    }
}
