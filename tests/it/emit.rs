//! `drplan ops --emit` (docs/operations.md): CloudFormation that cfn-lint accepts, Terraform
//! that parses and names only the arguments the AWS provider documents, hostile ids, byte
//! identical re-runs, thresholds equal to drplan's own, one artifact per recommendation, and
//! the output directory written whole or not at all.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{NOW, assess_stdin, drplan_run, installed, root, scratch};

/// `drplan ops ARCH --emit FORMAT -o DIR --now NOW EXTRA…`, which must succeed.
fn emit(arch: &Path, format: &str, dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec![
        "ops",
        arch.to_str().expect("a UTF-8 path"),
        "--emit",
        format,
        "-o",
        dir.to_str().expect("a UTF-8 path"),
        "--now",
        NOW,
    ];
    args.extend_from_slice(extra);
    let run = drplan_run(&args);
    assert_eq!(run.code, 0, "drplan ops failed:\n{}", run.stderr);
    let text = std::fs::read_to_string(dir.join("manifest.json")).expect("a manifest");
    serde_json::from_str(&text).expect("the manifest is JSON")
}

/// The architectures the checks run on: the webshop, the import fixtures that are
/// architectures, and architectures imported from the raw IaC fixtures (tier critical).
fn architectures(test: &str) -> Vec<PathBuf> {
    let dir = scratch(test);
    let mut out = vec![
        root().join("fixtures/webshop.json"),
        root().join("fixtures/import/cfn-shop-two-regions.json"),
        root().join("fixtures/import/tf-shop-overlay.json"),
    ];
    for (file, region) in [
        ("cfn-shop.yaml", Some("us-east-1")),
        ("tf-state-shop.json", None),
        ("tf-plan-shop.json", None),
        ("tf-state-v0.json", None),
    ] {
        let target = dir.join(format!("{file}.arch.json"));
        let src = root().join("fixtures/import").join(file);
        let mut args = vec![
            "import",
            src.to_str().expect("UTF-8"),
            "--tier",
            "critical",
            "-o",
            target.to_str().expect("UTF-8"),
        ];
        if let Some(r) = region {
            args.extend(["--region", r]);
        }
        let run = drplan_run(&args);
        assert_eq!(run.code, 0, "import {file}:\n{}", run.stderr);
        out.push(target);
    }
    out
}

