//! The planner (docs/model.md §4, §5): exactness against brute force, honesty of `meets_policy`, the
//! frontier's shape, and the DR whitepaper's cost order of the strategies.

use drplan::assess::{self, Status};
use drplan::model::{Architecture, Disruption};
use drplan::plan::candidates::{self, Config};
use drplan::plan::cost::Pricing;
use drplan::plan::{self, Plan};

use crate::util::{load, options};

fn planned(arch: &Architecture) -> Plan {
    let options = options();
    let a = assess::assess(arch, &options);
    plan::plan(arch, &a.core, &options, Pricing::default())
}

/// A small deterministic generator of test cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Three components, all reached from the entry point through critical edges, with random
/// settings, data sizes, startups and targets.
fn random_architecture(rng: &mut Rng) -> String {
    let rto = ["10m", "30m", "1h", "2h", "6h"];
    let rpo = ["0s", "1s", "5m", "1h", "26h"];
    let kinds = ["compute", "database", "cache", "storage"];
    let strategies = ["none", "backup-restore", "pilot-light"];
    let mut components = Vec::new();
    for (i, deps) in [(0, vec![1, 2]), (1, vec![2]), (2, vec![])] {
        let kind = if i == 0 { "compute" } else { rng.pick(&kinds) };
        let deps: Vec<String> = deps.iter().map(|d| format!("\"c{d}\"")).collect();
        components.push(format!(
            r#"{{"id":"c{i}","kind":"{kind}","data_gb":{},"monthly_cost":{},"recovery":{{"startup":"{}"}},"deployment":{{"region_strategy":"{}"}},"depends_on":[{}]}}"#,
            rng.next() % 300,
            100 + rng.next() % 900,
            rng.pick(&["0s", "1m", "5m"]),
            rng.pick(&strategies),
            deps.join(",")
        ));
    }
    let targets: Vec<String> = ["software", "hardware", "az", "region"]
        .iter()
        .map(|d| {
            format!(
                r#""{d}":{{"rto":"{}","rpo":"{}"}}"#,
                rng.pick(&rto),
                rng.pick(&rpo)
            )
        })
        .collect();
    format!(
        r#"{{"name":"random","regions":{{"primary":"a","secondary":"b"}},"policy":{{"targets":{{{}}}}},"components":[{}]}}"#,
        targets.join(","),
        components.join(",")
    )
    // A stateful component without backups and strategy backup-restore would be invalid only
    // for cross_region_copy; the generator never sets it, so every case is valid input.
}

/// docs/model.md §5: the app-level plan is the cheapest combination of per-component
/// configurations that meets the whole policy, checked against brute force over every
/// combination of every candidate on small random graphs.
#[test]
fn app_plan_is_the_cheapest_combination_that_meets_the_policy() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let pricing = Pricing::default();
    let mut feasible_cases = 0;
    for case in 0..25 {
        let text = random_architecture(&mut rng);
        let arch = load(&text);
        let ours = planned(&arch);
        let per_component: Vec<Vec<Config>> =
            arch.components.iter().map(candidates::enumerate).collect();
        let mut best: Option<f64> = None;
        let mut combo = vec![0usize; arch.components.len()];
        loop {
            let mut trial = arch.clone();
            let mut cost = 0.0;
            for (c, &k) in combo.iter().enumerate() {
                let config = per_component[c][k];
                cost += pricing.running(&arch.components[c], &config)
                    + pricing.dr_cost(&arch.components[c], &config).total();
                config.apply(&mut trial.components[c]);
            }
            let a = assess::assess(&trial, &options());
            let meets = Disruption::ALL
                .iter()
                .all(|&d| a.core.app[d].status != Status::Breached);
            if meets && best.is_none_or(|b| cost < b - 1e-9) {
                best = Some(cost);
            }
            // Next combination.
            let mut i = 0;
            loop {
                if i == combo.len() {
                    break;
                }
                combo[i] += 1;
                if combo[i] < per_component[i].len() {
                    break;
                }
                combo[i] = 0;
                i += 1;
            }
            if i == combo.len() {
                break;
            }
        }
        match best {
            Some(cost) => {
                feasible_cases += 1;
                assert!(
                    ours.app_plan.meets_policy,
                    "case {case}: brute force meets the policy at {cost}, the plan claims it cannot\n{text}"
                );
                assert!(
                    (ours.app_plan.monthly_cost - cost).abs() < 1e-6,
                    "case {case}: plan costs {}, brute force finds {cost}\n{text}",
                    ours.app_plan.monthly_cost
                );
            }
            None => assert!(
                !ours.app_plan.meets_policy,
                "case {case}: no combination meets the policy, yet the plan claims to\n{text}"
            ),
        }
    }
    assert!(
        feasible_cases >= 5,
        "the generator should produce feasible cases too ({feasible_cases})"
    );
}

const WEBSHOP: &str = include_str!("../../fixtures/webshop.json");

