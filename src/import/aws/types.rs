//! Every AWS resource type drplan reads: one row each. A row says what the type is (its role
//! and, for the types other types' logic looks for, what it [`Is`]), the attributes the
//! mapping reads, the attributes that identify it to others, the CloudFormation types that
//! translate to it (with their property renames), whether AWS Backup protects it (and how its
//! ARN reads), how a member finds its component, and the function that reads its facts.
//! Adding a type is a row here and, when it has facts, a function in `facts.rs`.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::import::provider::Role;
use crate::import::resource::Resource;
use crate::model::Kind::{self, *};
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
    RecordSet,
    Bucket,
    BucketVersioning,
    BucketReplication,
    BucketObjectLock,
    LoadBalancer,
    ClassicLoadBalancer,
    TargetGroup,
    TargetGroupAttachment,
    Function,
    NatGateway,
    Cdn,
    Topic,
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

/// The functions of `facts.rs`, one a type that has facts of its own.
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

/// What a number counts, and so its range (`numbers.rs` checks every number a row lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Days of retention: at most 100 years.
    Days,
    /// Seconds of a timeout or a window: at most 100 years.
    Seconds,
    /// GiB of storage: any finite size.
    Gib,
    /// Instances, nodes, tasks: a whole count that fits 32 bits.
    Count,
}

