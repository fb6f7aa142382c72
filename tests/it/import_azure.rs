//! `drplan import` of Terraform plans and states that use the `azurerm` provider (issue 21),
//! alone and mixed with `aws`, against the fixtures under fixtures/import/ (each pinned as a
//! snapshot of what it imports to, read by hand once), and what assessing them finds.

use serde_json::Value;

use crate::util::{drplan_run, scratch};

/// `drplan import FILE`: the architecture it prints.
fn import(file: &str) -> Value {
    let path = format!("fixtures/import/{file}");
    let run = drplan_run(&["import", path.as_str()]);
    assert_eq!(run.code, 0, "drplan import {file} failed:\n{}", run.stderr);
    run.json()
}

fn component<'a>(arch: &'a Value, id: &str) -> &'a Value {
    (arch["components"].as_array().expect("components").iter())
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no component {id}"))
}

fn why<'a>(c: &'a Value, field: &str) -> &'a str {
    c["x-why"][field].as_str().unwrap_or_default()
}

/// The ids of a component's edges, `critical: false` ones marked with `?`.
fn deps(c: &Value) -> Vec<String> {
    (c["depends_on"].as_array().into_iter().flatten())
        .map(|e| match e {
            Value::String(id) => id.clone(),
            other => {
                let id = other["id"].as_str().expect("an id").to_string();
                if other["critical"] == false {
                    format!("{id}?")
                } else {
                    id
                }
            }
        })
        .collect()
}

