//! Operations (docs/score.md): the resiliency score and its breakdown, the operational
//! recommendations it is measured against, composite availability and measured drills, read
//! from the JSON result (docs/json.md) (`--now 2026-11-26`).

use drplan::report::{self, Report};
use serde_json::Value;

use crate::util::{analyze, assess_json, component, json_of};

/// The JSON result and the text summary of `drplan assess --now 2026-11-26` for `text`.
fn assess_both(text: &str) -> (Value, String) {
    let analysis = analyze(text);
    let summary = report::text::render(&Report::build(&analysis), false);
    (json_of(&analysis), summary)
}

/// `(rule, component)` of every finding.
fn findings(result: &Value) -> Vec<(String, String)> {
    result["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["component"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn has(result: &Value, rule: &str, id: &str) -> bool {
    findings(result).contains(&(rule.to_string(), id.to_string()))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// Meets every target, and implements every alarm, runbook and test it is told to.
const STRONG: &str = r#"{
  "name": "strong",
  "regions": { "primary": "us-east-1", "secondary": "us-west-2" },
  "policy": { "targets": {
    "software": { "rto": "1h", "rpo": "1h" }, "hardware": { "rto": "15m", "rpo": "1m" },
    "az": { "rto": "15m", "rpo": "1m" }, "region": { "rto": "4h", "rpo": "1h" } } },
  "components": [
    { "id": "web", "kind": "compute",
      "deployment": { "instances": 3, "zones": 3, "region_strategy": "warm-standby" },
      "deploy": { "method": "canary" }, "traffic": { "throttling": true },
      "observability": { "alarms": ["health", "errors"], "runbook": "wiki/web", "last_tested": "2026-11-20" },
      "depends_on": [{ "id": "db", "timeout": "2s" }] },
    { "id": "db", "kind": "database", "data_gb": 10,
      "deployment": { "instances": 2, "zones": 2, "region_strategy": "warm-standby" },
      "replication": { "mode": "async" },
      "backup": { "frequency": "1h", "retention": "35d", "pitr": true, "cross_region_copy": true, "immutable": true },
      "observability": { "alarms": ["replication-lag", "backup-freshness"], "runbook": "wiki/db", "last_tested": "2026-11-20" } }
  ]
}"#;

/// The same shape, unprotected and unoperated.
const WEAK: &str = r#"{
  "name": "weak",
  "regions": { "primary": "us-east-1", "secondary": "us-west-2" },
  "policy": { "targets": {
    "software": { "rto": "1h", "rpo": "1h" }, "hardware": { "rto": "15m", "rpo": "1m" },
    "az": { "rto": "15m", "rpo": "1m" }, "region": { "rto": "4h", "rpo": "1h" } } },
  "components": [
    { "id": "web", "kind": "compute", "depends_on": ["db"] },
    { "id": "db", "kind": "database", "data_gb": 10 }
  ]
}"#;

/// A compliant, well-operated architecture scores 100; the same shape without protection or
/// operations scores far below it, and the JSON says why part by part.
#[test]
fn a_compliant_well_operated_architecture_scores_above_a_weak_one() {
    let strong = assess_json(STRONG);
    let weak = assess_json(WEAK);
    assert_eq!(strong["summary"]["status"], "met");
    assert_eq!(strong["summary"]["score"], 100);
    assert_eq!(strong["score"]["total"], 100);
    let weak_score = weak["summary"]["score"].as_u64().expect("a number");
    assert!(weak_score < 30, "weak scored {weak_score}");
    for part in ["alarms", "sops", "tests"] {
        assert_eq!(weak["score"][part]["implemented"], 0, "{part}");
        assert_eq!(strong["score"][part]["points"], 20.0, "{part}");
    }
    assert_eq!(strong["score"]["compliance"]["points"], 40.0);
}

