//! The AWS side of the evidence sources: one configuration (credentials chain, `--profile`,
//! `--region`, `--endpoint-url`), one client per service and region, and the discipline every
//! call goes through, shared with the S3 check: a bounded number in flight, a timeout per
//! attempt, retries with full-jitter backoff (`retry::Backoff`) and a circuit per service
//! endpoint (`retry::Circuit`). The SDK's own retries are off so every failure is counted here.
//!
//! Endpoints: `--endpoint-url` goes into the shared configuration; a service's own
//! `AWS_ENDPOINT_URL_<SERVICE>` variable wins over it for that service (set on the client
//! here: the SDK itself lets an endpoint configured in code win), and `AWS_ENDPOINT_URL`
//! applies when no flag is given.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::meta::region::RegionProviderChain;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_s3::config::Region;
use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use tokio::sync::{OnceCell, Semaphore};

use super::super::retry::{Backoff, Circuit};
use super::super::store::{FailureKind, StoreError, StoreOptions, check_credentials, error_chain};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
const READ_TIMEOUT: Duration = Duration::from_secs(6);
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);
const MAX_TIMED_OUT_ATTEMPTS: u32 = 3;
const CIRCUIT_THRESHOLD: u32 = 5;
const CIRCUIT_COOLDOWN: Duration = Duration::from_secs(30);
/// Pages of one listing, at most: 100 recovery points a page makes 100,000 points, far more
/// than any retention keeps; a listing that goes on is a server that never ends it.
pub const MAX_PAGES: usize = 1000;

/// Whether one vault is locked, asked once (`None`: it could not be described).
pub type VaultLock = Arc<OnceCell<Option<bool>>>;

/// The clients of one service, per region.
type Clients<C> = Mutex<HashMap<String, C>>;

/// The shared connection to AWS.
pub struct Aws {
    base: aws_config::SdkConfig,
    semaphore: Semaphore,
    backoff: Backoff,
    credentials_error: Option<String>,
    circuits: Mutex<HashMap<String, Arc<Circuit>>>,
    account: OnceCell<Result<String, StoreError>>,
    /// Whether a vault is locked, by region and name (asked once each).
    pub vault_locks: Mutex<HashMap<(String, String), VaultLock>>,
    backup: Clients<aws_sdk_backup::Client>,
    rds: Clients<aws_sdk_rds::Client>,
    dynamodb: Clients<aws_sdk_dynamodb::Client>,
    ec2: Clients<aws_sdk_ec2::Client>,
    fis: Clients<aws_sdk_fis::Client>,
    sts: Clients<aws_sdk_sts::Client>,
    /// Requests sent, attempts included (the benchmark reports it).
    pub requests: std::sync::atomic::AtomicU64,
}

