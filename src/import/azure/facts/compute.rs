//! The facts of Azure's compute: AKS clusters and node pools, virtual machines, scale sets
//! and their disks, App Service plans and apps, Container Apps.

use super::{managed_copies, members, zones_of};
use crate::import::azure::lookup::is;
use crate::import::azure::row::Is;
use crate::import::draft::{Draft, distinct, plural};
use crate::import::resource::Resource;
use crate::input::field::Field;
use crate::model::{DeployMethod, Mode, Scope};

/// An AKS cluster: its node pools' nodes and the fewest zones any of them spans.
pub(super) fn aks(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let mut pools: Vec<(String, u32, Vec<String>)> = Vec::new();
    let default_nodes = r
        .num("default_node_pool.node_count")
        .or_else(|| r.num("default_node_pool.min_count"))
        .unwrap_or(1.0) as u32;
    let mut default_zones = zones_of(r, "default_node_pool.zones");
    if default_zones.is_empty() {
        default_zones = zones_of(r, "default_node_pool.availability_zones");
    }
    pools.push((
        format!("{a} default_node_pool"),
        default_nodes,
        default_zones,
    ));
    for p in members(&d.members, resources, Is::NodePool) {
        let nodes = p
            .num("node_count")
            .or_else(|| p.num("min_count"))
            .unwrap_or(1.0) as u32;
        let mut z = zones_of(p, "zones");
        if z.is_empty() {
            z = zones_of(p, "availability_zones");
        }
        pools.push((p.origin.address.to_string(), nodes, z));
    }
    let total: u32 = pools.iter().map(|(_, n, _)| *n).sum::<u32>().max(1);
    let (weakest, _, wz) = pools
        .iter()
        .min_by_key(|(_, _, z)| z.len().max(1))
        .cloned()
        .unwrap_or_default();
    let z = wz.len().max(1) as u32;
    d.instances = Some(total);
    d.capacity = Some(total);
    d.zones = Some(z);
    d.managed_failover = Some(true);
    let listed: Vec<String> = pools
        .iter()
        .map(|(name, n, zones)| {
            format!(
                "{name}: {n} node{} in {}",
                plural(*n as usize),
                match zones.len() {
                    0 => "no zone set".to_string(),
                    1 => format!("zone {}", zones[0]),
                    _ => format!("zones {}", zones.join(", ")),
                }
            )
        })
        .collect();
    d.note(Field::DeploymentInstances, listed.join("; "));
    d.note(
        Field::DeploymentZones,
        format!("{weakest} spans the fewest zones ({z}): its workloads go with that zone"),
    );
    d.note(
        Field::DeploymentManagedFailover,
        "Kubernetes reschedules the pods of a lost node on the others".to_string(),
    );
    if r.str("sku_tier")
        .is_none_or(|t| t.eq_ignore_ascii_case("free"))
    {
        let text = d.note_mut(Field::DeploymentInstances, resources);
        text.push_str("; sku_tier Free: the control plane has no uptime SLA");
    }
}

/// Virtual machines of one `count`/`for_each` resource or one availability set: how many, in
/// how many zones; and their backups.
pub(super) fn vms(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let vms: Vec<&Resource> = (d.members.iter())
        .map(|&m| &resources[m])
        .filter(|m| is(m) == Is::Vm)
        .collect();
    let n = vms.len().max(1) as u32;
    d.instances = Some(n);
    d.capacity = Some(n);
    let set = r
        .links_at("availability_set_id")
        .next()
        .map(|s| resources[s].origin.address.to_string())
        .or_else(|| r.str("availability_set_id").map(str::to_string));
    d.note(
        Field::DeploymentInstances,
        match &set {
            Some(s) => format!("{n} virtual machine{} of the availability set {s} (fault domains: racks, not zones)", plural(n as usize)),
            None => format!("{n} virtual machine{} of {}", plural(n as usize), r.group()),
        },
    );
    let zones: Vec<String> = vms
        .iter()
        .flat_map(|v| {
            let mut z = zones_of(v, "zone");
            z.extend(zones_of(v, "zones"));
            z
        })
        .collect();
    if zones.is_empty() {
        d.zones = Some(1);
        d.note(
            Field::DeploymentZones,
            "no zone is set: Azure places the machines in no particular zone, and one zone's loss can take them all".to_string(),
        );
    } else {
        let z = distinct(zones.iter().map(String::as_str)) as u32;
        d.zones = Some(z);
        d.note(
            Field::DeploymentZones,
            format!("its machines are in {z} zone{}", plural(z as usize)),
        );
    }
}

/// A virtual machine scale set: its instances (or its autoscale minimum) and zones.
pub(super) fn scale_set(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let declared = r.num("instances").or_else(|| r.num("sku.capacity"));
    let autoscale = members(&d.members, resources, Is::Autoscale)
        .filter(|s| s.bool("enabled") != Some(false))
        .find_map(|s| Some((s.num("profile.capacity.minimum")?, s.origin.address.clone())));
    let (n, why) = match (&autoscale, declared) {
        (Some((min, by)), _) => (*min as u32, format!("{by}: autoscale minimum {min}")),
        (None, Some(n)) => (n as u32, format!("{a}: {n} instances")),
        (None, None) => (
            1,
            format!("{a} does not say how many instances: counted as 1"),
        ),
    };
    d.capacity = Some(n);
    d.instances = Some(n.max(1));
    d.managed_failover = Some(true);
    d.note(Field::DeploymentInstances, why);
    let zones = zones_of(r, "zones");
    let z = zones.len().max(1) as u32;
    d.zones = Some(z);
    d.note(
        Field::DeploymentZones,
        if zones.is_empty() {
            format!("{a} sets no zones: its instances are in no particular zone, one zone's loss can take them")
        } else {
            let balance = if r.bool("zone_balance") == Some(true) { " (zone_balance: spread evenly)" } else { "" };
            format!("{a}: zones {}{balance}", zones.join(", "))
        },
    );
}

