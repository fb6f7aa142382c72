//! `drplan assess --evidence verify.json`: what the runner measured replaces what the
//! architecture declared. The age of the newest recovery point becomes the achieved RPO (the
//! primary location for software, the copy for region) and the measured download throughput
//! the restore speed. Only readable locations count: an unverified one proves nothing. A
//! location found `missing` or `corrupt` holds no usable recovery point: the component cannot
//! be restored from it, whatever the file declares.
//!
//! Recovery evidence from AWS (`evidence`, schema 2) adds the restores AWS Backup measured,
//! point-in-time recovery as the service reports it, the last verified restore and an
//! archived newest recovery point (docs/verify.md). The experiments AWS FIS ran (source
//! `fis`, schema 3) add the newest completed one, which counts as a test, and the templates
//! whose latest run failed, was stopped or was cancelled (DR406).

use std::time::Duration;

use super::report::{
    ExperimentEvidence, LocationStatus, OLDEST_SCHEMA_VERSION, SCHEMA_VERSION, VerifyReport,
};
use super::sources::judge::unresolved_failures;
use crate::estimate::{Measured, RanExperiment};
use crate::model::{Architecture, CompIdx, S3Location};

/// A verify.json that cannot be used as evidence for this architecture.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    #[error("not a drplan verify result: {0}")]
    Json(#[from] serde_json::Error),
    #[error(
        "schema_version {0} is not supported (expected {OLDEST_SCHEMA_VERSION} to {SCHEMA_VERSION})"
    )]
    Version(u32),
    #[error("component {0:?} is not in the architecture")]
    UnknownComponent(String),
}

/// Reads a verify.json and returns the measured figures per component.
pub fn read(bytes: &[u8], arch: &Architecture) -> Result<Vec<(CompIdx, Measured)>, EvidenceError> {
    let report: VerifyReport = serde_json::from_slice(bytes)?;
    if !(OLDEST_SCHEMA_VERSION..=SCHEMA_VERSION).contains(&report.schema_version) {
        return Err(EvidenceError::Version(report.schema_version));
    }
    let mut out: Vec<(CompIdx, Measured)> = Vec::new();
    for entry in &report.components {
        let Some(c) = arch.find(&entry.id) else {
            return Err(EvidenceError::UnknownComponent(entry.id.clone()));
        };
        let comp = &arch.components[c];
        let Some(backup) = &comp.backup else { continue };
        if entry.status == LocationStatus::Unverified {
            continue;
        }
        let at = match out.iter().position(|(i, _)| *i == c) {
            Some(at) => at,
            None => {
                out.push((c, Measured::default()));
                out.len() - 1
            }
        };
        let m = &mut out[at].1;
        let age = entry
            .newest
            .as_ref()
            .map(|n| Duration::from_secs(n.age_secs));
        let is_primary =
            backup.location.as_ref().map(S3Location::as_str) == Some(entry.location.as_str());
        let is_copy =
            backup.copy_location.as_ref().map(S3Location::as_str) == Some(entry.location.as_str());
        // Missing or corrupt: no usable recovery point, whatever the file declares.
        let unusable = matches!(
            entry.status,
            LocationStatus::Missing | LocationStatus::Corrupt
        );
        if is_primary {
            m.backup_age = age;
            m.primary_unusable = unusable;
        }
        if is_copy {
            m.copy_age = age;
            m.copy_unusable = unusable;
        }
        if let Some(t) = entry.throughput_mbps.filter(|t| t.is_finite() && *t > 0.0) {
            m.restore_mb_per_sec = Some(m.restore_mb_per_sec.map_or(t, |prev: f64| prev.min(t)));
        }
    }
    from_sources(&report, arch, &mut out)?;
    out.sort_by_key(|(c, _)| *c);
    Ok(out)
}

