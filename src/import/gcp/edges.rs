//! The runtime dependencies between Google Cloud components, from references. Compute (an
//! instance, an instance group through its template, a Cloud Run service, a function) depends
//! on what it names (a database's address or connection name in its metadata or environment,
//! a disk it attaches, a topic it publishes to or consumes); a load balancer on what it
//! forwards to (a URL map on its backend services and buckets, a backend service on its
//! instance groups and serverless endpoints, a forwarding rule on its backend service); a DNS
//! record on the forwarding rule whose address it holds; a topic on the push endpoints of its
//! subscriptions. References to structure (networks, service accounts, a replica's primary, a
//! node pool's cluster) are not edges.

use std::collections::HashMap;

use crate::import::resource::Value;

use super::lookup::{is, row};
use super::row::Is;
use crate::import::draft::{Draft, Found, Incoming, add_edges, incoming};
use crate::import::resource::Resource;
use crate::model::{Kind, Mode, Scope};

/// Attributes that name a component without depending on it at runtime.
const NOT_RUNTIME: &[&str] = &[
    "target_pools",
    "auto_healing_policies",
    "health_checks",
    "network",
    "subnetwork",
    "network_interface",
    "service_account",
    "vpc_access",
    "master_instance_name",
    "secondary_config",
    "cluster",
    "instance",
    "instance_name",
    "resource_policies",
    "version",
    "target",
];

/// What a load balancer's parts forward to.
const FORWARDS: &[&str] = &[
    "default_service",
    "path_matcher",
    "host_rule",
    "backend",
    "backend_service",
    "instances",
    "cloud_run",
    "cloud_function",
];

type Out = Vec<(usize, Mode, String)>;

/// Adds the edges of every Google Cloud component.
pub fn apply(drafts: &mut [Draft], resources: &[Resource], owner: &[Option<usize>]) {
    let into = incoming(resources);
    // Forwarding rules by their address, for records that hold it as a value (a state).
    let addresses: HashMap<&str, usize> = (resources.iter().enumerate())
        .filter(|(_, r)| is(r) == Is::ForwardingRule)
        .filter_map(|(i, r)| Some((r.str("ip_address")?, i)))
        .collect();
    let mut found: Found = Vec::new();
    for (k, d) in drafts.iter().enumerate() {
        let root = &resources[d.root];
        if row(root).is_none() {
            continue;
        }
        let mut edges = Vec::new();
        let out = &mut edges;
        match d.kind {
            Kind::Compute => compute(d, resources, owner, drafts, out),
            Kind::Network => {
                for &m in &d.members {
                    let mut forwards = Out::new();
                    named(
                        &resources[m],
                        FORWARDS,
                        resources,
                        owner,
                        Mode::Sync,
                        "forwards to",
                        &mut forwards,
                    );
                    // A URL map forwards to backend services and buckets only: what it names
                    // through a variable (a module's `backends`, for their keys) is theirs.
                    if is(&resources[m]) == Is::UrlMap {
                        let next = |r: &Resource| {
                            is(r) == Is::BackendService || r.ty == "google_compute_backend_bucket"
                        };
                        let targets: Vec<usize> = FORWARDS
                            .iter()
                            .flat_map(|a| resources[m].links_at(a))
                            .filter(|&t| next(&resources[t]))
                            .filter_map(|t| owner[t])
                            .collect();
                        forwards.retain(|(to, _, _)| targets.contains(to));
                    }
                    out.append(&mut forwards);
                }
            }
            Kind::Dns => dns(d, resources, owner, &into, &addresses, out),
            Kind::Queue => {
                for &m in &d.members {
                    let r = &resources[m];
                    if is(r) == Is::Subscription {
                        named(
                            r,
                            &["push_config"],
                            resources,
                            owner,
                            Mode::Async,
                            "delivers to",
                            out,
                        );
                    }
                }
            }
            _ => {}
        }
        if !edges.is_empty() {
            let edges = (edges.into_iter())
                .map(|(to, mode, why)| (to, mode, why, true))
                .collect();
            found.push((k, edges));
        }
    }
    add_edges(drafts, found);
}

