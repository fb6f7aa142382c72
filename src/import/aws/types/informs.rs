//! The types read for what they say of components: subnets for zones, backup plans and
//! selections, snapshot policies, route tables.
use crate::import::aws::row::*;

/// The types read for what they say of components: subnets for zones, backup plans and
pub(super) static ROWS: &[Type] = &[
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
