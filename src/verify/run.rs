//! The runner: which locations to check (from the architecture), and checking each one
//! against the store, concurrently. The checks themselves are in `checks`, `points` and
//! `integrity`; the calls in `store`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::ProgressBar;
use jiff::Timestamp;
use tokio::sync::OnceCell;
use tokio::task::JoinSet;

use super::checks::{self, Declared};
use super::integrity::{self, Verdict};
use super::points::{self, RecoveryPoint};
use super::report::{Checksums, LocationResult, LocationStatus, MeetsRpo, Protection};
use super::sources::Role;
use super::store::{FailureKind, HeadInfo, Store, StoreError};
use crate::model::S3Location;
use crate::model::{Architecture, Disruption, Layout, TimeFrom};

/// HeadObject requests per location, at most.
const MAX_HEADS: usize = 100;

/// One location of one component to check.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub id: String,
    /// As written in the architecture (evidence matches on its text).
    pub location: S3Location,
    pub declared: Declared,
    pub time_from: TimeFrom,
    pub layout: Layout,
    pub immutable: bool,
}

/// Every `backup.location` and `backup.copy_location`, sorted by component id, the primary
/// before the copy.
pub fn targets(arch: &Architecture) -> Vec<Target> {
    let mut out = Vec::new();
    for c in &arch.components {
        let Some(b) = &c.backup else { continue };
        let roles = [
            (Role::Primary, &b.location, Disruption::Software),
            (Role::Copy, &b.copy_location, Disruption::Region),
        ];
        for (role, location, disruption) in roles {
            let Some(location) = location else { continue };
            out.push(Target {
                id: c.id.clone(),
                location: location.clone(),
                declared: Declared {
                    role,
                    frequency: b.frequency,
                    retention: b.retention,
                    rpo_target: c.policy.targets[disruption].map(|t| t.rpo),
                    pitr: b.pitr,
                },
                time_from: b.time_from,
                layout: b.layout,
                immutable: b.immutable,
            });
        }
    }
    out.sort_by(|a, b| {
        a.id.cmp(&b.id)
            .then_with(|| (a.declared.role == Role::Copy).cmp(&(b.declared.role == Role::Copy)))
    });
    out
}

/// How to run.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    pub deep: bool,
    pub now: Timestamp,
}

type ProtectionCache = Mutex<HashMap<String, Arc<OnceCell<super::store::Protection>>>>;

/// Checks every target; the results come back in the order of `targets`.
pub async fn run(
    store: Arc<Store>,
    targets: Vec<Target>,
    options: RunOptions,
    progress: ProgressBar,
) -> Vec<LocationResult> {
    let protections: Arc<ProtectionCache> = Arc::new(Mutex::new(HashMap::new()));
    let mut tasks = JoinSet::new();
    for (i, target) in targets.iter().cloned().enumerate() {
        let store = store.clone();
        let protections = protections.clone();
        let progress = progress.clone();
        tasks.spawn(async move {
            let result = check_location(&store, &target, options, &protections, &progress).await;
            progress.inc(1);
            (i, result)
        });
    }
    let mut results: Vec<Option<LocationResult>> = vec![None; targets.len()];
    while let Some(joined) = tasks.join_next().await {
        if let Ok((i, r)) = joined {
            results[i] = Some(r);
        }
    }
    // A task that panicked still leaves its location in the report, as unverified.
    results
        .into_iter()
        .zip(&targets)
        .map(|(r, t)| {
            r.unwrap_or_else(|| {
                let mut r = empty_result(t);
                r.errors
                    .push("the check of this location failed unexpectedly".into());
                r
            })
        })
        .collect()
}

fn empty_result(t: &Target) -> LocationResult {
    LocationResult {
        id: t.id.clone(),
        location: t.location.as_str().to_string(),
        status: LocationStatus::Unverified,
        recovery_points: 0,
        newest: None,
        oldest_age_secs: None,
        gaps: vec![],
        anomalies: vec![],
        checksums: Checksums::default(),
        meets_rpo: MeetsRpo::default(),
        throughput_mbps: None,
        protection: Protection::default(),
        errors: vec![],
        notes: vec![],
    }
}

