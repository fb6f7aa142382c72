//! The estimation model against figures computed by hand from docs/model.md §1 defaults (D detection
//! 5m, P provision by kind, R = data_gb·1024 / 100 MB/s, T traffic switch 1m, S scale-up, F
//! failover) and the readiness rules of docs/model.md §2, read from the JSON result (docs/json.md). Plus the
//! AWS DR whitepaper bands the defaults must reproduce.

use serde_json::{Value, json};

use crate::util::{assess_json, component};

const M: u64 = 60;
const H: u64 = 3600;

/// `components[id].disruptions[d]`.
fn comp<'a>(result: &'a Value, id: &str, d: &str) -> &'a Value {
    &component(result, id)["disruptions"][d]
}

/// `(rto_secs, ready_secs, rpo_secs)` of a component under a disruption (`None`: null).
fn own(result: &Value, id: &str, d: &str) -> (Option<u64>, Option<u64>, Option<u64>) {
    let v = comp(result, id, d);
    (
        v["rto_secs"].as_u64(),
        v["ready_secs"].as_u64(),
        v["rpo_secs"].as_u64(),
    )
}

/// `(what, secs)` of a component's RTO terms (`rpo_terms` with `rpo = true`).
fn terms(result: &Value, id: &str, d: &str, rpo: bool) -> Vec<(String, u64)> {
    let key = if rpo { "rpo_terms" } else { "terms" };
    comp(result, id, d)[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["what"].as_str().unwrap().to_string(),
                t["secs"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn app(result: &Value, d: &str) -> (Option<u64>, Option<u64>, Vec<String>) {
    let v = &result["disruptions"][d];
    (
        v["estimate"]["rto_secs"].as_u64(),
        v["estimate"]["rpo_secs"].as_u64(),
        v["critical_path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect(),
    )
}

/// One entry point (web, active-active) over a pilot-light API with a 30s startup, which
/// needs three databases (backup-restore, warm standby, active-active), an external payment
/// provider, and a single-instance cache behind a non-critical edge.
const SHOP: &str = r#"{
  "name": "hand-computed",
  "regions": { "primary": "us-east-1", "secondary": "us-west-2" },
  "policy": { "targets": {
    "software": { "rto": "1h", "rpo": "5m" },
    "region":   { "rto": "2h", "rpo": "25h" }
  } },
  "components": [
    { "id": "web", "kind": "compute",
      "deployment": { "instances": 3, "zones": 3, "region_strategy": "active-active" },
      "deploy": { "method": "canary" },
      "depends_on": [ { "id": "api", "timeout": "2s" }, { "id": "profiles", "timeout": "1s" } ] },
    { "id": "api", "kind": "compute",
      "deployment": { "instances": 2, "zones": 2, "region_strategy": "pilot-light" },
      "deploy": { "method": "rolling" },
      "recovery": { "startup": "30s" },
      "depends_on": [
        { "id": "orders-db", "timeout": "2s" },
        { "id": "ledger-db", "timeout": "2s" },
        { "id": "payments", "timeout": "5s", "circuit_breaker": true },
        { "id": "sessions", "timeout": "100ms", "critical": false, "fallback": "re-login" }
      ] },
    { "id": "orders-db", "kind": "database", "data_gb": 400,
      "deployment": { "instances": 2, "zones": 2, "region_strategy": "backup-restore" },
      "backup": { "frequency": "24h", "retention": "35d", "pitr": true, "cross_region_copy": true } },
    { "id": "ledger-db", "kind": "database", "data_gb": 100,
      "deployment": { "instances": 2, "zones": 2, "region_strategy": "warm-standby" },
      "backup": { "pitr": true, "retention": "35d" },
      "replication": { "mode": "async" } },
    { "id": "profiles", "kind": "database",
      "deployment": { "instances": 2, "zones": 2, "region_strategy": "active-active" },
      "backup": { "pitr": true, "retention": "35d" },
      "replication": { "mode": "sync" } },
    { "id": "payments", "kind": "external" },
    { "id": "sessions", "kind": "cache", "deployment": { "instances": 1 } }
  ]
}"#;

/// Own RTO, readiness and RPO of every component, by hand from docs/model.md §1 and §2.
#[test]
fn own_estimates_match_the_hand_computation() {
    let r = assess_json(SHOP);
    let restore_400 = 400 * 1024 / 100; // 4096 s
    let restore_100 = 100 * 1024 / 100; // 1024 s

    // orders-db: 400 GB, PITR, 2 instances in 2 zones, backup-restore with copies.
    // software D + R, RPO 5m (PITR); hardware and az F = 2m, RPO 0 (sync Multi-AZ);
    // region D + P(database 30m) + R + T, RPO frequency 24h + copy lag 15m.
    assert_eq!(
        own(&r, "orders-db", "software"),
        (
            Some(5 * M + restore_400),
            Some(5 * M + restore_400),
            Some(5 * M)
        )
    );
    assert_eq!(
        own(&r, "orders-db", "hardware"),
        (Some(2 * M), Some(2 * M), Some(0))
    );
    assert_eq!(
        own(&r, "orders-db", "az"),
        (Some(2 * M), Some(2 * M), Some(0))
    );
    let region = 5 * M + 30 * M + restore_400 + M;
    assert_eq!(region, 6256);
    assert_eq!(
        own(&r, "orders-db", "region"),
        (Some(region), Some(region), Some(24 * H + 15 * M))
    );
    assert_eq!(
        terms(&r, "orders-db", "region", false),
        [
            ("detection".into(), 300),
            ("provision".into(), 1800),
            ("restore".into(), 4096),
            ("traffic-switch".into(), 60)
        ]
    );
    assert_eq!(
        terms(&r, "orders-db", "region", true),
        [("backup-interval".into(), 86_400), ("copy-lag".into(), 900)]
    );

    // ledger-db: warm standby with async replication: D + S(stateful 2m) + T, RPO lag 1s.
    assert_eq!(
        own(&r, "ledger-db", "region"),
        (Some(5 * M + 2 * M + M), Some(8 * M), Some(1))
    );
    assert_eq!(
        own(&r, "ledger-db", "software"),
        (
            Some(5 * M + restore_100),
            Some(5 * M + restore_100),
            Some(5 * M)
        )
    );

    // profiles: active-active with sync replication: health-checked D 90s, no T, RPO 0.
    // No data_gb: the software restore has nothing to copy, RTO D, RPO 5m (PITR).
    assert_eq!(own(&r, "profiles", "region"), (Some(90), Some(90), Some(0)));
    assert_eq!(
        own(&r, "profiles", "software"),
        (Some(5 * M), Some(5 * M), Some(5 * M))
    );

    // api: stateless pilot light: D + S(stateless 15m) + T; rolling rollback 10m; F 0 behind
    // a load balancer. Startup 30s after its critical dependencies: ready = max(own, deps) + 30s.
    assert_eq!(
        own(&r, "api", "region"),
        (Some(5 * M + 15 * M + M), Some(region + 30), Some(0))
    );
    assert_eq!(
        own(&r, "api", "software"),
        (Some(15 * M), Some(5 * M + restore_400 + 30), Some(0))
    );
    assert_eq!(
        own(&r, "api", "hardware"),
        (Some(0), Some(2 * M + 30), Some(0))
    );

    // web: active-active stateless: 90s; canary rollback 2m.
    assert_eq!(
        own(&r, "web", "region"),
        (Some(90), Some(region + 30), Some(0))
    );
    assert_eq!(own(&r, "web", "software").0, Some(5 * M + 2 * M));

    // sessions: one cache instance, stateless: hardware and az D + P(cache 15m), region none.
    assert_eq!(
        own(&r, "sessions", "hardware"),
        (Some(5 * M + 15 * M), Some(20 * M), Some(0))
    );
    assert_eq!(
        own(&r, "sessions", "az"),
        (Some(20 * M), Some(20 * M), Some(0))
    );
    assert_eq!(own(&r, "sessions", "region"), (None, None, None));

    // Every critical dependency is redundant; the single cache sits behind a non-critical
    // edge: no single point of failure, and the cache's blast radius is empty.
    for c in r["components"].as_array().unwrap() {
        assert_eq!(c["spof"], false, "{}", c["id"]);
    }
    let blast = |id: &str| {
        r["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["blast_radius"]
            .clone()
    };
    assert_eq!(blast("sessions")["components"], 0);
    assert_eq!(blast("orders-db")["sample"], json!(["api", "web"]));
    assert_eq!(blast("orders-db")["entry_points"], 1);

    // payments: external, 0/0 under every disruption.
    for d in ["software", "hardware", "az", "region"] {
        assert_eq!(
            own(&r, "payments", d),
            (Some(0), Some(0), Some(0)),
            "payments {d}"
        );
    }
}

/// App RTO = the slowest entry point's readiness; RPO = the worst reachable store; the
/// critical path runs from the entry point down to the component whose own RTO sets it (ties
/// to the smaller id); a non-critical dependency that is back later is listed as degraded.
#[test]
fn app_estimates_critical_path_and_degraded_service() {
    let r = assess_json(SHOP);
    let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();

    // software: orders-db's D + R = 4396 s, then api's 30s startup.
    assert_eq!(
        app(&r, "software"),
        (
            Some(4396 + 30),
            Some(5 * M),
            path(&["web", "api", "orders-db"])
        )
    );
    assert_eq!(r["disruptions"]["software"]["status"], "breached"); // 4426 s > 1h

    // hardware: both databases fail over in 2m (tie → the smaller id, ledger-db), + 30s.
    assert_eq!(
        app(&r, "hardware"),
        (Some(150), Some(0), path(&["web", "api", "ledger-db"]))
    );
    assert_eq!(r["disruptions"]["hardware"]["status"], "unassessed");
    // The cache behind the non-critical edge is back at 20m: api serves degraded until then.
    assert_eq!(
        r["disruptions"]["hardware"]["degraded"],
        json!([{ "component": "api", "dependency": "sessions", "from_secs": 150, "until_secs": 1200 }])
    );
    assert_eq!(app(&r, "az").0, Some(150));
    assert_eq!(r["disruptions"]["az"]["degraded"][0]["until_secs"], 1200);

    // region: orders-db's restore sets it; the cache never comes back in us-west-2.
    assert_eq!(
        app(&r, "region"),
        (
            Some(6256 + 30),
            Some(24 * H + 15 * M),
            path(&["web", "api", "orders-db"])
        )
    );
    assert_eq!(r["disruptions"]["region"]["status"], "met"); // 6286 s ≤ 2h, 24h 15m ≤ 25h
    assert_eq!(
        r["disruptions"]["region"]["degraded"],
        json!([{ "component": "api", "dependency": "sessions", "from_secs": 6286, "until_secs": null }])
    );
    // The non-critical cache does not hold the app back.
    assert_eq!(r["disruptions"]["software"]["degraded"], json!([]));
}

/// docs/model.md §2: a cycle of critical edges is one unit whose RTO is the sum of its members' own
/// RTOs (a cold start has to break the loop by hand).
#[test]
fn a_critical_cycle_is_recovered_as_the_sum_of_its_members() {
    let r = assess_json(
        r#"{
          "name": "cycle",
          "components": [
            { "id": "web", "kind": "compute", "deployment": { "instances": 2, "zones": 2 },
              "deploy": { "method": "canary" }, "depends_on": ["auth"] },
            { "id": "auth", "kind": "compute", "deployment": { "instances": 2, "zones": 2 },
              "deploy": { "method": "blue-green" }, "depends_on": ["tokens"] },
            { "id": "tokens", "kind": "compute", "deployment": { "instances": 2, "zones": 2 },
              "deploy": { "method": "in-place" }, "depends_on": ["auth"] }
          ]
        }"#,
    );
    let auth = 5 * M + 2 * M; // D + blue-green rollback
    let tokens = 5 * M + 10 * M; // D + in-place rollback
    assert_eq!(
        own(&r, "auth", "software"),
        (Some(auth), Some(auth + tokens), Some(0))
    );
    assert_eq!(
        own(&r, "tokens", "software"),
        (Some(tokens), Some(auth + tokens), Some(0))
    );
    let (rto, _, path) = app(&r, "software");
    assert_eq!(rto, Some(auth + tokens));
    assert_eq!(path.first().map(String::as_str), Some("web"));
    assert!(
        matches!(path.last().map(String::as_str), Some("auth" | "tokens")),
        "{path:?}"
    );
    let dr001: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "DR001")
        .map(|f| f["component"].as_str().unwrap())
        .collect();
    assert_eq!(dr001, ["auth", "tokens"]);
}

/// docs/model.md §1: every duration in the output is whole seconds, rounded up.
#[test]
fn durations_are_rounded_up_to_whole_seconds() {
    let r = assess_json(
        r#"{
          "name": "rounding",
          "components": [
            { "id": "web", "kind": "compute", "deployment": { "instances": 2, "zones": 2 },
              "recovery": { "startup": "500ms" }, "depends_on": ["db"] },
            { "id": "db", "kind": "database", "data_gb": 1,
              "backup": { "frequency": "24h", "restore_mb_per_sec": 300 } }
          ]
        }"#,
    );
    // 1 GB = 1024 MB at 300 MB/s = 3.41 s → 4 s.
    assert_eq!(
        terms(&r, "db", "software", false),
        [("detection".into(), 300), ("restore".into(), 4)]
    );
    // web's own software RTO (D + in-place rollback, 900 s) plus its 0.5 s startup → 901 s.
    assert_eq!(own(&r, "web", "software").1, Some(901));
    // Hardware: web fails over at once, the single db instance is rebuilt (D + P + R =
    // 2104 s), web serves 0.5 s later: 2104.5 s → 2105 s.
    assert_eq!(
        own(&r, "web", "hardware"),
        (Some(0), Some(5 * M + 30 * M + 4 + 1), Some(0))
    );
    // The single db instance is on web's critical path: a single point of failure.
    assert_eq!(r["components"][1]["spof"], true);
    assert_eq!(r["components"][0]["spof"], false);
}

/// The same pair, one stateless API in front of one 400 GB database, under each strategy.
fn pair(strategy: &str) -> String {
    let replication = if strategy == "backup-restore" {
        ""
    } else if strategy == "active-active" {
        r#", "replication": { "mode": "sync" }"#
    } else {
        r#", "replication": { "mode": "async" }"#
    };
    format!(
        r#"{{
          "name": "{strategy}",
          "regions": {{ "primary": "us-east-1", "secondary": "us-west-2" }},
          "components": [
            {{ "id": "api", "kind": "compute",
               "deployment": {{ "instances": 2, "zones": 2, "region_strategy": "{strategy}" }},
               "depends_on": ["db"] }},
            {{ "id": "db", "kind": "database", "data_gb": 400,
               "deployment": {{ "instances": 2, "zones": 2, "region_strategy": "{strategy}" }},
               "backup": {{ "frequency": "24h", "pitr": true, "cross_region_copy": true }}{replication} }}
          ]
        }}"#
    )
}

