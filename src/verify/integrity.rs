//! `--deep`: recompute a recovery point's checksum while it streams and compare it with what
//! the store kept (docs/verify.md). The references, strongest first: the object's full-object SHA-256
//! (HeadObject with checksum mode), a `<key>.sha256` sidecar, another full-object checksum the
//! store kept (CRC32, CRC32C, CRC64NVME, SHA-1: the AWS CLI's default is a CRC). A multipart
//! "checksum of checksums" (`…-N`) covers parts, not the object: it is reported as not
//! comparable, never as a mismatch.

use aws_smithy_checksums::ChecksumAlgorithm;
use aws_smithy_checksums::http::HttpChecksum;
use sha2::{Digest, Sha256};

/// A checksum the store kept for an object, as HeadObject reports it (base64).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredChecksum {
    /// `SHA256`, `CRC32`, `CRC32C`, `CRC64NVME`, `SHA1`.
    pub algorithm: String,
    pub value: String,
}

impl StoredChecksum {
    /// `…-N`: a checksum over the parts of a multipart upload.
    pub fn is_composite(&self) -> bool {
        self.value
            .rsplit_once('-')
            .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    }

    fn smithy_algorithm(&self) -> Option<ChecksumAlgorithm> {
        self.algorithm.to_ascii_lowercase().parse().ok()
    }
}

/// Hashes one object as it streams: always SHA-256, and the stored algorithm when it is
/// another one.
pub struct StreamHasher {
    sha256: Sha256,
    other: Option<(String, Box<dyn HttpChecksum>)>,
    pub bytes: u64,
}

impl StreamHasher {
    /// `stored`: the checksums the store kept; a full-object one in another algorithm is
    /// recomputed too.
    pub fn new(stored: &[StoredChecksum]) -> StreamHasher {
        let other = stored
            .iter()
            .filter(|s| s.algorithm != "SHA256" && !s.is_composite())
            .find_map(|s| {
                s.smithy_algorithm()
                    .map(|a| (s.algorithm.clone(), a.into_impl()))
            });
        StreamHasher {
            sha256: Sha256::new(),
            other,
            bytes: 0,
        }
    }

    pub fn update(&mut self, chunk: &[u8]) {
        self.sha256.update(chunk);
        if let Some((_, h)) = &mut self.other {
            h.update(chunk);
        }
        self.bytes += chunk.len() as u64;
    }

    pub fn finish(self) -> Computed {
        Computed {
            sha256: self.sha256.finalize().to_vec(),
            other: self.other.map(|(name, h)| (name, h.finalize().to_vec())),
            bytes: self.bytes,
        }
    }
}

/// What the download hashed to (raw digests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computed {
    pub sha256: Vec<u8>,
    pub other: Option<(String, Vec<u8>)>,
    pub bytes: u64,
}

/// The verdict on one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every reference that could be compared matched; `against` names them.
    Verified { against: Vec<String> },
    /// A reference disagreed with the bytes.
    Mismatch {
        against: String,
        stored: String,
        computed: String,
    },
    /// Only a multipart checksum was kept: it cannot be compared with the whole object.
    NotComparable { reason: String },
    /// Nothing was kept to compare with.
    NoReference,
}

/// Compares a download with the stored checksums and the sidecar's digest.
pub fn judge(stored: &[StoredChecksum], sidecar: Option<&[u8]>, computed: &Computed) -> Verdict {
    let mut against = Vec::new();
    let mut composite = None;
    let sha_hex = hex(&computed.sha256);
    for s in stored {
        if s.is_composite() {
            composite = Some(s);
            continue;
        }
        let digest = if s.algorithm == "SHA256" {
            Some(&computed.sha256)
        } else {
            computed
                .other
                .as_ref()
                .filter(|(name, _)| *name == s.algorithm)
                .map(|(_, d)| d)
        };
        let Some(digest) = digest else { continue };
        let value = base64(digest);
        if value != s.value {
            return Verdict::Mismatch {
                against: format!("stored {}", s.algorithm),
                stored: s.value.clone(),
                computed: value,
            };
        }
        against.push(format!("stored {}", s.algorithm));
    }
    if let Some(expected) = sidecar {
        if expected != computed.sha256.as_slice() {
            return Verdict::Mismatch {
                against: ".sha256 sidecar".into(),
                stored: hex(expected),
                computed: sha_hex,
            };
        }
        against.push(".sha256 sidecar".into());
    }
    if !against.is_empty() {
        return Verdict::Verified { against };
    }
    match composite {
        Some(s) => Verdict::NotComparable {
            reason: format!(
                "multipart {} checksum {} covers the parts, not the object; add a .sha256 sidecar to verify it",
                s.algorithm, s.value
            ),
        },
        None => Verdict::NoReference,
    }
}