/// A number a row's facts read: its path (Terraform's names; a CloudFormation resource has
/// been translated to them), the name CloudFormation writes, what it counts, and the limit AWS
/// documents, if any (a value past it is read as it, with a note).
#[derive(Debug, Clone, Copy)]
pub struct Number {
    pub path: &'static str,
    pub cfn: &'static str,
    pub unit: Unit,
    pub cap: Option<(f64, &'static str)>,
}

const fn number(path: &'static str, cfn: &'static str, unit: Unit) -> Number {
    Number {
        path,
        cfn,
        unit,
        cap: None,
    }
}

const fn capped(
    path: &'static str,
    cfn: &'static str,
    unit: Unit,
    cap: f64,
    why: &'static str,
) -> Number {
    Number {
        path,
        cfn,
        unit,
        cap: Some((cap, why)),
    }
}

const RDS_RETENTION: Number = capped(
    "backup_retention_period",
    "BackupRetentionPeriod",
    Unit::Days,
    35.0,
    "RDS keeps automated backups at most 35 days",
);
const RDS_STORAGE: Number = capped(
    "allocated_storage",
    "AllocatedStorage",
    Unit::Gib,
    65_536.0,
    "RDS storage is at most 64 TiB",
);
const IDLE_TIMEOUT: Number = capped(
    "idle_timeout",
    "idle_timeout.timeout_seconds",
    Unit::Seconds,
    4_000.0,
    "a load balancer's idle timeout is at most 4000 s",
);
const ELASTICACHE_NUMBERS: &[Number] = &[
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
const BROKERS: &[Number] = &[number(
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
}

const fn cfn(ty: &'static str) -> Cfn {
    Cfn {
        ty,
        lift: &[],
        rename: &[],
        when: None,
        expand: None,
        adjust: None,
    }
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
    /// The function of `facts.rs` that reads its facts.
    pub facts: Option<Facts>,
    /// The numbers its facts read, checked before they are (`numbers.rs`).
    pub numbers: &'static [Number],
    /// How `drplan verify` finds it where the sources give no ARN: its kind and the attribute
    /// that holds its identifier.
    pub identity: Option<(ResourceKind, &'static str)>,
}

const fn base(tf: &'static str, role: Role) -> Type {
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
    }
}

const fn component(tf: &'static str, kind: Kind, service: &'static str) -> Type {
    base(tf, Role::Component(kind, service))
}

const fn member(tf: &'static str, owner: Owner) -> Type {
    Type {
        owner,
        ..base(tf, Role::Member)
    }
}

const fn informs(tf: &'static str) -> Type {
    base(tf, Role::Informs)
}

/// What every type drplan reads is read for besides how others name it: its tags and where
/// it is.
const COMMON: &[&str] = &["tags", "tags_all", "region", "availability_zone"];

/// The attributes that identify a resource to others, whatever its type.
const IDENTIFIERS: &[&str] = &[
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

const DB_RENAMES: &[(&str, &str)] = &[("DBClusterIdentifier", "cluster_identifier")];
const DYNAMODB: &[(&str, &str)] = &[
    ("TableName", "name"),
    ("PointInTimeRecoverySpecification", "point_in_time_recovery"),
    ("PointInTimeRecoveryEnabled", "enabled"),
    ("Replicas", "replica"),
    ("Region", "region_name"),
];
const RECORD: &[(&str, &str)] = &[
    ("AliasTarget", "alias"),
    ("DNSName", "name"),
    ("ResourceRecords", "records"),
];
const CLUSTER_READS: &[&str] = &[
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
const LB_READS: &[&str] = &[
    "subnets",
    "subnet_mapping",
    "availability_zones",
    "load_balancer_type",
    "enable_deletion_protection",
    "idle_timeout",
    "instances",
];
const RDS_CLUSTER: Arn = Arn {
    service: "rds",
    resource: "cluster:",
};
const FSX: Arn = Arn {
    service: "fsx",
    resource: "",
};

/// Every type drplan reads.
pub static TYPES: &[Type] = &[
    // Compute.
    Type {
        is: Is::Instance,
        reads: &[
            "subnet_id",
            "user_data",
            "iam_instance_profile",
            "launch_template",
        ],
        cfn: &[cfn("AWS::EC2::Instance")],
        backup: Some(Arn {
            service: "ec2",
            resource: "instance/",
        }),
        group: Grouping::Instances,
        facts: Some(Facts::Ec2Instances),
        ..component("aws_instance", Compute, "aws:ec2")
    },
    Type {
        numbers: &[
            number("desired_capacity", "DesiredCapacity", Unit::Count),
            number("min_size", "MinSize", Unit::Count),
        ],
        reads: &[
            "desired_capacity",
            "min_size",
            "vpc_zone_identifier",
            "target_group_arns",
            "load_balancers",
            "launch_template",
            "launch_configuration",
            "mixed_instances_policy",
        ],
        cfn: &[Cfn {
            rename: &[
                ("TargetGroupARNs", "target_group_arns"),
                ("LaunchConfigurationName", "launch_configuration"),
                ("LoadBalancerNames", "load_balancers"),
                ("AutoScalingGroupName", "name"),
            ],
            ..cfn("AWS::AutoScaling::AutoScalingGroup")
        }],
        facts: Some(Facts::AutoscalingGroup),
        ..component("aws_autoscaling_group", Compute, "aws:ec2:autoscaling")
    },
    Type {
        numbers: &[number("desired_count", "DesiredCount", Unit::Count)],
        reads: &[
            "desired_count",
            "task_definition",
            "network_configuration",
            "load_balancer",
            "cluster",
            "deployment_controller",
        ],
        cfn: &[Cfn {
            rename: &[("LoadBalancers", "load_balancer"), ("ServiceName", "name")],
            ..cfn("AWS::ECS::Service")
        }],
        facts: Some(Facts::EcsService),
        ..component("aws_ecs_service", Compute, "aws:ecs")
    },
    Type {
        numbers: &[number(
            "scaling_config.desired_size",
            "ScalingConfig.DesiredSize",
            Unit::Count,
        )],
        reads: &["scaling_config", "subnet_ids"],
        cfn: &[Cfn {
            rename: &[
                ("Subnets", "subnet_ids"),
                ("NodegroupName", "node_group_name"),
            ],
            ..cfn("AWS::EKS::Nodegroup")
        }],
        facts: Some(Facts::EksNodeGroup),
        ..component("aws_eks_node_group", Compute, "aws:eks")
    },
    Type {
        is: Is::Function,
        reads: &["vpc_config", "environment", "role"],
        identifiers: &["function_name", "invoke_arn"],
        cfn: &[
            cfn("AWS::Lambda::Function"),
            Cfn {
                rename: &[("FunctionName", "function_name")],
                ..cfn("AWS::Serverless::Function")
            },
        ],
        facts: Some(Facts::LambdaFunction),
        ..component("aws_lambda_function", Compute, "aws:lambda")
    },
    Type {
        reads: &["definition", "role_arn"],
        cfn: &[cfn("AWS::StepFunctions::StateMachine")],
        facts: Some(Facts::RegionalService),
        ..component("aws_sfn_state_machine", Compute, "aws:states")
    },
    Type {
        cfn: &[cfn("AWS::ApiGateway::RestApi"), cfn("AWS::Serverless::Api")],
        facts: Some(Facts::RegionalService),
        ..component("aws_api_gateway_rest_api", Compute, "aws:apigateway")
    },
    Type {
        cfn: &[
            cfn("AWS::ApiGatewayV2::Api"),
            cfn("AWS::Serverless::HttpApi"),
        ],
        facts: Some(Facts::RegionalService),
        ..component("aws_apigatewayv2_api", Compute, "aws:apigateway")
    },
    // Databases.
    Type {
        identity: Some((ResourceKind::RdsInstance, "identifier")),
        numbers: &[RDS_RETENTION, RDS_STORAGE],
        is: Is::DbInstance,
        reads: &[
            "engine",
            "multi_az",
            "allocated_storage",
            "backup_retention_period",
            "deletion_protection",
            "replicate_source_db",
            "db_subnet_group_name",
        ],
        identifiers: &["identifier"],
        cfn: &[Cfn {
            rename: &[
                ("DBInstanceIdentifier", "identifier"),
                ("SourceDBInstanceIdentifier", "replicate_source_db"),
            ],
            ..cfn("AWS::RDS::DBInstance")
        }],
        backup: Some(Arn {
            service: "rds",
            resource: "db:",
        }),
        owner: Owner::Via(&["replicate_source_db"]),
        folds: Some(Folds::ReadReplicaInRegion),
        facts: Some(Facts::RdsInstance),
        ..component("aws_db_instance", Database, "aws:rds")
    },
    Type {
        identity: Some((ResourceKind::RdsCluster, "cluster_identifier")),
        numbers: &[
            RDS_RETENTION,
            RDS_STORAGE,
            capped(
                "backtrack_window",
                "BacktrackWindow",
                Unit::Seconds,
                259_200.0,
                "Aurora backtracks at most 72 hours",
            ),
        ],
        is: Is::AuroraCluster,
        reads: CLUSTER_READS,
        identifiers: &["cluster_identifier"],
        cfn: &[Cfn {
            rename: DB_RENAMES,
            ..cfn("AWS::RDS::DBCluster")
        }],
        backup: Some(RDS_CLUSTER),
        facts: Some(Facts::Cluster),
        ..component("aws_rds_cluster", Database, "aws:rds-cluster")
    },
    Type {
        identity: Some((ResourceKind::RdsCluster, "cluster_identifier")),
        numbers: &[RDS_RETENTION],
        reads: CLUSTER_READS,
        identifiers: &["cluster_identifier"],
        cfn: &[Cfn {
            rename: DB_RENAMES,
            ..cfn("AWS::DocDB::DBCluster")
        }],
        backup: Some(RDS_CLUSTER),
        facts: Some(Facts::Cluster),
        ..component("aws_docdb_cluster", Database, "aws:docdb")
    },
    Type {
        identity: Some((ResourceKind::RdsCluster, "cluster_identifier")),
        numbers: &[RDS_RETENTION],
        reads: CLUSTER_READS,
        identifiers: &["cluster_identifier"],
        cfn: &[Cfn {
            rename: DB_RENAMES,
            ..cfn("AWS::Neptune::DBCluster")
        }],
        backup: Some(RDS_CLUSTER),
        facts: Some(Facts::Cluster),
        ..component("aws_neptune_cluster", Database, "aws:neptune")
    },
    Type {
        identity: Some((ResourceKind::DynamodbTable, "name")),
        numbers: &[capped(
            "point_in_time_recovery.recovery_period_in_days",
            "PointInTimeRecoverySpecification.RecoveryPeriodInDays",
            Unit::Days,
            35.0,
            "DynamoDB keeps point-in-time recovery at most 35 days",
        )],
        reads: &[
            "point_in_time_recovery",
            "deletion_protection_enabled",
            "replica",
        ],
        cfn: &[
            Cfn {
                rename: DYNAMODB,
                ..cfn("AWS::DynamoDB::Table")
            },
            Cfn {
                rename: DYNAMODB,
                ..cfn("AWS::Serverless::SimpleTable")
            },
            Cfn {
                rename: DYNAMODB,
                adjust: Some(Shape::GlobalTable),
                ..cfn("AWS::DynamoDB::GlobalTable")
            },
        ],
        backup: Some(Arn {
            service: "dynamodb",
            resource: "table/",
        }),
        facts: Some(Facts::DynamodbTable),
        ..component("aws_dynamodb_table", Database, "aws:dynamodb")
    },
    Type {
        backup: Some(Arn {
            service: "redshift",
            resource: "",
        }),
        ..component("aws_redshift_cluster", Database, "aws:redshift")
    },
    // Caches.
    Type {
        numbers: ELASTICACHE_NUMBERS,
        reads: &[
            "engine",
            "num_cache_clusters",
            "number_cache_clusters",
            "num_node_groups",
            "replicas_per_node_group",
            "multi_az_enabled",
            "preferred_cache_cluster_azs",
            "automatic_failover_enabled",
            "snapshot_retention_limit",
            "global_replication_group_id",
        ],
        identifiers: &["replication_group_id"],
        cfn: &[Cfn {
            rename: &[
                ("PreferredCacheClusterAZs", "preferred_cache_cluster_azs"),
                ("NumCacheClusters", "num_cache_clusters"),
            ],
            ..cfn("AWS::ElastiCache::ReplicationGroup")
        }],
        facts: Some(Facts::Elasticache),
        ..component(
            "aws_elasticache_replication_group",
            Cache,
            "aws:elasticache",
        )
    },
    Type {
        numbers: ELASTICACHE_NUMBERS,
        is: Is::CacheCluster,
        reads: &[
            "replication_group_id",
            "num_cache_nodes",
            "engine",
            "snapshot_retention_limit",
        ],
        cfn: &[cfn("AWS::ElastiCache::CacheCluster")],
        owner: Owner::Via(&["replication_group_id"]),
        folds: Some(Folds::InReplicationGroup),
        facts: Some(Facts::Elasticache),
        ..component("aws_elasticache_cluster", Cache, "aws:elasticache")
    },
    Type {
        cfn: &[cfn("AWS::ElastiCache::ServerlessCache")],
        facts: Some(Facts::MultiAzByDesign),
        ..component(
            "aws_elasticache_serverless_cache",
            Cache,
            "aws:elasticache-serverless",
        )
    },
    Type {
        cfn: &[cfn("AWS::MemoryDB::Cluster")],
        facts: Some(Facts::MultiAzByDesign),
        ..component("aws_memorydb_cluster", Cache, "aws:memorydb")
    },
    // Storage.
    Type {
        identity: Some((ResourceKind::S3Bucket, "bucket")),
        is: Is::Bucket,
        reads: &[
            "versioning",
            "object_lock_enabled",
            "object_lock_configuration",
            "replication_configuration",
        ],
        identifiers: &["bucket", "bucket_regional_domain_name"],
        cfn: &[Cfn {
            rename: &[("BucketName", "bucket")],
            adjust: Some(Shape::BucketArn),
            ..cfn("AWS::S3::Bucket")
        }],
        backup: Some(Arn {
            service: "s3",
            resource: "",
        }),
        facts: Some(Facts::S3Bucket),
        ..component("aws_s3_bucket", Storage, "aws:s3")
    },
    Type {
        identity: Some((ResourceKind::EfsFileSystem, "id")),
        reads: &["availability_zone_name"],
        cfn: &[cfn("AWS::EFS::FileSystem")],
        backup: Some(Arn {
            service: "elasticfilesystem",
            resource: "",
        }),
        facts: Some(Facts::Efs),
        ..component("aws_efs_file_system", Storage, "aws:efs")
    },
    Type {
        identity: Some((ResourceKind::EbsVolume, "id")),
        numbers: &[capped(
            "size",
            "Size",
            Unit::Gib,
            65_536.0,
            "an EBS volume is at most 64 TiB",
        )],
        reads: &["size"],
        cfn: &[Cfn {
            rename: &[("Size", "size")],
            ..cfn("AWS::EC2::Volume")
        }],
        backup: Some(Arn {
            service: "ec2",
            resource: "volume/",
        }),
        facts: Some(Facts::EbsVolume),
        ..component("aws_ebs_volume", Storage, "aws:ebs")
    },
    Type {
        backup: Some(FSX),
        ..component("aws_fsx_windows_file_system", Storage, "aws:fsx")
    },
    Type {
        backup: Some(FSX),
        ..component("aws_fsx_lustre_file_system", Storage, "aws:fsx")
    },
    Type {
        backup: Some(FSX),
        ..component("aws_fsx_ontap_file_system", Storage, "aws:fsx")
    },
    Type {
        backup: Some(FSX),
        ..component("aws_fsx_openzfs_file_system", Storage, "aws:fsx")
    },
    // Queues and streams.
    Type {
        cfn: &[Cfn {
            rename: &[("QueueName", "name")],
            ..cfn("AWS::SQS::Queue")
        }],
        ..component("aws_sqs_queue", Queue, "aws:sqs")
    },
    Type {
        is: Is::Topic,
        cfn: &[Cfn {
            rename: &[("TopicName", "name")],
            ..cfn("AWS::SNS::Topic")
        }],
        ..component("aws_sns_topic", Queue, "aws:sns")
    },
    Type {
        cfn: &[cfn("AWS::Kinesis::Stream")],
        ..component("aws_kinesis_stream", Queue, "aws:kinesis")
    },
    Type {
        numbers: BROKERS,
        reads: &["number_of_broker_nodes", "broker_node_group_info"],
        cfn: &[cfn("AWS::MSK::Cluster")],
        facts: Some(Facts::MskCluster),
        ..component("aws_msk_cluster", Queue, "aws:msk")
    },
    Type {
        cfn: &[cfn("AWS::MSK::ServerlessCluster")],
        ..component("aws_msk_serverless_cluster", Queue, "aws:msk")
    },
    Type {
        numbers: BROKERS,
        reads: &["deployment_mode"],
        cfn: &[Cfn {
            rename: &[("BrokerName", "broker_name")],
            ..cfn("AWS::AmazonMQ::Broker")
        }],
        facts: Some(Facts::MqBroker),
        ..component("aws_mq_broker", Queue, "aws:mq")
    },
    Type {
        cfn: &[cfn("AWS::Events::EventBus")],
        ..component("aws_cloudwatch_event_bus", Queue, "aws:events")
    },
    // Network.
    Type {
        numbers: &[IDLE_TIMEOUT],
        is: Is::LoadBalancer,
        reads: LB_READS,
        cfn: &[Cfn {
            rename: &[("SubnetMappings", "subnet_mapping")],
            adjust: Some(Shape::LoadBalancerAttributes),
            ..cfn("AWS::ElasticLoadBalancingV2::LoadBalancer")
        }],
        facts: Some(Facts::LoadBalancer),
        ..component("aws_lb", Network, "aws:elasticloadbalancing")
    },
    Type {
        numbers: &[IDLE_TIMEOUT],
        is: Is::LoadBalancer,
        reads: LB_READS,
        facts: Some(Facts::LoadBalancer),
        ..component("aws_alb", Network, "aws:elasticloadbalancing")
    },
    Type {
        numbers: &[IDLE_TIMEOUT],
        is: Is::ClassicLoadBalancer,
        reads: LB_READS,
        cfn: &[cfn("AWS::ElasticLoadBalancing::LoadBalancer")],
        facts: Some(Facts::LoadBalancer),
        ..component("aws_elb", Network, "aws:elasticloadbalancing")
    },
    Type {
        is: Is::NatGateway,
        reads: &["subnet_id"],
        cfn: &[cfn("AWS::EC2::NatGateway")],
        facts: Some(Facts::NatGateway),
        ..component("aws_nat_gateway", Network, "aws:ec2:nat-gateway")
    },
    Type {
        numbers: &[capped(
            "origin.custom_origin_config.origin_read_timeout",
            "DistributionConfig.Origins.CustomOriginConfig.OriginReadTimeout",
            Unit::Seconds,
            180.0,
            "CloudFront waits for an origin at most 180 s",
        )],
        is: Is::Cdn,
        reads: &["origin", "origin_group"],
        cfn: &[Cfn {
            lift: &["DistributionConfig"],
            rename: &[("Origins", "origin")],
            ..cfn("AWS::CloudFront::Distribution")
        }],
        facts: Some(Facts::EdgeNetwork),
        ..component("aws_cloudfront_distribution", Network, "aws:cloudfront")
    },
    Type {
        cfn: &[cfn("AWS::GlobalAccelerator::Accelerator")],
        facts: Some(Facts::EdgeNetwork),
        ..component(
            "aws_globalaccelerator_accelerator",
            Network,
            "aws:globalaccelerator",
        )
    },
    Type {
        is: Is::RecordSet,
        reads: &[
            "type",
            "alias",
            "records",
            "failover_routing_policy",
            "weighted_routing_policy",
            "latency_routing_policy",
            "set_identifier",
            "health_check_id",
        ],
        cfn: &[
            Cfn {
                rename: RECORD,
                adjust: Some(Shape::RecordPolicies),
                ..cfn("AWS::Route53::RecordSet")
            },
            Cfn {
                rename: RECORD,
                adjust: Some(Shape::RecordPolicies),
                expand: Some(("RecordSets", "AWS::Route53::RecordSet")),
                ..cfn("AWS::Route53::RecordSetGroup")
            },
        ],
        group: Grouping::RecordSet,
        facts: Some(Facts::DnsRecord),
        ..component("aws_route53_record", Dns, "aws:route53")
    },
    component(EXPORT_TYPE, External, "aws:cloudformation:export"),
    // Members.
    Type {
        is: Is::ClusterInstance,
        reads: &["cluster_identifier"],
        identifiers: &["identifier"],
        cfn: &[Cfn {
            rename: &[
                ("DBClusterIdentifier", "cluster_identifier"),
                ("DBInstanceIdentifier", "identifier"),
            ],
            when: Some("DBClusterIdentifier"),
            ..cfn("AWS::RDS::DBInstance")
        }],
        ..member(
            "aws_rds_cluster_instance",
            Owner::Via(&["cluster_identifier"]),
        )
    },
    Type {
        is: Is::ClusterInstance,
        reads: &["cluster_identifier"],
        cfn: &[Cfn {
            rename: DB_RENAMES,
            ..cfn("AWS::DocDB::DBInstance")
        }],
        ..member(
            "aws_docdb_cluster_instance",
            Owner::Via(&["cluster_identifier"]),
        )
    },
    Type {
        is: Is::ClusterInstance,
        reads: &["cluster_identifier"],
        cfn: &[Cfn {
            rename: DB_RENAMES,
            ..cfn("AWS::Neptune::DBInstance")
        }],
        ..member(
            "aws_neptune_cluster_instance",
            Owner::Via(&["cluster_identifier"]),
        )
    },
    Type {
        reads: &["source_db_cluster_identifier", "global_cluster_identifier"],
        identifiers: &["global_cluster_identifier"],
        cfn: &[cfn("AWS::RDS::GlobalCluster")],
        ..member(
            "aws_rds_global_cluster",
            Owner::Rule(OwnerRule::GlobalCluster),
        )
    },
    Type {
        reads: &["source_db_cluster_identifier", "global_cluster_identifier"],
        identifiers: &["global_cluster_identifier"],
        cfn: &[cfn("AWS::DocDB::GlobalCluster")],
        ..member(
            "aws_docdb_global_cluster",
            Owner::Rule(OwnerRule::GlobalCluster),
        )
    },
    Type {
        reads: &["source_db_cluster_identifier", "global_cluster_identifier"],
        identifiers: &["global_cluster_identifier"],
        ..member(
            "aws_neptune_global_cluster",
            Owner::Rule(OwnerRule::GlobalCluster),
        )
    },
    Type {
        is: Is::BackupReplication,
        reads: &["source_db_instance_arn"],
        ..member(
            "aws_db_instance_automated_backups_replication",
            Owner::Via(&["source_db_instance_arn"]),
        )
    },
    Type {
        is: Is::BucketVersioning,
        reads: &["bucket", "versioning_configuration"],
        ..member("aws_s3_bucket_versioning", Owner::Via(&["bucket"]))
    },
    Type {
        is: Is::BucketReplication,
        reads: &["bucket", "rule"],
        ..member(
            "aws_s3_bucket_replication_configuration",
            Owner::Via(&["bucket"]),
        )
    },
    Type {
        is: Is::BucketObjectLock,
        reads: &["bucket"],
        ..member(
            "aws_s3_bucket_object_lock_configuration",
            Owner::Via(&["bucket"]),
        )
    },
    Type {
        reads: &["bucket"],
        ..member(
            "aws_s3_bucket_lifecycle_configuration",
            Owner::Via(&["bucket"]),
        )
    },
    Type {
        reads: &["load_balancer_arn", "default_action"],
        cfn: &[Cfn {
            rename: &[("DefaultActions", "default_action")],
            ..cfn("AWS::ElasticLoadBalancingV2::Listener")
        }],
        ..member("aws_lb_listener", Owner::Via(&["load_balancer_arn"]))
    },
    Type {
        reads: &["load_balancer_arn", "default_action"],
        ..member("aws_alb_listener", Owner::Via(&["load_balancer_arn"]))
    },
    Type {
        reads: &["listener_arn", "action"],
        cfn: &[Cfn {
            rename: &[("Actions", "action")],
            ..cfn("AWS::ElasticLoadBalancingV2::ListenerRule")
        }],
        ..member("aws_lb_listener_rule", Owner::Rule(OwnerRule::ListenerRule))
    },
    Type {
        reads: &["listener_arn", "action"],
        ..member(
            "aws_alb_listener_rule",
            Owner::Rule(OwnerRule::ListenerRule),
        )
    },
    Type {
        is: Is::TargetGroup,
        cfn: &[cfn("AWS::ElasticLoadBalancingV2::TargetGroup")],
        ..member("aws_lb_target_group", Owner::Rule(OwnerRule::TargetGroup))
    },
    Type {
        is: Is::TargetGroup,
        ..member("aws_alb_target_group", Owner::Rule(OwnerRule::TargetGroup))
    },
    Type {
        is: Is::TargetGroupAttachment,
        reads: &["target_group_arn", "target_id"],
        ..member(
            "aws_lb_target_group_attachment",
            Owner::Rule(OwnerRule::Attachment),
        )
    },
    Type {
        is: Is::TargetGroupAttachment,
        reads: &["target_group_arn", "target_id"],
        ..member(
            "aws_alb_target_group_attachment",
            Owner::Rule(OwnerRule::Attachment),
        )
    },
    Type {
        reads: &["autoscaling_group_name", "lb_target_group_arn"],
        ..member(
            "aws_autoscaling_attachment",
            Owner::Via(&["autoscaling_group_name"]),
        )
    },
    Type {
        reads: &["user_data", "iam_instance_profile"],
        cfn: &[Cfn {
            lift: &["LaunchTemplateData"],
            rename: &[("LaunchTemplateName", "name")],
            ..cfn("AWS::EC2::LaunchTemplate")
        }],
        ..member("aws_launch_template", LAUNCHED_FROM)
    },
    Type {
        reads: &["user_data", "iam_instance_profile"],
        cfn: &[cfn("AWS::AutoScaling::LaunchConfiguration")],
        ..member("aws_launch_configuration", LAUNCHED_FROM)
    },
    Type {
        reads: &["container_definitions", "task_role_arn"],
        cfn: &[cfn("AWS::ECS::TaskDefinition")],
        ..member("aws_ecs_task_definition", Owner::From(&["task_definition"]))
    },
    Type {
        reads: &["file_system_id", "subnet_id"],
        cfn: &[cfn("AWS::EFS::MountTarget")],
        ..member("aws_efs_mount_target", Owner::Via(&["file_system_id"]))
    },
    Type {
        is: Is::EfsBackupPolicy,
        reads: &["file_system_id", "backup_policy"],
        ..member("aws_efs_backup_policy", Owner::Via(&["file_system_id"]))
    },
    Type {
        is: Is::EfsReplication,
        reads: &["source_file_system_id", "destination"],
        ..member(
            "aws_efs_replication_configuration",
            Owner::Via(&["source_file_system_id"]),
        )
    },
    Type {
        is: Is::TableReplica,
        reads: &["global_table_arn"],
        ..member(
            "aws_dynamodb_table_replica",
            Owner::Via(&["global_table_arn"]),
        )
    },
    Type {
        reads: &["replica"],
        ..member("aws_dynamodb_global_table", Owner::None)
    },
    Type {
        reads: &["primary_replication_group_id"],
        cfn: &[cfn("AWS::ElastiCache::GlobalReplicationGroup")],
        ..member(
            "aws_elasticache_global_replication_group",
            Owner::Via(&["primary_replication_group_id"]),
        )
    },
    // An API's integrations are the calls it makes: the API depends on what their URI names
    // (a function, a load balancer, an HTTP back end).
    Type {
        reads: &["rest_api_id", "uri", "type"],
        cfn: &[Cfn {
            lift: &["Integration"],
            rename: &[("RestApiId", "rest_api_id"), ("Uri", "uri")],
            ..cfn("AWS::ApiGateway::Method")
        }],
        ..member("aws_api_gateway_integration", Owner::Via(&["rest_api_id"]))
    },
    Type {
        reads: &["api_id", "integration_uri", "integration_type"],
        cfn: &[cfn("AWS::ApiGatewayV2::Integration")],
        ..member("aws_apigatewayv2_integration", Owner::Via(&["api_id"]))
    },
    // A volume attached to an instance: the instance depends on it.
    Type {
        reads: &["instance_id", "volume_id"],
        cfn: &[cfn("AWS::EC2::VolumeAttachment")],
        ..member("aws_volume_attachment", Owner::Via(&["instance_id"]))
    },
    Type {
        reads: &["function_name", "event_source_arn"],
        cfn: &[cfn("AWS::Lambda::EventSourceMapping")],
        ..member(
            "aws_lambda_event_source_mapping",
            Owner::Via(&["function_name"]),
        )
    },
    Type {
        reads: &["topic_arn", "endpoint"],
        cfn: &[cfn("AWS::SNS::Subscription")],
        ..member("aws_sns_topic_subscription", Owner::Via(&["topic_arn"]))
    },
    Type {
        is: Is::HealthCheck,
        reads: &["health_check_tags"],
        cfn: &[Cfn {
            lift: &["HealthCheckConfig"],
            rename: &[("FullyQualifiedDomainName", "fqdn")],
            ..cfn("AWS::Route53::HealthCheck")
        }],
        ..member(
            "aws_route53_health_check",
            Owner::From(&["health_check_id"]),
        )
    },
    // What watches or tests components: credited to them (`credits.rs`).
    Type {
        is: Is::Alarm,
        reads: &["alarm_name", "namespace", "metric_name", "dimensions"],
        cfn: &[cfn("AWS::CloudWatch::Alarm")],
        ..informs("aws_cloudwatch_metric_alarm")
    },
    Type {
        is: Is::Canary,
        reads: &["run_config", "schedule"],
        cfn: &[cfn("AWS::Synthetics::Canary")],
        ..informs("aws_synthetics_canary")
    },
    Type {
        is: Is::ExperimentTemplate,
        reads: &["action", "actions", "target", "targets", "description"],
        cfn: &[cfn("AWS::FIS::ExperimentTemplate")],
        ..informs("aws_fis_experiment_template")
    },
    // What informs components.
    Type {
        numbers: &[number(
            "rule.lifecycle.delete_after",
            "BackupPlanRule.Lifecycle.DeleteAfterDays",
            Unit::Days,
        )],
        is: Is::BackupPlan,
        reads: &["rule"],
        cfn: &[Cfn {
            lift: &["BackupPlan"],
            rename: &[
                ("BackupPlanName", "name"),
                ("BackupPlanRule", "rule"),
                ("ScheduleExpression", "schedule"),
                ("DeleteAfterDays", "delete_after"),
                ("MoveToColdStorageAfterDays", "cold_storage_after"),
                ("CopyActions", "copy_action"),
                ("DestinationBackupVaultArn", "destination_vault_arn"),
                ("TargetBackupVault", "target_vault_name"),
            ],
            ..cfn("AWS::Backup::BackupPlan")
        }],
        ..informs("aws_backup_plan")
    },
    Type {
        is: Is::BackupSelection,
        reads: &[
            "plan_id",
            "resources",
            "not_resources",
            "selection_tag",
            "condition",
        ],
        cfn: &[Cfn {
            lift: &["BackupSelection"],
            rename: &[
                ("BackupPlanId", "plan_id"),
                ("SelectionName", "name"),
                ("ListOfTags", "selection_tag"),
                ("ConditionType", "type"),
                ("ConditionKey", "key"),
                ("ConditionValue", "value"),
                ("Conditions", "condition"),
            ],
            ..cfn("AWS::Backup::BackupSelection")
        }],
        ..informs("aws_backup_selection")
    },
    Type {
        is: Is::BackupVault,
        reads: &["lock_configuration"],
        cfn: &[Cfn {
            rename: &[("BackupVaultName", "name")],
            ..cfn("AWS::Backup::BackupVault")
        }],
        ..informs("aws_backup_vault")
    },
    Type {
        is: Is::VaultLock,
        reads: &["backup_vault_name"],
        ..informs("aws_backup_vault_lock_configuration")
    },
    Type {
        is: Is::AirGappedVault,
        cfn: &[Cfn {
            rename: &[("BackupVaultName", "name")],
            ..cfn("AWS::Backup::LogicallyAirGappedBackupVault")
        }],
        ..informs("aws_backup_logically_air_gapped_vault")
    },
    Type {
        is: Is::Subnet,
        reads: &["availability_zone_id", "vpc_id"],
        cfn: &[cfn("AWS::EC2::Subnet")],
        ..informs("aws_subnet")
    },
    Type {
        reads: &["subnet_ids"],
        cfn: &[cfn("AWS::RDS::DBSubnetGroup")],
        ..informs("aws_db_subnet_group")
    },
    Type {
        reads: &["subnet_ids"],
        cfn: &[cfn("AWS::ElastiCache::SubnetGroup")],
        ..informs("aws_elasticache_subnet_group")
    },
    Type {
        reads: &["route"],
        cfn: &[cfn("AWS::EC2::RouteTable")],
        ..informs("aws_route_table")
    },
    Type {
        is: Is::Route,
        reads: &["route_table_id", "nat_gateway_id"],
        cfn: &[cfn("AWS::EC2::Route")],
        ..informs("aws_route")
    },
    Type {
        is: Is::RouteTableAssociation,
        reads: &["subnet_id", "route_table_id"],
        cfn: &[cfn("AWS::EC2::SubnetRouteTableAssociation")],
        ..informs("aws_route_table_association")
    },
    Type {
        is: Is::IamRole,
        reads: &["inline_policy"],
        cfn: &[Cfn {
            rename: &[
                ("Policies", "inline_policy"),
                ("PolicyDocument", "policy"),
                ("RoleName", "name"),
            ],
            ..cfn("AWS::IAM::Role")
        }],
        ..informs("aws_iam_role")
    },
    Type {
        is: Is::IamPolicy,
        reads: &["role", "policy"],
        cfn: &[Cfn {
            rename: &[("PolicyDocument", "policy")],
            ..cfn("AWS::IAM::Policy")
        }],
        ..informs("aws_iam_role_policy")
    },
    Type {
        is: Is::IamPolicy,
        reads: &["policy"],
        cfn: &[Cfn {
            rename: &[("PolicyDocument", "policy")],
            ..cfn("AWS::IAM::ManagedPolicy")
        }],
        ..informs("aws_iam_policy")
    },
    Type {
        is: Is::IamPolicyAttachment,
        reads: &["role", "policy_arn"],
        ..informs("aws_iam_role_policy_attachment")
    },
    Type {
        is: Is::InstanceProfile,
        reads: &["role"],
        cfn: &[Cfn {
            rename: &[("Roles", "role")],
            ..cfn("AWS::IAM::InstanceProfile")
        }],
        ..informs("aws_iam_instance_profile")
    },
    Type {
        cfn: &[cfn("AWS::ECS::Cluster")],
        ..informs("aws_ecs_cluster")
    },
    Type {
        cfn: &[cfn("AWS::EKS::Cluster")],
        ..informs("aws_eks_cluster")
    },
];

const LAUNCHED_FROM: Owner = Owner::From(&[
    "launch_template",
    "launch_configuration",
    "mixed_instances_policy",
]);

/// Types drplan knows and leaves out: identity, networking details, monitoring, secrets,
/// policies, settings (prefixes of Terraform and CloudFormation type names).
const NOT_MODELLED: &[&str] = &[
    "aws_vpc",
    "aws_security_group",
    "aws_network_acl",
    "aws_internet_gateway",
    "aws_egress_only_internet_gateway",
    "aws_eip",
    "aws_main_route_table",
    "aws_default_",
    "aws_ec2_",
    "aws_flow_log",
    "aws_iam_",
    "aws_kms_",
    "aws_cloudwatch_",
    "aws_ssm_",
    "aws_secretsmanager_",
    "aws_acm",
    "aws_route53_zone",
    "aws_route53_query_log",
    "aws_db_parameter_group",
    "aws_db_option_group",
    "aws_rds_cluster_parameter_group",
    "aws_elasticache_parameter_group",
    "aws_docdb_cluster_parameter_group",
    "aws_wafv2_",
    "aws_shield_",
    "aws_lambda_permission",
    "aws_lambda_layer",
    "aws_lambda_alias",
    "aws_cloudfront_origin_access",
    "aws_cloudfront_cache_policy",
    "aws_cloudfront_response_headers_policy",
    "aws_s3_bucket_",
    "aws_s3_object",
    "aws_ecr_",
    "aws_appautoscaling_",
    "aws_autoscaling_policy",
    "aws_autoscaling_schedule",
    "aws_autoscaling_lifecycle_hook",
    "aws_sqs_queue_policy",
    "aws_sqs_queue_redrive",
    "aws_sns_topic_policy",
    "aws_key_pair",
    "aws_placement_group",
    "aws_eks_addon",
    "aws_eks_access",
    "aws_service_discovery_",
    "aws_api_gateway_",
    "aws_apigatewayv2_",
    "aws_cognito_",
    "aws_ses_",
    "aws_budgets_",
    "aws_organizations_",
    "aws_guardduty_",
    "aws_config_",
    "aws_cloudtrail",
    "aws_xray_",
    "aws_ecs_cluster_capacity_providers",
    "aws_ecs_capacity_provider",
    "aws_efs_access_point",
    "aws_efs_file_system_policy",
    "aws_vpc_endpoint",
    "aws_backup_",
    "AWS::EC2::",
    "AWS::IAM::",
    "AWS::KMS::",
    "AWS::Logs::",
    "AWS::CloudWatch::",
    "AWS::SSM::",
    "AWS::SecretsManager::",
    "AWS::CertificateManager::",
    "AWS::WAFv2::",
    "AWS::Shield::",
    "AWS::Route53::HostedZone",
    "AWS::Route53Resolver::",
    "AWS::Lambda::Permission",
    "AWS::Lambda::LayerVersion",
    "AWS::Lambda::Version",
    "AWS::Lambda::Alias",
    "AWS::Lambda::Url",
    "AWS::S3::BucketPolicy",
    "AWS::SQS::QueuePolicy",
    "AWS::SNS::TopicPolicy",
    "AWS::ECR::",
    "AWS::ApplicationAutoScaling::",
    "AWS::AutoScaling::ScalingPolicy",
    "AWS::AutoScaling::ScheduledAction",
    "AWS::AutoScaling::LifecycleHook",
    "AWS::CloudFront::OriginAccessControl",
    "AWS::CloudFront::CloudFrontOriginAccessIdentity",
    "AWS::CloudFront::CachePolicy",
    "AWS::CloudFront::OriginRequestPolicy",
    "AWS::CloudFront::ResponseHeadersPolicy",
    "AWS::CloudFront::Function",
    "AWS::ApiGateway::",
    "AWS::ApiGatewayV2::",
    "AWS::Cognito::",
    "AWS::CloudTrail::",
    "AWS::Config::",
    "AWS::GuardDuty::",
    "AWS::ServiceDiscovery::",
    "AWS::CloudFormation::",
    "AWS::Events::Rule",
    "AWS::Scheduler::",
    "AWS::RDS::DBParameterGroup",
    "AWS::RDS::DBClusterParameterGroup",
    "AWS::RDS::OptionGroup",
    "AWS::RDS::EventSubscription",
    "AWS::ElastiCache::ParameterGroup",
    "AWS::ElastiCache::User",
    "AWS::EFS::AccessPoint",
    "AWS::ECS::CapacityProvider",
    "AWS::ECS::ClusterCapacityProviderAssociations",
    "AWS::EKS::Addon",
    "AWS::EKS::AccessEntry",
    "AWS::Budgets::",
    "AWS::SES::",
    "AWS::XRay::",
    "AWS::ElasticLoadBalancingV2::ListenerCertificate",
    "AWS::Route53RecoveryControl::",
    "AWS::Route53RecoveryReadiness::",
    "AWS::ResilienceHub::",
    "AWS::FIS::",
];

/// Types of other providers that ride along in AWS configurations and bear on nothing.
pub const UTILITY: &[&str] = &[
    "terraform_data",
    "null_resource",
    "random_",
    "tls_",
    "local_",
    "time_",
];

/// The rows by Terraform type, and the attribute list a reader keeps for each (the row's own,
/// [`COMMON`] and the identifiers), built once.
struct Index {
    by_tf: HashMap<&'static str, u16>,
    by_cfn: HashMap<&'static str, Vec<(u16, &'static Cfn)>>,
    kept: Vec<&'static [&'static str]>,
    identifiers: Vec<&'static [&'static str]>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut by_tf = HashMap::new();
    let mut by_cfn: HashMap<&'static str, Vec<(u16, &'static Cfn)>> = HashMap::new();
    let mut kept = Vec::with_capacity(TYPES.len());
    let mut identifiers = Vec::with_capacity(TYPES.len());
    for (i, t) in TYPES.iter().enumerate() {
        let i = i as u16;
        by_tf.insert(t.tf, i);
        for c in t.cfn {
            let entry = by_cfn.entry(c.ty).or_default();
            // A conditional translation is tried first.
            if c.when.is_some() {
                entry.insert(0, (i, c));
            } else {
                entry.push((i, c));
            }
        }
        let mut all: Vec<&'static str> = COMMON.to_vec();
        for a in t.reads.iter().chain(IDENTIFIERS).chain(t.identifiers) {
            if !all.contains(a) {
                all.push(a);
            }
        }
        all.sort_unstable();
        kept.push(Vec::leak(all) as &'static [&'static str]);
        let ids: Vec<&'static str> = IDENTIFIERS.iter().chain(t.identifiers).copied().collect();
        identifiers.push(Vec::leak(ids) as &'static [&'static str]);
    }
    Index {
        by_tf,
        by_cfn,
        kept,
        identifiers,
    }
});

