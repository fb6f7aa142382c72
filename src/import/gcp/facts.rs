//! Each component's facts from its resources: what it is, how many copies it runs in how many
//! zones, its backups and protection; and how the resources that fold into a component (an
//! instance group's template and autoscaler, a cluster's node pools, a load balancer's proxies
//! and forwarding rules, a database's replicas in its region) find it. Each function here is
//! named by its type's row in `types.rs`.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;

use super::lookup::{is, row};
use super::region::{
    SpannerConfig, Spread, SpreadKind, region_of, spanner_config, spread, zone_region,
};
use super::row::{Facts, Folds, Grouping, Is, Owner, OwnerRule};
use crate::import::draft::{Draft, Secondary, distinct, plural};
use crate::import::provider::Role;
use crate::import::resource::{Resource, block};
use crate::input::field::Field;
use crate::model::{Mode, Scope};

const HOUR: u64 = 3_600;
const DAY: u64 = 24 * HOUR;

/// One draft per component, with its members folded in; `None` where a draft was folded.
pub fn drafts(resources: &[Resource]) -> Vec<Option<Draft>> {
    let into = crate::import::draft::incoming(resources);
    let mut drafts: Vec<Draft> = Vec::new();
    let mut draft_of: Vec<Option<usize>> = vec![None; resources.len()];
    // The instances of one `count` or `for_each` resource, in one region, are one component.
    let mut groups: BTreeMap<(&str, Option<&str>), usize> = BTreeMap::new();
    for (i, r) in resources.iter().enumerate() {
        let Some(t) = row(r) else { continue };
        let Role::Component(kind, service) = t.role else {
            continue;
        };
        if t.folds.is_some_and(|f| folds(f, r, resources)) {
            continue;
        }
        if t.group == Grouping::Instances {
            let key = (r.group(), r.region());
            if let Some(&k) = groups.get(&key) {
                drafts[k].members.push(i);
                draft_of[i] = Some(k);
                continue;
            }
            groups.insert(key, drafts.len());
        }
        draft_of[i] = Some(drafts.len());
        let mut d = Draft::new(i, kind, service, r.region());
        d.groups_instances = t.group == Grouping::Instances;
        drafts.push(d);
    }
    // Members, each to the component its links lead to; a member can lead through another
    // (a forwarding rule through its proxy), so until nothing more is found.
    loop {
        let mut found = false;
        for (i, r) in resources.iter().enumerate() {
            if draft_of[i].is_some() {
                continue;
            }
            let Some(t) = row(r) else { continue };
            let owner = match t.owner {
                Owner::None => None,
                Owner::Via(attributes) => (attributes.iter())
                    .flat_map(|a| r.links_at(a))
                    .find_map(|t| draft_of[t]),
                Owner::From(attributes) => (into[i].iter())
                    .filter(|(_, a)| attributes.contains(a))
                    .find_map(|&(f, _)| draft_of[f]),
                Owner::Rule(rule) => owner(rule, r, resources, &draft_of),
            };
            if let Some(owner) = owner {
                drafts[owner].members.push(i);
                draft_of[i] = Some(owner);
                found = true;
            }
        }
        if !found {
            break;
        }
    }
    for d in &mut drafts {
        if let Some(facts) = row(&resources[d.root]).and_then(|t| t.facts) {
            read(facts, d, resources);
        }
    }
    drafts.into_iter().map(Some).collect()
}

/// What the component's resources say of it, by its type's function.
fn read(facts: Facts, d: &mut Draft, resources: &[Resource]) {
    let f = match facts {
        Facts::AlloydbCluster => alloydb_cluster,
        Facts::BackendService => backend_service,
        Facts::Bigtable => bigtable,
        Facts::Bucket => bucket,
        Facts::ComputeInstances => compute_instances,
        Facts::Disk => disk,
        Facts::DnsRecord => dns_record,
        Facts::Firestore => firestore,
        Facts::ForwardingRule => forwarding_rule,
        Facts::GkeCluster => gke_cluster,
        Facts::Memcache => memcache,
        Facts::Mig => mig,
        Facts::PubsubTopic => pubsub_topic,
        Facts::Redis => redis,
        Facts::RedisCluster => redis_cluster,
        Facts::RegionalDisk => regional_disk,
        Facts::RegionalMig => regional_mig,
        Facts::RegionalService => regional_service,
        Facts::Spanner => spanner,
        Facts::SqlInstance => sql_instance,
        Facts::UrlMap => url_map,
    };
    f(d, resources);
}

/// Whether a resource is another component's part rather than a component.
fn folds(which: Folds, r: &Resource, resources: &[Resource]) -> bool {
    match which {
        Folds::ReplicaInRegion => r.links_at("master_instance_name").any(|s| {
            is(&resources[s]) == Is::SqlInstance && resources[s].region() == r.region()
        }),
        Folds::ThroughUrlMap => url_map_of_proxy(r, resources).is_some(),
    }
}

/// The URL map a forwarding rule's proxy names.
fn url_map_of_proxy(r: &Resource, resources: &[Resource]) -> Option<usize> {
    r.links_at("target")
        .filter(|&p| is(&resources[p]) == Is::HttpProxy)
        .find_map(|p| {
            (resources[p].links_at("url_map")).find(|&u| is(&resources[u]) == Is::UrlMap)
        })
}

/// The component a member finds by its type's rule.
fn owner(
    rule: OwnerRule,
    r: &Resource,
    resources: &[Resource],
    draft_of: &[Option<usize>],
) -> Option<usize> {
    match rule {
        OwnerRule::UrlMapOfProxy => url_map_of_proxy(r, resources).and_then(|u| draft_of[u]),
    }
}

/// The members of a draft of one kind, the root left out.
fn members<'r>(d: &Draft, resources: &'r [Resource], kind: Is) -> Vec<&'r Resource> {
    (d.members.iter().skip(1))
        .map(|&m| &resources[m])
        .filter(|r| is(r) == kind)
        .collect()
}

fn days(n: f64) -> Duration {
    // numbers::check has refused what is not 0 to 100 years.
    crate::duration::from_days(n.max(0.0)).unwrap_or(crate::duration::MAX)
}

