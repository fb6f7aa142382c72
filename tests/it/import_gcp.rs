//! Google Cloud from Terraform (the `google` provider): the acme-gcp fixtures
//! (fixtures/import/tf-plan-gcp.json and tf-state-gcp.json, written by
//! fixtures/import/gen/gen_tf_gcp.py), pinned as snapshots read by hand once, with the facts
//! that change recovery checked one by one, the findings that follow from them, and bad input.

use serde_json::Value;

use crate::import::{component, edges};
use crate::util::{NOW, drplan_run, scratch};

const PLAN: &str = "fixtures/import/tf-plan-gcp.json";
const STATE: &str = "fixtures/import/tf-state-gcp.json";

/// `drplan import FILE EXTRA…`: the architecture it prints.
fn import(file: &str, extra: &[&str]) -> Value {
    let mut args = vec!["import", file];
    args.extend_from_slice(extra);
    let run = drplan_run(&args);
    assert_eq!(run.code, 0, "drplan import {file} failed:\n{}", run.stderr);
    run.json()
}

/// The ids, sorted.
fn ids(arch: &Value) -> Vec<&str> {
    let mut ids = crate::import::ids(arch);
    ids.sort_unstable();
    ids
}

/// The note on a field of a component.
fn why<'a>(c: &'a Value, field: &str) -> &'a str {
    c["x-why"][field]
        .as_str()
        .unwrap_or_else(|| panic!("{} has no note on {field}: {}", c["id"], c["x-why"]))
}