/// The row of a Terraform type.
pub fn row_index(tf: &str) -> Option<u16> {
    INDEX.by_tf.get(tf).copied()
}

/// The row and the translation of a CloudFormation type, given whether the resource has the
/// property a conditional translation asks for.
pub fn by_cfn(ty: &str, has: impl Fn(&str) -> bool) -> Option<(u16, &'static Cfn)> {
    INDEX
        .by_cfn
        .get(ty)?
        .iter()
        .find(|(_, c)| c.when.is_none_or(&has))
        .copied()
}

/// The row of a resource's type, when AWS reads it.
pub fn row(r: &Resource) -> Option<&'static Type> {
    let t = TYPES.get(usize::from(r.handle?.row))?;
    (t.tf == r.ty).then_some(t)
}

/// What a resource's type is to the logic across types.
pub fn is(r: &Resource) -> Is {
    row(r).map_or(Is::Other, |t| t.is)
}

/// What a reader keeps of a row's resources.
pub fn kept(row: u16) -> &'static [&'static str] {
    INDEX.kept[usize::from(row)]
}

/// The attributes through which others name a row's resources.
pub fn identifiers(row: u16) -> &'static [&'static str] {
    INDEX.identifiers[usize::from(row)]
}

/// The role of a type, read or not.
pub fn role(ty: &str) -> Role {
    if let Some(i) = row_index(ty) {
        return TYPES[usize::from(i)].role;
    }
    if NOT_MODELLED
        .iter()
        .chain(UTILITY)
        .any(|p| ty.starts_with(p))
    {
        Role::NotModelled
    } else {
        Role::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_one_row_and_one_role() {
        let mut seen = std::collections::BTreeSet::new();
        for t in TYPES {
            assert!(seen.insert(t.tf), "{} twice", t.tf);
        }
        assert_eq!(
            role("aws_db_instance"),
            Role::Component(Kind::Database, "aws:rds")
        );
        assert_eq!(role("aws_rds_cluster_instance"), Role::Member);
        assert_eq!(role("aws_subnet"), Role::Informs);
        assert_eq!(role("aws_iam_user"), Role::NotModelled);
        assert_eq!(role("aws_s3_bucket_policy"), Role::NotModelled);
        // The bucket's settings that matter are members, before the prefix says otherwise.
        assert_eq!(role("aws_s3_bucket_versioning"), Role::Member);
        assert_eq!(role("aws_backup_plan"), Role::Informs);
        assert_eq!(role("aws_quantum_thing"), Role::Unknown);
        assert_eq!(role("AWS::EC2::SecurityGroup"), Role::NotModelled);
        assert_eq!(role("Custom::Seeder"), Role::Unknown);
    }

    #[test]
    fn an_rds_instance_in_a_cluster_is_the_clusters_member() {
        let (plain, _) = by_cfn("AWS::RDS::DBInstance", |_| false).expect("a row");
        let (member, _) =
            by_cfn("AWS::RDS::DBInstance", |p| p == "DBClusterIdentifier").expect("a row");
        assert_eq!(TYPES[usize::from(plain)].is, Is::DbInstance);
        assert_eq!(TYPES[usize::from(member)].is, Is::ClusterInstance);
    }
}
