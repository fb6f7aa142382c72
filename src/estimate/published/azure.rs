//! Azure's published recovery figures, each with the Microsoft Learn page that publishes it.

use super::{Row, row};

const MINUTE: u64 = 60;
const HOUR: u64 = 3_600;

pub const ROWS: &[Row] = &[
    row!(
        "azure:sql",
        PitrRpo,
        10 * MINUTE,
        "Microsoft Learn, \"Automated backups in Azure SQL Database\": transaction log backups every 5 to 10 minutes"
    ),
    row!(
        "azure:sql",
        ReplicationLag,
        5,
        "Microsoft Learn, \"Overview of business continuity with Azure SQL Database\": active geo-replication and failover groups, RPO 5 s"
    ),
    row!(
        "azure:sql",
        Promote,
        HOUR,
        "Microsoft Learn, \"Overview of business continuity with Azure SQL Database\": failover groups with the automatic policy, RTO 1 h (the grace period before an automatic geo-failover is at least an hour)"
    ),
    row!(
        "azure:sql",
        GeoRestoreRpo,
        HOUR,
        "Microsoft Learn, \"Overview of business continuity with Azure SQL Database\": geo-restore from geo-replicated backups, RPO 1 h"
    ),
    row!(
        "azure:sql",
        GeoRestoreRto,
        12 * HOUR,
        "Microsoft Learn, \"Overview of business continuity with Azure SQL Database\": geo-restore from geo-replicated backups, RTO 12 h"
    ),
    row!(
        "azure:postgresql-flexible",
        GeoRestoreRpo,
        HOUR,
        "Microsoft Learn, \"Overview of business continuity with Azure Database for PostgreSQL flexible server\": geo-restore from geo-redundant backups, RPO under 1 h"
    ),
    row!(
        "azure:mysql-flexible",
        GeoRestoreRpo,
        HOUR,
        "Microsoft Learn, \"Overview of business continuity with Azure Database for MySQL flexible server\": geo-restore from geo-redundant backups, RPO under 1 h"
    ),
    row!(
        "azure:storage",
        ReplicationLag,
        15 * MINUTE,
        "Microsoft Learn, \"Azure Storage redundancy\": geo-replication to the secondary region typically has an RPO of less than 15 minutes (no SLA)"
    ),
    row!(
        "azure:storage",
        Promote,
        HOUR,
        "Microsoft Learn, \"Azure storage disaster recovery planning and failover\": a customer-managed account failover typically completes within an hour"
    ),
    row!(
        "azure:cosmosdb",
        ReplicationLag,
        15 * MINUTE,
        "Microsoft Learn, \"High availability in Azure Cosmos DB\": several regions, one write region, session or weaker consistency: RPO under 15 minutes"
    ),
    row!(
        "azure:cosmosdb",
        Promote,
        15 * MINUTE,
        "Microsoft Learn, \"High availability in Azure Cosmos DB\": service-managed failover of the write region, RTO under 15 minutes"
    ),
    row!(
        "azure:vm",
        BackupCopyLag,
        12 * HOUR,
        "Microsoft Learn, \"Cross Region Restore\" (Azure Backup): a recovery point can take up to 12 hours to reach the secondary region"
    ),
];
