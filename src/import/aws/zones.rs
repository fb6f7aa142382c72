//! The zones a component spans, from the subnets it runs in; and the NAT gateways of a VPC as
//! one component, whose copies are the zones that have their own.

use std::collections::BTreeMap;

use super::lookup::is;
use super::row::Is;
use crate::import::draft::{Again, Draft, distinct, plural};
use crate::import::resource::Resource;
use crate::input::field::Field;
use crate::model::{Kind, Scope};

/// Counts zones from subnets and groups NAT gateways by VPC.
pub fn apply(drafts: &mut [Option<Draft>], resources: &[Resource]) {
    group_nat_gateways(drafts, resources);
    // Each draft's notes are shared again as soon as its zones are read.
    let mut again = Again::default();
    for d in drafts.iter_mut().flatten() {
        count_zones(d, resources);
        d.share_again(resources, &mut again);
    }
}

/// A draft's zones, from its subnets.
fn count_zones(d: &mut Draft, resources: &[Resource]) {
    if d.subnets.is_empty() {
        unknown_subnets(d, resources);
        return;
    }
    let subnets: Vec<&Resource> = (d.subnets.iter())
        .map(|&s| &resources[s])
        .filter(|s| is(s) == Is::Subnet)
        .collect();
    let zones: Vec<&str> = subnets.iter().filter_map(|s| zone_of(s)).collect();
    if zones.is_empty() {
        return;
    }
    let z = distinct(zones.iter().copied()) as u32;
    let n = subnets.len();
    let why = format!(
        "its {n} subnet{} {} in {z} zone{}",
        plural(n),
        if n == 1 { "is" } else { "are" },
        plural(z as usize)
    );
    let root = &resources[d.root];
    match is(root) {
        Is::NatGateway => {
            let nats = (d.members.iter())
                .filter(|&&m| is(&resources[m]) == Is::NatGateway)
                .count() as u32;
            d.instances = Some(nats);
            d.zones = Some(z);
            if nats >= 2 && z >= 2 {
                d.scope = None;
                d.why.remove(&Field::Scope);
                d.note(
                    Field::DeploymentZones,
                    format!("{nats} NAT gateways of one VPC, in {z} zones: each zone has its own"),
                );
            } else {
                d.note(
                    Field::DeploymentZones,
                    format!("the VPC's only NAT gateway: {why}"),
                );
            }
        }
        // One node per zone.
        Is::LoadBalancer | Is::ClassicLoadBalancer | Is::Function => {
            d.instances = Some(z);
            d.zones = Some(z);
            d.note(Field::DeploymentZones, why);
        }
        _ => {
            d.zones = Some(z);
            if d.instances.is_none() && d.kind == Kind::Compute {
                d.instances = Some(1);
            }
            d.note(Field::DeploymentZones, why);
        }
    }
}

/// Where the subnets a component runs in are not known offline (a parameter without a value,
/// another stack's export), its zones are not either: say so beside drplan's default.
fn unknown_subnets(d: &mut Draft, resources: &[Resource]) {
    const SUBNETS: &[&str] = &[
        "subnets",
        "subnet_id",
        "subnet_ids",
        "vpc_zone_identifier",
        "vpc_config",
        "network_configuration",
        "broker_node_group_info",
    ];
    if d.zones.is_some() {
        return;
    }
    let root = &resources[d.root];
    if let Some((key, why)) = root.more.unknown.iter().find(|(k, _)| SUBNETS.contains(k)) {
        d.note(Field::DeploymentZones,
            format!(
                "{}: {key} is not known offline ({why}): drplan assumes one zone; declare deployment.zones",
                root.origin.address
            ),
        );
    }
}

/// The zone of a subnet, by name or by id.
fn zone_of(subnet: &Resource) -> Option<&str> {
    subnet
        .str("availability_zone")
        .or_else(|| subnet.str("availability_zone_id"))
}

/// The VPC a NAT gateway is in: its subnet's.
fn vpc_of(nat: &Resource, resources: &[Resource]) -> Option<String> {
    let subnet = nat.links_at("subnet_id").next().map(|s| &resources[s])?;
    subnet
        .links_at("vpc_id")
        .next()
        .map(|v| format!("#{v}"))
        .or_else(|| subnet.str("vpc_id").map(str::to_string))
}

/// One component per VPC for its NAT gateways: with one per zone, losing a zone loses that
/// zone's egress only.
fn group_nat_gateways(drafts: &mut [Option<Draft>], resources: &[Resource]) {
    let mut first: BTreeMap<(Option<Box<str>>, String), usize> = BTreeMap::new();
    for k in 0..drafts.len() {
        let Some(d) = &drafts[k] else { continue };
        let root = &resources[d.root];
        if is(root) != Is::NatGateway {
            continue;
        }
        let Some(vpc) = vpc_of(root, resources) else {
            continue;
        };
        let key = (d.region.clone(), vpc);
        match first.get(&key) {
            None => {
                first.insert(key, k);
            }
            Some(&into) => {
                let Some(folded) = drafts[k].take() else {
                    continue;
                };
                if let Some(target) = &mut drafts[into] {
                    target.members.extend(folded.members.iter().copied());
                    target.subnets.extend(folded.subnets);
                    target.scope = Some(Scope::Zonal);
                }
            }
        }
    }
}