/// A plan of the acme-gcp shop becomes one component per thing that fails on its own, with
/// the facts of each read from the provider's own attributes.
#[test]
fn a_google_plan_becomes_its_components_with_their_facts() {
    let arch = import(PLAN, &[]);
    // The primary from the root provider's `region = var.region` (a plan variable), the
    // secondary from the copies in us-east1 (a provider configured with a zone there).
    assert_eq!(arch["regions"]["primary"], "us-central1");
    assert_eq!(arch["regions"]["secondary"], "us-east1");
    assert_eq!(
        ids(&arch),
        [
            "alloydb-cluster.analytics",
            "bigquery-dataset.events",
            "bigtable-instance.events",
            "cloud-run-v2-service.api",
            "compute-backend-service.web",
            "compute-disk.archive",
            "compute-disk.scratch.0",
            "compute-disk.scratch.1",
            "compute-forwarding-rule.jobs",
            "compute-instance-group-manager.jobs",
            "compute-instance.batch",
            "compute-region-backend-service.jobs",
            "compute-region-disk.shared",
            "compute-region-instance-group-manager.web",
            "compute-url-map.web",
            "container-cluster.apps",
            "container-cluster.jobs",
            "dns-record-set.www",
            "filestore-instance.media",
            "firestore-database.profiles",
            "pubsub-topic.orders",
            "redis-instance.rate_limits",
            "redis-instance.sessions",
            "spanner-instance.ledger",
            "sql-database-instance.orders",
            "sql-database-instance.reports",
            "storage-bucket.assets",
            "storage-bucket.audit_logs",
            "storage-bucket.uploads",
            "workers.emails.cloudfunctions2-function.this",
            "workers.invoices.cloudfunctions2-function.this",
        ]
    );

    // Cloud SQL: REGIONAL is a standby in a second zone that takes over by itself; backups
    // daily, 14 kept, with point-in-time recovery, in the multi-region `us` by default; the
    // cross-region read replica is its copy in us-east1.
    let orders = component(&arch, "sql-database-instance.orders");
    assert_eq!(orders["service"], "gcp:cloudsql:postgres");
    assert_eq!(orders["deployment"]["instances"], 2);
    assert_eq!(orders["deployment"]["zones"], 2);
    assert_eq!(orders["deployment"]["managed_failover"], true);
    assert_eq!(orders["deployment"]["replication"], "sync");
    assert_eq!(orders["backup"]["frequency"], "1d");
    assert_eq!(orders["backup"]["retention"], "14d");
    assert_eq!(orders["backup"]["pitr"], true);
    assert_eq!(orders["backup"]["cross_region_copy"], true);
    assert_eq!(orders["backup"]["copy_region"], "us");
    assert_eq!(orders["replication"]["mode"], "async");
    assert_eq!(orders["deletion_protection"], true);
    assert_eq!(orders["data_gb"].as_f64(), Some(250.0));
    let regions: Vec<&str> = (orders["imported_from"].as_array().expect("origins").iter())
        .map(|o| o["region"].as_str().expect("a region"))
        .collect();
    assert_eq!(regions, ["us-central1", "us-east1"]);
    assert!(why(orders, "replication.mode").contains("master_instance_name"));
    // ZONAL by default, its read replica in its region folded in, no backups.
    let reports = component(&arch, "sql-database-instance.reports");
    assert_eq!(reports["service"], "gcp:cloudsql:mysql");
    assert_eq!(reports["deployment"]["instances"], 2);
    assert_eq!(reports["deployment"]["zones"], 1);
    assert_eq!(reports["deployment"]["managed_failover"], false);
    assert!(reports.get("backup").is_none());
    assert!(why(reports, "deployment.instances").contains("ZONAL, the default"));
    assert!(why(reports, "backup").contains("automated backups are off"));
    assert_eq!(reports["deletion_protection"], false);

    // Cloud Storage: a bucket is unversioned whatever its location; a dual-region with turbo
    // replication and a multi-region are copies in more than one region that take writes.
    let uploads = component(&arch, "storage-bucket.uploads");
    assert_eq!(uploads["service"], "gcp:gcs:dual-region:turbo");
    assert_eq!(uploads["backup"]["versioning"], false);
    assert_eq!(uploads["replication"]["mode"], "async");
    assert_eq!(uploads["deployment"]["region_strategy"], "active-active");
    let assets = component(&arch, "storage-bucket.assets");
    assert_eq!(assets["service"], "gcp:gcs:multi-region");
    assert_eq!(assets["backup"]["versioning"], true);
    assert_eq!(assets["replication"]["region"], "US");
    let logs = component(&arch, "storage-bucket.audit_logs");
    assert_eq!(logs["backup"]["versioning"], false);
    assert!(why(logs, "backup.immutable").contains("is_locked = true"));
    assert!(why(logs, "backup.versioning").contains("soft delete is off"));
    // Filestore's basic tiers are zonal; BigQuery's time travel reaches back 7 days.
    let media = component(&arch, "filestore-instance.media");
    assert_eq!(media["scope"], "zonal");
    assert_eq!(media["data_gb"].as_f64(), Some(2560.0));
    let events_bq = component(&arch, "bigquery-dataset.events");
    assert_eq!(events_bq["backup"]["pitr"], true);
    assert_eq!(events_bq["backup"]["retention"], "7d");

    // GKE: a regional cluster's nodes over three zones; a zonal one is one zone.
    let apps = component(&arch, "container-cluster.apps");
    assert_eq!(apps["deployment"]["instances"], 3);
    assert_eq!(apps["deployment"]["zones"], 3);
    let jobs = component(&arch, "container-cluster.jobs");
    assert_eq!(jobs["deployment"]["instances"], 3);
    assert_eq!(jobs["deployment"]["zones"], 1);
    assert!(why(jobs, "deployment.zones").contains("a zonal cluster"));

    // Compute: a regional instance group sized by its autoscaler's floor, with its copy in
    // us-east1 running one of three; the instances of one `count` are one component.
    let web = component(&arch, "compute-region-instance-group-manager.web");
    assert_eq!(web["deployment"]["instances"], 3);
    assert_eq!(web["deployment"]["zones"], 3);
    assert_eq!(web["deployment"]["region_strategy"], "warm-standby");
    assert!(why(web, "deployment.instances").contains("min_replicas = 3"));
    // A zonal group is one zone; a template two groups share gives both its edges.
    let jobs_group = component(&arch, "compute-instance-group-manager.jobs");
    assert_eq!(jobs_group["deployment"]["zones"], 1);
    assert!(
        why(jobs_group, "depends_on.sql-database-instance.orders")
            .contains("google_compute_instance_template.web")
    );
    let batch = component(&arch, "compute-instance.batch");
    assert_eq!(batch["deployment"]["instances"], 2);
    assert_eq!(batch["deployment"]["zones"], 2);

    // Disks: zonal; backups only from an attached snapshot schedule, kept where it says.
    let scratch = component(&arch, "compute-disk.scratch.0");
    assert_eq!(scratch["scope"], "zonal");
    assert!(scratch.get("backup").is_none());
    assert!(why(scratch, "backup").contains("no snapshot schedule"));
    let archive = component(&arch, "compute-disk.archive");
    assert_eq!(archive["backup"]["frequency"], "1d");
    assert_eq!(archive["backup"]["retention"], "14d");
    assert!(archive["backup"].get("cross_region_copy").is_none());
    let shared = component(&arch, "compute-region-disk.shared");
    assert_eq!(shared["deployment"]["zones"], 2);
    assert_eq!(shared["backup"]["frequency"], "4h");
    assert_eq!(shared["backup"]["cross_region_copy"], true);

    // Memorystore: BASIC is one node in one zone; STANDARD_HA fails over by itself.
    let basic = component(&arch, "redis-instance.rate_limits");
    assert_eq!(basic["deployment"]["instances"], 1);
    assert_eq!(basic["deployment"]["zones"], 1);
    let ha = component(&arch, "redis-instance.sessions");
    assert_eq!(ha["deployment"]["instances"], 2);
    assert_eq!(ha["deployment"]["managed_failover"], true);

    // Spanner, Bigtable, AlloyDB, Firestore across the two regions.
    let ledger = component(&arch, "spanner-instance.ledger");
    assert_eq!(ledger["replication"]["mode"], "sync");
    assert_eq!(ledger["deployment"]["region_strategy"], "active-active");
    assert_eq!(ledger["backup"]["retention"], "3d");
    let events = component(&arch, "bigtable-instance.events");
    assert_eq!(events["deployment"]["managed_failover"], true);
    assert_eq!(events["replication"]["mode"], "async");
    let analytics = component(&arch, "alloydb-cluster.analytics");
    assert_eq!(analytics["deployment"]["instances"], 4);
    assert_eq!(analytics["backup"]["pitr"], true);
    assert_eq!(analytics["backup"]["retention"], "21d");
    assert!(why(analytics, "replication.mode").contains("secondary cluster"));
    let profiles = component(&arch, "firestore-database.profiles");
    assert_eq!(profiles["replication"]["region"], "nam5");
    assert_eq!(profiles["deletion_protection"], true);

    // Global front ends; Pub/Sub is global.
    assert_eq!(component(&arch, "compute-url-map.web")["scope"], "global");
    assert_eq!(component(&arch, "pubsub-topic.orders")["scope"], "global");
    assert_eq!(
        edges(&arch),
        [
            "cloud-run-v2-service.api → pubsub-topic.orders (async)",
            "cloud-run-v2-service.api → sql-database-instance.orders (sync)",
            "cloud-run-v2-service.api → storage-bucket.uploads (sync)",
            "compute-backend-service.web → compute-region-instance-group-manager.web (sync)",
            "compute-forwarding-rule.jobs → compute-region-backend-service.jobs (sync)",
            "compute-instance-group-manager.jobs → redis-instance.sessions (sync)",
            "compute-instance-group-manager.jobs → sql-database-instance.orders (sync)",
            "compute-instance.batch → compute-disk.scratch.0 (sync)",
            "compute-instance.batch → compute-disk.scratch.1 (sync)",
            "compute-instance.batch → storage-bucket.uploads (sync)",
            "compute-region-backend-service.jobs → compute-instance-group-manager.jobs (sync)",
            "compute-region-instance-group-manager.web → redis-instance.sessions (sync)",
            "compute-region-instance-group-manager.web → sql-database-instance.orders (sync)",
            "compute-url-map.web → compute-backend-service.web (sync)",
            "compute-url-map.web → storage-bucket.assets (sync)",
            "dns-record-set.www → compute-url-map.web (sync)",
            "pubsub-topic.orders → cloud-run-v2-service.api (async)",
            "workers.emails.cloudfunctions2-function.this → pubsub-topic.orders (async)",
            "workers.emails.cloudfunctions2-function.this → storage-bucket.uploads (sync)",
            "workers.invoices.cloudfunctions2-function.this → pubsub-topic.orders (async)",
            "workers.invoices.cloudfunctions2-function.this → storage-bucket.uploads (sync)",
        ]
    );
    // The backend service's own timeout on its edges.
    let backend = component(&arch, "compute-backend-service.web");
    assert_eq!(backend["depends_on"][0]["timeout"], "20s");
    // Every inferred fact says why.
    for c in arch["components"].as_array().expect("components") {
        let notes = c["x-why"].as_object().map_or(0, |w| w.len());
        assert!(notes > 0, "{} has no x-why", c["id"]);
    }
}

