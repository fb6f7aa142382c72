//! Each Azure component's facts from its resources: what it is, how many copies it runs and
//! in how many zones, its backups and their copies out of the region; and how the resources
//! that fold into a component (a cluster's node pools, a plan's apps, a load balancer's
//! rules) find it. Each function here is named by its type's row in `types.rs`.

use std::collections::BTreeMap;
use std::time::Duration;

use super::lookup::{is, row};
use super::region::paired;
use super::row::{Facts, Folds, Grouping, Is};
use crate::import::draft::{Draft, Secondary, days, distinct, plural};
use crate::import::provider::Role;
use crate::import::resource::Resource;
use crate::input::field::Field;
use crate::model::{DeployMethod, Mode, Scope};

const HOUR: u64 = 3_600;
const DAY: u64 = 24 * HOUR;

/// One draft per component, with its members folded in; `None` where a draft was folded.
pub fn drafts(resources: &[Resource]) -> Vec<Option<Draft>> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut draft_of: Vec<Option<usize>> = vec![None; resources.len()];
    // The instances of one `count` or `for_each` resource are one component, and so are the
    // virtual machines of one availability set.
    let mut groups: BTreeMap<(String, Option<&str>), usize> = BTreeMap::new();
    for (i, r) in resources.iter().enumerate() {
        let Some(t) = row(r) else { continue };
        let Role::Component(kind, service) = t.role else {
            continue;
        };
        if t.folds.is_some_and(|f| folds(f, r, resources)) {
            continue;
        }
        let key = (t.group == Grouping::Instances).then(|| (instance_key(r), r.region()));
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

/// The key the instances of one component share: their availability set, else their
/// configuration address without instance keys.
fn instance_key(r: &Resource) -> String {
    match r.links_at("availability_set_id").next() {
        Some(set) => format!("#{set}"),
        None => match r.str("availability_set_id") {
            Some(id) => id.to_ascii_lowercase(),
            None => r.group().to_string(),
        },
    }
}

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
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|z| match z {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        Some(serde_json::Value::String(s)) if !s.is_empty() => vec![s.clone()],
        Some(serde_json::Value::Number(n)) => vec![n.to_string()],
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
        Err(why) => d.note_unknown(Field::BackupCrossRegionCopy, format!("{said}, but {why}")),
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

/// A storage account: its redundancy (`account_replication_type`), versions, soft delete
/// and immutability.
fn storage_account(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let said = r
        .str("account_replication_type")
        .map(str::to_ascii_uppercase);
    let redundancy = said.clone().unwrap_or_else(|| "LRS".to_string());
    let why = match &said {
        Some(t) => format!("{a}: account_replication_type = {t}"),
        None => format!("{a} does not say its account_replication_type: LRS, the lowest"),
    };
    let zonal = matches!(redundancy.as_str(), "ZRS" | "GZRS" | "RAGZRS");
    let geo = matches!(redundancy.as_str(), "GRS" | "RAGRS" | "GZRS" | "RAGZRS");
    let (zones, zones_why) = if zonal {
        (
            3,
            format!("{why}: three copies in three zones of the region"),
        )
    } else {
        (
            1,
            format!("{why}: three copies in one datacenter of the region, one zone"),
        )
    };
    managed_copies(
        d,
        3,
        zones,
        Mode::Sync,
        format!("{why}: Azure keeps three copies in the region"),
        zones_why,
    );
    if geo {
        let secondary = r
            .str("secondary_location")
            .filter(|s| !s.is_empty())
            .map(|s| {
                (
                    super::region::normalise(s),
                    "its secondary_location".to_string(),
                )
            })
            .or_else(|| {
                let p = pair_of(d.region.as_deref()).ok()?;
                Some((
                    p.to_string(),
                    format!(
                        "{}'s paired region",
                        d.region.as_deref().unwrap_or_default()
                    ),
                ))
            });
        let read = if redundancy.starts_with("RA") {
            "readable there at any time, written there after an account failover"
        } else {
            "readable and written there after an account failover"
        };
        match secondary {
            Some((region, which)) => {
                d.replication = Some((Mode::Async, None));
                d.note(
                    Field::ReplicationMode,
                    format!(
                        "{why}: Azure copies the data asynchronously to {region} ({which}), {read}"
                    ),
                );
                d.secondary = Some(Secondary {
                    region,
                    capacity: None,
                    replica: true,
                });
            }
            None => {
                let e = pair_of(d.region.as_deref()).err().unwrap_or_default();
                d.note_unknown(
                    Field::ReplicationMode,
                    format!("{why}: geo-redundant, but {e}"),
                );
            }
        }
    }
    let props = "blob_properties";
    let versioning = r.bool(&format!("{props}.versioning_enabled"));
    let soft = r
        .num(&format!("{props}.delete_retention_policy.days"))
        .filter(|n| *n > 0.0);
    let restore = r
        .num(&format!("{props}.restore_policy.days"))
        .filter(|n| *n > 0.0);
    let mut note = match versioning {
        Some(v) => format!("{a}: blob_properties.versioning_enabled = {v}"),
        None => format!("{a} does not turn on blob versioning: off by default"),
    };
    if let Some(n) = soft {
        note.push_str(&format!(
            "; blob soft delete keeps deleted blobs {n} days (an overwrite needs versioning)"
        ));
    }
    if let Some(n) = restore {
        note.push_str(&format!(
            "; point-in-time restore of block blobs over the last {n} days"
        ));
    }
    d.backup.versioning = Some(versioning.unwrap_or(false));
    d.note(Field::BackupVersioning, note);
    match r.str("immutability_policy.state") {
        Some(s) if s.eq_ignore_ascii_case("locked") => {
            d.backup.immutable = true;
            d.note(
                Field::BackupImmutable,
                format!(
                    "{a}: immutability_policy state Locked: versions cannot be deleted or changed"
                ),
            );
        }
        Some(s) => {
            let text = d.why.entry(Field::BackupVersioning);
            text.push_str(&format!(
                "; immutability_policy state {s} (not locked: it can be turned off)"
            ));
        }
        None => {}
    }
}

/// An SQL database: its tier's copies, zone redundancy, backups and their redundancy.
fn sql_database(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let said = r
        .str("sku_name")
        .or_else(|| r.str("requested_service_objective_name"))
        .or_else(|| r.str("edition"));
    let sku = said.unwrap_or("GP_Gen5_2").to_string();
    let sku_words = match said {
        Some(s) => format!("sku {s}"),
        None => "no sku_name, so General Purpose (GP_Gen5_2), the default".to_string(),
    };
    let upper = sku.to_ascii_uppercase();
    let critical = upper.starts_with("BC_")
        || upper.starts_with("BUSINESSCRITICAL")
        || upper.starts_with("PREMIUM")
        || (upper.starts_with('P')
            && upper[1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit()));
    let (n, tier) = if critical {
        (
            4,
            format!(
                "{a}: {sku_words} (Business Critical / Premium): four replicas kept in sync, one takes over"
            ),
        )
    } else {
        (
            2,
            format!(
                "{a}: {sku_words}: the data is in remote storage, and Azure moves the compute to a spare node when it fails"
            ),
        )
    };
    // A pooled database is as zone redundant as its pool.
    let pool = r
        .links_at("elastic_pool_id")
        .map(|p| &resources[p])
        .find(|p| is(p) == Is::ElasticPool);
    let (zone_redundant, from) = match (
        r.bool("zone_redundant"),
        pool.and_then(|p| p.bool("zone_redundant").map(|z| (z, p))),
    ) {
        (_, Some((z, p))) => (
            z,
            format!(
                "its elastic pool {}: zone_redundant = {z}",
                p.origin.address
            ),
        ),
        (Some(z), None) => (z, format!("{a}: zone_redundant = {z}")),
        (None, None) => (
            false,
            format!("{a} does not set zone_redundant: off by default"),
        ),
    };
    let zones = if zone_redundant { 3 } else { 1 };
    managed_copies(
        d,
        n,
        zones,
        Mode::Sync,
        tier,
        if zone_redundant {
            format!("{from}: its copies are spread over three zones")
        } else {
            format!("{from}: its copies are in one zone")
        },
    );
    if let Some(gb) = r.num("max_size_gb") {
        d.data_gb = Some(gb);
        d.note(Field::DataGb, format!("{a}: max_size_gb = {gb}"));
    }
    // Point-in-time restore is always on: full, differential and log backups.
    let kept = r.num("short_term_retention_policy.retention_days");
    let keep = kept.unwrap_or(7.0);
    let every = r
        .num("short_term_retention_policy.backup_interval_in_hours")
        .unwrap_or(12.0)
        .max(1.0);
    d.backup.pitr = true;
    d.backup.retention = Some(days(keep));
    d.backup.frequency = Some(Duration::from_secs(every as u64 * HOUR));
    let retention_why = match kept {
        Some(n) => format!("{a}: short_term_retention_policy.retention_days = {n}"),
        None => format!("{a} does not set short_term_retention_policy: 7 days, the default"),
    };
    d.note(
        Field::BackupPitr,
        "Azure SQL takes full, differential and transaction log backups (logs every 5 to 10 minutes): point-in-time restore within the retention".to_string(),
    );
    d.note(
        Field::BackupFrequency,
        format!("differential backups every {every} hours (short_term_retention_policy.backup_interval_in_hours; 12 by default)"),
    );
    let ltr = long_term(r);
    d.note(
        Field::BackupRetention,
        match ltr {
            Some(l) => format!("{retention_why}; long-term retention keeps {l} (not the recovery points the RPO counts on)"),
            None => retention_why,
        },
    );
    let redundancy = r
        .str("storage_account_type")
        .or_else(|| r.str("backup_storage_redundancy"));
    match redundancy {
        Some(s) if s.eq_ignore_ascii_case("geo") || s.eq_ignore_ascii_case("geozone") => {
            geo_backup(d, format!("{a}: backup storage redundancy {s}"));
        }
        Some(s) => d.note(
            Field::BackupCrossRegionCopy,
            format!("{a}: backup storage redundancy {s}: the backups stay in the region"),
        ),
        None => geo_backup(
            d,
            format!(
                "{a} does not set storage_account_type: Geo, the default backup storage redundancy"
            ),
        ),
    }
    failover_groups(d, resources);
}

/// Long-term retention: the longest of its weekly, monthly and yearly keeps, in words.
fn long_term(r: &Resource) -> Option<String> {
    let kept: Vec<String> = ["weekly_retention", "monthly_retention", "yearly_retention"]
        .iter()
        .filter_map(|k| {
            let v = r.str(&format!("long_term_retention_policy.{k}"))?;
            let empty = v.is_empty() || v.eq_ignore_ascii_case("PT0S") || v.starts_with("P0");
            (!empty).then(|| format!("{} {v}", k.trim_end_matches("_retention")))
        })
        .collect();
    (!kept.is_empty()).then(|| kept.join(", "))
}

/// The failover groups a database is in: its copy on the partner server, in the partner's
/// region.
fn failover_groups(d: &mut Draft, resources: &[Resource]) {
    let root = d.root;
    let groups = resources
        .iter()
        .filter(|g| is(g) == Is::FailoverGroup && g.links_at("databases").any(|x| x == root));
    for g in groups {
        let partner = ["partner_server", "partner_servers"]
            .iter()
            .flat_map(|a| g.links_at(a))
            .map(|p| &resources[p])
            .find(|p| p.region().is_some());
        let region = partner
            .and_then(Resource::region)
            .map(str::to_string)
            .or_else(|| {
                ["partner_server.location", "partner_servers.location"]
                    .iter()
                    .find_map(|k| g.str(k))
                    .map(super::region::normalise)
            });
        let policy = g
            .str("read_write_endpoint_failover_policy.mode")
            .unwrap_or("Automatic");
        let grace = g
            .num("read_write_endpoint_failover_policy.grace_minutes")
            .map(|m| format!(" after a grace period of {m} minutes"))
            .unwrap_or_default();
        let name = g.origin.address.clone();
        let Some(region) = region.filter(|r| Some(r.as_str()) != d.region.as_deref()) else {
            d.note_unknown(
                Field::ReplicationMode,
                format!("{name}: a failover group, but its partner server's region is not known from the sources"),
            );
            continue;
        };
        let partner_name = partner.map_or("its partner server".to_string(), |p| {
            p.origin.address.clone()
        });
        d.replication = Some((Mode::Async, None));
        d.secondary = Some(Secondary {
            region: region.clone(),
            capacity: None,
            replica: true,
        });
        d.note(
            Field::ReplicationMode,
            format!("{name}: a failover group geo-replicates it asynchronously to {partner_name} in {region}; failover policy {policy}{grace}"),
        );
        return;
    }
}

/// A PostgreSQL or MySQL flexible server: high availability, backups, geo-redundant backups,
/// and its read replicas in its region.
fn flexible_server(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let mode = r.str("high_availability.mode");
    let replicas: Vec<&Resource> = (d.members.iter().skip(1))
        .map(|&m| &resources[m])
        .filter(|m| is(m) == Is::FlexibleServer)
        .collect();
    let extra = replicas.len() as u32;
    let with = if extra > 0 {
        format!(
            ", and {extra} read replica{} in its region (promoted by hand)",
            plural(extra as usize)
        )
    } else {
        String::new()
    };
    let (n, zones, managed, why, zones_why) = match mode {
        Some(m) if m.eq_ignore_ascii_case("ZoneRedundant") => (
            2,
            2,
            true,
            format!("{a}: high_availability mode ZoneRedundant: a standby kept in sync{with}"),
            format!("{a}: high_availability mode ZoneRedundant: the standby is in another zone"),
        ),
        Some(m) if m.eq_ignore_ascii_case("SameZone") => (
            2,
            1,
            true,
            format!("{a}: high_availability mode SameZone: a standby kept in sync{with}"),
            format!("{a}: high_availability mode SameZone: the standby is in the same zone"),
        ),
        _ => (
            1,
            1,
            false,
            format!("{a} has no high_availability: one server{with}"),
            format!("{a} has no high_availability: one zone"),
        ),
    };
    d.instances = Some(n + extra);
    d.zones = Some(zones);
    d.managed_failover = Some(managed);
    if managed {
        d.in_region = Some(Mode::Sync);
    } else if extra > 0 {
        d.in_region = Some(Mode::Async);
    }
    d.note(Field::DeploymentInstances, why);
    d.note(Field::DeploymentZones, zones_why);
    d.note(
        Field::DeploymentManagedFailover,
        if managed {
            "Azure fails over to the standby itself".to_string()
        } else if extra > 0 {
            "a read replica is promoted by hand".to_string()
        } else {
            "one server: nothing to fail over to".to_string()
        },
    );
    let gb = r
        .num("storage_mb")
        .map(|mb| mb / 1024.0)
        .or_else(|| r.num("storage.size_gb"));
    if let Some(gb) = gb {
        d.data_gb = Some(gb);
        d.note(Field::DataGb, format!("{a}: its storage, {gb} GB"));
    }
    retention(
        d,
        r,
        r.num("backup_retention_days"),
        "backup_retention_days",
    );
    let geo = r.bool("geo_redundant_backup_enabled");
    match geo {
        Some(true) => geo_backup(d, format!("{a}: geo_redundant_backup_enabled = true")),
        Some(false) => d.note(
            Field::BackupCrossRegionCopy,
            format!("{a}: geo_redundant_backup_enabled = false: the backups stay in the region"),
        ),
        None => d.note(
            Field::BackupCrossRegionCopy,
            format!("{a} does not set geo_redundant_backup_enabled: off by default, the backups stay in the region"),
        ),
    }
}

/// Daily backups with point-in-time restore, kept `kept` days (7 by default).
fn retention(d: &mut Draft, r: &Resource, kept: Option<f64>, key: &str) {
    let a = &r.origin.address;
    let n = kept.unwrap_or(7.0);
    let why = match kept {
        Some(n) => format!("{a}: {key} = {n}"),
        None => format!("{a} does not set {key}: 7, the default"),
    };
    d.backup.frequency = Some(Duration::from_secs(DAY));
    d.backup.retention = Some(days(n));
    d.backup.pitr = true;
    d.note(Field::BackupFrequency, format!("{why}: daily snapshots"));
    d.note(Field::BackupRetention, why.clone());
    d.note(
        Field::BackupPitr,
        format!("{why}: point-in-time restore within the retention (transaction logs)"),
    );
}

/// A single server (PostgreSQL, MySQL, MariaDB; retired by Azure): one server, its backups.
fn single_server(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    managed_single(d, &a);
    let kept = r
        .num("backup_retention_days")
        .or_else(|| r.num("storage_profile.backup_retention_days"));
    retention(d, r, kept, "backup_retention_days");
    let gb = r
        .num("storage_mb")
        .or_else(|| r.num("storage_profile.storage_mb"))
        .map(|mb| mb / 1024.0);
    if let Some(gb) = gb {
        d.data_gb = Some(gb);
        d.note(Field::DataGb, format!("{a}: its storage, {gb} GB"));
    }
    let geo = r.bool("geo_redundant_backup_enabled").or_else(|| {
        r.str("storage_profile.geo_redundant_backup")
            .map(|s| s.eq_ignore_ascii_case("enabled"))
    });
    if geo == Some(true) {
        geo_backup(d, format!("{a}: geo-redundant backups enabled"));
    } else {
        d.note(
            Field::BackupCrossRegionCopy,
            format!("{a}: geo-redundant backups are off: the backups stay in the region"),
        );
    }
}

/// One server whose compute Azure replaces on failure, its storage kept.
fn managed_single(d: &mut Draft, a: &str) {
    d.instances = Some(1);
    d.zones = Some(1);
    d.note(
        Field::DeploymentInstances,
        format!("{a}: a single server (Azure restarts it on new compute)"),
    );
    d.note(
        Field::DeploymentZones,
        format!("{a}: a single server: one zone"),
    );
}

/// A Cosmos DB account: its regions in failover order, failover, consistency, backups.
fn cosmos(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let mut locations: Vec<(u64, String, bool)> = r
        .list("geo_location")
        .iter()
        .filter_map(|g| {
            let location = super::region::normalise(g.get("location")?.as_str()?);
            let priority = g
                .get("failover_priority")
                .and_then(serde_json::Value::as_u64)
                .unwrap_or(0);
            let zonal = g
                .get("zone_redundant")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false);
            Some((priority, location, zonal))
        })
        .collect();
    locations.sort();
    let write = locations.first();
    let zone_redundant = write.is_some_and(|w| w.2);
    if let Some((_, w, _)) = write
        && d.region.as_deref() != Some(w.as_str())
    {
        d.region = Some(w.clone());
    }
    managed_copies(
        d,
        4,
        if zone_redundant { 3 } else { 1 },
        Mode::Sync,
        format!("{a}: Cosmos DB keeps four replicas in each of its regions"),
        if zone_redundant {
            format!("{a}: its write region's geo_location is zone_redundant: three zones")
        } else {
            format!("{a}: its write region's geo_location is not zone_redundant: one zone")
        },
    );
    let consistency = r
        .str("consistency_policy.consistency_level")
        .unwrap_or("Session")
        .to_string();
    let multi_write = either(
        r,
        &[
            "multiple_write_locations_enabled",
            "enable_multiple_write_locations",
        ],
    );
    let failover = either(
        r,
        &["automatic_failover_enabled", "enable_automatic_failover"],
    );
    if let Some((_, other, _)) = locations.get(1) {
        let strong = consistency.eq_ignore_ascii_case("Strong");
        d.replication = Some((if strong { Mode::Sync } else { Mode::Async }, None));
        d.secondary = Some(Secondary {
            region: other.clone(),
            capacity: None,
            replica: true,
        });
        d.multi_writer = multi_write.is_some_and(|(m, _)| m);
        let all: Vec<&str> = locations
            .iter()
            .skip(1)
            .map(|(_, l, _)| l.as_str())
            .collect();
        let failover_words = match failover {
            Some((true, k)) => format!("{k} = true: Azure fails over to {other} itself"),
            Some((false, k)) => format!("{k} = false: a region outage needs a failover by hand"),
            None => {
                "automatic failover is off by default: a region outage needs a failover by hand"
                    .to_string()
            }
        };
        let writes = match multi_write {
            Some((true, k)) => format!("; {k} = true: every region takes writes"),
            _ => String::new(),
        };
        d.note(
            Field::ReplicationMode,
            format!("{a}: geo_location replicates it to {} (failover priority order), consistency {consistency}; {failover_words}{writes}", all.join(", ")),
        );
    }
    match r.str("backup.type") {
        Some(t) if t.eq_ignore_ascii_case("continuous") => {
            let tier = r.str("backup.tier").unwrap_or("Continuous30Days");
            let kept = if tier.contains("7") { 7.0 } else { 30.0 };
            d.backup.pitr = true;
            d.backup.retention = Some(days(kept));
            d.note(
                Field::BackupPitr,
                format!("{a}: continuous backup ({tier}): point-in-time restore over {kept} days"),
            );
            d.note(
                Field::BackupRetention,
                format!("{a}: continuous backup ({tier}): {kept} days"),
            );
            if let Some((_, other, _)) = locations.get(1) {
                d.backup.copy_region = Some(other.clone());
                d.note(
                    Field::BackupCrossRegionCopy,
                    format!("{a}: continuous backup keeps its backups in every region of the account, {other} too"),
                );
            }
        }
        t => {
            let every = r
                .num("backup.interval_in_minutes")
                .unwrap_or(240.0)
                .max(1.0);
            let hours = r.num("backup.retention_in_hours").unwrap_or(8.0).max(1.0);
            d.backup.frequency = Some(Duration::from_secs(every as u64 * 60));
            d.backup.retention = Some(Duration::from_secs(hours as u64 * HOUR));
            let which = if t.is_some() {
                "periodic backup"
            } else {
                "no backup block: periodic backup, the default"
            };
            d.note(
                Field::BackupFrequency,
                format!(
                    "{a}: {which}, every {every} minutes (interval_in_minutes, 240 by default)"
                ),
            );
            d.note(
                Field::BackupRetention,
                format!("{a}: {which}, kept {hours} hours (retention_in_hours, 8 by default)"),
            );
            match r.str("backup.storage_redundancy") {
                Some(s) if !s.eq_ignore_ascii_case("geo") => d.note(
                    Field::BackupCrossRegionCopy,
                    format!("{a}: backup storage_redundancy {s}: the backups stay in the region"),
                ),
                s => geo_backup(
                    d,
                    format!(
                        "{a}: backup storage_redundancy {}",
                        s.unwrap_or("Geo (the default)")
                    ),
                ),
            }
        }
    }
}

/// An AKS cluster: its node pools' nodes and the fewest zones any of them spans.
fn aks(d: &mut Draft, resources: &[Resource]) {
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
        pools.push((p.origin.address.clone(), nodes, z));
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
        let text = d.why.entry(Field::DeploymentInstances);
        text.push_str("; sku_tier Free: the control plane has no uptime SLA");
    }
}

