//! Recovery evidence from where the backups really are (docs/verify.md, "Recovery evidence from
//! AWS"): AWS Backup, RDS and Aurora, DynamoDB, EBS; and the tests that ran, AWS FIS. Each
//! source is one module and reports what it found as neutral [`Found`] records; `judge` reads
//! only those, so adding EFS or FSx is one more file here and a line in [`all`].
//!
//! The order of a run: `run` lists, per component resource, which sources read it in which
//! region (the primary, and the secondary for copies), resolves an identifier to its ARN
//! (`aws::Aws::resolve`), asks each source, drops recovery points an earlier source already
//! reported (an RDS snapshot AWS Backup made counts once), and judges each entry.
//!
//! FIS is asked per region, not per resource: experiment templates find their targets by tag,
//! and drplan finds the templates by the tag it gave them (`drplan:component`), so `fis` lists
//! a region's templates and experiments once and `run::experiments` hands each component its
//! share as a [`Found`] of [`Template`]s and [`Run`]s.

pub mod aws;
pub mod backup;
pub mod dynamodb;
pub mod ebs;
pub mod fis;
pub mod judge;
pub mod rds;
pub mod run;

use std::future::Future;
use std::pin::Pin;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::store::StoreError;
use crate::model::{Arn, Resource, ResourceKind};

/// Where a piece of evidence comes from; the order is the order of precedence when two
/// sources report the same recovery point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SourceName {
    #[serde(rename = "aws-backup")]
    AwsBackup,
    #[serde(rename = "rds")]
    Rds,
    #[serde(rename = "dynamodb")]
    Dynamodb,
    #[serde(rename = "ebs")]
    Ebs,
    /// The experiments AWS FIS ran: tests, not recovery points.
    #[serde(rename = "fis")]
    Fis,
}

impl SourceName {
    pub const ALL: [SourceName; 5] = [
        SourceName::AwsBackup,
        SourceName::Rds,
        SourceName::Dynamodb,
        SourceName::Ebs,
        SourceName::Fis,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceName::AwsBackup => "aws-backup",
            SourceName::Rds => "rds",
            SourceName::Dynamodb => "dynamodb",
            SourceName::Ebs => "ebs",
            SourceName::Fis => "fis",
        }
    }
}

impl std::fmt::Display for SourceName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which location of a component: its `location` answers the software RPO, its
/// `copy_location` the region RPO (docs/verify.md).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Primary,
    Copy,
}

/// What a source is asked: one resource in one region.
#[derive(Debug, Clone)]
pub struct Query {
    pub resource: Resource,
    /// The ARN, when it is known or could be found (AWS Backup needs it).
    pub arn: Option<Arn>,
    pub region: String,
    pub role: Role,
}

impl Query {
    /// The kind and identifier of the resource, when it is one drplan reads directly.
    pub fn kind(&self) -> Option<(ResourceKind, &str)> {
        self.resource.kind()
    }
}

/// The state of a recovery point, as far as restoring from it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PointState {
    /// Complete and restorable.
    Usable,
    /// Still being made.
    Pending,
    /// Made only in part (AWS Backup `PARTIAL`): a restore may miss data.
    Partial,
    /// Failed, expired, deleting or in error: nothing to restore from.
    Failed,
}

/// Where the bytes of a point are kept: an archived snapshot must be restored from the archive
/// before use (hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageTier {
    Standard,
    Archive,
}

/// One recovery point, in any source's words.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// What identifies it to its service: a recovery point ARN, a snapshot id or ARN, a
    /// backup ARN.
    pub id: String,
    /// What it is: `recovery point`, `automated snapshot`, `manual snapshot`, `backup`.
    pub what: &'static str,
    pub created: Timestamp,
    pub state: PointState,
    /// As reported; `None` when not reported (or not believable).
    pub size_bytes: Option<u64>,
    pub encrypted: Option<bool>,
    /// A locked or logically air-gapped vault.
    pub immutable: Option<bool>,
    pub tier: StorageTier,
    /// The AWS Backup vault that holds it.
    pub vault: Option<String>,
}

impl Point {
    /// The key under which two sources' reports of one point meet: an AWS Backup recovery
    /// point of EBS is `arn:…:snapshot/snap-…`, the EBS source's `snap-…`; of RDS, the
    /// snapshot's own ARN.
    pub fn same_as_key(&self) -> &str {
        match self.id.rsplit_once(":snapshot/") {
            Some((_, snap)) => snap,
            None => &self.id,
        }
    }
}

