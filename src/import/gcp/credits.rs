//! What watches components on Google Cloud: Cloud Monitoring alert policies and uptime
//! checks, credited to what they watch with the alarm kind their metric makes
//! (docs/import.md lists them). An alert policy names what it watches by reference (a plan's
//! expressions, a state's values) or in its filter's resource labels
//! (`resource.label.database_id="acme:orders"`), matched by name against the resources of the
//! monitored resource type's Terraform types.

use std::collections::{BTreeSet, HashMap};

use crate::import::resource::Value;

use super::lookup::is;
use super::row::Is;
use crate::import::draft::Credit;
use crate::import::resource::Resource;

/// Every credit the resources give.
pub fn credits(resources: &[Resource]) -> Vec<Credit> {
    // The resources by type and name, for the filters that name what they watch (indexed
    // once, and only when there is a policy to read).
    let mut named: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    if resources.iter().any(|r| is(r) == Is::AlertPolicy) {
        for (i, r) in resources.iter().enumerate() {
            for n in ["name", "instance_id", "cluster_id"]
                .iter()
                .filter_map(|k| r.str(k))
            {
                named.entry((r.ty.as_ref(), n)).or_default().push(i);
            }
        }
    }
    Credit::alarms(resources, |r| {
        Some(match is(r) {
            Is::AlertPolicy => {
                let texts = condition_texts(r);
                let metrics: BTreeSet<&str> = texts.iter().flat_map(|t| metric_types(t)).collect();
                let mut kinds: BTreeSet<&str> =
                    metrics.iter().filter_map(|m| alarm_kind(m)).collect();
                if texts.iter().any(|t| server_errors(t)) {
                    kinds.insert("errors");
                }
                let mut watched: Vec<usize> = r.links_at("conditions").collect();
                for t in &texts {
                    watched.extend(labelled(t, &named));
                }
                let names: Vec<&str> = metrics.into_iter().collect();
                (
                    kinds,
                    format!("Cloud Monitoring alert policy on {}", names.join(", ")),
                    watched,
                )
            }
            Is::UptimeCheck => (
                BTreeSet::from(["health"]),
                "Cloud Monitoring uptime check".to_string(),
                ["monitored_resource", "http_check", "synthetic_monitor"]
                    .iter()
                    .flat_map(|a| r.links_at(a))
                    .collect(),
            ),
            _ => return None,
        })
    })
}

/// The filters and queries of an alert policy's conditions.
fn condition_texts(r: &Resource) -> Vec<&str> {
    const PATHS: [(&str, &str); 5] = [
        ("condition_threshold", "filter"),
        ("condition_absent", "filter"),
        ("condition_matched_log", "filter"),
        ("condition_monitoring_query_language", "query"),
        ("condition_prometheus_query_language", "query"),
    ];
    let mut out = Vec::new();
    for c in r.list("conditions") {
        for (block, key) in PATHS {
            let blocks = match c.get(block) {
                Some(Value::Array(items)) => items.iter().collect(),
                Some(v @ Value::Object(_)) => vec![v],
                _ => Vec::new(),
            };
            out.extend(
                blocks
                    .into_iter()
                    .filter_map(|b| b.get(key).and_then(Value::as_str)),
            );
        }
    }
    out
}

/// The metric types a filter or a query names (`cloudsql.googleapis.com/database/up`,
/// `kubernetes.io/container/restart_count`).
fn metric_types(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "._/-".contains(c)))
        .filter(|w| {
            w.split_once('/').is_some_and(|(host, path)| {
                host.ends_with(".googleapis.com") || host == "kubernetes.io" && !path.is_empty()
            })
        })
}

/// The alarm a Cloud Monitoring metric makes.
fn alarm_kind(metric: &str) -> Option<&'static str> {
    let (_, path) = metric.split_once('/')?;
    if path.contains("replica") && path.contains("lag") || path.ends_with("replication/lag") {
        Some("replication-lag")
    } else if path.ends_with("/up")
        || path.ends_with("/uptime")
        || path == "uptime_check/check_passed"
        || path == "database/state"
    {
        Some("health")
    } else {
        None
    }
}

/// Whether a filter counts server errors (`response_code_class="500"`, `5xx`).
fn server_errors(text: &str) -> bool {
    text.contains("response_code_class") && text.contains("500")
        || text.to_ascii_lowercase().contains("5xx")
}