/// Virtual machines of one `count`/`for_each` resource or one availability set: how many, in
/// how many zones; and their backups.
fn vms(d: &mut Draft, resources: &[Resource]) {
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
        .map(|s| resources[s].origin.address.clone())
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
fn scale_set(d: &mut Draft, resources: &[Resource]) {
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
fn managed_disk(d: &mut Draft, resources: &[Resource]) {
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

/// An Azure Cache for Redis: its tier's nodes, zones, persistence.
fn redis(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let sku = r.str("sku_name").unwrap_or("Standard").to_string();
    let replicas = r
        .num("replicas_per_primary")
        .or_else(|| r.num("replicas_per_master"))
        .unwrap_or(1.0) as u32;
    let (n, managed, why) = if sku.eq_ignore_ascii_case("basic") {
        (1, false, format!("{a}: sku Basic: one node, no replica"))
    } else if sku.eq_ignore_ascii_case("premium") {
        (
            1 + replicas,
            true,
            format!(
                "{a}: sku Premium: a primary and {replicas} replica{} per shard",
                plural(replicas as usize)
            ),
        )
    } else {
        (2, true, format!("{a}: sku {sku}: a primary and a replica"))
    };
    d.instances = Some(n);
    d.managed_failover = Some(managed);
    d.in_region = Some(Mode::Async);
    d.note(Field::DeploymentInstances, why);
    d.note(
        Field::DeploymentManagedFailover,
        if managed {
            "Azure promotes the replica when the primary fails".to_string()
        } else {
            "one node: nothing to fail over to".to_string()
        },
    );
    let zones = zones_of(r, "zones");
    d.zones = Some(zones.len().max(1) as u32);
    d.note(
        Field::DeploymentZones,
        if zones.is_empty() {
            format!("{a} sets no zones: its nodes are in one zone")
        } else {
            format!("{a}: zones {}", zones.join(", "))
        },
    );
    let rdb = r.bool("redis_configuration.rdb_backup_enabled") == Some(true);
    if rdb {
        let every = r
            .num("redis_configuration.rdb_backup_frequency")
            .unwrap_or(60.0)
            .max(1.0);
        d.backup.frequency = Some(Duration::from_secs(every as u64 * 60));
        d.note(
            Field::BackupFrequency,
            format!("{a}: RDB persistence every {every} minutes (redis_configuration.rdb_backup_frequency)"),
        );
    } else {
        let aof = r.bool("redis_configuration.aof_backup_enabled") == Some(true);
        d.note(
            Field::Backup,
            if aof {
                format!(
                    "{a}: AOF persistence writes every change to storage (not a backup kept apart)"
                )
            } else {
                format!("{a}: no RDB persistence: no snapshots")
            },
        );
    }
}

/// A load balancer: its frontends' zones.
fn load_balancer(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let sku = r.str("sku").unwrap_or("Basic").to_string();
    let mut zones: Vec<String> = Vec::new();
    let mut from = Vec::new();
    for f in r.list("frontend_ip_configuration") {
        if let Some(z) = f.get("zones").and_then(serde_json::Value::as_array) {
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
                from.push(ip.origin.address.clone());
            }
            zones.extend(z);
        }
    }
    frontends(d, &a, &sku, zones, &from);
}

/// The zones a load balancer's or gateway's frontends span (one node each).
fn frontends(d: &mut Draft, a: &str, sku: &str, zones: Vec<String>, from: &[String]) {
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
fn app_gateway(d: &mut Draft, resources: &[Resource]) {
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

/// An App Service plan: its workers and whether they are spread over zones; the apps on it
/// fold into it, and their deployment slots make deploys blue/green.
fn service_plan(d: &mut Draft, resources: &[Resource]) {
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
        .map(|m| m.origin.address.clone())
        .collect();
    if !apps.is_empty() {
        let text = d.why.entry(Field::DeploymentInstances);
        text.push_str(&format!("; runs {}", apps.join(", ")));
    }
    slots(d, resources);
}

/// A web or function app whose plan is not in the sources.
fn web_app(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    d.note_unknown(
        Field::DeploymentInstances,
        format!(
            "{}: its App Service plan is not in the sources: its workers and zones are not known",
            r.origin.address
        ),
    );
    slots(d, resources);
}

/// Deployment slots: a new version is deployed to a slot and swapped in.
fn slots(d: &mut Draft, resources: &[Resource]) {
    if let Some(s) = members(&d.members, resources, Is::Slot).next() {
        d.deploy = Some((
            DeployMethod::BlueGreen,
            format!(
                "{}: a deployment slot, swapped in: blue/green",
                s.origin.address
            ),
        ));
    }
}

/// A Traffic Manager profile: global DNS.
fn traffic_manager(d: &mut Draft, resources: &[Resource]) {
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
fn zoned(d: &mut Draft, resources: &[Resource]) {
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

/// A Container Apps environment and its apps: zone redundancy, and the largest minimum of
/// replicas among its apps (0: scaled to zero, counted as 1).
fn container_apps(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let redundant = r.bool("zone_redundancy_enabled") == Some(true);
    let apps: Vec<(String, f64)> = members(&d.members, resources, Is::ContainerApp)
        .map(|app| {
            (
                app.origin.address.clone(),
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

/// Front Door: a global edge.
fn front_door(d: &mut Draft, resources: &[Resource]) {
    d.scope = Some(Scope::Global);
    d.note(
        Field::Scope,
        format!(
            "{}: Front Door serves from Microsoft's edge in every region",
            resources[d.root].origin.address
        ),
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
    use crate::import::registry::test_resource;
    use serde_json::json;

    fn draft(ty: &str, values: serde_json::Value) -> Draft {
        let mut r = test_resource(ty, values);
        r.region = Some(("westeurope".into(), "test".into()));
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
        assert_eq!(cosmos.replication.map(|r| r.0), Some(Mode::Sync));
        assert!(cosmos.backup.pitr);
        assert_eq!(cosmos.backup.retention, Some(Duration::from_secs(30 * DAY)));
    }
}
