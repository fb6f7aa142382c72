//! CloudFormation resources in Terraform's vocabulary: each type drplan reads becomes the
//! Terraform type it corresponds to, its properties the attributes of that type
//! (`MultiAZ` → `multi_az`, `BackupPlan.BackupPlanRule[].ScheduleExpression` →
//! `rule[].schedule`), its references links. Keys are converted to snake case unless the
//! type's table renames them; wrapper properties (`LaunchTemplateData`, `DistributionConfig`)
//! are lifted to the top, where Terraform has their contents.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Number, Value as Json};

use crate::import::cloudformation::{Resource as CfnResource, Template, Value, render};
use crate::import::resource::{Link, Origin, Resource};

/// How one CloudFormation type reads as a Terraform type.
struct Spec {
    cfn: &'static str,
    tf: &'static str,
    /// Properties whose contents are top-level attributes in Terraform.
    lift: &'static [&'static str],
    /// Keys, at any depth, that do not become Terraform's by snake case alone.
    rename: &'static [(&'static str, &'static str)],
}

const fn spec(cfn: &'static str, tf: &'static str) -> Spec {
    Spec {
        cfn,
        tf,
        lift: &[],
        rename: &[],
    }
}

const SPECS: &[Spec] = &[
    Spec {
        rename: &[
            ("DBInstanceIdentifier", "identifier"),
            ("SourceDBInstanceIdentifier", "replicate_source_db"),
        ],
        ..spec("AWS::RDS::DBInstance", "aws_db_instance")
    },
    Spec {
        rename: &[("DBClusterIdentifier", "cluster_identifier")],
        ..spec("AWS::RDS::DBCluster", "aws_rds_cluster")
    },
    spec("AWS::RDS::GlobalCluster", "aws_rds_global_cluster"),
    spec("AWS::RDS::DBSubnetGroup", "aws_db_subnet_group"),
    Spec {
        rename: &[("DBClusterIdentifier", "cluster_identifier")],
        ..spec("AWS::DocDB::DBCluster", "aws_docdb_cluster")
    },
    Spec {
        rename: &[("DBClusterIdentifier", "cluster_identifier")],
        ..spec("AWS::DocDB::DBInstance", "aws_docdb_cluster_instance")
    },
    spec("AWS::DocDB::GlobalCluster", "aws_docdb_global_cluster"),
    Spec {
        rename: &[("DBClusterIdentifier", "cluster_identifier")],
        ..spec("AWS::Neptune::DBCluster", "aws_neptune_cluster")
    },
    Spec {
        rename: &[("DBClusterIdentifier", "cluster_identifier")],
        ..spec("AWS::Neptune::DBInstance", "aws_neptune_cluster_instance")
    },
    Spec {
        rename: DYNAMODB,
        ..spec("AWS::DynamoDB::Table", "aws_dynamodb_table")
    },
    Spec {
        rename: DYNAMODB,
        ..spec("AWS::Serverless::SimpleTable", "aws_dynamodb_table")
    },
    Spec {
        rename: DYNAMODB,
        ..spec("AWS::DynamoDB::GlobalTable", "aws_dynamodb_table")
    },
    Spec {
        rename: &[("BucketName", "bucket")],
        ..spec("AWS::S3::Bucket", "aws_s3_bucket")
    },
    Spec {
        rename: &[
            ("PreferredCacheClusterAZs", "preferred_cache_cluster_azs"),
            ("NumCacheClusters", "num_cache_clusters"),
        ],
        ..spec(
            "AWS::ElastiCache::ReplicationGroup",
            "aws_elasticache_replication_group",
        )
    },
    spec("AWS::ElastiCache::CacheCluster", "aws_elasticache_cluster"),
    spec(
        "AWS::ElastiCache::GlobalReplicationGroup",
        "aws_elasticache_global_replication_group",
    ),
    spec(
        "AWS::ElastiCache::ServerlessCache",
        "aws_elasticache_serverless_cache",
    ),
    spec(
        "AWS::ElastiCache::SubnetGroup",
        "aws_elasticache_subnet_group",
    ),
    spec("AWS::MemoryDB::Cluster", "aws_memorydb_cluster"),
    spec("AWS::EFS::FileSystem", "aws_efs_file_system"),
    spec("AWS::EFS::MountTarget", "aws_efs_mount_target"),
    Spec {
        rename: &[("Size", "size")],
        ..spec("AWS::EC2::Volume", "aws_ebs_volume")
    },
    spec("AWS::EC2::Instance", "aws_instance"),
    Spec {
        lift: &["LaunchTemplateData"],
        rename: &[("LaunchTemplateName", "name")],
        ..spec("AWS::EC2::LaunchTemplate", "aws_launch_template")
    },
    spec(
        "AWS::AutoScaling::LaunchConfiguration",
        "aws_launch_configuration",
    ),
    Spec {
        rename: &[
            ("TargetGroupARNs", "target_group_arns"),
            ("LaunchConfigurationName", "launch_configuration"),
            ("LoadBalancerNames", "load_balancers"),
            ("AutoScalingGroupName", "name"),
        ],
        ..spec(
            "AWS::AutoScaling::AutoScalingGroup",
            "aws_autoscaling_group",
        )
    },
    Spec {
        rename: &[("LoadBalancers", "load_balancer"), ("ServiceName", "name")],
        ..spec("AWS::ECS::Service", "aws_ecs_service")
    },
    spec("AWS::ECS::TaskDefinition", "aws_ecs_task_definition"),
    spec("AWS::ECS::Cluster", "aws_ecs_cluster"),
    spec("AWS::EKS::Cluster", "aws_eks_cluster"),
    Spec {
        rename: &[
            ("Subnets", "subnet_ids"),
            ("NodegroupName", "node_group_name"),
        ],
        ..spec("AWS::EKS::Nodegroup", "aws_eks_node_group")
    },
    spec("AWS::Lambda::Function", "aws_lambda_function"),
    Spec {
        rename: &[("FunctionName", "function_name")],
        ..spec("AWS::Serverless::Function", "aws_lambda_function")
    },
    spec(
        "AWS::Lambda::EventSourceMapping",
        "aws_lambda_event_source_mapping",
    ),
    spec("AWS::StepFunctions::StateMachine", "aws_sfn_state_machine"),
    spec("AWS::ApiGateway::RestApi", "aws_api_gateway_rest_api"),
    spec("AWS::Serverless::Api", "aws_api_gateway_rest_api"),
    spec("AWS::ApiGatewayV2::Api", "aws_apigatewayv2_api"),
    spec("AWS::Serverless::HttpApi", "aws_apigatewayv2_api"),
    Spec {
        rename: &[("SubnetMappings", "subnet_mapping")],
        ..spec("AWS::ElasticLoadBalancingV2::LoadBalancer", "aws_lb")
    },
    spec("AWS::ElasticLoadBalancing::LoadBalancer", "aws_elb"),
    Spec {
        rename: &[("DefaultActions", "default_action")],
        ..spec("AWS::ElasticLoadBalancingV2::Listener", "aws_lb_listener")
    },
    Spec {
        rename: &[("Actions", "action")],
        ..spec(
            "AWS::ElasticLoadBalancingV2::ListenerRule",
            "aws_lb_listener_rule",
        )
    },
    spec(
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        "aws_lb_target_group",
    ),
    spec("AWS::EC2::NatGateway", "aws_nat_gateway"),
    spec("AWS::EC2::Subnet", "aws_subnet"),
    spec("AWS::EC2::RouteTable", "aws_route_table"),
    spec("AWS::EC2::Route", "aws_route"),
    spec(
        "AWS::EC2::SubnetRouteTableAssociation",
        "aws_route_table_association",
    ),
    Spec {
        lift: &["DistributionConfig"],
        rename: &[("Origins", "origin")],
        ..spec(
            "AWS::CloudFront::Distribution",
            "aws_cloudfront_distribution",
        )
    },
    spec(
        "AWS::GlobalAccelerator::Accelerator",
        "aws_globalaccelerator_accelerator",
    ),
    Spec {
        rename: &[
            ("AliasTarget", "alias"),
            ("DNSName", "name"),
            ("ResourceRecords", "records"),
        ],
        ..spec("AWS::Route53::RecordSet", "aws_route53_record")
    },
    Spec {
        lift: &["HealthCheckConfig"],
        rename: &[("FullyQualifiedDomainName", "fqdn")],
        ..spec("AWS::Route53::HealthCheck", "aws_route53_health_check")
    },
    Spec {
        rename: &[("QueueName", "name")],
        ..spec("AWS::SQS::Queue", "aws_sqs_queue")
    },
    Spec {
        rename: &[("TopicName", "name")],
        ..spec("AWS::SNS::Topic", "aws_sns_topic")
    },
    spec("AWS::SNS::Subscription", "aws_sns_topic_subscription"),
    spec("AWS::Kinesis::Stream", "aws_kinesis_stream"),
    spec("AWS::MSK::Cluster", "aws_msk_cluster"),
    spec("AWS::MSK::ServerlessCluster", "aws_msk_serverless_cluster"),
    Spec {
        rename: &[("BrokerName", "broker_name")],
        ..spec("AWS::AmazonMQ::Broker", "aws_mq_broker")
    },
    spec("AWS::Events::EventBus", "aws_cloudwatch_event_bus"),
    Spec {
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
        ..spec("AWS::Backup::BackupPlan", "aws_backup_plan")
    },
    Spec {
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
        ..spec("AWS::Backup::BackupSelection", "aws_backup_selection")
    },
    Spec {
        rename: &[("BackupVaultName", "name")],
        ..spec("AWS::Backup::BackupVault", "aws_backup_vault")
    },
    Spec {
        rename: &[("BackupVaultName", "name")],
        ..spec(
            "AWS::Backup::LogicallyAirGappedBackupVault",
            "aws_backup_logically_air_gapped_vault",
        )
    },
    Spec {
        rename: &[
            ("Policies", "inline_policy"),
            ("PolicyDocument", "policy"),
            ("RoleName", "name"),
        ],
        ..spec("AWS::IAM::Role", "aws_iam_role")
    },
    Spec {
        rename: &[("PolicyDocument", "policy")],
        ..spec("AWS::IAM::Policy", "aws_iam_role_policy")
    },
    Spec {
        rename: &[("PolicyDocument", "policy")],
        ..spec("AWS::IAM::ManagedPolicy", "aws_iam_policy")
    },
    Spec {
        rename: &[("Roles", "role")],
        ..spec("AWS::IAM::InstanceProfile", "aws_iam_instance_profile")
    },
];