/// What a component is, without where it was read from and why.
fn facts(arch: &Value) -> Value {
    let mut arch = arch.clone();
    for c in arch["components"].as_array_mut().expect("components") {
        let c = c.as_object_mut().expect("a component");
        c.remove("imported_from");
        c.remove("x-why");
    }
    arch
}

/// The state of the same configuration, where every reference is a value (a self link, an
/// address inside a startup script, a topic's id in a function's trigger), imports to the same
/// components, facts and edges as the plan.
#[test]
fn a_google_plan_and_its_state_agree() {
    let plan = import(PLAN, &[]);
    let state = import(STATE, &[]);
    assert_eq!(facts(&plan)["components"], facts(&state)["components"]);
    assert_eq!(plan["regions"], state["regions"]);
}

/// An architecture of an AWS plan and a Google plan: each cloud is paired in its own regions
/// and its components get their strategies against its own pair, as when imported alone (a
/// Google load balancer routing to both Google regions says nothing of the AWS application);
/// the architecture keeps the pair of the cloud with more components, Google's.
#[test]
fn an_aws_and_a_google_plan_side_by_side() {
    let run = drplan_run(&["resolve", "fixtures/import/mixed-aws-gcp.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mixed = run.json();
    assert_eq!(mixed["regions"]["primary"], "us-central1");
    assert_eq!(mixed["regions"]["secondary"], "us-east1");
    for (alone, cloud) in [
        (import("fixtures/import/tf-plan-shop.json", &[]), "aws:"),
        (import(PLAN, &[]), "gcp:"),
    ] {
        for c in alone["components"].as_array().expect("components") {
            let id = c["id"].as_str().expect("an id");
            let both = component(&mixed, id);
            assert!(
                both["service"]
                    .as_str()
                    .is_some_and(|s| s.starts_with(cloud)),
                "{id}"
            );
            assert_eq!(
                both["deployment"]["region_strategy"], c["deployment"]["region_strategy"],
                "{id}: {}",
                both["x-why"]["deployment.region_strategy"]
            );
            assert_eq!(both["depends_on"], c["depends_on"], "{id}");
        }
    }
    // The AWS database's copy is in its own cloud's secondary, which the format names.
    let rds = component(&mixed, "db-instance.orders");
    assert_eq!(rds["replication"]["region"], "us-west-2");
    assert_eq!(rds["backup"]["copy_region"], "us-west-2");
}

/// The summary counts what is read, what is left out, and the types drplan does not know;
/// a data source of a component type is named as outside the sources.
#[test]
fn the_summary_counts_every_google_type() {
    let run = drplan_run(&["import", STATE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let e = &run.stderr;
    assert!(
        e.contains("regions: primary us-central1, secondary us-east1"),
        "{e}"
    );
    assert!(
        e.contains("unknown types (not modelled; tell us if they matter): google_dataproc_cluster ×1, google_workbench_instance ×1"),
        "{e}"
    );
    assert!(e.contains("google_sql_user ×1"), "{e}");
    assert!(e.contains("google_compute_resource_policy ×2"), "{e}");
    assert!(
        e.contains("data.google_storage_bucket.shared_media (a data source"),
        "{e}"
    );
}

/// Passwords (a sensitive variable, a Cloud SQL root password, a SQL user's, AlloyDB's
/// initial user's) and Memorystore's AUTH string never leave the import.
#[test]
fn google_secrets_never_reach_an_output() {
    for file in [PLAN, STATE] {
        let run = drplan_run(&["import", file]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for secret in ["gcp-plan-secret-do-not-print", "redis-secret-do-not-print"] {
            assert!(
                !run.stdout().contains(secret) && !run.stderr.contains(secret),
                "{file}: {secret}"
            );
        }
    }
    let text = std::fs::read_to_string(crate::util::root().join(STATE)).expect("the state");
    assert!(
        text.contains("gcp-plan-secret-do-not-print"),
        "the state holds it"
    );
}

/// The findings fire on the facts: a zonal cluster, a BASIC cache and a zonal disk are single
/// zones; unversioned buckets are unversioned whatever their location; a disk without a
/// snapshot schedule has no backup; snapshots kept in their disk's region are not copied out
/// of it; and SARIF places each at the resource's address.
#[test]
fn findings_fire_on_google_facts_and_sarif_points_at_the_address() {
    let run = drplan_run(&[
        "assess",
        "fixtures/import/gcp-shop.json",
        "--now",
        NOW,
        "--format",
        "sarif",
    ]);
    assert!(run.code <= 1, "{}", run.stderr);
    let log = run.json();
    let results = log["runs"][0]["results"].as_array().expect("results");
    let fired = |rule: &str, component: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == rule && r["properties"]["component"] == component)
    };
    for (rule, component) in [
        ("DR202", "container-cluster.jobs"),
        ("DR202", "redis-instance.rate_limits"),
        ("DR202", "compute-disk.scratch.0"),
        ("DR202", "sql-database-instance.reports"),
        ("DR202", "compute-instance-group-manager.jobs"),
        ("DR202", "filestore-instance.media"),
        ("DR101", "filestore-instance.media"),
        ("DR201", "redis-instance.rate_limits"),
        ("DR101", "compute-disk.scratch.0"),
        ("DR109", "storage-bucket.uploads"),
        ("DR109", "storage-bucket.audit_logs"),
        ("DR102", "compute-disk.archive"),
        ("DR108", "sql-database-instance.reports"),
    ] {
        assert!(fired(rule, component).is_some(), "{rule} on {component}");
    }
    for (rule, component) in [
        ("DR202", "container-cluster.apps"),
        ("DR202", "sql-database-instance.orders"),
        ("DR102", "sql-database-instance.orders"),
        ("DR109", "storage-bucket.assets"),
        ("DR101", "compute-disk.archive"),
    ] {
        assert!(fired(rule, component).is_none(), "no {rule} on {component}");
    }
    let zonal = fired("DR202", "container-cluster.jobs").expect("found above");
    let location = &zonal["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/import/tf-plan-gcp.json"
    );
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "google_container_cluster.jobs"
    );
    // The fix names Google Cloud's own mechanism.
    let unversioned = fired("DR109", "storage-bucket.uploads").expect("found above");
    let text = unversioned["message"]["text"].as_str().expect("a message");
    assert!(text.contains("Object Versioning"), "{text}");
}

/// The plan's changes name Google Cloud's mechanisms, never AWS's: a bucket's or a disk's
/// backups and replication, a database's replica.
#[test]
fn the_plan_names_google_mechanisms() {
    let run = drplan_run(&[
        "assess",
        "fixtures/import/gcp-shop.json",
        "--now",
        NOW,
        "--format",
        "markdown",
    ]);
    assert!(run.code <= 1, "{}", run.stderr);
    let text = run.stdout();
    for aws in [
        "AWS Backup",
        "S3 Cross-Region",
        "Aurora",
        "DynamoDB",
        "Route 53",
    ] {
        assert!(!text.contains(aws), "the plan names {aws}:\n{text}");
    }
    assert!(text.contains("Back up every 1h (automated backups, or a snapshot schedule)"));
    assert!(text.contains("Persistent Disk Asynchronous Replication"));
}

/// What the Google imports write is valid for the schema `drplan schema` prints, every `x-why`
/// key, `copy_region` and `replication.region` included.
#[test]
fn google_imports_are_valid_for_the_schema() {
    let Some(schema) = crate::import::Schema::new("import-gcp-schema") else {
        return;
    };
    for (name, args) in [
        ("plan.json", ["import", PLAN]),
        ("state.json", ["import", STATE]),
        (
            "mixed.json",
            ["resolve", "fixtures/import/mixed-aws-gcp.json"],
        ),
    ] {
        schema.holds(name, &args);
    }
}

/// `drplan ops` writes no AWS template for a Google Cloud component: every alarm and
/// experiment of one is a procedure to follow by hand, which says why.
#[test]
fn ops_says_it_emits_aws_templates_only() {
    let out = scratch("import-gcp-ops").join("ops");
    let run = drplan_run(&[
        "ops",
        "fixtures/import/gcp-shop.json",
        "--emit",
        "cloudformation",
        "--output",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&out).expect("the output") {
        files.push(
            entry
                .expect("an entry")
                .file_name()
                .into_string()
                .expect("utf-8"),
        );
    }
    files.sort();
    // No template: manual procedures, runbooks, game days, the manifest and the README.
    assert_eq!(
        files,
        [
            "README.md",
            "alarms",
            "game-days",
            "manifest.json",
            "runbooks"
        ]
    );
    let alarm = std::fs::read_to_string(
        out.join("alarms/alarm-backup-freshness-sql-database-instance.orders.md"),
    )
    .expect("a manual alarm");
    assert!(
        alarm.contains("runs on Google Cloud (gcp:cloudsql:postgres)"),
        "{alarm}"
    );
}

/// Google's published figures replace the kind's defaults for their services, and say where
/// they are published; services without one keep the default.
#[test]
fn published_figures_and_list_prices_apply_by_service() {
    let run = drplan_run(&[
        "assess",
        "fixtures/import/gcp-shop.json",
        "--now",
        NOW,
        "--format",
        "json",
    ]);
    assert!(run.code <= 1, "{}", run.stderr);
    let result = run.json();
    let text = result.to_string();
    for key in [
        "failover.stateful@gcp:cloudsql",
        "replication_lag@gcp:gcs",
        "replication_lag@gcp:gcs:dual-region:turbo",
        "running@gcp:cloudsql",
        "running@gcp:compute:disk:pd-ssd",
    ] {
        assert!(text.contains(key), "{key} in the result");
    }
    assert!(text.contains("https://cloud.google.com/storage/docs/availability-durability"));
    // docs/model.md lists every one of Google's rows.
    let model = std::fs::read_to_string(crate::util::root().join("docs/model.md")).expect("docs");
    let keys = (result["assumptions"]
        .as_object()
        .expect("assumptions")
        .keys())
    .chain(result["pricing"].as_object().expect("pricing").keys())
    .filter(|k| k.contains("@gcp:"));
    let mut n = 0;
    for key in keys {
        n += 1;
        assert!(
            model.contains(&format!("`{key}`")),
            "docs/model.md lists {key}"
        );
    }
    assert!(n >= 5, "{n} rows of Google Cloud's");
}

/// Numbers a mapping reads are checked: one that cannot be is an error naming the resource
/// and the attribute, exit 2; one past Google's limit is read at it, with a note.
#[test]
fn impossible_google_numbers_are_errors_naming_the_attribute() {
    let dir = scratch("import-gcp-numbers");
    let state = |retained: &str| {
        format!(
            r#"{{"format_version":"1.0","values":{{"root_module":{{"resources":[{{"address":"google_sql_database_instance.db","mode":"managed","type":"google_sql_database_instance","name":"db","values":{{"name":"acme-db","region":"europe-west1","database_version":"POSTGRES_16","settings":[{{"availability_type":"ZONAL","backup_configuration":[{{"enabled":true,"backup_retention_settings":[{{"retained_backups":{retained},"retention_unit":"COUNT"}}]}}]}}]}}}}]}}}}}}"#
        )
    };
    let bad = dir.join("bad.json");
    std::fs::write(&bad, state("-3")).expect("written");
    let run = drplan_run(&["import", bad.to_str().expect("utf-8")]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "google_sql_database_instance.db: settings.backup_configuration.backup_retention_settings.retained_backups = -3 is negative"
        ),
        "{}",
        run.stderr
    );
    let past = dir.join("past.json");
    std::fs::write(&past, state("400")).expect("written");
    let run = drplan_run(&["import", past.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("is read as 365"), "{}", run.stderr);
    let db = &run.json()["components"][0];
    assert_eq!(db["backup"]["retention"], "365d");
    // A region from the resource itself, in a state without configuration.
    assert_eq!(db["imported_from"][0]["region"], "europe-west1");
}

/// Defaults follow what the provider and the service document: a Cloud SQL instance that says
/// nothing of its availability is ZONAL; Enterprise Plus keeps 15 backups by default; an empty
/// backup location (as the provider writes one left unset) is the default multi-region.
#[test]
fn cloud_sql_defaults_follow_the_edition() {
    let dir = scratch("import-gcp-defaults");
    let state = dir.join("state.json");
    std::fs::write(
        &state,
        r#"{"format_version":"1.0","values":{"root_module":{"resources":[
{"address":"google_sql_database_instance.plus","mode":"managed","type":"google_sql_database_instance","name":"plus","values":{"name":"acme-plus","region":"europe-west1","database_version":"POSTGRES_16","settings":[{"edition":"ENTERPRISE_PLUS","backup_configuration":[{"enabled":true,"location":"","point_in_time_recovery_enabled":true}]}]}},
{"address":"google_sql_database_instance.plain","mode":"managed","type":"google_sql_database_instance","name":"plain","values":{"name":"acme-plain","region":"europe-west1","database_version":"MYSQL_8_0","settings":[{"backup_configuration":[{"enabled":true,"binary_log_enabled":false}]}]}}]}}}"#,
    )
    .expect("written");
    let arch = import(state.to_str().expect("utf-8"), &[]);
    let plus = component(&arch, "sql-database-instance.plus");
    assert_eq!(plus["backup"]["retention"], "15d");
    assert_eq!(plus["backup"]["pitr"], true);
    assert_eq!(plus["backup"]["copy_region"], "eu");
    assert_eq!(plus["deployment"]["zones"], 1);
    assert!(why(plus, "backup.retention").contains("Enterprise Plus"));
    let plain = component(&arch, "sql-database-instance.plain");
    assert_eq!(plain["backup"]["retention"], "7d");
    assert!(plain["backup"].get("pitr").is_none());
    assert!(why(plain, "backup.pitr").contains("binary_log_enabled is not true"));
}

