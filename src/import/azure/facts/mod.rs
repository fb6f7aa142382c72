//! Each Azure component's facts from its resources: what it is, how many copies it runs and
//! in how many zones, its backups and their copies out of the region; and how the resources
//! that fold into a component (a cluster's node pools, a plan's apps, a load balancer's
//! rules) find it. Each function here is named by its type's row in `types.rs`.

use std::collections::BTreeMap;

use super::lookup::{is, row};
use super::region::paired;
use super::row::{Facts, Folds, Grouping, Is};
use crate::import::draft::{self, Draft};
use crate::import::provider::Role;
use crate::import::resource::{Resource, Value};
use crate::input::field::Field;
use crate::model::Mode;

mod compute;
mod data;
mod network;

use compute::{aks, container_apps, managed_disk, scale_set, service_plan, vms, web_app};
use data::{
    cosmos, failover_groups, flexible_server, redis, single_server, sql_database, storage_account,
};
use network::{app_gateway, front_door, load_balancer, traffic_manager, zoned};

const HOUR: u64 = 3_600;
const DAY: u64 = 24 * HOUR;

/// One draft per component, with its members folded in; `None` where a draft was folded.
pub fn drafts(resources: &[Resource]) -> Vec<Option<Draft>> {
    let mut drafts = Draft::room(resources, |r| {
        row(r).is_some_and(|t| matches!(t.role, Role::Component(..)))
    });
    let mut draft_of: Vec<Option<usize>> = vec![None; resources.len()];
    // The instances of one `count` or `for_each` resource are one component, and so are the
    // virtual machines of one availability set. Only keys more than one resource has are held.
    let grouped = |r: &Resource| row(r).is_some_and(|t| t.group == Grouping::Instances);
    let shared = draft::shared_keys(resources, |r| {
        grouped(r).then(|| (InstanceKey::of(r), r.region()))
    });
    let mut groups: BTreeMap<(InstanceKey, Option<&str>), usize> = BTreeMap::new();
    for (i, r) in resources.iter().enumerate() {
        let Some(t) = row(r) else { continue };
        let Role::Component(kind, service) = t.role else {
            continue;
        };
        if t.folds.is_some_and(|f| folds(f, r, resources)) {
            continue;
        }
        let key =
            (t.group == Grouping::Instances && shared[i]).then(|| (InstanceKey::of(r), r.region()));
        if let Some(&k) = key.as_ref().and_then(|k| groups.get(k)) {
            drafts[k].members.push(i);
            draft_of[i] = Some(k);
            continue;
        }
        let k = drafts.len();
        if let Some(key) = key {
            groups.insert(key, k);
        }
        draft_of[i] = Some(k);
        let mut d = Draft::new(i, kind, service, r.region());
        d.groups_instances = t.group == Grouping::Instances;
        drafts.push(d);
    }
    // Members and folded components, each to the component its parent attribute names; a
    // member of a folded component (a web app's slot) finds it once that one has its place.
    loop {
        let mut placed = false;
        for (i, r) in resources.iter().enumerate() {
            if draft_of[i].is_some() {
                continue;
            }
            let Some(t) = row(r) else { continue };
            if t.role == Role::Informs || t.role == Role::NotModelled {
                continue;
            }
            let owner = (t.parent.iter())
                .flat_map(|a| r.links_at(a))
                .find_map(|p| draft_of[p]);
            if let Some(owner) = owner {
                drafts[owner].members.push(i);
                draft_of[i] = Some(owner);
                placed = true;
            }
        }
        if !placed {
            break;
        }
    }
    // The failover groups each database is in, found in one walk of the resources (not a walk
    // a database: fifty thousand databases took twenty seconds).
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (g, r) in resources.iter().enumerate() {
        if is(r) == Is::FailoverGroup {
            for db in r.links_at("databases") {
                let list = groups.entry(db).or_default();
                if list.last() != Some(&g) {
                    list.push(g);
                }
            }
        }
    }
    draft::read_facts(&mut drafts, resources, |d| {
        let facts = row(&resources[d.root]).and_then(|t| t.facts);
        if let Some(facts) = facts {
            read(facts, d, resources);
        }
        if facts == Some(Facts::SqlDatabase) {
            let found = groups.get(&d.root).map_or(&[][..], Vec::as_slice);
            failover_groups(d, found, resources);
        }
    });
    drafts.into_iter().map(Some).collect()
}

