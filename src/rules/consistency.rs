//! DR501: stores restored to points far apart leave the app out of step.

use std::time::Duration;

use super::{Ctx, Sink, catalog};
use crate::duration::Human;
use crate::estimate::Eta;
use crate::model::{CompIdx, Disruption};

/// The smallest and largest software RPO among reached stateful components, with who has them.
#[derive(Clone, Copy, Default)]
struct Spread {
    min: Option<(Duration, CompIdx)>,
    max: Option<(Duration, CompIdx)>,
}

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    let g = &ctx.assessment.core.graph;
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
            let comp = &ctx.arch.components[c];
            match ctx.assessment.core.own_rpo(c, Disruption::Software) {
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
        let (Some((lo, lo_c)), Some((hi, hi_c))) = (spreads[e].min, spreads[e].max) else {
            continue;
        };
        if lo_c == hi_c {
            continue;
        }
        let ratio_exceeded = lo.is_zero() || hi.as_secs_f64() > 4.0 * lo.as_secs_f64();
        if ratio_exceeded && hi.saturating_sub(lo) > Duration::from_secs(15 * 60) {
            sink.report(
                catalog::DR501,
                e,
                format!(
                    "{} reaches {} (software RPO {}) and {} (software RPO {}): after a restore they describe different moments, and references between them break",
                    id(e),
                    id(lo_c),
                    Human(lo),
                    id(hi_c),
                    Human(hi)
                ),
                format!("Bring {}'s RPO closer to {}'s (more frequent backups or PITR), or document the reconciliation step in the runbook.", id(hi_c), id(lo_c)),
            );
        }
    }
}
