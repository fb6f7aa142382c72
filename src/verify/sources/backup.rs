//! AWS Backup: the recovery points of a resource (`ListRecoveryPointsByResource`, in the
//! primary region and, for copies, the secondary) and the restores that ran from them
//! (`ListRestoreJobsByProtectedResource`, primary only). Needs the resource's ARN.

use std::collections::HashSet;
use std::sync::Arc;

use aws_sdk_backup::Client;

use super::aws::{Aws, classify, next_page};
use super::{
    BoxFuture, Found, Point, PointState, Query, Restore, RestoreStatus, Role, Source, SourceName,
    StorageTier, Validation, timestamp,
};
use crate::verify::store::StoreError;

pub struct Backup {
    aws: Arc<Aws>,
}

impl Backup {
    pub fn new(aws: Arc<Aws>) -> Backup {
        Backup { aws }
    }
}

impl Source for Backup {
    fn name(&self) -> SourceName {
        SourceName::AwsBackup
    }

    fn reads(&self, _query: &Query) -> bool {
        true
    }

    fn collect<'a>(&'a self, q: &'a Query) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            let Some(arn) = &q.arn else {
                return Err(StoreError::other("no ARN to ask AWS Backup about".into()));
            };
            let client = self.aws.backup(&q.region);
            let mut points = points(&self.aws, &client, &q.region, arn.as_str()).await?;
            lock_status(&self.aws, &client, &q.region, &mut points).await;
            let mut found = Found {
                points,
                ..Found::default()
            };
            if q.role == Role::Primary {
                found.restores = restores(&self.aws, &client, &q.region, arn.as_str()).await?;
            }
            Ok(found)
        })
    }

    fn actions(&self) -> &'static [&'static str] {
        &[
            "backup:ListRecoveryPointsByResource",
            "backup:ListRestoreJobsByProtectedResource",
            "backup:DescribeBackupVault",
        ]
    }
}