const DYNAMODB: &[(&str, &str)] = &[
    ("TableName", "name"),
    ("PointInTimeRecoverySpecification", "point_in_time_recovery"),
    ("PointInTimeRecoveryEnabled", "enabled"),
    ("Replicas", "replica"),
    ("Region", "region_name"),
];

/// The translated resources of a template, and the ones whose condition drplan could not
/// decide (by index into them, with the condition's name).
pub struct Translated {
    pub resources: Vec<Resource>,
    pub conditional: Vec<(usize, String)>,
    /// What the template imports from other stacks: (resource, attribute, export name).
    pub imports: Vec<(usize, String, String)>,
    /// What it exports: (export name, the resource the export's value names).
    pub exports: Vec<(String, usize)>,
}

/// Translates a template's resources.
pub fn resources(template: &Template, file: &str) -> Translated {
    // A record set group is several records: one resource each.
    let mut expanded: Vec<(String, String, usize, &CfnResource, Value)> = Vec::new();
    for r in &template.resources {
        if r.type_name == "AWS::Route53::RecordSetGroup" {
            for (k, set) in r
                .properties
                .get("RecordSets")
                .map_or(&[][..], Value::as_list)
                .iter()
                .enumerate()
            {
                expanded.push((
                    format!("{}.RecordSets[{k}]", r.logical_id),
                    "AWS::Route53::RecordSet".to_string(),
                    r.line,
                    r,
                    set.clone(),
                ));
            }
        } else {
            expanded.push((
                r.logical_id.clone(),
                r.type_name.clone(),
                r.line,
                r,
                r.properties.clone(),
            ));
        }
    }
    let index: HashMap<&str, usize> = (expanded.iter().enumerate())
        .map(|(i, (address, ..))| (address.as_str(), i))
        .collect();
    let region = template.region.clone();
    let mut out = Vec::with_capacity(expanded.len());
    let mut conditional = Vec::new();
    let mut imports = Vec::new();
    for (i, (address, type_name, line, r, properties)) in expanded.iter().enumerate() {
        let spec = spec_of(type_name, properties);
        let ty = spec.map_or_else(|| type_name.clone(), |s| s.tf.to_string());
        let mut t = Translation {
            spec,
            index: &index,
            links: Vec::new(),
            unknown: BTreeMap::new(),
            region: region.as_deref(),
            imports: Vec::new(),
        };
        let mut values = match spec {
            Some(s) => t.top(properties, s),
            None => Json::Null,
        };
        if let Some(s) = spec {
            adjust(s.cfn, &mut values, region.as_deref());
        }
        // A literal password in a template is not kept either.
        crate::import::terraform::drop_secrets(&mut values);
        let mut links = t.links;
        imports.extend(t.imports.into_iter().map(|(a, name)| (i, a, name)));
        links.sort();
        links.dedup();
        let mut depends_on: Vec<usize> = (r.depends_on.iter())
            .filter_map(|d| index.get(d.as_str()).copied())
            .collect();
        depends_on.sort_unstable();
        depends_on.dedup();
        if r.condition_unknown
            && let Some(c) = &r.condition
        {
            conditional.push((i, c.clone()));
        }
        out.push(Resource {
            origin: Origin {
                file: file.to_string(),
                address: address.clone(),
                line: u32::try_from(*line).ok(),
            },
            ty,
            source_type: type_name.clone(),
            group: address.clone(),
            region: region.clone().map(|r| {
                (
                    r,
                    "the region the template is deployed to (`sources[].region` or --region)"
                        .to_string(),
                )
            }),
            values,
            links,
            depends_on,
            tags: r.tags.iter().cloned().collect(),
            unknown: t.unknown,
        });
    }
    let exports = (template.exports.iter())
        .filter_map(|(name, value)| {
            let (target, _) = value.refs().into_iter().next()?;
            Some((name.clone(), *index.get(target)?))
        })
        .collect();
    Translated {
        resources: out,
        conditional,
        imports,
        exports,
    }
}