/// How a restore ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RestoreStatus {
    Completed,
    Failed,
    Aborted,
    Running,
    Pending,
}

/// Whether a restore's result was checked (AWS Backup restore testing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Validation {
    Successful,
    Failed,
    TimedOut,
    Validating,
    /// Nothing validated it.
    None,
}

/// One restore that ran.
#[derive(Debug, Clone, PartialEq)]
pub struct Restore {
    pub job_id: String,
    pub recovery_point: Option<String>,
    pub point_created: Option<Timestamp>,
    pub started: Timestamp,
    pub completed: Option<Timestamp>,
    pub status: RestoreStatus,
    pub validation: Validation,
}

/// Continuous backup (point-in-time recovery), as the service reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Continuous {
    pub enabled: bool,
    /// The latest time a restore can reach.
    pub latest_restorable: Option<Timestamp>,
    pub earliest_restorable: Option<Timestamp>,
    /// Where the setting was read (`DescribeContinuousBackups Orders`).
    pub from: String,
}

/// An AWS FIS experiment template tagged for a component.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub id: String,
    /// Its `drplan:component` tag, as written (ids past 256 characters are shortened: see
    /// `emit::names::tag_value`).
    pub component: String,
    /// Its `drplan:item` tag.
    pub item: Option<String>,
    /// How many experiments the region lists from it, in any state.
    pub runs: u64,
}

/// One experiment run from a template.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub id: String,
    pub template: String,
    pub state: crate::estimate::ExperimentState,
    /// `state.reason`, cleaned (control characters removed, cut).
    pub reason: Option<String>,
    pub created: Timestamp,
    pub started: Option<Timestamp>,
    pub ended: Option<Timestamp>,
}

impl Run {
    /// When it ran: its start, else its creation.
    pub fn when(&self) -> Timestamp {
        self.started.unwrap_or(self.created)
    }
}

/// Everything one source found for one query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    pub points: Vec<Point>,
    pub restores: Vec<Restore>,
    pub continuous: Option<Continuous>,
    /// AWS FIS: the templates tagged for the component, and the experiments run from them.
    pub templates: Vec<Template>,
    pub runs: Vec<Run>,
    /// Said to the reader, no finding.
    pub notes: Vec<String>,
}

/// A future that a source returns (boxed, so that sources live behind `dyn Source`).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One place recovery evidence is read from.
pub trait Source: Send + Sync {
    fn name(&self) -> SourceName;

    /// Whether it has anything to say about this resource in this role.
    fn reads(&self, query: &Query) -> bool;

    /// What it finds; a resource the service does not know is `Ok` with nothing found when
    /// the service lists by filter, and a `NotFound` error when it describes by name.
    fn collect<'a>(&'a self, query: &'a Query) -> BoxFuture<'a, Result<Found, StoreError>>;

    /// The IAM actions it calls, for docs/verify.md and its test.
    fn actions(&self) -> &'static [&'static str];
}

/// Every source of recovery points, in order of precedence (FIS, which reads tests by region,
/// is `fis::Fis`).
pub fn all(aws: std::sync::Arc<aws::Aws>) -> Vec<Box<dyn Source>> {
    vec![
        Box::new(backup::Backup::new(aws.clone())),
        Box::new(rds::Rds::new(aws.clone())),
        Box::new(dynamodb::Dynamodb::new(aws.clone())),
        Box::new(ebs::Ebs::new(aws)),
    ]
}

/// Seconds since the epoch to a timestamp; `None` when out of range.
pub fn timestamp(secs: i64) -> Option<Timestamp> {
    Timestamp::from_second(secs).ok()
}

/// Runs a future to its end on a runtime of its own, for the sources' tests.
#[cfg(test)]
pub fn block_on<T>(f: impl Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The read-only policy in docs/verify.md names every IAM action a source calls.
    #[test]
    fn the_documented_policy_names_every_action() {
        let doc = include_str!("../../../docs/verify.md");
        let sources = all(std::sync::Arc::new(aws::Aws::for_tests()));
        let mut actions: Vec<&str> = sources.iter().flat_map(|s| s.actions().to_vec()).collect();
        actions.extend(fis::ACTIONS);
        for a in actions {
            assert!(
                doc.contains(&format!("\"{a}\"")),
                "{a} is not in docs/verify.md"
            );
        }
    }
}
