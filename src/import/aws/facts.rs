//! Each component's facts from its resources: what it is, how many copies it runs, its backups
//! and protection. The resources that fold into a component (a cluster's instances, a bucket's
//! versioning, an Auto Scaling group's launch template and target group) are found here too.

use std::collections::BTreeMap;
use std::time::Duration;

use super::{Backup, Draft, Role, role};
use crate::import::resource::Resource;
use crate::model::{DeployMethod, Mode, Scope};

const DAY: u64 = 86_400;

/// Who links to each resource, and through which attribute.
pub fn incoming(resources: &[Resource]) -> Vec<Vec<(usize, &str)>> {
    let mut into = vec![Vec::new(); resources.len()];
    for (i, r) in resources.iter().enumerate() {
        for l in &r.links {
            into[l.to].push((i, l.attribute.as_str()));
        }
    }
    into
}

/// One draft per component, with its members folded in; `None` where a draft was folded.
pub fn drafts(resources: &[Resource]) -> Vec<Option<Draft>> {
    let into = incoming(resources);
    let mut drafts: Vec<Draft> = Vec::new();
    let mut draft_of: Vec<Option<usize>> = vec![None; resources.len()];
    // Instances of one `count` or `for_each` EC2 instance are one component.
    let mut instance_groups: BTreeMap<(&str, Option<&str>), usize> = BTreeMap::new();
    // Route 53 records are grouped by name and type: a failover pair is one component.
    let mut record_groups: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, r) in resources.iter().enumerate() {
        let Role::Component(kind, service) = role(&r.ty) else {
            continue;
        };
        if folds_into_another(r, resources) {
            continue;
        }
        let group = match r.ty.as_str() {
            "aws_instance" => instance_groups
                .get(&(r.group.as_str(), r.region()))
                .copied(),
            "aws_route53_record" => record_groups.get(&record_key(r)).copied(),
            _ => None,
        };
        if let Some(k) = group {
            drafts[k].members.push(i);
            draft_of[i] = Some(k);
            continue;
        }
        let k = drafts.len();
        match r.ty.as_str() {
            "aws_instance" => {
                instance_groups.insert((r.group.as_str(), r.region()), k);
            }
            "aws_route53_record" => {
                record_groups.insert(record_key(r), k);
            }
            _ => {}
        }
        draft_of[i] = Some(k);
        drafts.push(Draft {
            root: i,
            members: vec![i],
            kind,
            service: service.to_string(),
            stateful: None,
            instances: None,
            zones: None,
            scope: None,
            managed_failover: None,
            in_region: None,
            data_gb: None,
            deletion_protection: None,
            backup: Backup::default(),
            deploy: None,
            replication: None,
            region: r.region().map(str::to_string),
            secondary: None,
            strategy: None,
            capacity: None,
            subnets: Vec::new(),
            edges: BTreeMap::new(),
            why: BTreeMap::new(),
            conditional: None,
            conditional_members: Vec::new(),
        });
    }
    // Members: each to the component its links lead to.
    for (i, r) in resources.iter().enumerate() {
        if draft_of[i].is_some() {
            continue;
        }
        if let Some(owner) = owner_of(i, r, resources, &into, &draft_of) {
            drafts[owner].members.push(i);
            draft_of[i] = Some(owner);
        }
    }
    for d in &mut drafts {
        read(d, resources);
    }
    drafts.into_iter().map(Some).collect()
}

/// A read replica in its source's region is another copy of the source, not a component.
fn folds_into_another(r: &Resource, resources: &[Resource]) -> bool {
    match r.ty.as_str() {
        "aws_db_instance" => r
            .links_at("replicate_source_db")
            .any(|s| resources[s].ty == "aws_db_instance" && resources[s].region() == r.region()),
        "aws_elasticache_cluster" => r.str("replication_group_id").is_some(),
        _ => false,
    }
}

fn record_key(r: &Resource) -> (String, String) {
    (
        r.str("name").unwrap_or(&r.origin.address).to_string(),
        r.str("type").unwrap_or("").to_string(),
    )
}