/// What the component's resources say of it, by its type's function.
fn read(facts: Facts, d: &mut Draft, resources: &[Resource]) {
    let f = match facts {
        Facts::StorageAccount => storage_account,
        Facts::SqlDatabase => sql_database,
        Facts::FlexibleServer => flexible_server,
        Facts::SingleServer => single_server,
        Facts::Cosmos => cosmos,
        Facts::Aks => aks,
        Facts::Vms => vms,
        Facts::ScaleSet => scale_set,
        Facts::ManagedDisk => managed_disk,
        Facts::Redis => redis,
        Facts::LoadBalancer => load_balancer,
        Facts::AppGateway => app_gateway,
        Facts::ServicePlan => service_plan,
        Facts::WebApp => web_app,
        Facts::TrafficManager => traffic_manager,
        Facts::Zoned => zoned,
        Facts::ContainerApps => container_apps,
        Facts::FrontDoor => front_door,
    };
    f(d, resources);
}

/// The key the instances of one component share: their availability set (by reference, or
/// its id in any case), else their configuration address without instance keys. Ordered and
/// equal as the text `#` and the set's place, the lower-cased id, or the address, byte for
/// byte (as the key was once made), without making it.
#[derive(Clone, Copy)]
enum InstanceKey<'a> {
    /// `#` and the availability set's place.
    Set(usize),
    /// An availability set's id, lower-cased.
    Id(&'a str),
    /// The configuration address.
    Group(&'a str),
}

impl<'a> InstanceKey<'a> {
    fn of(r: &'a Resource) -> InstanceKey<'a> {
        match r.links_at("availability_set_id").next() {
            Some(set) => InstanceKey::Set(set),
            None => match r.str("availability_set_id") {
                Some(id) => InstanceKey::Id(id),
                None => InstanceKey::Group(r.group()),
            },
        }
    }

    /// The bytes of the text it stands for.
    fn bytes(self) -> impl Iterator<Item = u8> + 'a {
        let (mut digits, mut at) = ([0u8; 21], 21);
        let (text, lower) = match self {
            InstanceKey::Set(mut n) => {
                loop {
                    at -= 1;
                    digits[at] = b'0' + (n % 10) as u8;
                    n /= 10;
                    if n == 0 {
                        break;
                    }
                }
                at -= 1;
                digits[at] = b'#';
                ("", false)
            }
            InstanceKey::Id(id) => (id, true),
            InstanceKey::Group(group) => (group, false),
        };
        (digits.into_iter().skip(at)).chain(
            text.bytes()
                .map(move |b| if lower { b.to_ascii_lowercase() } else { b }),
        )
    }
}

impl Ord for InstanceKey<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.bytes().cmp(other.bytes())
    }
}

impl PartialOrd for InstanceKey<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for InstanceKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for InstanceKey<'_> {}

/// Whether a resource is another component's part rather than a component.
fn folds(which: Folds, r: &Resource, resources: &[Resource]) -> bool {
    match which {
        Folds::ReplicaInRegion => {
            replica(r)
                && r.links_at("source_server_id").any(|s| {
                    is(&resources[s]) == Is::FlexibleServer && resources[s].region() == r.region()
                })
        }
        Folds::IntoPlan => plan_of(r, resources).is_some(),
    }
}

/// Whether a flexible server is a read replica of another.
fn replica(r: &Resource) -> bool {
    r.str("create_mode")
        .is_some_and(|m| m.eq_ignore_ascii_case("replica"))
        || r.str("replication_role")
            .is_some_and(|m| m.eq_ignore_ascii_case("replica"))
}

