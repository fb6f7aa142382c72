//! The resiliency score (docs/score.md), Resilience Hub's weights: policy compliance 40 (10 per
//! disruption), alarm, SOP and test coverage 20 each, from the operational recommendations.

use std::time::Duration;

use super::AppDisruption;
use crate::estimate::Eta;
use crate::model::PerDisruption;
use crate::ops::{Coverage, Operations};

/// Points of the score, each part out of its maximum.
pub const COMPLIANCE_PER_DISRUPTION: f64 = 10.0;
pub const ALARMS_MAX: f64 = 20.0;
pub const SOPS_MAX: f64 = 20.0;
pub const TESTS_MAX: f64 = 20.0;

/// The resiliency score.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// 0–100, rounded.
    pub total: u32,
    /// Compliance points per disruption, each out of 10.
    pub compliance: PerDisruption<f64>,
    pub alarms: Coverage,
    pub sops: Coverage,
    pub tests: Coverage,
}

impl Score {
    pub fn compliance_points(&self) -> f64 {
        self.compliance.0.iter().sum()
    }

    pub fn alarm_points(&self) -> f64 {
        ALARMS_MAX * self.alarms.ratio()
    }

    pub fn sop_points(&self) -> f64 {
        SOPS_MAX * self.sops.ratio()
    }

    pub fn test_points(&self) -> f64 {
        TESTS_MAX * self.tests.ratio()
    }
}

/// `min(1, target / estimate)`; an estimate of 0 meets any target.
fn ratio(target: Duration, estimate: Eta) -> f64 {
    match estimate.secs() {
        None => 0.0,
        Some(0) => 1.0,
        Some(e) => (crate::duration::secs(target) as f64 / e as f64).min(1.0),
    }
}

/// `10 × min(rto ratio, rpo ratio)`; 0 without a target or when unrecoverable.
pub fn compliance_points(app: &AppDisruption) -> f64 {
    match app.target {
        None => 0.0,
        Some(t) => COMPLIANCE_PER_DISRUPTION * ratio(t.rto, app.rto).min(ratio(t.rpo, app.rpo)),
    }
}

/// Scores the app from its compliance and the coverage of the operational recommendations.
pub fn score(app: &PerDisruption<AppDisruption>, ops: &Operations) -> Score {
    let mut s = Score {
        total: 0,
        compliance: PerDisruption::from_fn(|d| compliance_points(&app[d])),
        alarms: ops.alarms,
        sops: ops.sops,
        tests: ops.tests,
    };
    let sum = s.compliance_points() + s.alarm_points() + s.sop_points() + s.test_points();
    s.total = sum.round().clamp(0.0, 100.0) as u32;
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::Status;
    use crate::model::Target;

    fn app(target: Option<(u64, u64)>, rto: Eta, rpo: Eta) -> AppDisruption {
        AppDisruption {
            status: Status::Unassessed,
            target: target.map(|(rto, rpo)| Target {
                rto: Duration::from_secs(rto),
                rpo: Duration::from_secs(rpo),
            }),
            rto,
            rpo,
            critical_path: vec![],
            rpo_from: None,
            degraded: vec![],
        }
    }

    fn at(s: u64) -> Eta {
        Eta::At(Duration::from_secs(s))
    }

    #[test]
    fn compliance_is_the_worse_ratio_capped_at_one() {
        assert_eq!(
            compliance_points(&app(Some((600, 60)), at(1200), at(0))),
            5.0
        );
        assert_eq!(
            compliance_points(&app(Some((600, 60)), at(60), at(240))),
            2.5
        );
        assert_eq!(
            compliance_points(&app(Some((600, 60)), at(60), at(6))),
            10.0
        );
        assert_eq!(compliance_points(&app(Some((0, 0)), at(0), at(0))), 10.0);
        assert_eq!(compliance_points(&app(Some((0, 0)), at(5), at(0))), 0.0);
        assert_eq!(
            compliance_points(&app(Some((600, 60)), Eta::Unrecoverable, at(0))),
            0.0
        );
        assert_eq!(compliance_points(&app(None, at(1), at(1))), 0.0);
    }
}