/// docs/model.md §1: the defaults reproduce the AWS DR whitepaper's ranges: backup & restore in
/// hours, pilot light in tens of minutes, warm standby in minutes, active/active near zero.
/// Exact figures: backup-restore max(api D+P+T, db D+P+R+T) = 6256 s; pilot light api
/// D + 15m + T = 21m; warm standby api D + 5m + T = 11m (the defaults put stateless warm
/// standby just past ten minutes); active/active 90 s.
#[test]
fn region_rto_follows_the_whitepaper_bands() {
    let region = |s: &str| {
        let r = assess_json(&pair(s));
        let (rto, rpo, _) = app(&r, "region");
        (rto.expect("recoverable"), rpo.expect("recoverable"))
    };
    let (br, br_rpo) = region("backup-restore");
    let (pl, pl_rpo) = region("pilot-light");
    let (ws, ws_rpo) = region("warm-standby");
    let (aa, aa_rpo) = region("active-active");

    assert_eq!((br, br_rpo), (6256, 24 * H + 15 * M));
    assert_eq!((pl, pl_rpo), (21 * M, 1));
    assert_eq!((ws, ws_rpo), (11 * M, 1));
    assert_eq!((aa, aa_rpo), (90, 0));

    assert!(br >= H, "backup & restore: hours ({br} s)");
    assert!(br_rpo >= H, "backup & restore RPO: hours ({br_rpo} s)");
    assert!(
        (10 * M..=H).contains(&pl),
        "pilot light: tens of minutes ({pl} s)"
    );
    assert!((M..15 * M).contains(&ws), "warm standby: minutes ({ws} s)");
    assert!(aa <= 2 * M, "active/active: near zero ({aa} s)");
    assert!(
        br > pl && pl > ws && ws > aa,
        "each stronger strategy recovers faster"
    );
    assert!(
        pl_rpo <= M && ws_rpo <= M && aa_rpo == 0,
        "replicated: seconds of data loss"
    );
}

