//! The rules against their fixtures (docs/rules/): every rule has a file under fixtures/rules/
//! that fires it (`DRxxx-fires.json`, with the expected component and severity in its
//! `"x-expect"` key) and a near-identical one that does not (`DRxxx-passes.json`, changed only
//! where the fix changes it); they are the examples on the rule's page. Plus the severities
//! that depend on the graph (DR201/DR202 on or off a critical path, DR301 to an external
//! callee).

use std::path::{Path, PathBuf};

use drplan::analysis::Analysis;
use drplan::rules::{self, Finding, Severity};

use crate::util::{analyze, root};

/// A checked architecture and what to ask of its findings.
struct Checked(Analysis);

impl Checked {
    /// A finding's message as the outputs render it.
    fn message(&self, f: &Finding) -> String {
        let a = &self.0;
        let ctx = rules::Ctx {
            arch: &a.arch,
            assessment: &a.assessment,
            options: &a.options,
        };
        f.message(&ctx)
    }

    /// A finding's fix as the outputs render it.
    fn remediation(&self, f: &Finding) -> String {
        let a = &self.0;
        let ctx = rules::Ctx {
            arch: &a.arch,
            assessment: &a.assessment,
            options: &a.options,
        };
        f.remediation(&ctx)
    }

    fn findings(&self) -> &[Finding] {
        &self.0.findings
    }

    /// `(rule, component id, severity)` of every finding.
    fn triples(&self) -> Vec<(&'static str, &str, Severity)> {
        (self.findings().iter())
            .map(|f| (f.rule.id, self.id(f), f.severity))
            .collect()
    }

    fn of_rule(&self, rule: &str) -> Vec<&Finding> {
        self.findings()
            .iter()
            .filter(|f| f.rule.id == rule)
            .collect()
    }

    fn id(&self, f: &Finding) -> &str {
        &self.0.arch.components[f.component].id
    }
}

/// Loads, assesses and checks an architecture as `drplan assess --now 2026-11-26` does; a
/// fixture's `"x-evidence"` (a verify.json) is read as `--evidence` reads it.
fn check_text(text: &str, name: &str) -> Checked {
    let raw: serde_json::Value = serde_json::from_str(text).unwrap();
    let evidence = &raw["x-evidence"];
    if evidence.is_null() {
        return Checked(analyze(text));
    }
    let arch = crate::util::load(text);
    let bytes = serde_json::to_vec(evidence).unwrap();
    let mut options = crate::util::options();
    options.measured = drplan::verify::evidence::read(&bytes, &arch)
        .unwrap_or_else(|e| panic!("{name}: x-evidence: {e}"));
    Checked(drplan::analysis::analyze(
        arch,
        options,
        drplan::plan::cost::Pricing::default(),
    ))
}

fn rules_dir() -> PathBuf {
    root().join("fixtures/rules")
}

/// Every `*.json` under fixtures/rules/, sorted.
fn fixtures() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(rules_dir())
        .expect("fixtures/rules/ exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    out.sort();
    out
}

/// `DR102-fires.json` → `("DR102", true)`.
fn parse_name(path: &Path) -> (String, bool) {
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    let (rule, which) = stem
        .split_once('-')
        .unwrap_or_else(|| panic!("{stem}: fixture names are DRxxx-fires or DRxxx-passes"));
    match which {
        "fires" => (rule.to_string(), true),
        "passes" => (rule.to_string(), false),
        other => panic!("{stem}: {other:?} is neither fires nor passes"),
    }
}

fn severity(name: &str) -> Severity {
    Severity::ALL
        .into_iter()
        .find(|s| s.as_str() == name)
        .unwrap_or_else(|| panic!("{name:?} is not a severity"))
}

