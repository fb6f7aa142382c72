//! `drplan import` and `drplan resolve`, and architectures with `sources`, against the
//! fixtures under fixtures/import/ (each pinned as a snapshot of what it imports to, read by
//! hand once).

use serde_json::Value;

use crate::util::{NOW, drplan, drplan_run, root, run, scratch};

/// `drplan import FILE EXTRA…`: the architecture it prints.
fn import(file: &str, extra: &[&str]) -> Value {
    let path = format!("fixtures/import/{file}");
    let mut args = vec!["import", path.as_str()];
    args.extend_from_slice(extra);
    let run = drplan_run(&args);
    assert_eq!(run.code, 0, "drplan import {file} failed:\n{}", run.stderr);
    run.json()
}

pub(crate) fn component<'a>(arch: &'a Value, id: &str) -> &'a Value {
    let ids: Vec<&str> = ids(arch);
    arch["components"]
        .as_array()
        .expect("components")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no component {id} among {ids:?}"))
}

pub(crate) fn ids(arch: &Value) -> Vec<&str> {
    (arch["components"].as_array().expect("components").iter())
        .map(|c| c["id"].as_str().expect("an id"))
        .collect()
}

/// Every edge as `from → to (mode)`, sorted.
pub(crate) fn edges(arch: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for c in arch["components"].as_array().expect("components") {
        for e in c["depends_on"].as_array().into_iter().flatten() {
            let (to, mode) = match e {
                Value::String(to) => (to.as_str(), "sync"),
                other => (
                    other["id"].as_str().expect("an edge id"),
                    other["mode"].as_str().unwrap_or("sync"),
                ),
            };
            out.push(format!(
                "{} → {to} ({mode})",
                c["id"].as_str().expect("an id")
            ));
        }
    }
    out.sort();
    out
}

/// What a component is, without where it was read from and why: what a plan and a state of
/// the same infrastructure must agree on.
fn facts(arch: &Value) -> Value {
    let mut arch = arch.clone();
    arch.as_object_mut()
        .expect("an architecture")
        .remove("name");
    for c in arch["components"].as_array_mut().expect("components") {
        let c = c.as_object_mut().expect("a component");
        c.remove("imported_from");
        c.remove("x-why");
        // A state gives a resource's ARN where a plan only knows its name.
        c.remove("resources");
    }
    arch
}

#[test]
fn a_terraform_plan_becomes_its_components_with_their_facts() {
    let arch = import("tf-plan-shop.json", &[]);
    assert_eq!(arch["regions"]["primary"], "us-east-1");
    assert_eq!(arch["regions"]["secondary"], "us-west-2");
    let mut found = ids(&arch);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            "autoscaling-group.web",
            "db-instance.orders",
            "elasticache-replication-group.sessions",
            "lb.web",
            "nat-gateway.main",
            "route53-record.www_primary",
            "s3-bucket.assets",
            "sqs-queue.orders",
            "workers.emails.lambda-function.this",
            "workers.invoices.lambda-function.this",
        ]
    );
    let db = component(&arch, "db-instance.orders");
    assert_eq!(db["kind"], "database");
    assert_eq!(db["deployment"]["instances"], 2);
    assert_eq!(db["deployment"]["zones"], 2);
    assert_eq!(db["deployment"]["region_strategy"], "warm-standby");
    assert_eq!(db["deletion_protection"], true);
    assert_eq!(db["data_gb"].as_f64(), Some(200.0));
    assert_eq!(db["replication"]["mode"], "async");
    let backup = &db["backup"];
    assert_eq!(backup["frequency"], "1d");
    assert_eq!(backup["retention"], "35d");
    assert_eq!(backup["pitr"], true);
    assert_eq!(backup["cross_region_copy"], true);
    assert_eq!(backup["immutable"], true);
    assert!(
        db["x-why"]["backup.immutable"]
            .as_str()
            .is_some_and(|w| w.contains("aws_backup_vault_lock_configuration.west")),
        "{}",
        db["x-why"]
    );
    // The cross-region read replica folds into its source, with its region.
    let from: Vec<(&str, &str)> = (db["imported_from"]
        .as_array()
        .expect("imported_from")
        .iter())
    .map(|o| {
        (
            o["address"].as_str().unwrap(),
            o["region"].as_str().unwrap(),
        )
    })
    .collect();
    assert_eq!(
        from,
        [
            ("aws_db_instance.orders", "us-east-1"),
            ("aws_db_instance.orders_replica", "us-west-2")
        ]
    );
    let asg = component(&arch, "autoscaling-group.web");
    assert_eq!(asg["deployment"]["instances"], 4);
    assert_eq!(asg["deployment"]["zones"], 2);
    assert_eq!(asg["deployment"]["region_strategy"], "pilot-light");
    let lb = component(&arch, "lb.web");
    assert_eq!(lb["deployment"]["region_strategy"], "warm-standby");
    assert_eq!(lb["deletion_protection"], true);
    assert_eq!(lb["depends_on"][0]["timeout"], "1m");
    let nat = component(&arch, "nat-gateway.main");
    assert_eq!(nat["scope"], "zonal");
    assert_eq!(nat["deployment"]["instances"], 1);
    let cache = component(&arch, "elasticache-replication-group.sessions");
    assert_eq!(cache["deployment"]["replication"], "async");
    assert_eq!(cache["deployment"]["managed_failover"], true);
    assert!(
        cache
            .get("backup")
            .is_none_or(|b| b.get("frequency").is_none())
    );
    let assets = component(&arch, "s3-bucket.assets");
    assert_eq!(assets["backup"]["versioning"], true);
    assert_eq!(assets["replication"]["lag"], "15m");
    let lambda = component(&arch, "workers.emails.lambda-function.this");
    assert_eq!(lambda["deployment"]["zones"], 3);
    assert_eq!(
        edges(&arch),
        [
            "autoscaling-group.web → db-instance.orders (sync)",
            "autoscaling-group.web → elasticache-replication-group.sessions (sync)",
            "autoscaling-group.web → nat-gateway.main (sync)",
            "autoscaling-group.web → sqs-queue.orders (async)",
            "lb.web → autoscaling-group.web (sync)",
            "route53-record.www_primary → lb.web (sync)",
            "workers.emails.lambda-function.this → s3-bucket.assets (sync)",
            "workers.emails.lambda-function.this → sqs-queue.orders (async)",
            "workers.invoices.lambda-function.this → s3-bucket.assets (sync)",
            "workers.invoices.lambda-function.this → sqs-queue.orders (async)",
        ]
    );
}

