//! Every S3 call the runner makes, and only read calls: ListObjectsV2, HeadObject, GetObject,
//! GetBucketVersioning, GetObjectLockConfiguration, GetBucketEncryption. Nothing here can
//! write, delete or change anything in a bucket.
//!
//! Each call goes through [`Store::call`]: a bounded number in flight (a semaphore), a
//! timeout per attempt, retries on throttling, 5xx and network errors with backoff and full
//! jitter (`retry`), and a circuit per endpoint. The SDK's own retries are off so every
//! failure is seen, counted and explained here. A bucket in another region than the client's
//! answers with a redirect naming its region; the call is sent again there.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_config::BehaviorVersion;
use aws_config::meta::region::RegionProviderChain;
use aws_config::retry::RetryConfig;
use aws_config::stalled_stream_protection::StalledStreamProtectionConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_s3::Client;
use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::config::{Region, ResponseChecksumValidation};
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::types::ChecksumMode;
use jiff::Timestamp;
use tokio::sync::Semaphore;

use super::integrity::{StoredChecksum, StreamHasher};
use super::points::ListedObject;
use super::retry::{Backoff, Circuit};
use crate::model::S3Location;

/// Connection set-up; a port that refuses fails at once, a black hole after this.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// Time to the first byte of a response.
const READ_TIMEOUT: Duration = Duration::from_secs(6);
/// Attempts of a call that timed out, at most: a store that accepts connections and never
/// answers must still end the run in well under 30 s.
const MAX_TIMED_OUT_ATTEMPTS: u32 = 3;
/// One attempt of a call with a small answer (a listing page, a HEAD).
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);
/// A download whose bytes stop flowing for this long fails (the SDK's stalled-stream check).
const STALL_GRACE: Duration = Duration::from_secs(10);
/// Consecutive failures that open an endpoint's circuit, and how long it stays open.
const CIRCUIT_THRESHOLD: u32 = 5;
const CIRCUIT_COOLDOWN: Duration = Duration::from_secs(30);
/// A sidecar is a line of text; more than this is not a sidecar.
const SIDECAR_MAX: usize = 4096;

/// Where and how to connect: the CLI's flags.
#[derive(Debug, Clone, Default)]
pub struct StoreOptions {
    pub endpoint_url: Option<String>,
    pub profile: Option<String>,
    pub region: Option<String>,
    pub concurrency: usize,
}

/// Why a call failed, as far as retrying and reporting care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// 503 SlowDown, 429: the store is alive and asks us to slow down.
    Throttled,
    /// 5xx, refused or reset connections: the store may be down.
    Unavailable,
    /// No answer in time: the store may be down, and each try costs the full timeout, so
    /// fewer are made.
    TimedOut,
    /// The circuit of this endpoint is open: not sent.
    CircuitOpen,
    NoSuchBucket,
    NotFound,
    /// 501: the store does not implement the call (s3s-fs: bucket protection calls).
    NotImplemented,
    /// 403: credentials or policy.
    Denied,
    /// The bucket lives in another region (named, when the store said which).
    WrongRegion,
    Other,
}

impl FailureKind {
    pub(crate) fn retryable(self) -> bool {
        matches!(
            self,
            FailureKind::Throttled | FailureKind::Unavailable | FailureKind::TimedOut
        )
    }
}

#[derive(Debug, Clone)]
pub struct StoreError {
    pub kind: FailureKind,
    pub message: String,
    region_hint: Option<String>,
}

impl StoreError {
    pub fn new(kind: FailureKind, message: String) -> StoreError {
        StoreError {
            kind,
            message,
            region_hint: None,
        }
    }