/// A failure that means the location could not be read (as opposed to a store that does
/// not implement a call, or an object that vanished).
fn unreadable(e: &StoreError) -> bool {
    matches!(
        e.kind,
        FailureKind::Unavailable
            | FailureKind::TimedOut
            | FailureKind::CircuitOpen
            | FailureKind::Throttled
            | FailureKind::Denied
            | FailureKind::WrongRegion
            | FailureKind::Other
    )
}

async fn check_location(
    store: &Arc<Store>,
    t: &Target,
    options: RunOptions,
    protections: &ProtectionCache,
    progress: &ProgressBar,
) -> LocationResult {
    let mut r = empty_result(t);
    let listing = store
        .list(&t.location, |n| {
            progress.set_message(format!("{} ({n} objects)", t.location));
        })
        .await;
    let mut bucket_exists = true;
    let objects = match listing {
        Ok(objects) => objects,
        Err(e) if e.kind == FailureKind::NoSuchBucket => {
            bucket_exists = false;
            r.anomalies
                .push(format!("bucket {} does not exist", t.location.bucket()));
            Vec::new()
        }
        Err(e) => {
            r.errors.push(e.message);
            return r;
        }
    };
    let grouped = points::group(&objects, t.location.prefix(), t.time_from, t.layout);
    let h = checks::history(&grouped, &t.declared, options.now);
    r.recovery_points = h.recovery_points;
    r.newest = h.newest;
    r.oldest_age_secs = h.oldest_age_secs;
    r.gaps = h.gaps;
    r.anomalies.extend(h.anomalies);
    r.notes.extend(h.notes);
    r.meets_rpo = h.meets_rpo;
    let late = h.late;

    let mut readable = true;
    let keys = objects_to_head(&grouped.points, options.now, t.declared.retention);
    let heads = head_all(store, t.location.bucket(), keys, &mut r).await;
    readable &= heads.is_some();
    let heads = heads.unwrap_or_default();
    let head_sha256 = |key: &str| heads.get(key).map(HeadInfo::sha256);
    let (present, anomalies, notes) = checks::checksum_presence(&grouped.points, &head_sha256);
    r.checksums.present = present;
    r.anomalies.extend(anomalies);
    r.notes.extend(notes);

    if options.deep
        && readable
        && let Some(newest) = grouped.points.last()
    {
        readable &= deep_check(store, t, newest, &heads, &mut r).await;
    }
    if bucket_exists && readable {
        let cell = {
            let mut map = protections.lock().unwrap_or_else(|e| e.into_inner());
            map.entry(t.location.bucket().to_string())
                .or_insert_with(|| Arc::new(OnceCell::new()))
                .clone()
        };
        let p = cell
            .get_or_init(|| store.protection(t.location.bucket()))
            .await;
        let newest_sse = grouped
            .points
            .last()
            .and_then(|p| p.objects.iter().find_map(|o| heads.get(&o.key)))
            .and_then(|h| h.server_side_encryption.clone());
        judge_protection(p, newest_sse, t.immutable, &mut r);
    }
    if !readable {
        r.meets_rpo = MeetsRpo::default();
    }
    r.status = checks::status(readable, r.checksums.failed, r.recovery_points, late);
    r
}

/// The keys to HEAD: the newest point's objects always (their encryption, and the checksums
/// `--deep` compares with); when the listing reports no checksum algorithms, also the older
/// points inside the retention window, newest first: up to `MAX_HEADS` objects in all.
fn objects_to_head(
    points: &[RecoveryPoint],
    now: Timestamp,
    retention: Option<Duration>,
) -> Vec<String> {
    let listing_reports = points
        .iter()
        .flat_map(|p| &p.objects)
        .any(|o| o.any_checksum_listed);
    let in_window = |p: &RecoveryPoint| {
        retention.is_none_or(|r| Duration::from_secs(checks::age_secs(now, p.time)) <= r)
    };
    let mut keys = Vec::new();
    for (i, p) in points.iter().rev().enumerate() {
        if i > 0 && (listing_reports || !in_window(p)) {
            break;
        }
        for o in &p.objects {
            if keys.len() >= MAX_HEADS {
                return keys;
            }
            keys.push(o.key.clone());
        }
    }
    keys
}

