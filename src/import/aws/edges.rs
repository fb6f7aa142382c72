//! The runtime dependencies between components, from references. Compute depends on what it
//! (or what it is built from: a launch template, a task definition, its IAM role's policies)
//! names; a load balancer on its targets; DNS on what its records point at; CloudFront on its
//! origins; a topic on its subscribers; compute in private subnets on the NAT gateway they
//! route through. `depends_on` alone is creation order: an edge only when nothing else
//! connects the two.

use std::time::Duration;

use super::lookup::{is, row};
use super::row::Is;
use crate::import::draft::{Draft, Found, Incoming, add_edges, incoming};
use crate::import::provider::Role;
use crate::import::resource::Resource;
use crate::model::{Kind, Mode};

/// Attributes that name a component without depending on it at runtime: the direction is the
/// other way (an Auto Scaling group registers in a load balancer's target group) or the link
/// is structure (a replica's source, a cluster's members).
const NOT_RUNTIME: &[&str] = &[
    "target_group_arns",
    "load_balancer",
    "load_balancers",
    "replicate_source_db",
    "replication_source_identifier",
    "global_cluster_identifier",
    "global_replication_group_id",
    "cluster_identifier",
];

/// Adds every component's edges.
pub fn apply(drafts: &mut [Draft], resources: &[Resource], owner: &[Option<usize>]) {
    let into = incoming(resources);
    let mut found: Found = Vec::new();
    for (k, d) in drafts.iter().enumerate() {
        // Another cloud's components are its provider's to connect.
        if row(&resources[d.root]).is_none() {
            continue;
        }
        let (mut edges, mut fallbacks) = (Vec::new(), Vec::new());
        let out = &mut edges;
        if d.kind == Kind::Compute {
            compute(d, resources, owner, &into, out);
            egress(d, resources, owner, &into, out);
        }
        let root = &resources[d.root];
        match is(root) {
            Is::LoadBalancer | Is::ClassicLoadBalancer => targets(d, resources, owner, &into, out),
            Is::RecordSet => {
                // A failover pair needs its primary target; the secondary only serves when
                // the primary's health check fails.
                let mut primary = Vec::new();
                let mut standby = Vec::new();
                for r in d.members.iter().map(|&m| &resources[m]) {
                    let secondary = r.str("failover_routing_policy.type") == Some("SECONDARY");
                    let into = if secondary {
                        &mut standby
                    } else {
                        &mut primary
                    };
                    named(
                        r,
                        &["alias", "records", "set_identifier"],
                        resources,
                        owner,
                        Mode::Sync,
                        "points at",
                        into,
                    );
                }
                for (to, _, why) in standby {
                    if !primary.iter().any(|(t, _, _)| *t == to) {
                        fallbacks.push(to);
                        out.push((to, Mode::Sync, format!("{why} (the failover target: not needed while the primary is healthy)")));
                    }
                }
                out.extend(primary);
            }
            Is::Cdn => {
                named(
                    root,
                    &["origin", "origin_group"],
                    resources,
                    owner,
                    Mode::Sync,
                    "serves from its origin",
                    out,
                );
            }
            Is::Topic => {
                for r in d.members.iter().map(|&m| &resources[m]) {
                    named(
                        r,
                        &["endpoint", "subscription"],
                        resources,
                        owner,
                        Mode::Async,
                        "delivers to",
                        out,
                    );
                }
            }
            _ => {}
        }
        if !edges.is_empty() {
            let edges = (edges.into_iter())
                .map(|(to, mode, why)| (to, mode, why, !fallbacks.contains(&to)))
                .collect();
            found.push((k, edges));
        }
    }
    add_edges(drafts, found);
}

/// How long callers wait: a load balancer's or CDN's timeout on each of its sync edges.
pub fn timeouts(drafts: &mut [Draft], resources: &[Resource]) {
    for d in drafts.iter_mut() {
        if let Some((timeout, why)) = caller_timeout(&resources[d.root]) {
            for e in d.edges.values_mut().filter(|e| e.mode == Mode::Sync) {
                e.timeout = Some(timeout);
                e.why = format!("{}; timeout {}", e.why, why);
            }
        }
    }
}

