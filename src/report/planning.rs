//! The planner's part of the JSON result (docs/json.md): recommendations, the app-level plan, the
//! cost/RTO frontier, the expected cost of downtime and the price table. Money is rounded to
//! cents and is an estimate from the price table (`pricing`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::ByDisruption;
use super::json::{Listed, Parallel};
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
    arch: &'a Architecture,
    plan: &'a Plan,
    parallel: bool,
}

impl<'a> Recommendations<'a> {
    pub fn new(arch: &'a Architecture, plan: &'a Plan, parallel: bool) -> Self {
        Recommendations {
            arch,
            plan,
            parallel,
        }
    }

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

impl<'a> Listed for Recommendations<'a> {
    type Item = RecommendationView<'a>;

    fn groups(&self) -> usize {
        self.len()
    }

    fn group(&self, i: usize, each: &mut dyn FnMut(RecommendationView<'a>)) {
        each(self.get(i));
    }
}

impl Serialize for Recommendations<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Parallel::new(self, self.parallel).serialize(s)
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

/// Where a component's running cost comes from.
#[derive(Serialize)]
pub struct RunningPriceView {
    /// The price table's row.
    pub key: &'static str,
    /// Whether it is its service's list price (else the kind's default).
    pub list_price: bool,
    pub note: String,
}

/// The running price of each component of a cloud other than AWS (the kinds' defaults are
/// AWS-based), by id.
pub fn running_prices<'a>(
    arch: &'a crate::model::Architecture,
    plan: &Plan,
) -> BTreeMap<&'a str, RunningPriceView> {
    use crate::plan::cost::RunningPrice;
    (arch.components.iter())
        .filter_map(|c| {
            let cloud = c.beyond_aws()?;
            let service = c.service.as_deref().unwrap_or_default();
            let view = match plan.pricing.running_price(c) {
                RunningPrice::Declared => return None,
                RunningPrice::Listed(key, source) => RunningPriceView {
                    key,
                    list_price: true,
                    note: format!("{} list price of {service}: {source}", cloud.name()),
                },
                RunningPrice::KindDefault(key) => RunningPriceView {
                    key,
                    list_price: false,
                    note: format!(
                        "no list price for {service} in the price table: the kind's default ({key}); declare monthly_cost for a better figure"
                    ),
                },
            };
            Some((c.id.as_str(), view))
        })
        .collect()
}
