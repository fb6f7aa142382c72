//! RDS and Aurora: the instance or cluster itself (`LatestRestorableTime`, the backup
//! retention: point-in-time recovery is on when retention is at least a day), its snapshots
//! (automated, manual, made by AWS Backup), and in the secondary region the snapshots copied
//! there and the automated backups replicated there (`DescribeDBInstanceAutomatedBackups`).

use std::collections::HashSet;
use std::sync::Arc;

use super::aws::{Aws, classify, next_page};
use super::{
    BoxFuture, Continuous, Found, Point, PointState, Query, Role, Source, SourceName, StorageTier,
    timestamp,
};
use crate::model::ResourceKind;
use crate::verify::store::{FailureKind, StoreError};

pub struct Rds {
    aws: Arc<Aws>,
}

impl Rds {
    pub fn new(aws: Arc<Aws>) -> Rds {
        Rds { aws }
    }
}

const GIB: u64 = 1 << 30;

impl Source for Rds {
    fn name(&self) -> SourceName {
        SourceName::Rds
    }

    fn reads(&self, q: &Query) -> bool {
        matches!(
            q.kind(),
            Some((ResourceKind::RdsInstance | ResourceKind::RdsCluster, _))
        )
    }

    fn collect<'a>(&'a self, q: &'a Query) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            let Some((kind, id)) = q.kind() else {
                return Ok(Found::default());
            };
            let cluster = kind == ResourceKind::RdsCluster;
            let mut found = Found::default();
            if q.role == Role::Primary {
                found.continuous = Some(if cluster {
                    describe_cluster(&self.aws, &q.region, id).await?.1
                } else {
                    describe_instance(&self.aws, &q.region, id).await?.1
                });
            } else if !cluster {
                found.continuous = replicated_backups(&self.aws, &q.region, id).await?;
            }
            found.points = snapshots(&self.aws, &q.region, id, cluster).await?;
            Ok(found)
        })
    }

    fn actions(&self) -> &'static [&'static str] {
        &[
            "rds:DescribeDBInstances",
            "rds:DescribeDBClusters",
            "rds:DescribeDBSnapshots",
            "rds:DescribeDBClusterSnapshots",
            "rds:DescribeDBInstanceAutomatedBackups",
        ]
    }
}

/// Point-in-time recovery as an instance or cluster reports it: on with a retention of at
/// least a day.
fn continuous(
    retention_days: Option<i32>,
    latest: Option<&aws_smithy_types::DateTime>,
    from: String,
) -> Continuous {
    Continuous {
        enabled: retention_days.is_some_and(|d| d > 0),
        latest_restorable: latest.and_then(|t| timestamp(t.secs())),
        earliest_restorable: None,
        from,
    }
}

fn not_found(what: &str) -> StoreError {
    StoreError::new(FailureKind::NotFound, format!("{what}: not found"))
}

pub async fn describe_instance(
    aws: &Aws,
    region: &str,
    id: &str,
) -> Result<(String, Continuous), StoreError> {
    let client = aws.rds(region);
    let what = format!("rds:DescribeDBInstances {id} in {region}");
    let out = aws
        .call("rds", region, &what, || {
            let req = client.describe_db_instances().db_instance_identifier(id);
            let what = what.clone();
            async move { req.send().await.map_err(|e| classify(&what, &e)) }
        })
        .await?;
    let db = out
        .db_instances()
        .iter()
        .find(|d| d.db_instance_identifier() == Some(id))
        .ok_or_else(|| not_found(&what))?;
    let arn = db.db_instance_arn().unwrap_or_default().to_string();
    Ok((
        arn,
        continuous(
            db.backup_retention_period(),
            db.latest_restorable_time(),
            what,
        ),
    ))
}

pub async fn describe_cluster(
    aws: &Aws,
    region: &str,
    id: &str,
) -> Result<(String, Continuous), StoreError> {
    let client = aws.rds(region);
    let what = format!("rds:DescribeDBClusters {id} in {region}");
    let out = aws
        .call("rds", region, &what, || {
            let req = client.describe_db_clusters().db_cluster_identifier(id);
            let what = what.clone();
            async move { req.send().await.map_err(|e| classify(&what, &e)) }
        })
        .await?;
    let db = out
        .db_clusters()
        .iter()
        .find(|d| d.db_cluster_identifier() == Some(id))
        .ok_or_else(|| not_found(&what))?;
    let arn = db.db_cluster_arn().unwrap_or_default().to_string();
    Ok((
        arn,
        continuous(
            db.backup_retention_period(),
            db.latest_restorable_time(),
            what,
        ),
    ))
}

pub async fn instance_arn(aws: &Aws, region: &str, id: &str) -> Result<String, StoreError> {
    describe_instance(aws, region, id).await.map(|(arn, _)| arn)
}

pub async fn cluster_arn(aws: &Aws, region: &str, id: &str) -> Result<String, StoreError> {
    describe_cluster(aws, region, id).await.map(|(arn, _)| arn)
}

