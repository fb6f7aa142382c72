//! Which resources to ask which source about, in which regions, and asking them: one task per
//! resource (requests are bounded by the shared semaphore), its sources one after the other
//! so that a recovery point an earlier source reported is not counted again.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use indicatif::ProgressBar;
use jiff::Timestamp;
use tokio::task::JoinSet;

use super::super::checks::Declared;
use super::super::report::{EvidenceEntry, LocationStatus};
use super::Role;
use super::aws::Aws;
use super::fis::{Listing, TAG_COMPONENT};
use super::{Found, PointState, Query, Source, SourceName, judge};
use crate::emit::names::tag_value;
use crate::model::{Architecture, Arn, CompIdx, Disruption, Resource, ResourceKind};
use crate::verify::store::StoreError;

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

/// The ARN of a resource: as written, or found through the service's own describe call
/// (RDS, DynamoDB), or built with the caller's account (EBS, EFS; a bucket needs none).
async fn resolve(aws: &Aws, resource: &Resource) -> Result<Arn, StoreError> {
    let named = match resource {
        Resource::Arn(arn) => return Ok(arn.clone()),
        Resource::Named(n) => n,
    };
    let (region, id) = (named.region(), named.id());
    let found = match named.kind() {
        ResourceKind::RdsInstance => super::rds::instance_arn(aws, region, id).await?,
        ResourceKind::RdsCluster => super::rds::cluster_arn(aws, region, id).await?,
        ResourceKind::DynamodbTable => super::dynamodb::table_arn(aws, region, id).await?,
        ResourceKind::S3Bucket => return named.arn("").map_err(super::aws::arn_error),
        ResourceKind::EbsVolume | ResourceKind::EfsFileSystem => {
            let account = aws.account(region).await?;
            return named.arn(&account).map_err(super::aws::arn_error);
        }
    };
    Arn::parse(&found).map_err(super::aws::arn_error)
}