/// Attributes through which a resource calls what it imports (an API's URL in an environment
/// variable, a table's ARN in a policy); other imports are plumbing (subnets, security groups,
/// a VPC's id) and make no component.
const CALLS: &[&str] = &[
    "environment",
    "user_data",
    "container_definitions",
    "definition",
    "policy",
    "inline_policy",
    "endpoint",
    "event_source_arn",
    "origin",
];

/// Links what templates import to what other templates export; an import that calls a
/// service no source holds becomes an external component.
pub fn link_imports(
    resources: &mut Vec<Resource>,
    imports: Vec<(usize, String, String)>,
    exports: &BTreeMap<(String, Option<String>), usize>,
) {
    let mut external: BTreeMap<(String, Option<String>), usize> = BTreeMap::new();
    for (i, attribute, name) in imports {
        let region = resources[i].region().map(str::to_string);
        let to = match exports.get(&(name.clone(), region)) {
            Some(&to) => to,
            None if CALLS.contains(&attribute.as_str()) && is_plain_name(&name) => {
                let region = resources[i].region.clone();
                let key = (name.clone(), region.as_ref().map(|(r, _)| r.clone()));
                let n = resources.len();
                let to = *external.entry(key).or_insert(n);
                if to == n {
                    let from = &resources[i].origin;
                    resources.push(Resource {
                        origin: Origin {
                            file: from.file.clone(),
                            address: name.clone(),
                            line: from.line,
                        },
                        ty: EXPORT_TYPE.to_string(),
                        source_type: "Fn::ImportValue".to_string(),
                        group: name.clone(),
                        // Exports are regional: the one a stack imports is in its region.
                        region: region
                            .map(|(r, _)| (r, "exports are regional: the stack's".to_string())),
                        values: serde_json::json!({ "name": name }),
                        links: Vec::new(),
                        depends_on: Vec::new(),
                        tags: BTreeMap::new(),
                        unknown: BTreeMap::new(),
                    });
                }
                to
            }
            None => continue,
        };
        let links = &mut resources[i].links;
        links.push(Link { attribute, to });
        links.sort();
        links.dedup();
    }
}

