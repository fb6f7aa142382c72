//! The facts of Azure's data services: storage accounts, SQL databases and servers, the
//! flexible and single servers, Cosmos DB and Redis; their zones, backups and copies.

use std::time::Duration;

use super::{DAY, HOUR, either, geo_backup, managed_copies, pair_of, zones_of};
use crate::import::azure::lookup::is;
use crate::import::azure::row::Is;
use crate::import::draft::{Draft, Secondary, days, plural};
use crate::import::resource::{Resource, Value};
use crate::input::field::Field;
use crate::model::Mode;

/// A storage account: its redundancy (`account_replication_type`), versions, soft delete
/// and immutability.
pub(super) fn storage_account(d: &mut Draft, resources: &[Resource]) {
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
                    crate::import::azure::region::normalise(s),
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
                d.rare.replication = Some((Mode::Async, None));
                d.note(
                    Field::ReplicationMode,
                    format!(
                        "{why}: Azure copies the data asynchronously to {region} ({which}), {read}"
                    ),
                );
                d.secondary = Some(Box::new(Secondary {
                    region,
                    capacity: None,
                    replica: true,
                }));
            }
            None => {
                let e = pair_of(d.region.as_deref()).err().unwrap_or_default();
                d.note(
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
            let text = d.note_mut(Field::BackupVersioning, resources);
            text.push_str(&format!(
                "; immutability_policy state {s} (not locked: it can be turned off)"
            ));
        }
        None => {}
    }
}

/// An SQL database: its tier's copies, zone redundancy, backups and their redundancy.
pub(super) fn sql_database(d: &mut Draft, resources: &[Resource]) {
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
}

/// Long-term retention: the longest of its weekly, monthly and yearly keeps, in words.
pub(super) fn long_term(r: &Resource) -> Option<String> {
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

/// The failover groups a database is in (`groups`, in file order): its copy on the partner
/// server, in the partner's region.
pub(super) fn failover_groups(d: &mut Draft, groups: &[usize], resources: &[Resource]) {
    for g in groups.iter().map(|&g| &resources[g]) {
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
                    .map(crate::import::azure::region::normalise)
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
            d.note(
                Field::ReplicationMode,
                format!("{name}: a failover group, but its partner server's region is not known from the sources"),
            );
            continue;
        };
        let partner_name = partner.map_or("its partner server".to_string(), |p| {
            p.origin.address.to_string()
        });
        d.rare.replication = Some((Mode::Async, None));
        d.secondary = Some(Box::new(Secondary {
            region: region.clone(),
            capacity: None,
            replica: true,
        }));
        d.note(
            Field::ReplicationMode,
            format!("{name}: a failover group geo-replicates it asynchronously to {partner_name} in {region}; failover policy {policy}{grace}"),
        );
        return;
    }
}

/// A PostgreSQL or MySQL flexible server: high availability, backups, geo-redundant backups,
/// and its read replicas in its region.
pub(super) fn flexible_server(d: &mut Draft, resources: &[Resource]) {
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
pub(super) fn retention(d: &mut Draft, r: &Resource, kept: Option<f64>, key: &str) {
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
pub(super) fn single_server(d: &mut Draft, resources: &[Resource]) {
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
pub(super) fn managed_single(d: &mut Draft, a: &str) {
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
pub(super) fn cosmos(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let mut locations: Vec<(u64, String, bool)> = r
        .list("geo_location")
        .iter()
        .filter_map(|g| {
            let location = crate::import::azure::region::normalise(g.get("location")?.as_str()?);
            let priority = g
                .get("failover_priority")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            let zonal = g
                .get("zone_redundant")
                .and_then(Value::as_bool)
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
        d.region = Some(w.as_str().into());
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
        d.rare.replication = Some((if strong { Mode::Sync } else { Mode::Async }, None));
        d.secondary = Some(Box::new(Secondary {
            region: other.clone(),
            capacity: None,
            replica: true,
        }));
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

/// An Azure Cache for Redis: its tier's nodes, zones, persistence.
pub(super) fn redis(d: &mut Draft, resources: &[Resource]) {
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
