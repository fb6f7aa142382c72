//! `s3://bucket/prefix` locations, as written in `backup.location` and `backup.copy_location`:
//! checked once, when the architecture is read, and kept as written (the outputs echo it).

use std::fmt;

/// A bucket and a key prefix (possibly empty).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct S3Location {
    /// `s3://bucket/prefix` as written.
    text: String,
    /// Where the bucket name ends in `text`.
    bucket_end: usize,
}

const SCHEME: &str = "s3://";

/// A text that is not an `s3://bucket/prefix` location.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum S3LocationError {
    #[error("{0:?} does not start with s3://")]
    NoScheme(String),
    #[error("{0:?} is not an S3 bucket name")]
    Bucket(String),
}

impl S3Location {
    pub fn parse(text: &str) -> Result<S3Location, S3LocationError> {
        let rest = text
            .strip_prefix(SCHEME)
            .ok_or_else(|| S3LocationError::NoScheme(text.to_string()))?;
        let bucket = rest.split_once('/').map_or(rest, |(b, _)| b);
        if !valid_bucket(bucket) {
            return Err(S3LocationError::Bucket(bucket.to_string()));
        }
        Ok(S3Location {
            text: text.to_string(),
            bucket_end: SCHEME.len() + bucket.len(),
        })
    }

    pub fn bucket(&self) -> &str {
        &self.text[SCHEME.len()..self.bucket_end]
    }

    /// The key prefix: what follows the bucket and its slash.
    pub fn prefix(&self) -> &str {
        self.text.get(self.bucket_end + 1..).unwrap_or("")
    }

    /// The location as the architecture file wrote it.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// 3–63 lowercase letters, digits, hyphens and dots.
pub(super) fn valid_bucket(bucket: &str) -> bool {
    (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
}

impl fmt::Display for S3Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bucket_and_prefix() {
        let l = S3Location::parse("s3://acme-backups/orders-db/").expect("test fixture is valid");
        assert_eq!((l.bucket(), l.prefix()), ("acme-backups", "orders-db/"));
        assert_eq!(l.as_str(), "s3://acme-backups/orders-db/");
        let bare = S3Location::parse("s3://acme").expect("test fixture is valid");
        assert_eq!((bare.bucket(), bare.prefix()), ("acme", ""));
        assert!(S3Location::parse("https://acme/x").is_err());
        assert!(S3Location::parse("s3://A_B/x").is_err());
    }
}