/// The Azure plan's components carry the facts read by hand from the configuration.
#[test]
fn an_azure_plan_becomes_its_components_with_their_facts() {
    let arch = import("tf-plan-azure.json");
    assert_eq!(arch["regions"]["primary"], "westeurope");
    assert_eq!(arch["regions"]["secondary"], "northeurope");
    // Storage: GRS replicates to the paired region; LRS is three copies in one zone.
    let assets = component(&arch, "storage-account.assets");
    assert_eq!(assets["service"], "azure:storage");
    assert_eq!(assets["deployment"]["zones"], 1);
    assert_eq!(assets["replication"]["mode"], "async");
    assert_eq!(assets["backup"]["versioning"], true);
    assert!(why(assets, "replication.mode").contains("northeurope"));
    let logs = component(&arch, "storage-account.logs");
    assert_eq!(logs["deployment"]["zones"], 1);
    assert_eq!(logs["backup"]["versioning"], false);
    assert!(logs.get("replication").is_none());
    // SQL: Business Critical, zone redundant, geo backups, a failover group to northeurope.
    let orders = component(&arch, "mssql-database.orders");
    assert_eq!(orders["deployment"]["instances"], 4);
    assert_eq!(orders["deployment"]["zones"], 3);
    assert_eq!(orders["backup"]["retention"], "14d");
    assert_eq!(orders["backup"]["pitr"], true);
    assert_eq!(orders["backup"]["cross_region_copy"], true);
    assert_eq!(orders["replication"]["mode"], "async");
    assert_eq!(
        orders["deletion_protection"], true,
        "its server's group is locked"
    );
    assert!(why(orders, "replication.mode").contains("failover policy Automatic"));
    // PostgreSQL: zone-redundant HA, geo backups, its replica in northeurope folded in.
    let catalog = component(&arch, "postgresql-flexible-server.catalog");
    assert_eq!(catalog["deployment"]["instances"], 2);
    assert_eq!(catalog["deployment"]["zones"], 2);
    assert_eq!(catalog["backup"]["retention"], "21d");
    assert_eq!(catalog["backup"]["cross_region_copy"], true);
    assert_eq!(catalog["replication"]["mode"], "async");
    let from: Vec<&str> = (catalog["imported_from"].as_array().expect("origins").iter())
        .map(|o| o["address"].as_str().expect("an address"))
        .collect();
    assert!(from.contains(&"azurerm_postgresql_flexible_server.catalog_replica"));
    // MySQL without HA or geo backups: one zone, backups stay in the region, no lock.
    let crm = component(&arch, "mysql-flexible-server.crm");
    assert_eq!(crm["deployment"]["instances"], 1);
    assert_eq!(crm["deployment"]["zones"], 1);
    assert!(crm["backup"].get("cross_region_copy").is_none());
    assert_eq!(crm["deployment"]["region_strategy"], "none");
    assert_eq!(crm["deletion_protection"], false);
    // Cosmos DB: four replicas in three zones, a second region, continuous backup.
    let carts = component(&arch, "cosmosdb-account.carts");
    assert_eq!(carts["deployment"]["instances"], 4);
    assert_eq!(carts["deployment"]["zones"], 3);
    assert_eq!(carts["backup"]["pitr"], true);
    assert_eq!(carts["backup"]["retention"], "7d");
    assert_eq!(carts["replication"]["mode"], "async");
    // AKS: the single-zone node pool sets the zones.
    let aks = component(&arch, "kubernetes-cluster.main");
    assert_eq!(aks["deployment"]["instances"], 5);
    assert_eq!(aks["deployment"]["zones"], 1);
    assert!(why(aks, "deployment.zones").contains("node_pool.jobs"));
    // count in an availability set: one component, one zone; for_each in two zones, backed up.
    let batch = component(&arch, "linux-virtual-machine.batch");
    assert_eq!(batch["deployment"]["instances"], 2);
    assert_eq!(batch["deployment"]["zones"], 1);
    assert_eq!(deps(batch), ["managed-disk.batch_data"]);
    let report = component(&arch, "windows-virtual-machine.report");
    assert_eq!(report["deployment"]["instances"], 2);
    assert_eq!(report["deployment"]["zones"], 2);
    assert_eq!(report["backup"]["frequency"], "1d");
    assert_eq!(report["backup"]["retention"], "30d");
    assert_eq!(report["backup"]["cross_region_copy"], true);
    assert_eq!(report["backup"]["immutable"], true);
    // Redis Premium in two zones, hourly RDB snapshots.
    let redis = component(&arch, "redis-cache.sessions");
    assert_eq!(redis["deployment"]["instances"], 2);
    assert_eq!(redis["deployment"]["zones"], 2);
    assert_eq!(redis["backup"]["frequency"], "1h");
    // The web tier: the load balancer reaches the scale set through its pool.
    let lb = component(&arch, "lb.web");
    assert_eq!(lb["deployment"]["zones"], 3);
    assert_eq!(deps(lb), ["linux-virtual-machine-scale-set.web"]);
    let vmss = component(&arch, "linux-virtual-machine-scale-set.web");
    assert_eq!(vmss["deployment"]["instances"], 3);
    assert_eq!(vmss["deployment"]["zones"], 3);
    // The API plan: its app folded in, its dr copy in northeurope a warm standby, slots.
    let api = component(&arch, "service-plan.api");
    assert_eq!(api["deployment"]["instances"], 3);
    assert_eq!(api["deployment"]["zones"], 3);
    assert_eq!(api["deployment"]["region_strategy"], "warm-standby");
    assert_eq!(api["deploy"]["method"], "blue-green");
    assert_eq!(
        deps(api),
        [
            "cosmosdb-account.carts",
            "mssql-database.orders",
            "postgresql-flexible-server.catalog",
            "storage-account.assets"
        ]
    );
    // Traffic Manager: the first endpoint is needed, the second only on failover.
    let tm = component(&arch, "traffic-manager-profile.shop");
    assert_eq!(tm["scope"], "global");
    assert_eq!(deps(tm), ["application-gateway.front", "service-plan.api?"]);
    let agw = component(&arch, "application-gateway.front");
    assert_eq!(agw["depends_on"][0]["timeout"], "20s");
}

