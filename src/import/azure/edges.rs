//! The runtime dependencies between Azure components, from references. Compute depends on
//! what it (or what folds into it: a plan's apps, a machine's disk attachments) names; a load
//! balancer or an application gateway on the machines and scale sets in its backend pools; a
//! Traffic Manager profile on its endpoints' targets (the lower-priority ones only needed when
//! the first fails). References to structure (a plan, an availability set, a network
//! interface, a replica's source) are not edges.

use super::lookup::{is, row};
use super::row::Is;
use crate::import::draft::{Draft, Found, Incoming, add_edges, incoming};
use crate::import::resource::Resource;
use crate::model::{Kind, Mode};

/// Attributes that name a component without depending on it at runtime.
const NOT_RUNTIME: &[&str] = &[
    "service_plan_id",
    "app_service_plan_id",
    "app_service_id",
    "availability_set_id",
    "network_interface_ids",
    "virtual_machine_scale_set_id",
    "virtual_machine_id",
    "source_vm_id",
    "source_server_id",
    "creation_source_database_id",
    "source_database_id",
    "kubernetes_cluster_id",
    "target_resource_id",
    "backup_policy_id",
    "recovery_vault_name",
    "resource_group_name",
    "network_interface",
    "network_profile",
    "ingress_application_gateway",
    "container_app_environment_id",
];

/// Adds every Azure component's edges.
pub fn apply(drafts: &mut [Draft], resources: &[Resource], owner: &[Option<usize>]) {
    let into = incoming(resources);
    let kinds: Vec<Kind> = drafts.iter().map(|d| d.kind).collect();
    let mut found: Found = Vec::new();
    for (k, d) in drafts.iter().enumerate() {
        let root = &resources[d.root];
        if row(root).is_none() {
            continue;
        }
        let mut edges = Vec::new();
        let out = &mut edges;
        if d.kind == Kind::Compute {
            compute(d, resources, owner, &kinds, out);
        }
        match is(root) {
            Is::LoadBalancer | Is::AppGateway => backends(d, resources, owner, &into, out),
            Is::TrafficManager => endpoints(d, resources, owner, &into, out),
            Is::FrontDoor => origins(d, resources, owner, out),
            _ => {}
        }
        if !edges.is_empty() {
            found.push((k, edges));
        }
    }
    add_edges(drafts, found);
}

/// What a compute component's resources name.
fn compute(
    d: &Draft,
    resources: &[Resource],
    owner: &[Option<usize>],
    kinds: &[Kind],
    out: &mut Vec<(usize, Mode, String, bool)>,
) {
    for &m in &d.members {
        let r = &resources[m];
        for l in &r.links {
            if NOT_RUNTIME.contains(&l.attribute.as_str()) {
                continue;
            }
            // A failover group's listener stands for its databases.
            let target = &resources[l.to];
            if is(target) == Is::FailoverGroup {
                for db in target.links_at("databases") {
                    if let Some(to) = owner[db] {
                        out.push((
                            to,
                            Mode::Sync,
                            format!(
                                "{}: {} names the failover group {} of {}",
                                r.origin.address,
                                l.attribute,
                                target.origin.address,
                                resources[db].origin.address
                            ),
                            true,
                        ));
                    }
                }
                continue;
            }
            let Some(to) = owner[l.to] else { continue };
            // Whichever cloud it is in: a queue is consumed asynchronously.
            let mode = if kinds[to] == Kind::Queue {
                Mode::Async
            } else {
                Mode::Sync
            };
            let why = if is(r) == Is::DiskAttachment {
                format!(
                    "{} attaches {}",
                    r.origin.address, resources[l.to].origin.address
                )
            } else {
                format!(
                    "{}: {} names {}",
                    r.origin.address, l.attribute, resources[l.to].origin.address
                )
            };
            out.push((to, mode, why, true));
        }
    }
}

/// The machines and scale sets in a load balancer's or gateway's backend pools: through a
/// network interface's pool association, or a scale set's own pool list.
fn backends(
    d: &Draft,
    resources: &[Resource],
    owner: &[Option<usize>],
    into: &Incoming,
    out: &mut Vec<(usize, Mode, String, bool)>,
) {
    let lb = &resources[d.root].origin.address;
    let pools: Vec<usize> = std::iter::once(d.root)
        .chain(
            d.members
                .iter()
                .copied()
                .filter(|&m| is(&resources[m]) == Is::BackendPool),
        )
        .collect();
    for pool in pools {
        for &(f, attribute) in &into[pool] {
            let from = &resources[f];
            let targets: Vec<usize> = match (is(from), attribute) {
                (Is::PoolAssociation, "backend_address_pool_id") => {
                    let nics: Vec<usize> = from.links_at("network_interface_id").collect();
                    nics.iter()
                        .flat_map(|&nic| into[nic].iter())
                        .filter(|(_, a)| *a == "network_interface_ids")
                        .map(|&(vm, _)| vm)
                        .collect()
                }
                (Is::ScaleSet, "network_interface" | "network_profile") => vec![f],
                // The cluster's ingress controller (AGIC) routes the gateway to it.
                (Is::Aks, "ingress_application_gateway") => vec![f],
                _ => Vec::new(),
            };
            for t in targets {
                if let Some(to) = owner[t] {
                    out.push((
                        to,
                        Mode::Sync,
                        format!(
                            "{lb} forwards to {} in its backend pool",
                            resources[t].origin.address
                        ),
                        true,
                    ));
                }
            }
        }
    }
    // A gateway's pools that list hosts by name (an app's default host name).
    named(
        &resources[d.root],
        &["backend_address_pool"],
        resources,
        owner,
        "forwards to",
        out,
    );
}

