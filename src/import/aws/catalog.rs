//! Which AWS resource types become components, which fold into one, which only inform one,
//! and which drplan knows but does not model.

use crate::model::Kind;

/// What a resource type is to drplan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A component of this kind (`service` is its `aws:…` hint).
    Component(Kind, &'static str),
    /// Part of another component (a cluster's instance, a bucket's versioning, a listener).
    Member,
    /// Read for what it says of components (subnets for zones, backup plans, route tables).
    Informs,
    /// Known, and nothing to do with recovery (IAM users, log groups, security groups).
    NotModelled,
    /// Not in drplan's catalog: listed in the summary.
    Unknown,
}

/// The role of a Terraform resource type.
pub fn role(ty: &str) -> Role {
    use Kind::*;
    match ty {
        "aws_instance" => Role::Component(Compute, "aws:ec2"),
        "aws_autoscaling_group" => Role::Component(Compute, "aws:ec2:autoscaling"),
        "aws_ecs_service" => Role::Component(Compute, "aws:ecs"),
        "aws_eks_node_group" => Role::Component(Compute, "aws:eks"),
        "aws_lambda_function" => Role::Component(Compute, "aws:lambda"),
        "aws_sfn_state_machine" => Role::Component(Compute, "aws:states"),
        "aws_api_gateway_rest_api" | "aws_apigatewayv2_api" => {
            Role::Component(Compute, "aws:apigateway")
        }
        "aws_db_instance" => Role::Component(Database, "aws:rds"),
        "aws_rds_cluster" => Role::Component(Database, "aws:rds-cluster"),
        "aws_docdb_cluster" => Role::Component(Database, "aws:docdb"),
        "aws_neptune_cluster" => Role::Component(Database, "aws:neptune"),
        "aws_dynamodb_table" => Role::Component(Database, "aws:dynamodb"),
        "aws_redshift_cluster" => Role::Component(Database, "aws:redshift"),
        "aws_elasticache_replication_group" | "aws_elasticache_cluster" => {
            Role::Component(Cache, "aws:elasticache")
        }
        "aws_elasticache_serverless_cache" => Role::Component(Cache, "aws:elasticache-serverless"),
        "aws_memorydb_cluster" => Role::Component(Cache, "aws:memorydb"),
        "aws_s3_bucket" => Role::Component(Storage, "aws:s3"),
        "aws_efs_file_system" => Role::Component(Storage, "aws:efs"),
        "aws_ebs_volume" => Role::Component(Storage, "aws:ebs"),
        "aws_fsx_windows_file_system"
        | "aws_fsx_lustre_file_system"
        | "aws_fsx_ontap_file_system"
        | "aws_fsx_openzfs_file_system" => Role::Component(Storage, "aws:fsx"),
        "aws_sqs_queue" => Role::Component(Queue, "aws:sqs"),
        "aws_sns_topic" => Role::Component(Queue, "aws:sns"),
        "aws_kinesis_stream" => Role::Component(Queue, "aws:kinesis"),
        "aws_msk_cluster" | "aws_msk_serverless_cluster" => Role::Component(Queue, "aws:msk"),
        "aws_mq_broker" => Role::Component(Queue, "aws:mq"),
        "aws_cloudwatch_event_bus" => Role::Component(Queue, "aws:events"),
        "aws_lb" | "aws_alb" | "aws_elb" => Role::Component(Network, "aws:elasticloadbalancing"),
        "aws_nat_gateway" => Role::Component(Network, "aws:ec2:nat-gateway"),
        "aws_cloudfront_distribution" => Role::Component(Network, "aws:cloudfront"),
        "aws_globalaccelerator_accelerator" => Role::Component(Network, "aws:globalaccelerator"),
        "aws_route53_record" => Role::Component(Dns, "aws:route53"),
        super::cfn::EXPORT_TYPE => Role::Component(External, "aws:cloudformation:export"),
        "aws_rds_cluster_instance"
        | "aws_docdb_cluster_instance"
        | "aws_neptune_cluster_instance"
        | "aws_rds_global_cluster"
        | "aws_docdb_global_cluster"
        | "aws_neptune_global_cluster"
        | "aws_db_instance_automated_backups_replication"
        | "aws_s3_bucket_versioning"
        | "aws_s3_bucket_replication_configuration"
        | "aws_s3_bucket_object_lock_configuration"
        | "aws_s3_bucket_lifecycle_configuration"
        | "aws_lb_listener"
        | "aws_alb_listener"
        | "aws_lb_listener_rule"
        | "aws_alb_listener_rule"
        | "aws_lb_target_group"
        | "aws_alb_target_group"
        | "aws_lb_target_group_attachment"
        | "aws_alb_target_group_attachment"
        | "aws_autoscaling_attachment"
        | "aws_launch_template"
        | "aws_launch_configuration"
        | "aws_ecs_task_definition"
        | "aws_efs_mount_target"
        | "aws_efs_backup_policy"
        | "aws_efs_replication_configuration"
        | "aws_dynamodb_table_replica"
        | "aws_dynamodb_global_table"
        | "aws_elasticache_global_replication_group"
        | "aws_lambda_event_source_mapping"
        | "aws_sns_topic_subscription"
        | "aws_route53_health_check" => Role::Member,
        "aws_backup_plan"
        | "aws_backup_selection"
        | "aws_backup_vault"
        | "aws_backup_vault_lock_configuration"
        | "aws_backup_logically_air_gapped_vault"
        | "aws_subnet"
        | "aws_db_subnet_group"
        | "aws_elasticache_subnet_group"
        | "aws_route_table"
        | "aws_route"
        | "aws_route_table_association"
        | "aws_iam_role"
        | "aws_iam_role_policy"
        | "aws_iam_policy"
        | "aws_iam_role_policy_attachment"
        | "aws_iam_instance_profile"
        | "aws_ecs_cluster"
        | "aws_eks_cluster" => Role::Informs,
        _ if NOT_MODELLED.iter().any(|p| ty.starts_with(p)) => Role::NotModelled,
        _ if CFN_NOT_MODELLED.iter().any(|p| ty.starts_with(p)) => Role::NotModelled,
        _ => Role::Unknown,
    }
}

