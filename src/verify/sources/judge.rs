//! Judging what a source found, as the S3 locations are judged (docs/verify.md): freshness
//! against 1.5 × the declared interval, gaps, point-in-time recovery lag, restores and their
//! validation. No I/O: a function of the records, the declaration and `now`. Nothing from a
//! server is trusted blindly: points dated in the future are not counted, sizes beyond any
//! real volume are dropped, a restore that ends before it starts measures nothing. The
//! experiments AWS FIS ran are judged apart (`experiments`): a test, not a recovery point.

use std::time::Duration;

use jiff::Timestamp;

use super::super::checks::{Declared, age_secs, gaps_between, late_after};
use std::collections::{BTreeMap, HashMap};

use super::super::report::{
    EvidenceEntry, EvidencePoint, ExperimentEvidence, LocationStatus, MeetsRpo, PitrEvidence,
    RestoreEvidence, TemplateEvidence,
};
use super::{Found, Point, PointState, Restore, RestoreStatus, Role, Run, StorageTier, Validation};
use crate::duration::Human;
use crate::estimate::ExperimentState;
use crate::verify::store::{FailureKind, StoreError};

/// A point dated this far after `now` is not believed (clocks drift a little, not more).
const FUTURE_SLACK_SECS: i64 = 300;
/// No volume, table or snapshot AWS keeps is larger (EBS and RDS stop at 64 TiB).
const MAX_BELIEVABLE_BYTES: u64 = 1 << 50;
/// Point-in-time recovery is fresh while its latest restorable time is this recent (the
/// services keep it about 5 minutes behind).
pub const PITR_FRESH: Duration = Duration::from_secs(15 * 60);

/// An entry with nothing judged yet.
pub fn empty(id: &str, source: super::SourceName, region: &str, role: Role) -> EvidenceEntry {
    EvidenceEntry {
        id: id.to_string(),
        source,
        region: region.to_string(),
        role,
        resource: String::new(),
        status: LocationStatus::Unverified,
        recovery_points: 0,
        newest: None,
        oldest_age_secs: None,
        gaps: vec![],
        meets_rpo: MeetsRpo::default(),
        pitr: None,
        restores: vec![],
        last_verified_restore: None,
        counted_by_other_source: 0,
        templates: vec![],
        experiments: vec![],
        last_completed_experiment: None,
        anomalies: vec![],
        errors: vec![],
        notes: vec![],
    }
}

/// A source that could not answer: not found is `missing`, anything else `unverified`.
pub fn failed(e: &mut EvidenceEntry, err: &StoreError, declared: &Declared) {
    if err.kind == FailureKind::NotFound {
        e.status = LocationStatus::Missing;
        e.notes.push(format!("not found: {}", err.message));
        // Nothing to restore from: whatever the target, it is missed.
        e.meets_rpo = answer(e.role, declared.rpo_target, None);
    } else {
        e.status = LocationStatus::Unverified;
        e.errors.push(err.message.clone());
    }
}

fn answer(role: Role, target: Option<Duration>, data_loss: Option<Duration>) -> MeetsRpo {
    let met = target.map(|t| data_loss.is_some_and(|l| l <= t));
    match role {
        Role::Primary => MeetsRpo {
            software: met,
            region: None,
        },
        Role::Copy => MeetsRpo {
            software: None,
            region: met,
        },
    }
}