/// The component a member belongs to, through the attributes that tie it.
fn owner_of(
    i: usize,
    r: &Resource,
    resources: &[Resource],
    into: &[Vec<(usize, &str)>],
    draft_of: &[Option<usize>],
) -> Option<usize> {
    let via = |attributes: &[&str]| {
        attributes
            .iter()
            .flat_map(|a| r.links_at(a))
            .find_map(|t| draft_of[t])
    };
    let from = |attributes: &[&str]| {
        into[i]
            .iter()
            .filter(|(_, a)| attributes.contains(a))
            .find_map(|&(f, _)| draft_of[f])
    };
    match r.ty.as_str() {
        "aws_db_instance" => via(&["replicate_source_db"]),
        "aws_rds_cluster_instance"
        | "aws_docdb_cluster_instance"
        | "aws_neptune_cluster_instance" => via(&["cluster_identifier"]),
        "aws_elasticache_cluster" => via(&["replication_group_id"]),
        "aws_s3_bucket_versioning"
        | "aws_s3_bucket_replication_configuration"
        | "aws_s3_bucket_object_lock_configuration"
        | "aws_s3_bucket_lifecycle_configuration" => via(&["bucket"]),
        "aws_lb_listener" | "aws_alb_listener" => via(&["load_balancer_arn"]),
        "aws_lb_listener_rule" | "aws_alb_listener_rule" => {
            r.links_at("listener_arn").find_map(|l| {
                resources[l]
                    .links_at("load_balancer_arn")
                    .find_map(|t| draft_of[t])
            })
        }
        "aws_lb_target_group" | "aws_alb_target_group" => {
            from(&["target_group_arns", "load_balancer"]).or_else(|| {
                // A target group no compute names: with the load balancer that forwards to it.
                into[i].iter().find_map(|&(f, a)| {
                    (a == "default_action" || a == "action")
                        .then(|| {
                            resources[f]
                                .links_at("load_balancer_arn")
                                .find_map(|t| draft_of[t])
                        })
                        .flatten()
                })
            })
        }
        "aws_lb_target_group_attachment" | "aws_alb_target_group_attachment" => via(&["target_id"])
            .or_else(|| {
                r.links_at("target_group_arn")
                    .find_map(|tg| into[tg].iter().find_map(|&(f, _)| draft_of[f]))
            }),
        "aws_autoscaling_attachment" => via(&["autoscaling_group_name"]),
        "aws_launch_template" | "aws_launch_configuration" => from(&[
            "launch_template",
            "launch_configuration",
            "mixed_instances_policy",
        ]),
        "aws_ecs_task_definition" => from(&["task_definition"]),
        "aws_efs_mount_target" | "aws_efs_backup_policy" => via(&["file_system_id"]),
        "aws_efs_replication_configuration" => via(&["source_file_system_id"]),
        "aws_dynamodb_table_replica" => via(&["global_table_arn"]),
        "aws_elasticache_global_replication_group" => via(&["primary_replication_group_id"]),
        "aws_db_instance_automated_backups_replication" => via(&["source_db_instance_arn"]),
        "aws_lambda_event_source_mapping" => via(&["function_name"]),
        "aws_sns_topic_subscription" => via(&["topic_arn"]),
        "aws_route53_health_check" => from(&["health_check_id"]),
        "aws_rds_global_cluster" | "aws_docdb_global_cluster" | "aws_neptune_global_cluster" => {
            from(&["global_cluster_identifier"])
        }
        _ => None,
    }
}

/// The members of `d` of one type.
fn members<'a>(
    members: &'a [usize],
    resources: &'a [Resource],
    types: &'a [&str],
) -> impl Iterator<Item = &'a Resource> + 'a {
    members
        .iter()
        .map(move |&m| &resources[m])
        .filter(move |r| types.contains(&r.ty.as_str()))
}

fn days(n: f64) -> Duration {
    // numbers::check has refused what is not 0 to 100 years.
    crate::duration::from_days(n.max(0.0)).unwrap_or(crate::duration::MAX)
}

