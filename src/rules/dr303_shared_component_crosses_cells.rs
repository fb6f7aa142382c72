//! DR303 `shared-component-crosses-cells`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use crate::words::list;
use super::{Ctx, Detail, Sink};
use crate::model::CompIdx;

declare_rule! {
    "DR303" "shared-component-crosses-cells" {
        severity: Medium,
        category: Patterns,
        summary: "Fires on a component that components of two or more different cells depend on, directly or transitively, through critical edges: its blast radius is not contained by the cells.",
        why: r#"A cellular architecture splits a workload into independent copies (cells), each serving a
slice of the customers, so a bad deploy, a poison request or an overload hits one cell's
customers, not all of them. A component that several cells need through critical edges
re-couples them: when it fails, or one noisy cell overloads it, every cell fails together and
the blast radius is the whole application again. Shared pieces should be per cell, or
non-critical, or a deliberately thin and highly available layer (the cell router)."#,
        fix: r#"- Give each cell its own copy, partitioned by customer or tenant, with cell-local edges:
  `"cell": "a"` on `accounts-db-a`, `"cell": "b"` on `accounts-db-b`.
- If it must stay shared, make the edges non-critical with a cache or fallback
  (`"critical": false, "fallback": "..."`).
- Protect it from any one cell: per-cell quotas or throttling, and deploy changes to it one cell
  (or one zone) at a time, more carefully than anything else.
- Keep the routing layer that maps customers to cells as simple as possible; it is the one
  shared component by design."#,
    }
}

/// How many cells the message names before "…".
const CELLS_NAMED: usize = 5;

fn check(ctx: &Ctx, sink: &mut Sink) {
    let radius = &ctx.assessment.blast.radius;
    for (i, c) in ctx.arch.components.iter().enumerate() {
        if !c.outside_our_failure_domains() && radius[i].cells.len() >= 2 {
            sink.report(i, Shared);
        }
    }
}

/// Needed by several cells (its blast radius names them).
#[derive(Debug)]
struct Shared;

impl Detail for Shared {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let blast = &ctx.assessment.blast;
        let cells = &blast.radius[c].cells;
        write!(
            w,
            "{} is needed through critical edges by {} cells (",
            ctx.id(c),
            cells.len()
        )?;
        list(w, ", ", cells.iter().take(CELLS_NAMED), |w, &k| {
            w.write_str(&blast.cells[k as usize])
        })?;
        if cells.len() > CELLS_NAMED {
            w.write_str(", …")?;
        }
        w.write_str("): one failure or one noisy cell takes them all down")
    }

    fn remediation(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str("Give each cell its own copy, or make the edges to it non-critical with a fallback; if it must stay shared, add per-cell quotas and deploy it one cell at a time.")
    }
}