impl Aws {
    /// Loads credentials and region from the standard chain, as the S3 check does; the
    /// endpoint is `options.endpoint_url` (every service), not the S3-only override.
    pub async fn connect(options: &StoreOptions, endpoint_url: Option<&str>) -> Aws {
        let explicit = options.region.clone().map(Region::new);
        let mut chain_region = aws_config::default_provider::region::Builder::default();
        if let Some(p) = &options.profile {
            chain_region = chain_region.profile_name(p);
        }
        let region = RegionProviderChain::first_try(explicit)
            .or_else(chain_region.build())
            .or_else(Region::from_static("us-east-1"));
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(region)
            .retry_config(RetryConfig::disabled())
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .read_timeout(READ_TIMEOUT)
                    .build(),
            );
        if let Some(p) = &options.profile {
            loader = loader.profile_name(p);
        }
        if let Some(url) = endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let base = loader.load().await;
        let credentials_error = check_credentials(&base).await;
        Aws {
            base,
            semaphore: Semaphore::new(options.concurrency.max(1)),
            backoff: Backoff::default(),
            credentials_error,
            circuits: Mutex::new(HashMap::new()),
            account: OnceCell::new(),
            vault_locks: Mutex::default(),
            backup: Mutex::default(),
            rds: Mutex::default(),
            dynamodb: Mutex::default(),
            ec2: Mutex::default(),
            fis: Mutex::default(),
            sts: Mutex::default(),
            requests: Default::default(),
        }
    }

    /// A connection that sends nothing by itself, for tests that bring their own clients.
    #[cfg(test)]
    pub fn for_tests() -> Aws {
        Aws {
            base: aws_config::SdkConfig::builder().build(),
            semaphore: Semaphore::new(4),
            backoff: Backoff {
                base: Duration::from_millis(1),
                cap: Duration::from_millis(5),
                max_attempts: 5,
            },
            credentials_error: None,
            circuits: Mutex::new(HashMap::new()),
            account: OnceCell::new(),
            vault_locks: Mutex::default(),
            backup: Mutex::default(),
            rds: Mutex::default(),
            dynamodb: Mutex::default(),
            ec2: Mutex::default(),
            fis: Mutex::default(),
            sts: Mutex::default(),
            requests: Default::default(),
        }
    }

    /// The region calls go to when a resource does not say.
    pub fn default_region(&self) -> String {
        self.base
            .region()
            .map(|r| r.to_string())
            .unwrap_or_else(|| "us-east-1".into())
    }

    fn client<C: Clone>(&self, map: &Clients<C>, region: &str, make: impl FnOnce() -> C) -> C {
        let mut clients = map.lock().unwrap_or_else(|e| e.into_inner());
        clients
            .entry(region.to_string())
            .or_insert_with(make)
            .clone()
    }

    pub fn backup(&self, region: &str) -> aws_sdk_backup::Client {
        self.client(&self.backup, region, || {
            let mut b = aws_sdk_backup::config::Builder::from(&self.base)
                .region(Region::new(region.to_string()));
            if let Some(url) = service_endpoint("BACKUP") {
                b = b.endpoint_url(url);
            }
            let conf = b.build();
            aws_sdk_backup::Client::from_conf(conf)
        })
    }

    pub fn rds(&self, region: &str) -> aws_sdk_rds::Client {
        self.client(&self.rds, region, || {
            let mut b = aws_sdk_rds::config::Builder::from(&self.base)
                .region(Region::new(region.to_string()));
            if let Some(url) = service_endpoint("RDS") {
                b = b.endpoint_url(url);
            }
            let conf = b.build();
            aws_sdk_rds::Client::from_conf(conf)
        })
    }

    pub fn dynamodb(&self, region: &str) -> aws_sdk_dynamodb::Client {
        self.client(&self.dynamodb, region, || {
            let mut b = aws_sdk_dynamodb::config::Builder::from(&self.base)
                .region(Region::new(region.to_string()));
            if let Some(url) = service_endpoint("DYNAMODB") {
                b = b.endpoint_url(url);
            }
            let conf = b.build();
            aws_sdk_dynamodb::Client::from_conf(conf)
        })
    }

    pub fn ec2(&self, region: &str) -> aws_sdk_ec2::Client {
        self.client(&self.ec2, region, || {
            let mut b = aws_sdk_ec2::config::Builder::from(&self.base)
                .region(Region::new(region.to_string()));
            if let Some(url) = service_endpoint("EC2") {
                b = b.endpoint_url(url);
            }
            let conf = b.build();
            aws_sdk_ec2::Client::from_conf(conf)
        })
    }

    pub fn fis(&self, region: &str) -> aws_sdk_fis::Client {
        self.client(&self.fis, region, || {
            let mut b = aws_sdk_fis::config::Builder::from(&self.base)
                .region(Region::new(region.to_string()));
            if let Some(url) = service_endpoint("FIS") {
                b = b.endpoint_url(url);
            }
            let conf = b.build();
            aws_sdk_fis::Client::from_conf(conf)
        })
    }

    fn sts(&self, region: &str) -> aws_sdk_sts::Client {
        self.client(&self.sts, region, || {
            let mut b = aws_sdk_sts::config::Builder::from(&self.base)
                .region(Region::new(region.to_string()));
            if let Some(url) = service_endpoint("STS") {
                b = b.endpoint_url(url);
            }
            let conf = b.build();
            aws_sdk_sts::Client::from_conf(conf)
        })
    }

    fn circuit(&self, service: &str, region: &str) -> Arc<Circuit> {
        self.circuits
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(format!("{service}.{region}"))
            .or_insert_with(|| Arc::new(Circuit::new(CIRCUIT_THRESHOLD, CIRCUIT_COOLDOWN)))
            .clone()
    }

    /// Sends one read call with the shared discipline; `service` and `region` name the
    /// endpoint whose circuit guards it.
    pub async fn call<T, F, Fut>(
        &self,
        service: &str,
        region: &str,
        what: &str,
        mut send: F,
    ) -> Result<T, StoreError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, StoreError>>,
    {
        if let Some(e) = &self.credentials_error {
            return Err(StoreError::other(format!("{what}: not sent: {e}")));
        }
        let circuit = self.circuit(service, region);
        let mut attempt = 0;
        let mut last: Option<StoreError> = None;
        loop {
            if !circuit.allows() {
                let open = "the endpoint's circuit is open after repeated failures";
                let message = match (last, circuit.last_failure()) {
                    (Some(e), _) => format!("{}; not retried: {open}", e.message),
                    (None, Some(cause)) => format!("{what}: not sent: {open} (last: {cause})"),
                    (None, None) => format!("{what}: not sent: {open}"),
                };
                return Err(StoreError::new(FailureKind::CircuitOpen, message));
            }
            let result = {
                let _permit = self.semaphore.acquire().await.map_err(|_| {
                    StoreError::other(format!("{what}: the runner is shutting down"))
                })?;
                self.requests
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                tokio::time::timeout(ATTEMPT_TIMEOUT, send()).await
            };
            let err = match result {
                Ok(Ok(value)) => {
                    circuit.record_success();
                    return Ok(value);
                }
                Ok(Err(e)) => e,
                Err(_) => StoreError::new(
                    FailureKind::TimedOut,
                    format!("{what}: no answer within {}s", ATTEMPT_TIMEOUT.as_secs()),
                ),
            };
            match err.kind {
                FailureKind::TimedOut => circuit.record_failure(2, &err.message),
                FailureKind::Unavailable => circuit.record_failure(1, &err.message),
                _ => circuit.record_success(),
            }
            attempt += 1;
            let budget = match err.kind {
                FailureKind::TimedOut => MAX_TIMED_OUT_ATTEMPTS.min(self.backoff.max_attempts),
                _ => self.backoff.max_attempts,
            };
            if !err.kind.retryable() || attempt >= budget {
                return Err(err);
            }
            last = Some(err);
            tokio::time::sleep(self.backoff.delay(attempt - 1)).await;
        }
    }

    /// The caller's account (STS GetCallerIdentity, asked once).
    pub async fn account(&self, region: &str) -> Result<String, StoreError> {
        self.account
            .get_or_init(|| async {
                let client = self.sts(region);
                let what = "sts:GetCallerIdentity";
                let out = self
                    .call("sts", region, what, || {
                        let req = client.get_caller_identity();
                        async move { req.send().await.map_err(|e| classify(what, &e)) }
                    })
                    .await?;
                out.account()
                    .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
                    .map(str::to_string)
                    .ok_or_else(|| StoreError::other(format!("{what}: no account in the answer")))
            })
            .await
            .clone()
    }
}