/// What a compute component's resources name (its template's metadata, its environment, the
/// disks it attaches), but structure.
fn compute(
    d: &Draft,
    resources: &[Resource],
    owner: &[Option<usize>],
    drafts: &[Draft],
    out: &mut Out,
) {
    // Its resources, and the templates its versions run (a template two groups share belongs
    // to one of them, but both run what it names).
    let mut sources: Vec<usize> = d.members.to_vec();
    for &m in &d.members {
        sources.extend(resources[m].links_at("version"));
    }
    sources.sort_unstable();
    sources.dedup();
    for m in sources {
        let r = &resources[m];
        for l in &r.links {
            if NOT_RUNTIME.contains(&l.attribute.as_str()) {
                continue;
            }
            let Some(to) = owner[l.to] else { continue };
            let target = &resources[l.to].origin.address;
            let via = &r.origin.address;
            let consumes = l.attribute == "event_trigger";
            let mode = if consumes || drafts[to].kind == Kind::Queue {
                Mode::Async
            } else {
                Mode::Sync
            };
            let why = if consumes {
                format!("{via} consumes {target} (event_trigger)")
            } else {
                format!("{via}: {} names {target}", l.attribute)
            };
            out.push((to, mode, why));
        }
    }
}

/// What a DNS record holds: a component's address, an address resource a forwarding rule
/// uses, or a forwarding rule's address as a value.
fn dns(
    d: &Draft,
    resources: &[Resource],
    owner: &[Option<usize>],
    into: &Incoming,
    addresses: &HashMap<&str, usize>,
    out: &mut Out,
) {
    for &m in &d.members {
        let record = &resources[m];
        for ip in record.list("rrdatas").iter().filter_map(Value::as_str) {
            if let Some(&f) = addresses.get(ip)
                && let Some(to) = owner[f]
            {
                out.push((
                    to,
                    Mode::Sync,
                    format!(
                        "{} holds {ip}, the address of {}",
                        record.origin.address, resources[f].origin.address
                    ),
                ));
            }
        }
        for a in ["rrdatas", "routing_policy"] {
            for t in record.links_at(a) {
                let target = &resources[t];
                if let Some(to) = owner[t] {
                    out.push((
                        to,
                        Mode::Sync,
                        format!(
                            "{} points at {}",
                            record.origin.address, target.origin.address
                        ),
                    ));
                } else if is(target) == Is::Address {
                    for &(f, attribute) in &into[t] {
                        if attribute == "ip_address"
                            && let Some(to) = owner[f]
                        {
                            out.push((
                                to,
                                Mode::Sync,
                                format!(
                                    "{} points at {}, the address of {}",
                                    record.origin.address,
                                    target.origin.address,
                                    resources[f].origin.address
                                ),
                            ));
                        }
                    }
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
    mode: Mode,
    verb: &str,
    out: &mut Out,
) {
    for a in attributes {
        for t in r.links_at(a) {
            if let Some(to) = owner[t] {
                out.push((
                    to,
                    mode,
                    format!(
                        "{} {verb} {}",
                        r.origin.address, resources[t].origin.address
                    ),
                ));
            }
        }
    }
}

/// How long a backend service waits for its backends: `timeout_sec`, 30 s by default.
pub fn timeouts(drafts: &mut [Draft], resources: &[Resource]) {
    for d in drafts.iter_mut() {
        let r = &resources[d.root];
        if is(r) != Is::BackendService {
            continue;
        }
        let a = &r.origin.address;
        let (secs, why) = match r.num("timeout_sec") {
            Some(n) => (n, format!("{a}: timeout_sec = {n}")),
            None => (
                30.0,
                format!("{a} does not set timeout_sec: 30 s, the default"),
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
            e.why = format!("{}; timeout {why}", e.why);
        }
    }
}

/// A global load balancer or a DNS record whose targets are in two regions: then both serve.
pub fn routes_to_both(drafts: &[Draft], resources: &[Resource]) -> Option<String> {
    drafts.iter().find_map(|d| {
        let root = &resources[d.root];
        row(root)?;
        let global_lb = d.kind == Kind::Network && d.scope == Some(Scope::Global);
        if !global_lb && d.kind != Kind::Dns {
            return None;
        }
        let mut regions: Vec<&str> = (d.members.iter())
            .flat_map(|&m| resources[m].links.iter())
            .filter(|l| {
                FORWARDS.contains(&l.attribute.as_str())
                    || l.attribute == "rrdatas"
                    || l.attribute == "routing_policy"
            })
            .flat_map(|l| {
                let target = &resources[l.to];
                // Through a backend service to its backends.
                let behind = (target.links.iter())
                    .filter(|l| l.attribute == "backend")
                    .map(|l| &resources[l.to]);
                std::iter::once(target).chain(behind)
            })
            .filter(|t| is(t) != Is::BackendService || t.ty != "google_compute_backend_service")
            .filter_map(Resource::region)
            .collect();
        regions.sort_unstable();
        regions.dedup();
        (regions.len() >= 2).then(|| root.origin.address.to_string())
    })
}
