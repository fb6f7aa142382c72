//! DynamoDB: point-in-time recovery as the table reports it (`DescribeContinuousBackups`: on or
//! off, the latest restorable time) and its on-demand backups (`ListBackups`, those AWS Backup
//! made included). Tables live in one region: global tables are replication, not copies.

use std::collections::HashSet;
use std::sync::Arc;

use aws_sdk_dynamodb::types::BackupTypeFilter;

use super::aws::{Aws, classify, next_page};
use super::{
    BoxFuture, Continuous, Found, Point, PointState, Query, Role, Source, SourceName, StorageTier,
    timestamp,
};
use crate::model::ResourceKind;
use crate::verify::store::{FailureKind, StoreError};

pub struct Dynamodb {
    aws: Arc<Aws>,
}

impl Dynamodb {
    pub fn new(aws: Arc<Aws>) -> Dynamodb {
        Dynamodb { aws }
    }
}

impl Source for Dynamodb {
    fn name(&self) -> SourceName {
        SourceName::Dynamodb
    }

    fn reads(&self, q: &Query) -> bool {
        q.role == Role::Primary && matches!(q.kind(), Some((ResourceKind::DynamodbTable, _)))
    }

    fn collect<'a>(&'a self, q: &'a Query) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            let Some((_, table)) = q.kind() else {
                return Ok(Found::default());
            };
            Ok(Found {
                continuous: Some(pitr(&self.aws, &q.region, table).await?),
                points: backups(&self.aws, &q.region, table).await?,
                ..Found::default()
            })
        })
    }

    fn actions(&self) -> &'static [&'static str] {
        &[
            "dynamodb:DescribeContinuousBackups",
            "dynamodb:ListBackups",
            "dynamodb:DescribeTable",
        ]
    }
}

async fn pitr(aws: &Aws, region: &str, table: &str) -> Result<Continuous, StoreError> {
    let client = aws.dynamodb(region);
    let what = format!("dynamodb:DescribeContinuousBackups {table} in {region}");
    let out = aws
        .call("dynamodb", region, &what, || {
            let req = client.describe_continuous_backups().table_name(table);
            let what = what.clone();
            async move { req.send().await.map_err(|e| classify(&what, &e)) }
        })
        .await?;
    let pitr = out
        .continuous_backups_description()
        .and_then(|d| d.point_in_time_recovery_description());
    Ok(Continuous {
        enabled: pitr
            .and_then(|p| p.point_in_time_recovery_status())
            .is_some_and(|s| s.as_str() == "ENABLED"),
        latest_restorable: pitr
            .and_then(|p| p.latest_restorable_date_time())
            .and_then(|t| timestamp(t.secs())),
        earliest_restorable: pitr
            .and_then(|p| p.earliest_restorable_date_time())
            .and_then(|t| timestamp(t.secs())),
        from: what,
    })
}

async fn backups(aws: &Aws, region: &str, table: &str) -> Result<Vec<Point>, StoreError> {
    let client = aws.dynamodb(region);
    let what = format!("dynamodb:ListBackups {table} in {region}");
    let mut out = Vec::new();
    let mut start: Option<String> = None;
    let mut seen = HashSet::new();
    for pages in 1.. {
        let page = aws
            .call("dynamodb", region, &what, || {
                let req = client
                    .list_backups()
                    .table_name(table)
                    .backup_type(BackupTypeFilter::All)
                    .set_exclusive_start_backup_arn(start.clone());
                let what = what.clone();
                async move { req.send().await.map_err(|e| classify(&what, &e)) }
            })
            .await?;
        for b in page.backup_summaries() {
            let (Some(arn), Some(created)) = (
                b.backup_arn(),
                b.backup_creation_date_time()
                    .and_then(|t| timestamp(t.secs())),
            ) else {
                continue;
            };
            out.push(Point {
                id: arn.to_string(),
                what: match b.backup_type().map(|t| t.as_str()) {
                    Some("AWS_BACKUP") => "AWS Backup backup",
                    Some("SYSTEM") => "system backup",
                    _ => "on-demand backup",
                },
                created,
                state: match b.backup_status().map(|s| s.as_str()) {
                    Some("AVAILABLE") => PointState::Usable,
                    Some("CREATING") => PointState::Pending,
                    _ => PointState::Failed,
                },
                size_bytes: b.backup_size_bytes().and_then(|s| u64::try_from(s).ok()),
                encrypted: None,
                immutable: None,
                vault: None,
                tier: StorageTier::Standard,
            });
        }
        match next_page(&what, &mut seen, pages, page.last_evaluated_backup_arn())? {
            Some(next) => start = Some(next),
            None => break,
        }
    }
    Ok(out)
}

/// The table's ARN (`DescribeTable`), for AWS Backup.
pub async fn table_arn(aws: &Aws, region: &str, table: &str) -> Result<String, StoreError> {
    let client = aws.dynamodb(region);
    let what = format!("dynamodb:DescribeTable {table} in {region}");
    let out = aws
        .call("dynamodb", region, &what, || {
            let req = client.describe_table().table_name(table);
            let what = what.clone();
            async move { req.send().await.map_err(|e| classify(&what, &e)) }
        })
        .await?;
    out.table()
        .and_then(|t| t.table_arn())
        .map(str::to_string)
        .ok_or_else(|| StoreError::new(FailureKind::NotFound, format!("{what}: no table ARN")))
}
