//! Which cloud resources a component stands for (`resources` in the input, docs/input.md): an
//! ARN, or a kind, an identifier and a region where the ARN is not known. Checked once, when the
//! architecture is read; a value of these types is always a well-formed identity.
//!
//! The checked value serializes back to the input's own shape (`{"arn": …}` or
//! `{"service": …, "id": …, "region": …}`), so an importer builds a [`Resource`] with
//! [`Resource::from_arn`] or [`Resource::named`] and writes it with serde.

use std::fmt;

use schemars::JsonSchema;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

string_enum!(
    /// The kinds of resource that can be named without an ARN.
    ResourceKind {
        RdsInstance = "rds-instance",
        RdsCluster = "rds-cluster",
        DynamodbTable = "dynamodb-table",
        EbsVolume = "ebs-volume",
        EfsFileSystem = "efs-file-system",
        S3Bucket = "s3-bucket",
    }
);

impl ResourceKind {
    /// What the identifier of this kind looks like, for error messages.
    pub fn id_hint(self) -> &'static str {
        match self {
            ResourceKind::RdsInstance => "a DB instance identifier such as \"orders-db\"",
            ResourceKind::RdsCluster => "a DB cluster identifier such as \"orders-cluster\"",
            ResourceKind::DynamodbTable => "a table name such as \"Orders\"",
            ResourceKind::EbsVolume => "a volume id such as \"vol-0123456789abcdef0\"",
            ResourceKind::EfsFileSystem => "a file system id such as \"fs-0123456789abcdef0\"",
            ResourceKind::S3Bucket => "a bucket name such as \"acme-data\"",
        }
    }

    /// Whether `id` is a valid identifier of this kind.
    pub fn valid_id(self, id: &str) -> bool {
        match self {
            ResourceKind::RdsInstance | ResourceKind::RdsCluster => rds_identifier(id),
            ResourceKind::DynamodbTable => {
                (3..=255).contains(&id.len())
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            }
            ResourceKind::EbsVolume => hex_id(id, "vol-"),
            ResourceKind::EfsFileSystem => hex_id(id, "fs-"),
            ResourceKind::S3Bucket => super::s3::valid_bucket(id),
        }
    }

    /// The kind an ARN names, when it is one of these.
    fn of_arn<'a>(service: &str, resource: &'a str) -> Option<(ResourceKind, &'a str)> {
        let after = |prefix: &str| resource.strip_prefix(prefix).filter(|r| !r.is_empty());
        let (kind, id) = match service {
            "rds" => match after("db:") {
                Some(id) => (ResourceKind::RdsInstance, id),
                None => (ResourceKind::RdsCluster, after("cluster:")?),
            },
            "dynamodb" => (ResourceKind::DynamodbTable, after("table/")?),
            "ec2" => (ResourceKind::EbsVolume, after("volume/")?),
            "elasticfilesystem" => (ResourceKind::EfsFileSystem, after("file-system/")?),
            "s3" if !resource.contains('/') => (ResourceKind::S3Bucket, resource),
            _ => return None,
        };
        kind.valid_id(id).then_some((kind, id))
    }
}