/// Judges what a source found.
pub fn judge(
    e: &mut EvidenceEntry,
    found: Found,
    declared: &Declared,
    immutable: bool,
    now: Timestamp,
) {
    e.notes.extend(found.notes);
    let mut usable: Vec<Point> = Vec::new();
    let mut future: Vec<Point> = Vec::new();
    let (mut partial, mut broken, mut pending) = (0u64, 0u64, 0u64);
    for mut p in found.points {
        if p.size_bytes.is_some_and(|s| s > MAX_BELIEVABLE_BYTES) {
            e.anomalies.push(format!(
                "size: {} reports {} bytes, more than any volume holds: not trusted",
                p.id,
                p.size_bytes.unwrap_or_default()
            ));
            p.size_bytes = None;
        }
        if p.created.as_second() > now.as_second() + FUTURE_SLACK_SECS {
            future.push(p);
            continue;
        }
        match p.state {
            PointState::Usable => usable.push(p),
            PointState::Partial => partial += 1,
            PointState::Failed => broken += 1,
            PointState::Pending => pending += 1,
        }
    }
    if let Some(f) = future.first() {
        e.anomalies.push(format!(
            "time: {} dated in the future (e.g. {} at {}): not counted",
            crate::words::count(future.len() as u64, "recovery point"),
            f.id,
            f.created
        ));
    }
    if partial > 0 {
        e.anomalies.push(format!(
            "partial: {} only partly made: a restore from them may miss data",
            crate::words::count(partial, "recovery point")
        ));
    }
    if broken > 0 {
        e.anomalies.push(format!(
            "failed: {} failed, expired or being deleted: nothing to restore from",
            crate::words::count(broken, "recovery point")
        ));
    }
    if pending > 0 {
        e.notes.push(format!(
            "{} still being made",
            crate::words::count(pending, "recovery point")
        ));
    }
    usable.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    e.recovery_points = usable.len() as u64;
    e.oldest_age_secs = usable.first().map(|p| age_secs(now, p.created));
    e.newest = usable.last().map(|p| EvidencePoint {
        id: p.id.clone(),
        what: p.what.to_string(),
        time: p.created.to_string(),
        age_secs: age_secs(now, p.created),
        state: p.state,
        size: p.size_bytes,
        encrypted: p.encrypted,
        immutable: p.immutable,
        tier: p.tier,
    });
    if let Some(n) = &e.newest {
        if n.encrypted == Some(false) {
            e.anomalies.push(format!(
                "protection: the newest recovery point {} is not encrypted",
                n.id
            ));
        }
        if immutable && n.immutable == Some(false) {
            e.anomalies.push(format!(
                "protection: backup.immutable is declared but the vault of the newest recovery point {} is not locked",
                n.id
            ));
        }
        if n.tier == StorageTier::Archive {
            e.notes.push(format!(
                "archive: the newest recovery point {} is in the archive tier: it must be restored from the archive before use (AWS documents up to 72 hours)",
                n.id
            ));
        }
    }
    let newest_age = e.newest.as_ref().map(|n| Duration::from_secs(n.age_secs));

    // Point-in-time recovery: the lag is the data a restore now would lose.
    let mut pitr_fresh = false;
    let mut pitr_lag: Option<Duration> = None;
    if let Some(c) = found.continuous {
        let lag = c.latest_restorable.filter(|_| c.enabled).map(|t| {
            if t.as_second() > now.as_second() + FUTURE_SLACK_SECS {
                e.anomalies.push(format!(
                    "time: the latest restorable time {t} is in the future: taken as now"
                ));
            }
            age_secs(now, t)
        });
        pitr_lag = lag.map(Duration::from_secs);
        pitr_fresh = pitr_lag.is_some_and(|l| l <= PITR_FRESH);
        if c.enabled && !pitr_fresh {
            e.anomalies.push(match pitr_lag {
                Some(l) => format!(
                    "pitr: the latest restorable time is {} behind: continuous backup has stalled",
                    Human(l)
                ),
                None => "pitr: on, but no latest restorable time reported".to_string(),
            });
        }
        if !c.enabled && declared.pitr && declared.role == Role::Primary {
            e.anomalies.push(format!(
                "pitr: backup.pitr is declared but point-in-time recovery is off ({})",
                c.from
            ));
        }
        e.pitr = Some(PitrEvidence {
            enabled: c.enabled,
            latest_restorable: c.latest_restorable.map(|t| t.to_string()),
            lag_secs: lag,
            from: c.from,
        });
    }

    let late = match (newest_age, declared.frequency) {
        _ if pitr_fresh => false,
        (Some(age), Some(f)) => age > late_after(f),
        (Some(_), None) => {
            e.notes
                .push("backup.frequency is not declared: freshness not judged".into());
            false
        }
        (None, _) => false,
    };
    if let Some(f) = declared.frequency {
        let times: Vec<Timestamp> = usable.iter().map(|p| p.created).collect();
        e.gaps = gaps_between(&times, now, f, declared.retention);
    }
    let data_loss = match (newest_age, pitr_lag.filter(|_| pitr_fresh)) {
        (Some(a), Some(l)) => Some(a.min(l)),
        (a, l) => a.or(l),
    };
    e.meets_rpo = answer(declared.role, declared.rpo_target, data_loss);
    e.status = if e.recovery_points == 0 && !pitr_fresh {
        LocationStatus::Missing
    } else if late {
        LocationStatus::Late
    } else {
        LocationStatus::Fresh
    };
    restores(e, found.restores, now);
}

