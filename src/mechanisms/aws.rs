//! AWS's mechanisms, as a fix names them.

use super::Mechanisms;

pub const AWS: Mechanisms = Mechanisms {
    backups: "AWS Backup plan or the service's automated snapshots",
    backup_copy: "AWS Backup cross-region copy to {secondary}",
    verify_copies: ", with \"copy_location\" so that `drplan verify` checks the copies",
    retention_limit: "\"retention\": \"35d\" is the RDS maximum for automated backups",
    immutability: "AWS Backup Vault Lock in compliance mode, or S3 Object Lock",
    restore_testing: "AWS Backup restore testing",
    versioning: "S3 Versioning (aws_s3_bucket_versioning status Enabled; VersioningConfiguration Status Enabled)",
    pitr: "DynamoDB UpdateContinuousBackups, an RDS backup retention of at least 1 day",
    standby: "RDS Multi-AZ, ElastiCache replica",
    multi_zone: "Multi-AZ for databases",
    throttling: "API Gateway, AWS WAF rate-based rules",
    fault_injection: "AWS FIS: instance loss, AZ power interruption, latency; a region failover drill",
    deletion_protection: "deletion_protection = true; DeletionProtection: true",
    scheduled_backups: "AWS Backup plan",
    copies_backups: "AWS Backup cross-region copy",
    replicates_storage: "S3 Cross-Region Replication",
    replicates_database: "Aurora Global Database or DynamoDB global tables",
    fails_traffic_over: "Route 53 health checks",
    // `ops`' own words are AWS's.
    alarms: &[],
};
