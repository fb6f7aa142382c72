//! The facts of the components that hold data: databases and clusters, tables, caches,
//! buckets and file systems, with their backups, retention and deletion protection.

use std::time::Duration;

use super::{DAY, managed, members};
use crate::import::aws::lookup::is;
use crate::import::aws::row::Is;
use crate::import::draft::{Draft, Secondary, days, distinct, plural};
use crate::import::resource::Resource;
use crate::input::field::Field;
use crate::model::{Mode, Scope};

pub(super) fn rds_instance(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    d.service = format!(
        "aws:rds:{}",
        r.str("engine").unwrap_or("unknown").to_ascii_lowercase()
    )
    .into();
    let multi_az = r.bool("multi_az").unwrap_or(false);
    let replicas: Vec<&Resource> = (d.members.iter().skip(1))
        .map(|&m| &resources[m])
        .filter(|m| is(m) == Is::DbInstance)
        .collect();
    let copies = 1 + u32::from(multi_az) + replicas.len() as u32;
    d.instances = Some(copies);
    d.zones = Some(
        if multi_az { 2 } else { 1 }.max(distinct(
            std::iter::once(r)
                .chain(replicas.iter().copied())
                .filter_map(|m| m.str("availability_zone")),
        ) as u32),
    );
    let mut why = format!("{a}: multi_az = {multi_az}");
    if !replicas.is_empty() {
        why.push_str(&format!(
            ", and {} read replica{} in its region",
            replicas.len(),
            plural(replicas.len())
        ));
        if !multi_az {
            // Promoting a read replica is done by hand; a Multi-AZ standby takes over by itself.
            d.in_region = Some(Mode::Async);
            d.managed_failover = Some(false);
            d.note(
                Field::DeploymentManagedFailover,
                "a read replica is promoted by hand".into(),
            );
        }
    }
    d.note(Field::DeploymentInstances, why);
    if multi_az {
        d.note(
            Field::DeploymentZones,
            format!("{a}: multi_az = true puts a standby in a second zone"),
        );
    }
    if let Some(gb) = r.num("allocated_storage") {
        d.data_gb = Some(gb);
        d.note(Field::DataGb, format!("{a}: allocated_storage = {gb}"));
    }
    retention(d, r, "backup_retention_period", true, 1.0);
    protection(d, r, "deletion_protection");
    let copies: Vec<&Resource> = members(&d.members, resources, Is::BackupReplication).collect();
    for copy in copies {
        d.backup.copy_region = copy.region().map(str::to_string);
        d.note(
            Field::BackupCrossRegionCopy,
            format!(
                "{} replicates its automated backups to {}",
                copy.origin.address,
                copy.region().unwrap_or("another region")
            ),
        );
    }
    if let Some(region) = r.str("automatic_backup_replication_region") {
        d.backup.copy_region = Some(region.to_string());
        d.note(
            Field::BackupCrossRegionCopy,
            format!("{a}: automated backups replicated to {region}"),
        );
    }
}

/// Deletion protection, off unless the attribute turns it on.
pub(super) fn protection(d: &mut Draft, r: &Resource, key: &str) {
    let a = &r.origin.address;
    let on = r.bool(key);
    d.deletion_protection = Some(on.unwrap_or(false));
    match (on, r.more.unknown.get(key)) {
        (Some(on), _) => d.note(Field::DeletionProtection, format!("{a}: {key} = {on}")),
        (None, Some(why)) => d.note(
            Field::DeletionProtection,
            format!("{a}: {key} is not known offline ({why}): off, the default"),
        ),
        (None, None) => d.note(
            Field::DeletionProtection,
            format!("{a} does not set {key}: off by default"),
        ),
    }
}

/// `backup_retention_period` (days) → daily backups kept that long, with point-in-time
/// recovery for the engines that have it; `default` when the attribute is not there.
pub(super) fn retention(d: &mut Draft, r: &Resource, key: &str, pitr: bool, default: f64) {
    let a = &r.origin.address;
    let (n, why) = match r.num(key) {
        Some(n) => (n, format!("{a}: {key} = {n}")),
        None => match r.more.unknown.get(key) {
            Some(why) => (
                default,
                format!("{a}: {key} is not known offline ({why}): {default}, the service default"),
            ),
            None => (
                default,
                format!("{a} does not set {key}: {default}, the service default"),
            ),
        },
    };
    if n > 0.0 {
        d.backup.frequency = Some(Duration::from_secs(DAY));
        d.backup.retention = Some(days(n));
        d.backup.pitr = pitr;
        d.note(
            Field::BackupFrequency,
            format!("{why}: automated daily snapshots"),
        );
        d.note(Field::BackupRetention, why.clone());
        if pitr {
            d.note(
                Field::BackupPitr,
                format!("{why}: point-in-time recovery within the retention"),
            );
        }
    } else {
        d.note(Field::Backup, format!("{why}: automated backups are off"));
    }
}