/// Every `meets_policy: true` claim is backed by estimates within the component's targets.
#[test]
fn meets_policy_claims_hold() {
    let arch = load(WEBSHOP);
    let ours = planned(&arch);
    let a = assess::assess(&arch, &options());
    let budgets = plan::optimize::budgets(
        &arch,
        &a.core,
        &plan::optimize::startup_above(&arch, &a.core),
    );
    assert!(!ours.recommendations.is_empty());
    for r in &ours.recommendations {
        let budget = &budgets[r.component];
        assert_eq!(
            r.meets_policy,
            r.evaluated.meets(budget),
            "{}",
            arch.components[r.component].id
        );
        if r.meets_policy {
            for (d, t) in arch.components[r.component].policy.targets.iter() {
                if let Some(t) = t {
                    let (rto, rpo) = r.evaluated.etas[d];
                    assert!(rto.duration().is_some_and(|x| x <= t.rto), "{d} RTO");
                    assert!(rpo.duration().is_some_and(|x| x <= t.rpo), "{d} RPO");
                }
            }
            assert!(r.limit.is_none());
        } else {
            assert!(
                r.limit.is_some(),
                "a recommendation that misses the policy says why"
            );
        }
    }
}

/// docs/json.md's example: a target no configuration can meet is reported with its limit.
#[test]
fn impossible_targets_are_reported_honestly() {
    let arch = load(
        r#"{"name":"big","regions":{"primary":"a","secondary":"b"},
            "policy":{"targets":{"software":{"rto":"1h","rpo":"1h"}}},
            "components":[{"id":"db","kind":"database","data_gb":800,"backup":{"frequency":"24h"}}]}"#,
    );
    let ours = planned(&arch);
    assert!(!ours.app_plan.meets_policy);
    let recs: Vec<_> = ours
        .recommendations
        .iter()
        .filter(|r| r.component == 0)
        .collect();
    assert_eq!(
        recs.len(),
        3,
        "three options even when none meets the policy"
    );
    for r in recs {
        assert!(!r.meets_policy);
        let limit = r.limit.as_deref().unwrap_or_default();
        assert!(
            limit.contains("restoring 800 GB at 100 MB/s takes 2h 16m 32s"),
            "{limit}"
        );
        assert!(limit.contains("raise restore throughput"), "{limit}");
        // The RPO part is met by the best option: backups every hour or PITR.
        assert!(
            r.evaluated.etas[Disruption::Software]
                .1
                .duration()
                .is_some_and(|x| x.as_secs() <= 3600)
        );
    }
}

/// The frontier is sorted by RTO with strictly falling cost (Pareto points only).
#[test]
fn frontier_is_monotone() {
    let arch = load(WEBSHOP);
    let ours = planned(&arch);
    assert!(ours.frontier.len() >= 3, "{:?}", ours.frontier);
    for w in ours.frontier.windows(2) {
        assert!(w[0].region_rto < w[1].region_rto);
        assert!(w[0].monthly_dr_cost > w[1].monthly_dr_cost);
    }
}

/// The DR whitepaper's order: backup & restore < pilot light < warm standby < active/active.
#[test]
fn strategies_cost_in_the_whitepaper_order() {
    let pricing = Pricing::default();
    let arch = load(
        r#"{"name":"pair","regions":{"primary":"a","secondary":"b"},
            "components":[
              {"id":"app","kind":"compute","monthly_cost":1000,"deployment":{"instances":2,"zones":2},"depends_on":["db"]},
              {"id":"db","kind":"database","monthly_cost":1000,"data_gb":100,"backup":{"frequency":"24h"}}]}"#,
    );
    let mut totals = Vec::new();
    for strategy in drplan::model::Strategy::ALL.iter().skip(1) {
        let total: f64 = arch
            .components
            .iter()
            .map(|c| {
                let config = candidates::region_options(c)
                    .into_iter()
                    .find(|x| x.strategy == *strategy)
                    .expect("every strategy is an option");
                pricing.dr_cost(c, &config).total()
            })
            .sum();
        totals.push(total);
    }
    assert!(totals.windows(2).all(|w| w[0] < w[1]), "{totals:?}");
}

/// A standby the plan adds is named in the component's cloud's words: Cloud SQL's
/// `availability_type` for a Google database, RDS Multi-AZ for an AWS one.
#[test]
fn a_standby_is_named_in_the_components_clouds_words() {
    let changes = |service: &str| {
        let arch = serde_json::json!({
            "name": "standby",
            "regions": { "primary": "us-central1" },
            "policy": { "tier": "mission-critical" },
            "components": [{
                "id": "db", "kind": "database", "service": service, "entry": true,
                "deployment": { "instances": 1, "zones": 1 },
                "backup": { "frequency": "1h", "pitr": true }
            }]
        });
        let result = crate::util::assess_json(&arch.to_string());
        let first = &result["recommendations"][0]["changes"][0];
        first.as_str().expect("a change").to_string()
    };
    let google = changes("gcp:cloudsql:postgres");
    assert!(
        google.starts_with("Add a standby copy: 2 instances (Cloud SQL availability_type REGIONAL"),
        "{google}"
    );
    let aws = changes("aws:rds");
    assert!(
        aws.starts_with("Add a standby copy: 2 instances (RDS Multi-AZ"),
        "{aws}"
    );
}