/// What the component's resources say of it.
fn read(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    match r.ty.as_str() {
        "aws_db_instance" => rds_instance(d, resources),
        "aws_rds_cluster" | "aws_docdb_cluster" | "aws_neptune_cluster" => cluster(d, resources),
        "aws_dynamodb_table" => dynamodb(d, resources),
        "aws_elasticache_replication_group" | "aws_elasticache_cluster" => {
            elasticache(d, resources)
        }
        "aws_elasticache_serverless_cache" | "aws_memorydb_cluster" => {
            managed(d, 2, "multi-AZ by design");
        }
        "aws_s3_bucket" => s3(d, resources),
        "aws_efs_file_system" => efs(d, resources),
        "aws_ebs_volume" => {
            d.scope = Some(Scope::Zonal);
            d.instances = Some(1);
            d.data_gb = r.num("size");
            d.why.insert(
                "scope".into(),
                format!("{a} is an EBS volume: it lives in one zone"),
            );
        }
        "aws_instance" => {
            let n = d.members.len() as u32;
            d.instances = Some(n);
            d.capacity = Some(n);
            d.why.insert(
                "deployment.instances".into(),
                format!("{n} instance{} of {}", super::plural(n as usize), r.group),
            );
            let zones: Vec<&str> = (d.members.iter())
                .filter_map(|&m| resources[m].str("availability_zone"))
                .collect();
            if !zones.is_empty() {
                let z = super::distinct(zones.iter().copied()) as u32;
                d.zones = Some(z);
                d.why.insert(
                    "deployment.zones".into(),
                    format!("its instances are in {z} zone{}", super::plural(z as usize)),
                );
            }
            d.subnets = (d.members.iter())
                .flat_map(|&m| resources[m].links_at("subnet_id"))
                .collect();
        }
        "aws_autoscaling_group" => {
            let desired = r.num("desired_capacity").or_else(|| r.num("min_size"));
            if let Some(n) = desired {
                let n = n as u32;
                d.capacity = Some(n);
                d.instances = Some(n.max(1));
                let which = if r.num("desired_capacity").is_some() {
                    "desired_capacity"
                } else {
                    "min_size"
                };
                d.why
                    .insert("deployment.instances".into(), format!("{a}: {which} = {n}"));
            }
            d.subnets = r.links_at("vpc_zone_identifier").collect();
        }
        "aws_ecs_service" => {
            d.deploy = Some(match r.str("deployment_controller.type") {
                Some("CODE_DEPLOY") => (
                    DeployMethod::BlueGreen,
                    format!("{a}: deployment_controller CODE_DEPLOY (blue/green)"),
                ),
                _ => (
                    DeployMethod::Rolling,
                    format!("{a}: ECS services roll new tasks in by default"),
                ),
            });
            let n = r.num("desired_count").unwrap_or(1.0) as u32;
            d.capacity = Some(n);
            d.instances = Some(n.max(1));
            d.why.insert(
                "deployment.instances".into(),
                match r.num("desired_count") {
                    Some(_) => format!("{a}: desired_count = {n}"),
                    None => format!("{a} declares no desired_count: 1, CloudFormation's default"),
                },
            );
            d.subnets = r.links_at("network_configuration").collect();
        }
        "aws_eks_node_group" => {
            if let Some(n) = r.num("scaling_config.desired_size") {
                d.capacity = Some(n as u32);
                d.instances = Some((n as u32).max(1));
                d.why.insert(
                    "deployment.instances".into(),
                    format!("{a}: scaling_config.desired_size = {n}"),
                );
            }
            d.subnets = r.links_at("subnet_ids").collect();
        }
        "aws_lambda_function" => {
            let subnets: Vec<usize> = r.links_at("vpc_config").collect();
            if subnets.is_empty()
                && r.list("vpc_config.subnet_ids").is_empty()
                && !r.unknown.contains_key("vpc_config")
            {
                managed(
                    d,
                    3,
                    "Lambda runs a function in several zones of its region unless it is pinned to subnets",
                );
            } else {
                d.subnets = subnets;
            }
            d.capacity = Some(3);
        }
        "aws_sfn_state_machine" | "aws_api_gateway_rest_api" | "aws_apigatewayv2_api" => {
            managed(
                d,
                3,
                "a regional managed service, spread over the region's zones",
            );
            d.capacity = Some(3);
        }
        "aws_lb" | "aws_alb" | "aws_elb" => {
            d.subnets = ["subnets", "subnet_mapping"]
                .iter()
                .flat_map(|k| r.links_at(k))
                .collect();
            d.service = match (r.ty.as_str(), r.str("load_balancer_type")) {
                ("aws_elb", _) => "aws:elb".into(),
                (_, Some(t)) => format!("aws:elbv2:{t}"),
                _ => "aws:elbv2:application".into(),
            };
            if let Some(p) = r.bool("enable_deletion_protection") {
                d.deletion_protection = Some(p);
            }
            if d.subnets.is_empty() {
                let n = r.list("availability_zones").len() as u32;
                if n > 0 {
                    d.instances = Some(n);
                    d.zones = Some(n);
                    d.why
                        .insert("deployment.zones".into(), format!("{a} spans {n} zones"));
                }
            }
            d.capacity = Some(1);
        }
        "aws_nat_gateway" => {
            d.instances = Some(1);
            d.zones = Some(1);
            d.scope = Some(Scope::Zonal);
            d.subnets = r.links_at("subnet_id").collect();
            d.why.insert(
                "scope".into(),
                format!("{a} is a NAT gateway: it lives in the zone of its subnet"),
            );
        }
        "aws_cloudfront_distribution" | "aws_globalaccelerator_accelerator" => {
            d.scope = Some(Scope::Global);
            d.why.insert(
                "scope".into(),
                format!("{a} is served from AWS's global edge network"),
            );
        }
        "aws_route53_record" => {
            d.scope = Some(Scope::Global);
        }
        "aws_sqs_queue" | "aws_sns_topic" | "aws_kinesis_stream" | "aws_cloudwatch_event_bus" => {}
        "aws_msk_cluster" => {
            if let Some(n) = r.num("number_of_broker_nodes") {
                d.instances = Some(n as u32);
            }
            d.subnets = r.links_at("broker_node_group_info").collect();
        }
        "aws_mq_broker" => {
            let mode = r.str("deployment_mode").unwrap_or("SINGLE_INSTANCE");
            let (n, z) = if mode == "SINGLE_INSTANCE" {
                (1, 1)
            } else {
                (2, 2)
            };
            d.instances = Some(n);
            d.zones = Some(z);
            d.why.insert(
                "deployment.instances".into(),
                format!("{a}: deployment_mode = {mode}"),
            );
        }
        _ => {}
    }
}