/// Reads a sidecar: `sha256sum` output (`<hex>  name`) or a bare hex or base64 digest.
pub fn parse_sidecar(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let token = text.split_whitespace().next()?;
    if token.len() == 64 {
        return from_hex(token);
    }
    aws_smithy_types::base64::decode(token)
        .ok()
        .filter(|d| d.len() == 32)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    let digits: Option<Vec<u8>> = text
        .bytes()
        .map(|b| (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok()))
        .collect();
    let digits = digits?;
    Some(digits.chunks(2).map(|p| p[0] * 16 + p[1]).collect())
}

pub fn base64(bytes: &[u8]) -> String {
    aws_smithy_types::base64::encode(bytes)
}

/// Below this many bytes a download measures latency, not throughput: no figure is given
/// (`assess --evidence` would take it for the restore speed).
pub const MIN_THROUGHPUT_SAMPLE: u64 = 1024 * 1024;

/// MB/s (MB = 2^20 bytes, the unit of `backup.restore_mb_per_sec`), to two decimals;
/// `None` for a sample too small to mean anything.
pub fn throughput_mbps(bytes: u64, secs: f64) -> Option<f64> {
    if bytes < MIN_THROUGHPUT_SAMPLE || !secs.is_finite() || secs <= 0.0 {
        return None;
    }
    let mbps = bytes as f64 / (1024.0 * 1024.0) / secs;
    Some((mbps * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn computed(data: &[u8], stored: &[StoredChecksum]) -> Computed {
        let mut h = StreamHasher::new(stored);
        for chunk in data.chunks(3) {
            h.update(chunk);
        }
        h.finish()
    }

    fn sha_b64(data: &[u8]) -> String {
        base64(&Sha256::digest(data))
    }

    fn stored(algorithm: &str, value: &str) -> StoredChecksum {
        StoredChecksum {
            algorithm: algorithm.into(),
            value: value.into(),
        }
    }

    #[test]
    fn a_matching_sha256_verifies_and_a_flipped_byte_does_not() {
        let s = [stored("SHA256", &sha_b64(b"backup bytes"))];
        assert_eq!(
            judge(&s, None, &computed(b"backup bytes", &s)),
            Verdict::Verified {
                against: vec!["stored SHA256".into()]
            }
        );
        assert!(matches!(
            judge(&s, None, &computed(b"backup bytez", &s)),
            Verdict::Mismatch { .. }
        ));
    }

    #[test]
    fn a_multipart_checksum_is_not_comparable_never_a_mismatch() {
        let s = [stored(
            "SHA256",
            "q2wZ6M0Pb1Tn9fY0y2s8bT3nJ1qyZ0kz7C2oCwv0n6Q=-3",
        )];
        assert!(s[0].is_composite());
        assert!(matches!(
            judge(&s, None, &computed(b"anything", &s)),
            Verdict::NotComparable { .. }
        ));
        // With a sidecar the object is verified after all.
        let side = Sha256::digest(b"anything").to_vec();
        assert!(matches!(
            judge(&s, Some(&side), &computed(b"anything", &s)),
            Verdict::Verified { .. }
        ));
    }

    #[test]
    fn a_crc_checksum_is_recomputed() {
        // CRC32 of "hello world" is 0x0d4a1185.
        let s = [stored("CRC32", &base64(&[0x0d, 0x4a, 0x11, 0x85]))];
        assert_eq!(
            judge(&s, None, &computed(b"hello world", &s)),
            Verdict::Verified {
                against: vec!["stored CRC32".into()]
            }
        );
        assert!(matches!(
            judge(&s, None, &computed(b"hello worle", &s)),
            Verdict::Mismatch { .. }
        ));
    }

    #[test]
    fn sidecars_in_the_usual_forms() {
        let digest = Sha256::digest(b"x").to_vec();
        let line = format!("{}  db/x.dump\n", hex(&digest));
        assert_eq!(parse_sidecar(line.as_bytes()), Some(digest.clone()));
        assert_eq!(
            parse_sidecar(hex(&digest).to_uppercase().as_bytes()),
            Some(digest.clone())
        );
        assert_eq!(parse_sidecar(base64(&digest).as_bytes()), Some(digest));
        assert_eq!(parse_sidecar(b"not a digest"), None);
        assert_eq!(parse_sidecar(&[0xff, 0xfe]), None);
        assert_eq!(parse_sidecar(&[b'g'; 64]), None);
    }

    #[test]
    fn nothing_to_compare_with() {
        assert_eq!(judge(&[], None, &computed(b"x", &[])), Verdict::NoReference);
    }

    #[test]
    fn throughput_in_binary_megabytes() {
        assert_eq!(throughput_mbps(10 * 1024 * 1024, 2.0), Some(5.0));
        assert_eq!(throughput_mbps(3 * 1024 * 1024, 7.0), Some(0.43));
        assert_eq!(
            throughput_mbps(1024, 0.001),
            None,
            "1 KiB says nothing about bandwidth"
        );
        assert_eq!(throughput_mbps(MIN_THROUGHPUT_SAMPLE, 0.0), None);
    }
}
