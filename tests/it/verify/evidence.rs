//! Recovery evidence from AWS (docs/verify.md, "Recovery evidence from AWS") through the real
//! binary: moto's server (installed by .ci/run, started here on 127.0.0.1) for RDS, DynamoDB,
//! EC2 snapshots and STS; a refused port for an endpoint that is down. AWS Backup's recovery
//! points and restore jobs, which moto does not serve, are covered by the SDK's mocks in
//! `src/verify/sources/backup.rs`.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_config::BehaviorVersion;
use aws_sdk_s3::config::{Credentials, Region};
use serde_json::{Value, json};

use super::server::{ACCESS_KEY, SECRET_KEY, TempDir};

/// moto's server on a free port of 127.0.0.1, stopped on drop.
pub(super) struct Moto {
    child: Child,
    pub(super) url: String,
    /// Its working directory: the recorder writes its file there, not in the checkout.
    _dir: TempDir,
}

impl Moto {
    /// `None` (the test skips) outside CI when moto is not installed.
    pub(super) fn start(env: &[(&str, &str)]) -> Option<Moto> {
        let exe = crate::util::installed(
            &["moto_server"],
            "pip install 'moto[server]==5.2.5' (.ci/run puts it in target/ci-venv)",
        )?;
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").expect("a free port");
            l.local_addr().expect("an address").port()
        };
        let dir = TempDir::new("moto");
        let mut cmd = Command::new(exe);
        cmd.current_dir(dir.path())
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("moto_server starts");
        let moto = Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "moto did not start in 30s");
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(moto)
    }

    /// moto's recorder: every request from now on is kept.
    pub(super) fn record(&self) {
        http(
            &format!("{}/moto-api/recorder/start-recording", self.url),
            "POST",
        );
    }

    /// The recorded requests, one JSON object a line.
    pub(super) fn recording(&self) -> Vec<Value> {
        http(
            &format!("{}/moto-api/recorder/download-recording", self.url),
            "GET",
        )
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a recorded request"))
        .collect()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.0 request to moto's own API (no client library needed).
fn http(url: &str, method: &str) -> String {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest.split_once('/').expect("a path");
    let mut s = std::net::TcpStream::connect(host).expect("moto answers");
    write!(
        s,
        "{method} /{path} HTTP/1.0\r\nHost: {host}\r\nContent-Length: 0\r\n\r\n"
    )
    .expect("request sent");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("response read");
    out.split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default()
}

pub(super) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

pub(super) async fn sdk(url: &str) -> aws_config::SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(url)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "test"))
        .load()
        .await
}

