//! The planner's part of the JSON result (SPEC §9): recommendations, the app-level plan, the
//! cost/RTO frontier, the expected cost of downtime and the price table. Money is rounded to
//! cents and is an estimate from the price table (`pricing`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::ByDisruption;
use crate::model::{Architecture, PerDisruption, Strategy};
use crate::plan::cost::cents;
use crate::plan::{Plan, Recommendation};

#[derive(Serialize)]
pub struct RecommendationView<'a> {
    pub component: &'a str,
    pub option: &'static str,
    pub strategy: Strategy,
    pub changes: Vec<String>,
    /// Monthly cost of the component after the change (running + DR).
    pub monthly_cost: f64,
    pub monthly_cost_delta: f64,
    /// The DR part of `monthly_cost`, itemized.
    pub dr_cost_items: BTreeMap<&'static str, f64>,
    pub estimate: ByDisruption<super::EstimateView>,
    pub meets_policy: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<&'a str>,
}

pub fn recommendation<'a>(arch: &'a Architecture, r: &'a Recommendation) -> RecommendationView<'a> {
    let e = &r.evaluated;
    RecommendationView {
        component: &arch.components[r.component].id,
        option: r.choice.as_str(),
        strategy: e.config.strategy,
        changes: r.changes(arch),
        monthly_cost: cents(e.total()),
        monthly_cost_delta: cents(r.monthly_cost_delta),
        dr_cost_items: e.dr.items().map(|(k, v)| (k, cents(v))).collect(),
        estimate: ByDisruption(PerDisruption::from_fn(|d| super::EstimateView {
            rto_secs: e.etas[d].0.secs(),
            rpo_secs: e.etas[d].1.secs(),
        })),
        meets_policy: r.meets_policy,
        limit: r.limit.as_deref(),
    }
}

/// The recommendations, viewed when serialized.
pub struct Recommendations<'a> {
    pub arch: &'a Architecture,
    pub plan: &'a Plan,
}

impl<'a> Recommendations<'a> {
    pub fn iter(&self) -> impl Iterator<Item = RecommendationView<'a>> + '_ {
        let arch = self.arch;
        self.plan
            .recommendations
            .iter()
            .map(move |r| recommendation(arch, r))
    }

    pub fn len(&self) -> usize {
        self.plan.recommendations.len()
    }

    pub fn get(&self, i: usize) -> RecommendationView<'a> {
        recommendation(self.arch, &self.plan.recommendations[i])
    }

    pub fn is_empty(&self) -> bool {
        self.plan.recommendations.is_empty()
    }
}

impl Recommendations<'_> {
    /// Appends recommendation `i` as compact JSON: serde_json's bytes for `get(i)` (checked
    /// by `tests/scale.rs`), without the view's map and lists.
    pub fn write_json(&self, i: usize, buf: &mut Vec<u8>) {
        use super::json::{push_bool, push_f64, push_opt_u64, push_str};
        let (arch, r) = (self.arch, &self.plan.recommendations[i]);
        let e = &r.evaluated;
        buf.extend_from_slice(b"{\"component\":");
        push_str(buf, &arch.components[r.component].id);
        buf.extend_from_slice(b",\"option\":");
        push_str(buf, r.choice.as_str());
        buf.extend_from_slice(b",\"strategy\":");
        push_str(buf, e.config.strategy.as_str());
        buf.extend_from_slice(b",\"changes\":[");
        for (k, change) in r.changes(arch).iter().enumerate() {
            if k > 0 {
                buf.push(b',');
            }
            push_str(buf, change);
        }
        buf.extend_from_slice(b"],\"monthly_cost\":");
        push_f64(buf, cents(e.total()));
        buf.extend_from_slice(b",\"monthly_cost_delta\":");
        push_f64(buf, cents(r.monthly_cost_delta));
        buf.extend_from_slice(b",\"dr_cost_items\":{");
        // In key order, as the view's map has them.
        let mut items: smallvec::SmallVec<[(&str, f64); 5]> = e.dr.items().collect();
        items.sort_by(|a, b| a.0.cmp(b.0));
        for (k, (name, v)) in items.into_iter().enumerate() {
            if k > 0 {
                buf.push(b',');
            }
            push_str(buf, name);
            buf.push(b':');
            push_f64(buf, cents(v));
        }
        buf.extend_from_slice(b"},\"estimate\":{");
        for d in crate::model::Disruption::ALL {
            if d != crate::model::Disruption::Software {
                buf.push(b',');
            }
            push_str(buf, d.as_str());
            buf.extend_from_slice(b":{\"rto_secs\":");
            push_opt_u64(buf, e.etas[d].0.secs());
            buf.extend_from_slice(b",\"rpo_secs\":");
            push_opt_u64(buf, e.etas[d].1.secs());
            buf.push(b'}');
        }
        buf.extend_from_slice(b"},\"meets_policy\":");
        push_bool(buf, r.meets_policy);
        if let Some(limit) = r.limit.as_deref() {
            buf.extend_from_slice(b",\"limit\":");
            push_str(buf, limit);
        }
        buf.push(b'}');
    }
}

