//! Each component's facts from its resources: what it is, how many copies it runs in how many
//! zones, its backups and protection; and how the resources that fold into a component (an
//! instance group's template and autoscaler, a cluster's node pools, a load balancer's proxies
//! and forwarding rules, a database's replicas in its region) find it. Each function here is
//! named by its type's row in `types.rs`, in a file of its family (`compute`, `databases`,
//! `caches`, `storage`, `network`); the helpers they share are here.

mod caches;
mod compute;
mod databases;
mod network;
mod storage;

use std::collections::BTreeMap;
use std::time::Duration;

use crate::import::resource::Value;

use super::lookup::{is, row};
use super::region::{
    SpannerConfig, Spread, SpreadKind, is_region, multi_region_of, region_of, spanner_config,
    spread, zone_region,
};
use super::row::{Facts, Folds, Grouping, Is, Owner, OwnerRule};
use crate::import::draft::{self, Draft, Secondary, distinct, plural};
use crate::import::provider::Role;
use crate::import::resource::{Resource, block};
use crate::input::field::Field;
use crate::model::{Mode, Scope};

const HOUR: u64 = 3_600;
const DAY: u64 = 24 * HOUR;
/// One draft per component, with its members folded in; `None` where a draft was folded.
pub fn drafts(resources: &[Resource]) -> Vec<Option<Draft>> {
    let into = crate::import::draft::incoming(resources);
    let mut drafts = Draft::room(resources, |r| {
        row(r).is_some_and(|t| matches!(t.role, Role::Component(..)))
    });
    let mut draft_of: Vec<Option<usize>> = vec![None; resources.len()];
    // The instances of one `count` or `for_each` resource, in one region, are one component.
    // Only keys more than one resource has are held.
    let grouped = |r: &Resource| row(r).is_some_and(|t| t.group == Grouping::Instances);
    let shared = draft::shared_keys(resources, |r| grouped(r).then(|| (r.group(), r.region())));
    let mut groups: BTreeMap<(&str, Option<&str>), usize> = BTreeMap::new();
    for (i, r) in resources.iter().enumerate() {
        let Some(t) = row(r) else { continue };
        let Role::Component(kind, service) = t.role else {
            continue;
        };
        if t.folds.is_some_and(|f| folds(f, r, resources)) {
            continue;
        }
        if t.group == Grouping::Instances && shared[i] {
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
    // A state names a member's component by value; a short name (`cluster = "main"`) is too
    // common to be linked by value, so it is looked up among the names of the components of
    // the member's own product (`google_container_…`), where exactly one has it.
    let mut named: std::collections::HashMap<(&str, &str), Option<usize>> = Default::default();
    for (k, d) in drafts.iter().enumerate() {
        let root = &resources[d.root];
        if let Some(n) = root.str("name") {
            (named.entry((product(&root.ty), n)))
                .and_modify(|e| *e = None)
                .or_insert(Some(k));
        }
    }
    let by_name = |r: &Resource, attributes: &[&str]| {
        (attributes.iter())
            .filter_map(|a| r.str(a))
            .find_map(|v| *named.get(&(product(&r.ty), v.rsplit('/').next().unwrap_or(v)))?)
    };
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
                    .find_map(|t| draft_of[t])
                    .or_else(|| by_name(r, attributes)),
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
    draft::read_facts(&mut drafts, resources, |d| {
        if let Some(facts) = row(&resources[d.root]).and_then(|t| t.facts) {
            read(facts, d, resources);
        }
    });
    drafts.into_iter().map(Some).collect()
}
/// A type's product: `google_container_node_pool` → `google_container`.
fn product(ty: &str) -> &str {
    ty.match_indices('_').nth(1).map_or(ty, |(at, _)| &ty[..at])
}

/// What the component's resources say of it, by its type's function.
fn read(facts: Facts, d: &mut Draft, resources: &[Resource]) {
    let f = match facts {
        Facts::AlloydbCluster => databases::alloydb_cluster,
        Facts::BackendService => network::backend_service,
        Facts::BigqueryDataset => databases::bigquery_dataset,
        Facts::Bigtable => databases::bigtable,
        Facts::Bucket => storage::bucket,
        Facts::ComputeInstances => compute::compute_instances,
        Facts::Disk => storage::disk,
        Facts::DnsRecord => network::dns_record,
        Facts::Filestore => storage::filestore,
        Facts::Firestore => databases::firestore,
        Facts::ForwardingRule => network::forwarding_rule,
        Facts::GkeCluster => compute::gke_cluster,
        Facts::Memcache => caches::memcache,
        Facts::Mig => compute::mig,
        Facts::PubsubTopic => compute::pubsub_topic,
        Facts::Redis => caches::redis,
        Facts::RedisCluster => caches::redis_cluster,
        Facts::RegionalDisk => storage::regional_disk,
        Facts::RegionalMig => compute::regional_mig,
        Facts::RegionalService => compute::regional_service,
        Facts::Spanner => databases::spanner,
        Facts::SqlInstance => databases::sql_instance,
        Facts::UrlMap => network::url_map,
    };
    f(d, resources);
}
/// Whether a resource is another component's part rather than a component.
fn folds(which: Folds, r: &Resource, resources: &[Resource]) -> bool {
    match which {
        Folds::ReplicaInRegion => r
            .links_at("master_instance_name")
            .any(|s| is(&resources[s]) == Is::SqlInstance && resources[s].region() == r.region()),
        Folds::ThroughUrlMap => url_map_of_proxy(r, resources).is_some(),
    }
}
/// The URL map a forwarding rule's proxy names.
fn url_map_of_proxy(r: &Resource, resources: &[Resource]) -> Option<usize> {
    r.links_at("target")
        .filter(|&p| is(&resources[p]) == Is::HttpProxy)
        .find_map(|p| (resources[p].links_at("url_map")).find(|&u| is(&resources[u]) == Is::UrlMap))
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
                Value::String(s) => (s.to_string(), s.ends_with("_ENABLED")),
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
        d.note(
            Field::DeletionProtection,
            said(&set.iter().collect::<Vec<_>>()),
        );
    } else {
        let (on, why) = default;
        d.deletion_protection = Some(on);
        d.note(Field::DeletionProtection, format!("{a} {why}"));
    }
}
/// Distinct zone names, in order, joined.
fn zones_list(zones: &[&str]) -> String {
    let set: std::collections::BTreeSet<&str> = zones.iter().copied().collect();
    set.into_iter().collect::<Vec<_>>().join(", ")
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
    d.region = home.map(String::into_boxed_str);
    d.multi_writer = true;
    d.rare.replication = Some((mode, None));
    d.secondary = Some(Box::new(Secondary {
        region: there,
        capacity: None,
        replica: true,
    }));
}
/// Where a spread location keeps its copies, in words.
fn spread_words(s: &Spread) -> String {
    if s.regions.is_empty() {
        format!("between regions of {} (Google does not say which)", s.name)
    } else {
        format!("between {}", s.regions.join(" and "))
    }
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
    fn a_types_product() {
        assert_eq!(product("google_container_node_pool"), "google_container");
        assert_eq!(product("google_sql_database_instance"), "google_sql");
        assert_eq!(product("google"), "google");
        assert_eq!(product("google_café_x"), "google_café");
    }

    #[test]
    fn google_durations() {
        assert_eq!(
            google_duration("604800s"),
            Some(Duration::from_secs(7 * DAY))
        );
        assert_eq!(google_duration("3.5s"), Some(Duration::from_millis(3_500)));
        assert_eq!(google_duration("14d"), Some(Duration::from_secs(14 * DAY)));
        assert_eq!(google_duration("forever"), None);
        assert_eq!(google_duration("-5s"), None);
    }
}
