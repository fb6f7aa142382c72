//! The verification result, `verify.json` (docs/verify.md). Written by `drplan verify`, read back by
//! `drplan assess --evidence`.

use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: u32 = 1;

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
    pub components: Vec<LocationResult>,
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