/// Regression: the critical path of a cycle compares the unit as readiness counts it (own
/// RTOs plus startups), so a dependency that is ready before the cycle is not blamed.
#[test]
fn critical_path_counts_a_cycles_startups() {
    let json = assess_json(
        r#"{"name":"loop","policy":{"targets":{"software":{"rto":"1h","rpo":"1h"}}},"components":[
            {"id":"web","kind":"compute","depends_on":["a"]},
            {"id":"a","kind":"compute","recovery":{"startup":"10m"},"depends_on":["b"]},
            {"id":"b","kind":"compute","recovery":{"startup":"10m"},"depends_on":["a","c"]},
            {"id":"c","kind":"compute","recovery":{"detection":"30m"}}]}"#,
    );
    let software = &json["disruptions"]["software"];
    // The cycle: (5m + 10m rollback + 10m startup) × 2 = 50m; c is ready at 30m + 10m = 40m.
    assert_eq!(
        json["components"][1]["disruptions"]["software"]["ready_secs"],
        3000
    );
    let path: Vec<&str> = software["critical_path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(path, ["web", "a"], "the cycle sets the app RTO, not c");
}

/// A volume whose only recovery point is a one-off snapshot (issue 19): restorable to the
/// moment it was taken, so not "no backups"; its data loss is the snapshot's age, which the
/// file cannot say (no target is met) until `drplan verify` measures it (`--evidence`).
#[test]
fn a_one_off_recovery_point_loses_its_measured_age() {
    let arch = r#"{
      "name": "one-off",
      "policy": { "targets": { "software": { "rto": "4h", "rpo": "30d" } } },
      "components": [
        { "id": "archive", "kind": "storage", "data_gb": 100,
          "deployment": { "instances": 1, "zones": 1 },
          "resources": [ { "service": "ebs-volume", "id": "vol-0123456789abcdef0", "region": "us-east-1" } ],
          "backup": { "one_off": true } } ] }"#;
    let dir = crate::util::scratch("a_one_off_recovery_point_loses_its_measured_age");
    let file = dir.join("arch.json");
    std::fs::write(&file, arch).expect("the architecture is written");
    let file = file.to_str().expect("a path");
    let unmeasured =
        crate::util::drplan_run(&["assess", file, "--format", "json", "--now", "2026-11-26"])
            .json();
    let software = &component(&unmeasured, "archive")["disruptions"]["software"];
    assert_eq!(software["rpo_secs"], Value::Null, "{software}");
    assert!(
        software["unrecoverable"]
            .as_str()
            .is_some_and(|w| w.contains("one-off snapshot") && w.contains("drplan verify")),
        "{software}"
    );
    let findings = unmeasured["findings"].as_array().expect("findings");
    let dr101 = findings
        .iter()
        .find(|f| f["rule"] == "DR101")
        .expect("DR101 fires");
    assert_eq!(dr101["severity"], "high", "{dr101}");
    assert!(
        dr101["message"]
            .as_str()
            .is_some_and(|m| m.contains("one-off snapshot") && !m.contains("no backups")),
        "{dr101}"
    );
    // Six days old, as the EBS source would measure it.
    let evidence = json!({
        "schema_version": 2,
        "checked_at": "2026-11-26T20:00:00Z",
        "components": [],
        "evidence": [{
            "id": "archive", "source": "ebs", "region": "us-east-1", "role": "primary",
            "resource": "ebs-volume vol-0123456789abcdef0 in us-east-1", "status": "fresh",
            "recovery_points": 1,
            "newest": { "id": "snap-0a1", "what": "snapshot", "time": "2026-11-20T20:00:00Z",
                        "age_secs": 6 * 24 * H, "state": "usable", "size": null,
                        "encrypted": null, "immutable": null, "tier": "standard" },
            "oldest_age_secs": 6 * 24 * H, "anomalies": []
        }]
    });
    let verify = dir.join("verify.json");
    std::fs::write(&verify, evidence.to_string()).expect("the evidence is written");
    let measured = crate::util::drplan_run(&[
        "assess",
        file,
        "--format",
        "json",
        "--now",
        "2026-11-26",
        "--evidence",
        verify.to_str().expect("a path"),
    ])
    .json();
    assert_eq!(own(&measured, "archive", "software").2, Some(6 * 24 * H));
    assert_eq!(
        terms(&measured, "archive", "software", true),
        [("backup-age".to_string(), 6 * 24 * H)]
    );
    assert_eq!(measured["disruptions"]["software"]["status"], "met");
}

/// docs/input.md: a region strategy needs `regions.secondary` unless the component names the
/// region its own copy is in; there it recovers, with the copy's lag as its data loss.
#[test]
fn a_region_strategy_recovers_in_its_own_copys_region_without_a_secondary() {
    let arch = |replication: Value| {
        json!({
            "name": "one-region",
            "regions": { "primary": "us-central1" },
            "policy": { "tier": "critical" },
            "components": [{
                "id": "assets", "kind": "storage",
                "deployment": { "region_strategy": "active-active" },
                "replication": replication
            }]
        })
        .to_string()
    };
    let result = assess_json(&arch(
        json!({ "mode": "async", "lag": "15m", "region": "US" }),
    ));
    let region = &comp(&result, "assets", "region");
    assert_eq!(region["rpo_secs"], 900, "{region}");
    assert_eq!(region["status"], "met", "{region}");

    let run = crate::util::assess_stdin(&arch(json!({ "mode": "async", "lag": "15m" })), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("components[0].deployment.region_strategy")
            && run.stderr.contains("needs regions.secondary")
            && run.stderr.contains("or name the region its copy is in"),
        "{}",
        run.stderr
    );
}