/// The restores that ran: each with its duration and the age of the data it restored; the
/// last verified one; failed validations and restores newer than the last good one.
fn restores(e: &mut EvidenceEntry, mut jobs: Vec<Restore>, now: Timestamp) {
    if e.source != super::SourceName::AwsBackup || e.role != Role::Primary {
        return;
    }
    jobs.sort_by(|a, b| {
        b.started
            .cmp(&a.started)
            .then_with(|| a.job_id.cmp(&b.job_id))
    });
    let mut out: Vec<RestoreEvidence> = Vec::with_capacity(jobs.len());
    for j in jobs {
        if j.started.as_second() > now.as_second() + FUTURE_SLACK_SECS {
            e.anomalies.push(format!(
                "time: restore job {} started in the future ({}): not counted",
                j.job_id, j.started
            ));
            continue;
        }
        let duration_secs = match j.completed {
            Some(c) if c < j.started => {
                e.anomalies.push(format!(
                    "time: restore job {} completed before it started: its duration is not measured",
                    j.job_id
                ));
                None
            }
            Some(c) => Some(age_secs(c, j.started)),
            None => None,
        };
        out.push(RestoreEvidence {
            job_id: j.job_id,
            recovery_point: j.recovery_point,
            status: j.status,
            validation: j.validation,
            started: j.started.to_string(),
            completed: j.completed.map(|t| t.to_string()),
            duration_secs,
            data_age_secs: j.point_created.map(|p| age_secs(j.started, p)),
        });
    }
    let verified = out.iter().position(|r| {
        r.status == RestoreStatus::Completed && r.validation == Validation::Successful
    });
    e.last_verified_restore = verified.map(|i| out[i].clone());
    let newer = &out[..verified.unwrap_or(out.len())];
    for r in newer {
        match (r.status, r.validation) {
            (_, Validation::Failed | Validation::TimedOut) => e.anomalies.push(format!(
                "restore: validation of restore job {} ({}) failed",
                r.job_id, r.started
            )),
            (RestoreStatus::Failed | RestoreStatus::Aborted, _) => e.anomalies.push(format!(
                "restore: restore job {} ({}) {}",
                r.job_id,
                r.started,
                if r.status == RestoreStatus::Failed {
                    "failed"
                } else {
                    "was aborted"
                }
            )),
            _ => {}
        }
    }
    if out.is_empty() {
        e.notes.push(
            "no restore recorded by AWS Backup (a restore made outside AWS Backup is not seen here; backup.last_restore_test still counts)"
                .into(),
        );
    } else if verified.is_none()
        && let Some(done) = out.iter().find(|r| r.status == RestoreStatus::Completed)
    {
        e.notes.push(format!(
            "restore job {} ({}) completed, not validated",
            done.job_id, done.started
        ));
    }
    e.restores = out;
}

