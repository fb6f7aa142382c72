//! EBS: the snapshots of a volume (`DescribeSnapshots` filtered by `volume-id`, owned by the
//! caller), in the primary region. A copy in another region carries an arbitrary volume id
//! (EC2 documents it), so copies are read through AWS Backup only. A snapshot in the archive
//! tier must be restored from the archive first.

use std::collections::HashSet;
use std::sync::Arc;

use aws_sdk_ec2::types::Filter;

use super::aws::{Aws, classify, next_page};
use super::{
    BoxFuture, Found, Point, PointState, Query, Role, Source, SourceName, StorageTier, timestamp,
};
use crate::model::ResourceKind;
use crate::verify::store::StoreError;

pub struct Ebs {
    aws: Arc<Aws>,
}

impl Ebs {
    pub fn new(aws: Arc<Aws>) -> Ebs {
        Ebs { aws }
    }
}

const GIB: u64 = 1 << 30;

impl Source for Ebs {
    fn name(&self) -> SourceName {
        SourceName::Ebs
    }

    fn reads(&self, q: &Query) -> bool {
        q.role == Role::Primary && matches!(q.kind(), Some((ResourceKind::EbsVolume, _)))
    }

    fn collect<'a>(&'a self, q: &'a Query) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            let Some((_, volume)) = q.kind() else {
                return Ok(Found::default());
            };
            Ok(Found {
                points: snapshots(&self.aws, &q.region, volume).await?,
                ..Found::default()
            })
        })
    }

    fn actions(&self) -> &'static [&'static str] {
        &["ec2:DescribeSnapshots"]
    }
}

async fn snapshots(aws: &Aws, region: &str, volume: &str) -> Result<Vec<Point>, StoreError> {
    let client = aws.ec2(region);
    let what = format!("ec2:DescribeSnapshots volume-id={volume} in {region}");
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    let mut seen = HashSet::new();
    for pages in 1.. {
        let page = aws
            .call("ec2", region, &what, || {
                let req = client
                    .describe_snapshots()
                    .owner_ids("self")
                    .filters(Filter::builder().name("volume-id").values(volume).build())
                    .max_results(1000)
                    .set_next_token(token.clone());
                let what = what.clone();
                async move { req.send().await.map_err(|e| classify(&what, &e)) }
            })
            .await?;
        for s in page.snapshots() {
            let (Some(id), Some(created)) = (
                s.snapshot_id(),
                s.start_time().and_then(|t| timestamp(t.secs())),
            ) else {
                continue;
            };
            out.push(Point {
                id: id.to_string(),
                what: "snapshot",
                created,
                state: match s.state().map(|s| s.as_str()) {
                    Some("completed") => PointState::Usable,
                    Some("pending" | "recovering") => PointState::Pending,
                    _ => PointState::Failed,
                },
                size_bytes: s
                    .volume_size()
                    .and_then(|g| u64::try_from(g).ok())
                    .map(|g| g * GIB),
                encrypted: s.encrypted(),
                immutable: None,
                vault: None,
                tier: match s.storage_tier().map(|t| t.as_str()) {
                    Some("archive") => StorageTier::Archive,
                    _ => StorageTier::Standard,
                },
            });
        }
        match next_page(&what, &mut seen, pages, page.next_token())? {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    Ok(out)
}