/// Every fixture: a `-fires` file produces its rule on the expected component with the
/// expected severity; a `-passes` file produces no finding of its rule at all.
#[test]
fn fixtures_fire_and_pass_as_declared() {
    let files = fixtures();
    assert!(!files.is_empty(), "no fixtures under fixtures/rules/");
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(
            raw["x-about"].as_str().is_some_and(|s| !s.is_empty()),
            "{name}: say what the fixture shows in \"x-about\""
        );
        let expect = &raw["x-expect"];
        let (rule, fires) = parse_name(path);
        assert_eq!(
            expect["rule"].as_str(),
            Some(rule.as_str()),
            "{name}: x-expect.rule must match the file name"
        );
        assert!(rules::find(&rule).is_some(), "{name}: {rule} is not a rule");
        let checked = check_text(&text, &name);
        let found = checked.of_rule(&rule);
        if fires {
            let component = expect["component"]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: x-expect.component is required"));
            let sev = severity(
                expect["severity"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{name}: x-expect.severity is required")),
            );
            if !found
                .iter()
                .any(|f| checked.id(f) == component && f.severity == sev)
            {
                failures.push(format!(
                    "{name}: expected {rule} ({sev}) on {component}; got {:?}",
                    checked.triples()
                ));
            }
        } else if !found.is_empty() {
            failures.push(format!(
                "{name}: expected no {rule}; got {:?}",
                found
                    .iter()
                    .map(|f| (checked.id(f), checked.message(f)))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every rule's examples are its two fixture files, and every fixture belongs to a rule (a
/// fixture for a rule that does not exist would pass vacuously).
#[test]
fn every_rule_has_both_fixtures_and_every_fixture_a_rule() {
    let dir = rules_dir();
    for r in rules::RULES {
        for (which, text) in [("fires", r.fires), ("passes", r.passes)] {
            let path = dir.join(format!("{}-{which}.json", r.id));
            let on_disk = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(on_disk, text, "{}: the rule's example is this file", r.id);
        }
    }
    for path in fixtures() {
        let (rule, _) = parse_name(&path);
        assert!(
            rules::find(&rule).is_some(),
            "{}: no rule {rule}",
            path.display()
        );
    }
    assert_eq!(fixtures().len(), 2 * rules::RULES.len());
}

/// A `-passes` fixture differs from its `-fires` twin only where the fix changes it: same
/// components, in the same order, with the same edges' targets.
#[test]
fn passing_fixtures_are_near_identical_to_firing_ones() {
    let dir = rules_dir();
    for id in rules::RULES.iter().map(|r| r.id) {
        let read = |which: &str| -> serde_json::Value {
            let text = std::fs::read_to_string(dir.join(format!("{id}-{which}.json"))).unwrap();
            serde_json::from_str(&text).unwrap()
        };
        let (fires, passes) = (read("fires"), read("passes"));
        let shape = |v: &serde_json::Value| -> Vec<(String, String)> {
            v["components"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| (c["id"].to_string(), c["kind"].to_string()))
                .collect()
        };
        assert_eq!(shape(&fires), shape(&passes), "{id}: components differ");
        for key in ["policy", "regions"] {
            assert_eq!(fires[key], passes[key], "{id}: {key} differs");
        }
    }
}

/// DR001 names the loop in order on every member, and the dependent outside the loop is not
/// reported.
#[test]
fn dr001_reports_every_member_with_the_cycle() {
    let text = std::fs::read_to_string(rules_dir().join("DR001-fires.json")).unwrap();
    let checked = check_text(&text, "DR001-fires.json");
    let mut on: Vec<&str> = checked
        .of_rule("DR001")
        .iter()
        .map(|f| checked.id(f))
        .collect();
    on.sort();
    assert_eq!(on, ["inventory", "orders"]);
    for f in checked.of_rule("DR001") {
        let m = &checked.message(f);
        assert!(
            m.contains("orders -> inventory -> orders")
                || m.contains("inventory -> orders -> inventory"),
            "{m}"
        );
    }
}

/// docs/rules/ and docs/model.md §2: DR201 and DR202 are `high` on a component an entry point reaches through
/// critical edges, `low` on one reached only through a non-critical or async edge, or not at
/// all.
#[test]
fn single_instance_and_zone_are_high_on_a_critical_path_only() {
    let checked = check_text(
        r#"{
          "name": "severities",
          "components": [
            { "id": "web", "kind": "compute", "deployment": { "instances": 2, "zones": 2 },
              "depends_on": [
                { "id": "api", "timeout": "1s" },
                { "id": "reports", "timeout": "1s", "critical": false, "fallback": "hide the panel" },
                { "id": "mailer", "mode": "async" }
              ] },
            { "id": "api", "kind": "compute" },
            { "id": "reports", "kind": "compute" },
            { "id": "mailer", "kind": "compute" },
            { "id": "batch", "kind": "compute", "entry": false,
              "deployment": { "instances": 2, "zones": 2 },
              "depends_on": [{ "id": "helper", "timeout": "1s" }] },
            { "id": "helper", "kind": "compute" }
          ]
        }"#,
        "severities",
    );
    for rule in ["DR201", "DR202"] {
        let mut got: Vec<(&str, Severity)> = checked
            .of_rule(rule)
            .iter()
            .map(|f| (checked.id(f), f.severity))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("api", Severity::High),
                ("helper", Severity::Low),
                ("mailer", Severity::Low),
                ("reports", Severity::Low),
            ],
            "{rule}"
        );
    }
}

/// An entry point reaches itself: a lone single-instance service is `high`.
#[test]
fn an_entry_point_reaches_itself() {
    let checked = check_text(
        r#"{ "name": "alone", "components": [ { "id": "web", "kind": "compute" } ] }"#,
        "alone",
    );
    for rule in ["DR201", "DR202"] {
        let f = checked.of_rule(rule);
        assert_eq!(f.len(), 1, "{rule}");
        assert_eq!(f[0].severity, Severity::High, "{rule}");
    }
}

/// docs/rules/: DR301 is `medium` when the callee is external, `low` otherwise; a sync edge to an
/// external callee needs a circuit breaker as well as a timeout, an async edge needs neither.
/// One finding per caller and severity names every unprotected edge.
#[test]
fn sync_edge_severity_depends_on_the_callee() {
    let checked = check_text(
        r#"{
          "name": "edges",
          "components": [
            { "id": "web", "kind": "compute", "depends_on": [
                "api",
                { "id": "payments", "timeout": "2s" },
                { "id": "tax", "timeout": "2s", "circuit_breaker": true },
                { "id": "events", "mode": "async" }
            ] },
            { "id": "api", "kind": "compute" },
            { "id": "payments", "kind": "external" },
            { "id": "tax", "kind": "external" },
            { "id": "events", "kind": "queue" }
          ]
        }"#,
        "edges",
    );
    let dr301 = checked.of_rule("DR301");
    let on = |callee: &str| -> Vec<Severity> {
        dr301
            .iter()
            .filter(|f| checked.message(f).contains(&format!(" {callee} (")))
            .map(|f| f.severity)
            .collect()
    };
    assert_eq!(on("api"), [Severity::Low]);
    assert_eq!(on("payments"), [Severity::Medium]);
    assert!(
        on("tax").is_empty(),
        "a timeout and a circuit breaker suffice"
    );
    assert!(on("events").is_empty(), "an async edge is not a sync call");
    assert_eq!(dr301.len(), 2, "{:?}", checked.triples());
    assert!(
        dr301.iter().all(|f| checked.id(f) == "web"),
        "reported on the caller"
    );
}

/// docs/rules/: DR1xx and DR201/DR202 skip external and global components.
#[test]
fn external_and_global_components_are_outside_the_data_and_redundancy_rules() {
    let checked = check_text(
        r#"{
          "name": "outside",
          "components": [
            { "id": "web", "kind": "compute", "deployment": { "instances": 2, "zones": 2 },
              "depends_on": [{ "id": "partner", "timeout": "1s", "circuit_breaker": true },
                             { "id": "cdn", "timeout": "1s" }] },
            { "id": "partner", "kind": "external", "stateful": true },
            { "id": "cdn", "kind": "storage", "scope": "global", "deployment": { "instances": 1, "zones": 1 } }
          ]
        }"#,
        "outside",
    );
    for (rule, id, _) in checked.triples() {
        let family = &rule[..3];
        let skipped = family == "DR1" || rule == "DR201" || rule == "DR202";
        assert!(
            !(skipped && (id == "partner" || id == "cdn")),
            "{rule} must skip {id}: {:?}",
            checked.triples()
        );
    }
}