/// The App Service plan a web or function app runs on, when the sources hold it.
fn plan_of(r: &Resource, resources: &[Resource]) -> Option<usize> {
    ["service_plan_id", "app_service_plan_id"]
        .iter()
        .flat_map(|a| r.links_at(a))
        .find(|&p| is(&resources[p]) == Is::ServicePlan)
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

/// The zones a resource lists (`zones = ["1", "2"]`), or its one zone (`zone = "1"`).
pub fn zones_of(r: &Resource, path: &str) -> Vec<String> {
    match r.get(path) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|z| match z {
                Value::String(s) => Some(s.to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        Some(Value::String(s)) if !s.is_empty() => vec![s.to_string()],
        Some(Value::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

/// A boolean that two versions of the provider name differently (`automatic_failover_enabled`
/// in v4, `enable_automatic_failover` before): the first one set, with its name.
fn either<'a>(r: &Resource, keys: &[&'a str]) -> Option<(bool, &'a str)> {
    keys.iter().find_map(|k| r.bool(k).map(|b| (b, *k)))
}

/// Where a geo-redundant copy of a resource in `region` goes: its paired region, or why none.
fn pair_of(region: Option<&str>) -> Result<&'static str, String> {
    match region {
        Some(r) => paired(r).ok_or_else(|| {
            format!("{r} has no paired region drplan knows, so where its geo-redundant copies go is not known")
        }),
        None => Err("its region is not known, so neither is its paired region".to_string()),
    }
}

/// Backups copied to the paired region of the component's region, said so.
fn geo_backup(d: &mut Draft, said: String) {
    match pair_of(d.region.as_deref()) {
        Ok(p) => {
            d.backup.copy_region = Some(p.to_string());
            let region = d.region.clone().unwrap_or_default();
            d.note(
                Field::BackupCrossRegionCopy,
                format!("{said}: Azure copies the backups to {p}, {region}'s paired region"),
            );
        }
        Err(why) => d.note(Field::BackupCrossRegionCopy, format!("{said}, but {why}")),
    }
}

/// Copies kept by the service inside the region: `n` of them in `zones` zones, failing over
/// on their own.
fn managed_copies(d: &mut Draft, n: u32, zones: u32, mode: Mode, why: String, zones_why: String) {
    d.instances = Some(n);
    d.zones = Some(zones);
    d.managed_failover = Some(true);
    d.in_region = Some(mode);
    d.note(Field::DeploymentInstances, why);
    d.note(Field::DeploymentZones, zones_why);
    d.note(
        Field::DeploymentManagedFailover,
        "Azure fails over between its copies inside the region itself".to_string(),
    );
}

/// The name the component is shown with: its `Name` tag, or its name.
pub fn name(r: &Resource) -> Option<String> {
    if let Some(n) = r.tags.get("Name") {
        return Some(n.clone());
    }
    r.str("name").filter(|n| !n.is_empty()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key as a text, as it was once made: what `InstanceKey` must order as.
    fn instance_key(r: &Resource) -> String {
        match r.links_at("availability_set_id").next() {
            Some(set) => format!("#{set}"),
            None => match r.str("availability_set_id") {
                Some(id) => id.to_ascii_lowercase(),
                None => r.group().to_string(),
            },
        }
    }

    /// A key stands for its text, in order and in equality, whatever it is made of.
    #[test]
    fn instance_keys_compare_as_their_texts() {
        let vm = |values: serde_json::Value, set: Option<usize>| {
            let mut r = Resource::fixture("azurerm_virtual_machine", values);
            r.links.extend(set.map(|to| crate::import::resource::Link {
                attribute: "availability_set_id".into(),
                to,
            }));
            r
        };
        let resources = [
            vm(serde_json::json!({}), Some(7)),
            vm(serde_json::json!({}), Some(12)),
            vm(serde_json::json!({"availability_set_id": "/Sub/AS"}), None),
            vm(serde_json::json!({"availability_set_id": "/sub/as"}), None),
            vm(serde_json::json!({"availability_set_id": "#7"}), None),
            vm(serde_json::json!({}), None),
        ];
        for a in &resources {
            for b in &resources {
                let texts = instance_key(a).cmp(&instance_key(b));
                assert_eq!(InstanceKey::of(a).cmp(&InstanceKey::of(b)), texts);
            }
        }
        assert!(InstanceKey::of(&resources[0]) == InstanceKey::of(&resources[4]));
        assert!(InstanceKey::of(&resources[2]) == InstanceKey::of(&resources[3]));
    }
    use crate::import::registry::test_resource;
    use serde_json::json;
    use std::time::Duration;

    fn draft(ty: &str, values: serde_json::Value) -> Draft {
        let mut r = test_resource(ty, values);
        r.region = Some(std::sync::Arc::new(("westeurope".into(), "test".into())));
        let mut drafts = drafts(&[r]);
        drafts.remove(0).expect("a component")
    }

    #[test]
    fn storage_redundancy_gives_zones_and_a_copy_in_the_paired_region() {
        for (kind, zones, copy) in [
            ("LRS", 1, None),
            ("ZRS", 3, None),
            ("GRS", 1, Some("northeurope")),
            ("RAGZRS", 3, Some("northeurope")),
        ] {
            let d = draft(
                "azurerm_storage_account",
                json!({"account_replication_type": kind}),
            );
            assert_eq!(d.zones, Some(zones), "{kind}");
            assert_eq!(d.instances, Some(3), "{kind}");
            assert_eq!(
                d.secondary.as_ref().map(|s| s.region.as_str()),
                copy,
                "{kind}"
            );
            assert_eq!(d.backup.versioning, Some(false), "{kind}");
        }
        // The state's own secondary location wins over the table.
        let d = draft(
            "azurerm_storage_account",
            json!({"account_replication_type": "GRS", "secondary_location": "West Europe"}),
        );
        assert_eq!(
            d.secondary.map(|s| s.region),
            Some("westeurope".to_string())
        );
    }

    #[test]
    fn sql_tiers_zones_and_backup_redundancy() {
        let d = draft(
            "azurerm_mssql_database",
            json!({"sku_name": "BC_Gen5_2", "zone_redundant": true, "storage_account_type": "Local",
                   "short_term_retention_policy": [{"retention_days": 35}]}),
        );
        assert_eq!((d.instances, d.zones), (Some(4), Some(3)));
        assert_eq!(
            d.backup.copy_region, None,
            "Local backups stay in the region"
        );
        assert_eq!(d.backup.retention, Some(Duration::from_secs(35 * DAY)));
        let d = draft("azurerm_mssql_database", json!({"sku_name": "S0"}));
        assert_eq!((d.instances, d.zones), (Some(2), Some(1)));
        assert_eq!(
            d.backup.copy_region.as_deref(),
            Some("northeurope"),
            "Geo by default"
        );
        assert!(d.backup.pitr);
    }

    #[test]
    fn flexible_server_high_availability_modes() {
        for (mode, n, z, managed) in [
            (Some("ZoneRedundant"), 2, 2, true),
            (Some("SameZone"), 2, 1, true),
            (None, 1, 1, false),
        ] {
            let ha = mode.map_or(json!([]), |m| json!([{"mode": m}]));
            let d = draft(
                "azurerm_postgresql_flexible_server",
                json!({"high_availability": ha, "geo_redundant_backup_enabled": mode.is_some()}),
            );
            assert_eq!(d.instances, Some(n), "{mode:?}");
            assert_eq!(d.zones, Some(z), "{mode:?}");
            assert_eq!(d.managed_failover, Some(managed), "{mode:?}");
            assert_eq!(
                d.backup.copy_region.is_some(),
                mode.is_some(),
                "geo-redundant backups {mode:?}"
            );
        }
    }

    #[test]
    fn redis_skus_and_cosmos_regions() {
        let basic = draft("azurerm_redis_cache", json!({"sku_name": "Basic"}));
        assert_eq!(
            (basic.instances, basic.managed_failover),
            (Some(1), Some(false))
        );
        let premium = draft(
            "azurerm_redis_cache",
            json!({"sku_name": "Premium", "replicas_per_primary": 2, "zones": ["1", "2", "3"]}),
        );
        assert_eq!((premium.instances, premium.zones), (Some(3), Some(3)));
        let cosmos = draft(
            "azurerm_cosmosdb_account",
            json!({"geo_location": [
                {"location": "North Europe", "failover_priority": 1},
                {"location": "westeurope", "failover_priority": 0, "zone_redundant": true}],
                "consistency_policy": [{"consistency_level": "Strong"}],
                "backup": [{"type": "Continuous"}]}),
        );
        assert_eq!(cosmos.zones, Some(3));
        assert_eq!(
            cosmos.secondary.map(|s| s.region),
            Some("northeurope".to_string())
        );
        assert_eq!(cosmos.rare.replication.map(|r| r.0), Some(Mode::Sync));
        assert!(cosmos.backup.pitr);
        assert_eq!(cosmos.backup.retention, Some(Duration::from_secs(30 * DAY)));
    }
}
