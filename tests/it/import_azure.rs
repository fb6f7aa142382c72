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
}
