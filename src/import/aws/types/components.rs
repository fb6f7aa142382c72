//! The types that become components: compute, databases, caches, storage, queues and
//! streams, and the network.
use crate::import::aws::row::*;
use crate::import::draft::Reach;
use crate::model::Kind::*;
use crate::model::OnDelete;
use crate::model::ResourceKind;

/// The types that become components: compute, databases, caches, storage, queues and
pub(super) static ROWS: &[Type] = &[
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
        reach: Reach::Users,
        cfn: &[cfn("AWS::ApiGateway::RestApi"), cfn("AWS::Serverless::Api")],
        facts: Some(Facts::RegionalService),
        ..component("aws_api_gateway_rest_api", Compute, "aws:apigateway")
    },
    Type {
        reach: Reach::Users,
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
            "skip_final_snapshot",
            "final_snapshot_identifier",
        ],
        identifiers: &["identifier"],
        cfn: &[Cfn {
            rename: &[
                ("DBInstanceIdentifier", "identifier"),
                ("SourceDBInstanceIdentifier", "replicate_source_db"),
            ],
            deletion: Some(OnDelete::Snapshot),
            ..cfn("AWS::RDS::DBInstance")
        }],
        final_snapshot: FINAL_SNAPSHOT,
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
            deletion: Some(OnDelete::Snapshot),
            ..cfn("AWS::RDS::DBCluster")
        }],
        final_snapshot: FINAL_SNAPSHOT,
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
        final_snapshot: FINAL_SNAPSHOT,
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
        final_snapshot: FINAL_SNAPSHOT,
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
        reads: &["skip_final_snapshot", "final_snapshot_identifier"],
        cfn: &[cfn("AWS::Redshift::Cluster")],
        backup: Some(Arn {
            service: "redshift",
            resource: "",
        }),
        final_snapshot: FINAL_SNAPSHOT,
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
            "final_snapshot_identifier",
        ],
        is: Is::ReplicationGroup,
        identifiers: &["replication_group_id"],
        cfn: &[Cfn {
            rename: &[
                ("PreferredCacheClusterAZs", "preferred_cache_cluster_azs"),
                ("NumCacheClusters", "num_cache_clusters"),
            ],
            ..cfn("AWS::ElastiCache::ReplicationGroup")
        }],
        final_snapshot: Some(Final::WhenNamed("final_snapshot_identifier")),
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
            "final_snapshot_identifier",
        ],
        cfn: &[cfn("AWS::ElastiCache::CacheCluster")],
        final_snapshot: Some(Final::WhenNamed("final_snapshot_identifier")),
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
        reads: &["final_snapshot_name"],
        final_snapshot: Some(Final::WhenNamed("final_snapshot_name")),
        cfn: &[cfn("AWS::MemoryDB::Cluster")],
        facts: Some(Facts::MultiAzByDesign),
        ..component("aws_memorydb_cluster", Cache, "aws:memorydb")
    },
    // Storage.
    Type {
        identity: Some((ResourceKind::S3Bucket, "bucket")),
        numbers: &[
            number(
                "lifecycle_rule.noncurrent_version_expiration.days",
                "LifecycleConfiguration.Rules.NoncurrentVersionExpiration.NoncurrentDays",
                Unit::Days,
            ),
            number(
                "lifecycle_configuration.rules.noncurrent_version_expiration.noncurrent_days",
                "LifecycleConfiguration.Rules.NoncurrentVersionExpiration.NoncurrentDays",
                Unit::Days,
            ),
            number(
                "lifecycle_configuration.rules.noncurrent_version_expiration_in_days",
                "LifecycleConfiguration.Rules.NoncurrentVersionExpirationInDays",
                Unit::Days,
            ),
        ],
        is: Is::Bucket,
        reads: &[
            "versioning",
            "object_lock_enabled",
            "object_lock_configuration",
            "replication_configuration",
            "lifecycle_rule",
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
        is: Is::Volume,
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
        reads: &["skip_final_backup"],
        backup: Some(FSX),
        final_snapshot: FSX_FINAL,
        ..component("aws_fsx_windows_file_system", Storage, "aws:fsx")
    },
    Type {
        reads: &["skip_final_backup"],
        backup: Some(FSX),
        final_snapshot: FSX_FINAL,
        ..component("aws_fsx_lustre_file_system", Storage, "aws:fsx")
    },
    Type {
        backup: Some(FSX),
        ..component("aws_fsx_ontap_file_system", Storage, "aws:fsx")
    },
    Type {
        reads: &["skip_final_backup"],
        backup: Some(FSX),
        final_snapshot: FSX_FINAL,
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
        folds: Some(Folds::AlertingOnly),
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
        reach: Reach::Users,
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
        reach: Reach::Users,
        numbers: &[IDLE_TIMEOUT],
        is: Is::LoadBalancer,
        reads: LB_READS,
        facts: Some(Facts::LoadBalancer),
        ..component("aws_alb", Network, "aws:elasticloadbalancing")
    },
    Type {
        reach: Reach::Users,
        numbers: &[IDLE_TIMEOUT],
        is: Is::ClassicLoadBalancer,
        reads: LB_READS,
        cfn: &[cfn("AWS::ElasticLoadBalancing::LoadBalancer")],
        facts: Some(Facts::LoadBalancer),
        ..component("aws_elb", Network, "aws:elasticloadbalancing")
    },
    // A path out of the VPC, never what users reach.
    Type {
        reach: Reach::Never,
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
        reach: Reach::Users,
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
        reach: Reach::Users,
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
];