/// Findings are sorted by severity, then rule, then component (docs/json.md).
#[test]
fn findings_are_sorted() {
    let text = std::fs::read_to_string(root().join("fixtures/webshop.json")).unwrap();
    let checked = check_text(&text, "webshop.json");
    assert!(checked.findings().len() > 5);
    let keys: Vec<(Severity, &str, &str)> = checked
        .triples()
        .into_iter()
        .map(|(r, c, s)| (s, r, c))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

// ------------------------------------------------------------------------------ regressions

/// Regression: DR103 compares the backup interval (5m with PITR, docs/rules/DR103.md) with both the
/// software and the region RPO target; it used to take the snapshot `frequency` for the region
/// even when the region is recovered from a replica.
#[test]
fn dr103_follows_the_pitr_interval_for_the_region_target() {
    let checked = check_text(
        r#"{
          "name": "replicated",
          "regions": { "primary": "us-east-1", "secondary": "us-west-2" },
          "policy": { "targets": { "region": { "rto": "4h", "rpo": "1h" } } },
          "components": [
            { "id": "db", "kind": "database",
              "deployment": { "instances": 2, "zones": 2, "region_strategy": "pilot-light" },
              "replication": { "mode": "async" },
              "backup": { "frequency": "24h", "pitr": true, "cross_region_copy": true } }
          ]
        }"#,
        "replicated",
    );
    let dr103: Vec<String> = checked
        .of_rule("DR103")
        .iter()
        .map(|f| checked.message(f))
        .collect();
    assert!(dr103.is_empty(), "expected no DR103, got {dr103:?}");
}

