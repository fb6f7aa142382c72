//! What a row of the table (`types.rs`) holds: what a Google Cloud type is to drplan (its
//! role and, for the types other types' logic looks for, what it [`Is`]), the attributes the
//! mapping reads, the attributes that identify it to others, how a member finds its
//! component, when a resource is another component's part rather than a component, the
//! function that reads its facts and the numbers it checks.

use crate::import::numbers::{self, Number, Unit};
use crate::import::provider::Role;
use crate::model::Kind;

/// What a type is to the logic that reads across types (snapshot schedules, a load balancer's
/// chain of forwarding rule, proxy, URL map and backend service, what a DNS record points at).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Is {
    Other,
    SqlInstance,
    Bucket,
    Disk,
    ResourcePolicy,
    PolicyAttachment,
    NodePool,
    Autoscaler,
    AlloydbCluster,
    AlloydbInstance,
    SpannerDatabase,
    BigtableAppProfile,
    BigtableTable,
    UrlMap,
    HttpProxy,
    ForwardingRule,
    BackendService,
    Address,
    Subscription,
    FirestoreBackupSchedule,
    Snapshot,
    AlertPolicy,
    UptimeCheck,
}

/// The functions of `facts.rs`, one a type that has facts of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facts {
    AlloydbCluster,
    BackendService,
    BigqueryDataset,
    Bigtable,
    Bucket,
    ComputeInstances,
    Disk,
    DnsRecord,
    Filestore,
    Firestore,
    ForwardingRule,
    GkeCluster,
    Memcache,
    Mig,
    PubsubTopic,
    Redis,
    RedisCluster,
    RegionalDisk,
    RegionalMig,
    RegionalService,
    Spanner,
    SqlInstance,
    UrlMap,
}

/// When a resource is another component's part rather than a component (`facts::folds`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folds {
    /// A Cloud SQL read replica in its primary's region.
    ReplicaInRegion,
    /// A forwarding rule whose proxy has a URL map: the URL map is the load balancer.
    ThroughUrlMap,
}

/// How a member whose owner takes more than one attribute finds it (`facts::owner`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerRule {
    /// A forwarding rule folded into the URL map its proxy names.
    UrlMapOfProxy,
}

/// How a member finds the component it belongs to.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    /// It is a component, or informs one without belonging to it.
    None,
    /// The component one of these attributes names.
    Via(&'static [&'static str]),
    /// The component that names it through one of these attributes.
    From(&'static [&'static str]),
    /// A rule of its own (`facts::owner`).
    Rule(OwnerRule),
}

/// Resources of one type that are one component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    None,
    /// The instances of one `count` or `for_each` resource, in one region.
    Instances,
}

/// One type.
#[derive(Debug, Clone, Copy)]
pub struct Type {
    pub tf: &'static str,
    pub role: Role,
    pub is: Is,
    /// The attributes the mapping reads besides [`COMMON`] and the identifiers.
    pub reads: &'static [&'static str],
    /// Attributes through which others name resources of this type, besides [`IDENTIFIERS`].
    pub identifiers: &'static [&'static str],
    pub owner: Owner,
    pub group: Grouping,
    /// When a resource of this type is another component's part.
    pub folds: Option<Folds>,
    /// The function of `facts.rs` that reads its facts.
    pub facts: Option<Facts>,
    /// The numbers its facts read, checked before they are (`crate::import::numbers`).
    pub numbers: &'static [Number],
}

pub(super) const fn base(tf: &'static str, role: Role) -> Type {
    Type {
        tf,
        role,
        is: Is::Other,
        reads: &[],
        identifiers: &["name"],
        owner: Owner::None,
        group: Grouping::None,
        folds: None,
        facts: None,
        numbers: &[],
    }
}

pub(super) const fn component(tf: &'static str, kind: Kind, service: &'static str) -> Type {
    base(tf, Role::Component(kind, service))
}

pub(super) const fn member(tf: &'static str, owner: Owner) -> Type {
    Type {
        owner,
        ..base(tf, Role::Member)
    }
}

pub(super) const fn informs(tf: &'static str) -> Type {
    base(tf, Role::Informs)
}

/// A number a row reads, at its Terraform path (no other format names it).
pub(super) const fn number(path: &'static str, unit: Unit) -> Number {
    numbers::number(path, path, unit)
}

/// A number with a limit Google documents: a value past it is read as the limit, with a note.
pub(super) const fn capped(path: &'static str, unit: Unit, cap: f64, why: &'static str) -> Number {
    numbers::capped(path, path, unit, cap, why)
}

/// What every type drplan reads is read for besides how others name it: where it is.
pub(super) const COMMON: &[&str] = &["region", "zone", "location"];

/// The attributes that identify a resource to others, whatever its type: its id and its link.
/// A row adds its own (most a `name`; a policy attachment's `name` names its policy instead).
pub(super) const IDENTIFIERS: &[&str] = &["id", "self_link"];

/// The attributes of a Cloud SQL instance the mapping reads.
pub(super) const SQL_READS: &[&str] = &[
    "database_version",
    "master_instance_name",
    "instance_type",
    "deletion_protection",
    "settings",
    "replica_configuration",
    "replication_cluster",
];

pub(super) const MIG_READS: &[&str] = &[
    "target_size",
    "version",
    "auto_healing_policies",
    "target_pools",
    "distribution_policy_zones",
    "distribution_policy_target_shape",
];

pub(super) const BACKEND_READS: &[&str] = &[
    "backend",
    "health_checks",
    "timeout_sec",
    "load_balancing_scheme",
    "protocol",
];

pub(super) const URL_MAP_READS: &[&str] = &["default_service", "path_matcher", "host_rule"];

pub(super) const TIMEOUT: &[Number] = &[number("timeout_sec", Unit::Seconds)];

pub(super) const TARGET_SIZE: &[Number] = &[number("target_size", Unit::Count)];

impl crate::import::table::Row for Type {
    fn tf(&self) -> &'static str {
        self.tf
    }

    fn role(&self) -> Role {
        self.role
    }

    fn reads(&self) -> impl Iterator<Item = &'static str> {
        self.reads.iter().copied()
    }

    fn identifiers(&self) -> &'static [&'static str] {
        self.identifiers
    }
}