/// Judges what FIS holds for one component in one region: every run, newest first; the
/// newest completed one; the templates whose latest finished run failed, was stopped or was
/// cancelled (an anomaly each, with FIS's reason); templates that never ran (a note: a
/// template proves nothing until it runs). `fresh` with a completed run, `missing` without.
/// How recent the run must be is the assessment's test window, not judged here.
pub fn experiments(e: &mut EvidenceEntry, found: Found, now: Timestamp) {
    e.notes.extend(found.notes);
    let mut runs: Vec<Run> = Vec::with_capacity(found.runs.len());
    for r in found.runs {
        if r.when().as_second() > now.as_second() + FUTURE_SLACK_SECS {
            e.anomalies.push(format!(
                "time: experiment {} started in the future ({}): not counted",
                r.id,
                r.when()
            ));
        } else {
            runs.push(r);
        }
    }
    runs.sort_by(|a, b| b.when().cmp(&a.when()).then_with(|| a.id.cmp(&b.id)));
    let items: HashMap<&str, &str> = (found.templates.iter())
        .filter_map(|t| Some((t.id.as_str(), t.item.as_deref()?)))
        .collect();
    e.experiments = (runs.iter())
        .map(|r| ExperimentEvidence {
            id: r.id.clone(),
            template: r.template.clone(),
            item: items.get(r.template.as_str()).map(|i| i.to_string()),
            state: r.state,
            reason: r.reason.clone(),
            started: r.when().to_string(),
            ended: r.ended.map(|t| t.to_string()),
            duration_secs: match (r.started, r.ended) {
                (Some(s), Some(x)) if x >= s => Some(age_secs(x, s)),
                _ => None,
            },
        })
        .collect();
    e.last_completed_experiment = (e.experiments.iter())
        .find(|x| x.state == ExperimentState::Completed)
        .cloned();
    for x in unresolved_failures(&e.experiments) {
        let what = match &x.item {
            Some(item) => format!("{item} (template {})", x.template),
            None => format!("template {}", x.template),
        };
        let reason = x
            .reason
            .as_deref()
            .map_or(String::new(), |r| format!(": {r}"));
        e.anomalies.push(format!(
            "experiment: the latest run of {what}, experiment {} ({}), {}{reason}",
            x.id,
            x.started,
            match x.state {
                ExperimentState::Failed => "failed",
                ExperimentState::Stopped => "was stopped",
                _ => "was cancelled",
            }
        ));
    }
    for x in e.experiments.iter().filter(|x| !x.state.finished()) {
        e.notes.push(format!(
            "experiment {} ({}) is {}: judged once it ends",
            x.id, x.started, x.state
        ));
    }
    let mut templates: Vec<TemplateEvidence> = (found.templates.iter())
        .map(|t| TemplateEvidence {
            id: t.id.clone(),
            item: t.item.clone(),
            runs: t.runs,
        })
        .collect();
    templates.sort_by(|a, b| a.item.cmp(&b.item).then_with(|| a.id.cmp(&b.id)));
    for t in templates.iter().filter(|t| t.runs == 0) {
        e.notes.push(format!(
            "template {}{} has never run: a template proves nothing until an experiment completes",
            t.id,
            t.item
                .as_deref()
                .map_or(String::new(), |i| format!(" ({i})"))
        ));
    }
    e.templates = templates;
    e.status = match e.last_completed_experiment {
        Some(_) => LocationStatus::Fresh,
        None => LocationStatus::Missing,
    };
}

/// The runs whose template's latest finished run failed, was stopped or was cancelled, newest
/// first: a later completed run of the same template settles it, a run still in progress does
/// not. `verify` reports them as anomalies, `assess --evidence` as DR406.
pub fn unresolved_failures(runs: &[ExperimentEvidence]) -> Vec<&ExperimentEvidence> {
    let mut latest: BTreeMap<&str, &ExperimentEvidence> = BTreeMap::new();
    for x in runs.iter().filter(|x| x.state.finished()) {
        let slot = latest.entry(x.template.as_str()).or_insert(x);
        if (x.started.as_str(), x.id.as_str()) > (slot.started.as_str(), slot.id.as_str()) {
            *slot = x;
        }
    }
    let mut out: Vec<&ExperimentEvidence> =
        latest.into_values().filter(|x| x.state.failed()).collect();
    out.sort_by(|a, b| b.started.cmp(&a.started).then_with(|| a.id.cmp(&b.id)));
    out
}

