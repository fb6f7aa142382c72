//! `drplan verify` against real S3 protocol servers on 127.0.0.1, started by the tests
//! (s3s-fs in-process; see `verify/server.rs`), through the real binary.

mod evidence;
mod experiments;
mod server;

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;
use server::{NOW, SECRET_KEY, Server, TempDir};

const HOUR: u64 = 3600;
const DAY: u64 = 24 * HOUR;

fn h(n: u64) -> Duration {
    Duration::from_secs(n * HOUR)
}

fn d(n: u64) -> Duration {
    Duration::from_secs(n * DAY)
}

/// The binary with credentials for the test server and nothing from this machine's AWS
/// setup (no profile files, no instance metadata).
fn drplan() -> assert_cmd::Command {
    let mut cmd = crate::util::drplan();
    for var in [
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_S3",
        "AWS_DEFAULT_REGION",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("AWS_ACCESS_KEY_ID", server::ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent/drplan-test/config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/drplan-test/credentials",
        )
        .timeout(Duration::from_secs(120));
    cmd
}

/// An architecture with the given components and a policy: software RPO 30h, region 2d.
fn write_arch(dir: &Path, components: Value) -> std::path::PathBuf {
    let arch = serde_json::json!({
        "name": "verify-test",
        "regions": { "primary": "us-east-1", "secondary": "us-west-2" },
        "policy": { "targets": {
            "software": { "rto": "4h", "rpo": "30h" },
            "region": { "rto": "8h", "rpo": "2d" } } },
        "components": components,
    });
    let path = dir.join("arch.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&arch).expect("json")).expect("write arch");
    path
}

fn db(id: &str, backup: Value) -> Value {
    serde_json::json!({ "id": id, "kind": "database", "data_gb": 50, "backup": backup })
}

/// What one run gave: exit code, stdout, stderr and the verify.json.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    json: Value,
    raw: String,
    elapsed: Duration,
}

impl Run {
    fn entry(&self, id: &str, location: &str) -> &Value {
        self.json["components"]
            .as_array()
            .expect("components")
            .iter()
            .find(|c| c["id"] == id && c["location"] == location)
            .unwrap_or_else(|| panic!("no entry {id} {location} in {}", self.raw))
    }

    fn status(&self, id: &str, location: &str) -> String {
        self.entry(id, location)["status"]
            .as_str()
            .expect("status")
            .to_string()
    }
}

fn verify(dir: &Path, arch: &Path, endpoint: &str, extra: &[&str]) -> Run {
    let out = dir.join("verify.json");
    let _ = std::fs::remove_file(&out);
    let started = Instant::now();
    let output = drplan()
        .arg("verify")
        .arg(arch)
        .args(["--endpoint-url", endpoint, "--now", NOW, "-o"])
        .arg(&out)
        .args(extra)
        .output()
        .expect("run drplan");
    let elapsed = started.elapsed();
    let raw = std::fs::read_to_string(&out).unwrap_or_default();
    // DRPLAN_TEST_SHOW=1 cargo test --test verify NAME -- --nocapture: see what a user sees.
    if std::env::var_os("DRPLAN_TEST_SHOW").is_some() {
        eprintln!(
            "--- stdout\n{}--- stderr\n{}--- verify.json\n{raw}--- {elapsed:?}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        json: serde_json::from_str(&raw).unwrap_or(Value::Null),
        raw,
        elapsed,
    }
}

/// Seven daily recovery points ending `newest` ago, 1 KiB each, with SHA-256.
fn daily(s: &Server, bucket: &str, prefix: &str, newest: Duration, count: u64) {
    for i in 0..count {
        let age = newest + d(i);
        let key = format!("{prefix}dump-{i:02}.sql.gz");
        s.put(bucket, &key, &vec![b'a' + (i % 26) as u8; 1024], age);
    }
}

fn backup(location: &str) -> Value {
    serde_json::json!({ "frequency": "24h", "retention": "7d", "location": location })
}

/// Daily backups, the newest 3h old, seven kept for a 7d retention: fresh, exit 0, every
/// figure as the listing says, SHA-256 present on all, the software RPO met and the region
/// key left to the copy.
#[test]
fn fresh_backups_exit_0() {
    let s = Server::start();
    s.create_bucket("backups");
    daily(&s, "backups", "orders/", h(3), 7);
    let dir = TempDir::new("fresh");
    let arch = write_arch(
        dir.path(),
        serde_json::json!([db("orders", backup("s3://backups/orders/"))]),
    );
    let run = verify(dir.path(), &arch, &s.url(), &[]);
    assert_eq!(run.code, 0, "{}\n{}\n{}", run.stdout, run.stderr, run.raw);
    let e = run.entry("orders", "s3://backups/orders/");
    assert_eq!(e["status"], "fresh");
    assert_eq!(e["recovery_points"], 7);
    assert_eq!(e["newest"]["key"], "orders/dump-00.sql.gz");
    assert_eq!(e["newest"]["age_secs"], 3 * HOUR);
    assert_eq!(e["newest"]["size"], 1024);
    assert_eq!(e["oldest_age_secs"], 6 * DAY + 3 * HOUR);
    assert_eq!(e["checksums"]["present"], 7);
    assert_eq!(e["meets_rpo"]["software"], true);
    assert_eq!(e["meets_rpo"]["region"], Value::Null);
    assert_eq!(e["gaps"], serde_json::json!([]));
    assert_eq!(e["anomalies"], serde_json::json!([]), "{}", run.raw);
    assert_eq!(run.json["checked_at"], NOW);
    assert!(
        run.stdout.contains("orders") && run.stdout.contains("fresh"),
        "{}",
        run.stdout
    );
    // Not a terminal: no progress bar on stderr.
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

/// With `--now` the file is byte-for-byte the same on every run.
#[test]
fn output_is_deterministic_with_now() {
    let s = Server::start();
    s.create_bucket("backups");
    daily(&s, "backups", "a/", h(3), 4);
    daily(&s, "backups", "b/", d(4), 4);
    let dir = TempDir::new("determinism");
    let arch = write_arch(
        dir.path(),
        serde_json::json!([
            db("b", backup("s3://backups/b/")),
            db("a", backup("s3://backups/a/"))
        ]),
    );
    let first = verify(dir.path(), &arch, &s.url(), &[]);
    let second = verify(dir.path(), &arch, &s.url(), &[]);
    assert!(!first.raw.is_empty());
    assert_eq!(first.raw, second.raw);
    let ids: Vec<&str> = first.json["components"]
        .as_array()
        .expect("components")
        .iter()
        .map(|c| c["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(ids, ["a", "b"], "sorted by component");
}

/// The newest recovery point is 3 days old against a daily schedule: late, exit 1, and the
/// 30h software RPO is not met.
#[test]
fn stopped_backups_are_late() {
    let s = Server::start();
    s.create_bucket("backups");
    daily(&s, "backups", "orders/", d(3), 5);
    let dir = TempDir::new("late");
    let arch = write_arch(
        dir.path(),
        serde_json::json!([db("orders", backup("s3://backups/orders/"))]),
    );
    let run = verify(dir.path(), &arch, &s.url(), &[]);
    assert_eq!(run.code, 1, "{}", run.raw);
    let e = run.entry("orders", "s3://backups/orders/");
    assert_eq!(e["status"], "late");
    assert_eq!(e["newest"]["age_secs"], 3 * DAY);
    assert_eq!(e["meets_rpo"]["software"], false);
}

/// An empty prefix, and a bucket that does not exist, are `missing`, not errors.
#[test]
fn nothing_there_is_missing() {
    let s = Server::start();
    s.create_bucket("backups");
    daily(&s, "backups", "other/", h(1), 2);
    let dir = TempDir::new("missing");
    let arch = write_arch(
        dir.path(),
        serde_json::json!([
            db("orders", backup("s3://backups/orders/")),
            db("ghost", backup("s3://no-such-bucket/ghost/"))
        ]),
    );
    let run = verify(dir.path(), &arch, &s.url(), &[]);
    assert_eq!(run.code, 1, "{}", run.raw);
    let e = run.entry("orders", "s3://backups/orders/");
    assert_eq!(e["status"], "missing");
    assert_eq!(e["recovery_points"], 0);
    assert_eq!(e["newest"], Value::Null);
    assert_eq!(e["meets_rpo"]["software"], false);
    let g = run.entry("ghost", "s3://no-such-bucket/ghost/");
    assert_eq!(g["status"], "missing");
    assert!(
        g["anomalies"][0]
            .as_str()
            .unwrap_or_default()
            .contains("does not exist"),
        "{}",
        run.raw
    );
}

/// Daily backups with three days missing inside the retention window: one gap of 4 days,
/// between the two points around the hole.
#[test]
fn a_hole_in_the_history_is_a_gap() {
    let s = Server::start();
    s.create_bucket("backups");
    for age_days in [0u64, 1, 2, 6, 7, 8, 9] {
        s.put(
            "backups",
            &format!("orders/d{age_days}.gz"),
            &[7u8; 512],
            h(2) + d(age_days),
        );
    }
    let dir = TempDir::new("gaps");
    let backup = serde_json::json!({ "frequency": "24h", "retention": "10d", "location": "s3://backups/orders/" });
    let arch = write_arch(dir.path(), serde_json::json!([db("orders", backup)]));
    let run = verify(dir.path(), &arch, &s.url(), &[]);
    assert_eq!(run.code, 1, "{}", run.raw);
    let e = run.entry("orders", "s3://backups/orders/");
    assert_eq!(
        e["status"], "fresh",
        "a gap in the past does not make the newest late"
    );
    assert_eq!(
        e["gaps"],
        serde_json::json!([{ "after": "2026-11-20T18:00:00Z", "before": "2026-11-24T18:00:00Z", "secs": 4 * DAY }])
    );
    assert!(
        run.stdout.contains("gap: nothing between"),
        "{}",
        run.stdout
    );
}

/// The newest recovery point is a tenth of the ones before it: a size anomaly; an empty
/// object is reported as empty.
#[test]
fn a_size_drop_and_an_empty_object_are_anomalies() {
    let s = Server::start();
    s.create_bucket("backups");
    for i in 1..=5u64 {
        s.put(
            "backups",
            &format!("orders/{i}.gz"),
            &vec![1u8; 10_000],
            d(i),
        );
    }
    s.put("backups", "orders/6-newest.gz", &[1u8; 1_000], h(1));
    s.put("backups", "empty/1.gz", &[1u8; 100], d(1));
    s.put("backups", "empty/2.gz", &[], h(1));
    let dir = TempDir::new("size");
    let arch = write_arch(
        dir.path(),
        serde_json::json!([
            db("orders", backup("s3://backups/orders/")),
            db(
                "empty",
                serde_json::json!({ "frequency": "24h", "location": "s3://backups/empty/" })
            )
        ]),
    );
    let run = verify(dir.path(), &arch, &s.url(), &[]);
    assert_eq!(run.code, 1, "{}", run.raw);
    let anomalies = run.entry("orders", "s3://backups/orders/")["anomalies"].to_string();
    assert!(
        anomalies.contains(
            "size: orders/6-newest.gz is 1000 B (10% of the median 9.8 KiB of the 5 before it)"
        ),
        "{anomalies}"
    );
    let anomalies = run.entry("empty", "s3://backups/empty/")["anomalies"].to_string();
    assert!(
        anomalies.contains("empty: empty/2.gz is 0 bytes"),
        "{anomalies}"
    );
}

/// `--deep` on an intact newest point verifies its SHA-256 and measures throughput; after a
/// byte of it is flipped on disk, the same run reports `corrupt` and exit 1.
#[test]
fn deep_detects_a_flipped_byte() {
    let s = Server::start();
    s.create_bucket("backups");
    daily(&s, "backups", "orders/", h(2), 3);
    let big: Vec<u8> = (0..4 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    s.put("backups", "orders/newest.gz", &big, h(1));
    let dir = TempDir::new("deep");
    let backup = serde_json::json!({ "frequency": "24h", "location": "s3://backups/orders/" });
    let arch = write_arch(dir.path(), serde_json::json!([db("orders", backup)]));

    let run = verify(dir.path(), &arch, &s.url(), &["--deep"]);
    assert_eq!(run.code, 0, "{}\n{}", run.raw, run.stderr);
    let e = run.entry("orders", "s3://backups/orders/");
    assert_eq!(e["status"], "fresh");
    assert_eq!(
        e["checksums"],
        serde_json::json!({ "present": 4, "verified": 1, "failed": 0 })
    );
    assert!(
        e["throughput_mbps"].as_f64().is_some_and(|t| t > 0.0),
        "{}",
        run.raw
    );

    s.corrupt("backups", "orders/newest.gz");
    let run = verify(dir.path(), &arch, &s.url(), &["--deep"]);
    assert_eq!(run.code, 1, "{}", run.raw);
    let e = run.entry("orders", "s3://backups/orders/");
    assert_eq!(e["status"], "corrupt");
    assert_eq!(e["checksums"]["failed"], 1);
    assert_eq!(e["checksums"]["verified"], 0);
    assert!(
        e["anomalies"]
            .to_string()
            .contains("does not match its stored SHA256"),
        "{}",
        run.raw
    );
    // Without --deep the flipped byte is invisible: the listing alone cannot see it.
    let run = verify(dir.path(), &arch, &s.url(), &[]);
    assert_eq!(run.status("orders", "s3://backups/orders/"), "fresh");
}

/// A `<key>.sha256` sidecar verifies an object the store kept no checksum for, and is not
/// itself counted as a recovery point; a wrong sidecar is a mismatch.
#[test]
fn deep_uses_sha256_sidecars() {
    use sha2::Digest;
    let s = Server::start();
    s.create_bucket("backups");
    let body = b"pg_dump custom format".to_vec();
    let digest = sha2::Sha256::digest(&body);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    s.put_plain("backups", "good/a.dump", &body, h(1));
    s.put_plain(
        "backups",
        "good/a.dump.sha256",
        format!("{hex}  a.dump\n").as_bytes(),
        h(1),
    );
    s.put_plain("backups", "bad/a.dump", &body, h(1));
    s.put_plain(
        "backups",
        "bad/a.dump.sha256",
        "0".repeat(64).as_bytes(),
        h(1),
    );
    let dir = TempDir::new("sidecar");
    let arch = write_arch(
        dir.path(),
        serde_json::json!([
            db("good", backup("s3://backups/good/")),
            db("bad", backup("s3://backups/bad/"))
        ]),
    );
    let run = verify(dir.path(), &arch, &s.url(), &["--deep"]);
    let good = run.entry("good", "s3://backups/good/");
    assert_eq!(good["recovery_points"], 1, "{}", run.raw);
    assert_eq!(
        good["checksums"],
        serde_json::json!({ "present": 1, "verified": 1, "failed": 0 })
    );
    assert_eq!(run.status("bad", "s3://backups/bad/"), "corrupt");
}

/// Objects stored with a CRC instead of a SHA-256 (what `aws s3 cp` writes by default):
/// the missing SHA-256 is an anomaly, and `--deep` still proves the bytes with the CRC and
/// catches a flipped byte.
#[test]
fn deep_recomputes_the_crc_the_store_kept() {
    use aws_sdk_s3::types::ChecksumAlgorithm;
    let s = Server::start();
    s.create_bucket("backups");
    for (i, alg) in [ChecksumAlgorithm::Crc32, ChecksumAlgorithm::Crc64Nvme]
        .into_iter()
        .enumerate()
    {
        let key = format!("db/{i}.dump");
        s.put_with(
            alg,
            "backups",
            &key,
            &vec![i as u8 + 1; 70_000],
            h(2 - i as u64),
        );
    }
    let dir = TempDir::new("crc");
    let backup = serde_json::json!({ "frequency": "24h", "location": "s3://backups/db/" });
    let arch = write_arch(dir.path(), serde_json::json!([db("db", backup)]));
    let run = verify(dir.path(), &arch, &s.url(), &["--deep"]);
    let e = run.entry("db", "s3://backups/db/");
    assert_eq!(e["status"], "fresh", "{}", run.raw);
    assert_eq!(
        e["checksums"],
        serde_json::json!({ "present": 0, "verified": 1, "failed": 0 })
    );
    assert!(
        e["anomalies"].to_string().contains("has no stored SHA-256"),
        "{}",
        run.raw
    );
    s.corrupt("backups", "db/1.dump");
    let run = verify(dir.path(), &arch, &s.url(), &["--deep"]);
    let e = run.entry("db", "s3://backups/db/");
    assert_eq!(e["status"], "corrupt", "{}", run.raw);
    assert!(
        e["anomalies"].to_string().contains("stored CRC64NVME"),
        "{}",
        run.raw
    );
}

/// `layout: prefix`: one recovery point per first-level folder, dated by its newest object
/// and sized by the sum of its objects.
#[test]
fn prefix_layout_groups_folders() {
    let s = Server::start();
    s.create_bucket("backups");
    for (day, age) in [
        ("2026-11-24", d(2) + h(17)),
        ("2026-11-25", d(1) + h(17)),
        ("2026-11-26", h(17)),
    ] {
        s.put(
            "backups",
            &format!("snap/{day}/base.tar"),
            &[1u8; 3000],
            age + h(1),
        );
        s.put("backups", &format!("snap/{day}/wal/0001"), &[2u8; 500], age);
    }
    let dir = TempDir::new("prefix");
    let backup = serde_json::json!({ "frequency": "24h", "location": "s3://backups/snap/", "layout": "prefix" });
    let arch = write_arch(dir.path(), serde_json::json!([db("files", backup)]));
    let run = verify(dir.path(), &arch, &s.url(), &[]);
    let e = run.entry("files", "s3://backups/snap/");
    assert_eq!(e["recovery_points"], 3, "{}", run.raw);
    assert_eq!(e["newest"]["key"], "snap/2026-11-26/");
    assert_eq!(e["newest"]["size"], 3500);
    assert_eq!(e["newest"]["age_secs"], 17 * HOUR);
    assert_eq!(e["status"], "fresh");
}

/// `time_from: key`: the keys say the backups are days old although the files were all
/// touched an hour ago (a copy job rewrote them): late, dated by the keys.
#[test]
fn key_timestamps_date_the_recovery_points() {
    let s = Server::start();
    s.create_bucket("backups");
    for key in [
        "db/orders-2026-11-22T0300Z.dump",
        "db/orders-20261123T030000.dump",
        "db/2026-11-21.dump",
    ] {
        s.put("backups", key, &[5u8; 2048], h(1));
    }
    let dir = TempDir::new("keytime");
    let backup = serde_json::json!({ "frequency": "24h", "location": "s3://backups/db/", "time_from": "key" });
    let arch = write_arch(dir.path(), serde_json::json!([db("orders", backup)]));
    let run = verify(dir.path(), &arch, &s.url(), &[]);
    let e = run.entry("orders", "s3://backups/db/");
    assert_eq!(e["status"], "late", "{}", run.raw);
    assert_eq!(e["newest"]["key"], "db/orders-20261123T030000.dump");
    assert_eq!(e["newest"]["time"], "2026-11-23T03:00:00Z");
    assert_eq!(e["oldest_age_secs"], 5 * DAY + 20 * HOUR);
}

/// The copy location has its own entry, after the primary; it answers the region RPO and
/// the primary the software RPO.
#[test]
fn the_copy_location_answers_the_region_rpo() {
    let s = Server::start();
    s.create_bucket("backups");
    s.create_bucket("backups-west");
    daily(&s, "backups", "orders/", h(2), 3);
    daily(&s, "backups-west", "orders/", d(3), 3);
    let dir = TempDir::new("copy");
    let backup = serde_json::json!({
        "frequency": "24h", "cross_region_copy": true,
        "location": "s3://backups/orders/", "copy_location": "s3://backups-west/orders/" });
    let arch = write_arch(dir.path(), serde_json::json!([db("orders", backup)]));
    let run = verify(dir.path(), &arch, &s.url(), &[]);
    let locations: Vec<&str> = run.json["components"]
        .as_array()
        .expect("components")
        .iter()
        .map(|c| c["location"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        locations,
        ["s3://backups/orders/", "s3://backups-west/orders/"]
    );
    let primary = run.entry("orders", "s3://backups/orders/");
    assert_eq!(primary["status"], "fresh");
    assert_eq!(
        primary["meets_rpo"],
        serde_json::json!({ "software": true, "region": null })
    );
    let copy = run.entry("orders", "s3://backups-west/orders/");
    assert_eq!(copy["status"], "late");
    assert_eq!(
        copy["meets_rpo"],
        serde_json::json!({ "software": null, "region": false })
    );
    assert_eq!(run.code, 1);
}

/// A port that refuses connections: every location `unverified`, never fresh, exit 3,
/// within 30 s (the circuit opens and the rest fail at once).
#[test]
fn a_refused_port_is_unverified_quickly() {
    let port = server::refused_port();
    let dir = TempDir::new("refused");
    let components: Vec<Value> = (0..6)
        .map(|i| db(&format!("db{i}"), backup(&format!("s3://backups/db{i}/"))))
        .collect();
    let arch = write_arch(dir.path(), Value::Array(components));
    let run = verify(
        dir.path(),
        &arch,
        &format!("http://127.0.0.1:{port}"),
        &["--deep"],
    );
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.elapsed < Duration::from_secs(30),
        "took {:?}",
        run.elapsed
    );
    let entries = run.json["components"].as_array().expect("components");
    assert_eq!(entries.len(), 6);
    for e in entries {
        assert_eq!(e["status"], "unverified", "{e}");
        assert_eq!(
            e["meets_rpo"],
            serde_json::json!({ "software": null, "region": null })
        );
        assert!(!e["errors"].as_array().expect("errors").is_empty());
    }
    assert!(
        run.raw.contains("circuit is open"),
        "the circuit spared later requests: {}",
        run.raw
    );
    assert!(
        run.raw.contains("Connection refused"),
        "the cause is named: {}",
        run.raw
    );
}

/// A store that accepts connections and never answers: read timeouts, a bounded number of
/// tries, exit 3 within 30 s.
#[test]
fn a_silent_store_is_unverified_within_30s() {
    let listener = server::silent_listener();
    let port = listener.local_addr().expect("addr").port();
    let dir = TempDir::new("silent");
    let arch = write_arch(
        dir.path(),
        serde_json::json!([db("orders", backup("s3://backups/orders/"))]),
    );
    let run = verify(dir.path(), &arch, &format!("http://127.0.0.1:{port}"), &[]);
    drop(listener);
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.elapsed < Duration::from_secs(30),
        "took {:?}",
        run.elapsed
    );
    assert_eq!(run.status("orders", "s3://backups/orders/"), "unverified");
}

/// A store that answers 503 SlowDown three times: the runner backs off and retries, and the
/// run succeeds as if nothing happened.
#[test]
fn throttling_is_retried() {
    let s = Server::start();
    s.create_bucket("backups");
    daily(&s, "backups", "orders/", h(3), 7);
    let proxy = server::ThrottlingProxy::start(s.addr, 3);
    let dir = TempDir::new("throttle");
    let arch = write_arch(
        dir.path(),
        serde_json::json!([db("orders", backup("s3://backups/orders/"))]),
    );
    let run = verify(
        dir.path(),
        &arch,
        &format!("http://{}", proxy.addr),
        &["--concurrency", "1"],
    );
    assert_eq!(proxy.throttled.load(std::sync::atomic::Ordering::SeqCst), 3);
    assert!(proxy.forwarded.load(std::sync::atomic::Ordering::SeqCst) >= 1);
    assert_eq!(run.code, 0, "{}\n{}", run.raw, run.stderr);
    assert_eq!(run.status("orders", "s3://backups/orders/"), "fresh");
}

/// The store goes down in the middle of a `--deep` download: the location is `unverified`
/// (never fresh, although its listing was read), exit 3, well within 30 s.
#[test]
fn a_store_that_dies_mid_run_is_unverified() {
    let s = Server::start();
    s.create_bucket("backups");
    daily(&s, "backups", "orders/", h(3), 3);
    s.put(
        "backups",
        "orders/newest.gz",
        &vec![4u8; 4 * 1024 * 1024],
        h(1),
    );
    let proxy = server::DyingProxy::start(s.addr, 256 * 1024);
    let dir = TempDir::new("dies");
    let backup = serde_json::json!({ "frequency": "24h", "location": "s3://backups/orders/" });
    let arch = write_arch(dir.path(), serde_json::json!([db("orders", backup)]));
    let run = verify(
        dir.path(),
        &arch,
        &format!("http://{}", proxy.addr),
        &["--deep"],
    );
    assert!(
        proxy.dead.load(std::sync::atomic::Ordering::SeqCst),
        "the proxy cut the download"
    );
    assert_eq!(run.code, 3, "{}\n{}", run.raw, run.stderr);
    assert!(
        run.elapsed < Duration::from_secs(30),
        "took {:?}",
        run.elapsed
    );
    let e = run.entry("orders", "s3://backups/orders/");
    assert_eq!(e["status"], "unverified");
    assert_eq!(e["recovery_points"], 4, "what was listed is still reported");
    assert_eq!(e["meets_rpo"]["software"], Value::Null);
    assert!(
        e["errors"][0]
            .as_str()
            .unwrap_or_default()
            .contains("GetObject"),
        "{}",
        run.raw
    );
}

/// Verification is read-only: the store's directory is the same, byte for byte and mtime
/// for mtime, after a `--deep` run as before it.
#[test]
fn the_bucket_is_unchanged() {
    let s = Server::start();
    s.create_bucket("backups");
    daily(&s, "backups", "orders/", h(3), 5);
    s.put("backups", "orders/newest.gz", &vec![9u8; 300_000], h(1));
    s.put_plain("backups", "orders/newest.gz.sha256", b"nonsense", h(1));
    let before = s.tree_hash();
    let dir = TempDir::new("readonly");
    let arch = write_arch(
        dir.path(),
        serde_json::json!([db("orders", backup("s3://backups/orders/"))]),
    );
    let run = verify(dir.path(), &arch, &s.url(), &["--deep"]);
    assert!(!run.raw.is_empty(), "{}", run.stderr);
    assert_eq!(s.tree_hash(), before);
}

/// The secret key appears nowhere: not on stdout, stderr, nor in verify.json, whether the
/// run succeeds or its requests are rejected.
#[test]
fn no_secret_in_any_output() {
    let s = Server::start();
    s.create_bucket("backups");
    daily(&s, "backups", "orders/", h(3), 2);
    let dir = TempDir::new("secret");
    let arch = write_arch(
        dir.path(),
        serde_json::json!([db("orders", backup("s3://backups/orders/"))]),
    );
    let ok = verify(dir.path(), &arch, &s.url(), &["--deep"]);
    assert_eq!(ok.status("orders", "s3://backups/orders/"), "fresh");
    // A wrong secret: the store rejects the signature; the error is reported, the secret not.
    let out = dir.path().join("denied.json");
    let denied = drplan()
        .env("AWS_SECRET_ACCESS_KEY", format!("{SECRET_KEY}-wrong"))
        .arg("verify")
        .arg(&arch)
        .args(["--endpoint-url", &s.url(), "--now", NOW, "-o"])
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(denied.status.code(), Some(3));
    let denied_json = std::fs::read_to_string(&out).expect("denied.json");
    assert!(denied_json.contains("unverified"));
    for text in [
        ok.stdout.as_str(),
        ok.stderr.as_str(),
        ok.raw.as_str(),
        &String::from_utf8_lossy(&denied.stdout),
        &String::from_utf8_lossy(&denied.stderr),
        &denied_json,
    ] {
        assert!(!text.contains(SECRET_KEY), "secret leaked in: {text}");
    }
}

/// More than one page of listing (ListObjectsV2 returns 1,000 keys a page): 2,500 recovery
/// points, all counted.
#[test]
fn listings_are_paginated() {
    let s = Server::start();
    s.create_bucket("backups");
    let dir = s.object_path("backups", "many");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let newest = u64::try_from(server::now_secs()).expect("secs") - 600;
    for i in 0..2500u64 {
        let path = dir.join(format!("{i:05}.gz"));
        std::fs::write(&path, b"x").expect("write");
        server::set_mtime(&path, newest - i * 600);
    }
    let work = TempDir::new("pages");
    let backup = serde_json::json!({ "frequency": "10m", "location": "s3://backups/many/" });
    let arch = write_arch(work.path(), serde_json::json!([db("many", backup)]));
    let run = verify(work.path(), &arch, &s.url(), &[]);
    let e = run.entry("many", "s3://backups/many/");
    assert_eq!(e["recovery_points"], 2500, "{}", run.stderr);
    assert_eq!(e["newest"]["key"], "many/00000.gz");
    assert_eq!(e["status"], "fresh");
}

/// `assess --evidence verify.json` puts the measured age in place of the declared interval:
/// the RPO terms say `backup-age` and `measured: true`, and the software RPO changes.
#[test]
fn evidence_changes_the_assessment() {
    let s = Server::start();
    s.create_bucket("backups");
    daily(&s, "backups", "orders/", d(3), 4);
    s.put(
        "backups",
        "orders/newest.gz",
        &vec![3u8; 2 * 1024 * 1024],
        d(2) + h(5),
    );
    let dir = TempDir::new("evidence");
    let arch = write_arch(
        dir.path(),
        serde_json::json!([db("orders", backup("s3://backups/orders/"))]),
    );
    let run = verify(dir.path(), &arch, &s.url(), &["--deep"]);
    assert_eq!(run.status("orders", "s3://backups/orders/"), "late");
    let evidence = dir.path().join("verify.json");

    let assess = |extra: &[&Path]| -> Value {
        let mut cmd = drplan();
        cmd.arg("assess")
            .arg(&arch)
            .args(["--format", "json", "--now", NOW]);
        for e in extra {
            cmd.arg("--evidence").arg(e);
        }
        let out = cmd.output().expect("assess");
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
    };
    let software = |report: &Value| -> Value {
        report["components"]
            .as_array()
            .expect("components")
            .iter()
            .find(|c| c["id"] == "orders")
            .expect("orders")["disruptions"]["software"]
            .clone()
    };
    let declared = software(&assess(&[]));
    let measured = software(&assess(&[&evidence]));
    assert_eq!(declared["rpo_secs"], DAY, "{declared}");
    assert_eq!(measured["rpo_secs"], 2 * DAY + 5 * HOUR, "{measured}");
    assert_eq!(
        measured["rpo_terms"],
        serde_json::json!([{ "what": "backup-age", "secs": 2 * DAY + 5 * HOUR, "measured": true }])
    );
    let restore_measured = measured["terms"]
        .as_array()
        .expect("terms")
        .iter()
        .any(|t| t["what"] == "restore" && t["measured"] == true);
    assert!(
        restore_measured,
        "the --deep throughput is the restore speed: {measured}"
    );
}

/// Invalid flags are usage errors (exit 2) before any request.
#[test]
fn bad_flags_exit_2() {
    let dir = TempDir::new("usage");
    let arch = write_arch(
        dir.path(),
        serde_json::json!([db("orders", backup("s3://backups/orders/"))]),
    );
    drplan()
        .arg("verify")
        .arg(&arch)
        .args(["--endpoint-url", "127.0.0.1:9000"])
        .assert()
        .code(2);
    drplan()
        .arg("verify")
        .arg(&arch)
        .args(["--concurrency", "0"])
        .assert()
        .code(2);
}

/// The example in docs/verify.md is a valid architecture.
#[test]
fn the_documented_example_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/verify/example.json");
    let bytes = std::fs::read(&path).expect("fixture");
    drplan::input::load(
        &bytes,
        "example.json",
        &drplan::input::LoadOptions::default(),
    )
    .expect("valid example");
}