    pub fn other(message: String) -> StoreError {
        StoreError {
            kind: FailureKind::Other,
            message,
            region_hint: None,
        }
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Turns an SDK error into a `StoreError`, reading status, error code and region hint.
fn classify<E>(what: &str, err: &SdkError<E, HttpResponse>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let status = err.raw_response().map(|r| r.status().as_u16());
    let region_hint = err
        .raw_response()
        .and_then(|r| r.headers().get("x-amz-bucket-region"))
        .map(str::to_string);
    let code = err.code().unwrap_or_default().to_string();
    let kind = match (err, status, code.as_str()) {
        (SdkError::TimeoutError(_), _, _) => FailureKind::TimedOut,
        (SdkError::DispatchFailure(d), _, _) if d.is_timeout() => FailureKind::TimedOut,
        (SdkError::ResponseError(_), _, _) => FailureKind::Unavailable,
        // Refused, reset, closed before the answer: the network or the store.
        (SdkError::DispatchFailure(d), _, _) if !d.is_user() => FailureKind::Unavailable,
        (_, _, "SlowDown" | "Throttling" | "ThrottlingException" | "TooManyRequests")
        | (_, Some(429), _) => FailureKind::Throttled,
        (_, Some(501), _) | (_, _, "NotImplemented") => FailureKind::NotImplemented,
        (_, _, "NoSuchBucket") => FailureKind::NoSuchBucket,
        (_, _, "NoSuchKey") | (_, Some(404), _) => FailureKind::NotFound,
        (_, Some(301 | 307), _) | (_, _, "PermanentRedirect" | "AuthorizationHeaderMalformed") => {
            FailureKind::WrongRegion
        }
        (_, Some(403), _) => FailureKind::Denied,
        (_, Some(s), _) if s >= 500 => FailureKind::Unavailable,
        _ => FailureKind::Other,
    };
    let detail = match err {
        SdkError::ServiceError(_) => {
            let message = err.message().unwrap_or_default();
            let code = if code.is_empty() {
                "no error code".to_string()
            } else {
                code.clone()
            };
            match status {
                Some(s) => format!("HTTP {s} {code}{}", sep(message)),
                None => format!("{code}{}", sep(message)),
            }
        }
        _ => error_chain(err),
    };
    StoreError {
        kind,
        message: format!("{what}: {detail}"),
        region_hint,
    }
}

/// An error and its sources, `outer: inner: innermost`, each said once.
pub(crate) fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = vec![err.to_string()];
    let mut source = err.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

fn sep(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

/// What HeadObject says about one object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeadInfo {
    pub checksums: Vec<StoredChecksum>,
    pub server_side_encryption: Option<String>,
}

impl HeadInfo {
    pub fn sha256(&self) -> bool {
        self.checksums.iter().any(|c| c.algorithm == "SHA256")
    }
}

/// Bucket-level protection. `Err` holds why the store did not say.
#[derive(Debug, Clone, PartialEq)]
pub struct Protection {
    /// `Enabled`, `Suspended` or `Disabled` (never enabled).
    pub versioning: Result<String, Unreported>,
    pub object_lock: Result<bool, Unreported>,
    /// The default encryption algorithm; `Ok(None)`: the bucket has none.
    pub default_encryption: Result<Option<String>, Unreported>,
}

/// Why the store did not report a bucket setting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unreported(pub String);

/// A finished download.
#[derive(Debug, Clone, Copy)]
pub struct Download {
    pub bytes: u64,
    pub elapsed: Duration,
}

/// The S3 client(s) with the runner's discipline around every call.
pub struct Store {
    base: aws_config::SdkConfig,
    options: StoreOptions,
    semaphore: Semaphore,
    backoff: Backoff,
    default_region: String,
    /// Why no credentials could be had: then nothing is sent at all.
    credentials_error: Option<String>,
    clients: Mutex<HashMap<String, Client>>,
    bucket_regions: Mutex<HashMap<String, String>>,
    circuits: Mutex<HashMap<String, Arc<Circuit>>>,
}

impl Store {
    /// Loads credentials and region from the standard AWS chain (environment, profile,
    /// SSO, web identity, container and instance metadata), as the AWS CLI does.
    pub async fn connect(options: StoreOptions) -> Store {
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
            )
            .stalled_stream_protection(
                StalledStreamProtectionConfig::enabled()
                    .grace_period(STALL_GRACE)
                    .build(),
            );
        if let Some(p) = &options.profile {
            loader = loader.profile_name(p);
        }
        let base = loader.load().await;
        let default_region = base
            .region()
            .map(|r| r.to_string())
            .unwrap_or_else(|| "us-east-1".into());
        let credentials_error = check_credentials(&base).await;
        Store {
            credentials_error,
            semaphore: Semaphore::new(options.concurrency.max(1)),
            backoff: Backoff::default(),
            default_region,
            base,
            options,
            clients: Mutex::new(HashMap::new()),
            bucket_regions: Mutex::new(HashMap::new()),
            circuits: Mutex::new(HashMap::new()),
        }
    }

    /// Why every call would fail before reaching the store, if it would.
    pub fn credentials_error(&self) -> Option<&str> {
        self.credentials_error.as_deref()
    }

    fn client(&self, region: &str) -> Client {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients
            .entry(region.to_string())
            .or_insert_with(|| {
                let mut b = aws_sdk_s3::config::Builder::from(&self.base)
                    .region(Region::new(region.to_string()))
                    // We hash downloads ourselves, and a mismatch must be reported, not raised.
                    .response_checksum_validation(ResponseChecksumValidation::WhenRequired);
                if let Some(url) = &self.options.endpoint_url {
                    b = b.endpoint_url(url).force_path_style(true);
                }
                Client::from_conf(b.build())
            })
            .clone()
    }

    fn region_of(&self, bucket: &str) -> String {
        self.bucket_regions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(bucket)
            .cloned()
            .unwrap_or_else(|| self.default_region.clone())
    }

    /// The endpoint a bucket is reached at, which is what a circuit guards.
    fn circuit(&self, region: &str) -> Arc<Circuit> {
        let endpoint = match &self.options.endpoint_url {
            Some(url) => url.clone(),
            None => format!("s3.{region}.amazonaws.com"),
        };
        self.circuits
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(endpoint)
            .or_insert_with(|| Arc::new(Circuit::new(CIRCUIT_THRESHOLD, CIRCUIT_COOLDOWN)))
            .clone()
    }

    /// Sends one call with retries, backoff, a per-attempt timeout and the circuit.
    async fn call<T, F, Fut>(&self, bucket: &str, what: &str, mut send: F) -> Result<T, StoreError>
    where
        F: FnMut(Client) -> Fut,
        Fut: Future<Output = Result<T, StoreError>>,
    {
        let mut attempt = 0;
        let mut redirected = false;
        let mut last: Option<StoreError> = None;
        if let Some(e) = &self.credentials_error {
            return Err(StoreError::other(format!("{what}: not sent: {e}")));
        }
        loop {
            let region = self.region_of(bucket);
            let circuit = self.circuit(&region);
            if !circuit.allows() {
                let open = "the endpoint's circuit is open after repeated failures";
                let message = match (last, circuit.last_failure()) {
                    (Some(e), _) => format!("{}; not retried: {open}", e.message),
                    (None, Some(cause)) => format!("{what}: not sent: {open} (last: {cause})"),
                    (None, None) => format!("{what}: not sent: {open}"),
                };
                return Err(StoreError {
                    kind: FailureKind::CircuitOpen,
                    message,
                    region_hint: None,
                });
            }
            let result = {
                let _permit = self.semaphore.acquire().await.map_err(|_| StoreError {
                    kind: FailureKind::Other,
                    message: format!("{what}: the runner is shutting down"),
                    region_hint: None,
                })?;
                tokio::time::timeout(ATTEMPT_TIMEOUT, send(self.client(&region))).await
            };
            let err = match result {
                Ok(Ok(value)) => {
                    circuit.record_success();
                    return Ok(value);
                }
                Ok(Err(e)) => e,
                Err(_) => StoreError {
                    kind: FailureKind::TimedOut,
                    message: format!("{what}: no answer within {}s", ATTEMPT_TIMEOUT.as_secs()),
                    region_hint: None,
                },
            };
            match err.kind {
                // A timeout costs the whole timeout: it weighs double, so a hung store opens
                // the circuit after three of them.
                FailureKind::TimedOut => circuit.record_failure(2, &err.message),
                FailureKind::Unavailable => circuit.record_failure(1, &err.message),
                _ => circuit.record_success(),
            }
            if err.kind == FailureKind::WrongRegion
                && !redirected
                && let Some(r) = err.region_hint.clone().filter(|r| *r != region)
            {
                self.bucket_regions
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(bucket.to_string(), r);
                redirected = true;
                continue;
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

    /// Every object under a location, in key order (ListObjectsV2, paginated).
    pub async fn list(
        &self,
        loc: &S3Location,
        mut on_page: impl FnMut(usize),
    ) -> Result<Vec<ListedObject>, StoreError> {
        let mut out: Vec<ListedObject> = Vec::new();
        let mut token: Option<String> = None;
        let what = format!("ListObjectsV2 {loc}");
        loop {
            let page = self
                .call(loc.bucket(), &what, |client| {
                    let req = client
                        .list_objects_v2()
                        .bucket(loc.bucket())
                        .prefix(loc.prefix())
                        .set_continuation_token(token.clone());
                    let what = what.clone();
                    async move { req.send().await.map_err(|e| classify(&what, &e)) }
                })
                .await?;
            for o in page.contents() {
                let Some(key) = o.key() else { continue };
                let last_modified = o
                    .last_modified()
                    .and_then(|t| Timestamp::from_second(t.secs()).ok())
                    .unwrap_or(Timestamp::UNIX_EPOCH);
                out.push(ListedObject {
                    key: key.to_string(),
                    size: o.size().and_then(|s| u64::try_from(s).ok()).unwrap_or(0),
                    last_modified,
                    checksum_algorithms: o
                        .checksum_algorithm()
                        .iter()
                        .map(|a| a.as_str().to_ascii_uppercase())
                        .collect(),
                });
            }
            on_page(out.len());
            let next = page.next_continuation_token().map(str::to_string);
            match (page.is_truncated(), next) {
                (Some(true), Some(next)) if Some(&next) != token.as_ref() => token = Some(next),
                (Some(true), _) => {
                    return Err(StoreError {
                        kind: FailureKind::Other,
                        message: format!(
                            "{what}: the store said the listing goes on but gave no new continuation token"
                        ),
                        region_hint: None,
                    });
                }
                _ => return Ok(out),
            }
        }
    }

    /// HeadObject with checksum mode: the stored checksums and the encryption.
    pub async fn head(&self, bucket: &str, key: &str) -> Result<HeadInfo, StoreError> {
        let what = format!("HeadObject s3://{bucket}/{key}");
        let out = self
            .call(bucket, &what, |client| {
                let req = client
                    .head_object()
                    .bucket(bucket)
                    .key(key)
                    .checksum_mode(ChecksumMode::Enabled);
                let what = what.clone();
                async move { req.send().await.map_err(|e| classify(&what, &e)) }
            })
            .await?;
        let checksums = [
            ("SHA256", out.checksum_sha256()),
            ("CRC64NVME", out.checksum_crc64_nvme()),
            ("CRC32C", out.checksum_crc32_c()),
            ("CRC32", out.checksum_crc32()),
            ("SHA1", out.checksum_sha1()),
        ]
        .into_iter()
        .filter_map(|(algorithm, value)| {
            value.filter(|v| !v.is_empty()).map(|value| StoredChecksum {
                algorithm: algorithm.into(),
                value: value.to_string(),
            })
        })
        .collect();
        Ok(HeadInfo {
            checksums,
            server_side_encryption: out.server_side_encryption().map(|s| s.as_str().to_string()),
        })
    }

    /// Downloads an object through `hasher`, chunk by chunk (never all in memory). A
    /// connection lost mid-way starts the download again, within the retry budget.
    pub async fn download(
        &self,
        bucket: &str,
        key: &str,
        stored: &[StoredChecksum],
    ) -> Result<(super::integrity::Computed, Download), StoreError> {
        let what = format!("GetObject s3://{bucket}/{key}");
        let mut attempt = 0;
        loop {
            let started = Instant::now();
            let out = self
                .call(bucket, &what, |client| {
                    let req = client.get_object().bucket(bucket).key(key);
                    let what = what.clone();
                    async move { req.send().await.map_err(|e| classify(&what, &e)) }
                })
                .await?;
            let mut body = out.body;
            let mut hasher = StreamHasher::new(stored);
            let streamed = {
                let _permit = self.semaphore.acquire().await;
                loop {
                    match body.try_next().await {
                        Ok(Some(chunk)) => hasher.update(&chunk),
                        Ok(None) => break Ok(()),
                        Err(e) => break Err(e),
                    }
                }
            };
            match streamed {
                Ok(()) => {
                    let elapsed = started.elapsed();
                    let computed = hasher.finish();
                    let bytes = computed.bytes;
                    return Ok((computed, Download { bytes, elapsed }));
                }
                Err(e) => {
                    self.circuit(&self.region_of(bucket))
                        .record_failure(1, "a download broke off");
                    attempt += 1;
                    if attempt >= self.backoff.max_attempts {
                        return Err(StoreError {
                            kind: FailureKind::Unavailable,
                            message: format!("{what}: the download broke off: {}", error_chain(&e)),
                            region_hint: None,
                        });
                    }
                    tokio::time::sleep(self.backoff.delay(attempt - 1)).await;
                }
            }
        }
    }

    /// A small object read whole (a `.sha256` sidecar); `None` when it is too big to be one.
    pub async fn get_small(&self, bucket: &str, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let what = format!("GetObject s3://{bucket}/{key}");
        self.call(bucket, &what, |client| {
            let req = client.get_object().bucket(bucket).key(key);
            let what = what.clone();
            async move {
                let out = req.send().await.map_err(|e| classify(&what, &e))?;
                let mut body = out.body;
                let mut buf = Vec::new();
                while let Some(chunk) = body.try_next().await.map_err(|e| StoreError {
                    kind: FailureKind::Unavailable,
                    message: format!("{what}: {}", error_chain(&e)),
                    region_hint: None,
                })? {
                    buf.extend_from_slice(&chunk);
                    if buf.len() > SIDECAR_MAX {
                        return Ok(None);
                    }
                }
                Ok(Some(buf))
            }
        })
        .await
    }

    /// Versioning, object lock and default encryption of a bucket, where the store says.
    pub async fn protection(&self, bucket: &str) -> Protection {
        let versioning = self
            .call(bucket, &format!("GetBucketVersioning {bucket}"), |client| {
                let req = client.get_bucket_versioning().bucket(bucket);
                async move {
                    req.send()
                        .await
                        .map_err(|e| classify("GetBucketVersioning", &e))
                }
            })
            .await
            .map(|o| {
                o.status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| "Disabled".into())
            })
            .map_err(unreported);
        let object_lock = match self
            .call(
                bucket,
                &format!("GetObjectLockConfiguration {bucket}"),
                |client| {
                    let req = client.get_object_lock_configuration().bucket(bucket);
                    async move {
                        req.send()
                            .await
                            .map_err(|e| classify("GetObjectLockConfiguration", &e))
                    }
                },
            )
            .await
        {
            Ok(o) => Ok(o
                .object_lock_configuration()
                .and_then(|c| c.object_lock_enabled())
                .is_some_and(|e| e.as_str() == "Enabled")),
            Err(e) if e.message.contains("ObjectLockConfigurationNotFound") => Ok(false),
            Err(e) => Err(unreported(e)),
        };
        let default_encryption = match self
            .call(bucket, &format!("GetBucketEncryption {bucket}"), |client| {
                let req = client.get_bucket_encryption().bucket(bucket);
                async move {
                    req.send()
                        .await
                        .map_err(|e| classify("GetBucketEncryption", &e))
                }
            })
            .await
        {
            Ok(o) => Ok(o.server_side_encryption_configuration().and_then(|c| {
                c.rules()
                    .iter()
                    .find_map(|r| r.apply_server_side_encryption_by_default())
                    .map(|d| d.sse_algorithm().as_str().to_string())
            })),
            Err(e)
                if e.message
                    .contains("ServerSideEncryptionConfigurationNotFound") =>
            {
                Ok(None)
            }
            Err(e) => Err(unreported(e)),
        };
        Protection {
            versioning,
            object_lock,
            default_encryption,
        }
    }
}

/// Resolves credentials once before any request, so that a machine without any gets one
/// clear message instead of a failure per call (which the circuit would take for a dead
/// store). The credentials themselves are dropped at once and never shown.
pub(crate) async fn check_credentials(base: &aws_config::SdkConfig) -> Option<String> {
    use aws_sdk_s3::config::ProvideCredentials;
    let Some(provider) = base.credentials_provider() else {
        return Some("no AWS credentials provider is configured".into());
    };
    match tokio::time::timeout(Duration::from_secs(15), provider.provide_credentials()).await {
        Ok(Ok(_)) => None,
        Ok(Err(e)) => {
            let chain = error_chain(&e);
            let first = chain.lines().next().unwrap_or_default();
            let first = first.trim_end_matches("Attempted:").trim_end();
            Some(format!(
                "no AWS credentials ({first}); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile"
            ))
        }
        Err(_) => Some("no AWS credentials: resolving them took longer than 15s".into()),
    }
}

/// Why a protection setting is unknown, in a few words.
fn unreported(e: StoreError) -> Unreported {
    Unreported(match e.kind {
        FailureKind::NotImplemented => "the store does not implement it".into(),
        FailureKind::Denied => "access denied".into(),
        _ => e.message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_throttling_and_unavailability_are_retried() {
        use FailureKind::*;
        for k in [Throttled, Unavailable, TimedOut] {
            assert!(k.retryable());
        }
        for k in [
            CircuitOpen,
            NoSuchBucket,
            NotFound,
            NotImplemented,
            Denied,
            WrongRegion,
            Other,
        ] {
            assert!(!k.retryable());
        }
    }
}
