//! Every Google Cloud resource type drplan reads: one row each (`row.rs` says what a row
//! holds). Adding a type is a row here and, when it has facts, a function in `facts.rs`.

use super::row::*;
use crate::import::numbers::Unit;
use crate::model::Kind::*;

/// Every type drplan reads.
pub static TYPES: &[Type] = &[
    // Compute.
    Type {
        reads: &[
            "boot_disk",
            "attached_disk",
            "metadata",
            "metadata_startup_script",
        ],
        identifiers: &["name", "instance_id"],
        group: Grouping::Instances,
        facts: Some(Facts::ComputeInstances),
        ..component("google_compute_instance", Compute, "gcp:compute")
    },
    Type {
        reads: &[
            "boot_disk",
            "attached_disk",
            "metadata",
            "metadata_startup_script",
            "source_instance_template",
        ],
        identifiers: &["name", "instance_id"],
        group: Grouping::Instances,
        facts: Some(Facts::ComputeInstances),
        ..component(
            "google_compute_instance_from_template",
            Compute,
            "gcp:compute",
        )
    },
    Type {
        numbers: TARGET_SIZE,
        reads: MIG_READS,
        identifiers: &["name", "instance_group"],
        facts: Some(Facts::Mig),
        ..component(
            "google_compute_instance_group_manager",
            Compute,
            "gcp:compute:mig",
        )
    },
    Type {
        numbers: TARGET_SIZE,
        reads: MIG_READS,
        identifiers: &["name", "instance_group"],
        facts: Some(Facts::RegionalMig),
        ..component(
            "google_compute_region_instance_group_manager",
            Compute,
            "gcp:compute:regional-mig",
        )
    },
    Type {
        numbers: &[number("initial_node_count", Unit::Count)],
        reads: &[
            "node_locations",
            "initial_node_count",
            "remove_default_node_pool",
            "node_pool",
            "enable_autopilot",
            "deletion_protection",
        ],
        identifiers: &["name", "endpoint"],
        facts: Some(Facts::GkeCluster),
        ..component("google_container_cluster", Compute, "gcp:gke")
    },
    Type {
        facts: Some(Facts::RegionalService),
        reads: &["template", "deletion_protection"],
        identifiers: &["name", "uri"],
        ..component("google_cloud_run_v2_service", Compute, "gcp:cloud-run")
    },
    Type {
        facts: Some(Facts::RegionalService),
        reads: &["template"],
        ..component("google_cloud_run_service", Compute, "gcp:cloud-run")
    },
    Type {
        facts: Some(Facts::RegionalService),
        reads: &["template", "deletion_protection"],
        ..component("google_cloud_run_v2_job", Compute, "gcp:cloud-run:job")
    },
    Type {
        facts: Some(Facts::RegionalService),
        reads: &["service_config", "event_trigger"],
        identifiers: &["name", "url"],
        ..component(
            "google_cloudfunctions2_function",
            Compute,
            "gcp:cloud-functions",
        )
    },
    Type {
        facts: Some(Facts::RegionalService),
        reads: &["environment_variables", "event_trigger"],
        identifiers: &["name", "https_trigger_url"],
        ..component(
            "google_cloudfunctions_function",
            Compute,
            "gcp:cloud-functions",
        )
    },
    // Databases.
    Type {
        numbers: &[
            number("settings.disk_size", Unit::Gib),
            capped(
                "settings.backup_configuration.backup_retention_settings.retained_backups",
                Unit::Count,
                365.0,
                "Cloud SQL keeps at most 365 automated backups",
            ),
            capped(
                "settings.backup_configuration.transaction_log_retention_days",
                Unit::Days,
                35.0,
                "Cloud SQL keeps transaction logs at most 35 days",
            ),
        ],
        is: Is::SqlInstance,
        reads: SQL_READS,
        identifiers: &[
            "name",
            "connection_name",
            "private_ip_address",
            "public_ip_address",
        ],
        owner: Owner::Via(&["master_instance_name"]),
        folds: Some(Folds::ReplicaInRegion),
        facts: Some(Facts::SqlInstance),
        ..component("google_sql_database_instance", Database, "gcp:cloudsql")
    },
    Type {
        numbers: &[capped(
            "continuous_backup_config.recovery_window_days",
            Unit::Days,
            35.0,
            "AlloyDB keeps continuous backups at most 35 days",
        )],
        reads: &[
            "cluster_id",
            "cluster_type",
            "continuous_backup_config",
            "automated_backup_policy",
            "secondary_config",
            "deletion_protection",
        ],
        is: Is::AlloydbCluster,
        identifiers: &["name", "cluster_id"],
        facts: Some(Facts::AlloydbCluster),
        ..component("google_alloydb_cluster", Database, "gcp:alloydb")
    },
    Type {
        numbers: &[
            number("num_nodes", Unit::Count),
            number("processing_units", Unit::Count),
        ],
        reads: &["config", "num_nodes", "processing_units"],
        facts: Some(Facts::Spanner),
        ..component("google_spanner_instance", Database, "gcp:spanner")
    },
    Type {
        reads: &["cluster", "deletion_protection", "instance_type"],
        facts: Some(Facts::Bigtable),
        ..component("google_bigtable_instance", Database, "gcp:bigtable")
    },
    Type {
        reads: &[
            "location_id",
            "type",
            "point_in_time_recovery_enablement",
            "delete_protection_state",
        ],
        facts: Some(Facts::Firestore),
        ..component("google_firestore_database", Database, "gcp:firestore")
    },
    Type {
        numbers: &[capped(
            "max_time_travel_hours",
            Unit::Count,
            168.0,
            "BigQuery's time travel reaches back at most 168 hours",
        )],
        reads: &["max_time_travel_hours", "delete_contents_on_destroy"],
        identifiers: &["dataset_id"],
        facts: Some(Facts::BigqueryDataset),
        ..component("google_bigquery_dataset", Database, "gcp:bigquery")
    },
    // Caches.
    Type {
        numbers: &[
            number("replica_count", Unit::Count),
            number("memory_size_gb", Unit::Gib),
        ],
        reads: &[
            "tier",
            "memory_size_gb",
            "location_id",
            "alternative_location_id",
            "replica_count",
            "read_replicas_mode",
            "persistence_config",
        ],
        identifiers: &["name", "host", "read_endpoint"],
        facts: Some(Facts::Redis),
        ..component("google_redis_instance", Cache, "gcp:memorystore:redis")
    },
    Type {
        numbers: &[
            number("replica_count", Unit::Count),
            number("shard_count", Unit::Count),
        ],
        reads: &[
            "shard_count",
            "replica_count",
            "zone_distribution_config",
            "persistence_config",
        ],
        facts: Some(Facts::RedisCluster),
        ..component(
            "google_redis_cluster",
            Cache,
            "gcp:memorystore:redis-cluster",
        )
    },
    Type {
        numbers: &[number("node_count", Unit::Count)],
        reads: &["node_count", "zones"],
        identifiers: &["name", "discovery_endpoint"],
        facts: Some(Facts::Memcache),
        ..component(
            "google_memcache_instance",
            Cache,
            "gcp:memorystore:memcached",
        )
    },
    // Storage.
    Type {
        numbers: &[
            number(
                "soft_delete_policy.retention_duration_seconds",
                Unit::Seconds,
            ),
            number("retention_policy.retention_period", Unit::Seconds),
        ],
        is: Is::Bucket,
        reads: &[
            "storage_class",
            "versioning",
            "soft_delete_policy",
            "retention_policy",
            "rpo",
            "custom_placement_config",
        ],
        identifiers: &["name", "url"],
        facts: Some(Facts::Bucket),
        ..component("google_storage_bucket", Storage, "gcp:gcs")
    },
    Type {
        numbers: &[capped(
            "size",
            Unit::Gib,
            65_536.0,
            "a persistent disk is at most 64 TiB",
        )],
        is: Is::Disk,
        reads: &["size", "type", "resource_policies"],
        facts: Some(Facts::Disk),
        ..component("google_compute_disk", Storage, "gcp:compute:disk")
    },
    Type {
        numbers: &[capped(
            "size",
            Unit::Gib,
            65_536.0,
            "a persistent disk is at most 64 TiB",
        )],
        is: Is::Disk,
        reads: &["size", "type", "resource_policies", "replica_zones"],
        facts: Some(Facts::RegionalDisk),
        ..component(
            "google_compute_region_disk",
            Storage,
            "gcp:compute:regional-disk",
        )
    },
    Type {
        numbers: &[number("file_shares.capacity_gb", Unit::Gib)],
        reads: &["tier", "file_shares", "deletion_protection_enabled"],
        facts: Some(Facts::Filestore),
        ..component("google_filestore_instance", Storage, "gcp:filestore")
    },
    // Queues.
    Type {
        reads: &["message_storage_policy"],
        facts: Some(Facts::PubsubTopic),
        ..component("google_pubsub_topic", Queue, "gcp:pubsub")
    },
    // Network.
    Type {
        is: Is::UrlMap,
        reads: URL_MAP_READS,
        facts: Some(Facts::UrlMap),
        ..component("google_compute_url_map", Network, "gcp:lb:url-map")
    },
    Type {
        is: Is::UrlMap,
        reads: URL_MAP_READS,
        facts: Some(Facts::UrlMap),
        ..component(
            "google_compute_region_url_map",
            Network,
            "gcp:lb:regional-url-map",
        )
    },
    Type {
        numbers: TIMEOUT,
        is: Is::BackendService,
        reads: BACKEND_READS,
        facts: Some(Facts::BackendService),
        ..component(
            "google_compute_backend_service",
            Network,
            "gcp:lb:backend-service",
        )
    },
    Type {
        numbers: TIMEOUT,
        is: Is::BackendService,
        reads: BACKEND_READS,
        facts: Some(Facts::BackendService),
        ..component(
            "google_compute_region_backend_service",
            Network,
            "gcp:lb:regional-backend-service",
        )
    },
    Type {
        is: Is::ForwardingRule,
        reads: &["target", "load_balancing_scheme", "port_range"],
        identifiers: &["name", "ip_address"],
        owner: Owner::Rule(OwnerRule::UrlMapOfProxy),
        folds: Some(Folds::ThroughUrlMap),
        facts: Some(Facts::ForwardingRule),
        ..component(
            "google_compute_global_forwarding_rule",
            Network,
            "gcp:lb:forwarding-rule",
        )
    },
    Type {
        is: Is::ForwardingRule,
        reads: &[
            "target",
            "backend_service",
            "load_balancing_scheme",
            "port_range",
        ],
        identifiers: &["name", "ip_address"],
        owner: Owner::Rule(OwnerRule::UrlMapOfProxy),
        folds: Some(Folds::ThroughUrlMap),
        facts: Some(Facts::ForwardingRule),
        ..component(
            "google_compute_forwarding_rule",
            Network,
            "gcp:lb:regional-forwarding-rule",
        )
    },
    Type {
        reads: &["rrdatas", "routing_policy", "type", "name"],
        identifiers: &[],
        facts: Some(Facts::DnsRecord),
        ..component("google_dns_record_set", Dns, "gcp:cloud-dns")
    },
    // Members.
    Type {
        numbers: &[
            number("node_count", Unit::Count),
            number("initial_node_count", Unit::Count),
            number("autoscaling.min_node_count", Unit::Count),
            number("autoscaling.total_min_node_count", Unit::Count),
        ],
        is: Is::NodePool,
        reads: &[
            "cluster",
            "node_count",
            "initial_node_count",
            "node_locations",
            "autoscaling",
        ],
        ..member("google_container_node_pool", Owner::Via(&["cluster"]))
    },
    // A disk attached to an instance: the instance depends on it.
    Type {
        reads: &["instance", "disk"],
        identifiers: &[],
        ..member("google_compute_attached_disk", Owner::Via(&["instance"]))
    },
    // A snapshot taken once: the disk's one recovery point (`snapshots.rs`).
    Type {
        is: Is::Snapshot,
        reads: &["source_disk", "storage_locations"],
        identifiers: &[],
        ..member("google_compute_snapshot", Owner::Via(&["source_disk"]))
    },
    // An unmanaged instance group is the instances it lists: a backend service forwards to
    // them through it.
    Type {
        reads: &["instances"],
        ..member("google_compute_instance_group", Owner::Via(&["instances"]))
    },
    Type {
        reads: &["dataset_id"],
        identifiers: &["table_id"],
        ..member("google_bigquery_table", Owner::Via(&["dataset_id"]))
    },
    Type {
        numbers: &[number("autoscaling_policy.min_replicas", Unit::Count)],
        is: Is::Autoscaler,
        reads: &["target", "autoscaling_policy"],
        ..member("google_compute_autoscaler", Owner::Via(&["target"]))
    },
    Type {
        numbers: &[number("autoscaling_policy.min_replicas", Unit::Count)],
        is: Is::Autoscaler,
        reads: &["target", "autoscaling_policy"],
        ..member("google_compute_region_autoscaler", Owner::Via(&["target"]))
    },
    Type {
        is: Is::PolicyAttachment,
        reads: &["name", "disk"],
        identifiers: &[],
        ..member(
            "google_compute_disk_resource_policy_attachment",
            Owner::Via(&["disk"]),
        )
    },
    Type {
        is: Is::PolicyAttachment,
        reads: &["name", "disk"],
        identifiers: &[],
        ..member(
            "google_compute_region_disk_resource_policy_attachment",
            Owner::Via(&["disk"]),
        )
    },
    Type {
        numbers: &[number("read_pool_config.node_count", Unit::Count)],
        is: Is::AlloydbInstance,
        reads: &[
            "cluster",
            "instance_type",
            "availability_type",
            "read_pool_config",
        ],
        identifiers: &["name", "ip_address"],
        ..member("google_alloydb_instance", Owner::Via(&["cluster"]))
    },
    Type {
        is: Is::SpannerDatabase,
        reads: &[
            "instance",
            "version_retention_period",
            "deletion_protection",
            "enable_drop_protection",
        ],
        ..member("google_spanner_database", Owner::Via(&["instance"]))
    },
    Type {
        is: Is::BigtableAppProfile,
        reads: &[
            "instance",
            "multi_cluster_routing_use_any",
            "single_cluster_routing",
        ],
        ..member("google_bigtable_app_profile", Owner::Via(&["instance"]))
    },
    Type {
        is: Is::BigtableTable,
        reads: &["instance_name", "automated_backup_policy"],
        ..member("google_bigtable_table", Owner::Via(&["instance_name"]))
    },
    Type {
        is: Is::FirestoreBackupSchedule,
        reads: &[
            "database",
            "retention",
            "daily_recurrence",
            "weekly_recurrence",
        ],
        identifiers: &[],
        ..member(
            "google_firestore_backup_schedule",
            Owner::Via(&["database"]),
        )
    },
    Type {
        reads: &["bucket_name"],
        ..member(
            "google_compute_backend_bucket",
            Owner::Via(&["bucket_name"]),
        )
    },
    Type {
        is: Is::HttpProxy,
        reads: &["url_map"],
        ..member("google_compute_target_http_proxy", Owner::Via(&["url_map"]))
    },
    Type {
        is: Is::HttpProxy,
        reads: &["url_map"],
        ..member(
            "google_compute_target_https_proxy",
            Owner::Via(&["url_map"]),
        )
    },
    Type {
        is: Is::HttpProxy,
        reads: &["url_map"],
        ..member(
            "google_compute_region_target_http_proxy",
            Owner::Via(&["url_map"]),
        )
    },
    Type {
        is: Is::HttpProxy,
        reads: &["url_map"],
        ..member(
            "google_compute_region_target_https_proxy",
            Owner::Via(&["url_map"]),
        )
    },
    Type {
        reads: &["backend_service"],
        ..member("google_compute_target_tcp_proxy", Owner::From(&["target"]))
    },
    Type {
        reads: &["backend_service"],
        ..member("google_compute_target_ssl_proxy", Owner::From(&["target"]))
    },
    Type {
        reads: &["backend_service"],
        ..member(
            "google_compute_region_target_tcp_proxy",
            Owner::From(&["target"]),
        )
    },
    Type {
        reads: &["instances"],
        ..member("google_compute_target_pool", Owner::From(&["target"]))
    },
    Type {
        reads: &["cloud_run", "cloud_function"],
        ..member(
            "google_compute_region_network_endpoint_group",
            Owner::Via(&["cloud_run", "cloud_function"]),
        )
    },
    Type {
        is: Is::Subscription,
        reads: &["topic", "push_config", "dead_letter_policy"],
        ..member("google_pubsub_subscription", Owner::Via(&["topic"]))
    },
    // What informs components. An instance template informs every group that runs it (two
    // groups may share one): their edges are what it names (`edges.rs`).
    Type {
        reads: &["metadata", "metadata_startup_script"],
        identifiers: &["name", "self_link_unique"],
        ..informs("google_compute_instance_template")
    },
    Type {
        reads: &["metadata", "metadata_startup_script"],
        identifiers: &["name", "self_link_unique"],
        ..informs("google_compute_region_instance_template")
    },
    Type {
        numbers: &[
            number(
                "snapshot_schedule_policy.retention_policy.max_retention_days",
                Unit::Days,
            ),
            number(
                "snapshot_schedule_policy.schedule.hourly_schedule.hours_in_cycle",
                Unit::Count,
            ),
            number(
                "snapshot_schedule_policy.schedule.daily_schedule.days_in_cycle",
                Unit::Count,
            ),
        ],
        is: Is::ResourcePolicy,
        reads: &["snapshot_schedule_policy"],
        ..informs("google_compute_resource_policy")
    },
    Type {
        is: Is::Address,
        identifiers: &["name", "address"],
        ..informs("google_compute_global_address")
    },
    Type {
        is: Is::Address,
        identifiers: &["name", "address"],
        ..informs("google_compute_address")
    },
    // What watches components (`credits.rs`).
    Type {
        is: Is::AlertPolicy,
        reads: &["conditions", "enabled"],
        ..informs("google_monitoring_alert_policy")
    },
    Type {
        is: Is::UptimeCheck,
        reads: &["monitored_resource", "http_check", "synthetic_monitor"],
        ..informs("google_monitoring_uptime_check_config")
    },
    informs("google_compute_network"),
    informs("google_compute_subnetwork"),
    informs("google_compute_health_check"),
    informs("google_compute_region_health_check"),
    informs("google_vpc_access_connector"),
];
