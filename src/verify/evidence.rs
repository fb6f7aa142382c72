//! `drplan assess --evidence verify.json`: what the runner measured replaces what the
//! architecture declared. The age of the newest recovery point becomes the achieved RPO (the
//! primary location for software, the copy for region) and the measured download throughput
//! the restore speed. Only readable locations count: an unverified one proves nothing. A
//! location found `missing` or `corrupt` holds no usable recovery point: the component cannot
//! be restored from it, whatever the file declares.

use std::time::Duration;

use super::report::{LocationStatus, SCHEMA_VERSION, VerifyReport};
use crate::estimate::Measured;
use crate::model::{Architecture, CompIdx, S3Location};

/// A verify.json that cannot be used as evidence for this architecture.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    #[error("not a drplan verify result: {0}")]
    Json(#[from] serde_json::Error),
    #[error("schema_version {0} is not supported (expected {SCHEMA_VERSION})")]
    Version(u32),
    #[error("component {0:?} is not in the architecture")]
    UnknownComponent(String),
}

/// Reads a verify.json and returns the measured figures per component.
pub fn read(bytes: &[u8], arch: &Architecture) -> Result<Vec<(CompIdx, Measured)>, EvidenceError> {
    let report: VerifyReport = serde_json::from_slice(bytes)?;
    if report.schema_version != SCHEMA_VERSION {
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
    out.sort_by_key(|(c, _)| *c);
    Ok(out)
}