/// Automated backups of an instance replicated into this region: their restore window is
/// point-in-time recovery there.
async fn replicated_backups(
    aws: &Aws,
    region: &str,
    id: &str,
) -> Result<Option<Continuous>, StoreError> {
    let client = aws.rds(region);
    let what = format!("rds:DescribeDBInstanceAutomatedBackups {id} in {region}");
    let out = aws
        .call("rds", region, &what, || {
            let req = client
                .describe_db_instance_automated_backups()
                .db_instance_identifier(id);
            let what = what.clone();
            async move { req.send().await.map_err(|e| classify(&what, &e)) }
        })
        .await;
    let out = match out {
        Ok(out) => out,
        Err(e) if e.kind == FailureKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let latest = out
        .db_instance_automated_backups()
        .iter()
        .filter(|b| b.region() == Some(region))
        .filter_map(|b| b.restore_window()?.latest_time())
        .filter_map(|t| timestamp(t.secs()))
        .max();
    Ok(latest.map(|t| Continuous {
        enabled: true,
        latest_restorable: Some(t),
        earliest_restorable: None,
        from: what,
    }))
}

/// What an instance's or a cluster's snapshot says, in the same words: the two SDK types
/// differ only in their names for them.
struct Snapshot<'a> {
    arn: Option<&'a str>,
    created: Option<i64>,
    kind: Option<&'a str>,
    status: Option<&'a str>,
    gib: Option<i32>,
    encrypted: Option<bool>,
}

/// A snapshot as a recovery point; none without its ARN or its creation time.
fn snapshot_point(s: Snapshot) -> Option<Point> {
    Some(Point {
        id: s.arn?.to_string(),
        what: snapshot_what(s.kind),
        created: timestamp(s.created?)?,
        state: snapshot_state(s.status),
        size_bytes: gib(s.gib),
        encrypted: s.encrypted,
        immutable: None,
        vault: None,
        tier: StorageTier::Standard,
    })
}

fn snapshot_state(status: Option<&str>) -> PointState {
    match status {
        Some("available") => PointState::Usable,
        Some("creating" | "pending" | "copying") => PointState::Pending,
        _ => PointState::Failed,
    }
}

fn snapshot_what(kind: Option<&str>) -> &'static str {
    match kind {
        Some("automated") => "automated snapshot",
        Some("awsbackup") => "AWS Backup snapshot",
        Some("shared") => "shared snapshot",
        _ => "manual snapshot",
    }
}

/// The snapshots of an instance or cluster in this region, page by page.
async fn snapshots(
    aws: &Aws,
    region: &str,
    id: &str,
    cluster: bool,
) -> Result<Vec<Point>, StoreError> {
    let client = aws.rds(region);
    let call = if cluster {
        "DescribeDBClusterSnapshots"
    } else {
        "DescribeDBSnapshots"
    };
    let what = format!("rds:{call} {id} in {region}");
    let mut out = Vec::new();
    let mut marker: Option<String> = None;
    let mut seen = HashSet::new();
    for pages in 1.. {
        let next = if cluster {
            let page = aws
                .call("rds", region, &what, || {
                    let req = client
                        .describe_db_cluster_snapshots()
                        .db_cluster_identifier(id)
                        .set_marker(marker.clone());
                    let what = what.clone();
                    async move { req.send().await.map_err(|e| classify(&what, &e)) }
                })
                .await?;
            out.extend(page.db_cluster_snapshots().iter().filter_map(|s| {
                snapshot_point(Snapshot {
                    arn: s.db_cluster_snapshot_arn(),
                    created: s.snapshot_create_time().map(|t| t.secs()),
                    kind: s.snapshot_type(),
                    status: s.status(),
                    gib: s.allocated_storage(),
                    encrypted: s.storage_encrypted(),
                })
            }));
            page.marker().map(str::to_string)
        } else {
            let page = aws
                .call("rds", region, &what, || {
                    let req = client
                        .describe_db_snapshots()
                        .db_instance_identifier(id)
                        .set_marker(marker.clone());
                    let what = what.clone();
                    async move { req.send().await.map_err(|e| classify(&what, &e)) }
                })
                .await?;
            out.extend(page.db_snapshots().iter().filter_map(|s| {
                snapshot_point(Snapshot {
                    arn: s.db_snapshot_arn(),
                    created: s.snapshot_create_time().map(|t| t.secs()),
                    kind: s.snapshot_type(),
                    status: s.status(),
                    gib: s.allocated_storage(),
                    encrypted: s.encrypted(),
                })
            }));
            page.marker().map(str::to_string)
        };
        match next_page(&what, &mut seen, pages, next.as_deref())? {
            Some(next) => marker = Some(next),
            None => break,
        }
    }
    Ok(out)
}

/// A size in GiB as the service reports it, in bytes.
fn gib(size: Option<i32>) -> Option<u64> {
    size.and_then(|g| u64::try_from(g).ok()).map(|g| g * GIB)
}