/// Every recovery point of the resource in the client's region, page by page.
pub async fn points(
    aws: &Aws,
    client: &Client,
    region: &str,
    arn: &str,
) -> Result<Vec<Point>, StoreError> {
    let what = format!("backup:ListRecoveryPointsByResource {arn} in {region}");
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    let mut seen = HashSet::new();
    for pages in 1.. {
        let page = aws
            .call("backup", region, &what, || {
                let req = client
                    .list_recovery_points_by_resource()
                    .resource_arn(arn)
                    .max_results(100)
                    .set_next_token(token.clone());
                let what = what.clone();
                async move { req.send().await.map_err(|e| classify(&what, &e)) }
            })
            .await?;
        for p in page.recovery_points() {
            let (Some(id), Some(created)) = (
                p.recovery_point_arn(),
                p.creation_date().and_then(|d| timestamp(d.secs())),
            ) else {
                continue;
            };
            let state = match p.status().map(|s| s.as_str()) {
                Some("COMPLETED" | "AVAILABLE") => PointState::Usable,
                Some("CREATING") => PointState::Pending,
                Some("PARTIAL") => PointState::Partial,
                _ => PointState::Failed,
            };
            let immutable = match p.vault_type().map(|v| v.as_str()) {
                Some("LOGICALLY_AIR_GAPPED_BACKUP_VAULT") => Some(true),
                _ => None,
            };
            out.push(Point {
                id: id.to_string(),
                what: "recovery point",
                created,
                state,
                size_bytes: p.backup_size_bytes().and_then(|b| u64::try_from(b).ok()),
                encrypted: Some(p.encryption_key_arn().is_some_and(|k| !k.is_empty())),
                immutable,
                tier: StorageTier::Standard,
                vault: p.backup_vault_name().map(str::to_string),
            });
        }
        match next_page(&what, &mut seen, pages, page.next_token())? {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    Ok(out)
}

/// A point in a locked vault is immutable (AWS Backup Vault Lock): `DescribeBackupVault`,
/// once per vault and region. A vault the call cannot describe leaves `immutable` unknown.
async fn lock_status(aws: &Aws, client: &Client, region: &str, points: &mut [Point]) {
    let mut vaults: Vec<String> = (points.iter())
        .filter(|p| p.immutable.is_none())
        .filter_map(|p| p.vault.clone())
        .collect();
    vaults.sort();
    vaults.dedup();
    for vault in vaults {
        let cell = {
            let mut map = aws.vault_locks.lock().unwrap_or_else(|e| e.into_inner());
            map.entry((region.to_string(), vault.clone()))
                .or_default()
                .clone()
        };
        let locked = *cell
            .get_or_init(|| async {
                let what = format!("backup:DescribeBackupVault {vault} in {region}");
                aws.call("backup", region, &what, || {
                    let req = client.describe_backup_vault().backup_vault_name(&vault);
                    let what = what.clone();
                    async move { req.send().await.map_err(|e| classify(&what, &e)) }
                })
                .await
                .ok()
                .map(|v| v.locked().unwrap_or(false))
            })
            .await;
        for p in points.iter_mut() {
            if p.immutable.is_none() && p.vault.as_deref() == Some(vault.as_str()) {
                p.immutable = locked;
            }
        }
    }
}

/// Every restore job AWS Backup keeps for the resource.
pub async fn restores(
    aws: &Aws,
    client: &Client,
    region: &str,
    arn: &str,
) -> Result<Vec<Restore>, StoreError> {
    let what = format!("backup:ListRestoreJobsByProtectedResource {arn} in {region}");
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    let mut seen = HashSet::new();
    for pages in 1.. {
        let page = aws
            .call("backup", region, &what, || {
                let req = client
                    .list_restore_jobs_by_protected_resource()
                    .resource_arn(arn)
                    .max_results(100)
                    .set_next_token(token.clone());
                let what = what.clone();
                async move { req.send().await.map_err(|e| classify(&what, &e)) }
            })
            .await?;
        for j in page.restore_jobs() {
            let (Some(job_id), Some(started)) = (
                j.restore_job_id(),
                j.creation_date().and_then(|d| timestamp(d.secs())),
            ) else {
                continue;
            };
            let status = match j.status().map(|s| s.as_str()) {
                Some("COMPLETED") => RestoreStatus::Completed,
                Some("FAILED") => RestoreStatus::Failed,
                Some("ABORTED") => RestoreStatus::Aborted,
                Some("RUNNING") => RestoreStatus::Running,
                _ => RestoreStatus::Pending,
            };
            let validation = match j.validation_status().map(|s| s.as_str()) {
                Some("SUCCESSFUL") => Validation::Successful,
                Some("FAILED") => Validation::Failed,
                Some("TIMED_OUT") => Validation::TimedOut,
                Some("VALIDATING") => Validation::Validating,
                _ => Validation::None,
            };
            out.push(Restore {
                job_id: job_id.to_string(),
                recovery_point: j.recovery_point_arn().map(str::to_string),
                point_created: j
                    .recovery_point_creation_date()
                    .and_then(|d| timestamp(d.secs())),
                started,
                completed: j.completion_date().and_then(|d| timestamp(d.secs())),
                status,
                validation,
            });
        }
        match next_page(&what, &mut seen, pages, page.next_token())? {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    //! AWS Backup's calls that moto does not serve, through the SDK's own mocks
    //! (aws-smithy-mocks), with responses shaped like the real API's.

    use aws_sdk_backup::config::retry::RetryConfig;
    use aws_sdk_backup::operation::list_recovery_points_by_resource::{
        ListRecoveryPointsByResourceError, ListRecoveryPointsByResourceOutput,
    };
    use aws_sdk_backup::operation::list_restore_jobs_by_protected_resource::ListRestoreJobsByProtectedResourceOutput;
    use aws_sdk_backup::types::error::ResourceNotFoundException;
    use aws_sdk_backup::types::{
        RecoveryPointByResource, RecoveryPointStatus, RestoreJobStatus, RestoreJobsListMember,
        RestoreValidationStatus, VaultType,
    };
    use aws_smithy_mocks::{RuleMode, mock, mock_client};
    use aws_smithy_types::DateTime;

    use super::*;
    use crate::verify::sources::block_on;
    use crate::verify::store::FailureKind;

    const ARN: &str = "arn:aws:rds:us-east-1:123456789012:db:orders-db";

    fn point(n: i64, status: RecoveryPointStatus) -> RecoveryPointByResource {
        RecoveryPointByResource::builder()
            .recovery_point_arn(format!(
                "arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-{n}"
            ))
            .creation_date(DateTime::from_secs(1_795_000_000 + n * 86_400))
            .status(status)
            .encryption_key_arn("arn:aws:kms:us-east-1:123456789012:key/k")
            .backup_size_bytes(40 << 30)
            .backup_vault_name("Default")
            .vault_type(VaultType::BackupVault)
            .build()
    }

    fn page(
        points: Vec<RecoveryPointByResource>,
        next: Option<&str>,
    ) -> ListRecoveryPointsByResourceOutput {
        ListRecoveryPointsByResourceOutput::builder()
            .set_recovery_points(Some(points))
            .set_next_token(next.map(str::to_string))
            .build()
    }

    /// Every page is read, each point with its state; the ARN is what was asked about.
    #[test]
    fn recovery_points_are_read_page_by_page() {
        let first = mock!(aws_sdk_backup::Client::list_recovery_points_by_resource)
            .match_requests(|r| r.resource_arn() == Some(ARN) && r.next_token().is_none())
            .then_output(|| {
                page(
                    vec![
                        point(1, RecoveryPointStatus::Completed),
                        point(2, RecoveryPointStatus::Partial),
                    ],
                    Some("t1"),
                )
            });
        let second = mock!(aws_sdk_backup::Client::list_recovery_points_by_resource)
            .match_requests(|r| r.next_token() == Some("t1"))
            .then_output(|| page(vec![point(3, RecoveryPointStatus::Available)], None));
        let client = mock_client!(aws_sdk_backup, RuleMode::MatchAny, [&first, &second], |c| c
            .retry_config(RetryConfig::disabled()));
        let aws = Aws::for_tests();
        let got = block_on(points(&aws, &client, "us-east-1", ARN)).expect("listed");
        let states: Vec<PointState> = got.iter().map(|p| p.state).collect();
        assert_eq!(
            states,
            [PointState::Usable, PointState::Partial, PointState::Usable]
        );
        assert_eq!(got[0].size_bytes, Some(40 << 30));
        assert_eq!(got[0].encrypted, Some(true));
        assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
    }

    /// A server that sends the same page token again would be listed for ever: it is an error.
    #[test]
    fn a_repeated_next_token_is_not_followed_for_ever() {
        let looping = mock!(aws_sdk_backup::Client::list_recovery_points_by_resource)
            .then_output(|| page(vec![point(1, RecoveryPointStatus::Completed)], Some("same")));
        let client = mock_client!(aws_sdk_backup, RuleMode::MatchAny, [&looping], |c| c
            .retry_config(RetryConfig::disabled()));
        let err = block_on(points(&Aws::for_tests(), &client, "us-east-1", ARN)).unwrap_err();
        assert!(err.message.contains("never ends"), "{}", err.message);
        assert_eq!(looping.num_calls(), 2);
    }

    /// Throttling is retried with the shared backoff; not found is not.
    #[test]
    fn throttling_is_retried_and_not_found_is_missing() {
        let throttled = mock!(aws_sdk_backup::Client::list_recovery_points_by_resource)
            .sequence()
            .http_status(429, None)
            .times(2)
            .output(|| page(vec![point(1, RecoveryPointStatus::Completed)], None))
            .build();
        let client = mock_client!(aws_sdk_backup, RuleMode::Sequential, [&throttled], |c| c
            .retry_config(RetryConfig::disabled()));
        let got = block_on(points(&Aws::for_tests(), &client, "us-east-1", ARN)).expect("retried");
        assert_eq!(got.len(), 1);
        assert_eq!(throttled.num_calls(), 3);

        let gone =
            mock!(aws_sdk_backup::Client::list_recovery_points_by_resource).then_error(|| {
                ListRecoveryPointsByResourceError::ResourceNotFoundException(
                    // As the SDK reads it off the wire: the code is in the error's metadata.
                    ResourceNotFoundException::builder()
                        .meta(
                            aws_sdk_backup::error::ErrorMetadata::builder()
                                .code("ResourceNotFoundException")
                                .build(),
                        )
                        .build(),
                )
            });
        let client = mock_client!(aws_sdk_backup, RuleMode::MatchAny, [&gone], |c| c
            .retry_config(RetryConfig::disabled()));
        let err = block_on(points(&Aws::for_tests(), &client, "us-east-1", ARN)).unwrap_err();
        assert_eq!(err.kind, FailureKind::NotFound, "{}", err.message);
        assert_eq!(gone.num_calls(), 1);
    }

    /// Restore jobs keep their times, status and validation.
    #[test]
    fn restore_jobs_are_read_with_their_validation() {
        let jobs = mock!(aws_sdk_backup::Client::list_restore_jobs_by_protected_resource)
            .match_requests(|r| r.resource_arn() == Some(ARN))
            .then_output(|| {
                ListRestoreJobsByProtectedResourceOutput::builder()
                    .restore_jobs(
                        RestoreJobsListMember::builder()
                            .restore_job_id("r-1")
                            .recovery_point_arn("arn:aws:backup:rp-1")
                            .recovery_point_creation_date(DateTime::from_secs(1_795_000_000))
                            .creation_date(DateTime::from_secs(1_795_003_600))
                            .completion_date(DateTime::from_secs(1_795_006_900))
                            .status(RestoreJobStatus::Completed)
                            .validation_status(RestoreValidationStatus::Failed)
                            .build(),
                    )
                    .build()
            });
        let client = mock_client!(aws_sdk_backup, RuleMode::MatchAny, [&jobs], |c| c
            .retry_config(RetryConfig::disabled()));
        let got = block_on(restores(&Aws::for_tests(), &client, "us-east-1", ARN)).expect("listed");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].status, RestoreStatus::Completed);
        assert_eq!(got[0].validation, Validation::Failed);
        assert_eq!(
            got[0]
                .completed
                .map(|c| c.as_second() - got[0].started.as_second()),
            Some(3300)
        );
    }

    /// A point in a locked vault is immutable; the vault is described once for all its points.
    #[test]
    fn a_locked_vault_makes_its_points_immutable() {
        use aws_sdk_backup::operation::describe_backup_vault::DescribeBackupVaultOutput;
        let list =
            mock!(aws_sdk_backup::Client::list_recovery_points_by_resource).then_output(|| {
                page(
                    vec![
                        point(1, RecoveryPointStatus::Completed),
                        point(2, RecoveryPointStatus::Completed),
                    ],
                    None,
                )
            });
        let vault = mock!(aws_sdk_backup::Client::describe_backup_vault)
            .match_requests(|r| r.backup_vault_name() == Some("Default"))
            .then_output(|| DescribeBackupVaultOutput::builder().locked(true).build());
        let client = mock_client!(aws_sdk_backup, RuleMode::MatchAny, [&list, &vault], |c| c
            .retry_config(RetryConfig::disabled()));
        let aws = Aws::for_tests();
        let mut got = block_on(points(&aws, &client, "us-east-1", ARN)).expect("listed");
        block_on(lock_status(&aws, &client, "us-east-1", &mut got));
        assert!(got.iter().all(|p| p.immutable == Some(true)), "{got:?}");
        assert_eq!(vault.num_calls(), 1);
    }
}