/// Types drplan knows and leaves out: identity, networking details, monitoring, secrets,
/// policies, settings (prefixes).
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
    "terraform_data",
    "null_resource",
    "random_",
    "tls_",
    "local_",
    "time_",
];

/// CloudFormation types drplan knows and leaves out (the types it reads are translated to
/// their Terraform names first, `aws::cfn`).
const CFN_NOT_MODELLED: &[&str] = &[
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

/// The attributes of a type the mapping reads, besides those every type is read for
/// ([`COMMON`]): its facts, and where its references to others are (user data, environment
/// variables, policies). A state keeps the rest of each resource unparsed.
pub fn attributes(ty: &str) -> &'static [&'static str] {
    match ty {
        "aws_instance" => &[
            "subnet_id",
            "user_data",
            "iam_instance_profile",
            "launch_template",
        ],
        "aws_autoscaling_group" => &[
            "desired_capacity",
            "min_size",
            "vpc_zone_identifier",
            "target_group_arns",
            "load_balancers",
            "launch_template",
            "launch_configuration",
            "mixed_instances_policy",
        ],
        "aws_launch_template" | "aws_launch_configuration" => {
            &["user_data", "iam_instance_profile"]
        }
        "aws_ecs_service" => &[
            "desired_count",
            "task_definition",
            "network_configuration",
            "load_balancer",
            "cluster",
            "deployment_controller",
        ],
        "aws_ecs_task_definition" => &["container_definitions", "task_role_arn"],
        "aws_eks_node_group" => &["scaling_config", "subnet_ids"],
        "aws_lambda_function" => &["vpc_config", "environment", "role"],
        "aws_lambda_event_source_mapping" => &["function_name", "event_source_arn"],
        "aws_sfn_state_machine" => &["definition", "role_arn"],
        "aws_db_instance" => &[
            "engine",
            "multi_az",
            "allocated_storage",
            "backup_retention_period",
            "deletion_protection",
            "replicate_source_db",
            "db_subnet_group_name",
        ],
        "aws_db_instance_automated_backups_replication" => &["source_db_instance_arn"],
        "aws_rds_cluster" | "aws_docdb_cluster" | "aws_neptune_cluster" => &[
            "engine",
            "backup_retention_period",
            "backtrack_window",
            "deletion_protection",
            "global_cluster_identifier",
            "replication_source_identifier",
            "allocated_storage",
            "availability_zones",
        ],
        "aws_rds_cluster_instance"
        | "aws_docdb_cluster_instance"
        | "aws_neptune_cluster_instance" => &["cluster_identifier"],
        "aws_rds_global_cluster" | "aws_docdb_global_cluster" | "aws_neptune_global_cluster" => {
            &["source_db_cluster_identifier", "global_cluster_identifier"]
        }
        "aws_dynamodb_table" => &[
            "point_in_time_recovery",
            "deletion_protection_enabled",
            "replica",
        ],
        "aws_dynamodb_table_replica" => &["global_table_arn"],
        "aws_dynamodb_global_table" => &["replica"],
        "aws_elasticache_replication_group" => &[
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
        "aws_elasticache_cluster" => &[
            "replication_group_id",
            "num_cache_nodes",
            "engine",
            "snapshot_retention_limit",
        ],
        "aws_elasticache_global_replication_group" => &["primary_replication_group_id"],
        "aws_s3_bucket" => &[
            "versioning",
            "object_lock_enabled",
            "object_lock_configuration",
            "replication_configuration",
        ],
        "aws_s3_bucket_versioning" => &["bucket", "versioning_configuration"],
        "aws_s3_bucket_replication_configuration" => &["bucket", "rule"],
        "aws_s3_bucket_object_lock_configuration" | "aws_s3_bucket_lifecycle_configuration" => {
            &["bucket"]
        }
        "aws_efs_file_system" => &["availability_zone_name"],
        "aws_efs_mount_target" => &["file_system_id", "subnet_id"],
        "aws_efs_backup_policy" => &["file_system_id", "backup_policy"],
        "aws_efs_replication_configuration" => &["source_file_system_id", "destination"],
        "aws_ebs_volume" => &["size"],
        "aws_lb" | "aws_alb" | "aws_elb" => &[
            "subnets",
            "subnet_mapping",
            "availability_zones",
            "load_balancer_type",
            "enable_deletion_protection",
            "idle_timeout",
            "instances",
        ],
        "aws_lb_listener" | "aws_alb_listener" => &["load_balancer_arn", "default_action"],
        "aws_lb_listener_rule" | "aws_alb_listener_rule" => &["listener_arn", "action"],
        "aws_lb_target_group_attachment" | "aws_alb_target_group_attachment" => {
            &["target_group_arn", "target_id"]
        }
        "aws_autoscaling_attachment" => &["autoscaling_group_name", "lb_target_group_arn"],
        "aws_nat_gateway" => &["subnet_id"],
        "aws_subnet" => &["availability_zone_id", "vpc_id"],
        "aws_route_table" => &["route"],
        "aws_route" => &["route_table_id", "nat_gateway_id"],
        "aws_route_table_association" => &["subnet_id", "route_table_id"],
        "aws_db_subnet_group" | "aws_elasticache_subnet_group" => &["subnet_ids"],
        "aws_cloudfront_distribution" => &["origin", "origin_group"],
        "aws_route53_record" => &[
            "type",
            "alias",
            "records",
            "failover_routing_policy",
            "weighted_routing_policy",
            "latency_routing_policy",
            "set_identifier",
            "health_check_id",
        ],
        "aws_msk_cluster" => &["number_of_broker_nodes", "broker_node_group_info"],
        "aws_mq_broker" => &["deployment_mode"],
        "aws_sns_topic_subscription" => &["topic_arn", "endpoint"],
        "aws_backup_plan" => &["rule"],
        "aws_backup_selection" => &[
            "plan_id",
            "resources",
            "not_resources",
            "selection_tag",
            "condition",
        ],
        "aws_backup_vault" => &["lock_configuration"],
        "aws_backup_vault_lock_configuration" => &["backup_vault_name"],
        "aws_iam_role" => &["inline_policy"],
        "aws_iam_role_policy" => &["role", "policy"],
        "aws_iam_policy" => &["policy"],
        "aws_iam_role_policy_attachment" => &["role", "policy_arn"],
        "aws_iam_instance_profile" => &["role"],
        _ => &[],
    }
}

/// What every type drplan reads is read for besides how others name it (`links`): its tags
/// and where it is.
pub const COMMON: &[&str] = &["tags", "tags_all", "region", "availability_zone"];

/// Whether the mapping reads a type's attributes (the others are only counted).
pub fn reads(ty: &str) -> bool {
    matches!(role(ty), Role::Component(..) | Role::Member | Role::Informs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_one_role() {
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
        assert!(reads("aws_lb_target_group") && !reads("aws_cloudwatch_log_group"));
    }
}
