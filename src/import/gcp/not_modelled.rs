//! The Google Cloud types drplan knows and leaves out: they are counted in the summary, never
//! read. An entry that ends with `_` is a prefix (`google_kms_` is every KMS type); any other
//! is one type (`google_sql_database`, not `google_sql_database_instance`).

/// Types drplan knows and leaves out: identity and access, projects and organisation,
/// networking details, monitoring and logging, keys and secrets, settings of a component it
/// reads elsewhere (a database's users, a bucket's objects and access).
pub const NOT_MODELLED: &[&str] = &[
    "google_project",
    "google_project_",
    "google_folder",
    "google_folder_",
    "google_organization_",
    "google_billing_",
    "google_service_account",
    "google_service_account_",
    "google_iam_",
    "google_kms_",
    "google_secret_manager_",
    "google_logging_",
    // Alert policies and uptime checks are read (`credits.rs`); the rest of monitoring is not.
    "google_monitoring_notification_channel",
    "google_monitoring_dashboard",
    "google_monitoring_group",
    "google_monitoring_metric_descriptor",
    "google_monitoring_monitored_project",
    "google_monitoring_custom_service",
    "google_monitoring_service",
    "google_monitoring_slo",
    "google_compute_firewall",
    "google_compute_firewall_policy",
    "google_compute_network_firewall_policy",
    "google_compute_network_firewall_policy_",
    "google_compute_router",
    "google_compute_router_",
    "google_compute_route",
    "google_compute_network_peering",
    "google_compute_shared_vpc_",
    "google_compute_ssl_certificate",
    "google_compute_managed_ssl_certificate",
    "google_compute_region_ssl_certificate",
    "google_compute_ssl_policy",
    "google_compute_security_policy",
    "google_compute_http_health_check",
    "google_compute_https_health_check",
    "google_compute_project_metadata",
    "google_compute_project_metadata_item",
    "google_compute_instance_iam_",
    "google_compute_image",
    "google_service_networking_",
    "google_dns_managed_zone",
    "google_dns_policy",
    "google_sql_database",
    "google_sql_user",
    "google_sql_ssl_cert",
    "google_storage_bucket_",
    "google_storage_default_object_",
    "google_storage_notification",
    "google_storage_hmac_key",
    "google_container_registry",
    "google_artifact_registry_",
    "google_cloudbuild_",
    "google_cloud_run_v2_service_iam_",
    "google_cloud_run_service_iam_",
    "google_cloudfunctions_function_iam_",
    "google_cloudfunctions2_function_iam_",
    "google_pubsub_topic_iam_",
    "google_pubsub_subscription_iam_",
    "google_spanner_database_iam_",
    "google_spanner_instance_iam_",
    "google_bigtable_instance_iam_",
    "google_bigtable_table_iam_",
    "google_os_config_",
    "google_org_policy_",
    "google_access_context_manager_",
    "google_binary_authorization_",
    "google_essential_contacts_",
    "google_tags_",
    "google_iap_",
    "google_apphub_",
    "google_gke_hub_",
    "google_certificate_manager_",
    "google_compute_network_endpoint_group",
    "google_compute_global_network_endpoint_group",
    "google_compute_network_endpoint",
    "google_compute_global_network_endpoint",
    "google_compute_subnetwork_iam_",
    "google_compute_disk_iam_",
    "google_bigquery_dataset_iam_",
    "google_bigquery_table_iam_",
    "google_cloud_run_v2_job_iam_",
];

/// Whether drplan knows a type and leaves it out.
pub fn not_modelled(ty: &str) -> bool {
    NOT_MODELLED.iter().any(|e| {
        if e.ends_with('_') {
            ty.starts_with(e)
        } else {
            ty == *e
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::types::TYPES;
    use super::*;

    /// No type is both read and left out.
    #[test]
    fn no_entry_covers_a_read_type() {
        for t in TYPES {
            assert!(!not_modelled(t.tf), "{} is read and left out", t.tf);
        }
        assert!(not_modelled("google_sql_database"));
        assert!(not_modelled("google_kms_crypto_key"));
        assert!(not_modelled("google_compute_router_nat"));
        assert!(not_modelled("google_monitoring_notification_channel"));
    }
}