/// A managed service spread over the region's zones.
fn managed(d: &mut Draft, zones: u32, why: &str) {
    d.instances = Some(zones);
    d.zones = Some(zones);
    d.why.insert("deployment.zones".into(), why.to_string());
}

fn rds_instance(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    d.service = format!(
        "aws:rds:{}",
        r.str("engine").unwrap_or("unknown").to_ascii_lowercase()
    );
    let multi_az = r.bool("multi_az").unwrap_or(false);
    let replicas: Vec<&Resource> = (d.members.iter().skip(1))
        .map(|&m| &resources[m])
        .filter(|m| m.ty == "aws_db_instance")
        .collect();
    let copies = 1 + u32::from(multi_az) + replicas.len() as u32;
    d.instances = Some(copies);
    d.zones = Some(
        if multi_az { 2 } else { 1 }.max(super::distinct(
            std::iter::once(r)
                .chain(replicas.iter().copied())
                .filter_map(|m| m.str("availability_zone")),
        ) as u32),
    );
    let mut why = format!("{a}: multi_az = {multi_az}");
    if !replicas.is_empty() {
        why.push_str(&format!(
            ", and {} read replica{} in its region",
            replicas.len(),
            super::plural(replicas.len())
        ));
        if !multi_az {
            // Promoting a read replica is done by hand; a Multi-AZ standby takes over by itself.
            d.in_region = Some(Mode::Async);
            d.managed_failover = Some(false);
            d.why.insert(
                "deployment.managed_failover".into(),
                "a read replica is promoted by hand".into(),
            );
        }
    }
    d.why.insert("deployment.instances".into(), why);
    if multi_az {
        d.why.insert(
            "deployment.zones".into(),
            format!("{a}: multi_az = true puts a standby in a second zone"),
        );
    }
    if let Some(gb) = r.num("allocated_storage") {
        d.data_gb = Some(gb);
        d.why
            .insert("data_gb".into(), format!("{a}: allocated_storage = {gb}"));
    }
    retention(d, r, "backup_retention_period", true, 1.0);
    protection(d, r, "deletion_protection");
    for copy in members(
        &d.members,
        resources,
        &["aws_db_instance_automated_backups_replication"],
    ) {
        d.backup.copy_region = copy.region().map(str::to_string);
        d.why.insert(
            "backup.cross_region_copy".into(),
            format!(
                "{} replicates its automated backups to {}",
                copy.origin.address,
                copy.region().unwrap_or("another region")
            ),
        );
    }
    if let Some(region) = r.str("automatic_backup_replication_region") {
        d.backup.copy_region = Some(region.to_string());
        d.why.insert(
            "backup.cross_region_copy".into(),
            format!("{a}: automated backups replicated to {region}"),
        );
    }
}