#[cfg(test)]
mod tests {
    use super::super::SourceName;
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("test fixture is valid")
    }

    fn point(id: &str, created: &str, state: PointState) -> Point {
        Point {
            id: id.into(),
            what: "recovery point",
            created: at(created),
            state,
            size_bytes: Some(10),
            encrypted: Some(true),
            immutable: None,
            vault: None,
            tier: StorageTier::Standard,
        }
    }

    fn declared(role: Role) -> Declared {
        Declared {
            role,
            frequency: Some(Duration::from_secs(86_400)),
            retention: Some(Duration::from_secs(7 * 86_400)),
            rpo_target: Some(Duration::from_secs(86_400)),
            pitr: false,
        }
    }

    fn restore(
        id: &str,
        started: &str,
        mins: i64,
        status: RestoreStatus,
        v: Validation,
    ) -> Restore {
        let started = at(started);
        Restore {
            job_id: id.into(),
            recovery_point: Some(format!("rp-{id}")),
            point_created: Some(started - jiff::SignedDuration::from_hours(2)),
            started,
            completed: Some(started + jiff::SignedDuration::from_mins(mins)),
            status,
            validation: v,
        }
    }

    const NOW: &str = "2026-11-26T20:00:00Z";

    #[test]
    fn fresh_late_and_missing() {
        let now = at(NOW);
        let mut e = empty("db", SourceName::AwsBackup, "us-east-1", Role::Primary);
        let found = Found {
            points: vec![
                point("a", "2026-11-25T03:00:00Z", PointState::Usable),
                point("b", "2026-11-26T03:00:00Z", PointState::Usable),
                point("c", "2026-11-26T19:00:00Z", PointState::Partial),
                point("d", "2027-01-01T00:00:00Z", PointState::Usable),
            ],
            ..Found::default()
        };
        judge(&mut e, found, &declared(Role::Primary), false, now);
        assert_eq!(e.status, LocationStatus::Fresh);
        assert_eq!(e.recovery_points, 2);
        assert_eq!(e.newest.as_ref().map(|n| n.id.as_str()), Some("b"));
        assert_eq!(e.meets_rpo.software, Some(true));
        assert_eq!(e.anomalies.len(), 2, "{:?}", e.anomalies);
        assert!(e.anomalies[0].contains("future"), "{:?}", e.anomalies);

        let mut e = empty("db", SourceName::AwsBackup, "us-east-1", Role::Copy);
        let found = Found {
            points: vec![point("a", "2026-11-20T03:00:00Z", PointState::Usable)],
            ..Found::default()
        };
        judge(&mut e, found, &declared(Role::Copy), false, now);
        assert_eq!(e.status, LocationStatus::Late);
        assert_eq!(e.meets_rpo.region, Some(false));

        let mut e = empty("db", SourceName::Ebs, "us-east-1", Role::Primary);
        judge(
            &mut e,
            Found::default(),
            &declared(Role::Primary),
            false,
            now,
        );
        assert_eq!(e.status, LocationStatus::Missing);
    }

    #[test]
    fn pitr_off_while_declared_and_a_stalled_stream() {
        let now = at(NOW);
        let mut d = declared(Role::Primary);
        d.pitr = true;
        let mut e = empty("t", SourceName::Dynamodb, "us-east-1", Role::Primary);
        let found = Found {
            continuous: Some(super::super::Continuous {
                enabled: false,
                latest_restorable: None,
                earliest_restorable: None,
                from: "dynamodb:DescribeContinuousBackups t".into(),
            }),
            ..Found::default()
        };
        judge(&mut e, found, &d, false, now);
        assert_eq!(e.status, LocationStatus::Missing);
        assert!(
            e.anomalies
                .iter()
                .any(|a| a.contains("declared but point-in-time recovery is off"))
        );

        let mut e = empty("t", SourceName::Dynamodb, "us-east-1", Role::Primary);
        let found = Found {
            continuous: Some(super::super::Continuous {
                enabled: true,
                latest_restorable: Some(at("2026-11-26T19:55:00Z")),
                earliest_restorable: None,
                from: "x".into(),
            }),
            ..Found::default()
        };
        judge(&mut e, found, &d, false, now);
        assert_eq!(e.status, LocationStatus::Fresh);
        assert_eq!(e.pitr.as_ref().and_then(|p| p.lag_secs), Some(300));
        assert_eq!(e.meets_rpo.software, Some(true));
    }

    #[test]
    fn the_last_verified_restore_and_failed_validations_after_it() {
        let now = at(NOW);
        let mut e = empty("db", SourceName::AwsBackup, "us-east-1", Role::Primary);
        let found = Found {
            points: vec![point("a", "2026-11-26T03:00:00Z", PointState::Usable)],
            restores: vec![
                restore(
                    "r1",
                    "2026-10-01T00:00:00Z",
                    40,
                    RestoreStatus::Completed,
                    Validation::Successful,
                ),
                restore(
                    "r2",
                    "2026-11-01T00:00:00Z",
                    55,
                    RestoreStatus::Completed,
                    Validation::Successful,
                ),
                restore(
                    "r3",
                    "2026-11-20T00:00:00Z",
                    50,
                    RestoreStatus::Completed,
                    Validation::Failed,
                ),
                restore(
                    "r4",
                    "2026-11-21T00:00:00Z",
                    5,
                    RestoreStatus::Completed,
                    Validation::None,
                ),
            ],
            ..Found::default()
        };
        judge(&mut e, found, &declared(Role::Primary), false, now);
        let last = e
            .last_verified_restore
            .as_ref()
            .expect("a verified restore");
        assert_eq!(last.job_id, "r2");
        assert_eq!(last.duration_secs, Some(55 * 60));
        assert_eq!(last.data_age_secs, Some(2 * 3600));
        assert_eq!(e.restores.len(), 4);
        assert_eq!(e.restores[0].job_id, "r4", "newest first");
        assert_eq!(e.anomalies.len(), 1, "{:?}", e.anomalies);
        assert!(e.anomalies[0].contains("r3"));

        let mut e = empty("db", SourceName::AwsBackup, "us-east-1", Role::Primary);
        judge(
            &mut e,
            Found::default(),
            &declared(Role::Primary),
            false,
            now,
        );
        assert!(
            e.notes
                .iter()
                .any(|n| n.contains("no restore recorded by AWS Backup"))
        );
    }

    #[test]
    fn absurd_sizes_and_backwards_restores_are_not_trusted() {
        let now = at(NOW);
        let mut e = empty("db", SourceName::AwsBackup, "us-east-1", Role::Primary);
        let mut p = point("a", "2026-11-26T03:00:00Z", PointState::Usable);
        p.size_bytes = Some(u64::MAX);
        let mut r = restore(
            "r",
            "2026-11-01T00:00:00Z",
            10,
            RestoreStatus::Completed,
            Validation::Successful,
        );
        r.completed = Some(at("2026-10-01T00:00:00Z"));
        let found = Found {
            points: vec![p],
            restores: vec![r],
            ..Found::default()
        };
        judge(&mut e, found, &declared(Role::Primary), false, now);
        assert_eq!(e.newest.as_ref().and_then(|n| n.size), None);
        assert_eq!(e.restores[0].duration_secs, None);
        assert_eq!(e.anomalies.len(), 2, "{:?}", e.anomalies);
    }

    #[test]
    fn not_found_is_missing_and_denied_is_unverified() {
        let mut e = empty("db", SourceName::Rds, "us-east-1", Role::Primary);
        let d = declared(Role::Primary);
        failed(
            &mut e,
            &StoreError::new(FailureKind::NotFound, "rds: not found".into()),
            &d,
        );
        assert_eq!(e.status, LocationStatus::Missing);
        assert_eq!(e.meets_rpo.software, Some(false));
        let mut e = empty("db", SourceName::Rds, "us-east-1", Role::Primary);
        failed(
            &mut e,
            &StoreError::new(FailureKind::Denied, "rds: HTTP 403 AccessDenied".into()),
            &d,
        );
        assert_eq!(e.status, LocationStatus::Unverified);
        assert_eq!(e.errors.len(), 1);
    }

    fn run(id: &str, template: &str, state: ExperimentState, started: &str) -> Run {
        Run {
            id: id.into(),
            template: template.into(),
            state,
            reason: None,
            created: at(started),
            started: Some(at(started)),
            ended: None,
        }
    }

    fn template(id: &str, runs: u64) -> super::super::Template {
        super::super::Template {
            id: id.into(),
            component: "api".into(),
            item: Some(format!("experiment:{id}:api")),
            runs,
        }
    }

    /// Per template, the latest finished run decides: a completed run after a failure settles
    /// it, a failure after a completed run stands, a run still going changes nothing yet; a
    /// run dated in the future is not counted; a template that never ran is only a note and
    /// does not make the component tested.
    #[test]
    fn the_latest_finished_run_of_each_template_decides() {
        use ExperimentState::*;
        let now = at(NOW);
        let mut e = empty("api", SourceName::Fis, "us-east-1", Role::Primary);
        let found = Found {
            templates: vec![
                template("az-loss", 2),
                template("instance-loss", 3),
                template("region-failover", 0),
            ],
            runs: vec![
                run("EXP1", "az-loss", Failed, "2026-11-10T00:00:00Z"),
                run("EXP2", "az-loss", Completed, "2026-11-12T00:00:00Z"),
                run("EXP3", "instance-loss", Completed, "2026-11-14T00:00:00Z"),
                run("EXP4", "instance-loss", Stopped, "2026-11-16T00:00:00Z"),
                run("EXP5", "instance-loss", Running, "2026-11-26T19:00:00Z"),
                run("EXP6", "az-loss", Cancelled, "2027-01-01T00:00:00Z"),
            ],
            ..Found::default()
        };
        experiments(&mut e, found, now);
        assert_eq!(e.status, LocationStatus::Fresh);
        let order: Vec<&str> = e.experiments.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(order, ["EXP5", "EXP4", "EXP3", "EXP2", "EXP1"]);
        assert_eq!(
            e.last_completed_experiment.as_ref().map(|x| x.id.as_str()),
            Some("EXP3")
        );
        let failing: Vec<&str> = unresolved_failures(&e.experiments)
            .iter()
            .map(|x| x.id.as_str())
            .collect();
        assert_eq!(failing, ["EXP4"]);
        assert_eq!(e.anomalies.len(), 2, "{:?}", e.anomalies);
        assert!(e.anomalies[0].contains("EXP6") && e.anomalies[0].contains("future"));
        assert!(e.anomalies[1].contains("experiment EXP4 (2026-11-16T00:00:00Z), was stopped"));
        let notes = e.notes.join("\n");
        assert!(
            notes.contains("EXP5 (2026-11-26T19:00:00Z) is running"),
            "{notes}"
        );
        assert!(
            notes.contains(
                "template region-failover (experiment:region-failover:api) has never run"
            ),
            "{notes}"
        );

        // Templates that exist but never ran: no test.
        let mut e = empty("db", SourceName::Fis, "us-east-1", Role::Primary);
        let found = Found {
            templates: vec![template("instance-loss", 0)],
            ..Found::default()
        };
        experiments(&mut e, found, now);
        assert_eq!(e.status, LocationStatus::Missing);
        assert!(e.last_completed_experiment.is_none());
        assert!(e.anomalies.is_empty());
    }
}