/// HEADs `keys` concurrently (the store bounds how many at once). `None` when the store
/// could not be read; other failures (not found, not implemented) are noted.
async fn head_all(
    store: &Arc<Store>,
    bucket: &str,
    keys: Vec<String>,
    r: &mut LocationResult,
) -> Option<HashMap<String, HeadInfo>> {
    let mut tasks = JoinSet::new();
    for key in keys {
        let (store, bucket) = (store.clone(), bucket.to_string());
        tasks.spawn(async move {
            let result = store.head(&bucket, &key).await;
            (key, result)
        });
    }
    let mut heads = HashMap::new();
    let mut failures: Vec<StoreError> = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((key, Ok(h))) => {
                heads.insert(key, h);
            }
            Ok((_, Err(e))) => failures.push(e),
            Err(e) => failures.push(StoreError::other(format!("HeadObject task: {e}"))),
        }
    }
    failures.sort_by(|a, b| a.message.cmp(&b.message));
    if let Some(e) = failures.iter().find(|e| unreadable(e)) {
        r.errors.push(e.message.clone());
        return None;
    }
    if let Some(e) = failures.first() {
        r.notes.push(match failures.len() {
            1 => e.message.clone(),
            n => format!("{} (and {} more HeadObject failures)", e.message, n - 1),
        });
    }
    Some(heads)
}

/// `--deep`: downloads the newest recovery point and compares its checksums. Returns
/// whether the store could be read.
async fn deep_check(
    store: &Store,
    t: &Target,
    newest: &RecoveryPoint,
    heads: &HashMap<String, HeadInfo>,
    r: &mut LocationResult,
) -> bool {
    let bucket = t.location.bucket();
    let mut bytes = 0u64;
    let mut secs = 0f64;
    let mut all_verified = true;
    let mut mismatch = false;
    for o in &newest.objects {
        let stored = heads
            .get(&o.key)
            .map(|h| h.checksums.clone())
            .unwrap_or_default();
        let sidecar = match &o.sidecar {
            None => None,
            Some(key) => match store.get_small(bucket, key).await {
                Ok(Some(text)) => {
                    let parsed = integrity::parse_sidecar(&text);
                    if parsed.is_none() {
                        r.anomalies
                            .push(format!("integrity: sidecar {key} holds no SHA-256 digest"));
                    }
                    parsed
                }
                Ok(None) => {
                    r.anomalies.push(format!(
                        "integrity: sidecar {key} is too large to be a digest"
                    ));
                    None
                }
                Err(e) if unreadable(&e) => {
                    r.errors.push(e.message);
                    return false;
                }
                Err(e) => {
                    r.notes.push(e.message);
                    None
                }
            },
        };
        let (computed, download) = match store.download(bucket, &o.key, &stored).await {
            Ok(done) => done,
            Err(e) if unreadable(&e) => {
                r.errors.push(e.message);
                return false;
            }
            Err(e) => {
                all_verified = false;
                r.notes.push(e.message);
                continue;
            }
        };
        bytes += download.bytes;
        secs += download.elapsed.as_secs_f64();
        match integrity::judge(&stored, sidecar.as_deref(), &computed) {
            Verdict::Verified { .. } => {}
            Verdict::Mismatch {
                against,
                stored,
                computed,
            } => {
                mismatch = true;
                r.anomalies.push(format!(
                    "integrity: {} does not match its {against} (stored {stored}, computed {computed})",
                    o.key
                ));
            }
            Verdict::NotComparable { reason } => {
                all_verified = false;
                r.notes.push(format!("integrity: {}: {reason}", o.key));
            }
            Verdict::NoReference => {
                all_verified = false;
                r.notes.push(format!(
                    "integrity: {}: downloaded, but no stored checksum or sidecar to compare with",
                    o.key
                ));
            }
        }
    }
    if mismatch {
        r.checksums.failed = 1;
    } else if all_verified && !newest.objects.is_empty() {
        r.checksums.verified = 1;
    }
    r.throughput_mbps = integrity::throughput_mbps(bytes, secs);
    if r.throughput_mbps.is_none() && bytes > 0 {
        r.notes.push(format!(
            "throughput not measured: the newest recovery point is {}; a meaningful figure needs at least {}",
            checks::human_bytes(bytes),
            checks::human_bytes(integrity::MIN_THROUGHPUT_SAMPLE)
        ));
    }
    true
}

