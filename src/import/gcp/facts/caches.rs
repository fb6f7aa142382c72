//! Caches' facts: Memorystore for Redis (instances and clusters) and for Memcached.

use super::*;

/// A Memorystore for Redis instance: BASIC is one node; STANDARD_HA a primary and replicas in
/// two zones that fail over by themselves.
pub(super) fn redis(d: &mut Draft, resources: &[Resource]) {
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
                format!(
                    "{a}: the primary in {} and replicas in {}",
                    zones[0], zones[1]
                )
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
    persistence(
        d,
        r,
        "persistence_config.persistence_mode",
        "persistence_config.rdb_snapshot_period",
    );
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
pub(super) fn redis_cluster(d: &mut Draft, resources: &[Resource]) {
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
pub(super) fn memcache(d: &mut Draft, resources: &[Resource]) {
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
