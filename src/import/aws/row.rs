//! What a row of the table (`types/`) holds: what a type is to drplan (its role and, for
//! the types other types' logic looks for, what it [`Is`]), the attributes the mapping reads,
//! the attributes that identify it to others, the CloudFormation types that translate to it,
//! whether AWS Backup protects it (and how its ARN reads), how a member finds its component,
//! the function that reads its facts, the numbers it checks and how `verify` finds it; and the
//! row pieces several types share.

use crate::import::draft::Reach;
pub(super) use crate::import::numbers::{Number, Unit, capped, number};
use crate::import::provider::Role;
use crate::model::Kind;
use crate::model::OnDelete;
use crate::model::ResourceKind;

/// What a type is to the logic that reads across types (zones from subnets, egress through NAT
/// gateways, a load balancer's targets, AWS Backup's plans and vaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Is {
    Other,
    Instance,
    DbInstance,
    ClusterInstance,
    AuroraCluster,
    CacheCluster,
    ReplicationGroup,
    /// A global datastore or global table resource that names its regional members.
    GlobalDatastore,
    RecordSet,
    Bucket,
    BucketVersioning,
    BucketReplication,
    BucketObjectLock,
    BucketLifecycle,
    LoadBalancer,
    ClassicLoadBalancer,
    TargetGroup,
    TargetGroupAttachment,
    Function,
    NatGateway,
    Cdn,
    Topic,
    /// A subscription to a topic.
    Subscription,
    /// What publishes alerts to a topic (an RDS event subscription, an Auto Scaling
    /// notification): its links to a topic are alerting.
    AlertSource,
    FunctionUrl,
    EventSourceMapping,
    Subnet,
    RouteTableAssociation,
    Route,
    IamRole,
    InstanceProfile,
    IamPolicy,
    IamPolicyAttachment,
    BackupPlan,
    BackupSelection,
    BackupVault,
    AirGappedVault,
    VaultLock,
    BackupReplication,
    TableReplica,
    Volume,
    VolumeAttachment,
    /// A snapshot resource: one recovery point of its volume, taken once.
    Snapshot,
    /// A Data Lifecycle Manager policy: snapshot schedules for what carries its tags.
    LifecyclePolicy,
    EfsBackupPolicy,
    EfsReplication,
    Alarm,
    HealthCheck,
    Canary,
    ExperimentTemplate,
}

impl Is {
    /// An IAM role, profile, policy or attachment: what it names, it grants access to.
    pub fn iam(self) -> bool {
        matches!(
            self,
            Is::IamRole | Is::InstanceProfile | Is::IamPolicy | Is::IamPolicyAttachment
        )
    }

    pub fn vault(self) -> bool {
        matches!(self, Is::BackupVault | Is::AirGappedVault)
    }
}

/// The functions of `facts/`, one a type that has facts of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facts {
    AutoscalingGroup,
    Cluster,
    DnsRecord,
    DynamodbTable,
    EbsVolume,
    Ec2Instances,
    EcsService,
    EdgeNetwork,
    Efs,
    EksNodeGroup,
    Elasticache,
    LambdaFunction,
    LoadBalancer,
    MqBroker,
    MskCluster,
    MultiAzByDesign,
    NatGateway,
    RdsInstance,
    RegionalService,
    S3Bucket,
}

/// When a resource is another component's copy rather than a component (`facts::folds`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folds {
    /// A read replica in its source's region.
    ReadReplicaInRegion,
    /// A cache cluster in a replication group.
    InReplicationGroup,
    /// A topic only alarms and service events publish to: alerting plumbing.
    AlertingOnly,
}

/// How a member whose owner takes more than one attribute finds it (`facts::owner`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerRule {
    /// Its listener's load balancer.
    ListenerRule,
    /// The compute that registers in it, else the load balancer that forwards to it.
    TargetGroup,
    /// Its target, else what registers in its group.
    Attachment,
    /// The cluster it was made from (its source), else a member that names it: a global
    /// database belongs to its primary, whatever the secondary says.
    GlobalCluster,
}

