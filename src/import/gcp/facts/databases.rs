//! Databases' facts: Cloud SQL (its standby, read replicas, backups and their location),
//! AlloyDB, Spanner, Bigtable, Firestore.

use super::*;

/// The engine of a Cloud SQL `database_version` (`POSTGRES_15` → `postgres`).
fn engine(version: &str) -> String {
    let e = version.split('_').next().unwrap_or("").to_ascii_lowercase();
    if e.is_empty() { "unknown".into() } else { e }
}
/// A Cloud SQL instance: its standby (`availability_type`), its read replicas in the region,
/// its automated backups, point-in-time recovery and where backups are kept.
pub(super) fn sql_instance(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let engine = engine(r.str("database_version").unwrap_or(""));
    d.service = format!("gcp:cloudsql:{engine}").into();
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
        &[
            "settings.deletion_protection_enabled",
            "deletion_protection",
        ],
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
            format!("{a} is a read replica: Cloud SQL backs up its primary, not the replica"),
        );
    }
    if let Some(dr) = r.str("replication_cluster.failover_dr_replica_name") {
        let note = format!(
            "{a}: replication_cluster.failover_dr_replica_name = {dr}: the replica a cross-region switchover or failover promotes (Cloud SQL Enterprise Plus)"
        );
        let text = d.note_mut(Field::ReplicationMode, resources);
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
    // Enterprise Plus keeps more by default: 15 backups, 14 days of logs.
    let plus = r.str("settings.edition") == Some("ENTERPRISE_PLUS");
    let (default_kept, default_logs, edition) = if plus {
        (15.0, 14.0, "Cloud SQL Enterprise Plus's default")
    } else {
        (7.0, 7.0, "Cloud SQL's default")
    };
    let kept = r.num(&format!("{cfg}.backup_retention_settings.retained_backups"));
    let n = kept.unwrap_or(default_kept);
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
            None => format!("{a} does not set retained_backups: {n}, {edition}"),
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
            .unwrap_or(default_logs);
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
            let multi = region.as_deref().and_then(multi_region_of);
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
pub(super) fn alloydb_cluster(d: &mut Draft, resources: &[Resource]) {
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
            let days_of_week = r
                .list(&format!("{policy}.weekly_schedule.days_of_week"))
                .len();
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
/// A Spanner instance: three read-write replicas in three zones of a regional configuration,
/// or replicas in several regions of a multi-region one, written synchronously either way.
pub(super) fn spanner(d: &mut Draft, resources: &[Resource]) {
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
            let leader =
                (s.regions.first().cloned()).or_else(|| d.region.as_deref().map(str::to_string));
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
            (
                true,
                "sets neither: Terraform's deletion_protection is true by default",
            ),
        ),
        None => d.note(
            Field::DeletionProtection,
            format!("{a}: no database of it in the sources"),
        ),
    }
}
/// A Bigtable instance: its clusters, in one or several zones and regions, replicated
/// eventually; failover by itself only with multi-cluster routing.
pub(super) fn bigtable(d: &mut Draft, resources: &[Resource]) {
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
    // The instance is where its clusters are: the configured region when a cluster is in
    // it, else its first cluster's (one cluster is no copy anywhere else).
    let home = match d.region.clone() {
        Some(r) if clusters.iter().any(|(_, c)| c.as_deref() == Some(&*r)) => Some(r),
        configured => (clusters.iter())
            .find_map(|(_, c)| c.as_deref().map(Box::from))
            .or(configured),
    };
    d.region = home.clone();
    if let Some((_, Some(other))) = clusters
        .iter()
        .find(|(_, region)| region.is_some() && region.as_deref() != home.as_deref())
    {
        d.rare.replication = Some((Mode::Async, None));
        d.secondary = Some(Box::new(Secondary {
            region: other.clone(),
            capacity: None,
            replica: true,
        }));
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
pub(super) fn firestore(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let location = r.str("location_id").unwrap_or("");
    match region_of(location) {
        Some(region) => {
            d.region = Some(region.as_str().into());
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
            let home = d.region.as_deref().map(str::to_string);
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
            format!("{by}: a backup every {}", crate::duration::Human(every)),
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
        (
            false,
            "does not set delete_protection_state: off by default",
        ),
    );
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

/// A BigQuery dataset: its storage in two zones of its location, and time travel, which reads
/// (and restores) a table as it was up to `max_time_travel_hours` ago (168 by default).
pub(super) fn bigquery_dataset(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let location = r.str("location").unwrap_or("US");
    d.instances = Some(2);
    d.zones = Some(2);
    d.note(
        Field::DeploymentZones,
        format!(
            "{a}: location = {location}: BigQuery keeps a dataset's data in two zones of where it is{}",
            if spread(location, &[]).is_some() {
                "; a multi-region does not fail over to another region by itself"
            } else {
                ""
            }
        ),
    );
    let hours = r.num("max_time_travel_hours");
    let kept = hours.unwrap_or(168.0);
    d.backup.pitr = true;
    d.backup.retention = crate::duration::from_secs(kept * 3600.0).ok();
    d.note(
        Field::BackupPitr,
        match hours {
            Some(h) => format!("{a}: max_time_travel_hours = {h}: time travel restores a table as it was up to then"),
            None => format!("{a} does not set max_time_travel_hours: 168 (7 days), the default: time travel restores a table as it was up to then"),
        },
    );
    d.note(
        Field::BackupRetention,
        format!("{a}: time travel reaches back {kept} hours"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engines() {
        assert_eq!(engine("POSTGRES_15"), "postgres");
        assert_eq!(engine("SQLSERVER_2019_STANDARD"), "sqlserver");
        assert_eq!(engine(""), "unknown");
    }
}
