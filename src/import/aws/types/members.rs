//! The types that fold into a component (a cluster's instances, a bucket's versioning, a
//! listener), and those that watch, test or alert on components.
use crate::import::aws::row::*;

/// The types that fold into a component (a cluster's instances, a bucket's versioning, a
pub(super) static ROWS: &[Type] = &[
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
];

const LAUNCHED_FROM: Owner = Owner::From(&[
    "launch_template",
    "launch_configuration",
    "mixed_instances_policy",
]);