/// An export name written out in full (not `${?}` for a part known only at deploy time).
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['$', ' '])
}

/// The spec of a type; a database instance in a cluster is the cluster's member.
fn spec_of(type_name: &str, properties: &Value) -> Option<&'static Spec> {
    let type_name = match type_name {
        "AWS::RDS::DBInstance" if properties.get("DBClusterIdentifier").is_some() => {
            return Some(&CLUSTER_INSTANCE);
        }
        other => other,
    };
    SPECS.iter().find(|s| s.cfn == type_name)
}

const CLUSTER_INSTANCE: Spec = Spec {
    rename: &[
        ("DBClusterIdentifier", "cluster_identifier"),
        ("DBInstanceIdentifier", "identifier"),
    ],
    ..spec("AWS::RDS::DBInstance", "aws_rds_cluster_instance")
};

struct Translation<'a> {
    spec: Option<&'static Spec>,
    index: &'a HashMap<&'a str, usize>,
    links: Vec<Link>,
    unknown: BTreeMap<String, String>,
    region: Option<&'a str>,
    /// Exports of other stacks this resource imports, by attribute.
    imports: Vec<(String, String)>,
}

impl Translation<'_> {
    fn top(&mut self, properties: &Value, spec: &Spec) -> Json {
        let mut map = Map::new();
        let Value::Map(entries) = properties else {
            return Json::Object(map);
        };
        for (key, value) in entries {
            if key == "Tags" {
                continue;
            }
            if spec.lift.contains(&key.as_str()) {
                if let Value::Map(inner) = value {
                    for (k, v) in inner {
                        self.entry(&mut map, k, v);
                    }
                }
                continue;
            }
            self.entry(&mut map, key, value);
        }
        Json::Object(map)
    }

    fn entry(&mut self, map: &mut Map<String, Json>, key: &str, value: &Value) {
        let attribute = self.key(key);
        let mut refs = Vec::new();
        let json = self.convert(value, &mut refs, &attribute);
        for target in refs {
            self.links.push(Link {
                attribute: attribute.clone(),
                to: target,
            });
        }
        if let Some(j) = json {
            map.insert(attribute, j);
        }
    }

    fn key(&self, key: &str) -> String {
        (self
            .spec
            .and_then(|s| s.rename.iter().find(|(k, _)| *k == key)))
        .map_or_else(|| snake(key), |(_, v)| v.to_string())
    }

    /// The value in Terraform's shape; references are collected, not kept.
    fn convert(&mut self, value: &Value, refs: &mut Vec<usize>, attribute: &str) -> Option<Json> {
        Some(match value {
            Value::Null => return None,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => number(n).unwrap_or_else(|| Json::String(n.clone())),
            Value::String(s) => Json::String(s.clone()),
            Value::List(items) => Json::Array(
                items
                    .iter()
                    .filter_map(|v| self.convert(v, refs, attribute))
                    .collect(),
            ),
            Value::Map(entries) => {
                let mut map = Map::new();
                for (k, v) in entries {
                    let key = self.key(k);
                    if let Some(j) = self.convert(v, refs, attribute) {
                        map.insert(key, j);
                    }
                }
                Json::Object(map)
            }
            Value::Ref { target, .. } => {
                if let Some(&i) = self.index.get(target.as_str()) {
                    refs.push(i);
                }
                return None;
            }
            Value::Concat(pieces) => {
                // The known text with `${Res.Attr}` / `${?}` for the rest: an ARN keeps its
                // region, a name its shape; the references become links.
                for p in pieces {
                    self.convert(p, refs, attribute);
                }
                Json::String(render(value))
            }
            Value::Zone { index, region } => {
                let region = region
                    .as_deref()
                    .or(self.region)
                    .unwrap_or("the stack's region");
                Json::String(format!("{region} zone {}", index + 1))
            }
            Value::Unknown { why } => {
                if let Some(name) = why.strip_prefix(IMPORT) {
                    self.imports.push((attribute.to_string(), name.to_string()));
                }
                self.unknown
                    .entry(attribute.to_string())
                    .or_insert_with(|| why.clone());
                return None;
            }
        })
    }
}

