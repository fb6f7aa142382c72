//! The facts of Azure's network components: load balancers, application gateways, Traffic
//! Manager and Front Door.

use super::zones_of;
use crate::import::azure::lookup::is;
use crate::import::azure::row::Is;
use crate::import::draft::{Draft, distinct, plural};
use crate::import::resource::{Resource, Value};
use crate::input::field::Field;
use crate::model::Scope;

/// A load balancer: its frontends' zones.
pub(super) fn load_balancer(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let sku = r.str("sku").unwrap_or("Basic").to_string();
    let mut zones: Vec<String> = Vec::new();
    let mut from = Vec::new();
    for f in r.list("frontend_ip_configuration") {
        if let Some(z) = f.get("zones").and_then(Value::as_array) {
            zones.extend(z.iter().filter_map(|x| x.as_str().map(str::to_string)));
        }
    }
    for ip in r
        .links_at("frontend_ip_configuration")
        .map(|p| &resources[p])
    {
        if is(ip) == Is::PublicIp {
            let z = zones_of(ip, "zones");
            if !z.is_empty() {
                from.push(ip.origin.address.to_string());
            }
            zones.extend(z);
        }
    }
    frontends(d, &a, &sku, zones, &from);
}

/// The zones a load balancer's or gateway's frontends span (one node each).
pub(super) fn frontends(d: &mut Draft, a: &str, sku: &str, zones: Vec<String>, from: &[String]) {
    let z = distinct(zones.iter().map(String::as_str)) as u32;
    let z = z.max(1);
    d.instances = Some(z);
    d.zones = Some(z);
    d.managed_failover = Some(true);
    let via = if from.is_empty() {
        String::new()
    } else {
        format!(" (from {})", from.join(", "))
    };
    d.note(
        Field::DeploymentZones,
        if zones.is_empty() {
            format!("{a}: sku {sku}, no zones set on its frontends: one zone")
        } else {
            format!(
                "{a}: its frontends are in {z} zone{}{via}",
                plural(z as usize)
            )
        },
    );
}

/// An application gateway: its instances and zones.
pub(super) fn app_gateway(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let sku = r
        .str("sku.tier")
        .or_else(|| r.str("sku.name"))
        .unwrap_or("Standard_v2")
        .to_string();
    let zones = zones_of(r, "zones");
    frontends(d, &a, &sku, zones, &[]);
    let n = r
        .num("autoscale_configuration.min_capacity")
        .map(|n| (n, "autoscale_configuration.min_capacity"))
        .or_else(|| r.num("sku.capacity").map(|n| (n, "sku.capacity")));
    if let Some((n, k)) = n {
        let n = (n as u32).max(1);
        d.instances = Some(n.max(d.zones.unwrap_or(1)));
        d.note(Field::DeploymentInstances, format!("{a}: {k} = {n}"));
    }
}

/// A Traffic Manager profile: global DNS.
pub(super) fn traffic_manager(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    d.scope = Some(Scope::Global);
    d.note(
        Field::Scope,
        format!(
            "{}: Traffic Manager answers DNS from every region (routing {})",
            r.origin.address,
            r.str("traffic_routing_method").unwrap_or("Performance")
        ),
    );
}

/// A service that runs where its `zones` say (a NAT gateway, a firewall, API Management, a
/// container group): one copy a zone, one zone when none is set.
pub(super) fn zoned(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let zones = zones_of(r, "zones");
    let z = zones.len().max(1) as u32;
    d.instances = Some(z);
    d.zones = Some(z);
    d.note(
        Field::DeploymentZones,
        if zones.is_empty() {
            format!("{a} sets no zones: it runs in one zone")
        } else {
            format!("{a}: zones {}", zones.join(", "))
        },
    );
    if z > 1 {
        d.managed_failover = Some(true);
    }
}

/// Front Door: a global edge.
pub(super) fn front_door(d: &mut Draft, resources: &[Resource]) {
    d.scope = Some(Scope::Global);
    d.note(
        Field::Scope,
        format!(
            "{}: Front Door serves from Microsoft's edge in every region",
            resources[d.root].origin.address
        ),
    );
}
