//! Real S3 protocol servers for the `drplan verify` tests, on 127.0.0.1 only: s3s-fs serving a
//! temporary directory in-process (SigV4 checked, checksums kept, LastModified = the file's
//! mtime), a proxy that throttles, and ports that refuse or never answer.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ChecksumAlgorithm;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as ConnBuilder;
use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const ACCESS_KEY: &str = "DRPLANTESTACCESSKEY";
/// The secret no output may contain.
pub const SECRET_KEY: &str = "drplan-test-secret-6f1d0c9b8a7e";
/// The `--now` of every test.
pub const NOW: &str = "2026-11-26T20:00:00Z";

pub fn now_secs() -> i64 {
    NOW.parse::<jiff::Timestamp>()
        .expect("NOW parses")
        .as_second()
}

/// A fresh directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "drplan-verify-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// s3s-fs on an ephemeral port of 127.0.0.1, serving a temporary directory.
pub struct Server {
    pub root: TempDir,
    pub addr: SocketAddr,
    client: aws_sdk_s3::Client,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Server {
    pub fn start() -> Server {
        let root = TempDir::new("s3");
        let runtime = runtime();
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let fs = s3s_fs::FileSystem::new(root.path()).expect("s3s-fs root");
        let mut builder = S3ServiceBuilder::new(fs);
        builder.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
        let service = builder.build();
        runtime.spawn(async move {
            let http = ConnBuilder::new(TokioExecutor::new());
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    continue;
                };
                let conn = http
                    .serve_connection(TokioIo::new(socket), service.clone())
                    .into_owned();
                tokio::spawn(async move {
                    let _ = conn.await;
                });
            }
        });
        let config = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .endpoint_url(format!("http://{addr}"))
            .force_path_style(true)
            .credentials_provider(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "test"))
            .build();
        Server {
            root,
            addr,
            client: aws_sdk_s3::Client::from_conf(config),
            runtime: Some(runtime),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.runtime.as_ref().expect("running").block_on(f)
    }

    pub fn create_bucket(&self, bucket: &str) {
        self.block_on(self.client.create_bucket().bucket(bucket).send())
            .expect("create bucket");
    }

    /// Writes an object with a SHA-256 checksum (as `aws s3api put-object
    /// --checksum-algorithm SHA256` does) and dates it `age` before `NOW`.
    pub fn put(&self, bucket: &str, key: &str, body: &[u8], age: Duration) {
        self.block_on(
            self.client
                .put_object()
                .bucket(bucket)
                .key(key)
                .checksum_algorithm(ChecksumAlgorithm::Sha256)
                .body(ByteStream::from(body.to_vec()))
                .send(),
        )
        .expect("put object");
        self.backdate(bucket, key, age);
    }

    /// Writes an object with a checksum in `algorithm` (recent AWS CLIs store a CRC by
    /// default) and dates it `age` before `NOW`.
    pub fn put_with(
        &self,
        algorithm: ChecksumAlgorithm,
        bucket: &str,
        key: &str,
        body: &[u8],
        age: Duration,
    ) {
        self.block_on(
            self.client
                .put_object()
                .bucket(bucket)
                .key(key)
                .checksum_algorithm(algorithm)
                .body(ByteStream::from(body.to_vec()))
                .send(),
        )
        .expect("put object");
        self.backdate(bucket, key, age);
    }

    /// Writes an object with no checksum at all.
    pub fn put_plain(&self, bucket: &str, key: &str, body: &[u8], age: Duration) {
        self.block_on(
            self.client
                .put_object()
                .bucket(bucket)
                .key(key)
                .body(ByteStream::from(body.to_vec()))
                .send(),
        )
        .expect("put object");
        self.backdate(bucket, key, age);
    }

    pub fn object_path(&self, bucket: &str, key: &str) -> PathBuf {
        self.root.path().join(bucket).join(key)
    }

    /// Sets the file's mtime, which s3s-fs reports as LastModified, to `age` before `NOW`.
    pub fn backdate(&self, bucket: &str, key: &str, age: Duration) {
        let secs = u64::try_from(now_secs()).expect("after 1970") - age.as_secs();
        set_mtime(&self.object_path(bucket, key), secs);
    }

    /// Flips one byte of the stored file (bit rot, tampering) and keeps its mtime.
    pub fn corrupt(&self, bucket: &str, key: &str) {
        let path = self.object_path(bucket, key);
        let modified = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        let mut bytes = std::fs::read(&path).expect("read object file");
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x01;
        std::fs::write(&path, bytes).expect("write object file");
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(modified))
            .expect("keep mtime");
    }

    /// SHA-256 over every file under the root: path, contents and mtime.
    pub fn tree_hash(&self) -> String {
        let mut files: BTreeMap<String, (Vec<u8>, SystemTime)> = BTreeMap::new();
        walk(self.root.path(), self.root.path(), &mut files);
        let mut h = Sha256::new();
        for (path, (bytes, modified)) in &files {
            h.update(path.as_bytes());
            h.update(Sha256::digest(bytes));
            h.update(format!("{modified:?}").as_bytes());
        }
        let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        format!("{} files {hex}", files.len())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

pub fn set_mtime(path: &Path, unix_secs: u64) {
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(unix_secs);
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(when))
        .expect("set mtime");
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, (Vec<u8>, SystemTime)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        let rel = path
            .strip_prefix(root)
            .expect("under root")
            .display()
            .to_string();
        if path.is_dir() {
            out.insert(format!("{rel}/"), (Vec::new(), SystemTime::UNIX_EPOCH));
            walk(root, &path, out);
        } else {
            let bytes = std::fs::read(&path).expect("read file");
            let modified = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .expect("mtime");
            out.insert(rel, (bytes, modified));
        }
    }
}