/// A provider configured with a zone only places its resources in that zone's region; a
/// resource's own zone wins over it.
#[test]
fn a_zone_places_resources_in_its_region() {
    let dir = scratch("import-gcp-zone");
    let plan = dir.join("plan.json");
    std::fs::write(
        &plan,
        r#"{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"root_module":{"resources":[
{"address":"google_compute_instance.a","mode":"managed","type":"google_compute_instance","name":"a","values":{"name":"vm-a","machine_type":"e2-small"}},
{"address":"google_compute_instance.b","mode":"managed","type":"google_compute_instance","name":"b","values":{"name":"vm-b","machine_type":"e2-small","zone":"asia-south1-c"}}]}},
"configuration":{"provider_config":{"google":{"name":"google","expressions":{"zone":{"constant_value":"europe-west4-b"}}}},
"root_module":{"resources":[
{"address":"google_compute_instance.a","mode":"managed","type":"google_compute_instance","name":"a","provider_config_key":"google","expressions":{}},
{"address":"google_compute_instance.b","mode":"managed","type":"google_compute_instance","name":"b","provider_config_key":"google","expressions":{}}]}}}"#,
    )
    .expect("written");
    let arch = import(plan.to_str().expect("utf-8"), &[]);
    let region = |id: &str| component(&arch, id)["imported_from"][0]["region"].clone();
    assert_eq!(region("compute-instance.a"), "europe-west4");
    assert_eq!(region("compute-instance.b"), "asia-south1");
}

