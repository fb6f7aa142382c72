//! Azure's mechanisms, as a fix names them (the azurerm attributes that turn them on).

use super::Mechanisms;
use crate::ops::AlarmKind;

pub const AZURE: &Mechanisms = &Mechanisms {
    backups: "Azure SQL, PostgreSQL and MySQL back up on their own; an Azure Backup policy in a Recovery Services vault for virtual machines; periodic or continuous backup on Cosmos DB; RDB persistence on Redis Premium",
    backup_copy: "geo-redundant backup storage, copied to the region's pair: storage_account_type Geo or GeoZone on Azure SQL, geo_redundant_backup_enabled on PostgreSQL and MySQL flexible servers, a GeoRedundant Recovery Services vault with cross_region_restore_enabled",
    verify_copies: ", with \"copy_region\" naming the paired region when it is not {secondary}",
    retention_limit: "Azure SQL and the flexible servers keep point-in-time backups at most 35 days; Azure SQL's long-term retention keeps weekly, monthly and yearly backups up to 10 years",
    immutability: "an immutable Recovery Services vault (immutability Locked), or a locked immutability_policy on the storage account",
    restore_testing: "restore a recovery point from the Recovery Services vault, or a point-in-time restore of the database to a new server",
    versioning: "blob versioning (blob_properties versioning_enabled = true on the storage account; soft delete alone does not undo an overwrite)",
    pitr: "backup_retention_days on PostgreSQL and MySQL, short_term_retention_policy on Azure SQL, continuous backup on Cosmos DB",
    standby: "high_availability mode ZoneRedundant on PostgreSQL and MySQL flexible servers, zone_redundant on Azure SQL, Standard or Premium Redis",
    multi_zone: "ZRS or GZRS storage, zone_redundant on Azure SQL and Cosmos DB locations, zones on scale sets, node pools, Redis and gateways",
    throttling: "Application Gateway WAF rate-limit rules, API Management rate-limit policies, Front Door rate limiting",
    fault_injection: "Azure Chaos Studio: VM shutdown, scale set zone down, AKS Chaos Mesh faults; a region failover drill",
    deletion_protection: "an azurerm_management_lock with lock_level CanNotDelete on it or on its resource group",
    scheduled_backups: "an Azure Backup policy, or the service's automated backups",
    copies_backups: "geo-redundant backup storage, or Azure Backup cross-region restore",
    replicates_storage: "GRS or GZRS storage, or object replication; for a disk, Azure Site Recovery",
    replicates_database: "active geo-replication or a failover group (Azure SQL), a geo-replica (flexible servers), a second Cosmos DB region",
    fails_traffic_over: "Azure Front Door or Traffic Manager health probes",
    alarms: &[
        (
            AlarmKind::Health,
            "an Azure Monitor availability test, the load balancer's health probe status or Application Gateway's unhealthy host count",
        ),
        (
            AlarmKind::ReplicationLag,
            "the geo-replication lag metric (Azure SQL replication lag, Cosmos DB replication latency, the storage account's last sync time)",
        ),
        (
            AlarmKind::BackupFreshness,
            "Azure Backup job failure alerts (Backup center)",
        ),
    ],
};
