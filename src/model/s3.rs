//! `s3://bucket/prefix` locations, as written in `backup.location` and `backup.copy_location`:
//! parsed once, when the architecture is read.

use std::fmt;

/// A bucket and a key prefix (possibly empty), with the text they were read from (which the
/// outputs echo).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct S3Location {
    pub bucket: String,
    pub prefix: String,
    text: String,
}

impl S3Location {
    pub fn parse(text: &str) -> Result<S3Location, String> {
        let rest = text
            .strip_prefix("s3://")
            .ok_or_else(|| format!("{text:?} does not start with s3://"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let valid_bucket = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        if !valid_bucket {
            return Err(format!("{bucket:?} is not an S3 bucket name"));
        }
        Ok(S3Location {
            bucket: bucket.to_string(),
            prefix: prefix.to_string(),
            text: text.to_string(),
        })
    }

    /// The location as the architecture file wrote it.
    pub fn as_str(&self) -> &str {
        &self.text
    }
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
        assert_eq!(
            (l.bucket.as_str(), l.prefix.as_str()),
            ("acme-backups", "orders-db/")
        );
        assert_eq!(
            S3Location::parse("s3://acme")
                .expect("test fixture is valid")
                .prefix,
            ""
        );
        assert!(S3Location::parse("https://acme/x").is_err());
        assert!(S3Location::parse("s3://A_B/x").is_err());
    }
}
