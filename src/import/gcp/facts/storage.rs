//! Storage's facts: Cloud Storage buckets (their location, replication, versioning, soft
//! delete, Bucket Lock) and persistent disks, zonal and regional (their snapshots are
//! `snapshots.rs`'s).

use super::*;

/// A Cloud Storage bucket: its location (a region, a dual-region, a multi-region), turbo
/// replication, versioning, soft delete and a locked retention policy.
pub(super) fn bucket(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let Some(location) = r.str("location") else {
        managed(
            d,
            3,
            format!(
                "{a}: its location is not known offline (computed at apply): counted as a region"
            ),
        );
        bucket_protection(d, r);
        return;
    };
    let data_locations: Vec<&str> = (r.list("custom_placement_config.data_locations").iter())
        .filter_map(Value::as_str)
        .collect();
    let configured = d.region.as_deref().map(str::to_string);
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
pub(super) fn disk(d: &mut Draft, resources: &[Resource]) {
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
pub(super) fn regional_disk(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    let zones: Vec<&str> = r
        .list("replica_zones")
        .iter()
        .filter_map(Value::as_str)
        .collect();
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
    if let Some(t) = r
        .str("type")
        .filter(|t| t.starts_with("pd-") || t.starts_with("hyperdisk-"))
    {
        d.service = format!("{}:{t}", d.service).into();
    }
    if let Some(gb) = r.num("size") {
        d.data_gb = Some(gb);
        d.note(Field::DataGb, format!("{}: size = {gb}", r.origin.address));
    }
}

/// A Filestore instance: the basic and zonal tiers live in one zone; the regional and
/// enterprise tiers are replicated over the region's zones.
pub(super) fn filestore(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let tier = r.str("tier").unwrap_or("BASIC_HDD");
    let said = match r.str("tier") {
        Some(t) => format!("{a}: tier = {t}"),
        None => format!("{a} does not set tier: BASIC_HDD, the default"),
    };
    if matches!(tier, "ENTERPRISE" | "REGIONAL") {
        managed(
            d,
            3,
            format!("{said}: replicated synchronously over the region's zones"),
        );
    } else {
        d.scope = Some(Scope::Zonal);
        d.instances = Some(1);
        d.note(
            Field::Scope,
            format!(
                "{said}: a zonal instance in {}",
                r.str("location").unwrap_or("one zone")
            ),
        );
    }
    let gb: f64 = (r.list("file_shares").iter())
        .filter_map(|s| s.get("capacity_gb")?.as_f64())
        .sum();
    if gb > 0.0 && gb.is_finite() {
        d.data_gb = Some(gb);
        d.note(
            Field::DataGb,
            format!("{a}: file_shares.capacity_gb = {gb}"),
        );
    }
    d.note(
        Field::Backup,
        format!(
            "{a}: Filestore takes no backups by itself (google_filestore_backup or a scheduled job makes them): none in the sources"
        ),
    );
    protection(
        d,
        r,
        &["deletion_protection_enabled"],
        (
            false,
            "does not set deletion_protection_enabled: off by default",
        ),
    );
}