#[test]
fn a_plan_and_a_state_of_the_same_infrastructure_import_alike() {
    let plan = import("tf-plan-shop.json", &[]);
    let state = import("tf-state-shop.json", &[]);
    assert_eq!(facts(&plan), facts(&state));
}

#[test]
fn a_format_0_state_imports() {
    let arch = import("tf-state-v0.json", &[]);
    let table = component(&arch, "dynamodb-table.carts");
    assert_eq!(table["replication"]["mode"], "async");
    assert_eq!(table["deployment"]["region_strategy"], "active-active");
    assert_eq!(table["backup"]["pitr"], true);
    assert_eq!(arch["regions"]["secondary"], "us-west-2");
}

#[test]
fn a_template_imports_alike_from_yaml_and_json() {
    let yaml = import("cfn-shop.yaml", &["--region", "us-east-1"]);
    let json = import("cfn-shop.json", &["--region", "us-east-1"]);
    assert_eq!(facts(&yaml), facts(&json));
    let db = component(&yaml, "orders-db");
    assert_eq!(db["deletion_protection"], true);
    assert_eq!(db["data_gb"].as_f64(), Some(100.0));
    assert_eq!(db["backup"]["retention"], "14d");
    assert_eq!(db["backup"]["pitr"], true);
    let table = component(&yaml, "carts-table");
    assert_eq!(table["backup"]["frequency"], "12h");
    assert_eq!(table["backup"]["cross_region_copy"], true);
    assert_eq!(table["backup"]["immutable"], true);
    assert_eq!(table["deployment"]["region_strategy"], "backup-restore");
    assert_eq!(
        component(&yaml, "assets-bucket")["backup"]["immutable"],
        true
    );
    assert_eq!(
        component(&yaml, "web-load-balancer")["deletion_protection"],
        true
    );
    let asg = component(&yaml, "web-asg");
    assert_eq!(asg["deployment"]["instances"], 3);
    assert_eq!(asg["deployment"]["zones"], 2);
    assert_eq!(
        component(&yaml, "acme-payments-api-url")["kind"],
        "external"
    );
    assert_eq!(
        edges(&yaml),
        [
            "orders-worker → acme-payments-api-url (sync)",
            "orders-worker → carts-table (sync)",
            "orders-worker → orders-queue (async)",
            "web-asg → orders-db (sync)",
            "web-asg → orders-queue (async)",
            "web-asg → sessions (sync)",
            "web-load-balancer → web-asg (sync)",
        ]
    );
    // Each component names where it starts in the file it came from.
    let from = &db["imported_from"][0];
    assert_eq!(from["file"], "fixtures/import/cfn-shop.yaml");
    assert_eq!(from["address"], "OrdersDb");
    assert_eq!(from["line"], 119);
}