pub(super) fn cluster(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let engine = r.str("engine").unwrap_or("aurora").to_ascii_lowercase();
    // DocumentDB and Neptune keep their own service; an RDS cluster is Aurora's or a
    // Multi-AZ DB cluster's engine.
    if is(r) == Is::AuroraCluster {
        d.service = format!("aws:aurora:{engine}").into();
    }
    let instances: Vec<&Resource> = members(&d.members, resources, Is::ClusterInstance).collect();
    let multi_az_cluster = matches!(engine.as_str(), "mysql" | "postgres");
    let serverless = r.str("engine_mode") == Some("serverless");
    let n = if multi_az_cluster {
        3
    } else {
        instances.len().max(1) as u32
    };
    d.instances = Some(n);
    let count = instances.len();
    d.note(Field::DeploymentInstances,
        if multi_az_cluster {
            format!("{a} is a Multi-AZ DB cluster ({engine}): a writer and two readable standbys")
        } else if serverless {
            format!("{a}: engine_mode = serverless (Aurora Serverless v1): no instances of its own, capacity in one zone at a time, counted as 1")
        } else if count == 0 {
            format!("{a} has no instances in the sources: counted as 1")
        } else {
            format!("{a} has {count} instance{}", plural(count))
        },
    );
    let zones = distinct(instances.iter().filter_map(|i| i.str("availability_zone"))) as u32;
    let z = if multi_az_cluster {
        3
    } else if zones > 0 {
        zones
    } else {
        n.min(3)
    };
    d.zones = Some(z);
    d.note(Field::DeploymentZones,
        if zones > 0 {
            format!(
                "its instances are in {zones} zone{}",
                plural(zones as usize)
            )
        } else if n == 1 {
            "one instance: one zone".to_string()
        } else {
            format!("no instance sets its zone: RDS spreads a cluster's {n} instances over different zones")
        },
    );
    if let Some(gb) = r.num("allocated_storage") {
        d.data_gb = Some(gb);
        d.note(Field::DataGb, format!("{a}: allocated_storage = {gb}"));
    }
    // Aurora, DocumentDB and Neptune back up continuously within the retention.
    retention(d, r, "backup_retention_period", true, 1.0);
    if let Some(w) = r.num("backtrack_window").filter(|w| *w > 0.0) {
        // Backtracking rewinds in place; recovery is modelled by point-in-time recovery.
        let note = format!(
            "{a}: backtrack_window = {w}s rewinds the cluster in place (not modelled beyond PITR)"
        );
        let field = if d.backup.pitr {
            Field::BackupPitr
        } else {
            Field::Backup
        };
        let text = d.note_mut(field, resources);
        if !text.is_empty() {
            text.push_str("; ");
        }
        text.push_str(&note);
    }
    protection(d, r, "deletion_protection");
}

pub(super) fn dynamodb_table(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    managed(d, 3, "DynamoDB keeps a table in three zones of its region");
    // Its replicas in other regions are a global table's: each takes writes.
    d.multi_writer = true;
    let pitr = r.bool("point_in_time_recovery.enabled").unwrap_or(false);
    if pitr {
        d.backup.pitr = true;
        let days_kept = r
            .num("point_in_time_recovery.recovery_period_in_days")
            .unwrap_or(35.0);
        d.backup.retention = Some(days(days_kept));
        d.note(
            Field::BackupPitr,
            format!("{a}: point_in_time_recovery enabled"),
        );
        d.note(
            Field::BackupRetention,
            format!("{a}: point-in-time recovery keeps {days_kept} days"),
        );
    } else {
        d.note(Field::Backup, format!("{a}: point_in_time_recovery is off"));
    }
    protection(d, r, "deletion_protection_enabled");
    let separate: Vec<&str> = members(&d.members, resources, Is::TableReplica)
        .filter_map(Resource::region)
        .collect();
    let replicas: Vec<&str> = r
        .list("replica")
        .iter()
        .filter_map(|v| v.get("region_name")?.as_str())
        .chain(separate)
        .collect();
    if let Some(&region) = replicas.first() {
        let strong = r
            .list("replica")
            .iter()
            .any(|v| v.get("consistency_mode").and_then(|m| m.as_str()) == Some("STRONG"));
        d.rare.replication = Some((if strong { Mode::Sync } else { Mode::Async }, None));
        d.secondary = Some(Box::new(Secondary {
            region: region.to_string(),
            capacity: None,
            replica: true,
        }));
        d.note(
            Field::ReplicationMode,
            format!(
                "{a} is a global table with a replica in {}",
                replicas.join(", ")
            ),
        );
    }
}

