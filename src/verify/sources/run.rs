//! Which resources to ask which source about, in which regions, and asking them: one task per
//! resource (requests are bounded by the shared semaphore), its sources one after the other
//! so that a recovery point an earlier source reported is not counted again.

use std::collections::HashSet;
use std::sync::Arc;

use indicatif::ProgressBar;
use jiff::Timestamp;
use tokio::task::JoinSet;

use super::super::checks::{Declared, Role};
use super::super::report::EvidenceEntry;
use super::aws::Aws;
use super::{PointState, Query, Source, SourceName, judge};
use crate::model::{Architecture, Disruption, Resource};

/// Resources checked at the same time, at most (requests are bounded apart, by the
/// connection's semaphore).
const IN_PROGRESS: usize = 32;

/// One resource of one component, with the regions to read and what was declared.
#[derive(Debug, Clone)]
pub struct Target {
    pub id: String,
    pub resource: Resource,
    /// The primary region, then the secondary when copies are declared.
    pub regions: Vec<(Role, String)>,
    pub primary: Declared,
    pub copy: Declared,
    /// `backup.immutable`: the vault must be locked or air-gapped.
    pub immutable: bool,
}

/// Every resource of every component, sorted by component id then resource; and a note for
/// each stateful component that lists none.
pub fn targets(arch: &Architecture, default_region: &str) -> (Vec<Target>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for c in &arch.components {
        if let Some(cloud) = c.beyond_aws() {
            if c.stateful && !c.outside_our_failure_domains() {
                notes.push(format!(
                    "{}: no recovery evidence read: it runs on {} ({}), and drplan verify reads AWS evidence only, for now",
                    c.id,
                    cloud.name(),
                    c.service.as_deref().unwrap_or_default()
                ));
            }
            continue;
        }
        if c.resources.is_empty() {
            if c.stateful && !c.outside_our_failure_domains() {
                notes.push(format!(
                    "{}: no recovery evidence read: it lists no resources; add \"resources\": [{{\"arn\": \"...\"}}] (docs/input.md)",
                    c.id
                ));
            }
            continue;
        }
        let backup = c.backup.as_deref();
        let declared = |role: Role, d: Disruption| Declared {
            role,
            frequency: backup.and_then(|b| b.frequency),
            retention: backup.and_then(|b| b.retention),
            rpo_target: c.policy.targets[d].map(|t| t.rpo),
            pitr: backup.is_some_and(|b| b.pitr),
        };
        for r in &c.resources {
            let primary = r
                .region()
                .or(arch.regions.primary.as_deref())
                .unwrap_or(default_region)
                .to_string();
            let mut regions = vec![(Role::Primary, primary.clone())];
            // The copies are where the backup says, else in the secondary region.
            let copies = backup
                .filter(|b| b.cross_region_copy)
                .and_then(|b| b.copy_region.as_ref().or(arch.regions.secondary.as_ref()));
            if let Some(copies) = copies
                && *copies != primary
            {
                regions.push((Role::Copy, copies.clone()));
            }
            out.push(Target {
                id: c.id.clone(),
                resource: r.clone(),
                regions,
                primary: declared(Role::Primary, Disruption::Software),
                copy: declared(Role::Copy, Disruption::Region),
                immutable: backup.is_some_and(|b| b.immutable),
            });
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.resource.cmp(&b.resource)));
    (out, notes)
}

/// Asks every source about every target; the entries come back sorted by component,
/// resource, role and source.
pub async fn run(
    aws: Arc<Aws>,
    sources: Arc<Vec<Box<dyn Source>>>,
    targets: Vec<Target>,
    now: Timestamp,
    progress: ProgressBar,
) -> Vec<EvidenceEntry> {
    // Resources in progress at once: each holds its recovery points until they are judged,
    // so memory follows this, not the number of resources.
    let slots = Arc::new(tokio::sync::Semaphore::new(IN_PROGRESS));
    let mut tasks = JoinSet::new();
    for (i, t) in targets.into_iter().enumerate() {
        let (aws, sources, progress) = (aws.clone(), sources.clone(), progress.clone());
        let slots = slots.clone();
        tasks.spawn(async move {
            let _slot = slots.acquire().await;
            let entries = check(&aws, &sources, &t, now).await;
            progress.inc(1);
            (i, entries)
        });
    }
    let mut results: Vec<(usize, Vec<EvidenceEntry>)> = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        if let Ok(r) = joined {
            results.push(r);
        }
    }
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().flat_map(|(_, e)| e).collect()
}

