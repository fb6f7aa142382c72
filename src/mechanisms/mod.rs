//! The words a finding's fix and a plan's change use for a cloud's own mechanisms (AWS
//! Backup's cross-region copy, Azure's geo-redundant backup storage, …), chosen by the
//! component's cloud (its `service`'s prefix). One file a cloud; a rule or the planner writes
//! from these words, never naming a cloud's mechanism itself. A component without a cloud prefix gets AWS's words, as before other
//! clouds were read.

mod aws;
mod azure;
mod gcp;

use crate::model::{Cloud, Component};
use crate::ops::AlarmKind;

/// One cloud's mechanisms, as fragments of a fix.
#[derive(Debug)]
pub struct Mechanisms {
    /// DR101: how backups are turned on.
    pub backups: &'static str,
    /// DR102: how recovery points are copied out of the region; `{secondary}` is replaced by
    /// the secondary region's name.
    pub backup_copy: &'static str,
    /// DR102: what to declare beside `cross_region_copy` (`copy_location` so that `drplan
    /// verify` checks the copies; `copy_region` where copies go to a fixed pair; `{secondary}`
    /// as above).
    pub verify_copies: &'static str,
    /// DR105: the longest retention the cloud's automated backups keep.
    pub retention_limit: &'static str,
    /// DR106: how recovery points are made immutable.
    pub immutability: &'static str,
    /// DR107: how a restore is tested.
    pub restore_testing: &'static str,
    /// DR109: how a bucket keeps earlier versions.
    pub versioning: &'static str,
    /// DR110: how point-in-time recovery is turned on.
    pub pitr: &'static str,
    /// DR201: a stateful component's standby in another zone.
    pub standby: &'static str,
    /// DR202: what spreads a managed database over zones.
    pub multi_zone: &'static str,
    /// DR305: what throttles at the edge.
    pub throttling: &'static str,
    /// DR403: what injects faults for a game day.
    pub fault_injection: &'static str,
    /// DR108: what stops a delete.
    pub deletion_protection: &'static str,
    /// The planner: what takes scheduled backups ("Back up every 1h (…)").
    pub scheduled_backups: &'static str,
    /// The planner: what copies backups to another region.
    pub copies_backups: &'static str,
    /// The planner: what replicates a bucket or a file store to another region.
    pub replicates_storage: &'static str,
    /// The planner: what replicates a database to another region.
    pub replicates_database: &'static str,
    /// The planner: what sends users to the region that is up (active/active).
    pub fails_traffic_over: &'static str,
    /// DR401: how each kind of alarm is made, where the cloud's words are not `ops`' own
    /// (which are AWS's).
    pub alarms: &'static [(AlarmKind, &'static str)],
}

/// Words for a cloud that has none of its own yet: the mechanisms by what they do.
pub const NEUTRAL: Mechanisms = Mechanisms {
    backups: "the service's automated backups, or the cloud's backup service",
    backup_copy: "a copy of each recovery point to {secondary}",
    verify_copies: "",
    retention_limit: "mind the longest retention the service keeps",
    immutability: "an immutable or locked backup vault, or object lock",
    restore_testing: "a scheduled test restore",
    versioning: "object versioning",
    pitr: "the service's point-in-time restore",
    standby: "a standby or replica in another zone",
    multi_zone: "the zone-redundant option of managed services",
    throttling: "the gateway's or load balancer's rate limits",
    fault_injection: "the cloud's fault-injection service, or by hand: instance loss, zone loss, latency; a region failover drill",
    deletion_protection: "the service's deletion protection, or a delete lock on the resource",
    scheduled_backups: "the service's automated backups",
    copies_backups: "the service's cross-region backup copy",
    replicates_storage: "the service's cross-region replication",
    replicates_database: "the service's cross-region replicas",
    fails_traffic_over: "DNS or global load balancer health checks",
    alarms: &[
        (
            AlarmKind::Health,
            "an uptime check, or the load balancer's health status",
        ),
        (
            AlarmKind::ReplicationLag,
            "the service's replication lag metric",
        ),
        (AlarmKind::BackupFreshness, "failed backup jobs"),
    ],
};

/// The words for a component's cloud.
pub fn of(c: &Component) -> &'static Mechanisms {
    match c.cloud() {
        Some(Cloud::Aws) | None => &aws::AWS,
        Some(Cloud::Azure) => azure::AZURE,
        Some(Cloud::Gcp) => gcp::GCP,
    }
}

impl Mechanisms {
    /// DR401: how an alarm of a kind is made on this cloud.
    pub fn alarm(&self, kind: AlarmKind) -> &'static str {
        (self.alarms.iter())
            .find(|(k, _)| *k == kind)
            .map_or_else(|| kind.how(), |(_, how)| how)
    }

    /// DR102's copy and what to declare, the secondary region named.
    pub fn backup_copy_to(&self, secondary: &str) -> (String, String) {
        (
            self.backup_copy.replace("{secondary}", secondary),
            self.verify_copies.replace("{secondary}", secondary),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cloud_fills_every_word() {
        for m in [&aws::AWS, azure::AZURE, gcp::GCP, &NEUTRAL] {
            let words = [
                m.backups,
                m.backup_copy,
                m.retention_limit,
                m.immutability,
                m.restore_testing,
                m.versioning,
                m.pitr,
                m.standby,
                m.multi_zone,
                m.throttling,
                m.fault_injection,
                m.deletion_protection,
            ];
            assert!(words.iter().all(|w| !w.trim().is_empty()), "{m:?}");
        }
        assert!(!aws::AWS.verify_copies.is_empty());
    }
}
