//! Each component's facts from its resources: what it is, how many copies it runs, its backups
//! and protection; and how the resources that fold into a component (a cluster's instances, a
//! bucket's versioning, an Auto Scaling group's launch template and target group) find it.
//! Each function here is named by its type's row in `types.rs`.

use std::collections::BTreeMap;
use std::time::Duration;

use super::lookup::{is, row};
use super::row::{Facts, Folds, Grouping, Is, Owner, OwnerRule};
use crate::import::draft::{Draft, Secondary, days, distinct, plural};
use crate::import::provider::{Reach, Role};
use crate::import::resource::Resource;
use crate::input::field::Field;
use crate::input::raw::RawResource;
use crate::model::{DeployMethod, Mode, Scope};

const DAY: u64 = 86_400;

/// One draft per component, with its members folded in (`None` where a draft was folded); and
/// the resources of component types that are plumbing (`Folds::AlertingOnly`).
pub fn drafts(resources: &[Resource]) -> (Vec<Option<Draft>>, Vec<usize>) {
    let into = crate::import::draft::incoming(resources);
    let mut drafts: Vec<Draft> = Vec::new();
    let mut draft_of: Vec<Option<usize>> = vec![None; resources.len()];
    let mut plumbing = Vec::new();
    // The instances of one `count` or `for_each` resource are one component; so are records
    // of one name and type (a failover pair).
    let mut instance_groups: BTreeMap<(&str, Option<&str>), usize> = BTreeMap::new();
    let mut record_groups: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, r) in resources.iter().enumerate() {
        let Some(t) = row(r) else { continue };
        let Role::Component(kind, service) = t.role else {
            continue;
        };
        if let Some(f) = t.folds
            && folds(f, i, r, resources, &into)
        {
            if f == Folds::AlertingOnly {
                plumbing.push(i);
            }
            continue;
        }
        let group = match t.group {
            Grouping::Instances => instance_groups.get(&(r.group(), r.region())).copied(),
            Grouping::RecordSet => record_groups.get(&record_key(r)).copied(),
            Grouping::None => None,
        };
        if let Some(k) = group {
            drafts[k].members.push(i);
            draft_of[i] = Some(k);
            continue;
        }
        let k = drafts.len();
        match t.group {
            Grouping::Instances => {
                instance_groups.insert((r.group(), r.region()), k);
            }
            Grouping::RecordSet => {
                record_groups.insert(record_key(r), k);
            }
            Grouping::None => {}
        }
        draft_of[i] = Some(k);
        let mut d = Draft::new(i, kind, service, r.region());
        d.groups_instances = t.group == Grouping::Instances;
        d.reach = (t.reach, None);
        drafts.push(d);
    }
    // Members: each to the component its links lead to.
    for (i, r) in resources.iter().enumerate() {
        if draft_of[i].is_some() {
            continue;
        }
        let Some(t) = row(r) else { continue };
        let owner = match t.owner {
            Owner::None => None,
            Owner::Via(attributes) => (attributes.iter())
                .flat_map(|a| r.links_at(a))
                .find_map(|t| draft_of[t])
                .or_else(|| {
                    (attributes.iter())
                        .filter_map(|a| r.str(a))
                        .find_map(|arn| named_by_arn(arn, &drafts, resources))
                }),
            Owner::From(attributes) => (into[i].iter())
                .filter(|(_, a)| attributes.contains(a))
                .find_map(|&(f, _)| draft_of[f]),
            Owner::Rule(rule) => owner(rule, i, r, resources, &into, &draft_of),
        };
        if let Some(owner) = owner {
            drafts[owner].members.push(i);
            draft_of[i] = Some(owner);
        }
    }
    for d in &mut drafts {
        if let Some(facts) = row(&resources[d.root]).and_then(|t| t.facts) {
            read(facts, d, resources);
        }
        super::deletion::read(d, resources);
        identify(d, resources);
    }
    (drafts.into_iter().map(Some).collect(), plumbing)
}