/// Every fixture's findings, pinned with their words (as ruff pins every diagnostic): rule,
/// component, severity, message and fix, in the order the outputs list them. A change to any
/// rule's text or reach shows as a snapshot diff to review.
#[test]
fn every_fixtures_findings_are_pinned_with_their_messages() {
    for path in fixtures() {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let checked = check_text(&text, &stem);
        let mut out = String::new();
        for f in checked.findings() {
            use std::fmt::Write as _;
            let _ = writeln!(
                out,
                "{} {} on {}\n  {}\n  fix: {}\n",
                f.rule.id,
                f.severity,
                checked.id(f),
                checked.message(f),
                checked.remediation(f)
            );
        }
        if out.is_empty() {
            out.push_str("(no findings)\n");
        }
        insta::assert_snapshot!(format!("rule_fixture_{stem}"), out);
    }
}

/// docs/rules/DR305.md: only what runs the code or fronts it (compute, network) is asked to
/// throttle; a store, a queue or a cache that nothing depends on is an entry point of the graph
/// but takes requests through its service's own limits (issue 19: DR305 on an S3 bucket was
/// noise).
#[test]
fn throttling_is_asked_of_what_serves_requests_only() {
    let checked = check_text(
        r#"{
          "name": "entries",
          "components": [
            { "id": "web", "kind": "compute", "deployment": { "instances": 2, "zones": 2 } },
            { "id": "edge", "kind": "network", "entry": true },
            { "id": "exports", "kind": "storage" },
            { "id": "events", "kind": "queue" },
            { "id": "ledger", "kind": "database", "entry": true }
          ]
        }"#,
        "entries",
    );
    let mut on: Vec<&str> = (checked.of_rule("DR305").iter())
        .map(|f| checked.id(f))
        .collect();
    on.sort_unstable();
    assert_eq!(on, ["edge", "web"], "{:?}", checked.triples());
}

/// docs/rules/DR301.md: a network component that depends on nothing (a NAT gateway) is a path
/// the calls go through, not a callee: no timeout is asked of the edge to it; a load balancer
/// that forwards to something is a callee (issue 19).
#[test]
fn a_network_path_is_not_a_callee() {
    let checked = check_text(
        r#"{
          "name": "paths",
          "components": [
            { "id": "web", "kind": "compute", "depends_on": [ "nat", "internal-lb" ] },
            { "id": "nat", "kind": "network", "scope": "zonal" },
            { "id": "internal-lb", "kind": "network", "depends_on": [ { "id": "api", "timeout": "5s" } ] },
            { "id": "api", "kind": "compute" }
          ]
        }"#,
        "paths",
    );
    let dr301 = checked.of_rule("DR301");
    assert_eq!(dr301.len(), 1, "{:?}", checked.triples());
    let words = checked.message(dr301[0]);
    assert!(
        words.contains("internal-lb (") && !words.contains("nat ("),
        "{words}"
    );
}
