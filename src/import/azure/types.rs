//! Every azurerm resource type drplan reads: one row each (`row.rs` says what a row holds).
//! Adding a type is a row here and, when it has facts, a function in `facts.rs`.

use super::row::*;
use crate::model::Kind::*;

const DAYS_365: &str = "Azure keeps soft-deleted data at most 365 days";

const SQL_DATABASE_READS: &[&str] = &[
    "server_id",
    "server_name",
    "sku_name",
    "edition",
    "requested_service_objective_name",
    "zone_redundant",
    "storage_account_type",
    "short_term_retention_policy",
    "long_term_retention_policy",
    "create_mode",
    "creation_source_database_id",
    "source_database_id",
    "max_size_gb",
    "elastic_pool_id",
    "read_replica_count",
    "read_scale",
];

const SQL_NUMBERS: &[Number] = &[
    capped(
        "short_term_retention_policy.retention_days",
        "",
        Unit::Days,
        35.0,
        "Azure SQL keeps point-in-time backups at most 35 days",
    ),
    number(
        "short_term_retention_policy.backup_interval_in_hours",
        "",
        Unit::Count,
    ),
    number("max_size_gb", "", Unit::Gib),
    number("read_replica_count", "", Unit::Count),
];

const FLEXIBLE_READS: &[&str] = &[
    "sku_name",
    "storage_mb",
    "storage",
    "backup_retention_days",
    "geo_redundant_backup_enabled",
    "high_availability",
    "create_mode",
    "source_server_id",
    "replication_role",
];

const SINGLE_READS: &[&str] = &[
    "sku_name",
    "storage_mb",
    "storage_profile",
    "backup_retention_days",
    "geo_redundant_backup_enabled",
    "create_mode",
    "creation_source_server_id",
];

const VM_READS: &[&str] = &[
    "size",
    "vm_size",
    "availability_set_id",
    "network_interface_ids",
    "virtual_machine_scale_set_id",
];

const SCALE_SET_READS: &[&str] = &[
    "instances",
    "sku",
    "sku_name",
    "zone_balance",
    "platform_fault_domain_count",
    "network_interface",
    "network_profile",
];

/// A web or function app: folded into its App Service plan when the sources hold it.
const fn web_app(tf: &'static str, service: &'static str) -> Type {
    Type {
        is: Is::WebApp,
        reads: &[
            "service_plan_id",
            "app_service_plan_id",
            "app_settings",
            "site_config",
        ],
        identifiers: &["default_hostname", "default_site_hostname"],
        parent: &["service_plan_id", "app_service_plan_id"],
        folds: Some(Folds::IntoPlan),
        facts: Some(Facts::WebApp),
        ..component(tf, Compute, service)
    }
}

const GRACE: &[Number] = &[number(
    "read_write_endpoint_failover_policy.grace_minutes",
    "",
    Unit::Count,
)];
const PRIORITY: &[Number] = &[number("priority", "", Unit::Count)];

const STORAGE_PARENT: &[&str] = &["storage_account_id", "storage_account_name"];
const COSMOS_PARENT: &[&str] = &["account_name", "cosmosdb_account_id"];
const LB_PARENT: &[&str] = &["loadbalancer_id"];