/// The draft an ARN names where no reference links to it (a replica in another source names
/// its table by a literal ARN): the draft whose root is of the ARN's service, in its region,
/// and known by the ARN's last part.
fn named_by_arn(arn: &str, drafts: &[Draft], resources: &[Resource]) -> Option<usize> {
    let region = super::region::arn_region(arn)?;
    let service = arn.split(':').nth(2)?;
    let name = arn.rsplit(['/', ':']).next()?;
    drafts.iter().position(|d| {
        let root = &resources[d.root];
        row(root).is_some_and(|t| {
            t.backup.is_some_and(|b| b.service == service)
                && t.identity.is_some_and(|(_, a)| root.str(a) == Some(name))
        }) && root.region() == Some(region)
    })
}

/// What the component's resources say of it, by its type's function.
fn read(facts: Facts, d: &mut Draft, resources: &[Resource]) {
    let f = match facts {
        Facts::AutoscalingGroup => autoscaling_group,
        Facts::Cluster => cluster,
        Facts::DnsRecord => dns_record,
        Facts::DynamodbTable => dynamodb_table,
        Facts::EbsVolume => ebs_volume,
        Facts::Ec2Instances => ec2_instances,
        Facts::EcsService => ecs_service,
        Facts::EdgeNetwork => edge_network,
        Facts::Efs => efs,
        Facts::EksNodeGroup => eks_node_group,
        Facts::Elasticache => elasticache,
        Facts::LambdaFunction => lambda_function,
        Facts::LoadBalancer => load_balancer,
        Facts::MqBroker => mq_broker,
        Facts::MskCluster => msk_cluster,
        Facts::MultiAzByDesign => multi_az_by_design,
        Facts::NatGateway => nat_gateway,
        Facts::RdsInstance => rds_instance,
        Facts::RegionalService => regional_service,
        Facts::S3Bucket => s3_bucket,
    };
    f(d, resources);
}

/// The cloud resource a draft stands for, for `drplan verify`: its ARN where the source has it
/// (a state), else its kind, identifier and region (a plan or a template that names it); a
/// name generated at apply time is known from neither, and the note says so.
fn identify(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let Some((kind, attribute)) = row(r).and_then(|t| t.identity) else {
        return;
    };
    let a = &r.origin.address;
    let unknown = crate::input::raw::Unknown::default;
    // Checked as the input checks them, so that what is written loads.
    let arn = (r.str("arn"))
        .filter(|arn| crate::model::Resource::from_arn(arn).is_ok())
        .map(|arn| RawResource {
            arn: Some(arn.to_string()),
            service: None,
            id: None,
            region: None,
            unknown: unknown(),
        });
    let named = || {
        let (id, region) = (r.str(attribute)?, r.region()?);
        crate::model::Resource::named(kind, id, region).ok()?;
        Some(RawResource {
            arn: None,
            service: Some(kind),
            id: Some(id.to_string()),
            region: Some(region.to_string()),
            unknown: unknown(),
        })
    };
    match arn.map(|x| (x, "arn")).or_else(|| named().map(|x| (x, attribute))) {
        Some((found, from)) => {
            d.resources.push(found);
            d.note(Field::Resources, format!("{a}: its {from}, for drplan verify"));
        }
        None => d.note(
            Field::Resources,
            format!(
                "{a}: neither its ARN nor its {attribute} is known from this source (generated at apply time, or computed): import the state, or declare \"resources\" for drplan verify"
            ),
        ),
    }
}

/// Whether a resource is another component's copy, or plumbing, rather than a component.
fn folds(
    which: Folds,
    i: usize,
    r: &Resource,
    resources: &[Resource],
    into: &[Vec<(usize, &str)>],
) -> bool {
    match which {
        Folds::ReadReplicaInRegion => read_replica_in_region(r, resources),
        Folds::InReplicationGroup => r.str("replication_group_id").is_some(),
        Folds::AlertingOnly => alerting_only(&into[i], resources),
    }
}

/// Attributes through which AWS services publish alerts to a topic (alarm actions, event
/// subscriptions, notification settings).
const ALERTING: &[&str] = &[
    "alarm_actions",
    "ok_actions",
    "insufficient_data_actions",
    "sns_topic",
    "sns_topic_arn",
    "notification_topic_arn",
];

