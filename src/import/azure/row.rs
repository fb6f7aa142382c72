//! What a row of the table (`types.rs`) holds: what an azurerm type is to drplan (its role
//! and, for the types other types' logic looks for, what it [`Is`]), the attributes the
//! mapping reads, the attributes that identify it to others, how a member finds its
//! component and a resource without a `location` its region, the function that reads its
//! facts and the numbers it checks.

pub(super) use crate::import::numbers::{Number, Unit, capped, number};
use crate::import::provider::Role;
use crate::model::Kind;

/// What a type is to the logic that reads across types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Is {
    Other,
    StorageAccount,
    ObjectReplication,
    SqlServer,
    SqlDatabase,
    ElasticPool,
    FailoverGroup,
    FlexibleServer,
    Cosmos,
    NodePool,
    Vm,
    AvailabilitySet,
    ScaleSet,
    Autoscale,
    ManagedDisk,
    DiskAttachment,
    Redis,
    RedisLink,
    Vault,
    VmBackupPolicy,
    ProtectedVm,
    LoadBalancer,
    BackendPool,
    PoolAssociation,
    NetworkInterface,
    PublicIp,
    AppGateway,
    ServicePlan,
    WebApp,
    Slot,
    TrafficManager,
    Lock,
    Aks,
    FrontDoor,
    ContainerApp,
    MetricAlert,
    WebTest,
}

/// The functions of `facts.rs`, one a type that has facts of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facts {
    StorageAccount,
    SqlDatabase,
    FlexibleServer,
    SingleServer,
    Cosmos,
    Aks,
    Vms,
    ScaleSet,
    ManagedDisk,
    Redis,
    LoadBalancer,
    AppGateway,
    ServicePlan,
    WebApp,
    TrafficManager,
    Zoned,
    ContainerApps,
    FrontDoor,
}

/// When a resource is another component's part rather than a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folds {
    /// A read replica in its source's region (PostgreSQL and MySQL flexible servers).
    ReplicaInRegion,
    /// A web or function app on an App Service plan the sources hold.
    IntoPlan,
}

/// Resources of one type that are one component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    None,
    /// The instances of one `count` or `for_each` resource in one region, or the virtual
    /// machines of one availability set.
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
    /// Attributes that identify only resources of this type.
    pub identifiers: &'static [&'static str],
    /// The attributes that name what it belongs to: a member's component, and where a
    /// resource without a `location` is (an SQL database's server).
    pub parent: &'static [&'static str],
    pub group: Grouping,
    pub folds: Option<Folds>,
    pub facts: Option<Facts>,
    pub numbers: &'static [Number],
}

pub(super) const fn base(tf: &'static str, role: Role) -> Type {
    Type {
        tf,
        role,
        is: Is::Other,
        reads: &[],
        identifiers: &[],
        parent: &[],
        group: Grouping::None,
        folds: None,
        facts: None,
        numbers: &[],
    }
}

pub(super) const fn component(tf: &'static str, kind: Kind, service: &'static str) -> Type {
    base(tf, Role::Component(kind, service))
}

/// Part of the component one of `parent` names.
pub(super) const fn member(tf: &'static str, parent: &'static [&'static str]) -> Type {
    Type {
        parent,
        ..base(tf, Role::Member)
    }
}

pub(super) const fn informs(tf: &'static str) -> Type {
    base(tf, Role::Informs)
}

/// What every type drplan reads is read for besides how others name it: its tags and where
/// it is.
pub(super) const COMMON: &[&str] = &["tags", "location", "zone", "zones", "resource_group_name"];

/// The attributes that identify a resource to others, whatever its type.
pub(super) const IDENTIFIERS: &[&str] = &["id", "name"];

pub(super) const RETENTION_35: Number = capped(
    "backup_retention_days",
    "",
    Unit::Days,
    35.0,
    "Azure Database for PostgreSQL and MySQL keep backups at most 35 days",
);
pub(super) const SERVER_PARENT: &[&str] = &["server_id", "server_name"];

impl crate::import::table::Row for Type {
    fn tf(&self) -> &'static str {
        self.tf
    }

    fn role(&self) -> Role {
        self.role
    }

    fn reads(&self) -> impl Iterator<Item = &'static str> {
        self.reads.iter().chain(self.parent).copied()
    }

    fn identifiers(&self) -> &'static [&'static str] {
        self.identifiers
    }
}
