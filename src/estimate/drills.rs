//! Measured recovery (docs/score.md): the most recent drill of a disruption replaces the model's
//! estimate for that component, its figures marked measured. The model's estimate is kept
//! beside it, so the outputs can show both and DR404 can flag a model more optimistic than
//! the drill.
//!
//! A drill may measure only one figure: the other one stays the model's. When the model says
//! the component cannot recover, a drill that measured its RTO proves otherwise; its RPO is
//! then the drill's, or 0 for a stateless component, and when a stateful component's data loss
//! was not measured the model's "unrecoverable" stands (we know it came back, not what it lost).

use smallvec::smallvec;
use std::time::Duration;

use super::{Estimate, Estimates, Eta, Term, TermKind};
use crate::model::{Architecture, CompIdx, Component, Disruption, Drill};

/// One estimate a drill replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct Drilled {
    pub component: CompIdx,
    pub disruption: Disruption,
    /// Index of the drill in the component's `observability.drills`.
    pub drill: usize,
    /// The model's estimate, before the drill replaced it.
    pub model: Estimate,
}

impl Drilled {
    /// The drill itself.
    pub fn drill<'a>(&self, arch: &'a Architecture) -> &'a Drill {
        &arch.components[self.component].observability.drills[self.drill]
    }

    /// Whether the drill measured a longer RTO or a larger RPO than the model estimated
    /// (DR404). A model that says "unrecoverable" is never the optimistic one.
    pub fn model_was_optimistic(&self, arch: &Architecture) -> bool {
        !self.gaps(arch).is_empty()
    }

    /// The figures the drill measured beyond the model's estimate (RTO, then RPO).
    pub fn gaps(&self, arch: &Architecture) -> Vec<Gap> {
        let drill = self.drill(arch);
        [
            ("RTO", drill.rto, self.model.rto()),
            ("RPO", drill.rpo, self.model.rpo()),
        ]
        .into_iter()
        .filter_map(|(what, measured, model)| {
            let measured = measured.filter(|&m| Eta::At(m) > model)?;
            Some(Gap {
                what,
                measured,
                model,
            })
        })
        .collect()
    }
}

/// A figure a drill measured beyond the model's estimate of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gap {
    /// `RTO` or `RPO`.
    pub what: &'static str,
    pub measured: Duration,
    pub model: Eta,
}

/// The most recent drill of `d` on `c` and its index (the later entry wins a tie on the date).
pub fn latest(c: &Component, d: Disruption) -> Option<(usize, &Drill)> {
    c.observability
        .drills
        .iter()
        .enumerate()
        .filter(|(_, drill)| drill.disruption == d)
        .max_by_key(|(i, drill)| (drill.date, *i))
}

/// The estimate with the drill's figures in place of the model's.
pub fn measured(c: &Component, model: &Estimate, drill: &Drill) -> Estimate {
    let term = |duration| {
        smallvec![Term {
            kind: TermKind::Drill(drill.date),
            duration,
            published: None,
        }]
    };
    match model {
        Estimate::Recoverable { rto, rpo } => Estimate::Recoverable {
            rto: drill.rto.map_or_else(|| rto.clone(), term),
            rpo: drill.rpo.map_or_else(|| rpo.clone(), term),
        },
        Estimate::Unrecoverable(why) => match (drill.rto, drill.rpo) {
            (Some(rto), Some(rpo)) => Estimate::Recoverable {
                rto: term(rto),
                rpo: term(rpo),
            },
            (Some(rto), None) if !c.stateful => Estimate::Recoverable {
                rto: term(rto),
                rpo: smallvec![],
            },
            _ => Estimate::Unrecoverable(*why),
        },
    }
}

/// Replaces every estimate that has a drill, in place; returns what was replaced, sorted by
/// component, then disruption.
pub fn apply(arch: &Architecture, estimates: &mut [Estimates]) -> Vec<Drilled> {
    let mut out = Vec::new();
    for (i, c) in arch.components.iter().enumerate() {
        out.extend(apply_one(i, c, &mut estimates[i]));
    }
    out
}

/// `apply` for one component: replaces its estimates by its latest drills and returns what
/// the model said where a drill replaced it.
pub fn apply_one(i: CompIdx, c: &Component, estimates: &mut Estimates) -> Vec<Drilled> {
    let mut out = Vec::new();
    if c.observability.drills.is_empty() {
        return out;
    }
    for d in Disruption::ALL {
        let Some((k, drill)) = latest(c, d) else {
            continue;
        };
        let replaced = measured(c, &estimates[d], drill);
        let model = std::mem::replace(&mut estimates[d], replaced);
        out.push(Drilled {
            component: i,
            disruption: d,
            drill: k,
            model,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::Unrecoverable;

    fn drill(day: i8, rto: Option<u64>, rpo: Option<u64>) -> Drill {
        Drill {
            date: jiff::civil::date(2026, 10, day),
            disruption: Disruption::Az,
            rto: rto.map(Duration::from_secs),
            rpo: rpo.map(Duration::from_secs),
        }
    }

    fn recoverable(rto: u64, rpo: u64) -> Estimate {
        let t = |kind, s| Term {
            kind,
            duration: Duration::from_secs(s),
            published: None,
        };
        Estimate::Recoverable {
            rto: smallvec![t(TermKind::Detection, rto)],
            rpo: smallvec![t(TermKind::InRegionLag, rpo)],
        }
    }

    fn component(stateful: bool) -> Component {
        let arch = crate::input::load(
            br#"{"name": "t", "components": [{"id": "db", "kind": "compute"}]}"#,
            "t",
            &Default::default(),
        )
        .expect("valid");
        let mut c = arch.components[0].clone();
        c.stateful = stateful;
        c
    }

    #[test]
    fn a_partial_drill_keeps_the_model_figure_it_did_not_measure() {
        let c = component(true);
        let e = measured(&c, &recoverable(120, 1), &drill(1, Some(840), None));
        assert_eq!(e.rto(), Eta::At(Duration::from_secs(840)));
        assert_eq!(e.rpo(), Eta::At(Duration::from_secs(1)));
        assert!(e.measured());
    }

    #[test]
    fn a_drill_that_recovered_overrides_an_unrecoverable_model_only_with_both_figures() {
        let model = Estimate::Unrecoverable(Unrecoverable::NoBackups);
        let stateful = component(true);
        assert_eq!(
            measured(&stateful, &model, &drill(1, Some(600), None)),
            model
        );
        let both = measured(&stateful, &model, &drill(1, Some(600), Some(60)));
        assert_eq!(both.rpo(), Eta::At(Duration::from_secs(60)));
        let stateless = measured(&component(false), &model, &drill(1, Some(600), None));
        assert_eq!(stateless.rpo(), Eta::ZERO);
    }

    #[test]
    fn the_latest_drill_wins_and_a_tie_goes_to_the_later_entry() {
        let mut c = component(false);
        c.observability.drills = vec![
            drill(20, Some(1), None),
            drill(3, Some(2), None),
            drill(20, Some(3), None),
        ];
        assert_eq!(latest(&c, Disruption::Az).map(|(i, _)| i), Some(2));
        assert!(latest(&c, Disruption::Region).is_none());
    }
}
