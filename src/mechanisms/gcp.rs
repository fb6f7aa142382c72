//! Google Cloud's mechanisms, as a fix names them.

use super::Mechanisms;
use crate::ops::AlarmKind;

pub const GCP: &Mechanisms = &Mechanisms {
    backups: "Cloud SQL automated backups (settings.backup_configuration.enabled), AlloyDB's automated backup policy, a snapshot schedule on a persistent disk (a google_compute_resource_policy attached to it), or Backup and DR",
    backup_copy: "backups kept out of the region: a multi-region or {secondary} as Cloud SQL's backup location, a snapshot schedule's storage_locations, a Backup and DR vault there",
    verify_copies: ", and \"copy_region\" when the copies are kept in a multi-region (\"us\", \"eu\") rather than {secondary}",
    retention_limit: "Cloud SQL keeps at most 365 automated backups; AlloyDB's continuous backup reaches back at most 35 days",
    immutability: "a Backup and DR backup vault with an enforced retention, or a locked retention policy on the bucket (Bucket Lock)",
    restore_testing: "a scheduled restore of a recent backup to a new instance (a Cloud SQL or AlloyDB restore, a disk from a snapshot)",
    versioning: "Object Versioning (google_storage_bucket versioning { enabled = true }), with soft delete kept on",
    pitr: "Cloud SQL point-in-time recovery (point_in_time_recovery_enabled; binary_log_enabled for MySQL), AlloyDB continuous backup, Spanner's version_retention_period",
    standby: "Cloud SQL availability_type REGIONAL, Memorystore STANDARD_HA, a regional persistent disk",
    multi_zone: "regional resources: Cloud SQL and AlloyDB REGIONAL, a regional managed instance group, a regional GKE cluster, a regional persistent disk",
    throttling: "Cloud Armor rate-based rules on the load balancer, API Gateway quotas",
    fault_injection: "no managed fault-injection service: stop instances, resize a zone's instance group to 0, fail a Cloud SQL instance over (gcloud sql instances failover); a region failover drill",
    deletion_protection: "deletion_protection = true (Terraform's), and the service's own where it has one: Cloud SQL settings.deletion_protection_enabled, Filestore deletion_protection_enabled, Firestore delete_protection_state",
    scheduled_backups: "automated backups, or a snapshot schedule",
    copies_backups: "a backup location out of the region, or snapshot storage_locations",
    replicates_storage: "a dual-region bucket with turbo replication; for a disk, Persistent Disk Asynchronous Replication",
    replicates_database: "a cross-region replica (Cloud SQL, AlloyDB secondary cluster) or a multi-region Spanner configuration",
    fails_traffic_over: "a global external load balancer with health checks, or Cloud DNS routing policies",
    alarms: &[
        (
            AlarmKind::Health,
            "a Cloud Monitoring uptime check, or an alert on the load balancer's backend health",
        ),
        (
            AlarmKind::ReplicationLag,
            "a Cloud Monitoring alert on the replica lag (Cloud SQL database/replication/replica_lag, Cloud Storage replication's objects pending)",
        ),
        (
            AlarmKind::BackupFreshness,
            "a Cloud Monitoring alert on failed backup runs (Cloud SQL backup operations, snapshot schedule errors, Backup and DR jobs)",
        ),
    ],
};