/// A managed disk: one zone, unless zone-redundant storage.
pub(super) fn managed_disk(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let kind = r
        .str("storage_account_type")
        .unwrap_or("Standard_LRS")
        .to_string();
    if let Some(gb) = r.num("disk_size_gb") {
        d.data_gb = Some(gb);
        d.note(Field::DataGb, format!("{a}: disk_size_gb = {gb}"));
    }
    if kind.to_ascii_uppercase().ends_with("_ZRS") {
        managed_copies(
            d,
            3,
            3,
            Mode::Sync,
            format!("{a}: storage_account_type {kind}: copies in three zones"),
            format!("{a}: storage_account_type {kind}: zone-redundant"),
        );
    } else {
        d.instances = Some(1);
        d.scope = Some(Scope::Zonal);
        d.note(
            Field::Scope,
            format!("{a}: storage_account_type {kind}: locally redundant, in one zone"),
        );
    }
}

/// An App Service plan: its workers and whether they are spread over zones; the apps on it
/// fold into it, and their deployment slots make deploys blue/green.
pub(super) fn service_plan(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let workers = r.num("worker_count").or_else(|| r.num("sku.capacity"));
    let n = workers.unwrap_or(1.0) as u32;
    d.instances = Some(n.max(1));
    d.capacity = Some(n);
    d.managed_failover = Some(true);
    d.note(
        Field::DeploymentInstances,
        match workers {
            Some(_) => format!("{a}: {n} worker{}", plural(n as usize)),
            None => format!("{a} does not set worker_count: 1"),
        },
    );
    let balanced = r
        .bool("zone_balancing_enabled")
        .or_else(|| r.bool("zone_redundant"));
    let z = if balanced == Some(true) {
        n.clamp(1, 3)
    } else {
        1
    };
    d.zones = Some(z);
    d.note(
        Field::DeploymentZones,
        if balanced == Some(true) {
            format!(
                "{a}: zone balancing spreads its workers over {z} zone{}",
                plural(z as usize)
            )
        } else {
            format!("{a}: zone balancing is off: its workers are in one zone")
        },
    );
    let apps: Vec<String> = (d.members.iter())
        .map(|&m| &resources[m])
        .filter(|m| is(m) == Is::WebApp)
        .map(|m| m.origin.address.to_string())
        .collect();
    if !apps.is_empty() {
        let text = d.note_mut(Field::DeploymentInstances, resources);
        text.push_str(&format!("; runs {}", apps.join(", ")));
    }
    slots(d, resources);
}

/// A web or function app whose plan is not in the sources.
pub(super) fn web_app(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    d.note(
        Field::DeploymentInstances,
        format!(
            "{}: its App Service plan is not in the sources: its workers and zones are not known",
            r.origin.address
        ),
    );
    slots(d, resources);
}

/// Deployment slots: a new version is deployed to a slot and swapped in.
pub(super) fn slots(d: &mut Draft, resources: &[Resource]) {
    let slot = members(&d.members, resources, Is::Slot).next();
    if let Some(s) = slot {
        d.rare.deploy = Some(DeployMethod::BlueGreen);
        d.note(
            Field::DeployMethod,
            format!(
                "{}: a deployment slot, swapped in: blue/green",
                s.origin.address
            ),
        );
    }
}

/// A Container Apps environment and its apps: zone redundancy, and the largest minimum of
/// replicas among its apps (0: scaled to zero, counted as 1).
pub(super) fn container_apps(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let redundant = r.bool("zone_redundancy_enabled") == Some(true);
    let apps: Vec<(String, f64)> = members(&d.members, resources, Is::ContainerApp)
        .map(|app| {
            (
                app.origin.address.to_string(),
                app.num("template.min_replicas").unwrap_or(0.0),
            )
        })
        .collect();
    let most = apps.iter().map(|(_, n)| *n as u32).max().unwrap_or(0);
    let n = most.max(1);
    d.instances = Some(n);
    d.capacity = Some(most);
    d.managed_failover = Some(true);
    let listed: Vec<String> = apps
        .iter()
        .map(|(app, m)| format!("{app}: min_replicas {m}"))
        .collect();
    d.note(
        Field::DeploymentInstances,
        if listed.is_empty() {
            format!("{a}: no app in the sources: counted as 1 replica")
        } else {
            format!(
                "the most replicas any of its apps keeps: {}",
                listed.join("; ")
            )
        },
    );
    let z = if redundant { n.clamp(1, 3) } else { 1 };
    d.zones = Some(z);
    d.note(
        Field::DeploymentZones,
        if redundant {
            format!("{a}: zone_redundancy_enabled: its replicas are spread over zones")
        } else {
            format!("{a}: zone redundancy is off: one zone")
        },
    );
}
