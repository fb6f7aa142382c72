//! A path to a field of a component, as the notes of an import name it (`x-why`). Only fields
//! the input format has can be named: each path is a variant, and a test holds every one
//! against the JSON Schema the format's own types generate.

use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

macro_rules! fields {
    ($($variant:ident = $path:literal),+ $(,)?) => {
        /// A component's field, by its path in the architecture format.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum Field {
            $($variant,)+
            /// One of its edges: `depends_on.<component id>`.
            DependsOn(String),
        }

        impl Field {
            /// Every field path but the edges'.
            pub const ALL: &'static [Field] = &[$(Field::$variant),+];

            fn fixed(&self) -> Option<&'static str> {
                match self {
                    $(Field::$variant => Some($path),)+
                    Field::DependsOn(_) => None,
                }
            }
        }
    };
}

fields! {
    Stateful = "stateful",
    DataGb = "data_gb",
    Scope = "scope",
    Deployment = "deployment",
    DeploymentInstances = "deployment.instances",
    DeploymentZones = "deployment.zones",
    DeploymentRegionStrategy = "deployment.region_strategy",
    DeploymentManagedFailover = "deployment.managed_failover",
    Backup = "backup",
    BackupFrequency = "backup.frequency",
    BackupRetention = "backup.retention",
    BackupPitr = "backup.pitr",
    BackupCrossRegionCopy = "backup.cross_region_copy",
    BackupImmutable = "backup.immutable",
    BackupVersioning = "backup.versioning",
    ReplicationMode = "replication.mode",
    DeployMethod = "deploy.method",
    DeletionProtection = "deletion_protection",
    ImportedFrom = "imported_from",
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.fixed(), self) {
            (Some(path), _) => f.write_str(path),
            (None, Field::DependsOn(id)) => write!(f, "depends_on.{id}"),
            (None, _) => Ok(()),
        }
    }
}

impl Field {
    /// The path's first key and the rest (`deployment.zones` → `deployment`, `zones`).
    pub fn split(&self) -> (&str, Option<String>) {
        match (self.fixed(), self) {
            (_, Field::DependsOn(id)) => ("depends_on", Some(id.clone())),
            (Some(path), _) => match path.split_once('.') {
                Some((head, tail)) => (head, Some(tail.to_string())),
                None => (path, None),
            },
            (None, _) => ("", None),
        }
    }
}

/// Fields are ordered as their paths are, as text.
impl Ord for Field {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Field::DependsOn(a), Field::DependsOn(b)) => a.cmp(b),
            _ => self.to_string().cmp(&other.to_string()),
        }
    }
}

impl PartialOrd for Field {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