/// The CloudFormation shapes `cfn_shapes.rs` fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    BucketArn,
    GlobalTable,
    LoadBalancerAttributes,
    RecordPolicies,
}

pub(super) const RDS_RETENTION: Number = capped(
    "backup_retention_period",
    "BackupRetentionPeriod",
    Unit::Days,
    35.0,
    "RDS keeps automated backups at most 35 days",
);
pub(super) const RDS_STORAGE: Number = capped(
    "allocated_storage",
    "AllocatedStorage",
    Unit::Gib,
    65_536.0,
    "RDS storage is at most 64 TiB",
);
pub(super) const IDLE_TIMEOUT: Number = capped(
    "idle_timeout",
    "idle_timeout.timeout_seconds",
    Unit::Seconds,
    4_000.0,
    "a load balancer's idle timeout is at most 4000 s",
);
pub(super) const ELASTICACHE_NUMBERS: &[Number] = &[
    capped(
        "snapshot_retention_limit",
        "SnapshotRetentionLimit",
        Unit::Days,
        35.0,
        "ElastiCache keeps snapshots at most 35 days",
    ),
    number("num_cache_clusters", "NumCacheClusters", Unit::Count),
    number("number_cache_clusters", "NumCacheClusters", Unit::Count),
    number("num_node_groups", "NumNodeGroups", Unit::Count),
    number(
        "replicas_per_node_group",
        "ReplicasPerNodeGroup",
        Unit::Count,
    ),
    number("num_cache_nodes", "NumCacheNodes", Unit::Count),
];
pub(super) const BROKERS: &[Number] = &[number(
    "number_of_broker_nodes",
    "NumberOfBrokerNodes",
    Unit::Count,
)];

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
    /// Records of one name and type (a failover pair).
    RecordSet,
}

/// How AWS Backup names a protected type in an ARN pattern (`arn:aws:rds:*:*:db:*`): the
/// service, and the resource part's prefix (empty: any).
#[derive(Debug, Clone, Copy)]
pub struct Arn {
    pub service: &'static str,
    pub resource: &'static str,
}

/// A CloudFormation type that reads as this row's Terraform type.
#[derive(Debug, Clone, Copy)]
pub struct Cfn {
    pub ty: &'static str,
    /// Properties whose contents are top-level attributes in Terraform.
    pub lift: &'static [&'static str],
    /// Keys, at any depth, that do not become Terraform's by snake case alone.
    pub rename: &'static [(&'static str, &'static str)],
    /// Only when the resource has this property (an RDS instance in a cluster).
    pub when: Option<&'static str>,
    /// A list property whose items are each one resource of this type (a record set group).
    pub expand: Option<(&'static str, &'static str)>,
    /// What does not translate key by key (`cfn_shapes.rs`).
    pub adjust: Option<Shape>,
    /// The `DeletionPolicy` CloudFormation applies when the template sets none, where it is
    /// not `Delete` (documented: `Snapshot` for RDS clusters and instances outside a cluster).
    pub deletion: Option<OnDelete>,
}

pub(super) const fn cfn(ty: &'static str) -> Cfn {
    Cfn {
        ty,
        lift: &[],
        rename: &[],
        when: None,
        expand: None,
        adjust: None,
        deletion: None,
    }
}

/// How a Terraform type keeps a snapshot of its data when it is destroyed (or replaced,
/// which destroys the old one).
#[derive(Debug, Clone, Copy)]
pub enum Final {
    /// Unless this attribute is true (false by default), named by the second.
    UnlessSkipped(&'static str, &'static str),
    /// When this attribute names one.
    WhenNamed(&'static str),
}

/// One type.
#[derive(Debug, Clone, Copy)]
pub struct Type {
    pub tf: &'static str,
    pub role: Role,
    pub is: Is,
    /// The attributes the mapping reads besides [`COMMON`] and the identifiers.
    pub reads: &'static [&'static str],
    /// Attributes that identify only resources of this type (elsewhere they are references:
    /// a bucket versioning's `bucket` names the bucket).
    pub identifiers: &'static [&'static str],
    pub cfn: &'static [Cfn],
    pub backup: Option<Arn>,
    pub owner: Owner,
    pub group: Grouping,
    /// When a resource of this type is another component's copy (a read replica).
    pub folds: Option<Folds>,
    /// The function of `facts/` that reads its facts.
    pub facts: Option<Facts>,
    /// The numbers its facts read, checked before they are (`numbers.rs`).
    pub numbers: &'static [Number],
    /// How `drplan verify` finds it where the sources give no ARN: its kind and the attribute
    /// that holds its identifier.
    pub identity: Option<(ResourceKind, &'static str)>,
    /// How its Terraform resource keeps a final snapshot when destroyed (`deletion.rs`).
    pub final_snapshot: Option<Final>,
    /// Whether users reach a component of this type directly (its facts may say more: an
    /// internal load balancer, a function URL).
    pub reach: Reach,
}