/// Deletion protection, off unless the attribute turns it on.
fn protection(d: &mut Draft, r: &Resource, key: &str) {
    let a = &r.origin.address;
    let on = r.bool(key);
    d.deletion_protection = Some(on.unwrap_or(false));
    let why = match (on, r.unknown.get(key)) {
        (Some(on), _) => format!("{a}: {key} = {on}"),
        (None, Some(why)) => format!("{a}: {key} is not known offline ({why}): off, the default"),
        (None, None) => format!("{a} does not set {key}: off by default"),
    };
    d.why.insert("deletion_protection".into(), why);
}

/// `backup_retention_period` (days) → daily backups kept that long, with point-in-time
/// recovery for the engines that have it; `default` when the attribute is not there.
fn retention(d: &mut Draft, r: &Resource, key: &str, pitr: bool, default: f64) {
    let a = &r.origin.address;
    let (n, why) = match r.num(key) {
        Some(n) => (n, format!("{a}: {key} = {n}")),
        None => match r.unknown.get(key) {
            Some(why) => (
                default,
                format!("{a}: {key} is not known offline ({why}): {default}, the service default"),
            ),
            None => (
                default,
                format!("{a} does not set {key}: {default}, the service default"),
            ),
        },
    };
    if n > 0.0 {
        d.backup.frequency = Some(Duration::from_secs(DAY));
        d.backup.retention = Some(days(n));
        d.backup.pitr = pitr;
        d.why.insert(
            "backup.frequency".into(),
            format!("{why}: automated daily snapshots"),
        );
        d.why.insert("backup.retention".into(), why.clone());
        if pitr {
            d.why.insert(
                "backup.pitr".into(),
                format!("{why}: point-in-time recovery within the retention"),
            );
        }
    } else {
        d.why
            .insert("backup".into(), format!("{why}: automated backups are off"));
    }
}

fn cluster(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let engine = r.str("engine").unwrap_or("aurora").to_ascii_lowercase();
    d.service = match r.ty.as_str() {
        "aws_docdb_cluster" => "aws:docdb".into(),
        "aws_neptune_cluster" => "aws:neptune".into(),
        _ => format!("aws:aurora:{engine}"),
    };
    let instances: Vec<&Resource> = members(
        &d.members,
        resources,
        &[
            "aws_rds_cluster_instance",
            "aws_docdb_cluster_instance",
            "aws_neptune_cluster_instance",
        ],
    )
    .collect();
    let multi_az_cluster = matches!(engine.as_str(), "mysql" | "postgres");
    let serverless = r.str("engine_mode") == Some("serverless");
    let n = if multi_az_cluster {
        3
    } else {
        instances.len().max(1) as u32
    };
    d.instances = Some(n);
    let count = instances.len();
    d.why.insert(
        "deployment.instances".into(),
        if multi_az_cluster {
            format!("{a} is a Multi-AZ DB cluster ({engine}): a writer and two readable standbys")
        } else if serverless {
            format!("{a}: engine_mode = serverless (Aurora Serverless v1): no instances of its own, capacity in one zone at a time, counted as 1")
        } else if count == 0 {
            format!("{a} has no instances in the sources: counted as 1")
        } else {
            format!("{a} has {count} instance{}", super::plural(count))
        },
    );
    let zones = super::distinct(instances.iter().filter_map(|i| i.str("availability_zone"))) as u32;
    let z = if multi_az_cluster {
        3
    } else if zones > 0 {
        zones
    } else {
        n.min(3)
    };
    d.zones = Some(z);
    d.why.insert(
        "deployment.zones".into(),
        if zones > 0 {
            format!(
                "its instances are in {zones} zone{}",
                super::plural(zones as usize)
            )
        } else if n == 1 {
            "one instance: one zone".to_string()
        } else {
            format!("no instance sets its zone: RDS spreads a cluster's {n} instances over different zones")
        },
    );
    if let Some(gb) = r.num("allocated_storage") {
        d.data_gb = Some(gb);
        d.why
            .insert("data_gb".into(), format!("{a}: allocated_storage = {gb}"));
    }
    // Aurora, DocumentDB and Neptune back up continuously within the retention.
    retention(d, r, "backup_retention_period", true, 1.0);
    if let Some(w) = r.num("backtrack_window").filter(|w| *w > 0.0) {
        d.why.insert("backup.backtrack".into(), format!("{a}: backtrack_window = {w}s rewinds the cluster in place (not modelled beyond PITR)"));
    }
    protection(d, r, "deletion_protection");
}