/// A duration as Google writes one (`"604800s"`, `"3.5s"`, `"14d"`, `"1h"`).
fn google_duration(text: &str) -> Option<Duration> {
    if let Some(secs) = text.strip_suffix('s')
        && let Ok(n) = secs.parse::<f64>()
    {
        return crate::duration::from_secs(n).ok();
    }
    crate::duration::parse(text).ok()
}

/// A managed service spread over the region's zones.
fn managed(d: &mut Draft, zones: u32, why: String) {
    d.instances = Some(zones);
    d.zones = Some(zones);
    d.note(Field::DeploymentZones, why);
}

/// A component in one zone.
fn zonal(d: &mut Draft, instances: u32, why: String) {
    d.instances = Some(instances.max(1));
    d.zones = Some(1);
    d.note(Field::DeploymentZones, why);
}

/// Deletion protection: on when any of `keys` turns it on (Terraform's own flag or the API's),
/// off when those set say off, else `default` (with why).
fn protection(d: &mut Draft, r: &Resource, keys: &[&str], default: (bool, &str)) {
    let a = &r.origin.address;
    let set: Vec<(&str, String, bool)> = keys
        .iter()
        .filter_map(|key| {
            let (shown, on) = match r.get(key)? {
                Value::Bool(b) => (b.to_string(), *b),
                // Firestore writes `DELETE_PROTECTION_ENABLED`.
                Value::String(s) => (s.clone(), s.ends_with("_ENABLED")),
                _ => return None,
            };
            Some((*key, shown, on))
        })
        .collect();
    let said = |items: &[&(&str, String, bool)]| {
        let parts: Vec<String> = items.iter().map(|(k, v, _)| format!("{k} = {v}")).collect();
        format!("{a}: {}", parts.join(", "))
    };
    let on: Vec<&(&str, String, bool)> = set.iter().filter(|(_, _, on)| *on).collect();
    if !on.is_empty() {
        d.deletion_protection = Some(true);
        d.note(Field::DeletionProtection, said(&on));
    } else if !set.is_empty() {
        d.deletion_protection = Some(false);
        d.note(Field::DeletionProtection, said(&set.iter().collect::<Vec<_>>()));
    } else {
        let (on, why) = default;
        d.deletion_protection = Some(on);
        d.note(Field::DeletionProtection, format!("{a} {why}"));
    }
}

// ------------------------------------------------------------------ compute