/// The plan and the state of the same configuration agree on what matters: the same
/// components in the same places with the same copies and backups.
#[test]
fn an_azure_plan_and_its_state_import_alike() {
    let (plan, state) = (import("tf-plan-azure.json"), import("tf-state-azure.json"));
    let ids = |a: &Value| -> Vec<String> {
        (a["components"].as_array().expect("components").iter())
            .map(|c| c["id"].as_str().expect("an id").to_string())
            .collect()
    };
    assert_eq!(ids(&plan), ids(&state));
    for id in ids(&plan) {
        let (p, s) = (component(&plan, &id), component(&state, &id));
        for field in ["deployment", "backup", "replication", "deletion_protection"] {
            assert_eq!(p[field], s[field], "{id} {field}");
        }
    }
}

/// Secrets in the fixtures (passwords, access keys, connection strings, a kube config, an app
/// setting) never reach the output.
#[test]
fn azure_secrets_never_reach_an_output() {
    for file in [
        "tf-plan-azure.json",
        "tf-state-azure.json",
        "tf-mixed-clouds.json",
    ] {
        let run = drplan_run(&["import", &format!("fixtures/import/{file}")]);
        let all = format!("{}{}", run.stdout(), run.stderr);
        for secret in [
            "do-not-print",
            "c2VjcmV0",
            "AccountKey",
            "DB_PASSWORD",
            "apiVersion: v1",
        ] {
            assert!(!all.contains(secret), "{file} printed {secret}");
        }
    }
}

