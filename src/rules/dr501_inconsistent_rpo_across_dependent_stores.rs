//! DR501 `inconsistent-rpo-across-dependent-stores`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};
use std::time::Duration;

use super::{Ctx, Detail, Sink};
use crate::duration::Human;
use crate::estimate::Eta;
use crate::model::{CompIdx, Disruption};

declare_rule! {
    "DR501" "inconsistent-rpo-across-dependent-stores" {
        severity: Medium,
        category: Consistency,
        summary: "Fires when an entry point reaches two stateful components whose software RPOs differ by more than 4x and by more than 15m: a restore leaves them out of step.",
        why: r#"Data that refers across stores (orders and payments, a database row and the S3 object it
points to, a search index and its table) must be restored to the same point to stay
consistent. If one store comes back at five minutes ago and the other at last night's snapshot,
the restore leaves orphans and dangling references (payments for orders that no longer exist,
objects nobody points to), and reconciling them by hand adds hours to the real RTO. Stores a
transaction touches together need the same recovery point, ideally point-in-time restore to one
timestamp."#,
        fix: r#"- Align the protection: give the weaker store the same interval (`"backup": {"pitr": true}`)
  so both can be restored to one timestamp.
- Restore to a common point in time: AWS Backup restores RDS / Aurora, DynamoDB and S3
  (continuous backup) to a chosen timestamp; write the cross-store restore order and timestamp
  choice into the runbook.
- Design for it: idempotent reconciliation jobs that find and repair broken references after a
  restore (from an event log or a transactional outbox)."#,
    }
}

/// The smallest and largest software RPO among reached stateful components, with who has them.
#[derive(Clone, Copy, Default)]
struct Spread {
    min: Option<(Duration, CompIdx)>,
    max: Option<(Duration, CompIdx)>,
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    let core = &ctx.assessment.core;
    let g = &core.graph;
    let id = |c: CompIdx| ctx.id(c);
    let better = |a: (Duration, CompIdx), b: (Duration, CompIdx), less: bool| {
        let ord = a.0.cmp(&b.0).then_with(|| id(b.1).cmp(id(a.1)));
        if (ord == std::cmp::Ordering::Less) == less {
            a
        } else {
            b
        }
    };
    let spreads = g.fold_reachable(
        |c| {
            let comp = ctx.component(c);
            match core.own_rpo(c, Disruption::Software) {
                Eta::At(rpo) if comp.stateful && !comp.outside_our_failure_domains() => Spread {
                    min: Some((rpo, c)),
                    max: Some((rpo, c)),
                },
                _ => Spread::default(),
            }
        },
        |acc: &mut Spread, other: &Spread| {
            acc.min = match (acc.min, other.min) {
                (Some(a), Some(b)) => Some(better(a, b, true)),
                (a, b) => a.or(b),
            };
            acc.max = match (acc.max, other.max) {
                (Some(a), Some(b)) => Some(better(a, b, false)),
                (a, b) => a.or(b),
            };
        },
    );
    for &e in &g.entries {
        let (Some(lo), Some(hi)) = (spreads[e].min, spreads[e].max) else {
            continue;
        };
        if lo.1 == hi.1 {
            continue;
        }
        let ratio_exceeded = lo.0.is_zero() || hi.0.as_secs_f64() > 4.0 * lo.0.as_secs_f64();
        if ratio_exceeded && hi.0.saturating_sub(lo.0) > Duration::from_secs(15 * 60) {
            sink.report(e, OutOfStep { lo, hi });
        }
    }
}

/// The stores with the smallest and the largest software RPO the entry point reaches.
#[derive(Debug)]
struct OutOfStep {
    lo: (Duration, CompIdx),
    hi: (Duration, CompIdx),
}

impl Detail for OutOfStep {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{} reaches {} (software RPO {}) and {} (software RPO {}): after a restore they describe different moments, and references between them break",
            ctx.id(c),
            ctx.id(self.lo.1),
            Human(self.lo.0),
            ctx.id(self.hi.1),
            Human(self.hi.0)
        )
    }

    fn remediation(&self, ctx: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "Bring {}'s RPO closer to {}'s (more frequent backups or PITR), or document the reconciliation step in the runbook.",
            ctx.id(self.hi.1),
            ctx.id(self.lo.1)
        )
    }
}