/// The fixtures' imports, pinned: the architecture (components, facts, edges,
/// `imported_from`, every `x-why`) and the summary, read by hand once and reviewed as
/// snapshot diffs since (`cargo insta review`).
macro_rules! pinned {
    ($($name:ident: $($arg:literal)+;)+) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(crate::import::printed(&[$($arg),+]));
        }
    )+};
}

pinned! {
    import_gcp_plan: "import" "fixtures/import/tf-plan-gcp.json";
    import_gcp_state: "import" "fixtures/import/tf-state-gcp.json";
    import_gcp_one_region: "import" "fixtures/import/tf-plan-gcp-one-region.json";
    import_gcp_edge_cases: "import" "fixtures/import/tf-state-gcp-edge-cases.json";
    import_gcp_lb_module: "import" "fixtures/import/tf-plan-gcp-lb-module.json";
}

/// A plan in one region: what keeps its own copy in another region (a multi-region bucket, a
/// multi-region Firestore database, backups Cloud SQL keeps in a multi-region) recovers
/// there, with no secondary region in the sources; nothing else claims to.
#[test]
fn one_region_multi_region_data_recovers_in_its_own_copy() {
    let arch = import(
        "fixtures/import/tf-plan-gcp-one-region.json",
        &["--tier", "critical"],
    );
    assert_eq!(arch["regions"]["primary"], "us-central1");
    assert!(
        arch["regions"].get("secondary").is_none(),
        "{}",
        arch["regions"]
    );
    let bucket = component(&arch, "storage-bucket.assets");
    assert_eq!(bucket["deployment"]["region_strategy"], "active-active");
    assert_eq!(bucket["replication"]["region"], "US");
    assert!(
        why(bucket, "deployment.region_strategy")
            .starts_with("no second region in the sources; its copy in US takes writes too")
    );
    let firestore = component(&arch, "firestore-database.db");
    assert_eq!(firestore["deployment"]["region_strategy"], "active-active");
    let sql = component(&arch, "sql-database-instance.main");
    assert_eq!(sql["deployment"]["region_strategy"], "backup-restore");
    assert!(
        sql["backup"]["copy_region"].is_string(),
        "{}",
        sql["backup"]
    );

    // Cloud Monitoring: an alert policy naming the instance in its filter's labels, one
    // whose filter is built from a reference, an uptime check; a CPU alert credits nothing.
    assert_eq!(
        sql["observability"]["alarms"],
        serde_json::json!(["health", "replication-lag"])
    );
    assert!(why(sql, "observability.alarms").contains(
        "google_monitoring_alert_policy.sql_lag: Cloud Monitoring alert policy on cloudsql.googleapis.com/database/replication/replica_lag"
    ));
    assert!(!why(sql, "observability.alarms").contains("cpu"));
    assert_eq!(
        bucket["observability"]["alarms"],
        serde_json::json!(["health"])
    );
    assert!(firestore.get("observability").is_none());

    let result = crate::util::assess_json(&arch.to_string());
    let region = |id: &str| crate::util::component(&result, id)["disruptions"]["region"].clone();
    // The bucket keeps serving from its other regions; what it may lose is Google's
    // published replication figure for default replication, 12 hours.
    assert_eq!(region("storage-bucket.assets")["rpo_secs"], 43_200);
    assert_eq!(region("firestore-database.db")["rpo_secs"], 0);
    assert_eq!(region("firestore-database.db")["status"], "met");
    // Restored from the day's backup kept in the multi-region.
    assert_eq!(
        region("sql-database-instance.main")["rpo_terms"][0]["what"],
        "backup-interval"
    );
    let dr204: Vec<&Value> = (result["findings"].as_array().expect("findings").iter())
        .filter(|f| f["rule"] == "DR204")
        .collect();
    assert!(
        dr204.is_empty(),
        "no DR204 on data with a copy of its own: {dr204:?}"
    );
}