/// 1–63 letters, digits and hyphens, starting with a letter, without a trailing or double hyphen.
fn rds_identifier(id: &str) -> bool {
    (1..=63).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// `vol-` or `fs-` followed by 8 or 17 lowercase hex digits.
fn hex_id(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(|hex| {
        matches!(hex.len(), 8 | 17)
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// An AWS region name such as `us-east-1` or `us-gov-west-1`.
pub fn valid_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1]
            .parse::<u8>()
            .is_ok_and(|n| n > 0 && !parts[parts.len() - 1].starts_with('0'))
}

/// The partition a region belongs to, for the ARNs drplan builds.
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// A well-formed ARN, `arn:partition:service:region:account:resource`, kept as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Arn {
    text: String,
    /// Byte offsets of the first five colons.
    colons: [usize; 5],
}

/// A text that is not an ARN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArnError {
    #[error("{0:?} is not an ARN; write \"arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE\"")]
    Shape(String),
    #[error("{0:?}: {1}")]
    Part(String, &'static str),
}

impl Arn {
    pub fn parse(text: &str) -> Result<Arn, ArnError> {
        let shape = || ArnError::Shape(text.to_string());
        if !text.starts_with("arn:") || text.len() > 2048 || text.chars().any(char::is_control) {
            return Err(shape());
        }
        let mut colons = [0usize; 5];
        // The first colon ends `arn`; the next four end partition, service, region, account.
        let mut found = text.match_indices(':').map(|(i, _)| i);
        for slot in &mut colons {
            *slot = found.next().ok_or_else(shape)?;
        }
        let arn = Arn {
            text: text.to_string(),
            colons,
        };
        let part = |why| ArnError::Part(text.to_string(), why);
        if !arn.partition().starts_with("aws") {
            return Err(part("the partition is not aws, aws-cn or aws-us-gov"));
        }
        if arn.service().is_empty() {
            return Err(part("the service is empty"));
        }
        if arn.region().is_some_and(|r| !valid_region(r)) {
            return Err(part("the region is not a region name such as us-east-1"));
        }
        if arn
            .account()
            .is_some_and(|a| a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(part("the account is not 12 digits"));
        }
        if arn.resource().is_empty() {
            return Err(part("the resource is empty"));
        }
        Ok(arn)
    }

    /// Partition (0), service, region, account (3).
    fn field(&self, i: usize) -> &str {
        &self.text[self.colons[i] + 1..self.colons[i + 1]]
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn partition(&self) -> &str {
        self.field(0)
    }

    pub fn service(&self) -> &str {
        self.field(1)
    }

    /// `None` for global resources (an S3 bucket's ARN has no region).
    pub fn region(&self) -> Option<&str> {
        Some(self.field(2)).filter(|r| !r.is_empty())
    }

    pub fn account(&self) -> Option<&str> {
        Some(self.field(3)).filter(|a| !a.is_empty())
    }

    /// Everything after the account: `db:orders`, `table/Orders`, `volume/vol-…`.
    pub fn resource(&self) -> &str {
        &self.text[self.colons[4] + 1..]
    }

    /// The kind and identifier, when the ARN names one of the kinds drplan reads directly.
    pub fn kind(&self) -> Option<(ResourceKind, &str)> {
        ResourceKind::of_arn(self.service(), self.resource())
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A resource named by kind, identifier and region; its ARN is looked up when needed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Named {
    kind: ResourceKind,
    id: String,
    region: String,
}

impl Named {
    pub fn kind(&self) -> ResourceKind {
        self.kind
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    /// The ARN, given the account that owns it (an S3 bucket's ARN needs none).
    pub fn arn(&self, account: &str) -> Result<Arn, ArnError> {
        let p = partition(&self.region);
        let (r, id) = (&self.region, &self.id);
        Arn::parse(&match self.kind {
            ResourceKind::RdsInstance => format!("arn:{p}:rds:{r}:{account}:db:{id}"),
            ResourceKind::RdsCluster => format!("arn:{p}:rds:{r}:{account}:cluster:{id}"),
            ResourceKind::DynamodbTable => format!("arn:{p}:dynamodb:{r}:{account}:table/{id}"),
            ResourceKind::EbsVolume => format!("arn:{p}:ec2:{r}:{account}:volume/{id}"),
            ResourceKind::EfsFileSystem => {
                format!("arn:{p}:elasticfilesystem:{r}:{account}:file-system/{id}")
            }
            ResourceKind::S3Bucket => format!("arn:{p}:s3:::{id}"),
        })
    }
}

/// Why a named resource cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NamedError {
    #[error("{id:?} is not {}", kind.id_hint())]
    Id { kind: ResourceKind, id: String },
    #[error("{0:?} is not a region name such as \"us-east-1\"")]
    Region(String),
}

/// One cloud resource a component stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resource {
    Arn(Arn),
    Named(Named),
}

impl Resource {
    pub fn from_arn(text: &str) -> Result<Resource, ArnError> {
        Arn::parse(text).map(Resource::Arn)
    }

    pub fn named(kind: ResourceKind, id: &str, region: &str) -> Result<Resource, NamedError> {
        if !kind.valid_id(id) {
            return Err(NamedError::Id {
                kind,
                id: id.to_string(),
            });
        }
        if !valid_region(region) {
            return Err(NamedError::Region(region.to_string()));
        }
        Ok(Resource::Named(Named {
            kind,
            id: id.to_string(),
            region: region.to_string(),
        }))
    }

    /// The kind and identifier, when known (always for a named resource).
    pub fn kind(&self) -> Option<(ResourceKind, &str)> {
        match self {
            Resource::Arn(a) => a.kind(),
            Resource::Named(n) => Some((n.kind, &n.id)),
        }
    }

    /// The region it lives in, when it says (an S3 bucket's ARN does not).
    pub fn region(&self) -> Option<&str> {
        match self {
            Resource::Arn(a) => a.region(),
            Resource::Named(n) => Some(&n.region),
        }
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Resource::Arn(a) => a.fmt(f),
            Resource::Named(n) => write!(f, "{} {} in {}", n.kind, n.id, n.region),
        }
    }
}

/// Written as the input writes it.
impl Serialize for Resource {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Resource::Arn(a) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("arn", a.as_str())?;
                m.end()
            }
            Resource::Named(n) => {
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("service", n.kind.as_str())?;
                m.serialize_entry("id", &n.id)?;
                m.serialize_entry("region", &n.region)?;
                m.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_of_the_kinds_drplan_reads() {
        let cases = [
            (
                "arn:aws:rds:us-east-1:123456789012:db:orders-db",
                ResourceKind::RdsInstance,
                "orders-db",
            ),
            (
                "arn:aws:rds:us-east-1:123456789012:cluster:orders",
                ResourceKind::RdsCluster,
                "orders",
            ),
            (
                "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders",
                ResourceKind::DynamodbTable,
                "Orders",
            ),
            (
                "arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0",
                ResourceKind::EbsVolume,
                "vol-0123456789abcdef0",
            ),
            (
                "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-01234567",
                ResourceKind::EfsFileSystem,
                "fs-01234567",
            ),
            (
                "arn:aws:s3:::acme-data",
                ResourceKind::S3Bucket,
                "acme-data",
            ),
        ];
        for (text, kind, id) in cases {
            let arn = Arn::parse(text).expect("test fixture is valid");
            assert_eq!(arn.kind(), Some((kind, id)), "{text}");
            assert_eq!(arn.as_str(), text);
        }
        let fsx = Arn::parse("arn:aws:fsx:us-east-1:123456789012:file-system/fs-0123")
            .expect("any service is an ARN");
        assert_eq!(fsx.kind(), None);
        assert_eq!(fsx.region(), Some("us-east-1"));
        assert_eq!(fsx.account(), Some("123456789012"));
        assert_eq!(fsx.resource(), "file-system/fs-0123");
    }

    #[test]
    fn malformed_arns_are_refused() {
        for text in [
            "orders-db",
            "arn:aws:rds",
            "arn:aws:rds:us-east-1:123:db:x",
            "arn:azure:rds:us-east-1:123456789012:db:x",
            "arn:aws:rds:Mars:123456789012:db:x",
            "arn:aws::us-east-1:123456789012:db:x",
            "arn:aws:rds:us-east-1:123456789012:",
            "arn:aws:rds:us-east-1:123456789012:db:x\n",
        ] {
            assert!(Arn::parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn a_named_resource_checks_its_id_and_region_and_builds_its_arn() {
        let r = Resource::named(ResourceKind::RdsInstance, "orders-db", "us-east-1")
            .expect("test fixture is valid");
        let Resource::Named(n) = &r else {
            panic!("named")
        };
        assert_eq!(
            n.arn("123456789012").map(|a| a.to_string()),
            Ok("arn:aws:rds:us-east-1:123456789012:db:orders-db".to_string())
        );
        assert_eq!(
            serde_json::to_string(&r).expect("serializes"),
            r#"{"service":"rds-instance","id":"orders-db","region":"us-east-1"}"#
        );
        assert!(Resource::named(ResourceKind::EbsVolume, "vol-xyz", "us-east-1").is_err());
        assert!(Resource::named(ResourceKind::RdsInstance, "1db", "us-east-1").is_err());
        assert!(Resource::named(ResourceKind::DynamodbTable, "Orders", "useast1").is_err());
        let cn = Resource::named(ResourceKind::DynamodbTable, "Orders", "cn-north-1")
            .expect("test fixture is valid");
        let Resource::Named(n) = cn else {
            panic!("named")
        };
        assert!(
            n.arn("123456789012")
                .is_ok_and(|a| a.partition() == "aws-cn")
        );
    }

    proptest::proptest! {
        /// Any text is an ARN or an error, never a panic; what parses keeps its text and its
        /// parts read back from it.
        #[test]
        fn any_text_parses_or_is_refused(text in "(arn:)?[a-z0-9:/._-]{0,40}|\\PC{0,40}") {
            if let Ok(arn) = Arn::parse(&text) {
                proptest::prop_assert_eq!(arn.as_str(), text.as_str());
                let rebuilt = format!(
                    "arn:{}:{}:{}:{}:{}",
                    arn.partition(),
                    arn.service(),
                    arn.region().unwrap_or(""),
                    arn.account().unwrap_or(""),
                    arn.resource()
                );
                proptest::prop_assert_eq!(rebuilt, text);
            }
        }
    }
}