/// docs/score.md by hand. software: app RTO 7m (web: D 5m + canary rollback 2m) against 30m →
/// ratio 1; app RPO 24h (db's daily backups) against 1h → 1/24; 10 × 1/24 = 0.4167.
/// hardware: app RTO 35m (db, one instance: D 5m + P 30m, no data to restore) against 10m →
/// 2/7; RPO 24h against 24h → 1; 10 × 2/7 = 2.8571. az and region: no target, 0.
/// Alarms: web health ✓, web errors ✓, db backup-freshness ✗ → 2/3 of 20 = 13.333.
/// SOPs: web ✓, db ✗ → 10. Tests: web tested 6 days ago ✓, db never ✗ → 10.
/// 0.4167 + 2.8571 + 13.3333 + 10 + 10 = 36.607 → 37.
#[test]
fn the_score_of_a_small_case_matches_the_hand_computation() {
    let (result, text) = assess_both(
        r#"{
      "name": "by-hand",
      "policy": { "targets": {
        "software": { "rto": "30m", "rpo": "1h" },
        "hardware": { "rto": "10m", "rpo": "24h" } } },
      "components": [
        { "id": "web", "kind": "compute", "deployment": { "instances": 2, "zones": 2 },
          "deploy": { "method": "canary" },
          "observability": { "alarms": ["health", "errors"], "runbook": "wiki/web", "last_tested": "2026-11-20" },
          "depends_on": [{ "id": "db", "timeout": "1s" }] },
        { "id": "db", "kind": "database", "backup": { "frequency": "24h", "retention": "7d" } }
      ]
    }"#,
    );
    let d = &result["disruptions"];
    assert_eq!(d["software"]["estimate"]["rto_secs"], 420);
    assert_eq!(d["software"]["estimate"]["rpo_secs"], 86_400);
    assert_eq!(d["hardware"]["estimate"]["rto_secs"], 2100);

    let s = &result["score"];
    let per = &s["compliance"]["per_disruption"];
    assert_eq!(per["software"], 0.42);
    assert_eq!(per["hardware"], 2.86);
    assert_eq!(per["az"], 0.0);
    assert_eq!(per["region"], 0.0);
    assert_eq!(s["compliance"]["points"], 3.27);
    assert_eq!(s["compliance"]["max"], 40);
    assert_eq!(s["alarms"]["max"], 20);
    assert_eq!(
        (&s["alarms"]["implemented"], &s["alarms"]["recommended"]),
        (&Value::from(2), &Value::from(3))
    );
    assert_eq!(s["alarms"]["points"], 13.33);
    assert_eq!(s["sops"]["points"], 10.0);
    assert_eq!(
        (&s["tests"]["implemented"], &s["tests"]["recommended"]),
        (&Value::from(1), &Value::from(2))
    );
    assert_eq!(s["total"], 37);
    assert_eq!(result["summary"]["score"], 37);
    assert!(
        text.contains(
            "score 37/100: compliance 3.3/40, alarms 2/3 (13.3/20), SOPs 1/2 (10/20), tests 1/2 (10/20)"
        ),
        "{text}"
    );
}

/// With no target at all and nothing recommended, compliance is 0 and every coverage is full.
#[test]
fn nothing_recommended_counts_as_full_coverage() {
    let result = assess_json(
        r#"{ "name": "bare", "components": [
        { "id": "partner", "kind": "external", "entry": false } ] }"#,
    );
    let s = &result["score"];
    assert_eq!(s["compliance"]["points"], 0.0);
    for part in ["alarms", "sops", "tests"] {
        assert_eq!(s[part]["recommended"], 0, "{part}");
        assert_eq!(s[part]["points"], 20.0, "{part}");
    }
    assert_eq!(s["total"], 60);
}

/// A diamond (a → b → d, a → c → d) multiplies the shared d in once: 0.999³ × 0.99; the
/// non-critical cache does not multiply in.
#[test]
fn composite_availability_counts_a_shared_dependency_once() {
    let result = assess_json(
        r#"{ "name": "diamond", "policy": { "availability_slo": 99.0 }, "components": [
        { "id": "a", "kind": "compute", "availability": 99.9,
          "depends_on": [{ "id": "b", "timeout": "1s" }, { "id": "c", "timeout": "1s" },
                         { "id": "optional", "timeout": "1s", "critical": false, "fallback": "skip" }] },
        { "id": "b", "kind": "compute", "availability": 99.9, "depends_on": [{ "id": "d", "timeout": "1s" }] },
        { "id": "c", "kind": "compute", "availability": 99.9, "depends_on": [{ "id": "d", "timeout": "1s" }] },
        { "id": "d", "kind": "database", "availability": 99.0 },
        { "id": "optional", "kind": "cache" }
      ] }"#,
    );
    let list = result["availability"].as_array().expect("a list");
    assert_eq!(list.len(), 1, "one entry point: {list:?}");
    let a = &list[0];
    assert_eq!(a["entry_point"], "a");
    let expected = 0.999f64.powi(3) * 0.99;
    assert!(
        close(
            a["availability"].as_f64().unwrap_or_default(),
            expected * 100.0
        ),
        "{a}"
    );
    assert_eq!(a["components"], 4);
    let downtime = ((1.0 - expected) * 365.0 * 86_400.0).ceil() as u64;
    assert_eq!(a["downtime_secs_per_year"], downtime);
    assert_eq!(a["weakest"][0]["component"], "d");
    assert_eq!(a["weakest"][0]["declared"], true);
    assert_eq!(a["slo"], 99.0);
    assert_eq!(a["meets_slo"], false);
    assert!(a.get("estimated").is_none(), "exact: {a}");
    assert!(has(&result, "DR405", "a"));
}