/// Recovery evidence from AWS (schema 2): the newest real recovery point anywhere replaces
/// the declared interval in the RPO when it is older; a primary whose every readable source
/// found nothing has no usable recovery point; point-in-time recovery lag (or PITR found
/// off); the restores AWS Backup ran (the slowest of the last five); the last verified
/// restore and a failed validation after it; an archived newest point.
fn from_sources(
    report: &VerifyReport,
    arch: &Architecture,
    out: &mut Vec<(CompIdx, Measured)>,
) -> Result<(), EvidenceError> {
    use std::collections::BTreeMap;

    use super::sources::Role;
    use super::sources::{RestoreStatus, SourceName, StorageTier, Validation};

    #[derive(Default)]
    struct Acc {
        newest: Option<(u64, bool)>,
        copy_newest: Option<u64>,
        primary_read: bool,
        primary_found: bool,
        copy_read: bool,
        copy_found: bool,
        pitr_lag: Option<u64>,
        pitr_on: bool,
        pitr_off: bool,
        restores: Vec<(String, u64)>,
        verified: Option<(String, Option<u64>)>,
        failed: Option<String>,
        experiment: Option<RanExperiment>,
        failed_experiments: Vec<RanExperiment>,
    }
    let mut acc: BTreeMap<CompIdx, Acc> = BTreeMap::new();
    for e in &report.evidence {
        let Some(c) = arch.find(&e.id) else {
            return Err(EvidenceError::UnknownComponent(e.id.clone()));
        };
        if e.status == LocationStatus::Unverified {
            continue;
        }
        let a = acc.entry(c).or_default();
        if e.source == SourceName::Fis {
            // Tests, not recovery points: nothing here speaks of the data.
            let newest = e.last_completed_experiment.as_ref().and_then(ran);
            if let Some(x) = newest
                && a.experiment.as_ref().is_none_or(|y| x.started > y.started)
            {
                a.experiment = Some(x);
            }
            (a.failed_experiments).extend(
                unresolved_failures(&e.experiments)
                    .into_iter()
                    .filter_map(ran),
            );
            continue;
        }
        let found = e.status != LocationStatus::Missing;
        let newest = e.newest.as_ref();
        match e.role {
            Role::Primary => {
                a.primary_read = true;
                a.primary_found |= found;
                if let Some(n) = newest
                    && a.newest.is_none_or(|(age, _)| n.age_secs < age)
                {
                    a.newest = Some((n.age_secs, n.tier == StorageTier::Archive));
                }
                if let Some(p) = &e.pitr {
                    if p.enabled {
                        a.pitr_on = true;
                        if let Some(lag) = p.lag_secs {
                            a.pitr_lag = Some(a.pitr_lag.map_or(lag, |l: u64| l.min(lag)));
                        }
                    } else {
                        a.pitr_off = true;
                    }
                }
            }
            Role::Copy => {
                a.copy_read = true;
                a.copy_found |= found;
                if let Some(n) = newest {
                    a.copy_newest = Some(a.copy_newest.map_or(n.age_secs, |x| x.min(n.age_secs)));
                }
            }
        }
        if e.source == SourceName::AwsBackup && e.role == Role::Primary {
            for r in &e.restores {
                if r.status == RestoreStatus::Completed
                    && let Some(d) = r.duration_secs
                {
                    a.restores.push((r.started.clone(), d));
                }
            }
            if let Some(v) = &e.last_verified_restore
                && a.verified.as_ref().is_none_or(|x| v.started > x.0)
            {
                a.verified = Some((v.started.clone(), v.duration_secs));
            }
            let after = e.last_verified_restore.as_ref().map(|v| v.started.as_str());
            for r in &e.restores {
                if matches!(r.validation, Validation::Failed | Validation::TimedOut)
                    && after.is_none_or(|v| r.started.as_str() > v)
                    && a.failed.as_ref().is_none_or(|x| r.started > *x)
                {
                    a.failed = Some(r.started.clone());
                }
            }
        }
    }
    let day = |text: &str| crate::input::raw::parse_date(text).ok();
    for (c, mut a) in acc {
        let comp = &arch.components[c];
        let at = match out.iter().position(|(i, _)| *i == c) {
            Some(at) => at,
            None => {
                out.push((c, Measured::default()));
                out.len() - 1
            }
        };
        let m = &mut out[at].1;
        m.experiment = a.experiment.take().map(Box::new);
        a.failed_experiments
            .sort_by(|x, y| y.started.cmp(&x.started).then_with(|| x.id.cmp(&y.id)));
        m.failed_experiments = std::mem::take(&mut a.failed_experiments);
        let frequency = comp.backup.as_ref().and_then(|b| b.frequency);
        if let Some((age, archived)) = a.newest {
            let age = Duration::from_secs(age);
            // Worse than the declared schedule: a stopped job shows as a breach.
            if frequency.is_none_or(|f| age > f) {
                m.backup_age = Some(m.backup_age.map_or(age, |s3| s3.min(age)));
            }
            m.archived = archived;
        }
        if let Some(age) = a.copy_newest.map(Duration::from_secs)
            && frequency.is_none_or(|f| age > f)
        {
            m.copy_age = Some(m.copy_age.map_or(age, |s3| s3.min(age)));
        }
        let s3_primary = comp.backup.as_ref().is_some_and(|b| b.location.is_some());
        let s3_copy = comp
            .backup
            .as_ref()
            .is_some_and(|b| b.copy_location.is_some());
        if a.primary_read && !a.primary_found && !s3_primary {
            m.primary_unusable = true;
        }
        if a.copy_read && !a.copy_found && !s3_copy {
            m.copy_unusable = true;
        }
        m.pitr_off = a.pitr_off && !a.pitr_on;
        m.pitr_lag = a.pitr_lag.map(Duration::from_secs);
        let mut restores = a.restores;
        restores.sort_by(|x, y| y.0.cmp(&x.0));
        restores.truncate(5);
        if let (Some(latest), Some(slowest)) =
            (restores.first(), restores.iter().map(|r| r.1).max())
        {
            m.restore = Some(crate::estimate::MeasuredRestore {
                slowest: Duration::from_secs(slowest),
                latest: Duration::from_secs(latest.1),
                count: restores.len() as u8,
            });
        }
        m.last_verified_restore = a.verified.and_then(|(started, secs)| {
            Some(crate::estimate::VerifiedRestore {
                date: day(&started)?,
                duration: secs.map(Duration::from_secs),
            })
        });
        m.failed_validation = a.failed.as_deref().and_then(day);
    }
    Ok(())
}