/// A TCP proxy in front of a server that answers the first `throttle` connections with
/// `503 SlowDown` (as S3 does under load) and forwards every later one untouched.
pub struct ThrottlingProxy {
    pub addr: SocketAddr,
    pub throttled: Arc<AtomicUsize>,
    pub forwarded: Arc<AtomicUsize>,
    _runtime: tokio::runtime::Runtime,
}

impl ThrottlingProxy {
    pub fn start(upstream: SocketAddr, throttle: usize) -> ThrottlingProxy {
        let runtime = runtime();
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("bind proxy");
        let addr = listener.local_addr().expect("proxy addr");
        let throttled = Arc::new(AtomicUsize::new(0));
        let forwarded = Arc::new(AtomicUsize::new(0));
        let (t, f) = (throttled.clone(), forwarded.clone());
        runtime.spawn(async move {
            let seen = AtomicUsize::new(0);
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    continue;
                };
                if seen.fetch_add(1, Ordering::SeqCst) < throttle {
                    t.fetch_add(1, Ordering::SeqCst);
                    tokio::spawn(async move {
                        read_request_head(&mut socket).await;
                        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
                            <Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";
                        let response = format!(
                            "HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\n\
                             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                            body.len()
                        );
                        let _ = socket.write_all(response.as_bytes()).await;
                        let _ = socket.shutdown().await;
                    });
                } else {
                    f.fetch_add(1, Ordering::SeqCst);
                    tokio::spawn(async move {
                        if let Ok(mut up) = TcpStream::connect(upstream).await {
                            let _ = tokio::io::copy_bidirectional(&mut socket, &mut up).await;
                        }
                    });
                }
            }
        });
        ThrottlingProxy {
            addr,
            throttled,
            forwarded,
            _runtime: runtime,
        }
    }
}

/// Reads up to the end of the request head (read requests carry no body).
async fn read_request_head(socket: &mut TcpStream) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 65_536 {
        match tokio::time::timeout_at(deadline, socket.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => buf.extend_from_slice(&chunk[..n]),
            _ => return,
        }
    }
}

/// A port on 127.0.0.1 where nothing listens: connections are refused.
pub fn refused_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    drop(l);
    port
}

/// A listener that accepts connections (the kernel completes the handshake) and never
/// answers: a hung store. Keep it alive for the test.
pub fn silent_listener() -> std::net::TcpListener {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind")
}

/// A TCP proxy in front of a server that forwards `budget` bytes of answers, then dies: the
/// connection carrying the next byte is cut and every later connection is dropped at once
/// (a store that goes down in the middle of a run).
pub struct DyingProxy {
    pub addr: SocketAddr,
    pub dead: Arc<std::sync::atomic::AtomicBool>,
    _runtime: tokio::runtime::Runtime,
}

impl DyingProxy {
    pub fn start(upstream: SocketAddr, budget: usize) -> DyingProxy {
        use std::sync::atomic::AtomicBool;
        let runtime = runtime();
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("bind proxy");
        let addr = listener.local_addr().expect("proxy addr");
        let dead = Arc::new(AtomicBool::new(false));
        let left = Arc::new(AtomicUsize::new(budget));
        let flag = dead.clone();
        runtime.spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    continue;
                };
                if flag.load(Ordering::SeqCst) {
                    drop(socket);
                    continue;
                }
                let (flag, left) = (flag.clone(), left.clone());
                tokio::spawn(async move {
                    let Ok(up) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let (mut client_read, mut client_write) = socket.into_split();
                    let (mut up_read, mut up_write) = up.into_split();
                    let requests = tokio::spawn(async move {
                        let _ = tokio::io::copy(&mut client_read, &mut up_write).await;
                    });
                    let mut chunk = vec![0u8; 16 * 1024];
                    loop {
                        let n = match up_read.read(&mut chunk).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => n,
                        };
                        let allowed = left
                            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |l| {
                                Some(l.saturating_sub(n))
                            })
                            .unwrap_or(0)
                            .min(n);
                        if allowed > 0 && client_write.write_all(&chunk[..allowed]).await.is_err() {
                            break;
                        }
                        if allowed < n {
                            flag.store(true, Ordering::SeqCst);
                            break;
                        }
                    }
                    requests.abort();
                });
            }
        });
        DyingProxy {
            addr,
            dead,
            _runtime: runtime,
        }
    }
}
