//! Every AWS resource type drplan reads: one row each (`row.rs` says what a row holds).
//! Adding a type is a row here and, when it has facts, a function in `facts.rs`.

use super::row::*;
use crate::import::provider::Reach;
use crate::model::Kind::*;
use crate::model::OnDelete;
use crate::model::ResourceKind;

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
        numbers: &[number(
            "rule.noncurrent_version_expiration.noncurrent_days",
            "rule.noncurrent_version_expiration.noncurrent_days",
            Unit::Days,
        )],
        is: Is::BucketLifecycle,
        reads: &["bucket", "rule"],
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
    // Global resources that name their regional members (`replicas.rs` pairs the members).
    Type {
        is: Is::GlobalDatastore,
        reads: &["replica"],
        ..member("aws_dynamodb_global_table", Owner::None)
    },
    Type {
        is: Is::GlobalDatastore,
        reads: &[
            "primary_replication_group_id",
            "members",
            "global_replication_group_id_suffix",
        ],
        identifiers: &["global_replication_group_id"],
        cfn: &[cfn("AWS::ElastiCache::GlobalReplicationGroup")],
        ..member(
            "aws_elasticache_global_replication_group",
            Owner::Via(&["primary_replication_group_id", "members"]),
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
        is: Is::VolumeAttachment,
        reads: &["instance_id", "volume_id"],
        cfn: &[cfn("AWS::EC2::VolumeAttachment")],
        ..member("aws_volume_attachment", Owner::Via(&["instance_id"]))
    },
    // A snapshot resource is one recovery point of its volume (`snapshots.rs`); CloudFormation
    // has no type for one.
    Type {
        is: Is::Snapshot,
        reads: &["volume_id"],
        ..member("aws_ebs_snapshot", Owner::Via(&["volume_id"]))
    },
    // A function URL: users reach the function, when it asks for no authentication.
    Type {
        is: Is::FunctionUrl,
        reads: &[
            "function_name",
            "target_function_arn",
            "authorization_type",
            "auth_type",
        ],
        cfn: &[cfn("AWS::Lambda::Url")],
        ..member(
            "aws_lambda_function_url",
            Owner::Via(&["function_name", "target_function_arn"]),
        )
    },
    Type {
        is: Is::EventSourceMapping,
        reads: &["function_name", "event_source_arn"],
        cfn: &[cfn("AWS::Lambda::EventSourceMapping")],
        ..member(
            "aws_lambda_event_source_mapping",
            Owner::Via(&["function_name"]),
        )
    },
    Type {
        is: Is::Subscription,
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
        reads: &[
            "alarm_name",
            "namespace",
            "metric_name",
            "dimensions",
            "alarm_actions",
            "ok_actions",
            "insufficient_data_actions",
        ],
        cfn: &[cfn("AWS::CloudWatch::Alarm")],
        ..informs("aws_cloudwatch_metric_alarm")
    },
    // What publishes alerts to a topic: a topic only they publish to is alerting plumbing,
    // not a component (`facts::folds`).
    Type {
        is: Is::AlertSource,
        reads: &["alarm_actions", "ok_actions", "insufficient_data_actions"],
        cfn: &[cfn("AWS::CloudWatch::CompositeAlarm")],
        ..informs("aws_cloudwatch_composite_alarm")
    },
    Type {
        is: Is::AlertSource,
        reads: &["sns_topic", "sns_topic_arn"],
        cfn: &[cfn("AWS::RDS::EventSubscription")],
        ..informs("aws_db_event_subscription")
    },
    Type {
        is: Is::AlertSource,
        reads: &["topic_arn"],
        ..informs("aws_autoscaling_notification")
    },
    Type {
        is: Is::AlertSource,
        reads: &["sns_topic_arn"],
        ..informs("aws_backup_vault_notifications")
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
    // Snapshot schedules for the volumes and instances that carry a policy's tags
    // (`snapshots.rs`).
    Type {
        numbers: &[
            number(
                "policy_details.schedule.create_rule.interval",
                "PolicyDetails.Schedules.CreateRule.Interval",
                Unit::Count,
            ),
            number(
                "policy_details.schedule.retain_rule.count",
                "PolicyDetails.Schedules.RetainRule.Count",
                Unit::Count,
            ),
            number(
                "policy_details.schedule.retain_rule.interval",
                "PolicyDetails.Schedules.RetainRule.Interval",
                Unit::Count,
            ),
        ],
        is: Is::LifecyclePolicy,
        reads: &["policy_details", "state"],
        cfn: &[Cfn {
            rename: &[
                ("Schedules", "schedule"),
                ("CrossRegionCopyRules", "cross_region_copy_rule"),
            ],
            ..cfn("AWS::DLM::LifecyclePolicy")
        }],
        ..informs("aws_dlm_lifecycle_policy")
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
