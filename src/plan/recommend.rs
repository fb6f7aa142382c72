//! Recommendations as Resilience Hub shows them (docs/model.md §5): for each component whose estimate
//! misses its budget, three options — optimized for cost, optimized for RTO/RPO, minimal
//! changes — each with its changes in words, estimates, cost, and, when no configuration can
//! meet the budget, the limit that blocks it. A claim of `meets_policy` is never made for an
//! estimate that misses a target.

use std::cmp::Ordering;

use crate::duration::Human;
use crate::estimate::{self, Estimate, Eta, TermKind};
use std::time::Duration;

use crate::model::{Component, Disruption};
use crate::plan::candidates;
use crate::plan::optimize::{Budget, Evaluated, constraints};

/// Which of the three options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Choice {
    /// Cheapest configuration that meets the policy.
    Cost,
    /// Lowest region RTO, then RPO, then cost.
    RtoRpo,
    /// Fewest changed settings, then cost.
    MinimalChanges,
}

impl Choice {
    pub const ALL: [Choice; 3] = [Choice::Cost, Choice::RtoRpo, Choice::MinimalChanges];

    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Cost => "cost",
            Choice::RtoRpo => "rto-rpo",
            Choice::MinimalChanges => "minimal-changes",
        }
    }
}

/// Ties go to fewer changes, then the weaker strategy.
fn tie(a: &Evaluated, b: &Evaluated) -> Ordering {
    a.changes
        .cmp(&b.changes)
        .then(a.config.strategy.cmp(&b.config.strategy))
}

fn by_cost(a: &Evaluated, b: &Evaluated) -> Ordering {
    a.total().total_cmp(&b.total()).then_with(|| tie(a, b))
}

fn by_rto_rpo(a: &Evaluated, b: &Evaluated) -> Ordering {
    let r = Disruption::Region;
    a.etas[r]
        .0
        .cmp(&b.etas[r].0)
        .then(a.etas[r].1.cmp(&b.etas[r].1))
        .then_with(|| by_cost(a, b))
}

fn by_changes(a: &Evaluated, b: &Evaluated) -> Ordering {
    a.changes.cmp(&b.changes).then_with(|| by_cost(a, b))
}

/// The candidates the options are picked from: those that meet the budget, or, when none
/// does, those that meet the most of its constraints; and whether they meet all of it.
pub fn best_met<'e>(evaluated: &'e [Evaluated], budget: &Budget) -> (Vec<&'e Evaluated>, bool) {
    let met: Vec<usize> = evaluated.iter().map(|e| e.met(budget)).collect();
    let Some(&best) = met.iter().max() else {
        return (Vec::new(), false);
    };
    let best_ones = (evaluated.iter().zip(&met))
        .filter(|&(_, &m)| m == best)
        .map(|(e, _)| e)
        .collect();
    (best_ones, best == constraints(budget))
}

/// Picks the option for `choice` among the candidates `best_met` kept.
pub fn choose<'e>(best: &[&'e Evaluated], choice: Choice) -> Option<&'e Evaluated> {
    let order = match choice {
        Choice::Cost => by_cost,
        Choice::RtoRpo => by_rto_rpo,
        Choice::MinimalChanges => by_changes,
    };
    best.iter().copied().min_by(|a, b| order(a, b))
}

/// What the limit of a component is explained with.
pub struct Limits<'a> {
    pub comp: &'a Component,
    pub budget: &'a Budget,
    /// The longest chain of startups above the component (part of its RTO budget).
    pub startup_above: Duration,
    pub assumptions: &'a estimate::Assumptions,
    pub measured: estimate::Measured,
}

impl Limits<'_> {
    /// What no configuration of the component can fix, in words (`None` when some candidate
    /// meets the whole budget).
    pub fn explain(&self, evaluated: &[Evaluated]) -> Option<String> {
        let mut reasons = Vec::new();
        for (d, target) in self.budget.iter() {
            let Some(target) = target else { continue };
            let best_rto = evaluated.iter().min_by_key(|e| e.etas[d].0)?;
            if best_rto.etas[d].0 > Eta::At(target.rto) {
                reasons.push(self.blocking(d, best_rto, target.rto, true));
            }
            let best_rpo = evaluated.iter().min_by_key(|e| e.etas[d].1)?;
            if best_rpo.etas[d].1 > Eta::At(target.rpo) {
                reasons.push(self.blocking(d, best_rpo, target.rpo, false));
            }
        }
        (!reasons.is_empty()).then(|| reasons.join("; "))
    }

    /// Why the best candidate misses the RTO (`rto`) or RPO budget under `d`: its arithmetic
    /// and the term that blocks it.
    fn blocking(&self, d: Disruption, best: &Evaluated, budget: Duration, rto: bool) -> String {
        let (comp, startup_above) = (self.comp, self.startup_above);
        let what = if rto { "RTO" } else { "RPO" };
        let est =
            candidates::Shaper::new(comp).estimate(&best.config, self.assumptions, &self.measured);
        let budget_words = if startup_above.is_zero() && comp.recovery.startup.is_zero() {
            format!("the {d} {what} target is {}", Human(budget))
        } else {
            format!(
                "the {d} {what} budget is {} (the target less the startup of the components above it)",
                Human(budget)
            )
        };
        match &est[d] {
            Estimate::Unrecoverable(u) => format!(
                "no configuration recovers from a {d} disruption ({}); {budget_words}",
                u.reason()
            ),
            Estimate::Recoverable {
                rto: rto_terms,
                rpo: rpo_terms,
            } => {
                let terms = if rto { rto_terms } else { rpo_terms };
                let total = if rto { est[d].rto() } else { est[d].rpo() };
                let arithmetic: Vec<String> = terms
                    .iter()
                    .map(|t| format!("{} {}", t.what(), Human(t.duration)))
                    .collect();
                let largest = terms.iter().max_by_key(|t| t.duration);
                let hint = match largest.map(|t| t.kind) {
                    Some(TermKind::Restore {
                        data_gb,
                        mb_per_sec,
                        ..
                    }) => format!(
                        "restoring {} GB at {} MB/s takes {}: raise restore throughput (backup.restore_mb_per_sec) or shrink the data",
                        estimate::fmt_num(data_gb),
                        estimate::fmt_num(mb_per_sec),
                        Human(largest.map(|t| t.duration).unwrap_or_default())
                    ),
                    Some(TermKind::Detection | TermKind::HealthCheckedDetection) => {
                        "detect and decide faster (recovery.detection)".into()
                    }
                    Some(TermKind::Provision) => {
                        "build faster from IaC (recovery.provision) or keep capacity running".into()
                    }
                    Some(TermKind::BackupInterval { .. }) => {
                        "no backup schedule reaches it: replicate instead".into()
                    }
                    Some(TermKind::ReplicationLag(_)) => "replicate synchronously".into(),
                    _ => "no configuration drplan knows reaches it".into(),
                };
                format!(
                    "the best {d} {what} any configuration reaches is {total} ({}), but {budget_words}: {hint}",
                    arithmetic.join(" + ")
                )
            }
        }
    }
}