/// How long a load balancer or a CDN waits for what it forwards to, from its configuration or
/// the service's default.
fn caller_timeout(r: &Resource) -> Option<(Duration, String)> {
    let a = &r.origin.address;
    let (secs, why) = match is(r) {
        Is::LoadBalancer | Is::ClassicLoadBalancer => match r.num("idle_timeout") {
            Some(n) => (n, format!("{a}: idle_timeout = {n}")),
            None if r.str("load_balancer_type") == Some("network") => (
                350.0,
                "a Network Load Balancer's TCP idle timeout, 350 s".to_string(),
            ),
            None => (
                60.0,
                format!("{a} does not set idle_timeout: 60 s, the default"),
            ),
        },
        Is::Cdn => match r.num("origin.custom_origin_config.origin_read_timeout") {
            Some(n) => (n, format!("{a}: origin_read_timeout = {n}")),
            None => (
                30.0,
                "CloudFront's default origin response timeout, 30 s".to_string(),
            ),
        },
        _ => return None,
    };
    let wait = crate::duration::from_secs(secs).ok()?;
    (!wait.is_zero()).then_some((wait, why))
}

/// What a compute component's resources name: through its members, and through the policies
/// of the IAM roles it runs as.
fn compute(
    d: &Draft,
    resources: &[Resource],
    owner: &[Option<usize>],
    into: &Incoming,
    out: &mut Vec<(usize, Mode, String)>,
) {
    let mut sources: Vec<(usize, String)> = (d.members.iter())
        .map(|&m| (m, resources[m].origin.address.to_string()))
        .collect();
    let mut roles = Vec::new();
    for &m in &d.members {
        let r = &resources[m];
        for a in ["iam_instance_profile", "role", "task_role_arn"] {
            for t in r.links_at(a) {
                match is(&resources[t]) {
                    Is::IamRole => roles.push(t),
                    Is::InstanceProfile => roles.extend(resources[t].links_at("role")),
                    _ => {}
                }
            }
        }
    }
    roles.sort_unstable();
    roles.dedup();
    for role in roles {
        let name = &resources[role].origin.address;
        sources.push((role, format!("its IAM role {name}")));
        for &(p, attribute) in &into[role] {
            let policy = &resources[p];
            match is(policy) {
                Is::IamPolicy if attribute == "role" || attribute == "roles" => {
                    sources.push((
                        p,
                        format!("its IAM role {name}'s policy {}", policy.origin.address),
                    ));
                }
                Is::IamPolicyAttachment => {
                    for attached in policy.links_at("policy_arn") {
                        sources.push((
                            attached,
                            format!(
                                "its IAM role {name}'s policy {}",
                                resources[attached].origin.address
                            ),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    for (s, via) in sources {
        let r = &resources[s];
        for l in &r.links {
            if NOT_RUNTIME.contains(&l.attribute.as_str()) {
                continue;
            }
            let Some(to) = owner[l.to] else { continue };
            let target = &resources[l.to];
            let consumes = l.attribute == "event_source_arn";
            let mode = if consumes || kind_of(resources, owner, l.to) == Some(Kind::Queue) {
                Mode::Async
            } else {
                Mode::Sync
            };
            let how = if consumes {
                format!(
                    "{via} consumes {} (event source mapping)",
                    target.origin.address
                )
            } else if is(r).iam() {
                format!("{via} grants access to {}", target.origin.address)
            } else {
                format!("{via}: {} names {}", l.attribute, target.origin.address)
            };
            out.push((to, mode, how));
        }
    }
}

/// The kind of the component a resource is part of (by its type's role).
fn kind_of(resources: &[Resource], owner: &[Option<usize>], r: usize) -> Option<Kind> {
    owner[r]?;
    match row(&resources[r])?.role {
        Role::Component(kind, _) => Some(kind),
        _ => None,
    }
}

/// The NAT gateways a compute component's subnets send their internet traffic through.
fn egress(
    d: &Draft,
    resources: &[Resource],
    owner: &[Option<usize>],
    into: &Incoming,
    out: &mut Vec<(usize, Mode, String)>,
) {
    for &s in d
        .subnets
        .iter()
        .filter(|&&s| is(&resources[s]) == Is::Subnet)
    {
        let tables = (into[s].iter())
            .filter(|&&(a, attribute)| {
                attribute == "subnet_id" && is(&resources[a]) == Is::RouteTableAssociation
            })
            .map(|&(a, _)| resources[a].links_at("route_table_id"));
        for table in tables.flatten() {
            let inline = resources[table].links_at("route");
            let routes = (into[table].iter())
                .filter(|&&(r, attribute)| {
                    attribute == "route_table_id" && is(&resources[r]) == Is::Route
                })
                .map(|&(r, _)| resources[r].links_at("nat_gateway_id"));
            for nat in inline.chain(routes.flatten()) {
                if is(&resources[nat]) != Is::NatGateway {
                    continue;
                }
                if let Some(to) = owner[nat] {
                    out.push((
                        to,
                        Mode::Sync,
                        format!(
                            "its subnet {} routes through the NAT gateway {} (route table {})",
                            resources[s].origin.address,
                            resources[nat].origin.address,
                            resources[table].origin.address
                        ),
                    ));
                }
            }
        }
    }
}

/// A load balancer's targets: what registers in its target groups, what they list, the
/// instances a classic load balancer names.
fn targets(
    d: &Draft,
    resources: &[Resource],
    owner: &[Option<usize>],
    into: &Incoming,
    out: &mut Vec<(usize, Mode, String)>,
) {
    let lb = &resources[d.root];
    named(
        lb,
        &["instances"],
        resources,
        owner,
        Mode::Sync,
        "forwards to",
        out,
    );
    // Its target groups (those it holds, and those its listeners forward to), and itself for
    // what names a classic load balancer.
    let mut groups: Vec<usize> = d.members.to_vec();
    for &m in &d.members {
        for a in ["default_action", "action"] {
            groups.extend(resources[m].links_at(a));
        }
    }
    groups.retain(|&g| is(&resources[g]) == Is::TargetGroup);
    groups.sort_unstable();
    groups.dedup();
    groups.insert(0, d.root);
    for g in groups {
        let group = &resources[g].origin.address;
        for &(f, attribute) in &into[g] {
            let from = &resources[f];
            let target = match attribute {
                "target_group_arns" | "load_balancer" | "load_balancers" => Some(f),
                "target_group_arn" if is(from) == Is::TargetGroupAttachment => {
                    from.links_at("target_id").next()
                }
                _ => None,
            };
            if let Some(t) = target
                && let Some(to) = owner[t]
            {
                out.push((
                    to,
                    Mode::Sync,
                    format!("{group} forwards to {}", resources[t].origin.address),
                ));
            }
        }
        named(
            &resources[g],
            &["targets"],
            resources,
            owner,
            Mode::Sync,
            "forwards to",
            out,
        );
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
    out: &mut Vec<(usize, Mode, String)>,
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

/// A DNS record set, not for failover, whose targets are in both regions (weighted, latency,
/// geolocation or multivalue routing): then both regions serve.
pub fn dns_routes_to_both(drafts: &[Draft], resources: &[Resource]) -> Option<String> {
    drafts.iter().filter(|d| d.kind == Kind::Dns).find_map(|d| {
        let records: Vec<&Resource> = d
            .members
            .iter()
            .map(|&m| &resources[m])
            .filter(|r| is(r) == Is::RecordSet)
            .collect();
        if records.iter().any(|r| {
            r.get("failover_routing_policy")
                .is_some_and(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
        }) {
            return None;
        }
        let mut regions: Vec<&str> = records
            .iter()
            .flat_map(|r| r.links.iter().map(|l| &resources[l.to]))
            .filter_map(Resource::region)
            .collect();
        regions.sort_unstable();
        regions.dedup();
        (regions.len() >= 2).then(|| resources[d.root].origin.address.to_string())
    })
}