pub(super) const fn base(tf: &'static str, role: Role) -> Type {
    Type {
        tf,
        role,
        is: Is::Other,
        reads: &[],
        identifiers: &[],
        cfn: &[],
        backup: None,
        owner: Owner::None,
        group: Grouping::None,
        folds: None,
        facts: None,
        numbers: &[],
        identity: None,
        final_snapshot: None,
        reach: Reach::Never,
    }
}

pub(super) const fn component(tf: &'static str, kind: Kind, service: &'static str) -> Type {
    Type {
        reach: Reach::of(kind),
        ..base(tf, Role::Component(kind, service))
    }
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

/// What every type drplan reads is read for besides how others name it: its tags and where
/// it is.
pub(super) const COMMON: &[&str] = &["tags", "tags_all", "region", "availability_zone"];

/// The attributes that identify a resource to others, whatever its type.
pub(super) const IDENTIFIERS: &[&str] = &[
    "id",
    "arn",
    "name",
    "endpoint",
    "address",
    "primary_endpoint_address",
    "reader_endpoint_address",
    "configuration_endpoint_address",
    "dns_name",
    "domain_name",
    "url",
    "fqdn",
    "stream_arn",
    "bootstrap_brokers",
];

/// The type a component stands for when it is another stack's export.
pub const EXPORT_TYPE: &str = "cloudformation_export";

pub(super) const DB_RENAMES: &[(&str, &str)] = &[("DBClusterIdentifier", "cluster_identifier")];
pub(super) const DYNAMODB: &[(&str, &str)] = &[
    ("TableName", "name"),
    ("PointInTimeRecoverySpecification", "point_in_time_recovery"),
    ("PointInTimeRecoveryEnabled", "enabled"),
    ("Replicas", "replica"),
    ("Region", "region_name"),
];
pub(super) const RECORD: &[(&str, &str)] = &[
    ("AliasTarget", "alias"),
    ("DNSName", "name"),
    ("ResourceRecords", "records"),
];
/// RDS, Aurora, DocumentDB, Neptune and Redshift: a final snapshot unless skipped.
pub(super) const FINAL_SNAPSHOT: Option<Final> = Some(Final::UnlessSkipped(
    "skip_final_snapshot",
    "final_snapshot_identifier",
));
/// FSx for Windows, Lustre and OpenZFS: a final backup unless skipped.
pub(super) const FSX_FINAL: Option<Final> = Some(Final::UnlessSkipped("skip_final_backup", ""));
pub(super) const CLUSTER_READS: &[&str] = &[
    "skip_final_snapshot",
    "final_snapshot_identifier",
    "engine",
    "backup_retention_period",
    "backtrack_window",
    "deletion_protection",
    "global_cluster_identifier",
    "replication_source_identifier",
    "source_region",
    "allocated_storage",
    "availability_zones",
];
pub(super) const LB_READS: &[&str] = &[
    "internal",
    "scheme",
    "subnets",
    "subnet_mapping",
    "availability_zones",
    "load_balancer_type",
    "enable_deletion_protection",
    "idle_timeout",
    "instances",
];
pub(super) const RDS_CLUSTER: Arn = Arn {
    service: "rds",
    resource: "cluster:",
};
pub(super) const FSX: Arn = Arn {
    service: "fsx",
    resource: "",
};

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