/// One resource: its ARN, then each region, each source in order.
async fn check(
    aws: &Aws,
    sources: &[Box<dyn Source>],
    t: &Target,
    now: Timestamp,
) -> Vec<EvidenceEntry> {
    let resolved = aws.resolve(&t.resource).await;
    let resource_text = match &resolved {
        Ok(arn) => arn.to_string(),
        Err(_) => t.resource.to_string(),
    };
    let mut out = Vec::new();
    for (role, region) in &t.regions {
        let query = Query {
            resource: t.resource.clone(),
            arn: resolved.as_ref().ok().cloned(),
            region: region.clone(),
            role: *role,
        };
        let declared = if *role == Role::Primary {
            &t.primary
        } else {
            &t.copy
        };
        let mut seen: HashSet<String> = HashSet::new();
        for source in sources.iter().filter(|s| s.reads(&query)) {
            let mut e = judge::empty(&t.id, source.name(), region, *role);
            e.resource = resource_text.clone();
            let found = match &resolved {
                // Without its ARN nothing can be asked of AWS Backup; the other sources go by
                // the resource's own identifier and say for themselves whether it exists.
                Err(err) if source.name() == SourceName::AwsBackup => Err(err.clone()),
                _ => source.collect(&query).await,
            };
            match found {
                Ok(found) => {
                    // Judged on all it saw (its status stands on its own), counted once.
                    let again = (found.points.iter())
                        .filter(|p| p.state == PointState::Usable && p.created <= now)
                        .filter(|p| seen.contains(p.same_as_key()))
                        .count() as u64;
                    seen.extend(found.points.iter().map(|p| p.same_as_key().to_string()));
                    judge::judge(&mut e, found, declared, t.immutable, now);
                    e.counted_by_other_source = again.min(e.recovery_points);
                    e.recovery_points -= e.counted_by_other_source;
                }
                Err(err) => judge::failed(&mut e, &err, declared),
            }
            out.push(e);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{BoxFuture, Found, Point, StorageTier};
    use super::*;
    use crate::input::{self, LoadOptions};
    use crate::verify::store::StoreError;

    fn load(text: &str) -> Architecture {
        input::load(text.as_bytes(), "t.json", &LoadOptions::default())
            .expect("test fixture is valid")
    }

    /// The primary region is the resource's own (else `regions.primary`); the secondary is
    /// read for copies only where `cross_region_copy` is declared; a stateful component
    /// without resources is noted, a stateless one is not.
    #[test]
    fn regions_follow_the_resource_and_the_declared_copies() {
        let arch = load(
            r#"{ "name": "t", "regions": { "primary": "eu-west-1", "secondary": "eu-central-1" },
                 "components": [
                   { "id": "db", "kind": "database",
                     "backup": { "frequency": "24h", "cross_region_copy": true },
                     "resources": [ { "service": "rds-instance", "id": "db1" },
                                    { "arn": "arn:aws:rds:us-east-1:123456789012:db:db2" } ] },
                   { "id": "table", "kind": "database", "backup": { "frequency": "24h" },
                     "resources": [ { "service": "dynamodb-table", "id": "Orders" } ] },
                   { "id": "bare", "kind": "database" },
                   { "id": "web", "kind": "compute" } ] }"#,
        );
        let (targets, notes) = targets(&arch, "us-east-1");
        let got: Vec<(&str, Vec<(Role, &str)>)> = targets
            .iter()
            .map(|t| {
                let regions = t.regions.iter().map(|(r, g)| (*r, g.as_str())).collect();
                (t.id.as_str(), regions)
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "db",
                    vec![(Role::Primary, "us-east-1"), (Role::Copy, "eu-central-1")]
                ),
                (
                    "db",
                    vec![(Role::Primary, "eu-west-1"), (Role::Copy, "eu-central-1")]
                ),
                ("table", vec![(Role::Primary, "eu-west-1")]),
            ]
        );
        assert_eq!(notes.len(), 1);
        assert!(notes[0].starts_with("bare: "), "{notes:?}");
    }

    /// A source that reports the given snapshot ids, made an hour before `NOW`.
    struct Fake(SourceName, &'static [&'static str]);

    impl Source for Fake {
        fn name(&self) -> SourceName {
            self.0
        }
        fn reads(&self, _: &Query) -> bool {
            true
        }
        fn collect<'a>(&'a self, _: &'a Query) -> BoxFuture<'a, Result<Found, StoreError>> {
            Box::pin(async move {
                let created =
                    NOW.parse::<Timestamp>().expect("a time") - jiff::SignedDuration::from_hours(1);
                let points = (self.1.iter())
                    .map(|id| Point {
                        id: id.to_string(),
                        what: "snapshot",
                        created,
                        state: PointState::Usable,
                        size_bytes: None,
                        encrypted: Some(true),
                        immutable: None,
                        vault: None,
                        tier: StorageTier::Standard,
                    })
                    .collect();
                Ok(Found {
                    points,
                    ..Found::default()
                })
            })
        }
        fn actions(&self) -> &'static [&'static str] {
            &[]
        }
    }

    const NOW: &str = "2026-11-26T20:00:00Z";

    /// An EBS snapshot AWS Backup made is reported by both: counted by AWS Backup, and the
    /// EBS entry says so while judging its own freshness on everything it saw.
    #[test]
    fn a_recovery_point_two_sources_see_counts_once() {
        let arch = load(
            r#"{ "name": "t", "components": [ { "id": "disk", "kind": "database",
                 "backup": { "frequency": "24h" },
                 "resources": [ { "arn": "arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0" } ] } ] }"#,
        );
        let (targets, _) = targets(&arch, "us-east-1");
        let sources: Vec<Box<dyn Source>> = vec![
            Box::new(Fake(
                SourceName::AwsBackup,
                &[
                    "arn:aws:ec2:us-east-1::snapshot/snap-1",
                    "arn:aws:ec2:us-east-1::snapshot/snap-2",
                ],
            )),
            Box::new(Fake(SourceName::Ebs, &["snap-2", "snap-3"])),
        ];
        let entries = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(run(
                Arc::new(Aws::for_tests()),
                Arc::new(sources),
                targets,
                NOW.parse().expect("a time"),
                ProgressBar::hidden(),
            ));
        let counts: Vec<(SourceName, u64, u64)> = (entries.iter())
            .map(|e| (e.source, e.recovery_points, e.counted_by_other_source))
            .collect();
        assert_eq!(
            counts,
            [(SourceName::AwsBackup, 2, 0), (SourceName::Ebs, 1, 1)]
        );
        assert!(
            entries
                .iter()
                .all(|e| e.status == crate::verify::LocationStatus::Fresh)
        );
    }
}
