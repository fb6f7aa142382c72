//! Recovery figures a cloud publishes for one service that differ from the kind's default in
//! the assumption table (a managed failover's published time, a geo-restore's published data
//! loss): one row each, with its source, looked up by the component's `service`. A row
//! replaces one figure of the model (its [`Figure`]) for the components of its service, and
//! the term it gives names the row; every other service keeps the kind's default. Each row is
//! an assumption like the others: printed in the report's table, overridable with
//! `--assumptions FILE` by its key (`geo_restore.rpo@azure:sql`). One file a cloud.

mod azure;
mod gcp;

use std::sync::LazyLock;
use std::time::Duration;

/// Which figure of the model a published one replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    /// `failover.stateful`: a managed failover to the standby copy inside the region.
    FailoverStateful,
    /// `pitr_rpo`: what point-in-time recovery loses (the log backup interval).
    PitrRpo,
    /// `replication_lag`: how far an asynchronous copy in another region trails, when
    /// `replication.lag` does not say.
    ReplicationLag,
    /// `promote`: making the data's copy in another region the one that takes writes
    /// (pilot light and warm standby; the kind's `scale_up.*.stateful` or `.storage`).
    Promote,
    /// `backup_copy_lag`: how long after a recovery point its copy out of the region lands.
    BackupCopyLag,
    /// `geo_restore.rpo`: all a restore in another region from the copied backups loses
    /// (in place of the backup interval and the copy lag: the copies carry the logs too).
    GeoRestoreRpo,
    /// `geo_restore.rto`: how long such a restore takes (in place of provisioning and
    /// restoring at the assumed throughput).
    GeoRestoreRto,
}

impl Figure {
    pub const ALL: [Figure; 7] = [
        Figure::FailoverStateful,
        Figure::PitrRpo,
        Figure::ReplicationLag,
        Figure::Promote,
        Figure::BackupCopyLag,
        Figure::GeoRestoreRpo,
        Figure::GeoRestoreRto,
    ];

    /// Its name in a row's key (before `@service`).
    pub fn key(self) -> &'static str {
        match self {
            Figure::FailoverStateful => "failover.stateful",
            Figure::PitrRpo => "pitr_rpo",
            Figure::ReplicationLag => "replication_lag",
            Figure::Promote => "promote",
            Figure::BackupCopyLag => "backup_copy_lag",
            Figure::GeoRestoreRpo => "geo_restore.rpo",
            Figure::GeoRestoreRto => "geo_restore.rto",
        }
    }
}

/// One published figure.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// `figure@service`, as the report prints it and an override file names it.
    pub key: &'static str,
    /// The service it applies to, and to the services under it (`azure:sql` covers
    /// `azure:sql:elasticpool` unless a row names that one).
    pub service: &'static str,
    pub figure: Figure,
    /// The published value, in seconds.
    pub secs: u64,
    /// Where it is published.
    pub source: &'static str,
}

/// A row: `row!("azure:sql", GeoRestoreRpo, 3600, "…")`; its key is written from the two.
// The clouds' files write their rows with it (unused while no cloud has a row).
#[allow(unused_macros)]
macro_rules! row {
    ($service:literal, $figure:ident, $secs:expr, $source:literal) => {
        $crate::estimate::published::Row {
            key: $crate::estimate::published::key!($figure, $service),
            service: $service,
            figure: $crate::estimate::published::Figure::$figure,
            secs: $secs,
            source: $source,
        }
    };
}
#[allow(unused_imports)]
pub(crate) use row;

/// A row's key, `figure@service`, as a literal.
#[allow(unused_macros)]
macro_rules! key {
    (FailoverStateful, $s:literal) => {
        concat!("failover.stateful@", $s)
    };
    (PitrRpo, $s:literal) => {
        concat!("pitr_rpo@", $s)
    };
    (ReplicationLag, $s:literal) => {
        concat!("replication_lag@", $s)
    };
    (Promote, $s:literal) => {
        concat!("promote@", $s)
    };
    (BackupCopyLag, $s:literal) => {
        concat!("backup_copy_lag@", $s)
    };
    (GeoRestoreRpo, $s:literal) => {
        concat!("geo_restore.rpo@", $s)
    };
    (GeoRestoreRto, $s:literal) => {
        concat!("geo_restore.rto@", $s)
    };
}
#[allow(unused_imports)]
pub(crate) use key;

/// Every row, cloud by cloud.
pub static ROWS: LazyLock<Vec<Row>> = LazyLock::new(|| [azure::ROWS, gcp::ROWS].concat());

/// Every row's key, for an override file's "did you mean".
pub static KEYS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| ROWS.iter().map(|r| r.key).collect());

/// The values of the rows (published, or overridden), in row order.
#[derive(Debug, Clone, PartialEq)]
pub struct Published(Vec<Duration>);

impl Default for Published {
    fn default() -> Self {
        Published(ROWS.iter().map(|r| Duration::from_secs(r.secs)).collect())
    }
}

/// A published figure as the estimate uses it: its value and its row's key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    pub value: Duration,
    pub key: &'static str,
}

impl Published {
    /// The figure for a service: the row of the longest service that is it or a prefix of it
    /// (up to a `:`), if any.
    pub fn get(&self, figure: Figure, service: Option<&str>) -> Option<Found> {
        let rows = (ROWS.iter().zip(self.0.iter().copied())).filter(|(r, _)| r.figure == figure);
        crate::model::by_service(rows, service?, |(r, _)| r.service)
            .map(|(r, value)| Found { value, key: r.key })
    }

    /// Each row with its value.
    pub fn rows(&self) -> impl Iterator<Item = (&'static Row, Duration)> + '_ {
        ROWS.iter().zip(self.0.iter().copied())
    }

    /// Sets a row's value by its key; `false` when no row has it.
    pub fn set(&mut self, key: &str, value: Duration) -> bool {
        match ROWS.iter().position(|r| r.key == key) {
            Some(i) => {
                self.0[i] = value;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_say_their_figure_and_service() {
        let mut keys: Vec<&str> = ROWS.iter().map(|r| r.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), ROWS.len());
        for r in ROWS.iter() {
            assert_eq!(r.key, format!("{}@{}", r.figure.key(), r.service));
            assert!(!r.source.trim().is_empty(), "{} has a source", r.key);
            assert!(r.service.contains(':'), "{}: a cloud's service", r.key);
        }
    }
}