/// Protection findings: only what contradicts the declaration, or no encryption at all, is
/// an anomaly; the rest is reported as it is.
fn judge_protection(
    p: &super::store::Protection,
    newest_sse: Option<String>,
    immutable: bool,
    r: &mut LocationResult,
) {
    let mut unreported: Vec<&str> = Vec::new();
    r.protection.versioning = p.versioning.as_ref().ok().cloned();
    r.protection.object_lock = p.object_lock.as_ref().ok().copied();
    r.protection.encryption = match (&newest_sse, &p.default_encryption) {
        (Some(sse), _) => Some(sse.clone()),
        (None, Ok(Some(alg))) => Some(alg.clone()),
        (None, Ok(None)) => Some("none".into()),
        (None, Err(_)) => None,
    };
    if r.protection.encryption.as_deref() == Some("none") {
        r.anomalies.push(
            "protection: the bucket has no default encryption and the newest object is not encrypted"
                .into(),
        );
    }
    if p.versioning.is_err() {
        unreported.push("versioning");
    }
    match p.object_lock {
        Ok(false) if immutable => r.anomalies.push(
            "protection: backup.immutable is declared but the bucket has no object lock".into(),
        ),
        Ok(_) => {}
        Err(_) => unreported.push("object lock"),
    }
    if p.default_encryption.is_err() && newest_sse.is_none() {
        unreported.push("encryption");
    }
    if !immutable
        && r.protection.object_lock != Some(true)
        && matches!(
            r.protection.versioning.as_deref(),
            Some("Disabled" | "Suspended")
        )
    {
        r.notes.push(
            "protection: neither versioning nor object lock: whoever can write can delete these recovery points"
                .into(),
        );
    }
    if !unreported.is_empty() {
        let why = [&p.versioning.as_ref().err(), &p.object_lock.as_ref().err()]
            .into_iter()
            .flatten()
            .next()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        r.notes.push(format!(
            "protection: the store does not report {}{why}",
            unreported.join(", ")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{self, LoadOptions};

    #[test]
    fn targets_are_sorted_with_the_primary_first() {
        let arch = input::load(
            br#"{ "name": "t", "regions": { "primary": "us-east-1", "secondary": "us-west-2" },
                  "policy": { "targets": { "software": { "rto": "1h", "rpo": "2h" },
                                           "region": { "rto": "4h", "rpo": "1d" } } },
                  "components": [
                    { "id": "zeta", "kind": "database",
                      "backup": { "frequency": "24h", "location": "s3://bkp/zeta/" } },
                    { "id": "alpha", "kind": "database",
                      "backup": { "frequency": "1h", "cross_region_copy": true,
                                  "copy_location": "s3://bkp-west/alpha/",
                                  "location": "s3://bkp/alpha/" } },
                    { "id": "web", "kind": "compute" } ] }"#,
            "t.json",
            &LoadOptions::default(),
        )
        .expect("test fixture is valid");
        let t = targets(&arch);
        let got: Vec<_> = t
            .iter()
            .map(|t| {
                (
                    t.id.as_str(),
                    t.location.as_str(),
                    t.declared.role,
                    t.declared.rpo_target,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "alpha",
                    "s3://bkp/alpha/",
                    Role::Primary,
                    Some(Duration::from_secs(7200))
                ),
                (
                    "alpha",
                    "s3://bkp-west/alpha/",
                    Role::Copy,
                    Some(Duration::from_secs(86_400))
                ),
                (
                    "zeta",
                    "s3://bkp/zeta/",
                    Role::Primary,
                    Some(Duration::from_secs(7200))
                ),
            ]
        );
    }

    fn listed(key: &str, time: &str, algorithms: &[&str]) -> points::ListedObject {
        points::ListedObject {
            key: key.into(),
            size: 1,
            last_modified: time.parse().expect("test fixture is valid"),
            checksum_algorithms: algorithms.iter().map(|a| a.to_string()).collect(),
        }
    }

    #[test]
    fn head_the_newest_and_older_points_only_when_the_listing_is_silent() {
        let now: Timestamp = "2026-11-26T20:00:00Z"
            .parse()
            .expect("test fixture is valid");
        let times = [
            "2026-11-10T00:00:00Z",
            "2026-11-24T00:00:00Z",
            "2026-11-25T00:00:00Z",
            "2026-11-26T00:00:00Z",
        ];
        let keys = ["db/a", "db/b", "db/c", "db/d"];
        let with = |alg: &[&str]| -> Vec<RecoveryPoint> {
            let listing: Vec<_> = keys
                .iter()
                .zip(times)
                .map(|(k, t)| listed(k, t, alg))
                .collect();
            points::group(&listing, "db/", TimeFrom::LastModified, Layout::Object).points
        };
        let week = Some(Duration::from_secs(7 * 86_400));
        assert_eq!(objects_to_head(&with(&["SHA256"]), now, week), ["db/d"]);
        assert_eq!(
            objects_to_head(&with(&[]), now, week),
            ["db/d", "db/c", "db/b"]
        );
        assert_eq!(objects_to_head(&with(&[]), now, None).len(), 4);
        assert!(objects_to_head(&[], now, week).is_empty());
    }

    fn protection(
        versioning: Result<&str, &str>,
        object_lock: Result<bool, &str>,
        encryption: Result<Option<&str>, &str>,
    ) -> super::super::store::Protection {
        use super::super::store::Unreported;
        let why = |e: &str| Unreported(e.to_string());
        super::super::store::Protection {
            versioning: versioning.map(String::from).map_err(why),
            object_lock: object_lock.map_err(why),
            default_encryption: encryption.map(|e| e.map(String::from)).map_err(why),
        }
    }

    fn target() -> Target {
        Target {
            id: "db".into(),
            location: S3Location::parse("s3://bkp/db/").expect("test fixture is valid"),
            declared: Declared {
                role: Role::Primary,
                frequency: None,
                retention: None,
                rpo_target: None,
                pitr: false,
            },
            time_from: TimeFrom::LastModified,
            layout: Layout::Object,
            immutable: true,
        }
    }

    #[test]
    fn protection_that_contradicts_the_declaration_is_an_anomaly() {
        let mut r = empty_result(&target());
        let p = protection(Ok("Enabled"), Ok(false), Ok(None));
        judge_protection(&p, None, true, &mut r);
        assert_eq!(r.anomalies.len(), 2, "{:?}", r.anomalies);
        assert_eq!(r.protection.encryption.as_deref(), Some("none"));
        assert_eq!(r.protection.object_lock, Some(false));
    }

    #[test]
    fn a_store_that_does_not_say_is_noted_not_flagged() {
        let mut r = empty_result(&target());
        let nope = "the store does not implement it";
        let p = protection(Err(nope), Err(nope), Err(nope));
        judge_protection(&p, None, true, &mut r);
        assert!(r.anomalies.is_empty());
        assert_eq!(
            r.notes,
            [
                "protection: the store does not report versioning, object lock, encryption (the store does not implement it)"
            ]
        );
        assert_eq!(r.protection, Protection::default());
    }
}