/// Every type drplan reads.
pub static TYPES: &[Type] = &[
    // Storage.
    Type {
        is: Is::StorageAccount,
        reads: &[
            "account_replication_type",
            "account_tier",
            "account_kind",
            "access_tier",
            "blob_properties",
            "primary_location",
            "secondary_location",
            "immutability_policy",
        ],
        identifiers: &[
            "primary_blob_endpoint",
            "primary_blob_host",
            "primary_web_host",
            "primary_dfs_endpoint",
            "primary_file_endpoint",
        ],
        numbers: &[
            capped(
                "blob_properties.delete_retention_policy.days",
                "",
                Unit::Days,
                365.0,
                DAYS_365,
            ),
            capped(
                "blob_properties.container_delete_retention_policy.days",
                "",
                Unit::Days,
                365.0,
                DAYS_365,
            ),
            capped(
                "blob_properties.restore_policy.days",
                "",
                Unit::Days,
                365.0,
                DAYS_365,
            ),
        ],
        facts: Some(Facts::StorageAccount),
        ..component("azurerm_storage_account", Storage, "azure:storage")
    },
    member("azurerm_storage_container", STORAGE_PARENT),
    member("azurerm_storage_blob", STORAGE_PARENT),
    member("azurerm_storage_share", STORAGE_PARENT),
    member("azurerm_storage_queue", STORAGE_PARENT),
    member("azurerm_storage_table", STORAGE_PARENT),
    member("azurerm_storage_management_policy", STORAGE_PARENT),
    Type {
        is: Is::ObjectReplication,
        reads: &[
            "source_storage_account_id",
            "destination_storage_account_id",
        ],
        ..informs("azurerm_storage_object_replication")
    },
    // SQL Database.
    Type {
        is: Is::SqlServer,
        reads: &["version"],
        identifiers: &["fully_qualified_domain_name"],
        ..informs("azurerm_mssql_server")
    },
    Type {
        is: Is::SqlServer,
        reads: &["version"],
        identifiers: &["fully_qualified_domain_name"],
        ..informs("azurerm_sql_server")
    },
    Type {
        is: Is::SqlDatabase,
        reads: SQL_DATABASE_READS,
        parent: SERVER_PARENT,
        numbers: SQL_NUMBERS,
        facts: Some(Facts::SqlDatabase),
        ..component("azurerm_mssql_database", Database, "azure:sql")
    },
    Type {
        is: Is::SqlDatabase,
        reads: SQL_DATABASE_READS,
        parent: SERVER_PARENT,
        numbers: SQL_NUMBERS,
        facts: Some(Facts::SqlDatabase),
        ..component("azurerm_sql_database", Database, "azure:sql")
    },
    Type {
        is: Is::ElasticPool,
        reads: &["zone_redundant", "sku", "max_size_gb"],
        parent: SERVER_PARENT,
        ..informs("azurerm_mssql_elasticpool")
    },
    Type {
        is: Is::ElasticPool,
        reads: &["zone_redundant", "sku"],
        parent: SERVER_PARENT,
        ..informs("azurerm_sql_elasticpool")
    },
    Type {
        is: Is::FailoverGroup,
        reads: &[
            "server_id",
            "server_name",
            "partner_server",
            "partner_servers",
            "databases",
            "read_write_endpoint_failover_policy",
        ],
        parent: SERVER_PARENT,
        numbers: GRACE,
        ..informs("azurerm_mssql_failover_group")
    },
    Type {
        is: Is::FailoverGroup,
        reads: &[
            "server_name",
            "partner_servers",
            "databases",
            "read_write_endpoint_failover_policy",
        ],
        parent: SERVER_PARENT,
        numbers: GRACE,
        ..informs("azurerm_sql_failover_group")
    },
    // PostgreSQL and MySQL.
    Type {
        is: Is::FlexibleServer,
        reads: FLEXIBLE_READS,
        identifiers: &["fqdn"],
        parent: &["source_server_id"],
        numbers: &[RETENTION_35, number("storage_mb", "", Unit::Count)],
        folds: Some(Folds::ReplicaInRegion),
        facts: Some(Facts::FlexibleServer),
        ..component(
            "azurerm_postgresql_flexible_server",
            Database,
            "azure:postgresql-flexible",
        )
    },
    Type {
        is: Is::FlexibleServer,
        reads: FLEXIBLE_READS,
        identifiers: &["fqdn"],
        parent: &["source_server_id"],
        numbers: &[RETENTION_35, number("storage.size_gb", "", Unit::Gib)],
        folds: Some(Folds::ReplicaInRegion),
        facts: Some(Facts::FlexibleServer),
        ..component(
            "azurerm_mysql_flexible_server",
            Database,
            "azure:mysql-flexible",
        )
    },
    Type {
        reads: SINGLE_READS,
        identifiers: &["fqdn"],
        numbers: &[RETENTION_35, number("storage_mb", "", Unit::Count)],
        facts: Some(Facts::SingleServer),
        ..component("azurerm_postgresql_server", Database, "azure:postgresql")
    },
    Type {
        reads: SINGLE_READS,
        identifiers: &["fqdn"],
        numbers: &[RETENTION_35, number("storage_mb", "", Unit::Count)],
        facts: Some(Facts::SingleServer),
        ..component("azurerm_mysql_server", Database, "azure:mysql")
    },
    Type {
        reads: SINGLE_READS,
        identifiers: &["fqdn"],
        numbers: &[RETENTION_35, number("storage_mb", "", Unit::Count)],
        facts: Some(Facts::SingleServer),
        ..component("azurerm_mariadb_server", Database, "azure:mariadb")
    },
    member("azurerm_postgresql_flexible_server_database", SERVER_PARENT),
    member("azurerm_mysql_flexible_database", SERVER_PARENT),
    member("azurerm_postgresql_database", SERVER_PARENT),
    member("azurerm_mysql_database", SERVER_PARENT),
    member("azurerm_mariadb_database", SERVER_PARENT),
    // Cosmos DB.
    Type {
        is: Is::Cosmos,
        reads: &[
            "kind",
            "offer_type",
            "consistency_policy",
            "geo_location",
            "automatic_failover_enabled",
            "enable_automatic_failover",
            "multiple_write_locations_enabled",
            "enable_multiple_write_locations",
            "backup",
        ],
        identifiers: &["endpoint"],
        numbers: &[
            number("backup.interval_in_minutes", "", Unit::Count),
            capped(
                "backup.retention_in_hours",
                "",
                Unit::Count,
                720.0,
                "Cosmos DB keeps periodic backups at most 720 hours (30 days)",
            ),
            number("geo_location.failover_priority", "", Unit::Count),
        ],
        facts: Some(Facts::Cosmos),
        ..component("azurerm_cosmosdb_account", Database, "azure:cosmosdb")
    },
    member("azurerm_cosmosdb_sql_database", COSMOS_PARENT),
    member("azurerm_cosmosdb_sql_container", COSMOS_PARENT),
    member("azurerm_cosmosdb_mongo_database", COSMOS_PARENT),
    member("azurerm_cosmosdb_mongo_collection", COSMOS_PARENT),
    member("azurerm_cosmosdb_cassandra_keyspace", COSMOS_PARENT),
    member("azurerm_cosmosdb_gremlin_database", COSMOS_PARENT),
    member("azurerm_cosmosdb_table", COSMOS_PARENT),
    // Compute.
    Type {
        is: Is::Aks,
        reads: &[
            "default_node_pool",
            "sku_tier",
            "ingress_application_gateway",
        ],
        identifiers: &["fqdn", "private_fqdn"],
        numbers: &[
            number("default_node_pool.node_count", "", Unit::Count),
            number("default_node_pool.min_count", "", Unit::Count),
        ],
        facts: Some(Facts::Aks),
        ..component("azurerm_kubernetes_cluster", Compute, "azure:aks")
    },
    Type {
        is: Is::NodePool,
        reads: &[
            "node_count",
            "min_count",
            "availability_zones",
            "mode",
            "vnet_subnet_id",
        ],
        numbers: &[
            number("node_count", "", Unit::Count),
            number("min_count", "", Unit::Count),
        ],
        ..member(
            "azurerm_kubernetes_cluster_node_pool",
            &["kubernetes_cluster_id"],
        )
    },
    Type {
        is: Is::Vm,
        reads: VM_READS,
        group: Grouping::Instances,
        facts: Some(Facts::Vms),
        ..component("azurerm_linux_virtual_machine", Compute, "azure:vm")
    },
    Type {
        is: Is::Vm,
        reads: VM_READS,
        group: Grouping::Instances,
        facts: Some(Facts::Vms),
        ..component("azurerm_windows_virtual_machine", Compute, "azure:vm")
    },
    Type {
        is: Is::Vm,
        reads: VM_READS,
        group: Grouping::Instances,
        facts: Some(Facts::Vms),
        ..component("azurerm_virtual_machine", Compute, "azure:vm")
    },
    Type {
        is: Is::AvailabilitySet,
        reads: &["platform_fault_domain_count"],
        ..informs("azurerm_availability_set")
    },
    Type {
        is: Is::ScaleSet,
        reads: SCALE_SET_READS,
        numbers: &[
            number("instances", "", Unit::Count),
            number("sku.capacity", "", Unit::Count),
        ],
        facts: Some(Facts::ScaleSet),
        ..component(
            "azurerm_linux_virtual_machine_scale_set",
            Compute,
            "azure:vmss",
        )
    },
    Type {
        is: Is::ScaleSet,
        reads: SCALE_SET_READS,
        numbers: &[number("instances", "", Unit::Count)],
        facts: Some(Facts::ScaleSet),
        ..component(
            "azurerm_windows_virtual_machine_scale_set",
            Compute,
            "azure:vmss",
        )
    },
    Type {
        is: Is::ScaleSet,
        reads: SCALE_SET_READS,
        numbers: &[number("instances", "", Unit::Count)],
        facts: Some(Facts::ScaleSet),
        ..component(
            "azurerm_orchestrated_virtual_machine_scale_set",
            Compute,
            "azure:vmss",
        )
    },
    Type {
        is: Is::ScaleSet,
        reads: SCALE_SET_READS,
        numbers: &[number("sku.capacity", "", Unit::Count)],
        facts: Some(Facts::ScaleSet),
        ..component("azurerm_virtual_machine_scale_set", Compute, "azure:vmss")
    },
    Type {
        is: Is::Autoscale,
        reads: &["profile", "enabled"],
        numbers: &[number("profile.capacity.minimum", "", Unit::Count)],
        ..member("azurerm_monitor_autoscale_setting", &["target_resource_id"])
    },
    Type {
        is: Is::ManagedDisk,
        reads: &["storage_account_type", "disk_size_gb", "create_option"],
        numbers: &[number("disk_size_gb", "", Unit::Gib)],
        facts: Some(Facts::ManagedDisk),
        ..component("azurerm_managed_disk", Storage, "azure:disk")
    },
    Type {
        is: Is::DiskAttachment,
        reads: &["managed_disk_id"],
        ..member(
            "azurerm_virtual_machine_data_disk_attachment",
            &["virtual_machine_id"],
        )
    },
    Type {
        is: Is::NetworkInterface,
        reads: &["ip_configuration"],
        identifiers: &["private_ip_address"],
        ..informs("azurerm_network_interface")
    },
    Type {
        is: Is::PoolAssociation,
        reads: &["network_interface_id", "backend_address_pool_id"],
        ..informs("azurerm_network_interface_backend_address_pool_association")
    },
    Type {
        is: Is::PoolAssociation,
        reads: &["network_interface_id", "backend_address_pool_id"],
        ..informs("azurerm_network_interface_application_gateway_backend_address_pool_association")
    },
    // Web and function apps, on their App Service plan.
    Type {
        is: Is::ServicePlan,
        reads: &[
            "os_type",
            "sku_name",
            "worker_count",
            "zone_balancing_enabled",
            "per_site_scaling_enabled",
        ],
        numbers: &[number("worker_count", "", Unit::Count)],
        facts: Some(Facts::ServicePlan),
        ..component("azurerm_service_plan", Compute, "azure:app-service")
    },
    Type {
        is: Is::ServicePlan,
        reads: &["sku", "kind", "zone_redundant", "per_site_scaling"],
        numbers: &[number("sku.capacity", "", Unit::Count)],
        facts: Some(Facts::ServicePlan),
        ..component("azurerm_app_service_plan", Compute, "azure:app-service")
    },
    web_app("azurerm_linux_web_app", "azure:app-service"),
    web_app("azurerm_windows_web_app", "azure:app-service"),
    web_app("azurerm_app_service", "azure:app-service"),
    web_app("azurerm_linux_function_app", "azure:functions"),
    web_app("azurerm_windows_function_app", "azure:functions"),
    web_app("azurerm_function_app", "azure:functions"),
    Type {
        is: Is::Slot,
        ..member("azurerm_linux_web_app_slot", &["app_service_id"])
    },
    Type {
        is: Is::Slot,
        ..member("azurerm_windows_web_app_slot", &["app_service_id"])
    },
    Type {
        is: Is::Slot,
        ..member("azurerm_app_service_slot", &["app_service_name"])
    },
    // Caches.
    Type {
        is: Is::Redis,
        reads: &[
            "sku_name",
            "family",
            "capacity",
            "replicas_per_primary",
            "replicas_per_master",
            "shard_count",
            "redis_configuration",
        ],
        identifiers: &["hostname"],
        numbers: &[
            number("replicas_per_primary", "", Unit::Count),
            number("replicas_per_master", "", Unit::Count),
            number("shard_count", "", Unit::Count),
            number("redis_configuration.rdb_backup_frequency", "", Unit::Count),
        ],
        facts: Some(Facts::Redis),
        ..component("azurerm_redis_cache", Cache, "azure:redis")
    },
    Type {
        is: Is::RedisLink,
        reads: &[
            "target_redis_cache_name",
            "linked_redis_cache_id",
            "linked_redis_cache_location",
            "server_role",
        ],
        ..informs("azurerm_redis_linked_server")
    },
    // Backups: Recovery Services vaults, VM backup policies, protected VMs.
    Type {
        is: Is::Vault,
        reads: &[
            "sku",
            "storage_mode_type",
            "cross_region_restore_enabled",
            "soft_delete_enabled",
            "immutability",
        ],
        ..informs("azurerm_recovery_services_vault")
    },
    Type {
        is: Is::VmBackupPolicy,
        reads: &[
            "recovery_vault_name",
            "backup",
            "retention_daily",
            "retention_weekly",
            "retention_monthly",
            "retention_yearly",
            "instant_restore_retention_days",
            "policy_type",
        ],
        numbers: &[
            capped(
                "retention_daily.count",
                "",
                Unit::Days,
                9999.0,
                "Azure Backup keeps daily points at most 9999 days",
            ),
            number("retention_weekly.count", "", Unit::Count),
            number("retention_monthly.count", "", Unit::Count),
            number("retention_yearly.count", "", Unit::Count),
            number("backup.hour_interval", "", Unit::Count),
        ],
        ..informs("azurerm_backup_policy_vm")
    },
    Type {
        is: Is::ProtectedVm,
        reads: &["recovery_vault_name", "backup_policy_id"],
        ..member("azurerm_backup_protected_vm", &["source_vm_id"])
    },
    // Networking.
    Type {
        is: Is::LoadBalancer,
        reads: &["sku", "frontend_ip_configuration"],
        facts: Some(Facts::LoadBalancer),
        ..component("azurerm_lb", Network, "azure:lb")
    },
    Type {
        is: Is::BackendPool,
        ..member("azurerm_lb_backend_address_pool", LB_PARENT)
    },
    member("azurerm_lb_rule", LB_PARENT),
    member("azurerm_lb_probe", LB_PARENT),
    member("azurerm_lb_nat_rule", LB_PARENT),
    member("azurerm_lb_outbound_rule", LB_PARENT),
    Type {
        is: Is::PublicIp,
        reads: &["sku", "allocation_method"],
        identifiers: &["ip_address", "fqdn"],
        ..informs("azurerm_public_ip")
    },
    Type {
        is: Is::AppGateway,
        reads: &[
            "sku",
            "autoscale_configuration",
            "backend_address_pool",
            "backend_http_settings",
            "frontend_ip_configuration",
        ],
        numbers: &[
            number("sku.capacity", "", Unit::Count),
            number("autoscale_configuration.min_capacity", "", Unit::Count),
        ],
        facts: Some(Facts::AppGateway),
        ..component(
            "azurerm_application_gateway",
            Network,
            "azure:application-gateway",
        )
    },
    Type {
        is: Is::TrafficManager,
        reads: &["traffic_routing_method", "dns_config", "monitor_config"],
        identifiers: &["fqdn"],
        facts: Some(Facts::TrafficManager),
        ..component(
            "azurerm_traffic_manager_profile",
            Dns,
            "azure:traffic-manager",
        )
    },
    Type {
        reads: &["target_resource_id", "target", "priority", "weight"],
        numbers: PRIORITY,
        ..member("azurerm_traffic_manager_azure_endpoint", &["profile_id"])
    },
    Type {
        reads: &["target", "priority", "weight"],
        numbers: PRIORITY,
        ..member("azurerm_traffic_manager_external_endpoint", &["profile_id"])
    },
    Type {
        reads: &["target_resource_id", "target", "priority", "weight", "type"],
        numbers: PRIORITY,
        ..member("azurerm_traffic_manager_endpoint", &["profile_name"])
    },
    Type {
        reads: &["sku_name"],
        facts: Some(Facts::Zoned),
        ..component("azurerm_nat_gateway", Network, "azure:nat-gateway")
    },
    Type {
        reads: &["sku", "sku_tier"],
        facts: Some(Facts::Zoned),
        ..component("azurerm_firewall", Network, "azure:firewall")
    },
    Type {
        reads: &["sku_name"],
        identifiers: &["gateway_url"],
        facts: Some(Facts::Zoned),
        ..component("azurerm_api_management", Network, "azure:api-management")
    },
    Type {
        reads: &["os_type"],
        identifiers: &["fqdn", "ip_address"],
        facts: Some(Facts::Zoned),
        ..component(
            "azurerm_container_group",
            Compute,
            "azure:container-instances",
        )
    },
    Type {
        reads: &["zone_redundancy_enabled", "infrastructure_subnet_id"],
        identifiers: &["default_domain"],
        facts: Some(Facts::ContainerApps),
        ..component(
            "azurerm_container_app_environment",
            Compute,
            "azure:container-apps",
        )
    },
    Type {
        is: Is::ContainerApp,
        reads: &["template", "ingress", "secret"],
        identifiers: &["latest_revision_fqdn"],
        numbers: &[number("template.min_replicas", "", Unit::Count)],
        ..member("azurerm_container_app", &["container_app_environment_id"])
    },
    Type {
        is: Is::FrontDoor,
        reads: &["sku_name"],
        facts: Some(Facts::FrontDoor),
        ..component("azurerm_cdn_frontdoor_profile", Network, "azure:front-door")
    },
    member(
        "azurerm_cdn_frontdoor_origin_group",
        &["cdn_frontdoor_profile_id"],
    ),
    member(
        "azurerm_cdn_frontdoor_endpoint",
        &["cdn_frontdoor_profile_id"],
    ),
    Type {
        reads: &[
            "host_name",
            "origin_host_header",
            "priority",
            "weight",
            "enabled",
        ],
        numbers: PRIORITY,
        ..member(
            "azurerm_cdn_frontdoor_origin",
            &["cdn_frontdoor_origin_group_id"],
        )
    },
    member(
        "azurerm_cdn_frontdoor_route",
        &["cdn_frontdoor_endpoint_id"],
    ),
    Type {
        is: Is::FrontDoor,
        reads: &["backend_pool"],
        facts: Some(Facts::FrontDoor),
        ..component("azurerm_frontdoor", Network, "azure:front-door")
    },
    member("azurerm_storage_share_file", &["storage_share_id"]),
    member("azurerm_storage_share_directory", &["storage_share_id"]),
    // What watches components (`credits.rs`).
    Type {
        is: Is::MetricAlert,
        reads: &["scopes", "criteria", "dynamic_criteria", "enabled"],
        ..informs("azurerm_monitor_metric_alert")
    },
    Type {
        is: Is::WebTest,
        reads: &["request", "enabled"],
        ..informs("azurerm_application_insights_standard_web_test")
    },
    Type {
        is: Is::WebTest,
        reads: &["configuration", "enabled"],
        ..informs("azurerm_application_insights_web_test")
    },
    // Deletion protection.
    Type {
        is: Is::Lock,
        reads: &["scope", "lock_level"],
        ..informs("azurerm_management_lock")
    },
];