/// A Traffic Manager profile's endpoints: their targets; with priority routing, only the first
/// is needed while it is healthy.
fn endpoints(
    d: &Draft,
    resources: &[Resource],
    owner: &[Option<usize>],
    into: &Incoming,
    out: &mut Vec<(usize, Mode, String, bool)>,
) {
    let profile = &resources[d.root];
    let priority = profile
        .str("traffic_routing_method")
        .is_some_and(|m| m.eq_ignore_ascii_case("priority"));
    let members: Vec<&Resource> = d.members.iter().skip(1).map(|&m| &resources[m]).collect();
    let first = members
        .iter()
        .filter_map(|e| e.num("priority"))
        .fold(f64::INFINITY, f64::min);
    for e in members {
        let standby = priority && e.num("priority").is_some_and(|p| p > first);
        for t in e.links_at("target_resource_id").chain(e.links_at("target")) {
            // A public IP stands for the load balancer or gateway whose frontend uses it.
            let targets: Vec<usize> = if is(&resources[t]) == Is::PublicIp {
                into[t]
                    .iter()
                    .filter(|(_, a)| *a == "frontend_ip_configuration")
                    .map(|&(f, _)| f)
                    .collect()
            } else {
                vec![t]
            };
            for t in targets {
                if let Some(to) = owner[t] {
                    let why = format!(
                        "{} points at {}",
                        e.origin.address, resources[t].origin.address
                    );
                    let why = if standby {
                        format!(
                            "{why} (a lower priority: needed only when the first endpoint fails)"
                        )
                    } else {
                        why
                    };
                    out.push((to, Mode::Sync, why, !standby));
                }
            }
        }
    }
}

/// Front Door's origins: what their host names name (an app's default host name); with
/// priorities, the lower ones are needed only when the first fails.
fn origins(
    d: &Draft,
    resources: &[Resource],
    owner: &[Option<usize>],
    out: &mut Vec<(usize, Mode, String, bool)>,
) {
    let origins: Vec<&Resource> = d.members.iter().map(|&m| &resources[m]).collect();
    let first = origins
        .iter()
        .filter_map(|o| o.num("priority"))
        .fold(f64::INFINITY, f64::min);
    for o in origins {
        let standby = o.num("priority").is_some_and(|p| p > first);
        for a in ["host_name", "origin_host_header", "backend_pool"] {
            for t in o.links_at(a) {
                if let Some(to) = owner[t] {
                    let why = format!(
                        "{} serves from {}",
                        o.origin.address, resources[t].origin.address
                    );
                    let why = if standby {
                        format!("{why} (a lower priority: needed only when the first origin fails)")
                    } else {
                        why
                    };
                    out.push((to, Mode::Sync, why, !standby));
                }
            }
        }
    }
}

/// Edges to what a resource's attributes name.
fn named(
    r: &Resource,
    attributes: &[&str],
    resources: &[Resource],
    owner: &[Option<usize>],
    verb: &str,
    out: &mut Vec<(usize, Mode, String, bool)>,
) {
    for a in attributes {
        for t in r.links_at(a) {
            if let Some(to) = owner[t] {
                out.push((
                    to,
                    Mode::Sync,
                    format!(
                        "{} {verb} {}",
                        r.origin.address, resources[t].origin.address
                    ),
                    true,
                ));
            }
        }
    }
}

/// How long an application gateway waits for its backends: its HTTP settings' request
/// timeout (30 s by default).
pub fn timeouts(drafts: &mut [Draft], resources: &[Resource]) {
    for d in drafts.iter_mut() {
        let r = &resources[d.root];
        if is(r) != Is::AppGateway {
            continue;
        }
        let (secs, why) = match r.num("backend_http_settings.request_timeout") {
            Some(n) => (n, format!("{}: request_timeout = {n}", r.origin.address)),
            None => (
                30.0,
                "an application gateway's default request timeout, 30 s".to_string(),
            ),
        };
        let Ok(wait) = crate::duration::from_secs(secs) else {
            continue;
        };
        if wait.is_zero() {
            continue;
        }
        for e in d.edges.values_mut().filter(|e| e.mode == Mode::Sync) {
            e.timeout = Some(wait);
            e.why = format!("{}; timeout {}", e.why, why);
        }
    }
}

/// A Traffic Manager profile that is not priority routing, or a Front Door whose origins share
/// one priority, whose targets are in two regions: both serve.
pub fn routes_to_both(drafts: &[Draft], resources: &[Resource]) -> Option<String> {
    drafts
        .iter()
        .filter(|d| matches!(is(&resources[d.root]), Is::TrafficManager | Is::FrontDoor))
        .find_map(|d| {
            let r = &resources[d.root];
            let priority = if is(r) == Is::FrontDoor {
                // Origins of different priorities: the later ones stand by.
                let mut p: Vec<i64> = (d.members.iter())
                    .filter_map(|&m| resources[m].num("priority").map(|x| x as i64))
                    .collect();
                p.sort_unstable();
                p.dedup();
                p.len() > 1
            } else {
                r.str("traffic_routing_method")
                    .is_none_or(|m| m.eq_ignore_ascii_case("priority"))
            };
            if priority {
                return None;
            }
            let mut regions: Vec<&str> = (d.members.iter())
                .flat_map(|&m| resources[m].links.iter().map(|l| &resources[l.to]))
                .filter_map(Resource::region)
                .collect();
            regions.sort_unstable();
            regions.dedup();
            (regions.len() >= 2).then(|| r.origin.address.to_string())
        })
}