/// How the reader says a value is another stack's export.
const IMPORT: &str = "Fn::ImportValue ";

/// The type of the component an imported export stands for.
pub const EXPORT_TYPE: &str = "cloudformation_export";

fn number(text: &str) -> Option<Json> {
    if let Ok(i) = text.parse::<i64>() {
        return Some(Json::Number(i.into()));
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map(Json::Number)
}

/// The shapes that do not translate key by key.
fn adjust(cfn: &str, values: &mut Json, region: Option<&str>) {
    let Json::Object(map) = values else {
        return;
    };
    match cfn {
        "AWS::DynamoDB::GlobalTable" => {
            // The replicas include the stack's own region: that one is the table itself.
            let strong =
                map.get("multi_region_consistency").and_then(Json::as_str) == Some("STRONG");
            let replicas = match map.remove("replica") {
                Some(Json::Array(r)) => r,
                _ => Vec::new(),
            };
            let mut others = Vec::new();
            for mut r in replicas {
                let here =
                    r.get("region_name").and_then(Json::as_str) == region && region.is_some();
                if here {
                    for key in ["point_in_time_recovery", "deletion_protection_enabled"] {
                        if let Some(v) = r.get(key) {
                            map.insert(key.to_string(), v.clone());
                        }
                    }
                } else {
                    if strong && let Json::Object(o) = &mut r {
                        o.insert("consistency_mode".into(), Json::String("STRONG".into()));
                    }
                    others.push(r);
                }
            }
            map.insert("replica".into(), Json::Array(others));
        }
        "AWS::ElasticLoadBalancingV2::LoadBalancer" => {
            let on = (map.get("load_balancer_attributes").and_then(Json::as_array))
                .into_iter()
                .flatten()
                .find(|a| {
                    a.get("key").and_then(Json::as_str) == Some("deletion_protection.enabled")
                })
                .and_then(|a| a.get("value"))
                .and_then(|v| v.as_str().map(|s| s == "true").or_else(|| v.as_bool()));
            if let Some(on) = on {
                map.insert("enable_deletion_protection".into(), Json::Bool(on));
            }
            let idle = (map.get("load_balancer_attributes").and_then(Json::as_array))
                .into_iter()
                .flatten()
                .find(|a| {
                    a.get("key").and_then(Json::as_str) == Some("idle_timeout.timeout_seconds")
                })
                .and_then(|a| a.get("value").cloned());
            if let Some(idle) = idle {
                map.insert("idle_timeout".into(), idle);
            }
        }
        "AWS::S3::Bucket" => {
            // Other templates and states name a bucket by its ARN.
            if let Some(name) = map.get("bucket").and_then(Json::as_str) {
                let arn = format!("arn:aws:s3:::{name}");
                map.insert("arn".into(), Json::String(arn));
            }
        }
        "AWS::Route53::RecordSet" => {
            for (from, block, key) in [
                ("failover", "failover_routing_policy", "type"),
                ("weight", "weighted_routing_policy", "weight"),
                ("region", "latency_routing_policy", "region"),
            ] {
                if let Some(v) = map.remove(from) {
                    let mut o = Map::new();
                    o.insert(key.to_string(), v);
                    map.insert(block.to_string(), Json::Array(vec![Json::Object(o)]));
                }
            }
        }
        _ => {}
    }
}

/// `MultiAZEnabled` → `multi_az_enabled`, `DBClusterIdentifier` → `db_cluster_identifier`: a
/// run of capitals is one word, and its last capital starts the next word when a lowercase
/// letter follows.
pub fn snake(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let mut out = String::with_capacity(key.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                None => false,
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_in_snake_case() {
        assert_eq!(snake("MultiAZ"), "multi_az");
        assert_eq!(snake("MultiAZEnabled"), "multi_az_enabled");
        assert_eq!(snake("DBClusterIdentifier"), "db_cluster_identifier");
        assert_eq!(snake("VPCZoneIdentifier"), "vpc_zone_identifier");
        assert_eq!(snake("BackupRetentionPeriod"), "backup_retention_period");
        assert_eq!(snake("SSESpecification"), "sse_specification");
        assert_eq!(snake("Ipv6CidrBlock"), "ipv6_cidr_block");
        assert_eq!(snake("DNSName"), "dns_name");
    }

    #[test]
    fn every_spec_is_a_type_drplan_reads() {
        for s in SPECS {
            assert!(super::super::reads(s.tf), "{} → {}", s.cfn, s.tf);
        }
    }
}