fn dynamodb(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    managed(d, 3, "DynamoDB keeps a table in three zones of its region");
    let pitr = r.bool("point_in_time_recovery.enabled").unwrap_or(false);
    if pitr {
        d.backup.pitr = true;
        let days_kept = r
            .num("point_in_time_recovery.recovery_period_in_days")
            .unwrap_or(35.0);
        d.backup.retention = Some(days(days_kept));
        d.why.insert(
            "backup.pitr".into(),
            format!("{a}: point_in_time_recovery enabled"),
        );
        d.why.insert(
            "backup.retention".into(),
            format!("{a}: point-in-time recovery keeps {days_kept} days"),
        );
    } else {
        d.why.insert(
            "backup".into(),
            format!("{a}: point_in_time_recovery is off"),
        );
    }
    protection(d, r, "deletion_protection_enabled");
    let separate: Vec<&str> = members(&d.members, resources, &["aws_dynamodb_table_replica"])
        .filter_map(Resource::region)
        .collect();
    let replicas: Vec<&str> = r
        .list("replica")
        .iter()
        .filter_map(|v| v.get("region_name")?.as_str())
        .chain(separate)
        .collect();
    if let Some(&region) = replicas.first() {
        let strong = r
            .list("replica")
            .iter()
            .any(|v| v.get("consistency_mode").and_then(|m| m.as_str()) == Some("STRONG"));
        d.replication = Some((if strong { Mode::Sync } else { Mode::Async }, None));
        d.secondary = Some(super::Secondary {
            region: region.to_string(),
            capacity: None,
            replica: true,
        });
        d.why.insert(
            "replication.mode".into(),
            format!(
                "{a} is a global table with a replica in {}",
                replicas.join(", ")
            ),
        );
    }
}

fn elasticache(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    d.service = format!("aws:elasticache:{}", r.str("engine").unwrap_or("redis"));
    let nodes = r
        .num("num_cache_clusters")
        .or_else(|| r.num("number_cache_clusters"))
        .or_else(|| {
            // Shards hold different keys: the copies of the data are those of one shard.
            r.num("num_node_groups")?;
            Some(1.0 + r.num("replicas_per_node_group").unwrap_or(0.0))
        })
        .or_else(|| r.num("num_cache_nodes"))
        .unwrap_or(1.0) as u32;
    d.instances = Some(nodes);
    d.why.insert(
        "deployment.instances".into(),
        match r
            .num("num_node_groups")
            .filter(|_| r.num("num_cache_clusters").is_none())
        {
            Some(shards) => format!(
                "{a}: {shards} shards of {nodes} node{} each: {nodes} cop{} of each key",
                super::plural(nodes as usize),
                if nodes == 1 { "y" } else { "ies" }
            ),
            None => format!("{a}: {nodes} node{}", super::plural(nodes as usize)),
        },
    );
    let multi_az = r.bool("multi_az_enabled");
    let said = match multi_az {
        Some(m) => format!("{a}: multi_az_enabled = {m}"),
        None => format!("{a} does not set multi_az_enabled: off by default"),
    };
    let multi_az = multi_az.unwrap_or(false);
    let azs = r.list("preferred_cache_cluster_azs").len() as u32;
    d.zones = Some(if azs > 0 {
        azs
    } else if multi_az {
        nodes.min(2)
    } else {
        1
    });
    d.why.insert("deployment.zones".into(), said);
    let failover = r.bool("automatic_failover_enabled").unwrap_or(false);
    d.managed_failover = Some(failover);
    d.in_region = Some(Mode::Async);
    d.why.insert(
        "deployment.managed_failover".into(),
        format!("{a}: automatic_failover_enabled = {failover}"),
    );
    match r.num("snapshot_retention_limit").filter(|n| *n > 0.0) {
        Some(n) => {
            d.backup.frequency = Some(Duration::from_secs(DAY));
            d.backup.retention = Some(days(n));
            d.why.insert(
                "backup.frequency".into(),
                format!("{a}: snapshot_retention_limit = {n}: daily snapshots"),
            );
            d.why.insert(
                "backup.retention".into(),
                format!("{a}: snapshot_retention_limit = {n} days"),
            );
        }
        None => {
            d.why.insert(
                "backup".into(),
                format!("{a}: snapshot_retention_limit = 0: no snapshots"),
            );
        }
    }
}