/// Every file under a directory, by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).expect("a directory") {
            let p = e.expect("an entry").path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .expect("below")
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&p).expect("readable"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn templates(dir: &Path, ext: &str) -> Vec<PathBuf> {
    tree(dir)
        .into_keys()
        .filter(|k| k.ends_with(ext) && k != "manifest.json")
        .map(|k| dir.join(k))
        .collect()
}

/// Runs cfn-lint on every template; none may report anything (errors, warnings or notes).
fn cfn_lint(files: &[PathBuf]) {
    let Some(lint) = installed(
        &["cfn-lint"],
        "pip install cfn-lint==1.58.0 (.ci/run puts it in target/ci-venv)",
    ) else {
        return;
    };
    assert!(!files.is_empty(), "no template to lint");
    let out = std::process::Command::new(lint)
        .args(files)
        .output()
        .expect("cfn-lint runs");
    assert!(
        out.status.success(),
        "cfn-lint found problems:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The emitted CloudFormation of the webshop and of every import fixture passes cfn-lint
/// with nothing reported.
#[test]
fn cloudformation_passes_cfn_lint() {
    let mut files = Vec::new();
    for (i, arch) in architectures("emit_cfn_archs").iter().enumerate() {
        let dir = scratch(&format!("emit_cfn_{i}"));
        let manifest = emit(arch, "cloudformation", &dir, &["--all"]);
        assert!(
            !manifest["artifacts"]
                .as_array()
                .expect("artifacts")
                .is_empty(),
            "{} has recommendations",
            arch.display()
        );
        files.extend(templates(&dir, ".json"));
    }
    cfn_lint(&files);
}

/// The documented arguments, from the vendored list.
struct Documented(Value);

impl Documented {
    fn load() -> Documented {
        let text =
            std::fs::read_to_string(root().join("fixtures/ops/terraform-aws-arguments.json"))
                .expect("the vendored list");
        Documented(serde_json::from_str(&text).expect("JSON"))
    }

    /// Checks a block body against its entry: every attribute an argument, every nested
    /// block a documented block.
    fn check(&self, spec: &Value, body: &hcl::Body, at: &str, seen: &mut BTreeSet<String>) {
        for s in body.iter() {
            match s {
                hcl::Structure::Attribute(a) => {
                    let name = a.key.as_str();
                    let args = spec["arguments"].as_array().expect("arguments");
                    assert!(
                        args.iter().any(|x| x == name),
                        "{at}: `{name}` is not an argument the provider documents"
                    );
                    seen.insert(format!("{at}.{name}"));
                }
                hcl::Structure::Block(b) => {
                    let name = b.identifier.as_str();
                    let inner = &spec["blocks"][name];
                    assert!(
                        inner.is_object(),
                        "{at}: `{name} {{}}` is not a block the provider documents"
                    );
                    self.check(inner, &b.body, &format!("{at}.{name}"), seen);
                }
            }
        }
    }
}

/// The HCL of every template parses; every resource type and every argument and block in it
/// is one the AWS provider documents; the variables it uses are declared.
fn check_terraform(text: &str, file: &Path, documented: &Documented, seen: &mut BTreeSet<String>) {
    let body = hcl::parse(text).unwrap_or_else(|e| panic!("{}: not HCL: {e}", file.display()));
    let mut variables = BTreeSet::new();
    for s in body.iter() {
        let hcl::Structure::Block(b) = s else {
            panic!("{}: a top-level attribute", file.display());
        };
        match b.identifier.as_str() {
            "resource" => {
                let ty = b.labels[0].as_str();
                let spec = &documented.0["resources"][ty];
                assert!(
                    spec.is_object(),
                    "{}: resource type {ty} is not vendored",
                    file.display()
                );
                documented.check(spec, &b.body, ty, seen);
            }
            "variable" => {
                variables.insert(b.labels[0].as_str().to_string());
            }
            "terraform" | "provider" | "locals" => {}
            other => panic!("{}: unexpected block {other}", file.display()),
        }
    }
    // Every `var.NAME` the text uses is declared.
    for (i, _) in text.match_indices("var.") {
        let name: String = text[i + 4..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        assert!(
            variables.contains(&name),
            "{}: var.{name} is not declared",
            file.display()
        );
    }
}

/// The emitted Terraform of the webshop and the import fixtures parses, and names only the
/// resource types, arguments and blocks the AWS provider documents (a vendored list).
#[test]
fn terraform_parses_and_names_documented_arguments() {
    let documented = Documented::load();
    let mut seen = BTreeSet::new();
    for (i, arch) in architectures("emit_tf_archs").iter().enumerate() {
        let dir = scratch(&format!("emit_tf_{i}"));
        emit(arch, "terraform", &dir, &["--all"]);
        let files = templates(&dir, ".tf");
        assert!(!files.is_empty(), "{}: no template", arch.display());
        for f in files {
            let text = std::fs::read_to_string(&f).expect("UTF-8");
            check_terraform(&text, &f, &documented, &mut seen);
        }
    }
    // The check saw the three resource types and their blocks.
    for needed in [
        "aws_cloudwatch_metric_alarm.dimensions",
        "aws_route53_health_check.fqdn",
        "aws_fis_experiment_template.stop_condition.value",
        "aws_fis_experiment_template.target.resource_tag.key",
        "aws_fis_experiment_template.action.parameter.value",
    ] {
        assert!(seen.contains(needed), "no template used {needed}");
    }
}

/// The literal value of a string attribute (escapes resolved).
fn string_attr(body: &hcl::Body, key: &str) -> Option<String> {
    body.attributes()
        .find(|a| a.key.as_str() == key)
        .map(|a| match &a.expr {
            hcl::Expression::String(s) => s.clone(),
            other => panic!("{key} is not a plain string: {other:?}"),
        })
}

const HOSTILE: &str = r#"{
  "name": "hostile ${jndi:ldap://x} %{ if true }\"\n",
  "regions": { "primary": "us-east-1", "secondary": "us-west-2" },
  "policy": { "tier": "critical" },
  "components": [
    { "id": "a-1", "kind": "compute", "name": "${file(\"/etc/passwd\")} %{for x in y}\\ `</script>` *bold* @team #12",
      "depends_on": [ { "id": "x.y", "timeout": "1s" }, { "id": "x-y", "timeout": "1s" } ] },
    { "id": "a1", "kind": "compute", "depends_on": ["x.y"] },
    { "id": "x.y", "kind": "database", "service": "aws:rds:postgres",
      "deployment": { "instances": 2, "zones": 2, "replication": "async" },
      "backup": { "frequency": "1h" } },
    { "id": "x-y", "kind": "database", "service": "aws:aurora:postgresql",
      "deployment": { "instances": 2, "zones": 2, "replication": "async", "region_strategy": "warm-standby" },
      "replication": { "mode": "async" }, "backup": { "frequency": "1h", "cross_region_copy": true } },
    { "id": "LONGID", "kind": "compute" }
  ]
}"#;

/// A hostile architecture: the text of its names as they are, and colliding or long ids.
fn hostile_arch(dir: &Path) -> PathBuf {
    // Over 256 characters, the most a tag value holds.
    let long = format!("{}-end", "very-long-component-id".repeat(14));
    let long2 = format!("{}-other", "very-long-component-id".repeat(14));
    let text = HOSTILE.replace(
        r#"{ "id": "LONGID", "kind": "compute" }"#,
        &format!(
            r#"{{ "id": "{long}", "kind": "compute", "depends_on": ["a1"] }}, {{ "id": "{long2}", "kind": "compute", "depends_on": ["a1"] }}"#
        ),
    );
    let path = dir.join("hostile.json");
    std::fs::write(&path, text).expect("written");
    path
}

/// Ids that sanitise alike (`a-1`/`a1`, `x.y`/`x-y`), long ids and names full of `${`, `%{`,
/// quotes and Markdown: logical ids stay valid and distinct, the text stays text in both
/// formats, and cfn-lint accepts the CloudFormation.
#[test]
fn hostile_names_stay_valid_and_text() {
    let work = scratch("emit_hostile");
    let arch = hostile_arch(&work);
    let cfn_dir = work.join("cfn");
    let manifest = emit(&arch, "cloudformation", &cfn_dir, &["--all"]);
    let mut logical = BTreeSet::new();
    for f in templates(&cfn_dir, ".json") {
        let doc: Value = serde_json::from_slice(&std::fs::read(&f).expect("read")).expect("JSON");
        for section in ["Parameters", "Resources"] {
            for name in doc[section]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k)
            {
                assert!(
                    !name.is_empty()
                        && name.len() <= 255
                        && name.chars().all(|c| c.is_ascii_alphanumeric()),
                    "invalid logical id {name}"
                );
                assert!(
                    logical.insert(format!("{}:{name}", f.display())),
                    "{name} twice"
                );
            }
        }
        for (_, r) in doc["Resources"].as_object().expect("resources") {
            let props = &r["Properties"];
            if let Some(name) = props["AlarmName"].as_str() {
                assert!(name.len() <= 255, "alarm name too long: {name}");
            }
            let values: Vec<&Value> = match &props["Tags"] {
                Value::Array(list) => list.iter().map(|t| &t["Value"]).collect(),
                Value::Object(map) => map.values().collect(),
                _ => Vec::new(),
            };
            for v in values {
                let v = v.as_str().expect("a tag value is a string");
                assert!(v.chars().count() <= 256, "tag value too long: {v}");
            }
        }
    }
    // Every artifact of the manifest has a distinct logical name.
    let names: Vec<&str> = manifest["artifacts"]
        .as_array()
        .expect("artifacts")
        .iter()
        .filter_map(|a| a["logical_name"].as_str())
        .collect();
    let distinct: BTreeSet<&&str> = names.iter().collect();
    assert_eq!(
        distinct.len(),
        names.len(),
        "logical names repeat: {names:?}"
    );
    cfn_lint(&templates(&cfn_dir, ".json"));

    let tf_dir = work.join("tf");
    emit(&arch, "terraform", &tf_dir, &["--all"]);
    let documented = Documented::load();
    let mut found_description = false;
    for f in templates(&tf_dir, ".tf") {
        let text = std::fs::read_to_string(&f).expect("UTF-8");
        check_terraform(&text, &f, &documented, &mut BTreeSet::new());
        let body = hcl::parse(&text).expect("HCL");
        let mut names = BTreeSet::new();
        for b in body
            .blocks()
            .filter(|b| b.identifier.as_str() == "resource")
        {
            let name = b.labels[1].as_str();
            assert!(
                name.starts_with(|c: char| c.is_ascii_lowercase())
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "invalid Terraform name {name}"
            );
            assert!(
                names.insert(format!("{}.{name}", b.labels[0].as_str())),
                "{name} twice"
            );
            // The component's name reaches the description as text: `${` and `%{` are
            // literal, not an interpolation or a directive.
            if let Some(d) = string_attr(&b.body, "alarm_description")
                && d.contains("/etc/passwd")
            {
                assert!(
                    d.contains(r#"${file("/etc/passwd")} %{for x in y}\ `</script>`"#),
                    "{d}"
                );
                found_description = true;
            }
        }
    }
    assert!(
        found_description,
        "the hostile name reached an alarm description"
    );
    // The Markdown keeps it text too.
    let readme = std::fs::read_to_string(tf_dir.join("README.md")).expect("README");
    assert!(!readme.contains("<script>"), "raw HTML in the README");
}

/// The same architecture gives the same files, byte for byte, whether written fresh or over
/// the last run with --force.
#[test]
fn reruns_are_byte_identical() {
    let work = scratch("emit_rerun");
    let webshop = root().join("fixtures/webshop.json");
    for format in ["cloudformation", "terraform"] {
        let (a, b) = (
            work.join(format!("{format}-a")),
            work.join(format!("{format}-b")),
        );
        emit(&webshop, format, &a, &[]);
        emit(&webshop, format, &b, &[]);
        assert_eq!(tree(&a), tree(&b), "{format}: two runs differ");
        emit(&webshop, format, &a, &["--force"]);
        assert_eq!(tree(&a), tree(&b), "{format}: a run over the last differs");
    }
}

/// The assessment's operational lists, as keys: alarms and SOPs not implemented, and every
/// experiment (nothing marks one implemented yet), with each alarm's threshold.
fn recommended(result: &Value) -> (BTreeSet<String>, BTreeMap<String, Option<u64>>) {
    let op = &result["operational"];
    let mut keys = BTreeSet::new();
    let mut thresholds = BTreeMap::new();
    for a in op["alarms"].as_array().expect("alarms") {
        let key = format!(
            "alarm:{}:{}",
            a["kind"].as_str().unwrap(),
            a["component"].as_str().unwrap()
        );
        thresholds.insert(key.clone(), a["threshold_secs"].as_u64());
        if a["implemented"] == false {
            keys.insert(key);
        }
    }
    for s in op["sops"].as_array().expect("sops") {
        if s["implemented"] == false {
            keys.insert(format!(
                "sop:{}:{}",
                s["kind"].as_str().unwrap(),
                s["component"].as_str().unwrap()
            ));
        }
    }
    for e in op["experiments"].as_array().expect("experiments") {
        let mut key = format!(
            "experiment:{}:{}",
            e["kind"].as_str().unwrap(),
            e["component"].as_str().unwrap()
        );
        if let Some(d) = e["dependency"].as_str() {
            key.push(':');
            key.push_str(d);
        }
        keys.insert(key);
    }
    (keys, thresholds)
}

/// Every recommendation that is not implemented has exactly one artifact, and each alarm's
/// threshold is drplan's own: the manifest's `threshold_secs` equals the assessment's, and
/// the template compares against it in the metric's unit (or watches a window that long).
#[test]
fn one_artifact_per_recommendation_at_drplans_thresholds() {
    let text = std::fs::read_to_string(root().join("fixtures/webshop.json")).expect("webshop");
    let work = scratch("emit_thresholds");
    let arch = hostile_arch(&work);
    for (name, path, text) in [
        ("webshop", root().join("fixtures/webshop.json"), text),
        (
            "hostile",
            arch.clone(),
            std::fs::read_to_string(&arch).expect("hostile"),
        ),
    ] {
        let result = assess_stdin(&text, &["--format", "json"]).json();
        let (keys, thresholds) = recommended(&result);
        let dir = work.join(name);
        let manifest = emit(&path, "cloudformation", &dir, &[]);
        let artifacts = manifest["artifacts"].as_array().expect("artifacts");
        let listed: Vec<String> = artifacts
            .iter()
            .map(|a| a["key"].as_str().expect("key").to_string())
            .collect();
        let distinct: BTreeSet<String> = listed.iter().cloned().collect();
        assert_eq!(
            distinct.len(),
            listed.len(),
            "{name}: an item has two artifacts"
        );
        assert_eq!(
            distinct, keys,
            "{name}: artifacts and recommendations differ"
        );

        let mut checked = 0;
        for a in artifacts
            .iter()
            .filter(|a| a["artifact"] == "cloudwatch-alarm")
        {
            let key = a["key"].as_str().unwrap();
            let ours = thresholds[key];
            assert_eq!(a["threshold_secs"].as_u64(), ours, "{key}");
            let Some(t) = ours else { continue };
            let file = dir.join(a["file"].as_str().unwrap());
            let doc: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
            let props = &doc["Resources"][a["logical_name"].as_str().unwrap()]["Properties"];
            let threshold = props["Threshold"].as_u64().unwrap();
            match a["kind"].as_str().unwrap() {
                "replication-lag" => match props["Unit"].as_str().unwrap() {
                    "Milliseconds" => assert_eq!(threshold, t * 1000, "{key}"),
                    "Seconds" => assert_eq!(threshold, t, "{key}"),
                    u => panic!("{key}: unit {u}"),
                },
                "backup-freshness" => {
                    let window = props["Period"].as_u64().unwrap()
                        * props["EvaluationPeriods"].as_u64().unwrap();
                    assert_eq!(window, t.div_ceil(60) * 60, "{key}: the window is the RPO");
                    assert_eq!(threshold, 0, "{key}: any failed job");
                }
                k => panic!("{key}: {k} has no threshold in drplan"),
            }
            checked += 1;
        }
        assert!(checked > 0, "{name}: no threshold checked");
    }
}

/// A replication-lag alarm per engine: the metric, its unit and its region.
#[test]
fn replication_lag_follows_the_engine() {
    let work = scratch("emit_engines");
    let arch = hostile_arch(&work);
    let manifest = emit(&arch, "cloudformation", &work.join("out"), &["--all"]);
    let find = |key: &str| {
        manifest["artifacts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["key"] == key)
            .unwrap_or_else(|| panic!("no {key}"))
            .clone()
    };
    let rds = find("alarm:replication-lag:x.y");
    assert_eq!(rds["metric"]["name"], "ReplicaLag");
    assert_eq!(rds["metric"]["unit"], "Seconds");
    assert_eq!(rds["region"], "us-east-1", "an in-region replica");
    let aurora = find("alarm:replication-lag:x-y");
    assert_eq!(aurora["metric"]["name"], "AuroraGlobalDBReplicationLag");
    assert_eq!(aurora["metric"]["unit"], "Milliseconds");
    assert_eq!(
        aurora["region"], "us-west-2",
        "published in the secondary region"
    );
    let backup = find("alarm:backup-freshness:x.y");
    assert_eq!(backup["metric"]["namespace"], "AWS/Backup");
    assert_eq!(backup["metric"]["name"], "NumberOfBackupJobsFailed");
}

/// `-o` into a directory that has files is exit 2 and leaves it as it was; `--force`
/// replaces it; no temporary directory is left beside it.
#[test]
fn output_directory_is_written_whole() {
    let work = scratch("emit_dir");
    let out = work.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("mine.txt"), "keep me").unwrap();
    let webshop = root().join("fixtures/webshop.json");
    let run = drplan_run(&[
        "ops",
        webshop.to_str().unwrap(),
        "--emit",
        "terraform",
        "-o",
        out.to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(crate::util::entries(&out), ["mine.txt"]);
    emit(&webshop, "terraform", &out, &["--force"]);
    assert!(
        !out.join("mine.txt").exists(),
        "--force replaces the contents"
    );
    assert!(out.join("manifest.json").exists());
    assert_eq!(
        crate::util::entries(&work),
        ["out"],
        "nothing left beside it"
    );
    // An invalid architecture is exit 2, with nothing written.
    let bad = work.join("bad.json");
    std::fs::write(
        &bad,
        r#"{ "name": "bad", "components": [ { "id": "x", "kind": "blob" } ] }"#,
    )
    .unwrap();
    let fresh = work.join("fresh");
    let run = drplan_run(&[
        "ops",
        bad.to_str().unwrap(),
        "--emit",
        "cloudformation",
        "-o",
        fresh.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!fresh.exists(), "nothing is written for invalid input");
    // A file where the directory should be is exit 2 too.
    let file = work.join("file");
    std::fs::write(&file, "x").unwrap();
    let run = drplan_run(&[
        "ops",
        webshop.to_str().unwrap(),
        "--emit",
        "terraform",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

/// An architecture with every item implemented writes an empty manifest and says so; with
/// --all it writes them anyway, marked implemented.
#[test]
fn nothing_to_recommend_is_an_empty_manifest() {
    let work = scratch("emit_nothing");
    let arch = work.join("done.json");
    std::fs::write(
        &arch,
        r#"{ "name": "done", "components": [
             { "id": "api", "kind": "external", "observability": { "alarms": ["health"], "runbook": "wiki/api" } } ] }"#,
    )
    .unwrap();
    let out = work.join("out");
    let run = drplan_run(&[
        "ops",
        arch.to_str().unwrap(),
        "--emit",
        "cloudformation",
        "-o",
        out.to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout().contains("nothing to recommend"),
        "{}",
        run.stdout()
    );
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["artifacts"], serde_json::json!([]));
    assert_eq!(crate::util::entries(&out), ["README.md", "manifest.json"]);
    let all = emit(&arch, "cloudformation", &work.join("all"), &["--all"]);
    let listed = all["artifacts"].as_array().unwrap();
    assert!(!listed.is_empty() && listed.iter().all(|a| a["implemented"] == true));
}

/// A region with more artifacts than one CloudFormation template holds (500 resources, 200
/// parameters) is split into parts, each component's artifacts in one part (so stop
/// conditions stay in their template), and cfn-lint accepts every part.
#[test]
fn large_regions_split_into_templates_cloudformation_accepts() {
    let work = scratch("emit_large");
    let mut components = Vec::new();
    for i in 0..60 {
        components.push(format!(
            r#"{{ "id": "lb-{i}", "kind": "network", "service": "aws:elbv2:application", "deployment": {{ "instances": 2, "zones": 2 }},
                 "depends_on": [ {{ "id": "app-{i}", "timeout": "2s" }} ] }}"#
        ));
        components.push(format!(
            r#"{{ "id": "app-{i}", "kind": "compute", "deployment": {{ "instances": 2, "zones": 2 }},
                 "depends_on": [ {{ "id": "db-{i}", "timeout": "1s" }} ] }}"#
        ));
        components.push(format!(
            r#"{{ "id": "db-{i}", "kind": "database", "service": "aws:rds:mysql",
                 "deployment": {{ "instances": 2, "zones": 2, "replication": "async" }}, "backup": {{ "frequency": "1h" }} }}"#
        ));
    }
    let arch = work.join("large.json");
    std::fs::write(
        &arch,
        format!(
            r#"{{ "name": "large", "regions": {{ "primary": "eu-west-1" }}, "policy": {{ "tier": "critical" }}, "components": [{}] }}"#,
            components.join(",\n")
        ),
    )
    .unwrap();
    let out = work.join("out");
    let manifest = emit(&arch, "cloudformation", &out, &[]);
    let files = templates(&out, ".json");
    assert!(
        files.len() > 1,
        "one region in several templates: {files:?}"
    );
    for f in &files {
        let doc: Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
        let resources = doc["Resources"].as_object().unwrap().len();
        let params = doc["Parameters"].as_object().map_or(0, |p| p.len());
        assert!(
            resources <= 200 && params <= 200,
            "{}: {resources} resources, {params} parameters",
            f.display()
        );
    }
    // Every artifact's file holds its logical name.
    for a in manifest["artifacts"].as_array().unwrap() {
        if let Some(logical) = a["logical_name"].as_str() {
            let doc: Value = serde_json::from_slice(
                &std::fs::read(out.join(a["file"].as_str().unwrap())).unwrap(),
            )
            .unwrap();
            assert!(
                doc["Resources"][logical].is_object(),
                "{logical} is not in {}",
                a["file"]
            );
        }
    }
    cfn_lint(&files);
}

/// Latency on an edge whose caller FIS cannot slow (an API) and whose callee is a Lambda
/// function: the callee's invocations are delayed by the edge's timeout, targeted by the
/// callee's tag; the template passes cfn-lint and the Terraform names documented arguments.
#[test]
fn latency_on_a_lambda_callee_delays_its_invocations() {
    let work = scratch("emit_lambda");
    let arch = work.join("serverless.json");
    std::fs::write(
        &arch,
        r#"{ "name": "serverless", "regions": { "primary": "eu-west-1" }, "policy": { "tier": "critical" },
             "components": [
               { "id": "api", "kind": "compute", "service": "aws:apigateway",
                 "depends_on": [ { "id": "orders-fn", "timeout": "3s" } ] },
               { "id": "orders-fn", "kind": "compute", "service": "aws:lambda" } ] }"#,
    )
    .unwrap();
    let manifest = emit(&arch, "cloudformation", &work.join("cfn"), &[]);
    let entry = manifest["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "experiment:latency-injection:api:orders-fn")
        .expect("the latency experiment")
        .clone();
    assert_eq!(entry["artifact"], "fis-experiment-template");
    assert_eq!(
        entry["actions"],
        serde_json::json!(["aws:lambda:invocation-add-delay"])
    );
    let file = work.join("cfn").join(entry["file"].as_str().unwrap());
    let doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let props = &doc["Resources"][entry["logical_name"].as_str().unwrap()]["Properties"];
    assert_eq!(
        props["Targets"]["Functions"]["ResourceTags"]["drplan:component"],
        "orders-fn"
    );
    assert_eq!(
        props["Actions"]["DelayInvocations"]["Parameters"]["startupDelayMilliseconds"],
        "3000"
    );
    assert_eq!(
        props["Tags"]["drplan:component"], "api",
        "the experiment is the caller's"
    );
    cfn_lint(&[file]);
    let tf = work.join("tf");
    emit(&arch, "terraform", &tf, &[]);
    let documented = Documented::load();
    let mut found = false;
    for f in templates(&tf, ".tf") {
        let text = std::fs::read_to_string(&f).unwrap();
        check_terraform(&text, &f, &documented, &mut BTreeSet::new());
        found |= text.contains("\"aws:lambda:invocation-add-delay\"");
    }
    assert!(found, "the Terraform has the experiment");
}

/// The round trip: emit, add the emitted CloudFormation to the architecture as a source,
/// assess again: every alarm that was emitted as a template now counts, and the experiments
/// whose templates exist are no longer emitted. Nothing is typed by hand.
#[test]
fn emitted_templates_imported_as_a_source_are_credited() {
    let dir = scratch("emitted_templates_imported_as_a_source_are_credited");
    let arch = dir.join("arch.json");
    std::fs::copy(root().join("fixtures/webshop.json"), &arch).expect("copied");
    let before = drplan_run(&[
        "assess",
        arch.to_str().unwrap(),
        "--format",
        "json",
        "--now",
        NOW,
    ])
    .json();
    let manifest = emit(&arch, "cloudformation", &dir.join("ops"), &[]);
    let artifacts = manifest["artifacts"].as_array().expect("artifacts");
    let emitted_alarms = (artifacts.iter())
        .filter(|a| a["artifact"] == "cloudwatch-alarm")
        .map(|a| {
            (
                a["component"].as_str().unwrap(),
                a["kind"].as_str().unwrap(),
            )
        })
        .collect::<BTreeSet<_>>();
    assert!(!emitted_alarms.is_empty(), "the webshop lacks alarms");
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(&arch).unwrap()).expect("JSON");
    let sources: Vec<Value> = (manifest["templates"].as_array().expect("templates").iter())
        .filter_map(|t| t["file"].as_str())
        .filter(|f| f.starts_with("cloudformation/"))
        .map(|f| serde_json::json!({"cloudformation": format!("ops/{f}"), "region": "us-east-1"}))
        .collect();
    assert!(!sources.is_empty(), "{manifest:#}");
    doc["sources"] = Value::Array(sources);
    let with = dir.join("with-ops.json");
    std::fs::write(&with, serde_json::to_string_pretty(&doc).unwrap()).expect("written");
    let after = drplan_run(&[
        "assess",
        with.to_str().unwrap(),
        "--format",
        "json",
        "--now",
        NOW,
    ]);
    assert!(after.code == 0 || after.code == 1, "{}", after.stderr);
    let after = after.json();
    let implemented = |r: &Value| r["score"]["alarms"]["implemented"].as_u64().unwrap();
    let recommended = after["score"]["alarms"]["recommended"].as_u64().unwrap();
    let already = implemented(&before);
    assert_eq!(
        implemented(&after),
        already + emitted_alarms.len() as u64,
        "every emitted alarm counts once deployed"
    );
    assert!(implemented(&after) <= recommended);
    // Each credited component says why, naming the template's resource.
    let resolved = drplan_run(&["resolve", with.to_str().unwrap()]).json();
    for (component, kind) in &emitted_alarms {
        let c = (resolved["components"].as_array().unwrap().iter())
            .find(|c| c["id"] == *component)
            .expect("the component");
        let alarms = c["observability"]["alarms"].as_array().expect("alarms");
        assert!(alarms.iter().any(|a| a == kind), "{component}: {alarms:?}");
        assert!(
            c["x-why"]["observability.alarms"]
                .as_str()
                .is_some_and(|w| w.contains("CloudWatch alarm") || w.contains("health check")),
            "{component}: {:#}",
            c["x-why"]
        );
    }
    // Experiments whose templates exist are not emitted again.
    let again = emit(&with, "cloudformation", &dir.join("ops-again"), &[]);
    let templates = |m: &Value| {
        (m["artifacts"].as_array().unwrap().iter())
            .filter(|a| a["artifact"] == "fis-experiment-template")
            .count()
    };
    assert!(templates(&manifest) > 0);
    assert_eq!(templates(&again), 0, "{again:#}");
}

/// A hand-written alarm and experiment template are credited to what they watch and target:
/// by the alarm's dimension (a reference) and by the experiment's target tags.
#[test]
fn hand_written_alarms_and_experiments_are_credited() {
    let run = drplan_run(&[
        "import",
        "fixtures/import/watched.yaml",
        "--region",
        "us-east-1",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let arch = run.json();
    let db = (arch["components"].as_array().unwrap().iter())
        .find(|c| c["id"] == "orders-db")
        .expect("the database");
    assert_eq!(
        db["observability"]["alarms"],
        serde_json::json!(["replication-lag"])
    );
    assert_eq!(
        db["observability"]["experiments"],
        serde_json::json!(["instance-loss"])
    );
    assert!(
        db["x-why"]["observability.experiments"]
            .as_str()
            .is_some_and(|w| w.contains("aws:rds:reboot-db-instances")),
        "{:#}",
        db["x-why"]
    );
}