/// `AWS_ENDPOINT_URL_<SERVICE>`: the SDK reads it only when no endpoint is configured in
/// code, so it would lose to `--endpoint-url`; the more specific setting wins here.
fn service_endpoint(service: &str) -> Option<String> {
    let ignored = std::env::var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .is_ok_and(|v| v.eq_ignore_ascii_case("true"));
    if ignored {
        return None;
    }
    std::env::var(format!("AWS_ENDPOINT_URL_{service}"))
        .ok()
        .filter(|u| !u.is_empty())
}

pub fn arn_error(e: crate::model::ArnError) -> StoreError {
    StoreError::other(format!("the service answered with no usable ARN ({e})"))
}

/// Turns an SDK error of any AWS service into a `StoreError`, by HTTP status and error code.
/// AWS's JSON services answer 400 for denial and throttling, so the code decides first.
pub fn classify<E>(what: &str, err: &SdkError<E, HttpResponse>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let status = err.raw_response().map(|r| r.status().as_u16());
    let code = err.code().unwrap_or_default().to_string();
    let kind = match (err, status, code.as_str()) {
        (SdkError::TimeoutError(_), _, _) => FailureKind::TimedOut,
        (SdkError::DispatchFailure(d), _, _) if d.is_timeout() => FailureKind::TimedOut,
        (SdkError::ResponseError(_), _, _) => FailureKind::Unavailable,
        (SdkError::DispatchFailure(d), _, _) if !d.is_user() => FailureKind::Unavailable,
        (_, _, c) if throttling(c) => FailureKind::Throttled,
        (_, Some(429), _) => FailureKind::Throttled,
        (_, _, c) if denied(c) => FailureKind::Denied,
        (_, _, c) if c.ends_with("NotFound") || c.contains("NotFoundFault") => {
            FailureKind::NotFound
        }
        (_, _, "ResourceNotFoundException" | "TableNotFoundException") => FailureKind::NotFound,
        (_, _, "UnknownOperationException" | "InvalidAction" | "NotImplemented") => {
            FailureKind::NotImplemented
        }
        // A 404 with no AWS error code is a route the endpoint does not serve (an emulator
        // without the service), not a missing resource.
        (_, Some(404), "") | (_, Some(501), _) => FailureKind::NotImplemented,
        (_, Some(403), _) => FailureKind::Denied,
        (_, Some(s), _) if s >= 500 => FailureKind::Unavailable,
        _ => FailureKind::Other,
    };
    let detail = match err {
        SdkError::ServiceError(_) => {
            // The message is the server's text: only its code and status are repeated.
            let code = if code.is_empty() {
                "no error code".to_string()
            } else {
                sanitize(&code)
            };
            match (status, kind) {
                (Some(404), FailureKind::NotImplemented) => {
                    "HTTP 404 without an AWS error code: the endpoint does not serve this call"
                        .to_string()
                }
                (Some(s), _) => format!("HTTP {s} {code}"),
                (None, _) => code,
            }
        }
        _ => error_chain(err),
    };
    StoreError::new(kind, format!("{what}: {detail}"))
}

