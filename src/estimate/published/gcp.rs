//! Google Cloud's published recovery figures: what Google documents for a service where it
//! differs from the kind's default. Each row names the page it is read from.

use super::{Row, row};

pub const ROWS: &[Row] = &[
    row!(
        "gcp:cloudsql",
        FailoverStateful,
        60,
        "Cloud SQL high availability: the standby takes over once the primary has missed its heartbeats for about 60 seconds (https://cloud.google.com/sql/docs/postgres/high-availability#failover-overview)"
    ),
    row!(
        "gcp:gcs",
        ReplicationLag,
        12 * 3600,
        "Cloud Storage default replication of dual- and multi-region buckets: 99.9 % of newly written objects within an hour, 100 % within 12 hours (https://cloud.google.com/storage/docs/availability-durability#cross-region-redundancy)"
    ),
    row!(
        "gcp:gcs:dual-region:turbo",
        ReplicationLag,
        15 * 60,
        "Cloud Storage turbo replication (rpo = ASYNC_TURBO): 100 % of newly written objects in both regions within 15 minutes, a recovery point objective with an SLA (https://cloud.google.com/storage/docs/availability-durability#turbo-replication)"
    ),
];