/// What the tests put into moto: an RDS instance with a manual snapshot, a DynamoDB table with
/// PITR and an on-demand backup, one without PITR, and two volumes with a snapshot each, one of
/// them moved to the archive tier. Returns the two volume ids.
fn seed(url: &str) -> (String, String) {
    runtime().block_on(async {
        let conf = sdk(url).await;
        let rds = aws_sdk_rds::Client::new(&conf);
        rds.create_db_instance()
            .db_instance_identifier("orders-db")
            .engine("postgres")
            .db_instance_class("db.t3.micro")
            .allocated_storage(20)
            .master_username("admin")
            .master_user_password("not-a-secret-1")
            .backup_retention_period(7)
            .send()
            .await
            .expect("create_db_instance");
        rds.create_db_snapshot()
            .db_instance_identifier("orders-db")
            .db_snapshot_identifier("orders-db-manual-1")
            .send()
            .await
            .expect("create_db_snapshot");

        let ddb = aws_sdk_dynamodb::Client::new(&conf);
        use aws_sdk_dynamodb::types::{
            AttributeDefinition, BillingMode, KeySchemaElement, KeyType,
            PointInTimeRecoverySpecification, ScalarAttributeType,
        };
        for table in ["Orders", "Carts"] {
            ddb.create_table()
                .table_name(table)
                .billing_mode(BillingMode::PayPerRequest)
                .attribute_definitions(
                    AttributeDefinition::builder()
                        .attribute_name("pk")
                        .attribute_type(ScalarAttributeType::S)
                        .build()
                        .expect("attribute"),
                )
                .key_schema(
                    KeySchemaElement::builder()
                        .attribute_name("pk")
                        .key_type(KeyType::Hash)
                        .build()
                        .expect("key"),
                )
                .send()
                .await
                .expect("create_table");
        }
        ddb.update_continuous_backups()
            .table_name("Orders")
            .point_in_time_recovery_specification(
                PointInTimeRecoverySpecification::builder()
                    .point_in_time_recovery_enabled(true)
                    .build()
                    .expect("spec"),
            )
            .send()
            .await
            .expect("update_continuous_backups");
        ddb.create_backup()
            .table_name("Orders")
            .backup_name("orders-1")
            .send()
            .await
            .expect("create_backup");

        let ec2 = aws_sdk_ec2::Client::new(&conf);
        let mut volumes = Vec::new();
        for _ in 0..2 {
            let v = ec2
                .create_volume()
                .availability_zone("us-east-1a")
                .size(8)
                .send()
                .await
                .expect("create_volume");
            let id = v.volume_id().expect("a volume id").to_string();
            let snap = ec2
                .create_snapshot()
                .volume_id(&id)
                .send()
                .await
                .expect("create_snapshot");
            volumes.push((id, snap.snapshot_id().expect("a snapshot id").to_string()));
        }
        ec2.modify_snapshot_tier()
            .snapshot_id(&volumes[1].1)
            .storage_tier(aws_sdk_ec2::types::TargetStorageTier::Archive)
            .send()
            .await
            .expect("modify_snapshot_tier");
        (volumes[0].0.clone(), volumes[1].0.clone())
    })
}