pub(super) fn elasticache(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    d.service = format!("aws:elasticache:{}", r.str("engine").unwrap_or("redis")).into();
    let nodes = r
        .num("num_cache_clusters")
        .or_else(|| r.num("number_cache_clusters"))
        .or_else(|| {
            // Shards hold different keys: the copies of the data are those of one shard.
            r.num("num_node_groups")?;
            Some(1.0 + r.num("replicas_per_node_group").unwrap_or(0.0))
        })
        .or_else(|| r.num("num_cache_nodes"))
        .unwrap_or(1.0) as u32;
    d.instances = Some(nodes);
    d.note(
        Field::DeploymentInstances,
        match r
            .num("num_node_groups")
            .filter(|_| r.num("num_cache_clusters").is_none())
        {
            Some(shards) => format!(
                "{a}: {shards} shards of {nodes} node{} each: {nodes} cop{} of each key",
                plural(nodes as usize),
                if nodes == 1 { "y" } else { "ies" }
            ),
            None => format!("{a}: {nodes} node{}", plural(nodes as usize)),
        },
    );
    let multi_az = r.bool("multi_az_enabled");
    let said = match multi_az {
        Some(m) => format!("{a}: multi_az_enabled = {m}"),
        None => format!("{a} does not set multi_az_enabled: off by default"),
    };
    let multi_az = multi_az.unwrap_or(false);
    let azs = r.list("preferred_cache_cluster_azs").len() as u32;
    d.zones = Some(if azs > 0 {
        azs
    } else if multi_az {
        nodes.min(2)
    } else {
        1
    });
    d.note(Field::DeploymentZones, said);
    let failover = r.bool("automatic_failover_enabled").unwrap_or(false);
    d.managed_failover = Some(failover);
    d.in_region = Some(Mode::Async);
    d.note(
        Field::DeploymentManagedFailover,
        format!("{a}: automatic_failover_enabled = {failover}"),
    );
    match r.num("snapshot_retention_limit").filter(|n| *n > 0.0) {
        Some(n) => {
            d.backup.frequency = Some(Duration::from_secs(DAY));
            d.backup.retention = Some(days(n));
            d.note(
                Field::BackupFrequency,
                format!("{a}: snapshot_retention_limit = {n}: daily snapshots"),
            );
            d.note(
                Field::BackupRetention,
                format!("{a}: snapshot_retention_limit = {n} days"),
            );
        }
        None => {
            d.note(
                Field::Backup,
                format!("{a}: snapshot_retention_limit = 0: no snapshots"),
            );
        }
    }
}

pub(super) fn s3_bucket(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    let versioning = members(&d.members, resources, Is::BucketVersioning)
        .find_map(|v| {
            v.str("versioning_configuration.status")
                .map(|s| (s == "Enabled", v.origin.address.clone()))
        })
        .or_else(|| r.bool("versioning.enabled").map(|e| (e, a.clone())))
        .or_else(|| {
            let status = r.str("versioning_configuration.status")?;
            Some((status == "Enabled", a.clone()))
        });
    let known = versioning.is_some();
    let (on, from) = versioning.unwrap_or((false, a.clone()));
    d.backup.versioning = Some(on);
    d.note(
        Field::BackupVersioning,
        if known {
            format!(
                "{from}: versioning {}",
                if on { "Enabled" } else { "not enabled" }
            )
        } else {
            format!("{a} has no versioning configuration: a bucket is unversioned by default")
        },
    );
    let locked = r.bool("object_lock_enabled").unwrap_or(false)
        || r.str("object_lock_configuration.object_lock_enabled") == Some("Enabled")
        || members(&d.members, resources, Is::BucketObjectLock)
            .next()
            .is_some();
    if locked {
        d.backup.immutable = true;
        d.note(
            Field::BackupImmutable,
            format!("{a}: object lock keeps versions from being deleted"),
        );
    }
    crate::import::aws::versions::read(d, resources);
}

pub(super) fn efs(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = r.origin.address.clone();
    match r.str("availability_zone_name") {
        Some(zone) => {
            d.instances = Some(1);
            d.zones = Some(1);
            d.scope = Some(Scope::Zonal);
            d.note(Field::Scope, format!("{a}: One Zone storage in {zone}"));
        }
        None => managed(d, 3, "EFS Regional storage keeps data in several zones"),
    }
    let enabled = std::iter::once(r)
        .chain(members(&d.members, resources, Is::EfsBackupPolicy))
        .any(|p| p.str("backup_policy.status") == Some("ENABLED"));
    if enabled {
        d.backup.frequency = Some(Duration::from_secs(DAY));
        d.backup.retention = Some(days(35.0));
        d.note(Field::BackupFrequency, format!("{a}: automatic backups ENABLED (AWS Backup's default EFS plan: daily, kept 35 days)"));
    }
    let replicated = members(&d.members, resources, Is::EfsReplication)
        .find_map(|c| {
            Some((
                c.str("destination.region").or(c.region())?.to_string(),
                c.origin.address.clone(),
            ))
        })
        .or_else(|| {
            let region = r
                .list("replication_configuration.destinations")
                .iter()
                .find_map(|x| x.get("region")?.as_str())?;
            Some((region.to_string(), a.clone()))
        });
    if let Some((region, from)) = replicated {
        d.rare.replication = Some((Mode::Async, None));
        d.note(Field::ReplicationMode, format!("{from} replicates the file system to {region} (EFS replication: most changes within 15 minutes)"));
        d.secondary = Some(Box::new(Secondary {
            region,
            capacity: None,
            replica: true,
        }));
    }
}
