//! Compute's facts: Compute Engine instances, managed instance groups (zonal, regional, with
//! their autoscalers), GKE clusters and their node pools, Cloud Run, Cloud Functions, Pub/Sub.

use super::*;

/// Compute Engine instances: how many, in how many zones (each instance is in one).
pub(super) fn compute_instances(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    // The instances of one `count` or `for_each`: not what folds into them (an attached
    // disk, an unmanaged group).
    let instances: Vec<&Resource> = (d.members.iter())
        .map(|&m| &resources[m])
        .filter(|m| m.ty == r.ty)
        .collect();
    let n = instances.len().max(1) as u32;
    d.instances = Some(n);
    d.capacity = Some(n);
    d.note(
        Field::DeploymentInstances,
        format!("{n} instance{} of {}", plural(n as usize), r.group()),
    );
    let zones: Vec<&str> = instances.iter().filter_map(|m| m.str("zone")).collect();
    let z = distinct(zones.iter().copied()).max(1) as u32;
    d.zones = Some(z);
    d.note(
        Field::DeploymentZones,
        if zones.is_empty() {
            "a Compute Engine instance lives in one zone (none is written: the provider's)"
                .to_string()
        } else {
            format!(
                "its instance{} {} in {z} zone{} ({}): each lives in one",
                plural(n as usize),
                if n == 1 { "is" } else { "are" },
                plural(z as usize),
                zones_list(&zones)
            )
        },
    );
}
/// An instance group's size: its autoscaler's floor, else its `target_size`.
fn group_size(d: &mut Draft, resources: &[Resource]) -> u32 {
    let r = &resources[d.root];
    let a = &r.origin.address;
    let autoscaler = members(d, resources, Is::Autoscaler)
        .into_iter()
        .find_map(|s| {
            let min = s.num("autoscaling_policy.min_replicas")?;
            let max = s.num("autoscaling_policy.max_replicas");
            Some((s.origin.address.clone(), min as u32, max))
        });
    let (n, why) = match (autoscaler, r.num("target_size")) {
        (Some((by, min, max)), _) => (
            min,
            format!(
                "{by} scales it from min_replicas = {min}{}",
                max.map(|m| format!(" to max_replicas = {m}"))
                    .unwrap_or_default()
            ),
        ),
        (None, Some(n)) => (n as u32, format!("{a}: target_size = {n}")),
        (None, None) => (
            0,
            format!("{a} sets no target_size and no autoscaler: 0 instances, the default"),
        ),
    };
    d.capacity = Some(n);
    d.instances = Some(n.max(1));
    d.note(Field::DeploymentInstances, why);
    n
}
/// A zonal managed instance group: every instance in its zone.
pub(super) fn mig(d: &mut Draft, resources: &[Resource]) {
    group_size(d, resources);
    let r = &resources[d.root];
    let zone = r.str("zone").unwrap_or("one zone");
    d.zones = Some(1);
    d.note(
        Field::DeploymentZones,
        format!(
            "{} is a zonal managed instance group: every instance is in {zone}",
            r.origin.address
        ),
    );
}
/// A regional managed instance group: its instances spread over the zones it lists, three of
/// the region's by default.
pub(super) fn regional_mig(d: &mut Draft, resources: &[Resource]) {
    let n = group_size(d, resources);
    let r = &resources[d.root];
    let a = &r.origin.address;
    let listed: Vec<&str> = (r.list("distribution_policy_zones").iter())
        .filter_map(Value::as_str)
        .collect();
    let (z, why) = if listed.is_empty() {
        (
            3,
            format!(
                "{a} is a regional managed instance group that lists no distribution_policy_zones: Compute Engine spreads it over three zones of its region"
            ),
        )
    } else {
        let z = distinct(listed.iter().copied()) as u32;
        (
            z,
            format!(
                "{a}: distribution_policy_zones = {}: a regional managed instance group spreads its instances over them",
                zones_list(&listed)
            ),
        )
    };
    d.zones = Some(z.min(n.max(1)));
    d.note(Field::DeploymentZones, why);
}
/// A GKE cluster: its control plane (regional: replicated over three zones; zonal: one zone)
/// and its node pools' nodes.
pub(super) fn gke_cluster(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let location = r.str("location").unwrap_or("");
    let regional = is_region(location);
    let autopilot = r.bool("enable_autopilot") == Some(true);
    protection(
        d,
        r,
        &["deletion_protection"],
        (
            true,
            "does not set deletion_protection: true, the provider's default (Terraform refuses to destroy it)",
        ),
    );
    if autopilot {
        d.service = "gcp:gke:autopilot".into();
        managed(
            d,
            3,
            format!(
                "{a}: enable_autopilot = true: an Autopilot cluster is regional, its control plane and nodes spread over the region's zones"
            ),
        );
        return;
    }
    let cluster_zones: Vec<&str> = (r.list("node_locations").iter())
        .filter_map(Value::as_str)
        .collect();
    let default_zones = if !cluster_zones.is_empty() {
        distinct(cluster_zones.iter().copied()) as u32
    } else if regional {
        3
    } else {
        1
    };
    // The node pools: separate resources, then the cluster's own blocks not among them (a
    // state lists every pool in the cluster's `node_pool`, the separate ones too).
    let separate = members(d, resources, Is::NodePool);
    let mut pools: Vec<Pool> = separate
        .iter()
        .map(|p| Pool::of(p.str("name"), &|k| p.get(k), default_zones))
        .collect();
    let named: Vec<&str> = separate.iter().filter_map(|p| p.str("name")).collect();
    let removed = r.bool("remove_default_node_pool") == Some(true);
    for inline in r.list("node_pool") {
        let name = inline.get("name").and_then(Value::as_str);
        // The default pool is deleted once the cluster is made when it is removed.
        if name.is_some_and(|n| named.contains(&n) || (removed && n == "default-pool")) {
            continue;
        }
        pools.push(Pool::of(name, &|k| inline.get(k), default_zones));
    }
    // The default pool runs beside separate pools unless removed, or unless the cluster
    // names pools of its own (a state lists it among them).
    if r.list("node_pool").is_empty() && !removed {
        let per_zone = r.num("initial_node_count").unwrap_or(1.0) as u32;
        pools.push(Pool {
            name: "default-pool".into(),
            per_zone: Some(per_zone),
            total: None,
            zones: default_zones,
        });
    }
    let nodes: u32 = pools.iter().map(Pool::nodes).fold(0, u32::saturating_add);
    let zones = pools.iter().map(|p| p.zones).max().unwrap_or(default_zones);
    d.capacity = Some(nodes);
    d.instances = Some(nodes.max(1));
    d.note(
        Field::DeploymentInstances,
        if pools.is_empty() {
            format!(
                "{a}: remove_default_node_pool = true and no node pool in the sources: no nodes (counted as 1)"
            )
        } else {
            let each: Vec<String> = pools.iter().map(Pool::words).collect();
            format!(
                "{nodes} node{}: {}",
                plural(nodes as usize),
                each.join("; ")
            )
        },
    );
    if regional {
        d.zones = Some(zones.max(1));
        d.note(
            Field::DeploymentZones,
            format!(
                "{a}: location = {location}, a region: a regional cluster, its control plane replicated over three zones; nodes in {zones} zone{}",
                plural(zones as usize)
            ),
        );
    } else {
        d.zones = Some(1);
        let nodes_in = if zones > 1 {
            format!(
                "; its nodes in {zones} zones keep running what runs on them, but nothing is rescheduled or changed until the control plane's zone is back"
            )
        } else {
            String::new()
        };
        d.note(
            Field::DeploymentZones,
            format!(
                "{a}: location = {}: a zonal cluster, its control plane in that one zone{nodes_in}",
                if location.is_empty() {
                    "a zone"
                } else {
                    location
                }
            ),
        );
    }
}
/// A node pool's nodes: per zone or in total, over its zones.
struct Pool {
    name: String,
    per_zone: Option<u32>,
    total: Option<u32>,
    zones: u32,
}
impl Pool {
    fn of<'v>(
        name: Option<&str>,
        get: &dyn Fn(&str) -> Option<&'v Value>,
        default_zones: u32,
    ) -> Pool {
        let num = |v: Option<&Value>| v.and_then(Value::as_f64).map(|n| n as u32);
        let autoscaling = block(get("autoscaling"));
        let auto = |k: &str| num(autoscaling.and_then(|a| a.get(k)));
        let zones = get("node_locations")
            .and_then(Value::as_array)
            .filter(|l| !l.is_empty())
            .map_or(default_zones, |l| {
                distinct(l.iter().filter_map(Value::as_str)) as u32
            });
        let floor = auto("min_node_count");
        let per_zone = floor
            .or_else(|| num(get("node_count")))
            .or_else(|| num(get("initial_node_count")));
        // A total of 0 is the provider's way of leaving it unset.
        let total = auto("total_min_node_count").filter(|t| *t > 0);
        let name = name.unwrap_or("a node pool");
        // What survives a loss is what the autoscaler keeps, not what runs today.
        let name = match (floor.or(total), num(get("node_count"))) {
            (Some(min), Some(now)) if now > min => {
                format!("{name} (autoscaling's minimum, not its node_count of {now})")
            }
            _ => name.to_string(),
        };
        Pool {
            name,
            per_zone: if total.is_some() {
                None
            } else {
                Some(per_zone.unwrap_or(1))
            },
            total,
            zones: zones.max(1),
        }
    }

    fn nodes(&self) -> u32 {
        self.total
            .unwrap_or_else(|| self.per_zone.unwrap_or(1).saturating_mul(self.zones))
    }

    fn words(&self) -> String {
        match self.total {
            Some(t) => format!("{}: at least {t} in total", self.name),
            None => format!(
                "{}: {} a zone × {} zone{}",
                self.name,
                self.per_zone.unwrap_or(1),
                self.zones,
                plural(self.zones as usize)
            ),
        }
    }
}
/// A regional serverless or managed service (Cloud Run, Cloud Functions, Pub/Sub): Google runs
/// it over the region's zones.
pub(super) fn regional_service(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let what = match r.ty.as_ref() {
        "google_cloud_run_v2_service" | "google_cloud_run_service" => {
            "Cloud Run runs a service's instances over the zones of its region"
        }
        "google_cloud_run_v2_job" => "Cloud Run runs a job's tasks in the zones of its region",
        _ => "Cloud Functions runs a function over the zones of its region",
    };
    managed(d, 3, format!("{}: {what}", r.origin.address));
    if matches!(
        r.ty.as_ref(),
        "google_cloud_run_v2_service" | "google_cloud_run_v2_job"
    ) {
        protection(
            d,
            r,
            &["deletion_protection"],
            (
                true,
                "does not set deletion_protection: true, the provider's default",
            ),
        );
    }
}
/// A Pub/Sub topic is global: publishers in any region reach it, and it stores their messages
/// in the regions its storage policy allows (the nearest by default); messages stored in a
/// region that is lost wait for it.
pub(super) fn pubsub_topic(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let regions: Vec<&str> = (r
        .list("message_storage_policy.allowed_persistence_regions")
        .iter())
    .filter_map(Value::as_str)
    .collect();
    d.scope = Some(Scope::Global);
    d.note(
        Field::Scope,
        format!(
            "{}: Pub/Sub is a global service: a topic takes messages in every region and keeps them where they were published{}; those kept in a region that is lost wait for it",
            r.origin.address,
            if regions.is_empty() {
                String::new()
            } else {
                format!(" (allowed_persistence_regions = {})", regions.join(", "))
            }
        ),
    );
}