/// A run as the assessment keeps it; `None` when its time does not parse (a hand-edited file).
fn ran(x: &ExperimentEvidence) -> Option<RanExperiment> {
    Some(RanExperiment {
        id: x.id.clone(),
        template: x.template.clone(),
        item: x.item.clone(),
        state: x.state,
        reason: x.reason.clone(),
        started: x.started.parse().ok()?,
        ended: x.ended.as_deref().and_then(|t| t.parse().ok()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{self, LoadOptions};

    fn arch() -> Architecture {
        input::load(
            br#"{ "name": "t", "components": [
                  { "id": "db", "kind": "database",
                    "backup": { "frequency": "24h", "location": "s3://bkp/db/" } } ] }"#,
            "t.json",
            &LoadOptions::default(),
        )
        .expect("test fixture is valid")
    }

    /// A verify.json of schema 1 (before `evidence`) still loads; a future one does not.
    #[test]
    fn files_of_the_old_schema_still_load() {
        let v1 = br#"{ "schema_version": 1, "checked_at": "2026-11-26T20:00:00Z",
            "components": [ { "id": "db", "location": "s3://bkp/db/", "status": "late",
              "recovery_points": 3, "oldest_age_secs": 300000, "throughput_mbps": null,
              "newest": { "key": "db/x", "time": "2026-11-24T20:00:00Z",
                          "age_secs": 172800, "size": 10 } } ] }"#;
        let measured = read(v1, &arch()).expect("schema 1 loads");
        assert_eq!(measured.len(), 1);
        assert_eq!(measured[0].1.backup_age, Some(Duration::from_secs(172_800)));
        let v4 = br#"{ "schema_version": 4, "checked_at": "x", "components": [] }"#;
        assert!(matches!(read(v4, &arch()), Err(EvidenceError::Version(4))));
    }

    /// FIS entries (schema 3) bring the newest completed run across regions and each
    /// template's unresolved failure, and leave the recovery figures alone: a `missing` FIS
    /// entry says nothing of the backups.
    #[test]
    fn experiments_count_as_tests_not_as_recovery_points() {
        let run = |id: &str, template: &str, state: &str, started: &str| {
            serde_json::json!({ "id": id, "template": template, "item": null, "state": state,
                "reason": "why", "started": started, "ended": null, "duration_secs": null })
        };
        let entry = |region: &str, status: &str, runs: Vec<serde_json::Value>| {
            let last = (runs.iter()).find(|r| r["state"] == "completed").cloned();
            serde_json::json!({ "id": "db", "source": "fis", "region": region, "role": "primary",
                "resource": "FIS templates tagged drplan:component=db", "status": status,
                "recovery_points": 0, "newest": null, "oldest_age_secs": null,
                "experiments": runs, "last_completed_experiment": last })
        };
        let v3 = serde_json::json!({ "schema_version": 3, "checked_at": "2026-11-26T20:00:00Z",
            "components": [], "evidence": [
                entry("us-east-1", "fresh", vec![
                    run("EXP2", "T1", "failed", "2026-11-20T00:00:00Z"),
                    run("EXP1", "T1", "completed", "2026-11-10T00:00:00Z")]),
                entry("us-west-2", "fresh", vec![
                    run("EXP3", "T2", "completed", "2026-11-15T00:00:00Z")]),
                entry("eu-west-1", "missing", vec![]) ] });
        let measured = read(v3.to_string().as_bytes(), &arch()).expect("schema 3 loads");
        let m = &measured[0].1;
        assert_eq!(m.experiment.as_ref().map(|x| x.id.as_str()), Some("EXP3"));
        let failed: Vec<&str> = m.failed_experiments.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(failed, ["EXP2"]);
        assert_eq!(m.failed_experiments[0].reason.as_deref(), Some("why"));
        assert!(!m.primary_unusable && m.backup_age.is_none());
    }
}