/// Non-critical edges do not multiply in; defaults follow redundancy (docs/score.md).
#[test]
fn availability_defaults_and_non_critical_edges() {
    let result = assess_json(
        r#"{ "name": "defaults", "policy": { "availability_slo": 99.7 }, "components": [
        { "id": "web", "kind": "compute", "deployment": { "instances": 2, "zones": 2 },
          "depends_on": [{ "id": "api", "timeout": "1s" },
                         { "id": "recs", "timeout": "1s", "critical": false, "fallback": "none" }] },
        { "id": "api", "kind": "compute", "deployment": { "instances": 2, "zones": 1 },
          "depends_on": [{ "id": "pay", "timeout": "1s", "circuit_breaker": true }] },
        { "id": "pay", "kind": "external" },
        { "id": "recs", "kind": "compute" }
      ] }"#,
    );
    let a = &result["availability"][0];
    let expected = 0.9995 * 0.999 * 0.999;
    assert!(
        close(
            a["availability"].as_f64().unwrap_or_default(),
            expected * 100.0
        ),
        "{a}"
    );
    assert_eq!(a["components"], 3);
    assert_eq!(a["meets_slo"], true);
    assert!(!has(&result, "DR405", "web"));
}

/// Past the work budget the figure is estimated and flagged, and stays close to the exact one;
/// entry points with a small reach stay exact.
#[test]
fn availability_beyond_the_budget_is_estimated_and_flagged() {
    // A hub needing 4,999 leaves (shallow: petgraph's recursive Tarjan is not what is tested),
    // and 2,500 entry points needing the hub: ~25 million steps to traverse exactly.
    let shared = 5000;
    let leaves: Vec<String> = (1..shared).map(|i| format!(r#""c{i}""#)).collect();
    let mut comps: Vec<String> = vec![format!(
        r#"{{"id": "c0", "kind": "compute", "availability": 99.999, "depends_on": [{}]}}"#,
        leaves.join(",")
    )];
    comps.extend(
        (1..shared)
            .map(|i| format!(r#"{{"id": "c{i}", "kind": "compute", "availability": 99.999}}"#)),
    );
    for i in 0..2500 {
        comps.push(format!(
            r#"{{"id": "e{i}", "kind": "compute", "availability": 99.999, "depends_on": ["c0"]}}"#
        ));
    }
    comps.push(r#"{"id": "solo", "kind": "compute", "availability": 99.9}"#.to_string());
    let result = assess_json(&format!(
        r#"{{"name": "wide", "components": [{}]}}"#,
        comps.join(",")
    ));
    let list = result["availability"].as_array().expect("a list");
    assert_eq!(list.len(), 2501);
    let exact_unavailability = 1.0 - 0.99999f64.powi(shared + 1);
    let mut estimated = 0;
    for a in list {
        if a["entry_point"] == "solo" {
            assert!(a.get("estimated").is_none());
            assert!(close(a["availability"].as_f64().unwrap_or_default(), 99.9));
            continue;
        }
        assert_eq!(a["estimated"], true, "{a}");
        estimated += 1;
        let unavailability = 1.0 - a["availability"].as_f64().unwrap_or_default() / 100.0;
        let err = (unavailability - exact_unavailability).abs() / exact_unavailability;
        assert!(err < 0.3, "relative error {err}: {a}");
        let count = a["components"].as_f64().unwrap_or_default();
        assert!((count - 5001.0).abs() / 5001.0 < 0.3, "{a}");
    }
    assert_eq!(estimated, 2500);
}

/// docs/score.md: the latest drill's figures replace the estimate, marked measured, with the
/// model's figures beside them; DR404 fires because the model was more optimistic; the app's
/// readiness uses the measured figure.
#[test]
fn a_drill_replaces_the_estimate_and_flags_an_optimistic_model() {
    let result = assess_json(
        r#"{ "name": "drilled", "components": [
        { "id": "db", "kind": "database", "deployment": { "instances": 2, "zones": 2 },
          "backup": { "frequency": "1h", "retention": "35d", "pitr": true },
          "observability": { "drills": [
            { "date": "2026-10-15", "disruption": "az", "rto": "14m", "rpo": "0s" },
            { "date": "2026-01-10", "disruption": "az", "rto": "1m" },
            { "date": "2026-09-01", "disruption": "hardware", "rto": "90s" } ] } }
      ] }"#,
    );
    let az = &component(&result, "db")["disruptions"]["az"];
    assert_eq!(az["rto_secs"], 840);
    assert_eq!(az["rpo_secs"], 0);
    assert_eq!(az["measured"], true);
    assert_eq!(az["terms"][0]["what"], "drill");
    assert_eq!(az["terms"][0]["measured"], true);
    assert_eq!(az["drill"]["date"], "2026-10-15");
    assert_eq!(az["drill"]["rto_secs"], 840);
    assert_eq!(az["model"]["rto_secs"], 120);
    assert_eq!(az["model"]["optimistic"], true);
    assert_eq!(result["disruptions"]["az"]["estimate"]["rto_secs"], 840);

    // The hardware drill was faster than the model: measured, not flagged; its RPO was not
    // measured, so the model's stands.
    let hw = &component(&result, "db")["disruptions"]["hardware"];
    assert_eq!(hw["rto_secs"], 90);
    assert_eq!(hw["drill"]["rpo_secs"], Value::Null);
    assert_eq!(hw["model"]["optimistic"], false);
    assert_eq!(hw["rpo_secs"], 0);

    let software = &component(&result, "db")["disruptions"]["software"];
    assert!(software.get("drill").is_none() && software.get("measured").is_none());

    let dr404: Vec<&Value> = result["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "DR404")
        .collect();
    assert_eq!(dr404.len(), 1, "{dr404:?}");
    let message = dr404[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("az drill") && message.contains("14m"),
        "{message}"
    );
    // The drill is recent: tested for DR403 (90 days) but not for the score (30 days).
    assert!(!has(&result, "DR403", "db"));
    assert_eq!(result["score"]["tests"]["implemented"], 0);
}

/// docs/model.md §5: alarms with their thresholds, SOPs and experiments, ordered by blast radius
/// (most dependents first, then id); DR401 and DR402 match what is not implemented.
#[test]
fn operational_recommendations_are_ordered_by_blast_radius() {
    let result = assess_json(
        r#"{ "name": "ops",
      "regions": { "primary": "us-east-1", "secondary": "us-west-2" },
      "policy": { "targets": {
        "software": { "rto": "1h", "rpo": "10m" }, "hardware": { "rto": "15m", "rpo": "1m" },
        "region": { "rto": "4h", "rpo": "1h" } } },
      "components": [
        { "id": "web", "kind": "compute", "observability": { "alarms": ["health"] },
          "depends_on": [{ "id": "api", "timeout": "1s" }, { "id": "events", "mode": "async" }] },
        { "id": "api", "kind": "compute", "deployment": { "region_strategy": "pilot-light" },
          "depends_on": [{ "id": "db", "timeout": "1s" }, { "id": "pay", "timeout": "1s", "circuit_breaker": true }] },
        { "id": "db", "kind": "database",
          "deployment": { "instances": 2, "zones": 2, "replication": "async", "region_strategy": "pilot-light" },
          "replication": { "mode": "async" },
          "backup": { "frequency": "1h", "pitr": true, "cross_region_copy": true },
          "observability": { "runbook": "wiki/db" } },
        { "id": "events", "kind": "queue" },
        { "id": "pay", "kind": "external" }
      ] }"#,
    );
    let op = &result["operational"];
    let rows = |list: &str| -> Vec<(String, String)> {
        op[list]
            .as_array()
            .expect("a list")
            .iter()
            .map(|x| {
                (
                    x["component"].as_str().unwrap_or_default().to_string(),
                    x["kind"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    // Blast radius: db 2 (api, web), api 1, pay 1, events 0 (async), web 0.
    assert_eq!(
        rows("alarms"),
        pairs(&[
            ("db", "replication-lag"),
            ("db", "backup-freshness"),
            ("api", "errors"),
            ("web", "health"),
            ("web", "errors"),
        ])
    );
    let alarms = op["alarms"].as_array().expect("alarms");
    // Half the smallest RPO the replicas serve (hardware 1m, region 1h); the software RPO.
    assert_eq!(alarms[0]["threshold_secs"], 30);
    assert_eq!(alarms[1]["threshold_secs"], 600);
    assert_eq!(alarms[2]["dependencies"], serde_json::json!(["db", "pay"]));
    assert_eq!(alarms[3]["implemented"], true);
    assert_eq!(
        rows("sops"),
        pairs(&[("db", "recover-data"), ("web", "restore-service")])
    );
    assert_eq!(op["sops"][0]["runbook"], "wiki/db");
    let experiments = rows("experiments");
    assert_eq!(
        experiments[0],
        ("db".to_string(), "instance-loss".to_string())
    );
    assert!(experiments.contains(&("db".to_string(), "region-failover".to_string())));
    assert!(!experiments.contains(&("web".to_string(), "region-failover".to_string())));
    assert!(
        !experiments.iter().any(|(c, _)| c == "pay"),
        "external: not ours to test"
    );
    let latency: Vec<&Value> = op["experiments"]
        .as_array()
        .expect("experiments")
        .iter()
        .filter(|x| x["kind"] == "latency-injection")
        .map(|x| &x["dependency"])
        .collect();
    assert_eq!(
        latency,
        [&Value::from("db"), &Value::from("pay"), &Value::from("api")]
    );
    assert!(
        op["kinds"]["az-loss"]
            .as_str()
            .is_some_and(|s| !s.is_empty())
    );

    for (rule, id, fires) in [
        ("DR401", "db", true),
        ("DR401", "api", true),
        ("DR401", "web", true),
        ("DR402", "db", false),
        ("DR402", "web", true),
        ("DR402", "api", false),
    ] {
        assert_eq!(has(&result, rule, id), fires, "{rule} on {id}");
    }
}

/// DR303 reads the cells of the critical dependents; DR304 and DR305 sit on the caller and the
/// entry point; external and global components are outside DR303 and DR403.
#[test]
fn pattern_and_test_rules_skip_what_is_not_ours() {
    let result = assess_json(
        r#"{ "name": "cells", "components": [
        { "id": "a", "kind": "compute", "cell": "one", "depends_on": [{ "id": "shared", "timeout": "1s" }, { "id": "partner", "timeout": "1s", "circuit_breaker": true }, { "id": "cdn", "timeout": "1s" }] },
        { "id": "b", "kind": "compute", "cell": "two", "traffic": { "load_shedding": true }, "depends_on": [{ "id": "shared", "timeout": "1s" }, { "id": "partner", "timeout": "1s", "circuit_breaker": true }, { "id": "cdn", "timeout": "1s" }] },
        { "id": "shared", "kind": "cache" },
        { "id": "partner", "kind": "external" },
        { "id": "cdn", "kind": "network", "scope": "global" }
      ] }"#,
    );
    assert!(has(&result, "DR303", "shared"));
    assert!(!has(&result, "DR303", "partner"));
    assert!(!has(&result, "DR303", "cdn"));
    assert!(has(&result, "DR304", "a") && has(&result, "DR304", "b"));
    assert!(has(&result, "DR305", "a"));
    assert!(!has(&result, "DR305", "b"));
    assert!(has(&result, "DR403", "shared"));
    assert!(!has(&result, "DR403", "partner") && !has(&result, "DR403", "cdn"));
}

/// Regression: on a terminal the header's status word is painted without the table's padding.
#[test]
fn coloured_header_is_not_padded() {
    let analysis = analyze(include_str!("../../fixtures/webshop.json"));
    let text = report::text::render(&Report::build(&analysis), true);
    let header = text.lines().next().unwrap_or_default();
    assert!(header.contains("\x1b[1;31mbreached\x1b[0m ("), "{header:?}");
}