/// One resource: its ARN, then each region, each source in order.
async fn check(
    aws: &Aws,
    sources: &[Box<dyn Source>],
    t: &Target,
    now: Timestamp,
) -> Vec<EvidenceEntry> {
    let resolved = resolve(aws, &t.resource).await;
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

/// The regions FIS is read in: every region a component's resources are in or were imported
/// from, `regions.primary` and `regions.secondary`; the client's default region when none is
/// named. Sorted.
pub fn experiment_regions(arch: &Architecture, default_region: &str) -> Vec<String> {
    let mut regions: BTreeSet<String> = BTreeSet::new();
    for c in &arch.components {
        regions.extend(
            c.resources
                .iter()
                .filter_map(|r| r.region().map(str::to_string)),
        );
        regions.extend(c.imported_from.iter().filter_map(|o| o.region.clone()));
    }
    regions.extend(arch.regions.primary.iter().cloned());
    regions.extend(arch.regions.secondary.iter().cloned());
    if regions.is_empty() {
        regions.insert(default_region.to_string());
    }
    regions.into_iter().collect()
}

/// Where a component's templates are expected: the region of its resources, or the one it was
/// imported from, else `regions.primary`, else the client's default (as `drplan ops` places
/// them).
fn home_region(arch: &Architecture, c: CompIdx, default_region: &str) -> String {
    let comp = &arch.components[c];
    (comp.resources.iter().find_map(|r| r.region()))
        .or_else(|| comp.imported_from.iter().find_map(|o| o.region.as_deref()))
        .or(arch.regions.primary.as_deref())
        .unwrap_or(default_region)
        .to_string()
}

/// The experiments FIS ran, per component and region: the templates tagged
/// `drplan:component` in each of `regions` (`list` asks FIS for one region), matched to the components by that tag, judged
/// with the runs from them. A component that declares `observability.experiments` but has no
/// tagged template anywhere is `missing`; a region that could not be listed is `unverified`
/// for every component FIS is read for, and only a note when no component is. Entries are
/// sorted by component id, then region.
pub async fn experiments<F, Fut>(
    list: F,
    arch: &Architecture,
    regions: &[String],
    default_region: &str,
    now: Timestamp,
) -> (Vec<EvidenceEntry>, Vec<String>)
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<Listing, StoreError>>,
{
    let mut notes = Vec::new();
    let by_tag: HashMap<String, CompIdx> = (arch.components.iter().enumerate())
        .map(|(i, c)| (tag_value(&c.id), i))
        .collect();
    // Per component and region: what was found.
    let mut found: BTreeMap<(CompIdx, &str), Found> = BTreeMap::new();
    let mut failed: Vec<(&str, StoreError)> = Vec::new();
    for region in regions.iter().map(String::as_str) {
        let listing = match list(region.to_string()).await {
            Ok(l) => l,
            Err(e) => {
                failed.push((region, e));
                continue;
            }
        };
        let mut owner: HashMap<String, CompIdx> = HashMap::new();
        for t in listing.templates {
            let Some(&c) = by_tag.get(&t.component) else {
                notes.push(format!(
                    "fis: template {} in {region} is tagged {TAG_COMPONENT}={}, which names no component",
                    t.id,
                    crate::words::Shown(&t.component)
                ));
                continue;
            };
            owner.insert(t.id.clone(), c);
            found.entry((c, region)).or_default().templates.push(t);
        }
        for r in listing.runs {
            if let Some(&c) = owner.get(&r.template) {
                found.entry((c, region)).or_default().runs.push(r);
            }
        }
    }
    let declared = |c: CompIdx| !arch.components[c].observability.experiments.is_empty();
    let mut read: BTreeSet<CompIdx> = found.keys().map(|(c, _)| *c).collect();
    read.extend((0..arch.components.len()).filter(|&c| declared(c)));
    if read.is_empty() {
        notes.extend(
            failed
                .iter()
                .map(|(region, e)| format!("fis: experiments not read in {region}: {}", e.message)),
        );
    }
    let entry = |c: CompIdx, region: &str| {
        let id = &arch.components[c].id;
        let mut e = judge::empty(id, SourceName::Fis, region, Role::Primary);
        e.resource = format!("FIS templates tagged {TAG_COMPONENT}={}", tag_value(id));
        e
    };
    let mut out = Vec::new();
    for c in read {
        let before = out.len();
        let mut places: Vec<&str> = found.keys().filter(|k| k.0 == c).map(|k| k.1).collect();
        places.extend(failed.iter().map(|(r, _)| *r));
        places.sort_unstable();
        for region in places {
            let mut e = entry(c, region);
            match found.remove(&(c, region)) {
                Some(f) => judge::experiments(&mut e, f, now),
                None => {
                    let err = failed.iter().find(|(r, _)| *r == region).map(|(_, e)| e);
                    if let Some(err) = err {
                        e.errors.push(err.message.clone());
                    }
                }
            }
            out.push(e);
        }
        if out.len() == before {
            let home = home_region(arch, c, default_region);
            let mut e = entry(c, &home);
            e.status = LocationStatus::Missing;
            e.notes.push(format!(
                "observability.experiments is declared, but no FIS experiment template tagged {TAG_COMPONENT}={} was found in {}: tag the templates (drplan ops does) so that the runs count",
                crate::words::Shown(&tag_value(&arch.components[c].id)),
                regions.join(", ")
            ));
            out.push(e);
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.region.cmp(&b.region)));
    (out, notes)
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

    fn block<T>(f: impl std::future::Future<Output = T>) -> T {
        crate::verify::sources::block_on(f)
    }

    fn template(id: &str, tag: &str) -> super::super::Template {
        super::super::Template {
            id: id.into(),
            component: tag.into(),
            item: None,
            runs: 1,
        }
    }

    fn completed(id: &str, template: &str) -> super::super::Run {
        let at: Timestamp = "2026-11-20T10:00:00Z".parse().expect("a time");
        super::super::Run {
            id: id.into(),
            template: template.into(),
            state: crate::estimate::ExperimentState::Completed,
            reason: None,
            created: at,
            started: Some(at),
            ended: None,
        }
    }

    /// Templates meet their components by the tag as the emitter writes it (a 300-character
    /// id shortened to 256); a tag naming no component is a note; a region that cannot be
    /// listed is `unverified` for each component FIS is read for; a component that declares
    /// experiments but has no tagged template anywhere is `missing` in its own region.
    #[test]
    fn templates_meet_components_by_their_tag() {
        let long = "x".repeat(300);
        let arch = load(&format!(
            r#"{{ "name": "t", "regions": {{ "primary": "us-east-1", "secondary": "us-west-2" }},
                 "components": [
                   {{ "id": "{long}", "kind": "compute" }},
                   {{ "id": "api", "kind": "compute" }},
                   {{ "id": "cache", "kind": "cache", "observability": {{ "experiments": ["instance-loss"] }} }} ] }}"#
        ));
        let regions = experiment_regions(&arch, "eu-west-1");
        assert_eq!(regions, ["us-east-1", "us-west-2"]);
        let tag = tag_value(&long);
        assert_eq!(tag.len(), 256);
        let list = |region: String| {
            let tag = tag.clone();
            async move {
                match region.as_str() {
                    "us-east-1" => Ok(Listing {
                        templates: vec![
                            template("EXT1", &tag),
                            // A template with no run listed.
                            template("EXT2", "api"),
                            template("EXT3", "ghost"),
                        ],
                        runs: vec![completed("EXP1", "EXT1"), completed("EXP9", "EXT3")],
                    }),
                    _ => Err(StoreError::new(
                        crate::verify::store::FailureKind::Denied,
                        "fis:ListExperimentTemplates in us-west-2: HTTP 403 AccessDeniedException"
                            .into(),
                    )),
                }
            }
        };
        let now: Timestamp = NOW.parse().expect("a time");
        let (entries, notes) = block(experiments(list, &arch, &regions, "eu-west-1", now));
        let got: Vec<(&str, &str, crate::verify::LocationStatus)> = (entries.iter())
            .map(|e| (&e.id[..e.id.len().min(5)], e.region.as_str(), e.status))
            .collect();
        use crate::verify::LocationStatus::*;
        assert_eq!(
            got,
            [
                ("api", "us-east-1", Missing),
                ("api", "us-west-2", Unverified),
                // Read where it could be: nothing in us-east-1, us-west-2 unknown.
                ("cache", "us-west-2", Unverified),
                ("xxxxx", "us-east-1", Fresh),
                ("xxxxx", "us-west-2", Unverified),
            ][..]
        );
        assert_eq!(entries[3].id, long);
        assert_eq!(
            entries[3]
                .last_completed_experiment
                .as_ref()
                .map(|x| x.id.as_str()),
            Some("EXP1")
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].contains("EXT3") && notes[0].contains("ghost"),
            "{notes:?}"
        );

        // Every region read, nothing tagged for the component that declares experiments.
        let empty = |_: String| async { Ok(Listing::default()) };
        let (entries, notes) = block(experiments(empty, &arch, &regions, "eu-west-1", now));
        assert_eq!(entries.len(), 1);
        assert_eq!(
            (
                entries[0].id.as_str(),
                entries[0].region.as_str(),
                entries[0].status
            ),
            ("cache", "us-east-1", Missing)
        );
        assert!(entries[0].notes[0].contains("no FIS experiment template tagged drplan:component=cache was found in us-east-1, us-west-2"));
        assert!(notes.is_empty());

        // Nothing declared and nothing found: a region that cannot be read is a note.
        let bare = load(r#"{ "name": "t", "components": [ { "id": "api", "kind": "compute" } ] }"#);
        let denied = |_: String| async {
            Err(StoreError::new(
                crate::verify::store::FailureKind::Denied,
                "fis:ListExperimentTemplates in eu-west-1: HTTP 403 AccessDeniedException".into(),
            ))
        };
        let regions = experiment_regions(&bare, "eu-west-1");
        let (entries, notes) = block(experiments(denied, &bare, &regions, "eu-west-1", now));
        assert!(entries.is_empty());
        assert_eq!(
            notes,
            [
                "fis: experiments not read in eu-west-1: fis:ListExperimentTemplates in eu-west-1: HTTP 403 AccessDeniedException"
            ]
        );
    }
}