/// Assessing the Azure import: the findings fire on the facts (an LRS account is single-zone
/// and unversioned, a server without geo-redundant backups has no copy out of the region), in
/// Azure's words, with SARIF locations at the resource addresses.
#[test]
fn an_azure_import_is_assessed_with_azures_words() {
    let dir = scratch("an_azure_import_is_assessed");
    let arch = dir.join("azure.json");
    let run = drplan_run(&[
        "import",
        "fixtures/import/tf-plan-azure.json",
        "--tier",
        "critical",
        "-o",
        arch.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = drplan_run(&[
        "assess",
        arch.to_str().expect("a UTF-8 path"),
        "--format",
        "json",
    ]);
    assert!(run.code <= 1, "{}", run.stderr);
    let report = run.json();
    let findings = report["findings"].as_array().expect("findings");
    let fired = |rule: &str, id: &str| {
        findings
            .iter()
            .find(|f| f["rule"] == rule && f["component"] == id)
    };
    let single = fired("DR202", "storage-account.logs").expect("LRS storage is single-zone");
    assert!(
        single["remediation"]
            .as_str()
            .is_some_and(|r| r.contains("ZRS")),
        "{single}"
    );
    let unversioned = fired("DR109", "storage-account.logs").expect("unversioned");
    assert!(
        unversioned["remediation"]
            .as_str()
            .is_some_and(|r| r.contains("versioning_enabled"))
    );
    let copy = fired("DR102", "mysql-flexible-server.crm").expect("no copy out of region");
    assert!(
        copy["remediation"]
            .as_str()
            .is_some_and(|r| r.contains("geo_redundant_backup_enabled")),
        "{copy}"
    );
    assert!(
        fired("DR102", "mssql-database.orders").is_none(),
        "geo backups are a copy"
    );
    assert!(
        fired("DR202", "kubernetes-cluster.main").is_some(),
        "a single-zone pool"
    );
    // The published figures are in the assumption table, and used.
    assert!(report["assumptions"]["geo_restore.rpo@azure:sql"]["source"].is_string());
    assert!(report["running_prices"]["storage-account.logs"]["list_price"] == true);
    let sarif = drplan_run(&[
        "assess",
        arch.to_str().expect("a UTF-8 path"),
        "--format",
        "sarif",
    ]);
    let text = sarif.stdout();
    assert!(
        text.contains("azurerm_storage_account.logs"),
        "a SARIF location at the resource address"
    );
}

/// `drplan ops` and `drplan verify` act for AWS only, and say so for each Azure component: a
/// procedure by hand in Azure Monitor, a note naming the component.
#[test]
fn ops_and_verify_say_they_are_aws_only_for_azure_components() {
    let dir = scratch("ops_and_verify_say_they_are_aws_only");
    let arch = dir.join("azure.json");
    let arch = arch.to_str().expect("a UTF-8 path");
    let run = drplan_run(&[
        "import",
        "fixtures/import/tf-plan-azure.json",
        "--tier",
        "critical",
        "-o",
        arch,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.join("ops");
    let run = drplan_run(&[
        "ops",
        arch,
        "--emit",
        "terraform",
        "-o",
        out.to_str().expect("UTF-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let alarm =
        std::fs::read_to_string(out.join("alarms/alarm-backup-freshness-mssql-database.orders.md"))
            .expect("the alarm's procedure is written");
    assert!(alarm.contains("runs on Azure (azure:sql)"), "{alarm}");
    assert!(alarm.contains("Azure Monitor"), "{alarm}");
    // No AWS template was written for an Azure component.
    let templates: Vec<String> = walk(&out)
        .into_iter()
        .filter(|p| p.ends_with(".tf") || p.ends_with(".json"))
        .filter_map(|p| std::fs::read_to_string(&p).ok())
        .collect();
    assert!(
        templates
            .iter()
            .all(|t| !t.contains("mssql-database.orders") || !t.contains("aws_cloudwatch")),
        "an AWS alarm for an Azure component"
    );
    // verify reads nothing of Azure, and says so for each stateful component.
    let run = drplan_run(&["verify", arch, "--endpoint-url", "http://127.0.0.1:9"]);
    assert!(
        run.stdout().contains(
            "mssql-database.orders: no recovery evidence read: it runs on Azure (azure:sql), and drplan verify reads AWS evidence only, for now"
        ),
        "{}",
        run.stdout()
    );
}

/// Every file under a directory.
fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p.to_string_lossy().into_owned());
        }
    }
    out
}

/// The Azure and mixed imports are valid for the schema `drplan schema` prints, their notes
/// and the copies' own regions included.
#[test]
fn azure_imports_are_valid_for_the_schema() {
    let Some(schema) = crate::import::Schema::new("azure_imports_are_valid_for_the_schema") else {
        return;
    };
    for file in [
        "tf-plan-azure.json",
        "tf-state-azure.json",
        "tf-state-azure-legacy.json",
        "tf-mixed-clouds.json",
    ] {
        schema.holds(file, &["import", &format!("fixtures/import/{file}")]);
    }
}

/// In a file with two clouds, each keeps its own pair: the architecture takes the pair of
/// the cloud with more components, and the other cloud's copies name their own regions.
#[test]
fn two_clouds_in_one_plan_keep_their_own_regions() {
    let arch = import("tf-mixed-clouds.json");
    assert_eq!(arch["regions"]["primary"], "us-east-1");
    assert_eq!(arch["regions"]["secondary"], "us-west-2");
    let carts = component(&arch, "cosmosdb-account.carts");
    assert_eq!(carts["replication"]["region"], "northeurope");
    assert_eq!(carts["backup"]["copy_region"], "northeurope");
    assert_eq!(carts["deployment"]["region_strategy"], "pilot-light");
    let audit = component(&arch, "sqs-queue.audit");
    assert!(why(audit, "deployment.region_strategy").starts_with("eu-west-1 is outside the pair"));
    // The Azure API reads the AWS queue: an asynchronous edge across clouds.
    let api = component(&arch, "service-plan.api");
    let to_queue = (api["depends_on"].as_array().expect("edges").iter())
        .find(|e| e["id"] == "sqs-queue.orders")
        .expect("an edge to the queue");
    assert_eq!(to_queue["mode"], "async");
    let run = drplan_run(&["import", "fixtures/import/tf-mixed-clouds.json"]);
    assert!(
        run.stderr
            .contains("azure: 3 components, primary westeurope, secondary northeurope")
    );
}

/// A figure Azure publishes for a service replaces the kind's default for that service only,
/// names its row in the term, and is overridden like any assumption: two databases alike but
/// for their service (docs/model.md §1).
#[test]
fn published_figures_replace_the_kinds_defaults_for_their_service_only() {
    let text = r#"{"name": "p", "regions": {"primary": "westeurope", "secondary": "northeurope"},
      "components": [
        {"id": "sql", "kind": "database", "service": "azure:sql:elasticpool", "data_gb": 100,
         "deployment": {"region_strategy": "backup-restore"},
         "backup": {"frequency": "12h", "pitr": true, "cross_region_copy": true}},
        {"id": "rds", "kind": "database", "service": "aws:rds:postgres", "data_gb": 100,
         "deployment": {"region_strategy": "backup-restore"},
         "backup": {"frequency": "12h", "pitr": true, "cross_region_copy": true}}
      ]}"#;
    let result = crate::util::assess_json(text);
    let terms = |id: &str, d: &str, key: &str| -> Vec<(String, u64, Option<String>)> {
        crate::util::component(&result, id)["disruptions"][d][key]
            .as_array()
            .expect("terms")
            .iter()
            .map(|t| {
                (
                    t["what"].as_str().expect("what").to_string(),
                    t["secs"].as_u64().expect("secs"),
                    t["published"].as_str().map(str::to_string),
                )
            })
            .collect()
    };
    let key = |k: &str| Some(k.to_string());
    // Azure SQL: the geo-restore's published RTO and RPO; log backups every 10 minutes.
    assert_eq!(
        terms("sql", "region", "terms"),
        [
            ("detection".into(), 300, None),
            (
                "geo-restore".into(),
                12 * 3600,
                key("geo_restore.rto@azure:sql")
            ),
            ("traffic-switch".into(), 60, None),
        ]
    );
    assert_eq!(
        terms("sql", "region", "rpo_terms"),
        [(
            "geo-restore-loss".into(),
            3600,
            key("geo_restore.rpo@azure:sql")
        )]
    );
    assert_eq!(
        terms("sql", "software", "rpo_terms"),
        [("backup-interval".into(), 600, key("pitr_rpo@azure:sql"))]
    );
    // RDS keeps the kind's defaults: provision, restore, the snapshot and the copy lag.
    assert_eq!(
        terms("rds", "region", "rpo_terms"),
        [
            ("backup-interval".into(), 12 * 3600, None),
            ("copy-lag".into(), 900, None)
        ]
    );
    assert_eq!(
        terms("rds", "software", "rpo_terms"),
        [("backup-interval".into(), 300, None)]
    );
    // Every row is in the assumption table, with its source.
    let row = &result["assumptions"]["geo_restore.rpo@azure:sql"];
    assert_eq!(row["value"], 3600);
    assert!(
        row["source"]
            .as_str()
            .is_some_and(|s| s.contains("Microsoft Learn"))
    );
    // An override file changes it like any row, and names it on a typo.
    let dir = scratch("published_figures_override");
    let arch = dir.join("p.json");
    std::fs::write(&arch, text).expect("written");
    let file = dir.join("a.json");
    std::fs::write(&file, r#"{"geo_restore.rpo@azure:sql": "30m"}"#).expect("written");
    let run = drplan_run(&[
        "assess",
        arch.to_str().expect("UTF-8"),
        "--assumptions",
        file.to_str().expect("UTF-8"),
        "--format",
        "json",
    ]);
    let out = run.json();
    let sql = &crate::util::component(&out, "sql")["disruptions"]["region"];
    assert_eq!(sql["rpo_secs"], 1800, "{}", run.stderr);
    std::fs::write(&file, r#"{"geo_restore.rpo@azure:sqll": "30m"}"#).expect("written");
    let run = drplan_run(&[
        "assess",
        arch.to_str().expect("UTF-8"),
        "--assumptions",
        file.to_str().expect("UTF-8"),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("did you mean \"geo_restore.rpo@azure:sql\""),
        "{}",
        run.stderr
    );
}

/// What every Azure fixture imports to, pinned.
macro_rules! pinned_imports {
    ($($name:ident: $($arg:literal)+;)+) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(crate::import::printed(&[$($arg),+]));
        }
    )+};
}

pinned_imports! {
    import_tf_plan_azure: "import" "fixtures/import/tf-plan-azure.json";
    import_tf_state_azure: "import" "fixtures/import/tf-state-azure.json";
    import_tf_state_azure_legacy: "import" "fixtures/import/tf-state-azure-legacy.json";
    import_tf_mixed_clouds: "import" "fixtures/import/tf-mixed-clouds.json";
    import_tf_plan_azure_alerts: "import" "fixtures/import/tf-plan-azure-alerts.json";
    import_tf_state_azure_blank_ids: "import" "fixtures/import/tf-state-azure-blank-ids.json";
}

/// Azure Monitor metric alerts and Application Insights availability tests are credited to
/// what they watch (an alert's `scopes`, a test's request URL) with the alarm their metric
/// makes; a disabled alert and one on a metric that says nothing of recovery (CPU) are not.
#[test]
fn alerts_and_availability_tests_are_credited_to_what_they_watch() {
    let arch = import("tf-plan-azure-alerts.json");
    let catalog = component(&arch, "postgresql-flexible-server.catalog");
    assert_eq!(
        catalog["observability"]["alarms"],
        serde_json::json!(["health", "replication-lag"])
    );
    let why_alarms = why(catalog, "observability.alarms");
    assert!(
        why_alarms.contains("azurerm_monitor_metric_alert.catalog_lag: Azure Monitor metric alert on physical_replication_delay_in_seconds")
            && why_alarms.contains("is_db_alive")
            && !why_alarms.contains("cpu"),
        "{why_alarms}"
    );
    let assets = component(&arch, "storage-account.assets");
    // The availability test only: the storage alert is disabled.
    assert_eq!(
        assets["observability"]["alarms"],
        serde_json::json!(["health"])
    );
    assert!(why(assets, "observability.alarms").starts_with(
        "azurerm_application_insights_standard_web_test.assets: Application Insights availability test"
    ));
    assert!(
        component(&arch, "storage-account.logs")
            .get("observability")
            .is_none()
    );

    // DR401 no longer asks the catalog for the alarms it has.
    let mut with_policy = arch.clone();
    with_policy["policy"] = serde_json::json!({ "tier": "critical" });
    let result = crate::util::assess_json(&with_policy.to_string());
    let missing: Vec<&str> = (result["findings"].as_array().expect("findings").iter())
        .filter(|f| f["rule"] == "DR401" && f["component"] == "postgresql-flexible-server.catalog")
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(
        missing
            .iter()
            .all(|m| !m.contains("health") && !m.contains("replication-lag")),
        "{missing:?}"
    );
}

/// What a real state showed (fixtures/import/tf-state-azure-blank-ids.json): the provider
/// writes an optional string left unset as `""`, so two virtual machines whose
/// `availability_set_id` is `""` are two machines of their own, not one set of two; and a
/// network interface's pool association names the gateway's pool by its id, under the
/// gateway's: the gateway forwards to the machine behind that interface.
#[test]
fn blank_ids_are_no_availability_set_and_pool_ids_name_their_gateway() {
    let arch = import("tf-state-azure-blank-ids.json");
    for id in ["linux-virtual-machine.web", "linux-virtual-machine.was"] {
        let vm = component(&arch, id);
        assert_eq!(vm["deployment"]["instances"], 1, "{vm}");
    }
    assert_eq!(
        deps(component(&arch, "application-gateway.main")),
        ["linux-virtual-machine.web"]
    );
}