impl Serialize for Recommendations<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[derive(Serialize)]
pub struct AppPlanView<'a> {
    /// Every component at its cheapest configuration that meets its budget.
    pub meets_policy: bool,
    pub monthly_cost: f64,
    pub monthly_cost_delta: f64,
    pub monthly_dr_cost: f64,
    pub changed_components: Vec<&'a str>,
    /// The app's estimates with the plan in place.
    pub estimate: ByDisruption<super::EstimateView>,
}

#[derive(Serialize)]
pub struct FrontierView {
    pub region_rto_secs: u64,
    pub monthly_dr_cost: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_annual_loss: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annual_total: Option<f64>,
}

#[derive(Serialize)]
pub struct DowntimeView {
    pub cost_per_hour: f64,
    pub incidents_per_year: ByDisruption<f64>,
    /// Σ incidents × today's app RTO × cost per hour; `null` when an RTO is unrecoverable.
    pub expected_annual_loss_today: Option<f64>,
    pub monthly_dr_cost_today: f64,
    /// The frontier point with the least yearly DR spend plus expected loss.
    pub best: Option<FrontierView>,
}

fn frontier_view(p: &crate::plan::FrontierPoint) -> FrontierView {
    FrontierView {
        region_rto_secs: crate::duration::secs(p.region_rto),
        monthly_dr_cost: cents(p.monthly_dr_cost),
        expected_annual_loss: p.expected_annual_loss.map(cents),
        annual_total: p
            .expected_annual_loss
            .map(|l| cents(l + 12.0 * p.monthly_dr_cost)),
    }
}

pub fn frontier(plan: &Plan) -> Vec<FrontierView> {
    plan.frontier.iter().map(frontier_view).collect()
}

pub fn app_plan<'a>(arch: &'a Architecture, plan: &Plan) -> AppPlanView<'a> {
    let p = &plan.app_plan;
    let mut changed: Vec<&str> = p
        .changes
        .iter()
        .map(|(c, _)| arch.components[*c].id.as_str())
        .collect();
    changed.sort_unstable();
    AppPlanView {
        meets_policy: p.meets_policy,
        monthly_cost: cents(p.monthly_cost),
        monthly_cost_delta: cents(p.monthly_cost - plan.monthly_cost_today()),
        monthly_dr_cost: cents(p.monthly_dr_cost),
        changed_components: changed,
        estimate: ByDisruption(PerDisruption::from_fn(|d| super::EstimateView {
            rto_secs: p.rto[d].secs(),
            rpo_secs: p.rpo[d].secs(),
        })),
    }
}

pub fn downtime(arch: &Architecture, plan: &Plan) -> Option<DowntimeView> {
    let cost_per_hour = arch.business.downtime_cost_per_hour?;
    Some(DowntimeView {
        cost_per_hour,
        incidents_per_year: ByDisruption(plan.incidents_per_year),
        expected_annual_loss_today: plan.expected_annual_loss_today.map(cents),
        monthly_dr_cost_today: cents(plan.monthly_dr_cost_today()),
        best: plan.best_point().map(frontier_view),
    })
}

#[derive(Serialize)]
pub struct PriceView {
    pub value: f64,
    pub unit: &'static str,
    pub source: &'static str,
}

pub fn pricing(plan: &Plan) -> BTreeMap<&'static str, PriceView> {
    plan.pricing
        .rows()
        .into_iter()
        .map(|r| {
            (
                r.key,
                PriceView {
                    value: r.value,
                    unit: r.unit,
                    source: r.source,
                },
            )
        })
        .collect()
}