fn arch(dir: &Path, volume: &str, archived: &str) -> std::path::PathBuf {
    let backup = |pitr: bool| json!({ "frequency": "24h", "retention": "7d", "pitr": pitr });
    let arch = json!({
        "name": "evidence-test",
        "regions": { "primary": "us-east-1" },
        "policy": { "targets": { "software": { "rto": "4h", "rpo": "30h" } } },
        "components": [
            { "id": "orders-db", "kind": "database", "backup": backup(true),
              "resources": [ { "service": "rds-instance", "id": "orders-db" } ] },
            { "id": "ghost-db", "kind": "database", "backup": backup(false),
              "resources": [ { "service": "rds-instance", "id": "ghost-db" } ] },
            { "id": "orders-table", "kind": "database", "backup": backup(true),
              "resources": [ { "service": "dynamodb-table", "id": "Orders" } ] },
            { "id": "carts-table", "kind": "database", "backup": backup(true),
              "resources": [ { "service": "dynamodb-table", "id": "Carts" } ] },
            { "id": "disk", "kind": "storage", "backup": backup(false),
              "resources": [ { "service": "ebs-volume", "id": volume } ] },
            { "id": "cold-disk", "kind": "storage", "backup": backup(false),
              "resources": [ { "arn": format!("arn:aws:ec2:us-east-1:123456789012:volume/{archived}") } ] },
            { "id": "cache", "kind": "database" }
        ]
    });
    let path = dir.join("arch.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&arch).expect("json")).expect("write arch");
    path
}

/// The clock moto stamps with, to the second: the tests' `--now` sits near it.
pub(super) fn now_plus(secs: i64) -> String {
    jiff::Timestamp::from_second(jiff::Timestamp::now().as_second() + secs)
        .expect("a time")
        .to_string()
}

pub(super) struct Out {
    pub(super) code: i32,
    pub(super) stdout: String,
    pub(super) json: Value,
}

impl Out {
    pub(super) fn entry(&self, id: &str, source: &str) -> &Value {
        self.json["evidence"]
            .as_array()
            .expect("evidence")
            .iter()
            .find(|e| e["id"] == id && e["source"] == source)
            .unwrap_or_else(|| panic!("no {source} entry for {id}: {}", self.json))
    }
}

pub(super) fn run(dir: &Path, arch: &Path, endpoint: &str, now: &str, extra: &[&str]) -> Out {
    run_with(dir, arch, endpoint, now, extra, &[])
}

fn run_with(
    dir: &Path,
    arch: &Path,
    endpoint: &str,
    now: &str,
    extra: &[&str],
    env: &[(&str, &str)],
) -> Out {
    let out = dir.join("verify.json");
    let _ = std::fs::remove_file(&out);
    let mut cmd = super::drplan();
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd
        .arg("verify")
        .arg(arch)
        .args(["--endpoint-url", endpoint, "--now", now, "-o"])
        .arg(&out)
        .args(extra)
        .output()
        .expect("run drplan");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let raw = std::fs::read_to_string(&out).unwrap_or_default();
    // DRPLAN_TEST_SHOW=1 … -- --nocapture: see what a user sees.
    if std::env::var_os("DRPLAN_TEST_SHOW").is_some() {
        eprintln!(
            "--- stdout\n{}--- stderr\n{stderr}--- verify.json\n{raw}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
    Out {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        json: serde_json::from_str(&raw).unwrap_or(Value::Null),
    }
}

/// RDS, DynamoDB and EBS in moto: fresh points, PITR on with its lag, PITR declared but off,
/// a missing instance, an archived snapshot, a component without resources skipped with a
/// note; a few days later the same points are late; and not one write call reached moto.
#[test]
fn rds_dynamodb_and_ebs_evidence_from_moto() {
    let Some(moto) = Moto::start(&[]) else { return };
    let (volume, archived) = seed(&moto.url);
    let dir = TempDir::new("evidence");
    let arch = arch(dir.path(), &volume, &archived);
    moto.record();
    let now = now_plus(60);
    let sources = ["--source", "rds,dynamodb,ebs"];
    let out = run(dir.path(), &arch, &moto.url, &now, &sources);
    assert_eq!(out.code, 1, "findings, nothing unverified:\n{}", out.stdout);
    assert_eq!(out.json["schema_version"], 3);

    let db = out.entry("orders-db", "rds");
    assert_eq!(db["status"], "fresh", "{db}");
    assert_eq!(
        db["resource"],
        "arn:aws:rds:us-east-1:123456789012:db:orders-db"
    );
    assert!(db["recovery_points"].as_u64() >= Some(1), "{db}");
    assert_eq!(db["meets_rpo"]["software"], true, "{db}");

    let ghost = out.entry("ghost-db", "rds");
    assert_eq!(ghost["status"], "missing", "{ghost}");
    assert_eq!(ghost["meets_rpo"]["software"], false, "{ghost}");

    let orders = out.entry("orders-table", "dynamodb");
    assert_eq!(orders["status"], "fresh", "{orders}");
    assert_eq!(orders["pitr"]["enabled"], true, "{orders}");
    assert_eq!(
        orders["recovery_points"], 1,
        "the on-demand backup: {orders}"
    );

    let carts = out.entry("carts-table", "dynamodb");
    assert_eq!(carts["status"], "missing", "{carts}");
    assert!(
        carts["anomalies"]
            .to_string()
            .contains("point-in-time recovery is off"),
        "{carts}"
    );

    let disk = out.entry("disk", "ebs");
    assert_eq!(disk["status"], "fresh", "{disk}");
    assert_eq!(disk["newest"]["tier"], "standard");
    assert!(
        disk["newest"]["id"]
            .as_str()
            .is_some_and(|s| s.starts_with("snap-"))
    );
    let cold = out.entry("cold-disk", "ebs");
    assert_eq!(cold["newest"]["tier"], "archive", "{cold}");
    assert!(cold["notes"].to_string().contains("archive tier"), "{cold}");

    assert!(
        out.json["notes"]
            .to_string()
            .contains("cache: no recovery evidence read"),
        "{}",
        out.json["notes"]
    );
    assert!(
        out.stdout.contains("LAST VERIFIED RESTORE"),
        "{}",
        out.stdout
    );

    // Read calls only: Describe*, List*, Get* (the recorder keeps every request moto saw).
    let calls = moto.recording();
    assert!(!calls.is_empty(), "the recorder saw the run");
    for c in &calls {
        let action = action_of(c);
        assert!(
            ["Describe", "List", "Get"]
                .iter()
                .any(|p| action.starts_with(p)),
            "a call that is not a read reached moto: {action} ({c})"
        );
    }

    // The SDK's per-service variable wins over --endpoint-url for its service: DynamoDB is
    // read from moto while every other endpoint is a refused port.
    let down = format!("http://127.0.0.1:{}", super::server::refused_port());
    let env = [("AWS_ENDPOINT_URL_DYNAMODB", moto.url.as_str())];
    let split = run_with(
        dir.path(),
        &arch,
        &down,
        &now,
        &["--source", "dynamodb"],
        &env,
    );
    assert_eq!(
        split.entry("orders-table", "dynamodb")["status"],
        "fresh",
        "{}",
        split.json
    );

    // Four days on, the daily points are late and the software RPO is missed.
    let later = out_later(dir.path(), &arch, &moto.url);
    let disk = later.entry("disk", "ebs");
    assert_eq!(disk["status"], "late", "{disk}");
    assert_eq!(disk["meets_rpo"]["software"], false);
}

fn out_later(dir: &Path, arch: &Path, url: &str) -> Out {
    run(
        dir,
        arch,
        url,
        &now_plus(4 * 86_400),
        &["--source", "rds,dynamodb,ebs"],
    )
}

/// The operation of a recorded request: the query protocol's `Action=` (RDS, EC2, STS) or
/// the JSON protocol's `X-Amz-Target` (DynamoDB).
fn action_of(call: &Value) -> String {
    if let Some(target) = call["headers"]["X-Amz-Target"].as_str() {
        return target.rsplit('.').next().unwrap_or_default().to_string();
    }
    let body = call["body"].as_str().unwrap_or_default();
    let body = if call["body_encoded"] == true {
        let bytes = aws_smithy_types::base64::decode(body).expect("moto's body is base64");
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        body.to_string()
    };
    let url = call["url"].as_str().unwrap_or_default();
    body.split('&')
        .chain(url.split(['?', '&']))
        .find_map(|kv| kv.strip_prefix("Action="))
        .map(str::to_string)
        .unwrap_or_else(|| format!("{} {url}", call["method"]))
}

/// moto with IAM checks on: credentials it does not know are refused, every source is
/// `unverified` (never fresh), exit 3, and the error names the code, not the server's text.
#[test]
fn access_denied_is_unverified() {
    let Some(moto) = Moto::start(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")]) else {
        return;
    };
    let dir = TempDir::new("denied");
    let arch = arch(dir.path(), "vol-0123456789abcdef0", "vol-0123456789abcdef1");
    let out = run(dir.path(), &arch, &moto.url, &now_plus(0), &[]);
    assert_eq!(out.code, 3, "{}", out.stdout);
    let entries = out.json["evidence"].as_array().expect("evidence");
    assert!(!entries.is_empty());
    for e in entries {
        assert_eq!(e["status"], "unverified", "{e}");
    }
}

/// An endpoint that refuses connections: every entry `unverified`, nothing fresh, exit 3,
/// quickly (the circuit spares the rest).
#[test]
fn an_endpoint_that_is_down_is_unverified() {
    let port = super::server::refused_port();
    let dir = TempDir::new("down");
    let arch = arch(dir.path(), "vol-0123456789abcdef0", "vol-0123456789abcdef1");
    let started = Instant::now();
    let out = run(
        dir.path(),
        &arch,
        &format!("http://127.0.0.1:{port}"),
        "2026-11-26T20:00:00Z",
        &[],
    );
    assert_eq!(out.code, 3, "{}", out.stdout);
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    let entries = out.json["evidence"].as_array().expect("evidence");
    assert!(entries.len() >= 6, "{}", out.json);
    for e in entries {
        assert_eq!(e["status"], "unverified", "{e}");
        assert_ne!(e["meets_rpo"]["software"], true);
    }
    assert!(out.stdout.contains("unverified"));
}

/// One evidence entry of a hand-written verify.json (schema 2), as `drplan verify` writes it.
fn entry(id: &str, source: &str, fields: Value) -> Value {
    let mut e = json!({
        "id": id, "source": source, "region": "us-east-1", "role": "primary",
        "resource": format!("arn:aws:rds:us-east-1:123456789012:db:{id}"),
        "status": "fresh", "recovery_points": 3, "newest": null, "oldest_age_secs": null
    });
    for (k, v) in fields.as_object().expect("fields") {
        e[k] = v.clone();
    }
    e
}

fn newest(age_secs: u64, tier: &str) -> Value {
    json!({ "id": "rp-newest", "what": "recovery point", "time": "2026-11-26T00:00:00Z",
            "age_secs": age_secs, "state": "usable", "size": null, "encrypted": true,
            "immutable": null, "tier": tier })
}

fn restore(job: &str, started: &str, secs: u64, validation: &str) -> Value {
    json!({ "job_id": job, "recovery_point": "rp", "status": "completed",
            "validation": validation, "started": started, "completed": started,
            "duration_secs": secs, "data_age_secs": 3600 })
}

/// `assess --evidence` with recovery evidence from AWS: the slowest of the last five
/// restores replaces provisioning and restore, PITR lag the PITR interval, an old newest point
/// the schedule; PITR found off is DR110, a failed validation DR111, a restore proven long
/// ago DR107; an archived snapshot adds its restore from the archive; a primary where every
/// source found nothing cannot be restored; the report shows the last verified restore.
#[test]
fn aws_evidence_changes_the_assessment() {
    let dir = TempDir::new("aws-evidence");
    let db = |id: &str, pitr: bool| {
        json!({ "id": id, "kind": "database", "data_gb": 400,
                "backup": { "frequency": "24h", "retention": "35d", "pitr": pitr },
                "resources": [ { "arn": format!("arn:aws:rds:us-east-1:123456789012:db:{id}") } ] })
    };
    let arch = json!({
        "name": "aws-evidence",
        "regions": { "primary": "us-east-1" },
        "policy": { "targets": { "software": { "rto": "4h", "rpo": "30h" },
                                 "hardware": { "rto": "4h", "rpo": "30h" } } },
        "components": [ db("orders", true), db("ledger", true), db("disk", false),
                        db("old", false), db("gone", false) ]
    });
    let arch_path = dir.path().join("arch.json");
    std::fs::write(&arch_path, arch.to_string()).expect("write arch");
    let restores = json!([
        restore("r6", "2026-11-25T02:00:00Z", 2400, "successful"),
        restore("r5", "2026-11-20T02:00:00Z", 3300, "none"),
        restore("r4", "2026-11-15T02:00:00Z", 2700, "successful"),
        restore("r3", "2026-11-10T02:00:00Z", 2500, "successful"),
        restore("r2", "2026-11-05T02:00:00Z", 2600, "successful"),
        restore("r1", "2026-10-01T02:00:00Z", 9000, "successful")
    ]);
    let evidence = json!({
        "schema_version": 2, "checked_at": "2026-11-26T20:00:00Z", "components": [],
        "evidence": [
            entry("orders", "aws-backup", json!({ "newest": newest(3600, "standard"),
                "restores": restores, "last_verified_restore": restores[0] })),
            entry("orders", "rds", json!({ "newest": newest(3600, "standard"),
                "pitr": { "enabled": true, "latest_restorable": "2026-11-26T19:55:00Z",
                          "lag_secs": 300, "from": "rds:DescribeDBInstances" } })),
            entry("ledger", "rds", json!({ "status": "late", "newest": newest(40 * 3600, "standard"),
                "pitr": { "enabled": false, "latest_restorable": null, "lag_secs": null,
                          "from": "rds:DescribeDBInstances" } })),
            entry("disk", "ebs", json!({ "newest": newest(7200, "archive") })),
            entry("old", "aws-backup", json!({ "newest": newest(3600, "standard"),
                "restores": [ restore("f1", "2026-06-01T02:00:00Z", 3000, "failed"),
                              restore("s1", "2026-05-01T02:00:00Z", 3000, "successful") ],
                "last_verified_restore": restore("s1", "2026-05-01T02:00:00Z", 3000, "successful") })),
            entry("gone", "aws-backup", json!({ "status": "missing", "recovery_points": 0 })),
            entry("gone", "rds", json!({ "status": "missing", "recovery_points": 0 }))
        ]
    });
    let evidence_path = dir.path().join("verify.json");
    std::fs::write(&evidence_path, evidence.to_string()).expect("write evidence");
    let assess = |format: &str| {
        crate::util::run(
            crate::util::drplan()
                .arg("assess")
                .arg(&arch_path)
                .args(["--now", "2026-11-26", "--format", format, "--evidence"])
                .arg(&evidence_path),
        )
    };
    let report = assess("json").json();
    let component = |id: &str| -> Value {
        report["components"]
            .as_array()
            .expect("components")
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no {id}"))
            .clone()
    };
    let orders = component("orders");
    let software = &orders["disruptions"]["software"];
    assert_eq!(
        software["terms"],
        json!([{ "what": "detection", "secs": 300 },
               { "what": "measured-restore", "secs": 3300, "measured": true }]),
        "the slowest of the last five (r1 is the sixth): {software}"
    );
    assert_eq!(
        software["rpo_terms"],
        json!([{ "what": "pitr-lag", "secs": 300, "measured": true }])
    );
    let hardware = &orders["disruptions"]["hardware"];
    assert_eq!(hardware["rto_secs"], 300 + 3300, "{hardware}");

    let ledger = &component("ledger")["disruptions"]["software"];
    assert_eq!(
        ledger["rpo_terms"],
        json!([{ "what": "backup-age", "secs": 40 * 3600, "measured": true }]),
        "PITR found off: the newest point's age, worse than the schedule: {ledger}"
    );
    assert_eq!(ledger["status"], "breached");

    let disk = &component("disk")["disruptions"]["software"];
    assert!(
        disk["terms"]
            .as_array()
            .expect("terms")
            .iter()
            .any(|t| t["what"] == "archive-restore" && t["secs"] == 72 * 3600),
        "{disk}"
    );
    let gone = &component("gone")["disruptions"]["software"];
    assert_eq!(gone["rto_secs"], Value::Null, "{gone}");

    let findings: Vec<(String, String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["component"].as_str().unwrap_or_default().to_string(),
                f["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let has = |rule: &str, id: &str| findings.iter().any(|f| f.0 == rule && f.1 == id);
    assert!(has("DR110", "ledger"), "{findings:?}");
    assert!(has("DR111", "old") && has("DR107", "old"), "{findings:?}");
    assert!(
        !has("DR107", "orders"),
        "a restore validated yesterday: {findings:?}"
    );
    assert!(!has("DR111", "orders"), "{findings:?}");

    assert_eq!(
        report["restores"][0],
        json!({ "component": "old", "date": "2026-05-01", "duration_secs": 3000,
                "rto_target_secs": 14400, "within_target": true })
    );
    let markdown = assess("markdown").stdout();
    assert!(
        markdown.contains("`orders`: 2026-11-25, 40m vs RTO target 4h"),
        "{markdown}"
    );
    let html = assess("html").stdout();
    assert!(
        html.contains("last verified restore: 2026-11-25, 40m vs RTO target 4h"),
        "the HTML card"
    );
}