/// What real states showed (fixtures/import/tf-state-gcp-edge-cases.json): a Bigtable
/// instance with one cluster is no copy in another region, and is where that cluster is; a
/// regional Spanner configuration names its region; a disk attached by a resource of its own
/// is no second instance; a snapshot taken once is the disk's one recovery point, kept where
/// its `storage_locations` say.
#[test]
fn real_state_edge_cases() {
    let arch = import("fixtures/import/tf-state-gcp-edge-cases.json", &[]);
    assert_eq!(arch["regions"]["primary"], "europe-west2");
    assert!(
        arch["regions"].get("secondary").is_none(),
        "{}",
        arch["regions"]
    );
    let bigtable = component(&arch, "bigtable-instance.metrics");
    assert!(bigtable.get("replication").is_none(), "{bigtable}");
    assert_eq!(bigtable["imported_from"][0]["region"], "europe-west2");
    let spanner = component(&arch, "spanner-instance.ledger");
    assert_eq!(spanner["imported_from"][0]["region"], "europe-west2");
    let vm = component(&arch, "compute-instance.nfs");
    assert_eq!(vm["deployment"]["instances"], 1, "{vm}");
    let disk = component(&arch, "compute-disk.nfs_data");
    assert_eq!(disk["backup"]["one_off"], true, "{disk}");
    assert_eq!(disk["backup"]["copy_region"], "eu", "{disk}");
    assert!(
        why(disk, "backup.one_off")
            .starts_with("google_compute_snapshot.nfs_seed is a snapshot of it")
    );
    // What survives a node's loss is the autoscaler's floor, and the note says so.
    let gke = component(&arch, "container-cluster.apps");
    assert_eq!(gke["deployment"]["instances"], 1, "{gke}");
    assert!(
        why(gke, "deployment.instances").contains("autoscaling's minimum, not its node_count of 3"),
        "{}",
        why(gke, "deployment.instances")
    );
}

/// A URL map forwards to backend services and buckets only: what it names through a module
/// variable (`var.backends`, for its keys) is the backend service's to forward to
/// (fixtures/import/tf-plan-gcp-lb-module.json), so the service behind it is reached through
/// the backend service and its timeout.
#[test]
fn a_url_map_forwards_to_its_backend_service_only() {
    let arch = import("fixtures/import/tf-plan-gcp-lb-module.json", &[]);
    assert_eq!(
        edges(&arch),
        [
            "lb.compute-backend-service.default → cloud-run-service.api (sync)",
            "lb.compute-url-map.default → lb.compute-backend-service.default (sync)",
        ]
    );
    let backend = component(&arch, "lb.compute-backend-service.default");
    assert_eq!(backend["depends_on"][0]["timeout"], "30s");
}