#[test]
fn two_stacks_of_one_template_are_one_component_in_two_regions() {
    let run = drplan_run(&["resolve", "fixtures/import/cfn-shop-two-regions.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let arch = run.json();
    let asg = component(&arch, "web-asg");
    assert_eq!(asg["deployment"]["region_strategy"], "pilot-light");
    let regions: Vec<&str> = (asg["imported_from"]
        .as_array()
        .expect("imported_from")
        .iter())
    .map(|o| o["region"].as_str().unwrap())
    .collect();
    assert!(regions.contains(&"us-east-1") && regions.contains(&"us-west-2"));
    // The overlay: declared fields win, imported ones stay.
    let db = component(&arch, "orders-db");
    assert_eq!(db["data_gb"].as_f64(), Some(400.0));
    assert_eq!(
        db["observability"]["runbook"],
        "wiki/acme-shop/restore-orders-db"
    );
    assert_eq!(db["deletion_protection"], true);
    assert_eq!(ids(&arch).len(), 9, "{:?}", ids(&arch));
}

#[test]
fn declared_components_override_add_and_extend_the_imported_ones() {
    let run = drplan_run(&["resolve", "fixtures/import/tf-shop-overlay.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let arch = run.json();
    let db = component(&arch, "db-instance.orders");
    assert_eq!(db["data_gb"].as_f64(), Some(180.0));
    assert_eq!(db["deployment"]["instances"], 2, "imported fields stay");
    assert_eq!(component(&arch, "payments")["kind"], "external");
    let asg_edges: Vec<String> = edges(&arch)
        .into_iter()
        .filter(|e| e.starts_with("autoscaling-group.web "))
        .collect();
    assert_eq!(
        asg_edges.len(),
        5,
        "the imported four and the declared one: {asg_edges:?}"
    );
    // The same file assesses, and the result says where each component came from.
    let run = drplan_run(&[
        "assess",
        "fixtures/import/tf-shop-overlay.json",
        "--format",
        "json",
        "--now",
        crate::util::NOW,
    ]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let result = run.json();
    let db = crate::util::component(&result, "db-instance.orders");
    assert_eq!(db["imported_from"][0]["address"], "aws_db_instance.orders");
    assert!(
        crate::util::component(&result, "payments")
            .get("imported_from")
            .is_none()
    );
}

#[test]
fn imports_are_the_same_byte_for_byte() {
    for (file, extra) in [
        ("tf-plan-shop.json", &[][..]),
        ("cfn-shop.yaml", &["--region", "us-east-1"][..]),
    ] {
        let path = format!("fixtures/import/{file}");
        let mut args = vec!["import", path.as_str()];
        args.extend_from_slice(extra);
        let first = drplan_run(&args);
        let second = drplan_run(&args);
        assert_eq!(first.code, 0, "{}", first.stderr);
        assert_eq!(first.stdout, second.stdout, "{file}");
        assert_eq!(first.stderr, second.stderr, "{file}");
    }
}

/// The secrets the fixtures hold; none may reach any output.
const SECRETS: &[&str] = &[
    "plan-secret-do-not-print",
    "state-secret-do-not-print",
    "FAKESECRETdoNotPrint1234",
    "FAKEenvSecret987",
    "AKIA",
];

#[test]
fn secrets_never_reach_an_output() {
    let dir = scratch("import-secrets");
    for file in ["tf-plan-shop.json", "tf-state-shop.json"] {
        let out = dir.join(format!("{file}.arch.json"));
        let path = format!("fixtures/import/{file}");
        let run = drplan_run(&["import", &path, "-o", out.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let written = std::fs::read_to_string(&out).expect("written");
        for s in SECRETS {
            assert!(
                !written.contains(s) && !run.stderr.contains(s),
                "{s} in {file}"
            );
        }
        let report = dir.join(format!("{file}.html"));
        let run = drplan_run(&[
            "assess",
            out.to_str().unwrap(),
            "-o",
            report.to_str().unwrap(),
            "--now",
            crate::util::NOW,
        ]);
        assert!(run.code <= 1, "{}", run.stderr);
        let html = std::fs::read_to_string(&report).expect("a report");
        assert!(SECRETS.iter().all(|s| !html.contains(s)));
    }
}

#[test]
fn bad_sources_exit_2_name_the_place_write_nothing_and_quote_nothing() {
    let dir = scratch("import-bad");
    let cases: &[(&str, &str)] = &[
        ("not-iac.json", "neither `terraform show -json` output"),
        ("broken.yaml", "broken.yaml:8:27: "),
        ("bad-ref.yaml", "bad-ref.yaml:18:"),
        ("credentials.ini", "neither JSON nor YAML"),
        ("env-dump.yaml", "neither `terraform show -json` output"),
        ("tf-unsupported.json", "format_version 2.0 is not supported"),
    ];
    for (file, expected) in cases {
        let out = dir.join("out.json");
        let path = format!("fixtures/import/{file}");
        let run = drplan_run(&["import", &path, "-o", out.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{file}: {}", run.stderr);
        assert!(
            run.stdout.is_empty() && !out.exists(),
            "{file}: something was written"
        );
        for s in SECRETS {
            assert!(!run.stderr.contains(s), "{file}: the error quotes {s}");
        }
        // No word of the file's own content reaches the message, beyond identifiers.
        let text = std::fs::read_to_string(root().join(&path)).unwrap();
        for word in text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() >= 12)
        {
            assert!(
                !run.stderr.contains(word),
                "{file}: the error quotes {word:?}"
            );
        }
    }
}

#[test]
fn a_source_that_cannot_be_read_names_the_architecture_and_the_entry() {
    let dir = scratch("import-missing");
    let arch = dir.join("arch.json");
    std::fs::write(
        &arch,
        "{\n  \"name\": \"x\",\n  \"sources\": [\n    { \"terraform\": \"nowhere/plan.json\" }\n  ]\n}\n",
    )
    .unwrap();
    let run = drplan_run(&["assess", arch.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("arch.json"), "{}", run.stderr);
    assert!(
        run.stderr.contains("sources[0].terraform (line 4"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("cannot read nowhere/plan.json"),
        "{}",
        run.stderr
    );
    // A template named as Terraform is refused, with the right key to write.
    std::fs::copy(
        root().join("fixtures/import/cfn-shop.yaml"),
        dir.join("t.yaml"),
    )
    .unwrap();
    std::fs::write(
        &arch,
        r#"{"name": "x", "sources": [{"terraform": "t.yaml"}]}"#,
    )
    .unwrap();
    let run = drplan_run(&["assess", arch.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("is a CloudFormation template, not `terraform show -json` output"),
        "{}",
        run.stderr
    );
}

#[test]
fn parameters_choose_what_the_template_makes() {
    // In the standby region the template runs no web servers.
    let arch = import(
        "cfn-shop.yaml",
        &["--region", "us-west-2", "--parameter", "IsPrimary=no"],
    );
    let asg = component(&arch, "web-asg");
    assert!(asg["deployment"].get("instances").is_none_or(|n| n == 1));
    let run = drplan_run(&[
        "import",
        "fixtures/import/cfn-shop.yaml",
        "--parameter",
        "novalue",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("KEY=VALUE"), "{}", run.stderr);
    let run = drplan_run(&[
        "import",
        "fixtures/import/tf-plan-shop.json",
        "--parameter",
        "A=b",
    ]);
    assert_eq!(run.code, 2);
}

#[test]
fn a_state_of_thousands_of_resources_in_nested_modules_imports_every_copy() {
    let dir = scratch("import-scale");
    let state = dir.join("state.json");
    std::fs::write(&state, crate::tfstate::terraform_state(5_800)).unwrap();
    let run = drplan_run(&["import", state.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let arch = run.json();
    // 100 copies (58 resources each) of the shop's ten components, each with its own id.
    assert_eq!(ids(&arch).len(), 1_000, "{}", run.stderr);
    let db = component(&arch, "region.r0.shop.s7.db-instance.orders");
    assert_eq!(db["deployment"]["instances"], 2);
    assert_eq!(db["replication"]["mode"], "async");
    assert_eq!(edges(&arch).len(), 10 * 100);
}

/// What `drplan ARGS…` prints: its exit code, its standard error (the summary, or the error)
/// and its standard output (the architecture), as one text to pin.
pub(crate) fn printed(args: &[&str]) -> String {
    let run = drplan_run(args);
    format!(
        "exit {}\n--- stderr\n{}--- stdout\n{}",
        run.code,
        run.stderr,
        run.stdout()
    )
}

/// Every import fixture's result, pinned: the architecture each source becomes (components,
/// facts, edges, `imported_from`, every `x-why`), the summary, and the errors of the files
/// that are not infrastructure as code. These are the fixtures' expectations, read by hand
/// once and reviewed as snapshot diffs since (`cargo insta review`).
macro_rules! pinned_imports {
    ($($name:ident: $($arg:literal)+;)+) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(printed(&[$($arg),+]));
        }
    )+};
}

pinned_imports! {
    import_tf_plan_shop: "import" "fixtures/import/tf-plan-shop.json";
    import_tf_state_shop: "import" "fixtures/import/tf-state-shop.json";
    import_tf_state_v0: "import" "fixtures/import/tf-state-v0.json";
    import_cfn_shop_yaml: "import" "fixtures/import/cfn-shop.yaml";
    import_cfn_shop_yaml_in_a_region: "import" "fixtures/import/cfn-shop.yaml" "--region" "us-east-1";
    import_cfn_shop_json: "import" "fixtures/import/cfn-shop.json";
    resolve_cfn_shop_two_regions: "resolve" "fixtures/import/cfn-shop-two-regions.json";
    resolve_tf_shop_overlay: "resolve" "fixtures/import/tf-shop-overlay.json";
    import_tf_unsupported: "import" "fixtures/import/tf-unsupported.json";
    import_not_iac: "import" "fixtures/import/not-iac.json";
    import_broken_yaml: "import" "fixtures/import/broken.yaml";
    import_bad_ref: "import" "fixtures/import/bad-ref.yaml";
    import_credentials: "import" "fixtures/import/credentials.ini";
    import_env_dump: "import" "fixtures/import/env-dump.yaml";
    resolve_aurora_global: "resolve" "fixtures/import/aurora-global.json";
    import_api_serverless: "import" "fixtures/import/api-serverless.yaml" "--region" "us-east-1";
    resolve_global_app: "resolve" "fixtures/import/global-app.json";
    resolve_tf_global: "resolve" "fixtures/import/tf-global.json";
    import_ebs_snapshots: "import" "fixtures/import/ebs-snapshots.yaml" "--region" "us-east-1";
    import_tf_ebs_snapshots: "import" "fixtures/import/tf-ebs-snapshots-plan.json" "--now" "2026-11-26";
    import_deletion_policies: "import" "fixtures/import/deletion-policies.yaml" "--region" "us-east-1";
    import_tf_deletion: "import" "fixtures/import/tf-deletion-plan.json";
    import_bucket_versions: "import" "fixtures/import/bucket-versions.yaml" "--region" "us-east-1";
    import_tf_bucket_versions: "import" "fixtures/import/tf-bucket-versions-plan.json";
    import_web_entry_points: "import" "fixtures/import/web-entry-points.yaml" "--region" "us-east-1";
}

/// The schema `drplan schema` prints, and an independent validator (check-jsonschema) to
/// hold what drplan writes against it.
pub(crate) struct Schema {
    checker: std::path::PathBuf,
    schema: std::path::PathBuf,
    dir: std::path::PathBuf,
}

impl Schema {
    /// `None` outside CI when check-jsonschema is not installed (CI installs it).
    pub(crate) fn new(name: &str) -> Option<Schema> {
        let checker =
            crate::util::installed(&["check-jsonschema"], "pip install check-jsonschema")?;
        let dir = scratch(name);
        let schema = dir.join("drplan.schema.json");
        std::fs::write(&schema, drplan_run(&["schema"]).stdout).expect("the schema is written");
        Some(Schema {
            checker,
            schema,
            dir,
        })
    }

    /// Whether the validator takes the file, with what it said.
    fn validate(&self, path: &std::path::Path) -> (bool, String) {
        let out = std::process::Command::new(&self.checker)
            .arg("--schemafile")
            .arg(&self.schema)
            .arg(path)
            .output()
            .expect("check-jsonschema runs");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), said)
    }

    /// What `drplan ARGS` prints (exit 0), valid for the schema; as JSON.
    pub(crate) fn holds(&self, name: &str, args: &[&str]) -> Value {
        let run = drplan_run(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        let path = self.dir.join(name);
        std::fs::write(&path, &run.stdout).expect("written");
        let (valid, said) = self.validate(&path);
        assert!(valid, "{args:?}: {said}");
        run.json()
    }
}

/// An imported architecture is valid for the schema `drplan schema` prints, `x-why` included:
/// every key of every note names a field the format has.
#[test]
fn imported_architectures_are_valid_for_the_schema_their_notes_included() {
    let Some(schema) = Schema::new("imported_architectures_are_valid_for_the_schema") else {
        return;
    };
    for (name, args) in [
        ("plan.json", ["import", "fixtures/import/tf-plan-shop.json"]),
        (
            "state.json",
            ["import", "fixtures/import/tf-state-shop.json"],
        ),
        ("cfn.json", ["import", "fixtures/import/cfn-shop.yaml"]),
        (
            "two.json",
            ["resolve", "fixtures/import/cfn-shop-two-regions.json"],
        ),
    ] {
        let arch = schema.holds(name, &args);
        let notes = arch["components"]
            .as_array()
            .expect("components")
            .iter()
            .filter(|c| c.get("x-why").is_some())
            .count();
        assert!(notes > 0, "{args:?} writes notes");
    }
    // A note on a field the format does not have is refused.
    let mut bad = drplan_run(&["import", "fixtures/import/tf-state-v0.json"]).json();
    bad["components"][0]["x-why"]["backup.backtrack"] = "not a field".into();
    let bad_path = schema.dir.join("bad.json");
    std::fs::write(&bad_path, bad.to_string()).expect("written");
    assert!(
        !schema.validate(&bad_path).0,
        "a note on a field that does not exist is refused by the schema"
    );
}

/// A lean state (a few attributes a resource, nearly all components) imports one component per
/// resource, and a function's environment that names a queue by its URL is an edge to it.
#[test]
fn a_lean_state_imports_a_component_per_resource_and_finds_references_by_value() {
    let dir = scratch("a_lean_state_imports_a_component_per_resource");
    let path = dir.join("lean.json");
    std::fs::write(&path, crate::tfstate::lean_terraform_state(1000)).expect("written");
    let run = drplan_run(&["import", path.to_str().expect("a UTF-8 path")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let arch = run.json();
    assert_eq!(ids(&arch).len(), 1000);
    let to_queues = edges(&arch)
        .iter()
        .filter(|e| {
            e.contains("lambda-function") && e.contains("→ team.") && e.contains(".sqs-queue.")
        })
        .count();
    assert_eq!(
        to_queues, 200,
        "every function reads the queue its environment names"
    );
}

/// The barest state (queues with no attribute at all) imports a component per resource, and
/// what is streamed to standard output is byte for byte what is streamed into `-o`'s file.
#[test]
fn a_bare_state_imports_the_same_to_standard_output_and_to_a_file() {
    let dir = scratch("a_bare_state_imports_the_same");
    let path = dir.join("bare.json");
    std::fs::write(&path, crate::tfstate::bare_terraform_state(1000)).expect("written");
    let state = path.to_str().expect("a UTF-8 path");
    let printed = drplan_run(&["import", state]);
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    let arch = printed.json();
    let ids = ids(&arch);
    assert_eq!(ids.len(), 1000);
    assert_eq!(ids[0], "sqs-queue.q0");
    assert_eq!(ids[999], "sqs-queue.q999");
    let out = dir.join("arch.json");
    let written = drplan_run(&["import", state, "-o", out.to_str().expect("a UTF-8 path")]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert_eq!(
        std::fs::read(&out).expect("written"),
        printed.stdout,
        "the file and standard output differ"
    );
}

/// A plan writes its configuration after its resources: each resource's region is its
/// provider's all the same, and what the plan's changes repeat is not read twice.
#[test]
fn a_plan_whose_configuration_comes_last_gives_its_resources_their_provider_region() {
    let dir = scratch("a_plan_whose_configuration_comes_last");
    let path = dir.join("plan.json");
    let text = crate::tfstate::bare_terraform_plan(500);
    let (resources, configuration) = (
        text.find("\"planned_values\"").expect("planned values"),
        text.find("\"configuration\"").expect("a configuration"),
    );
    assert!(resources < configuration);
    std::fs::write(&path, text).expect("written");
    let run = drplan_run(&["import", path.to_str().expect("a UTF-8 path")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let arch = run.json();
    let ids = ids(&arch);
    assert_eq!(ids.len(), 500);
    assert_eq!((ids[0], ids[499]), ("sqs-queue.q.0", "sqs-queue.q.499"));
    assert_eq!(arch["regions"]["primary"], "us-east-1");
    for c in arch["components"].as_array().expect("components") {
        let origin = &c["imported_from"][0];
        assert_eq!(origin["region"], "us-east-1", "{c}");
    }
}

/// An Aurora Global Database declared from both sides (the secondary names the global cluster
/// by a literal identifier) is one database, replicated to the secondary region, and a region
/// loss is recovered by its failover.
#[test]
fn a_global_database_declared_from_both_sides_is_one_replicated_database() {
    let run = drplan_run(&["resolve", "fixtures/import/aurora-global.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let arch = run.json();
    assert_eq!(ids(&arch), ["orders-cluster-primary"]);
    let db = component(&arch, "orders-cluster-primary");
    assert_eq!(db["replication"]["mode"], "async");
    assert_ne!(db["deployment"]["region_strategy"], "none");
    let from: Vec<&str> = (db["imported_from"].as_array().expect("origins").iter())
        .map(|o| o["address"].as_str().expect("an address"))
        .collect();
    assert!(
        from.contains(&"GlobalCluster") && from.contains(&"OrdersClusterSecondary"),
        "{from:?}"
    );
    let assessed = drplan_run(&[
        "assess",
        "fixtures/import/aurora-global.json",
        "--format",
        "json",
        "--now",
        crate::util::NOW,
    ]);
    let result = assessed.json();
    let region = &result["disruptions"]["region"];
    assert_eq!(region["status"], "met", "{region}");
}

/// Global datastores and tables declared from both sides (issue 19): a Redis global datastore
/// whose secondary joins by the datastore's literal id or by reference, a DynamoDB global table
/// declared in both stacks, a replica another configuration manages by the table's ARN, a
/// legacy global table joining two regional tables: each is one component replicated
/// asynchronously across regions, and the planner changes none of them.
#[test]
fn global_datastores_and_tables_declared_from_both_sides_are_one_component_each() {
    for (file, expected) in [
        ("global-app.json", &["sessions-primary", "carts-table"][..]),
        (
            "tf-global.json",
            &[
                "elasticache-replication-group.sessions",
                "dynamodb-table.orders",
                "dynamodb-table.legacy_east",
            ][..],
        ),
    ] {
        let path = format!("fixtures/import/{file}");
        let run = drplan_run(&["resolve", &path]);
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
        let arch = run.json();
        let stores: Vec<&str> = (arch["components"].as_array().expect("components").iter())
            .filter(|c| ["cache", "database"].contains(&c["kind"].as_str().unwrap_or("")))
            .map(|c| c["id"].as_str().expect("an id"))
            .collect();
        assert_eq!(stores, expected, "{file}: one component each");
        for id in expected {
            let c = component(&arch, id);
            assert_eq!(c["replication"]["mode"], "async", "{file} {id}");
            assert_ne!(c["deployment"]["region_strategy"], "none", "{file} {id}");
            let regions: Vec<&str> = (c["imported_from"].as_array().expect("origins").iter())
                .filter_map(|o| o["region"].as_str())
                .collect();
            assert!(
                regions.contains(&"us-east-1") && regions.contains(&"us-west-2"),
                "{file} {id}: {regions:?}"
            );
        }
        let assessed = drplan_run(&[
            "assess",
            &path,
            "--format",
            "json",
            "--now",
            crate::util::NOW,
        ]);
        let result = assessed.json();
        let changed: Vec<&str> = (result["plan"]["changed_components"].as_array())
            .into_iter()
            .flatten()
            .filter_map(|c| c["id"].as_str().or(c.as_str()))
            .collect();
        for id in expected {
            assert!(
                !changed.contains(id),
                "{file}: the plan changes {id}: {changed:?}"
            );
        }
    }
}

/// EBS backups outside AWS Backup (issue 19): a Data Lifecycle Manager policy gives the
/// volumes that carry its tags (or the volumes attached to the instances that do) its
/// schedule, retention and cross-region copy; a disabled one gives nothing and says so; a
/// volume whose only recovery point is a snapshot resource is a one-off point, not "no
/// backups".
#[test]
fn lifecycle_policies_and_snapshots_are_the_volumes_backups() {
    let arch = import("tf-ebs-snapshots-plan.json", &["--now", crate::util::NOW]);
    let data = &component(&arch, "ebs-volume.data")["backup"];
    // Weekdays at 02:00: the worst gap is the weekend; the 14 newest span at least 14 days.
    assert_eq!(data["frequency"], "3d", "{data}");
    assert_eq!(data["retention"], "14d", "{data}");
    assert_eq!(data["cross_region_copy"], true, "{data}");
    // The instance's weekly policy takes its scratch volume with it.
    let scratch = &component(&arch, "ebs-volume.scratch")["backup"];
    assert_eq!(scratch["frequency"], "7d", "{scratch}");
    assert_eq!(scratch["retention"], "56d", "{scratch}");
    let archive = component(&arch, "ebs-volume.archive");
    assert_eq!(archive["backup"], serde_json::json!({ "one_off": true }));
    let why = archive["x-why"]["backup.one_off"].as_str().expect("a note");
    assert!(
        why.contains("aws_ebs_snapshot.archive_seed") && why.contains("drplan verify"),
        "{why}"
    );
    let cfn = import("ebs-snapshots.yaml", &["--region", "us-east-1"]);
    let data = &component(&cfn, "db-data")["backup"];
    assert_eq!(data["frequency"], "4h", "{data}");
    assert_eq!(data["retention"], "7d", "{data}");
    let logs = component(&cfn, "db-logs");
    assert!(logs.get("backup").is_none(), "{logs}");
    assert!(
        logs["x-why"]["backup"]
            .as_str()
            .is_some_and(|w| w.contains("DISABLED")),
        "{logs}"
    );
}

/// `drplan import FILE --region us-east-1 --tier critical`, and the JSON result of assessing
/// what it wrote.
fn imported_and_assessed(file: &str) -> (Value, Value) {
    let arch = import(file, &["--region", "us-east-1", "--tier", "critical"]);
    let dir = scratch(&format!("assessed-{file}"));
    let path = dir.join("arch.json");
    std::fs::write(&path, arch.to_string()).expect("the architecture is written");
    let run = drplan_run(&[
        "assess",
        path.to_str().expect("a path"),
        "--format",
        "json",
        "--now",
        crate::util::NOW,
    ]);
    assert!(run.code == 0 || run.code == 1, "{file}: {}", run.stderr);
    (arch, run.json())
}

/// What deletion leaves (issue 19): CloudFormation's policies (the documented defaults where a
/// template sets none: a final snapshot for an RDS instance's stack deletion, deletion for a
/// replacement) and Terraform's final snapshots are in the facts with their reasons, and DR108
/// is low for a store whose data survives both, medium otherwise, in words that say which.
#[test]
fn deletion_policies_and_final_snapshots_weigh_dr108() {
    for (file, expected) in [
        (
            "deletion-policies.yaml",
            &[
                ("orders-db", "snapshot", "delete", "medium"),
                ("ledger-db", "snapshot", "snapshot", "low"),
                ("sessions-table", "retain", "retain", "low"),
                ("events-table", "delete", "delete", "medium"),
                ("reports-cluster", "delete", "delete", ""),
                ("assets", "retain", "delete", ""),
            ][..],
        ),
        (
            "tf-deletion-plan.json",
            &[
                ("db-instance.orders", "snapshot", "snapshot", "low"),
                ("db-instance.scratch", "delete", "delete", "medium"),
                ("rds-cluster.reports", "snapshot", "snapshot", "low"),
                (
                    "elasticache-replication-group.cache",
                    "snapshot",
                    "snapshot",
                    "",
                ),
                ("redshift-cluster.warehouse", "delete", "delete", ""),
            ][..],
        ),
    ] {
        let (arch, result) = imported_and_assessed(file);
        for &(id, destroy, replace, severity) in expected {
            let c = component(&arch, id);
            assert_eq!(c["on_delete"]["destroy"], destroy, "{file} {id}");
            assert_eq!(c["on_delete"]["replace"], replace, "{file} {id}");
            for path in ["on_delete.destroy", "on_delete.replace"] {
                assert!(
                    c["x-why"][path].is_string(),
                    "{file} {id}: no note on {path}"
                );
            }
            let dr108 = (result["findings"].as_array().expect("findings").iter())
                .find(|f| f["rule"] == "DR108" && f["component"] == id);
            match (severity, dr108) {
                ("", None) => {}
                ("", Some(f)) => panic!("{file} {id}: DR108 fires: {f}"),
                (s, Some(f)) => {
                    assert_eq!(f["severity"], s, "{file} {id}: {f}");
                    let words = f["message"].as_str().expect("a message");
                    if s == "low" {
                        assert!(
                            words.contains("survives") || words.contains("stays"),
                            "{words}"
                        );
                    }
                }
                (_, None) => panic!("{file} {id}: DR108 does not fire"),
            }
        }
    }
}

/// How far back versioning reaches (issue 19): lifecycle rules that expire noncurrent versions
/// set `backup.version_retention` (the shortest enabled rule, filtered or not), DR105 fires
/// below a week, and replication to a bucket in the same region is no region copy.
#[test]
fn noncurrent_version_expiration_bounds_what_versions_recover() {
    for (file, expected) in [
        (
            "bucket-versions.yaml",
            &[
                ("documents", Some("30d"), false),
                ("uploads", Some("2d"), true),
                ("reports", Some("1d"), true),
                ("media", None, false),
            ][..],
        ),
        (
            "tf-bucket-versions-plan.json",
            &[
                ("s3-bucket.logs", Some("3d"), true),
                ("s3-bucket.legacy", Some("14d"), false),
                ("s3-bucket.photos", None, false),
            ][..],
        ),
    ] {
        let (arch, result) = imported_and_assessed(file);
        for &(id, kept, short) in expected {
            let c = component(&arch, id);
            assert_eq!(c["backup"]["versioning"], true, "{file} {id}");
            assert_eq!(
                c["backup"]["version_retention"].as_str(),
                kept,
                "{file} {id}"
            );
            let dr105 = (result["findings"].as_array().expect("findings").iter())
                .any(|f| f["rule"] == "DR105" && f["component"] == id);
            assert_eq!(dr105, short, "{file} {id}: DR105");
        }
        // Same-region replication: no region copy, and the note says so.
        let copy = if file.ends_with(".yaml") {
            "media"
        } else {
            "s3-bucket.photos"
        };
        let c = component(&arch, copy);
        assert!(c.get("replication").is_none(), "{c}");
        let why = c["x-why"]["replication.mode"].as_str().expect("a note");
        assert!(
            why.contains("own region") && why.contains("never a copy outside"),
            "{why}"
        );
    }
}

/// Entry points by role (issue 19): users reach the DNS name (in front of the CDN and the
/// internet-facing load balancer) and the public function URL; the log bucket, the stores, the
/// queue, the NAT gateway and the function its queue invokes are not entry points; the internal
/// load balancer is left to the graph (something reaches it). The topic only alarms and RDS
/// events publish to is alerting plumbing, not a component; no DR305 on a bucket, no DR301 on
/// the NAT gateway.
#[test]
fn entry_points_are_what_users_reach() {
    let run = drplan_run(&[
        "import",
        "fixtures/import/web-entry-points.yaml",
        "--region",
        "us-east-1",
        "--tier",
        "critical",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("alerting plumbing") && run.stderr.contains("AWS::SNS::Topic"),
        "{}",
        run.stderr
    );
    let (arch, result) = imported_and_assessed("web-entry-points.yaml");
    assert!(!ids(&arch).contains(&"alarm-topic"), "{:?}", ids(&arch));
    for (id, entry) in [
        ("site-record", Some(true)),
        ("webhook", Some(true)),
        ("cdn", None),
        ("public-alb", None),
        ("internal-alb", None),
        ("web-asg", None),
        ("log-bucket", Some(false)),
        ("static-bucket", Some(false)),
        ("database", Some(false)),
        ("orders-queue", Some(false)),
        ("nat", Some(false)),
        ("worker", Some(false)),
    ] {
        let c = component(&arch, id);
        assert_eq!(c["entry"].as_bool(), entry, "{id}: {c}");
        if entry.is_some() {
            assert!(c["x-why"]["entry"].is_string(), "{id}: no note on entry");
        }
    }
    let mut entries: Vec<&str> = (result["components"].as_array().expect("components").iter())
        .filter(|c| c["entry"] == true)
        .map(|c| c["id"].as_str().expect("an id"))
        .collect();
    entries.sort_unstable();
    assert_eq!(entries, ["site-record", "webhook"]);
    let findings = result["findings"].as_array().expect("findings");
    let dr305: Vec<&str> = (findings.iter())
        .filter(|f| f["rule"] == "DR305")
        .map(|f| f["component"].as_str().expect("a component"))
        .collect();
    assert_eq!(dr305, ["webhook"]);
    for f in findings.iter().filter(|f| f["rule"] == "DR301") {
        let words = f["message"].as_str().expect("a message");
        assert!(!words.contains("nat ("), "{words}");
    }
}

/// An API depends on what its integrations call, and an instance on the volume attached to
/// it: the functions and the table behind an API are on its critical path.
#[test]
fn apis_reach_their_functions_and_instances_their_volumes() {
    let arch = import("api-serverless.yaml", &["--region", "us-east-1"]);
    let all = edges(&arch);
    for edge in [
        "orders-api → orders-function (sync)",
        "reports-api → reports-function (sync)",
        "orders-function → orders-table (sync)",
        "worker → worker-data (sync)",
    ] {
        assert!(all.iter().any(|e| e == edge), "{edge} not among {all:?}");
    }
}

/// `tf-plan-shop.json` with `change` applied to its parsed JSON, written to `dir`.
fn plan_with(dir: &std::path::Path, name: &str, change: impl Fn(&mut Value)) -> String {
    let text = std::fs::read_to_string(root().join("fixtures/import/tf-plan-shop.json")).unwrap();
    let mut plan: Value = serde_json::from_str(&text).unwrap();
    change(&mut plan);
    let path = dir.join(name);
    std::fs::write(&path, plan.to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

/// Every resource of a plan (planned values, prior state and changes) of type `ty`: its
/// values objects.
fn each_values(plan: &mut Value, ty: &str, f: &dyn Fn(&mut serde_json::Map<String, Value>)) {
    match plan {
        Value::Object(m) => {
            if m.get("type").and_then(Value::as_str) == Some(ty) {
                for key in ["values", "after"] {
                    if let Some(Value::Object(v)) = m.get_mut(key) {
                        f(v);
                    }
                }
            }
            for v in m.values_mut() {
                each_values(v, ty, f);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| each_values(v, ty, f)),
        _ => {}
    }
}

/// Issue 19: AWS Backup's `cron(0 5 1,15 * ? *)` was read as 31 days between backups; its
/// worst gap over the twelve months after `--now` is 17 days (the 15th to the 1st of a 31-day
/// month). The same `--now` gives the same bytes.
#[test]
fn backup_schedules_are_their_worst_real_gap() {
    let dir = scratch("import-cron");
    let plan = plan_with(&dir, "plan.json", |p| {
        each_values(p, "aws_backup_plan", &|v| {
            if let Some(Value::Array(rules)) = v.get_mut("rule") {
                for r in rules {
                    r["schedule"] = Value::from("cron(0 5 1,15 * ? *)");
                }
            }
        });
    });
    let run = drplan_run(&["import", &plan, "--now", "2026-11-26"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let arch = run.json();
    let bucket = component(&arch, "s3-bucket.assets");
    assert_eq!(bucket["backup"]["frequency"], "17d", "{bucket:#}");
    assert!(
        bucket["x-why"]["backup.frequency"]
            .as_str()
            .unwrap()
            .contains("cron(0 5 1,15 * ? *)")
    );
    let again = drplan_run(&["import", &plan, "--now", "2026-11-26"]);
    assert_eq!(run.stdout, again.stdout);
    let bad = drplan_run(&["import", &plan, "--now", "soon"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

/// Issue 19: a non-ASCII address or `for_each` key (`café`) panicked finding regions in it,
/// through `import` and through `sources`.
#[test]
fn non_ascii_addresses_import() {
    let dir = scratch("import-non-ascii");
    let plan = plan_with(&dir, "plan.json", |p| {
        let text = p.to_string().replace("aws_lb.web", r#"aws_lb.café[\"é\"]"#);
        *p = serde_json::from_str(&text).unwrap();
    });
    let run = drplan_run(&["import", &plan]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout().contains("café"));
    std::fs::write(
        dir.join("arch.json"),
        r#"{"name": "x", "sources": [{"terraform": "plan.json"}]}"#,
    )
    .unwrap();
    let arch = dir.join("arch.json");
    let run = drplan_run(&["resolve", arch.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Issue 19: out-of-range numbers at import are exit 2 naming the resource and attribute (not a
/// panic converting them, not exit 70 from the validator); a value past a limit AWS documents
/// is read as that limit, with a note.
#[test]
fn out_of_range_numbers_are_errors_naming_the_attribute() {
    let dir = scratch("import-numbers");
    for (ty, attribute, value, expect) in [
        (
            "aws_lb",
            "idle_timeout",
            Value::from(1e308),
            "idle_timeout = 1e308 is out of range",
        ),
        (
            "aws_lb",
            "idle_timeout",
            Value::from("NaN"),
            "idle_timeout = NaN is not a number",
        ),
        (
            "aws_db_instance",
            "backup_retention_period",
            Value::from(40_000),
            "backup_retention_period = 40000 is out of range",
        ),
        (
            "aws_db_instance",
            "allocated_storage",
            Value::from(-5),
            "allocated_storage = -5 is negative",
        ),
    ] {
        let plan = plan_with(&dir, "plan.json", |p| {
            each_values(p, ty, &|v| {
                v.insert(attribute.to_string(), value.clone());
            });
        });
        let run = drplan_run(&["import", &plan]);
        assert_eq!(run.code, 2, "{attribute} = {value}: {}", run.stderr);
        assert!(run.stderr.contains(expect), "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
    let plan = plan_with(&dir, "plan.json", |p| {
        each_values(p, "aws_db_instance", &|v| {
            v.insert("backup_retention_period".into(), Value::from(40));
        });
    });
    let run = drplan_run(&["import", &plan]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("read at the limit the cloud documents")
            && run
                .stderr
                .contains("backup_retention_period = 40 is read as 35"),
        "{}",
        run.stderr
    );
    let db = component(&run.json(), "db-instance.orders").clone();
    assert_eq!(db["backup"]["retention"], "35d", "{db:#}");
}

/// What `drplan verify` reads is named on each data component: by ARN from a state, by kind,
/// identifier and region from a plan or a template; and a name generated at apply time is
/// said to be unknown.
#[test]
fn imported_stores_name_the_cloud_resources_verify_reads() {
    let state = import("tf-state-shop.json", &[]);
    let db = component(&state, "db-instance.orders");
    assert_eq!(
        db["resources"][0]["arn"],
        "arn:aws:rds:us-east-1:111122223333:db:acme-shop-orders"
    );
    let plan = import("tf-plan-shop.json", &[]);
    let db = component(&plan, "db-instance.orders");
    assert_eq!(db["resources"][0]["service"], "rds-instance");
    assert_eq!(db["resources"][0]["id"], "acme-shop-orders");
    assert_eq!(db["resources"][0]["region"], "us-east-1");
    let template = import("cfn-shop.yaml", &["--region", "us-east-1"]);
    let unnamed = (template["components"].as_array().unwrap().iter())
        .filter(|c| {
            c["x-why"]["resources"]
                .as_str()
                .is_some_and(|w| w.contains("neither its ARN"))
        })
        .count();
    let named = (template["components"].as_array().unwrap().iter())
        .filter(|c| c.get("resources").is_some())
        .count();
    assert!(
        unnamed + named > 0,
        "every data component says how verify finds it"
    );
}

/// `terraform show -json` output is read as a stream, in whatever order its keys come: the
/// same plan or state with every object's keys in reverse (the configuration before the planned
/// values, a module's `child_modules` before its `resources`) imports to the same bytes, and
/// standard input to the same components.
#[test]
fn terraform_output_imports_the_same_whatever_the_order_of_its_keys() {
    let dir = scratch("terraform_output_in_any_key_order");
    for fixture in [
        "tf-plan-shop.json",
        "tf-state-shop.json",
        "tf-plan-azure.json",
    ] {
        let text = std::fs::read_to_string(root().join("fixtures/import").join(fixture))
            .expect("the fixture");
        assert_eq!(
            text.lines().count(),
            1,
            "{fixture} is on one line, as Terraform writes it"
        );
        let value: Value = serde_json::from_str(&text).expect("JSON");
        let reversed = serde_json::to_string(&reverse_keys(&value)).expect("JSON");
        assert!(!reversed.starts_with(r#"{"format_version""#), "{fixture}");
        let mut runs = Vec::new();
        for (name, body) in [("as-written", &text), ("reversed", &reversed)] {
            let here = dir.join(name);
            std::fs::create_dir_all(&here).expect("a directory");
            std::fs::write(here.join("tf.json"), body).expect("written");
            let run = run(drplan()
                .current_dir(&here)
                .args(["import", "tf.json", "--now", NOW]));
            assert_eq!(run.code, 0, "{fixture} {name}: {}", run.stderr);
            runs.push(run);
        }
        assert_eq!(runs[0].stdout(), runs[1].stdout(), "{fixture}");
        assert_eq!(runs[0].stderr, runs[1].stderr, "{fixture}");
        let piped = run(drplan()
            .args(["import", "-", "--now", NOW])
            .write_stdin(text.into_bytes()));
        assert_eq!(piped.code, 0, "{fixture}: {}", piped.stderr);
        assert_eq!(ids(&piped.json()), ids(&runs[0].json()), "{fixture}");
    }
}

/// Each imported resource is placed at the line its object starts on, in a pretty-printed
/// file read as a stream as in one read whole.
#[test]
fn a_pretty_printed_state_places_each_resource_at_its_line() {
    let dir = scratch("a_pretty_printed_state_places_each_resource");
    let text = std::fs::read_to_string(root().join("fixtures/import/tf-state-shop.json"))
        .expect("the fixture");
    let value: Value = serde_json::from_str(&text).expect("JSON");
    // `format_version` first, as Terraform writes it (read as a stream), and with the keys
    // reversed (read whole).
    let first = format!(
        "{{\n  \"format_version\": {},\n  \"values\": {}\n}}\n",
        value["format_version"],
        serde_json::to_string_pretty(&value["values"]).expect("JSON")
    );
    let reversed = serde_json::to_string_pretty(&reverse_keys(&value)).expect("JSON");
    assert!(!reversed.starts_with("{\n  \"format_version\""));
    for (name, body) in [("streamed.json", first), ("whole.json", reversed)] {
        let path = dir.join(name);
        std::fs::write(&path, &body).expect("written");
        let run = drplan_run(&["import", path.to_str().expect("a UTF-8 path"), "--now", NOW]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let lines: Vec<&str> = body.lines().collect();
        let mut placed = 0;
        for c in run.json()["components"].as_array().expect("components") {
            for origin in c["imported_from"].as_array().expect("origins") {
                let line = origin["line"].as_u64().expect("a line") as usize;
                let address = origin["address"].as_str().expect("an address");
                let start = lines[line - 1];
                assert_eq!(start.trim(), "{", "{name}: {address} at {line}");
                // Its own keys, one step in, up to its closing brace.
                let indent = start.len() - start.trim_start().len();
                let own = format!("{}\"address\": {}", " ".repeat(indent + 2), {
                    serde_json::to_string(address).expect("JSON")
                });
                let found = (lines[line..].iter())
                    .take_while(|l| !l.starts_with(&format!("{}}}", " ".repeat(indent))))
                    .any(|l| l.trim_end_matches(',') == own);
                assert!(found, "{name}: {address} is not the object at {line}");
                placed += 1;
            }
        }
        assert!(placed > 10, "{name}: only {placed} resources placed");
    }
}

/// The value with every object's keys in the reverse of their order.
fn reverse_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            (map.iter().rev())
                .map(|(k, v)| (k.clone(), reverse_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(reverse_keys).collect()),
        other => other.clone(),
    }
}