/// A topic that only alarms and service events publish to, and that no application resource
/// names: alerting plumbing, not a component with a region strategy. Its own subscriptions do
/// not count (they deliver the alerts).
pub(super) fn alerting_only(into: &[(usize, &str)], resources: &[Resource]) -> bool {
    let mut alerts = 0;
    for &(f, attribute) in into {
        match is(&resources[f]) {
            Is::Subscription => {}
            Is::Alarm | Is::AlertSource => alerts += 1,
            _ if ALERTING.contains(&attribute) => alerts += 1,
            _ => return false,
        }
    }
    alerts > 0
}

/// The component a member finds by its type's rule.
fn owner(
    rule: OwnerRule,
    i: usize,
    r: &Resource,
    resources: &[Resource],
    into: &[Vec<(usize, &str)>],
    draft_of: &[Option<usize>],
) -> Option<usize> {
    match rule {
        OwnerRule::ListenerRule => listener_rule_owner(r, resources, draft_of),
        OwnerRule::TargetGroup => target_group_owner(i, resources, into, draft_of),
        OwnerRule::Attachment => attachment_owner(r, into, draft_of),
        OwnerRule::GlobalCluster => (r.links_at("source_db_cluster_identifier"))
            .find_map(|t| draft_of[t])
            .or_else(|| {
                (into[i].iter())
                    .filter(|(_, a)| *a == "global_cluster_identifier")
                    .find_map(|&(f, _)| draft_of[f])
            }),
    }
}

/// A read replica in its source's region is another copy of the source, not a component.
fn read_replica_in_region(r: &Resource, resources: &[Resource]) -> bool {
    r.links_at("replicate_source_db")
        .any(|s| is(&resources[s]) == Is::DbInstance && resources[s].region() == r.region())
}

fn record_key(r: &Resource) -> (String, String) {
    (
        r.str("name").unwrap_or(&r.origin.address).to_string(),
        r.str("type").unwrap_or("").to_string(),
    )
}

/// A listener rule belongs to its listener's load balancer.
fn listener_rule_owner(
    r: &Resource,
    resources: &[Resource],
    draft_of: &[Option<usize>],
) -> Option<usize> {
    r.links_at("listener_arn").find_map(|l| {
        resources[l]
            .links_at("load_balancer_arn")
            .find_map(|t| draft_of[t])
    })
}

