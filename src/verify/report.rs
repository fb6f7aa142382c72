//! The verification result, `verify.json` (docs/verify.md). Written by `drplan verify`, read back by
//! `drplan assess --evidence`.

use serde::{Deserialize, Serialize};

use super::sources::{PointState, RestoreStatus, Role, SourceName, StorageTier, Validation};
use crate::estimate::ExperimentState;

/// 2 added `evidence` and `notes` (recovery evidence from AWS); 3 the experiments AWS FIS ran
/// (source `fis`: `templates`, `experiments`, `last_completed_experiment`). Files of versions
/// 1 and 2 still load.
pub const SCHEMA_VERSION: u32 = 3;
/// The oldest version `drplan assess --evidence` reads.
pub const OLDEST_SCHEMA_VERSION: u32 = 1;

/// The status of one location, worst first: `unverified` > `corrupt` > `missing` > `late` > `fresh`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LocationStatus {
    Unverified,
    Corrupt,
    Missing,
    Late,
    Fresh,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyReport {
    pub schema_version: u32,
    pub checked_at: String,
    /// The S3 locations (`backup.location`, `backup.copy_location`).
    pub components: Vec<LocationResult>,
    /// Recovery evidence from AWS: one entry per component, resource, region and source.
    #[serde(default)]
    pub evidence: Vec<EvidenceEntry>,
    /// What the run skipped and why (a component without `resources`).
    #[serde(default)]
    pub notes: Vec<String>,
}

/// What one source found for one resource of a component in one region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceEntry {
    pub id: String,
    pub source: SourceName,
    pub region: String,
    /// `primary` answers the software RPO, `copy` (the secondary region) the region RPO.
    pub role: Role,
    /// The resource's ARN, or its service, id and region when the ARN could not be had.
    pub resource: String,
    pub status: LocationStatus,
    /// Usable recovery points (complete, not dated in the future) that no earlier source
    /// counted; `status` and `newest` judge every point this source saw.
    pub recovery_points: u64,
    pub newest: Option<EvidencePoint>,
    pub oldest_age_secs: Option<u64>,
    #[serde(default)]
    pub gaps: Vec<Gap>,
    #[serde(default)]
    pub meets_rpo: MeetsRpo,
    /// Point-in-time recovery as the service reports it.
    #[serde(default)]
    pub pitr: Option<PitrEvidence>,
    /// Restores that ran (AWS Backup), newest first.
    #[serde(default)]
    pub restores: Vec<RestoreEvidence>,
    /// The newest completed restore whose validation succeeded.
    #[serde(default)]
    pub last_verified_restore: Option<RestoreEvidence>,
    /// Usable recovery points this source also saw but an earlier source already counted
    /// (an RDS snapshot AWS Backup made).
    #[serde(default)]
    pub counted_by_other_source: u64,
    /// AWS FIS (source `fis`): the experiment templates tagged for the component, in this
    /// region.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<TemplateEvidence>,
    /// AWS FIS: the runs read in detail, newest first: each template's latest run, and its
    /// latest completed run when that is an older one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experiments: Vec<ExperimentEvidence>,
    /// AWS FIS: the newest experiment that completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_completed_experiment: Option<ExperimentEvidence>,
    #[serde(default)]
    pub anomalies: Vec<String>,
    #[serde(default)]
    pub errors: Vec<String>,
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A recovery point named by its source: a recovery point ARN, a snapshot id or ARN, a
/// backup ARN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidencePoint {
    pub id: String,
    /// `recovery point`, `automated snapshot`, `manual snapshot`, `snapshot`, …
    pub what: String,
    pub time: String,
    pub age_secs: u64,
    pub state: PointState,
    pub size: Option<u64>,
    pub encrypted: Option<bool>,
    pub immutable: Option<bool>,
    pub tier: StorageTier,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PitrEvidence {
    pub enabled: bool,
    pub latest_restorable: Option<String>,
    /// `checked_at` − latest restorable time: the data a restore now would lose.
    pub lag_secs: Option<u64>,
    /// The call that reported it.
    pub from: String,
}

/// One restore job, with what it measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestoreEvidence {
    pub job_id: String,
    pub recovery_point: Option<String>,
    pub status: RestoreStatus,
    pub validation: Validation,
    pub started: String,
    pub completed: Option<String>,
    /// CompletionDate − CreationDate.
    pub duration_secs: Option<u64>,
    /// CreationDate − RecoveryPointCreationDate: how old the restored data was.
    pub data_age_secs: Option<u64>,
}

/// An AWS FIS experiment template drplan tagged for a component (`drplan:component`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateEvidence {
    pub id: String,
    /// Its `drplan:item` tag: the recommendation it implements (`experiment:az-loss:web`).
    pub item: Option<String>,
    /// How many experiments ran from it (any state).
    pub runs: u64,
}

/// One experiment, as `GetExperiment` reported it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentEvidence {
    pub id: String,
    pub template: String,
    /// The template's `drplan:item` tag.
    pub item: Option<String>,
    pub state: ExperimentState,
    /// FIS's `state.reason`, control characters removed and cut to 300 characters.
    pub reason: Option<String>,
    /// `startTime` (its `creationTime` when it has not started).
    pub started: String,
    /// `endTime`, once it ended.
    pub ended: Option<String>,
    /// `endTime − startTime`.
    pub duration_secs: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveryPointRef {
    pub key: String,
    pub time: String,
    pub age_secs: u64,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub after: String,
    pub before: String,
    pub secs: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Checksums {
    pub present: u64,
    pub verified: u64,
    pub failed: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MeetsRpo {
    pub software: Option<bool>,
    pub region: Option<bool>,
}

/// One component at one location (its `location`, then its `copy_location`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationResult {
    pub id: String,
    pub location: String,
    pub status: LocationStatus,
    pub recovery_points: u64,
    pub newest: Option<RecoveryPointRef>,
    pub oldest_age_secs: Option<u64>,
    #[serde(default)]
    pub gaps: Vec<Gap>,
    #[serde(default)]
    pub anomalies: Vec<String>,
    #[serde(default)]
    pub checksums: Checksums,
    #[serde(default)]
    pub meets_rpo: MeetsRpo,
    pub throughput_mbps: Option<f64>,
    /// Bucket protection as the store reported it (`null`: not reported).
    #[serde(default)]
    pub protection: Protection,
    /// Why the location could not be verified (status `unverified`).
    #[serde(default)]
    pub errors: Vec<String>,
    /// What the runner could not judge or chose not to, for the reader: no finding.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// Bucket-level protection of a location; each field is `null` when the store did not say.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Protection {
    /// Server-side encryption: the newest object's, else the bucket default; `"none"` when
    /// the bucket reports no default encryption.
    pub encryption: Option<String>,
    /// `Enabled`, `Suspended` or `Disabled`.
    pub versioning: Option<String>,
    pub object_lock: Option<bool>,
}