/// The Terraform types of a monitored resource type.
fn types_of(monitored: &str) -> &'static [&'static str] {
    match monitored {
        "cloudsql_database" | "cloudsql_instance_database" => &["google_sql_database_instance"],
        "gcs_bucket" => &["google_storage_bucket"],
        "gce_instance" => &["google_compute_instance"],
        "instance_group" => &[
            "google_compute_instance_group_manager",
            "google_compute_region_instance_group_manager",
        ],
        "k8s_cluster" | "k8s_node" | "k8s_pod" | "k8s_container" | "gke_cluster" => {
            &["google_container_cluster"]
        }
        "cloud_run_revision" | "cloud_run_job" => {
            &["google_cloud_run_v2_service", "google_cloud_run_service"]
        }
        "cloud_function" => &[
            "google_cloudfunctions2_function",
            "google_cloudfunctions_function",
        ],
        "redis_instance" => &["google_redis_instance"],
        "spanner_instance" => &["google_spanner_instance"],
        "bigtable_cluster" | "bigtable_table" => &["google_bigtable_instance"],
        "pubsub_topic" => &["google_pubsub_topic"],
        "filestore_instance" => &["google_filestore_instance"],
        "alloydb.googleapis.com/Instance" | "alloydb.googleapis.com/Database" => {
            &["google_alloydb_instance", "google_alloydb_cluster"]
        }
        _ => &[],
    }
}

/// The resources a filter's resource labels name: `resource.type="T"` and each
/// `resource.label.K="V"` (or `resource.labels.K`), whose value (its last `:`-separated part:
/// a `database_id` is `project:instance`) is the name of a resource of one of T's types.
fn labelled(text: &str, named: &HashMap<(&str, &str), Vec<usize>>) -> Vec<usize> {
    let Some(monitored) = quoted_after(text, "resource.type") else {
        return Vec::new();
    };
    let types = types_of(monitored);
    if types.is_empty() {
        return Vec::new();
    }
    let mut values = Vec::new();
    for prefix in ["resource.label.", "resource.labels."] {
        let mut rest = text;
        while let Some(at) = rest.find(prefix) {
            rest = &rest[at + prefix.len()..];
            let key_end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
            let Some(key_end) = key_end else { break };
            if let Some(v) = quoted_after(rest, &rest[..key_end]) {
                values.push(v.rsplit(':').next().unwrap_or(v));
            }
        }
    }
    let mut out: Vec<usize> = (types.iter())
        .flat_map(|t| values.iter().map(move |v| (*t, *v)))
        .filter_map(|key| named.get(&key))
        .flatten()
        .copied()
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The quoted value after `key` and `=` (`key="value"` or `key = "value"`).
fn quoted_after<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let at = text.find(key)?;
    let rest = text[at + key.len()..].trim_start().strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &rest[quote.len_utf8()..];
    Some(&body[..body.find(quote)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_types_name_their_alarm_kinds() {
        let filter = r#"metric.type="cloudsql.googleapis.com/database/replication/replica_lag" AND resource.type="cloudsql_database""#;
        let metrics: Vec<&str> = metric_types(filter).collect();
        assert_eq!(
            metrics,
            ["cloudsql.googleapis.com/database/replication/replica_lag"]
        );
        assert_eq!(alarm_kind(metrics[0]), Some("replication-lag"));
        assert_eq!(
            alarm_kind("cloudsql.googleapis.com/database/up"),
            Some("health")
        );
        assert_eq!(
            alarm_kind("monitoring.googleapis.com/uptime_check/check_passed"),
            Some("health")
        );
        assert_eq!(
            alarm_kind("compute.googleapis.com/instance/cpu/utilization"),
            None
        );
        assert!(server_errors(
            r#"metric.type="loadbalancing.googleapis.com/https/request_count" AND metric.label.response_code_class="500""#
        ));
    }

    #[test]
    fn quoted_values_after_keys() {
        let f =
            r#"resource.type = "cloudsql_database" AND resource.label.database_id="acme:orders""#;
        assert_eq!(quoted_after(f, "resource.type"), Some("cloudsql_database"));
        assert_eq!(quoted_after(f, "database_id"), Some("acme:orders"));
        assert_eq!(quoted_after("resource.type=", "resource.type"), None);
        assert_eq!(quoted_after("resource.type=\"café", "resource.type"), None);
    }
}