/// Compute Engine instances: how many, in how many zones (each instance is in one).
fn compute_instances(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let n = d.members.len() as u32;
    d.instances = Some(n);
    d.capacity = Some(n);
    d.note(
        Field::DeploymentInstances,
        format!("{n} instance{} of {}", plural(n as usize), r.group()),
    );
    let zones: Vec<&str> = (d.members.iter())
        .filter_map(|&m| resources[m].str("zone"))
        .collect();
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

/// Distinct zone names, in order, joined.
fn zones_list(zones: &[&str]) -> String {
    let set: std::collections::BTreeSet<&str> = zones.iter().copied().collect();
    set.into_iter().collect::<Vec<_>>().join(", ")
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
fn mig(d: &mut Draft, resources: &[Resource]) {
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
fn regional_mig(d: &mut Draft, resources: &[Resource]) {
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
fn gke_cluster(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let location = r.str("location").unwrap_or("");
    let regional = super::region::is_region(location);
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
    for inline in r.list("node_pool") {
        let name = inline.get("name").and_then(Value::as_str);
        if name.is_some_and(|n| named.contains(&n)) {
            continue;
        }
        pools.push(Pool::of(name, &|k| inline.get(k), default_zones));
    }
    let removed = r.bool("remove_default_node_pool") == Some(true);
    if pools.is_empty() && !removed {
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
        let per_zone = auto("min_node_count")
            .or_else(|| num(get("node_count")))
            .or_else(|| num(get("initial_node_count")));
        // A total of 0 is the provider's way of leaving it unset.
        let total = auto("total_min_node_count").filter(|t| *t > 0);
        Pool {
            name: name.unwrap_or("a node pool").to_string(),
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
fn regional_service(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let what = match r.ty.as_str() {
        "google_cloud_run_v2_service" | "google_cloud_run_service" => {
            "Cloud Run runs a service's instances over the zones of its region"
        }
        _ => "Cloud Functions runs a function over the zones of its region",
    };
    managed(d, 3, format!("{}: {what}", r.origin.address));
    if r.ty == "google_cloud_run_v2_service" {
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
fn pubsub_topic(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let regions: Vec<&str> = (r.list("message_storage_policy.allowed_persistence_regions").iter())
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

// ------------------------------------------------------------------ databases

/// The engine of a Cloud SQL `database_version` (`POSTGRES_15` → `postgres`).
fn engine(version: &str) -> String {
    let e = version.split('_').next().unwrap_or("").to_ascii_lowercase();
    if e.is_empty() { "unknown".into() } else { e }
}

/// A Cloud SQL instance: its standby (`availability_type`), its read replicas in the region,
/// its automated backups, point-in-time recovery and where backups are kept.
fn sql_instance(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let engine = engine(r.str("database_version").unwrap_or(""));
    d.service = format!("gcp:cloudsql:{engine}");
    let availability = r.str("settings.availability_type");
    let regional = availability == Some("REGIONAL");
    let replicas = members(d, resources, Is::SqlInstance);
    let failover = replicas
        .iter()
        .find(|m| m.bool("replica_configuration.failover_target") == Some(true));
    let copies = (1 + u32::from(regional)).saturating_add(replicas.len() as u32);
    d.instances = Some(copies);
    let mut why = match availability {
        Some(t) => format!("{a}: settings.availability_type = {t}"),
        None => format!("{a} does not set settings.availability_type: ZONAL, the default"),
    };
    why.push_str(if regional {
        " (a standby in a second zone)"
    } else {
        " (one instance, no standby)"
    });
    if !replicas.is_empty() {
        why.push_str(&format!(
            ", and {} read replica{} in its region",
            replicas.len(),
            plural(replicas.len())
        ));
    }
    d.note(Field::DeploymentInstances, why);
    let mut zones: Vec<&str> = std::iter::once(r)
        .chain(replicas.iter().copied())
        .filter_map(|m| m.str("settings.location_preference.zone"))
        .collect();
    if let Some(z) = r.str("settings.location_preference.secondary_zone") {
        zones.push(z);
    }
    let z = (if regional { 2 } else { 1 }).max(distinct(zones.iter().copied()) as u32);
    d.zones = Some(z);
    d.note(
        Field::DeploymentZones,
        if regional {
            format!(
                "{a}: availability_type = REGIONAL puts a standby in another zone of the region, written synchronously"
            )
        } else if z > 1 {
            format!(
                "its instance and read replicas are in {z} zones ({})",
                zones_list(&zones)
            )
        } else {
            format!("{a}: a ZONAL instance lives in one zone")
        },
    );
    if regional {
        d.managed_failover = Some(true);
        d.in_region = Some(Mode::Sync);
        d.note(
            Field::DeploymentManagedFailover,
            "Cloud SQL fails a REGIONAL instance over to its standby by itself".into(),
        );
    } else if let Some(f) = failover {
        d.managed_failover = Some(true);
        d.in_region = Some(Mode::Sync);
        d.note(
            Field::DeploymentManagedFailover,
            format!(
                "{}: replica_configuration.failover_target = true: a failover replica Cloud SQL promotes by itself",
                f.origin.address
            ),
        );
    } else if !replicas.is_empty() {
        d.managed_failover = Some(false);
        d.in_region = Some(Mode::Async);
        d.note(
            Field::DeploymentManagedFailover,
            "a read replica is promoted by hand".into(),
        );
    }
    if let Some(gb) = r.num("settings.disk_size") {
        d.data_gb = Some(gb);
        d.note(Field::DataGb, format!("{a}: settings.disk_size = {gb}"));
    }
    protection(
        d,
        r,
        &["settings.deletion_protection_enabled", "deletion_protection"],
        (
            true,
            "sets neither: Terraform's deletion_protection is true by default (it guards against terraform destroy; settings.deletion_protection_enabled guards against every client)",
        ),
    );
    if r.str("master_instance_name").is_none() {
        sql_backups(d, r, &engine);
    } else {
        d.note(
            Field::Backup,
            format!(
                "{a} is a read replica: Cloud SQL backs up its primary, not the replica"
            ),
        );
    }
    if let Some(dr) = r.str("replication_cluster.failover_dr_replica_name") {
        let note = format!(
            "{a}: replication_cluster.failover_dr_replica_name = {dr}: the replica a cross-region switchover or failover promotes (Cloud SQL Enterprise Plus)"
        );
        let text = d.why.entry(Field::ReplicationMode);
        if !text.is_empty() {
            text.push_str("; ");
        }
        text.push_str(&note);
    }
}

/// A Cloud SQL instance's automated backups: daily when `enabled`, kept `retained_backups`
/// (7 by default), with point-in-time recovery from the transaction logs.
fn sql_backups(d: &mut Draft, r: &Resource, engine: &str) {
    let a = r.origin.address.clone();
    let cfg = "settings.backup_configuration";
    let enabled = r.bool(&format!("{cfg}.enabled"));
    if enabled != Some(true) {
        d.note(
            Field::Backup,
            match enabled {
                Some(_) => format!("{a}: {cfg}.enabled = false: automated backups are off"),
                None => format!(
                    "{a} sets no {cfg}.enabled: automated backups are off, the provider's default"
                ),
            },
        );
        return;
    }
    let kept = r.num(&format!("{cfg}.backup_retention_settings.retained_backups"));
    let n = kept.unwrap_or(7.0);
    d.backup.frequency = Some(Duration::from_secs(DAY));
    d.backup.retention = Some(days(n));
    let start = r
        .str(&format!("{cfg}.start_time"))
        .map(|s| format!(" in the window starting {s} UTC"))
        .unwrap_or_default();
    d.note(
        Field::BackupFrequency,
        format!("{a}: {cfg}.enabled = true: a backup a day{start}"),
    );
    d.note(
        Field::BackupRetention,
        match kept {
            Some(_) => format!(
                "{a}: retained_backups = {n}: the last {n} daily backups are kept, {n} days"
            ),
            None => format!("{a} does not set retained_backups: 7, Cloud SQL's default"),
        },
    );
    let (flag, pitr) = if engine == "mysql" {
        (
            "binary_log_enabled",
            r.bool(&format!("{cfg}.binary_log_enabled")),
        )
    } else {
        (
            "point_in_time_recovery_enabled",
            r.bool(&format!("{cfg}.point_in_time_recovery_enabled")),
        )
    };
    if pitr == Some(true) {
        d.backup.pitr = true;
        let logs = r
            .num(&format!("{cfg}.transaction_log_retention_days"))
            .unwrap_or(7.0);
        d.note(
            Field::BackupPitr,
            format!(
                "{a}: {flag} = true: point-in-time recovery from transaction logs kept {logs} days"
            ),
        );
    } else {
        d.note(
            Field::BackupPitr,
            format!("{a}: {flag} is not true: no point-in-time recovery, daily backups only"),
        );
    }
    let region = r.region().map(str::to_string);
    match r.str(&format!("{cfg}.location")) {
        Some(loc) => match (region_of(loc), spread(loc, &[])) {
            (Some(there), _) if Some(&there) != region.as_ref() => {
                d.backup.copy_region = Some(there.clone());
                d.note(
                    Field::BackupCrossRegionCopy,
                    format!("{a}: backups are kept in {there}, outside the instance's region"),
                );
            }
            (Some(_), _) => d.note(
                Field::BackupCrossRegionCopy,
                format!(
                    "{a}: {cfg}.location = {loc}: backups stay in the instance's region and go with it"
                ),
            ),
            (None, Some(s)) => {
                d.backup.copy_region = Some(loc.to_string());
                d.note(
                    Field::BackupCrossRegionCopy,
                    format!(
                        "{a}: {cfg}.location = {loc}: backups are kept in the {} {}, stored in more than one region",
                        s.kind.words(),
                        s.name
                    ),
                );
            }
            (None, None) => d.note(
                Field::BackupCrossRegionCopy,
                format!("{a}: {cfg}.location = {loc}: a location drplan does not know"),
            ),
        },
        None => {
            let multi = region.as_deref().and_then(super::region::multi_region_of);
            d.backup.copy_region = multi.map(str::to_string);
            d.note(
                Field::BackupCrossRegionCopy,
                format!(
                    "{a} sets no {cfg}.location: Cloud SQL keeps backups in the multi-region nearest the instance ({}), stored in more than one region",
                    multi.unwrap_or("its multi-region")
                ),
            );
        }
    }
}

/// An AlloyDB cluster: its primary instance's standby, its read pools, continuous backup and
/// the automated backup policy.
fn alloydb_cluster(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let instances = members(d, resources, Is::AlloydbInstance);
    let primary = instances
        .iter()
        .find(|i| matches!(i.str("instance_type"), Some("PRIMARY" | "SECONDARY")));
    let regional = primary.is_none_or(|p| p.str("availability_type") != Some("ZONAL"));
    let pools: u32 = (instances.iter())
        .filter(|i| i.str("instance_type") == Some("READ_POOL"))
        .map(|i| i.num("read_pool_config.node_count").unwrap_or(1.0) as u32)
        .fold(0, u32::saturating_add);
    let n = (1 + u32::from(regional)).saturating_add(pools);
    d.instances = Some(n);
    d.zones = Some(if regional { 2 } else { 1 });
    let said = match primary {
        Some(p) => match p.str("availability_type") {
            Some(t) => format!("{}: availability_type = {t}", p.origin.address),
            None => format!(
                "{} does not set availability_type: REGIONAL, the default",
                p.origin.address
            ),
        },
        None => format!("{a} has no primary instance in the sources: REGIONAL, the default"),
    };
    d.note(
        Field::DeploymentInstances,
        format!(
            "{said}{}, and {pools} read pool node{}",
            if regional {
                " (an active node and a standby in two zones)"
            } else {
                " (one node)"
            },
            plural(pools as usize)
        ),
    );
    d.note(
        Field::DeploymentZones,
        if regional {
            "a REGIONAL primary instance keeps a standby in another zone and fails over to it by itself".into()
        } else {
            "a ZONAL primary instance lives in one zone".into()
        },
    );
    if regional {
        d.managed_failover = Some(true);
        d.in_region = Some(Mode::Sync);
        d.note(
            Field::DeploymentManagedFailover,
            "AlloyDB fails a REGIONAL instance over to its standby by itself".into(),
        );
    }
    protection(
        d,
        r,
        &["deletion_protection"],
        (
            false,
            "does not set deletion_protection: off, the provider's default",
        ),
    );
    // Continuous backup: on unless disabled, 14 days unless said.
    let continuous = r.bool("continuous_backup_config.enabled");
    if continuous != Some(false) {
        let window = r
            .num("continuous_backup_config.recovery_window_days")
            .unwrap_or(14.0);
        d.backup.pitr = true;
        d.backup.retention = Some(days(window));
        d.note(
            Field::BackupPitr,
            match continuous {
                Some(_) => format!(
                    "{a}: continuous_backup_config.enabled = true: point-in-time recovery within {window} days"
                ),
                None => format!(
                    "{a} does not set continuous_backup_config: continuous backup is on by default, {window} days"
                ),
            },
        );
        d.note(
            Field::BackupRetention,
            format!("{a}: continuous backup keeps {window} days"),
        );
    }
    let policy = "automated_backup_policy";
    match r.bool(&format!("{policy}.enabled")) {
        Some(false) => d.note(
            Field::BackupFrequency,
            format!("{a}: {policy}.enabled = false: no scheduled backups"),
        ),
        enabled => {
            let days_of_week = r.list(&format!("{policy}.weekly_schedule.days_of_week")).len();
            let every = if (1..7).contains(&days_of_week) {
                weekly_gap(
                    r.list(&format!("{policy}.weekly_schedule.days_of_week"))
                        .iter()
                        .filter_map(Value::as_str),
                )
            } else {
                Duration::from_secs(DAY)
            };
            d.backup.frequency = Some(every);
            d.note(
                Field::BackupFrequency,
                match enabled {
                    Some(_) if days_of_week > 0 && days_of_week < 7 => format!(
                        "{a}: {policy}.weekly_schedule on {days_of_week} day{} a week: at worst {} between backups",
                        plural(days_of_week),
                        crate::duration::Human(every)
                    ),
                    Some(_) => format!("{a}: {policy}: a backup a day"),
                    None => format!(
                        "{a} does not set {policy}: AlloyDB's default policy takes a backup a day, kept 14 days"
                    ),
                },
            );
            if d.backup.retention.is_none() {
                let kept = r
                    .str(&format!("{policy}.time_based_retention.retention_period"))
                    .and_then(google_duration)
                    .unwrap_or(Duration::from_secs(14 * DAY));
                d.backup.retention = Some(kept);
                d.note(
                    Field::BackupRetention,
                    format!(
                        "{a}: automated backups kept {}",
                        crate::duration::Human(kept)
                    ),
                );
            }
        }
    }
}

/// The worst gap between backups taken on some days of the week (`MONDAY`, `THURSDAY`).
pub(super) fn weekly_gap<'a>(days: impl Iterator<Item = &'a str>) -> Duration {
    const WEEK: [&str; 7] = [
        "MONDAY",
        "TUESDAY",
        "WEDNESDAY",
        "THURSDAY",
        "FRIDAY",
        "SATURDAY",
        "SUNDAY",
    ];
    let mut on: Vec<usize> = days
        .filter_map(|d| {
            WEEK.iter()
                .position(|w| w.eq_ignore_ascii_case(d) || w[..3].eq_ignore_ascii_case(d))
        })
        .collect();
    on.sort_unstable();
    on.dedup();
    let gap = match on.len() {
        0 => 7,
        1 => 7,
        _ => on
            .windows(2)
            .map(|w| w[1] - w[0])
            .chain(std::iter::once(7 + on[0] - on[on.len() - 1]))
            .max()
            .unwrap_or(7),
    };
    Duration::from_secs(gap as u64 * DAY)
}

/// A Spanner instance: three read-write replicas in three zones of a regional configuration,
/// or replicas in several regions of a multi-region one, written synchronously either way.
fn spanner(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let config = r.str("config").unwrap_or("");
    d.in_region = Some(Mode::Sync);
    d.managed_failover = Some(true);
    d.note(
        Field::DeploymentManagedFailover,
        "Spanner's replicas elect a new leader by themselves".into(),
    );
    match spanner_config(config) {
        SpannerConfig::Regional(region) => {
            managed(
                d,
                3,
                format!(
                    "{a}: config = {config}: a regional configuration, three read-write replicas in three zones of {region}"
                ),
            );
        }
        SpannerConfig::Multi(s) => {
            managed(
                d,
                3,
                format!(
                    "{a}: config = {config}: a multi-region configuration, read-write replicas in several zones and regions"
                ),
            );
            let leader = s.regions.first().cloned().or_else(|| d.region.clone());
            spread_copy(d, &s, leader, Mode::Sync);
            d.note(
                Field::ReplicationMode,
                format!(
                    "{a}: config = {config} replicates {} synchronously (a write commits in more than one region): a region's loss loses no committed write, and Spanner moves the leader by itself",
                    spread_words(&s)
                ),
            );
        }
        SpannerConfig::Unknown => managed(
            d,
            3,
            format!(
                "{a}: config = {config:?} is a configuration drplan does not know: counted as a regional one (three zones)"
            ),
        ),
    }
    let databases = members(d, resources, Is::SpannerDatabase);
    // Point-in-time recovery reaches back each database's version retention (1 hour unless
    // set, at most 7 days): the shortest of them is what the instance can count on.
    let windows: Vec<(Duration, String)> = databases
        .iter()
        .map(|db| {
            let said = db.str("version_retention_period");
            let w = said
                .and_then(google_duration)
                .unwrap_or(Duration::from_secs(HOUR));
            let why = match said {
                Some(p) => format!("{}: version_retention_period = {p}", db.origin.address),
                None => format!(
                    "{} keeps versions 1h, the default version_retention_period",
                    db.origin.address
                ),
            };
            (w, why)
        })
        .collect();
    if let Some((w, why)) = windows.iter().min_by_key(|(w, _)| *w) {
        d.backup.pitr = true;
        d.backup.retention = Some(*w);
        d.note(
            Field::BackupPitr,
            format!("{why}: point-in-time recovery within it"),
        );
        d.note(Field::BackupRetention, why.clone());
        kept_with_copies(d);
    }
    match databases.first() {
        Some(db) => protection(
            d,
            db,
            &["enable_drop_protection", "deletion_protection"],
            (true, "sets neither: Terraform's deletion_protection is true by default"),
        ),
        None => d.note(
            Field::DeletionProtection,
            format!("{a}: no database of it in the sources"),
        ),
    }
}

/// A Bigtable instance: its clusters, in one or several zones and regions, replicated
/// eventually; failover by itself only with multi-cluster routing.
fn bigtable(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let clusters: Vec<(&str, Option<String>)> = (r.list("cluster").iter())
        .filter_map(|c| {
            let zone = c.get("zone")?.as_str()?;
            Some((zone, zone_region(zone).map(str::to_string)))
        })
        .collect();
    let n = r.list("cluster").len().max(1) as u32;
    let zones: Vec<&str> = clusters.iter().map(|(z, _)| *z).collect();
    d.instances = Some(n);
    d.zones = Some(distinct(zones.iter().copied()).max(1) as u32);
    d.note(
        Field::DeploymentInstances,
        format!("{a}: {n} cluster{}", plural(n as usize)),
    );
    d.note(
        Field::DeploymentZones,
        if zones.is_empty() {
            format!("{a}: no cluster says its zone: one zone")
        } else {
            format!("its clusters are in {}", zones_list(&zones))
        },
    );
    let multi = members(d, resources, Is::BigtableAppProfile)
        .into_iter()
        .find(|p| p.bool("multi_cluster_routing_use_any") == Some(true));
    if n > 1 {
        d.in_region = Some(Mode::Async);
        d.managed_failover = Some(multi.is_some());
        d.note(
            Field::DeploymentManagedFailover,
            match multi {
                Some(p) => format!(
                    "{}: multi_cluster_routing_use_any = true: requests go to another cluster by themselves",
                    p.origin.address
                ),
                None => "no app profile routes to any cluster (multi-cluster routing): a failover is changing the app profile by hand".into(),
            },
        );
    }
    let home = d.region.clone();
    if let Some((_, Some(other))) = clusters
        .iter()
        .find(|(_, region)| region.is_some() && *region != home)
    {
        d.replication = Some((Mode::Async, None));
        d.secondary = Some(Secondary {
            region: other.clone(),
            capacity: None,
            replica: true,
        });
        // Every cluster takes writes; with multi-cluster routing requests go to another by
        // themselves, else an app profile is changed by hand.
        d.multi_writer = multi.is_some();
        d.note(
            Field::ReplicationMode,
            format!(
                "{a} has a cluster in {other}: Bigtable replicates between clusters eventually (asynchronously){}",
                if multi.is_some() {
                    "; with multi-cluster routing every cluster takes writes: nothing to promote"
                } else {
                    ""
                }
            ),
        );
    }
    protection(
        d,
        r,
        &["deletion_protection"],
        (
            true,
            "does not set deletion_protection: true, the provider's default",
        ),
    );
    let tables = members(d, resources, Is::BigtableTable);
    let policy = tables.iter().find_map(|t| {
        let every = t
            .str("automated_backup_policy.frequency")
            .and_then(google_duration)?;
        let kept = t
            .str("automated_backup_policy.retention_period")
            .and_then(google_duration);
        Some((every, kept, t.origin.address.clone()))
    });
    if let Some((every, kept, by)) = policy.filter(|(e, _, _)| !e.is_zero()) {
        d.backup.frequency = Some(every);
        d.backup.retention = kept;
        d.note(
            Field::BackupFrequency,
            format!(
                "{by}: automated_backup_policy every {}",
                crate::duration::Human(every)
            ),
        );
        if let Some(k) = kept {
            d.note(
                Field::BackupRetention,
                format!("{by}: automated backups kept {}", crate::duration::Human(k)),
            );
        }
    } else {
        d.note(
            Field::Backup,
            format!("{a}: no table of it has an automated_backup_policy: no backups"),
        );
    }
}

/// A Firestore database: regional (three zones) or multi-region, point-in-time recovery and
/// its backup schedules.
fn firestore(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let location = r.str("location_id").unwrap_or("");
    match region_of(location) {
        Some(region) => {
            d.region = Some(region.clone());
            managed(
                d,
                3,
                format!(
                    "{a}: location_id = {location}: a regional database, replicated synchronously over three zones"
                ),
            );
        }
        None => {
            managed(
                d,
                3,
                format!("{a}: location_id = {location}: a multi-region database"),
            );
            let s = Spread {
                name: location.to_string(),
                kind: SpreadKind::MultiRegion,
                regions: Vec::new(),
            };
            let home = d.region.clone();
            spread_copy(d, &s, home, Mode::Sync);
            d.note(
                Field::ReplicationMode,
                format!(
                    "{a}: location_id = {location} replicates {} synchronously: a region's loss loses no committed write, and the database keeps serving",
                    spread_words(&s)
                ),
            );
        }
    }
    match r.str("point_in_time_recovery_enablement") {
        Some("POINT_IN_TIME_RECOVERY_ENABLED") => {
            d.backup.pitr = true;
            d.backup.retention = Some(Duration::from_secs(7 * DAY));
            d.note(
                Field::BackupPitr,
                format!(
                    "{a}: point_in_time_recovery_enablement = POINT_IN_TIME_RECOVERY_ENABLED: any minute of the last 7 days"
                ),
            );
            kept_with_copies(d);
        }
        _ => d.note(
            Field::BackupPitr,
            format!("{a}: point-in-time recovery is not enabled (the default)"),
        ),
    }
    let schedules = members(d, resources, Is::FirestoreBackupSchedule);
    let best = schedules
        .iter()
        .map(|s| {
            let weekly = s.get("weekly_recurrence").is_some();
            let every = Duration::from_secs(if weekly { 7 * DAY } else { DAY });
            let kept = s.str("retention").and_then(google_duration);
            (every, kept, s.origin.address.clone())
        })
        .min_by_key(|(every, kept, _)| (*every, std::cmp::Reverse(*kept)));
    if let Some((every, kept, by)) = best {
        d.backup.frequency = Some(every);
        if let Some(k) = kept {
            d.backup.retention = d.backup.retention.max(Some(k));
            d.note(
                Field::BackupRetention,
                format!("{by}: backups kept {}", crate::duration::Human(k)),
            );
        }
        d.note(
            Field::BackupFrequency,
            format!(
                "{by}: a backup every {}",
                crate::duration::Human(every)
            ),
        );
    } else if !d.backup.pitr {
        d.note(
            Field::Backup,
            format!("{a}: no backup schedule and no point-in-time recovery"),
        );
    }
    protection(
        d,
        r,
        &["delete_protection_state"],
        (false, "does not set delete_protection_state: off by default"),
    );
}

// ------------------------------------------------------------------ caches

/// A Memorystore for Redis instance: BASIC is one node; STANDARD_HA a primary and replicas in
/// two zones that fail over by themselves.
fn redis(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let tier = r.str("tier").unwrap_or("BASIC");
    let said = match r.str("tier") {
        Some(t) => format!("{a}: tier = {t}"),
        None => format!("{a} does not set tier: BASIC, the default"),
    };
    if tier == "STANDARD_HA" {
        let replicas = r.num("replica_count").unwrap_or(1.0).max(1.0) as u32;
        d.instances = Some(replicas.saturating_add(1));
        d.zones = Some(2);
        d.managed_failover = Some(true);
        d.in_region = Some(Mode::Async);
        d.note(
            Field::DeploymentInstances,
            format!(
                "{said}: a primary and {replicas} replica{}",
                plural(replicas as usize)
            ),
        );
        let zones: Vec<&str> = ["location_id", "alternative_location_id"]
            .iter()
            .filter_map(|k| r.str(k))
            .collect();
        d.note(
            Field::DeploymentZones,
            if zones.len() == 2 {
                format!("{a}: the primary in {} and replicas in {}", zones[0], zones[1])
            } else {
                format!("{said}: replicas in another zone than the primary")
            },
        );
        d.note(
            Field::DeploymentManagedFailover,
            format!("{said}: Memorystore promotes a replica by itself"),
        );
    } else {
        zonal(
            d,
            1,
            format!(
                "{said}: one node in {}, no replica",
                r.str("location_id").unwrap_or("one zone")
            ),
        );
        d.note(Field::DeploymentInstances, format!("{said}: one node"));
    }
    if let Some(gb) = r.num("memory_size_gb") {
        d.data_gb = Some(gb);
        d.note(Field::DataGb, format!("{a}: memory_size_gb = {gb}"));
    }
    persistence(d, r, "persistence_config.persistence_mode", "persistence_config.rdb_snapshot_period");
}

/// Memorystore's persistence: an instance reloads its own snapshots after a failure; they are
/// not backups kept apart from it.
fn persistence(d: &mut Draft, r: &Resource, mode: &str, period: &str) {
    let a = &r.origin.address;
    let note = match (r.str(mode), r.str(period)) {
        (Some(m @ ("RDB" | "AOF")), p) => format!(
            "{a}: {mode} = {m}{}: the instance reloads its own persisted data after its nodes fail; that is not a backup kept apart from it (export to Cloud Storage for one)",
            p.map(|p| format!(", {period} = {p}")).unwrap_or_default()
        ),
        _ => format!("{a}: no persistence: data lives in memory only"),
    };
    d.note(Field::Backup, note);
}

/// A Memorystore for Redis Cluster: shards with replicas, over several zones or one.
fn redis_cluster(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let replicas = r.num("replica_count").unwrap_or(0.0) as u32;
    let copies = replicas.saturating_add(1);
    d.instances = Some(copies);
    d.note(
        Field::DeploymentInstances,
        format!(
            "{a}: replica_count = {replicas}: {} cop{} of each shard",
            copies,
            if replicas == 0 { "y" } else { "ies" }
        ),
    );
    if replicas > 0 {
        d.managed_failover = Some(true);
        d.in_region = Some(Mode::Async);
        d.note(
            Field::DeploymentManagedFailover,
            "Memorystore promotes a shard's replica by itself".into(),
        );
    }
    match r.str("zone_distribution_config.mode") {
        Some("SINGLE_ZONE") => zonal(
            d,
            copies,
            format!(
                "{a}: zone_distribution_config.mode = SINGLE_ZONE: every node in {}",
                r.str("zone_distribution_config.zone").unwrap_or("one zone")
            ),
        ),
        _ => {
            d.zones = Some(copies.min(3));
            d.note(
                Field::DeploymentZones,
                format!("{a}: MULTI_ZONE (the default): a shard's copies in different zones"),
            );
        }
    }
    persistence(
        d,
        r,
        "persistence_config.mode",
        "persistence_config.rdb_config.rdb_snapshot_period",
    );
}

/// A Memorystore for Memcached instance: its nodes over the zones it lists.
fn memcache(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let n = r.num("node_count").unwrap_or(1.0).max(1.0) as u32;
    d.instances = Some(n);
    d.note(Field::DeploymentInstances, format!("{a}: node_count = {n}"));
    let zones: Vec<&str> = r.list("zones").iter().filter_map(Value::as_str).collect();
    let z = if zones.is_empty() {
        n.min(3)
    } else {
        distinct(zones.iter().copied()) as u32
    };
    d.zones = Some(z);
    d.note(
        Field::DeploymentZones,
        if zones.is_empty() {
            format!("{a} lists no zones: Memorystore spreads its nodes over the region's zones")
        } else {
            format!("{a}: zones = {}", zones_list(&zones))
        },
    );
}

// ------------------------------------------------------------------ storage

/// A Cloud Storage bucket: its location (a region, a dual-region, a multi-region), turbo
/// replication, versioning, soft delete and a locked retention policy.
fn bucket(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let Some(location) = r.str("location") else {
        managed(
            d,
            3,
            format!("{a}: its location is not known offline (computed at apply): counted as a region"),
        );
        d.unknown.insert(Field::DeploymentZones);
        bucket_protection(d, r);
        return;
    };
    let data_locations: Vec<&str> = (r.list("custom_placement_config.data_locations").iter())
        .filter_map(Value::as_str)
        .collect();
    let configured = d.region.clone();
    match spread(location, &data_locations) {
        None => {
            d.service = "gcp:gcs:region".into();
            managed(
                d,
                3,
                format!(
                    "{a}: location = {location}, a region: Cloud Storage keeps objects redundantly over its zones, synchronously"
                ),
            );
        }
        Some(s) => {
            managed(
                d,
                3,
                format!(
                    "{a}: location = {location}, a {}: objects are kept in more than one region",
                    s.kind.words()
                ),
            );
            let turbo = r.str("rpo") == Some("ASYNC_TURBO") && s.kind == SpreadKind::DualRegion;
            d.service = match (s.kind, turbo) {
                (SpreadKind::DualRegion, true) => "gcp:gcs:dual-region:turbo",
                (SpreadKind::DualRegion, false) => "gcp:gcs:dual-region",
                (SpreadKind::MultiRegion, _) => "gcp:gcs:multi-region",
            }
            .into();
            let how = if turbo {
                "rpo = ASYNC_TURBO: turbo replication, every new object in the other region within 15 minutes"
            } else {
                "default replication: 99.9 % of new objects in another region within an hour, all within 12 hours"
            };
            spread_copy(d, &s, configured, Mode::Async);
            d.note(
                Field::ReplicationMode,
                format!(
                    "{a}: the {} {} replicates {} asynchronously ({how}; the lag is the assumption table's figure for {}); a region's loss leaves the bucket serving from the other, under the same name: nothing to promote",
                    s.kind.words(),
                    s.name,
                    spread_words(&s),
                    d.service
                ),
            );
        }
    }
    bucket_protection(d, r);
}

/// A copy a location keeps in more than one region (a dual- or multi-region bucket, a
/// multi-region database): the draft is in the configured region when that is one of the
/// location's, else in its first; its copy in the other (or in the location itself, where
/// Google does not say its regions), taking writes too.
fn spread_copy(d: &mut Draft, s: &Spread, configured: Option<String>, mode: Mode) {
    let home = match configured {
        Some(c) if s.regions.is_empty() || s.regions.contains(&c) => Some(c),
        _ => s.regions.first().cloned(),
    };
    let there = (s.regions.iter())
        .find(|o| Some(*o) != home.as_ref())
        .cloned()
        .unwrap_or_else(|| s.name.clone());
    d.region = home;
    d.multi_writer = true;
    d.replication = Some((mode, None));
    d.secondary = Some(Secondary {
        region: there,
        capacity: None,
        replica: true,
    });
}

/// A multi-region database's recovery points (its earlier versions) are kept with its
/// replicas: in its other region too.
fn kept_with_copies(d: &mut Draft) {
    if d.multi_writer
        && let Some(there) = d.secondary.as_ref().map(|s| s.region.clone())
    {
        d.note(
            Field::BackupCrossRegionCopy,
            format!("its earlier versions are kept with its replicas, in {there} too"),
        );
        d.backup.copy_region = Some(there);
    }
}

/// Where a spread location keeps its copies, in words.
fn spread_words(s: &Spread) -> String {
    if s.regions.is_empty() {
        format!("between regions of {} (Google does not say which)", s.name)
    } else {
        format!("between {}", s.regions.join(" and "))
    }
}

/// A bucket's versioning, soft delete and locked retention.
fn bucket_protection(d: &mut Draft, r: &Resource) {
    let a = r.origin.address.clone();
    let versioning = r.bool("versioning.enabled");
    d.backup.versioning = Some(versioning == Some(true));
    let soft = match r.num("soft_delete_policy.retention_duration_seconds") {
        Some(s) if s > 0.0 => Some((s, false)),
        Some(_) => None,
        None => Some((604_800.0, true)),
    };
    let soft_words = match soft {
        Some((s, default)) => format!(
            "; soft delete keeps deleted and overwritten objects {}, restorable one by one",
            if default {
                "7 days (the default)".to_string()
            } else {
                let kept = crate::duration::from_secs(s).unwrap_or(crate::duration::MAX);
                format!(
                    "{} (retention_duration_seconds = {s})",
                    crate::duration::Human(kept)
                )
            }
        ),
        None => "; soft delete is off".into(),
    };
    d.note(
        Field::BackupVersioning,
        match versioning {
            Some(true) => format!("{a}: versioning.enabled = true{soft_words}"),
            Some(false) => format!("{a}: versioning.enabled = false{soft_words}"),
            None => format!(
                "{a} has no versioning block: a bucket is unversioned by default{soft_words}"
            ),
        },
    );
    if r.bool("retention_policy.is_locked") == Some(true) {
        d.backup.immutable = true;
        d.note(
            Field::BackupImmutable,
            format!(
                "{a}: retention_policy.is_locked = true (Bucket Lock): no object can be deleted or replaced before its retention ends, by anyone"
            ),
        );
    }
}

/// A zonal persistent disk: one zone; its backups are the snapshot schedules attached to it
/// (`snapshots.rs`).
fn disk(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    d.scope = Some(Scope::Zonal);
    d.instances = Some(1);
    d.note(
        Field::Scope,
        format!(
            "{a} is a zonal persistent disk: it lives in {}",
            r.str("zone").unwrap_or("one zone")
        ),
    );
    size(d, r);
}

/// A regional persistent disk: written synchronously to two zones; failing over is attaching
/// it to an instance in the other zone, by hand.
fn regional_disk(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    let zones: Vec<&str> = r.list("replica_zones").iter().filter_map(Value::as_str).collect();
    d.instances = Some(2);
    d.zones = Some(2);
    d.in_region = Some(Mode::Sync);
    d.managed_failover = Some(false);
    d.note(
        Field::DeploymentZones,
        if zones.is_empty() {
            format!("{a} is a regional persistent disk: written synchronously to two zones")
        } else {
            format!(
                "{a}: replica_zones = {}: written synchronously to both",
                zones_list(&zones)
            )
        },
    );
    d.note(
        Field::DeploymentManagedFailover,
        "a regional disk fails over when it is force-attached to an instance in the other zone, by hand or by a regional instance group".into(),
    );
    size(d, r);
}

/// A disk's size, and its type in its service (`gcp:compute:disk:pd-ssd`), which prices it.
fn size(d: &mut Draft, r: &Resource) {
    if let Some(t) = r.str("type").filter(|t| t.starts_with("pd-") || t.starts_with("hyperdisk-")) {
        d.service = format!("{}:{t}", d.service);
    }
    if let Some(gb) = r.num("size") {
        d.data_gb = Some(gb);
        d.note(
            Field::DataGb,
            format!("{}: size = {gb}", r.origin.address),
        );
    }
}

// ------------------------------------------------------------------ network

/// A URL map is the load balancer (its forwarding rules and proxies fold into it): a global
/// one is served by Google's front ends everywhere, a regional one over its region's zones.
fn url_map(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    if r.ty == "google_compute_url_map" {
        d.scope = Some(Scope::Global);
        d.note(
            Field::Scope,
            format!("{a} is a global load balancer's URL map: Google's front ends serve it from every region"),
        );
    } else {
        managed(
            d,
            3,
            format!("{a} is a regional load balancer's URL map: its proxies run over the region's zones"),
        );
    }
    d.capacity = Some(1);
}

/// A backend service: global or regional, with the timeout its callers wait.
fn backend_service(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    if r.ty == "google_compute_backend_service" {
        d.scope = Some(Scope::Global);
        d.note(
            Field::Scope,
            format!("{a} is a global backend service: served by Google's front ends from every region"),
        );
    } else {
        managed(
            d,
            3,
            format!("{a} is a regional backend service, run over the region's zones"),
        );
    }
    d.capacity = Some(1);
}

/// A forwarding rule that is a load balancer of its own (a passthrough or a TCP/SSL proxy).
fn forwarding_rule(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    if r.ty == "google_compute_global_forwarding_rule" {
        d.scope = Some(Scope::Global);
        d.note(
            Field::Scope,
            format!("{a} is a global forwarding rule: an anycast address served from every region"),
        );
    } else {
        managed(
            d,
            3,
            format!("{a} is a regional forwarding rule, served over the region's zones"),
        );
    }
    d.capacity = Some(1);
}

/// A Cloud DNS record set is global.
fn dns_record(d: &mut Draft, resources: &[Resource]) {
    d.scope = Some(Scope::Global);
    d.note(
        Field::Scope,
        format!(
            "{} is a Cloud DNS record: served from Google's global name servers",
            resources[d.root].origin.address
        ),
    );
}

/// The name a component is shown with: the name the service knows it by.
pub fn name(r: &Resource) -> Option<String> {
    ["name", "cluster_id", "display_name"]
        .iter()
        .find_map(|k| r.str(k))
        .filter(|n| !n.is_empty())
        .map(|n| n.rsplit('/').next().unwrap_or(n).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_gaps_wrap_around_the_week() {
        let gap = |days: &[&str]| weekly_gap(days.iter().copied()).as_secs() / DAY;
        assert_eq!(gap(&["MONDAY"]), 7);
        assert_eq!(gap(&["MONDAY", "THURSDAY"]), 4);
        assert_eq!(gap(&["SUNDAY", "MONDAY"]), 6);
        assert_eq!(gap(&[]), 7);
    }

    #[test]
    fn google_durations() {
        assert_eq!(google_duration("604800s"), Some(Duration::from_secs(7 * DAY)));
        assert_eq!(google_duration("3.5s"), Some(Duration::from_millis(3_500)));
        assert_eq!(google_duration("14d"), Some(Duration::from_secs(14 * DAY)));
        assert_eq!(google_duration("forever"), None);
    }

    #[test]
    fn engines() {
        assert_eq!(engine("POSTGRES_15"), "postgres");
        assert_eq!(engine("SQLSERVER_2019_STANDARD"), "sqlserver");
        assert_eq!(engine(""), "unknown");
    }
}