/// A target group belongs to the compute that registers in it; one no compute names, to the
/// load balancer that forwards to it.
fn target_group_owner(
    i: usize,
    resources: &[Resource],
    into: &[Vec<(usize, &str)>],
    draft_of: &[Option<usize>],
) -> Option<usize> {
    (into[i].iter())
        .filter(|(_, a)| ["target_group_arns", "load_balancer"].contains(a))
        .find_map(|&(f, _)| draft_of[f])
        .or_else(|| {
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

/// A target group attachment belongs to its target, else to what registers in its group.
fn attachment_owner(
    r: &Resource,
    into: &[Vec<(usize, &str)>],
    draft_of: &[Option<usize>],
) -> Option<usize> {
    r.links_at("target_id")
        .find_map(|t| draft_of[t])
        .or_else(|| {
            r.links_at("target_group_arn")
                .find_map(|tg| into[tg].iter().find_map(|&(f, _)| draft_of[f]))
        })
}

/// The members of a draft that are of one kind.
fn members<'m, 'r>(
    members: &'m [usize],
    resources: &'r [Resource],
    kind: Is,
) -> impl Iterator<Item = &'r Resource> + use<'m, 'r> {
    members
        .iter()
        .map(move |&m| &resources[m])
        .filter(move |r| is(r) == kind)
}

/// A serverless cache is multi-AZ by design.
fn multi_az_by_design(d: &mut Draft, _resources: &[Resource]) {
    managed(d, 2, "multi-AZ by design");
}

/// An EBS volume lives in one zone.
fn ebs_volume(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    d.scope = Some(Scope::Zonal);
    d.instances = Some(1);
    d.data_gb = r.num("size");
    d.note(
        Field::Scope,
        format!("{a} is an EBS volume: it lives in one zone"),
    );
}

/// EC2 instances: how many, in how many zones.
fn ec2_instances(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let n = d.members.len() as u32;
    d.instances = Some(n);
    d.capacity = Some(n);
    d.note(
        Field::DeploymentInstances,
        format!("{n} instance{} of {}", plural(n as usize), r.group()),
    );
    let zones: Vec<&str> = (d.members.iter())
        .filter_map(|&m| resources[m].str("availability_zone"))
        .collect();
    if !zones.is_empty() {
        let z = distinct(zones.iter().copied()) as u32;
        d.zones = Some(z);
        d.note(
            Field::DeploymentZones,
            format!("its instances are in {z} zone{}", plural(z as usize)),
        );
    }
    d.subnets = (d.members.iter())
        .flat_map(|&m| resources[m].links_at("subnet_id"))
        .collect();
}

/// An Auto Scaling group: its desired capacity and subnets.
fn autoscaling_group(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
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
        d.note(Field::DeploymentInstances, format!("{a}: {which} = {n}"));
    }
    d.subnets = r.links_at("vpc_zone_identifier").collect();
}

/// An ECS service: its tasks, subnets and how it deploys.
fn ecs_service(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
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
    d.note(
        Field::DeploymentInstances,
        match r.num("desired_count") {
            Some(_) => format!("{a}: desired_count = {n}"),
            None => format!("{a} declares no desired_count: 1, CloudFormation's default"),
        },
    );
    d.subnets = r.links_at("network_configuration").collect();
}

/// An EKS node group: its desired size and subnets.
fn eks_node_group(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    if let Some(n) = r.num("scaling_config.desired_size") {
        d.capacity = Some(n as u32);
        d.instances = Some((n as u32).max(1));
        d.note(
            Field::DeploymentInstances,
            format!("{a}: scaling_config.desired_size = {n}"),
        );
    }
    d.subnets = r.links_at("subnet_ids").collect();
}

/// A Lambda function: spread over the region unless pinned to subnets.
fn lambda_function(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
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
    // A public function URL is a way in; an event source invokes the function instead.
    let public = members(&d.members, resources, Is::FunctionUrl)
        .find(|u| u.str("authorization_type").or(u.str("auth_type")) == Some("NONE"));
    let sourced = members(&d.members, resources, Is::EventSourceMapping).next();
    if let Some(url) = public {
        d.reach = (
            Reach::Users,
            Some(format!(
                "{}: a function URL with authorization NONE: anyone on the internet reaches it",
                url.origin.address
            )),
        );
    } else if let Some(m) = sourced {
        d.reach = (
            Reach::Never,
            Some(format!(
                "{} invokes it with what its event source delivers: users do not reach it",
                m.origin.address
            )),
        );
    }
}

/// A regional managed service (Step Functions, API Gateway).
fn regional_service(d: &mut Draft, _resources: &[Resource]) {
    managed(
        d,
        3,
        "a regional managed service, spread over the region's zones",
    );
    d.capacity = Some(3);
}

/// A load balancer: its subnets or zones, type and protection.
fn load_balancer(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    d.subnets = ["subnets", "subnet_mapping"]
        .iter()
        .flat_map(|k| r.links_at(k))
        .collect();
    d.service = match (is(r), r.str("load_balancer_type")) {
        (Is::ClassicLoadBalancer, _) => "aws:elb".into(),
        (_, Some(t)) => format!("aws:elbv2:{t}"),
        _ => "aws:elbv2:application".into(),
    };
    if let Some(p) = r.bool("enable_deletion_protection") {
        d.deletion_protection = Some(p);
    }
    let internal = r.bool("internal").unwrap_or(false) || r.str("scheme") == Some("internal");
    d.reach = if internal {
        (
            Reach::IfUnreached,
            Some(format!(
                "{a} is internal: users do not reach it, so it is an entry point only when nothing in the sources does"
            )),
        )
    } else {
        (
            Reach::Users,
            Some(format!(
                "{a} is internet-facing (the default scheme): users reach it"
            )),
        )
    };
    if d.subnets.is_empty() {
        let n = r.list("availability_zones").len() as u32;
        if n > 0 {
            d.instances = Some(n);
            d.zones = Some(n);
            d.note(Field::DeploymentZones, format!("{a} spans {n} zones"));
        }
    }
    d.capacity = Some(1);
}

/// A NAT gateway lives in the zone of its subnet.
fn nat_gateway(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    d.instances = Some(1);
    d.zones = Some(1);
    d.scope = Some(Scope::Zonal);
    d.subnets = r.links_at("subnet_id").collect();
    d.note(
        Field::Scope,
        format!("{a} is a NAT gateway: it lives in the zone of its subnet"),
    );
    d.reach.1 = Some(format!(
        "{a} is a NAT gateway: a path out of the VPC for what runs in it, which users never reach"
    ));
}

/// Served from AWS's global edge network.
fn edge_network(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    d.scope = Some(Scope::Global);
    d.note(
        Field::Scope,
        format!("{a} is served from AWS's global edge network"),
    );
}

/// A DNS record is global.
fn dns_record(d: &mut Draft, _resources: &[Resource]) {
    d.scope = Some(Scope::Global);
}

/// An MSK cluster: its brokers and subnets.
fn msk_cluster(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    if let Some(n) = r.num("number_of_broker_nodes") {
        d.instances = Some(n as u32);
    }
    d.subnets = r.links_at("broker_node_group_info").collect();
}

/// An Amazon MQ broker: single instance or active/standby.
fn mq_broker(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    let mode = r.str("deployment_mode").unwrap_or("SINGLE_INSTANCE");
    let (n, z) = if mode == "SINGLE_INSTANCE" {
        (1, 1)
    } else {
        (2, 2)
    };
    d.instances = Some(n);
    d.zones = Some(z);
    d.note(
        Field::DeploymentInstances,
        format!("{a}: deployment_mode = {mode}"),
    );
}

/// A managed service spread over the region's zones.
fn managed(d: &mut Draft, zones: u32, why: &str) {
    d.instances = Some(zones);
    d.zones = Some(zones);
    d.note(Field::DeploymentZones, why.to_string());
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
        .filter(|m| is(m) == Is::DbInstance)
        .collect();
    let copies = 1 + u32::from(multi_az) + replicas.len() as u32;
    d.instances = Some(copies);
    d.zones = Some(
        if multi_az { 2 } else { 1 }.max(distinct(
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
            plural(replicas.len())
        ));
        if !multi_az {
            // Promoting a read replica is done by hand; a Multi-AZ standby takes over by itself.
            d.in_region = Some(Mode::Async);
            d.managed_failover = Some(false);
            d.note(
                Field::DeploymentManagedFailover,
                "a read replica is promoted by hand".into(),
            );
        }
    }
    d.note(Field::DeploymentInstances, why);
    if multi_az {
        d.note(
            Field::DeploymentZones,
            format!("{a}: multi_az = true puts a standby in a second zone"),
        );
    }
    if let Some(gb) = r.num("allocated_storage") {
        d.data_gb = Some(gb);
        d.note(Field::DataGb, format!("{a}: allocated_storage = {gb}"));
    }
    retention(d, r, "backup_retention_period", true, 1.0);
    protection(d, r, "deletion_protection");
    let copies: Vec<&Resource> = members(&d.members, resources, Is::BackupReplication).collect();
    for copy in copies {
        d.backup.copy_region = copy.region().map(str::to_string);
        d.note(
            Field::BackupCrossRegionCopy,
            format!(
                "{} replicates its automated backups to {}",
                copy.origin.address,
                copy.region().unwrap_or("another region")
            ),
        );
    }
    if let Some(region) = r.str("automatic_backup_replication_region") {
        d.backup.copy_region = Some(region.to_string());
        d.note(
            Field::BackupCrossRegionCopy,
            format!("{a}: automated backups replicated to {region}"),
        );
    }
}

/// Deletion protection, off unless the attribute turns it on.
fn protection(d: &mut Draft, r: &Resource, key: &str) {
    let a = &r.origin.address;
    let on = r.bool(key);
    d.deletion_protection = Some(on.unwrap_or(false));
    match (on, r.unknown.get(key)) {
        (Some(on), _) => d.note(Field::DeletionProtection, format!("{a}: {key} = {on}")),
        (None, Some(why)) => d.note_unknown(
            Field::DeletionProtection,
            format!("{a}: {key} is not known offline ({why}): off, the default"),
        ),
        (None, None) => d.note(
            Field::DeletionProtection,
            format!("{a} does not set {key}: off by default"),
        ),
    }
}

/// `backup_retention_period` (days) → daily backups kept that long, with point-in-time
/// recovery for the engines that have it; `default` when the attribute is not there.
fn retention(d: &mut Draft, r: &Resource, key: &str, pitr: bool, default: f64) {
    let a = &r.origin.address;
    let (n, why, unknown) = match r.num(key) {
        Some(n) => (n, format!("{a}: {key} = {n}"), false),
        None => match r.unknown.get(key) {
            Some(why) => (
                default,
                format!("{a}: {key} is not known offline ({why}): {default}, the service default"),
                true,
            ),
            None => (
                default,
                format!("{a} does not set {key}: {default}, the service default"),
                false,
            ),
        },
    };
    if n > 0.0 {
        d.backup.frequency = Some(Duration::from_secs(DAY));
        d.backup.retention = Some(days(n));
        d.backup.pitr = pitr;
        d.note(
            Field::BackupFrequency,
            format!("{why}: automated daily snapshots"),
        );
        d.note(Field::BackupRetention, why.clone());
        if pitr {
            d.note(
                Field::BackupPitr,
                format!("{why}: point-in-time recovery within the retention"),
            );
        }
        if unknown {
            d.unknown
                .extend([Field::BackupFrequency, Field::BackupRetention]);
            if pitr {
                d.unknown.insert(Field::BackupPitr);
            }
        }
    } else {
        d.note(Field::Backup, format!("{why}: automated backups are off"));
    }
}

fn cluster(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let engine = r.str("engine").unwrap_or("aurora").to_ascii_lowercase();
    // DocumentDB and Neptune keep their own service; an RDS cluster is Aurora's or a
    // Multi-AZ DB cluster's engine.
    if is(r) == Is::AuroraCluster {
        d.service = format!("aws:aurora:{engine}");
    }
    let instances: Vec<&Resource> = members(&d.members, resources, Is::ClusterInstance).collect();
    let multi_az_cluster = matches!(engine.as_str(), "mysql" | "postgres");
    let serverless = r.str("engine_mode") == Some("serverless");
    let n = if multi_az_cluster {
        3
    } else {
        instances.len().max(1) as u32
    };
    d.instances = Some(n);
    let count = instances.len();
    d.note(Field::DeploymentInstances,
        if multi_az_cluster {
            format!("{a} is a Multi-AZ DB cluster ({engine}): a writer and two readable standbys")
        } else if serverless {
            format!("{a}: engine_mode = serverless (Aurora Serverless v1): no instances of its own, capacity in one zone at a time, counted as 1")
        } else if count == 0 {
            format!("{a} has no instances in the sources: counted as 1")
        } else {
            format!("{a} has {count} instance{}", plural(count))
        },
    );
    let zones = distinct(instances.iter().filter_map(|i| i.str("availability_zone"))) as u32;
    let z = if multi_az_cluster {
        3
    } else if zones > 0 {
        zones
    } else {
        n.min(3)
    };
    d.zones = Some(z);
    d.note(Field::DeploymentZones,
        if zones > 0 {
            format!(
                "its instances are in {zones} zone{}",
                plural(zones as usize)
            )
        } else if n == 1 {
            "one instance: one zone".to_string()
        } else {
            format!("no instance sets its zone: RDS spreads a cluster's {n} instances over different zones")
        },
    );
    if let Some(gb) = r.num("allocated_storage") {
        d.data_gb = Some(gb);
        d.note(Field::DataGb, format!("{a}: allocated_storage = {gb}"));
    }
    // Aurora, DocumentDB and Neptune back up continuously within the retention.
    retention(d, r, "backup_retention_period", true, 1.0);
    if let Some(w) = r.num("backtrack_window").filter(|w| *w > 0.0) {
        // Backtracking rewinds in place; recovery is modelled by point-in-time recovery.
        let note = format!(
            "{a}: backtrack_window = {w}s rewinds the cluster in place (not modelled beyond PITR)"
        );
        let field = if d.backup.pitr {
            Field::BackupPitr
        } else {
            Field::Backup
        };
        let text = d.why.entry(field);
        if !text.is_empty() {
            text.push_str("; ");
        }
        text.push_str(&note);
    }
    protection(d, r, "deletion_protection");
}

fn dynamodb_table(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    managed(d, 3, "DynamoDB keeps a table in three zones of its region");
    // Its replicas in other regions are a global table's: each takes writes.
    d.multi_writer = true;
    let pitr = r.bool("point_in_time_recovery.enabled").unwrap_or(false);
    if pitr {
        d.backup.pitr = true;
        let days_kept = r
            .num("point_in_time_recovery.recovery_period_in_days")
            .unwrap_or(35.0);
        d.backup.retention = Some(days(days_kept));
        d.note(
            Field::BackupPitr,
            format!("{a}: point_in_time_recovery enabled"),
        );
        d.note(
            Field::BackupRetention,
            format!("{a}: point-in-time recovery keeps {days_kept} days"),
        );
    } else {
        d.note(Field::Backup, format!("{a}: point_in_time_recovery is off"));
    }
    protection(d, r, "deletion_protection_enabled");
    let separate: Vec<&str> = members(&d.members, resources, Is::TableReplica)
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
        d.secondary = Some(Secondary {
            region: region.to_string(),
            capacity: None,
            replica: true,
        });
        d.note(
            Field::ReplicationMode,
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
    d.note(
        Field::DeploymentInstances,
        match r
            .num("num_node_groups")
            .filter(|_| r.num("num_cache_clusters").is_none())
        {
            Some(shards) => format!(
                "{a}: {shards} shards of {nodes} node{} each: {nodes} cop{} of each key",
                plural(nodes as usize),
                if nodes == 1 { "y" } else { "ies" }
            ),
            None => format!("{a}: {nodes} node{}", plural(nodes as usize)),
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
    d.note(Field::DeploymentZones, said);
    let failover = r.bool("automatic_failover_enabled").unwrap_or(false);
    d.managed_failover = Some(failover);
    d.in_region = Some(Mode::Async);
    d.note(
        Field::DeploymentManagedFailover,
        format!("{a}: automatic_failover_enabled = {failover}"),
    );
    match r.num("snapshot_retention_limit").filter(|n| *n > 0.0) {
        Some(n) => {
            d.backup.frequency = Some(Duration::from_secs(DAY));
            d.backup.retention = Some(days(n));
            d.note(
                Field::BackupFrequency,
                format!("{a}: snapshot_retention_limit = {n}: daily snapshots"),
            );
            d.note(
                Field::BackupRetention,
                format!("{a}: snapshot_retention_limit = {n} days"),
            );
        }
        None => {
            d.note(
                Field::Backup,
                format!("{a}: snapshot_retention_limit = 0: no snapshots"),
            );
        }
    }
}

fn s3_bucket(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let versioning = members(&d.members, resources, Is::BucketVersioning)
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
    d.note(
        Field::BackupVersioning,
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
        || members(&d.members, resources, Is::BucketObjectLock)
            .next()
            .is_some();
    if locked {
        d.backup.immutable = true;
        d.note(
            Field::BackupImmutable,
            format!("{a}: object lock keeps versions from being deleted"),
        );
    }
    super::versions::read(d, resources);
}

fn efs(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    match r.str("availability_zone_name") {
        Some(zone) => {
            d.instances = Some(1);
            d.zones = Some(1);
            d.scope = Some(Scope::Zonal);
            d.note(Field::Scope, format!("{a}: One Zone storage in {zone}"));
        }
        None => managed(d, 3, "EFS Regional storage keeps data in several zones"),
    }
    let enabled = std::iter::once(r)
        .chain(members(&d.members, resources, Is::EfsBackupPolicy))
        .any(|p| p.str("backup_policy.status") == Some("ENABLED"));
    if enabled {
        d.backup.frequency = Some(Duration::from_secs(DAY));
        d.backup.retention = Some(days(35.0));
        d.note(Field::BackupFrequency, format!("{a}: automatic backups ENABLED (AWS Backup's default EFS plan: daily, kept 35 days)"));
    }
    let replicated = members(&d.members, resources, Is::EfsReplication)
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
        d.note(Field::ReplicationMode, format!("{from} replicates the file system to {region} (EFS replication: most changes within 15 minutes)"));
        d.secondary = Some(Secondary {
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