fn s3(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let versioning = members(&d.members, resources, &["aws_s3_bucket_versioning"])
        .find_map(|v| {
            v.str("versioning_configuration.status")
                .map(|s| (s == "Enabled", v.origin.address.clone()))
        })
        .or_else(|| r.bool("versioning.enabled").map(|e| (e, a.clone())))
        .or_else(|| {
            let status = r.str("versioning_configuration.status")?;
            Some((status == "Enabled", a.clone()))
        });
    let known = versioning.is_some();
    let (on, from) = versioning.unwrap_or((false, a.clone()));
    d.backup.versioning = Some(on);
    d.why.insert(
        "backup.versioning".into(),
        if known {
            format!(
                "{from}: versioning {}",
                if on { "Enabled" } else { "not enabled" }
            )
        } else {
            format!("{a} has no versioning configuration: a bucket is unversioned by default")
        },
    );
    let locked = r.bool("object_lock_enabled").unwrap_or(false)
        || r.str("object_lock_configuration.object_lock_enabled") == Some("Enabled")
        || members(
            &d.members,
            resources,
            &["aws_s3_bucket_object_lock_configuration"],
        )
        .next()
        .is_some();
    if locked {
        d.backup.immutable = true;
        d.why.insert(
            "backup.immutable".into(),
            format!("{a}: object lock keeps versions from being deleted"),
        );
    }
}

fn efs(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    match r.str("availability_zone_name") {
        Some(zone) => {
            d.instances = Some(1);
            d.zones = Some(1);
            d.scope = Some(Scope::Zonal);
            d.why
                .insert("scope".into(), format!("{a}: One Zone storage in {zone}"));
        }
        None => managed(d, 3, "EFS Regional storage keeps data in several zones"),
    }
    let enabled = std::iter::once(r)
        .chain(members(&d.members, resources, &["aws_efs_backup_policy"]))
        .any(|p| p.str("backup_policy.status") == Some("ENABLED"));
    if enabled {
        d.backup.frequency = Some(Duration::from_secs(DAY));
        d.backup.retention = Some(days(35.0));
        d.why.insert("backup.frequency".into(), format!("{a}: automatic backups ENABLED (AWS Backup's default EFS plan: daily, kept 35 days)"));
    }
    let replicated = members(
        &d.members,
        resources,
        &["aws_efs_replication_configuration"],
    )
    .find_map(|c| {
        Some((
            c.str("destination.region").or(c.region())?.to_string(),
            c.origin.address.clone(),
        ))
    })
    .or_else(|| {
        let region = r
            .list("replication_configuration.destinations")
            .iter()
            .find_map(|x| x.get("region")?.as_str())?;
        Some((region.to_string(), a.clone()))
    });
    if let Some((region, from)) = replicated {
        d.replication = Some((Mode::Async, None));
        d.why.insert("replication.mode".into(), format!("{from} replicates the file system to {region} (EFS replication: most changes within 15 minutes)"));
        d.secondary = Some(super::Secondary {
            region,
            capacity: None,
            replica: true,
        });
    }
}

/// The name the component is shown with: its `Name` tag, or the name the service knows it by.
pub fn name(r: &Resource) -> Option<String> {
    if let Some(n) = r.tags.get("Name") {
        return Some(n.clone());
    }
    [
        "name",
        "identifier",
        "bucket",
        "function_name",
        "cluster_identifier",
        "replication_group_id",
    ]
    .iter()
    .find_map(|k| r.str(k))
    .filter(|n| !n.is_empty())
    .map(str::to_string)
}