fn throttling(code: &str) -> bool {
    matches!(
        code,
        "Throttling"
            | "ThrottlingException"
            | "ThrottledException"
            | "RequestLimitExceeded"
            | "TooManyRequestsException"
            | "RequestThrottled"
            | "RequestThrottledException"
            | "ProvisionedThroughputExceededException"
            | "LimitExceededException"
            | "SlowDown"
    )
}

fn denied(code: &str) -> bool {
    matches!(
        code,
        "AccessDenied"
            | "AccessDeniedException"
            | "UnauthorizedOperation"
            | "UnrecognizedClientException"
            | "InvalidClientTokenId"
            | "AuthFailure"
            | "ExpiredToken"
            | "ExpiredTokenException"
            | "SignatureDoesNotMatch"
            | "MissingAuthenticationToken"
    )
}

/// An error code as the server sent it, kept to letters, digits and dots: text from a server
/// is never echoed raw.
fn sanitize(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .take(80)
        .collect()
}

/// A listing's next page token: `Ok(None)` at the end, an error when the server repeats a
/// token or the pages never end.
pub fn next_page(
    what: &str,
    seen: &mut std::collections::HashSet<String>,
    pages: usize,
    token: Option<&str>,
) -> Result<Option<String>, StoreError> {
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if !seen.insert(token.to_string()) {
        return Err(StoreError::other(format!(
            "{what}: the server sent a page token it had sent before: the listing never ends"
        )));
    }
    if pages >= MAX_PAGES {
        return Err(StoreError::other(format!(
            "{what}: more than {MAX_PAGES} pages: the listing is not trusted"
        )));
    }
    Ok(Some(token.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_page_token_ends_the_listing_with_an_error() {
        let mut seen = std::collections::HashSet::new();
        assert_eq!(
            next_page("L", &mut seen, 1, Some("a")).ok(),
            Some(Some("a".into()))
        );
        assert_eq!(
            next_page("L", &mut seen, 2, Some("b")).ok(),
            Some(Some("b".into()))
        );
        let again = next_page("L", &mut seen, 3, Some("a")).unwrap_err();
        assert!(again.message.contains("never ends"), "{}", again.message);
        assert_eq!(next_page("L", &mut seen, 3, None).ok(), Some(None));
        assert_eq!(next_page("L", &mut seen, 3, Some("")).ok(), Some(None));
        assert!(next_page("L", &mut seen, MAX_PAGES, Some("c")).is_err());
    }

    #[test]
    fn codes_decide_before_statuses() {
        assert!(throttling("ThrottlingException") && throttling("RequestLimitExceeded"));
        assert!(denied("AccessDeniedException") && denied("UnauthorizedOperation"));
        assert_eq!(sanitize("Bad<script>Code\n"), "BadscriptCode");
    }
}
