//! Each component's facts from its resources: what it is, how many copies it runs, its backups
//! and protection; and how the resources that fold into a component (a cluster's instances, a
//! bucket's versioning, an Auto Scaling group's launch template and target group) find it.
//! Each function here is named by its type's row in `types.rs`.

use std::collections::{BTreeMap, HashMap};

use super::lookup::{is, row};
use super::row::{Facts, Folds, Grouping, Is, Owner, OwnerRule};
use crate::import::draft::{self, Draft, Identity, Incoming};
use crate::import::provider::Role;
use crate::import::resource::Resource;
use crate::input::field::Field;

mod compute;
mod data;

use compute::{
    autoscaling_group, dns_record, ebs_volume, ec2_instances, ecs_service, edge_network,
    eks_node_group, lambda_function, load_balancer, mq_broker, msk_cluster, multi_az_by_design,
    nat_gateway, regional_service,
};
use data::{cluster, dynamodb_table, efs, elasticache, rds_instance, s3_bucket};

const DAY: u64 = 86_400;

/// One draft per component, with its members folded in (`None` where a draft was folded); and
/// the resources of component types that are plumbing (`Folds::AlertingOnly`).
pub fn drafts(resources: &[Resource]) -> (Vec<Option<Draft>>, Vec<usize>) {
    let into = crate::import::draft::incoming(resources);
    let mut drafts = Draft::room(resources, |r| {
        row(r).is_some_and(|t| matches!(t.role, Role::Component(..)))
    });
    let mut draft_of: Vec<Option<usize>> = vec![None; resources.len()];
    let mut plumbing = Vec::new();
    // The instances of one `count` or `for_each` resource are one component; so are records
    // of one name and type (a failover pair). Only keys more than one resource has are held.
    let shared = draft::shared_keys(resources, |r| match row(r).map(|t| t.group) {
        Some(Grouping::Instances) => Some(GroupKey::Instances(instance_key(r))),
        Some(Grouping::RecordSet) => Some(GroupKey::Records(record_key(r))),
        _ => None,
    });
    let mut instance_groups: BTreeMap<(&str, Option<&str>), usize> = BTreeMap::new();
    let mut record_groups: BTreeMap<(&str, &str), usize> = BTreeMap::new();
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
            _ if !shared[i] => None,
            Grouping::Instances => instance_groups.get(&instance_key(r)).copied(),
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
            _ if !shared[i] => {}
            Grouping::Instances => {
                instance_groups.insert(instance_key(r), k);
            }
            Grouping::RecordSet => {
                record_groups.insert(record_key(r), k);
            }
            Grouping::None => {}
        }
        draft_of[i] = Some(k);
        let mut d = Draft::new(i, kind, service, r.region());
        d.groups_instances = t.group == Grouping::Instances;
        d.reach = t.reach;
        drafts.push(d);
    }
    // Members: each to the component its links lead to.
    let by_arn = ByArn::of(&drafts, resources, &draft_of);
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
                        .find_map(|arn| by_arn.named(arn))
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
    draft::read_facts(&mut drafts, resources, |d| {
        if let Some(facts) = row(&resources[d.root]).and_then(|t| t.facts) {
            read(facts, d, resources);
        }
        super::deletion::read(d, resources);
        identify(d, resources);
    });
    (drafts.into_iter().map(Some).collect(), plumbing)
}

/// The draft an ARN names where no reference links to it (a replica in another source names
/// its table by a literal ARN): the first draft whose root is of the ARN's service, in its
/// region, and known by the ARN's last part. Indexed once for every member (not a walk of the
/// drafts a member: twenty thousand took ten seconds). Only the ARNs some member without a
/// component names are held.
struct ByArn<'a>(HashMap<(&'a str, &'a str, &'a str), usize>);

impl<'a> ByArn<'a> {
    fn of(drafts: &[Draft], resources: &'a [Resource], draft_of: &[Option<usize>]) -> Self {
        let named: std::collections::HashSet<(&str, &str, &str)> = (resources.iter())
            .zip(draft_of)
            .filter(|(_, of)| of.is_none())
            .filter_map(|(r, _)| match row(r)?.owner {
                Owner::Via(attributes) => Some((r, attributes)),
                _ => None,
            })
            .flat_map(|(r, attributes)| {
                attributes
                    .iter()
                    .filter_map(|a| super::region::arn_parts(r.str(a)?))
            })
            .collect();
        let mut index = HashMap::new();
        if named.is_empty() {
            return ByArn(index);
        }
        for (k, d) in drafts.iter().enumerate() {
            let root = &resources[d.root];
            let Some(t) = row(root) else { continue };
            if let (Some(b), Some((_, a)), Some(region)) = (t.backup, t.identity, root.region())
                && let Some(name) = root.str(a)
                && named.contains(&(b.service, region, name))
            {
                index.entry((b.service, region, name)).or_insert(k);
            }
        }
        ByArn(index)
    }

    fn named(&self, arn: &str) -> Option<usize> {
        self.0.get(&super::region::arn_parts(arn)?).copied()
    }
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
    // Checked as the input checks them, so that what is written loads.
    let arn = (r.str("arn"))
        .filter(|arn| crate::model::Resource::from_arn(arn).is_ok())
        .map(|arn| Identity::Arn(arn.into()));
    let named = || {
        let (id, region) = (r.str(attribute)?, r.region()?);
        crate::model::Resource::named(kind, id, region).ok()?;
        Some(Identity::Named {
            kind,
            id: id.into(),
            region: region.into(),
        })
    };
    match arn.map(|x| (x, "arn")).or_else(|| named().map(|x| (x, attribute))) {
        Some((found, from)) => {
            d.resource = Some(Box::new(found));
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
fn folds(which: Folds, i: usize, r: &Resource, resources: &[Resource], into: &Incoming) -> bool {
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
    into: &Incoming,
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

/// What the resources of one component share, by how its type groups.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum GroupKey<'a> {
    Instances((&'a str, Option<&'a str>)),
    Records((&'a str, &'a str)),
}

/// The instances of one `count` or `for_each` resource, in one region.
fn instance_key(r: &Resource) -> (&str, Option<&str>) {
    (r.group(), r.region())
}

fn record_key(r: &Resource) -> (&str, &str) {
    (
        r.str("name").unwrap_or(&r.origin.address),
        r.str("type").unwrap_or(""),
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
    into: &Incoming,
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
fn attachment_owner(r: &Resource, into: &Incoming, draft_of: &[Option<usize>]) -> Option<usize> {
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

/// A managed service spread over the region's zones.
fn managed(d: &mut Draft, zones: u32, why: &str) {
    d.instances = Some(zones);
    d.zones = Some(zones);
    d.note(Field::DeploymentZones, why.to_string());
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
