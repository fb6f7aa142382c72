//! What watches components on Azure: Azure Monitor metric alerts and Application Insights
//! availability tests, credited to what they watch (an alert's `scopes`, a test's request
//! URL) with the alarm kind its metric makes (docs/import.md lists them).

use std::collections::BTreeSet;

use crate::import::resource::Value;

use super::lookup::is;
use super::row::Is;
use crate::import::draft::Credit;
use crate::import::resource::Resource;

/// Every credit the resources give.
pub fn credits(resources: &[Resource]) -> Vec<Credit> {
    Credit::alarms(resources, |r| {
        Some(match is(r) {
            Is::MetricAlert => {
                let metrics = metrics(r);
                (
                    metrics.iter().filter_map(|m| alarm_kind(m)).collect(),
                    format!("Azure Monitor metric alert on {}", metrics.join(", ")),
                    r.links_at("scopes").collect(),
                )
            }
            Is::WebTest => (
                BTreeSet::from(["health"]),
                "Application Insights availability test".to_string(),
                (r.links_at("request").chain(r.links_at("configuration"))).collect(),
            ),
            _ => return None,
        })
    })
}

/// The metrics an alert's criteria watch, static and dynamic.
fn metrics(r: &Resource) -> Vec<&str> {
    let mut out: Vec<&str> = ["criteria", "dynamic_criteria"]
        .iter()
        .flat_map(|c| r.list(c))
        .filter_map(|c| c.get("metric_name").and_then(Value::as_str))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The alarm an Azure Monitor metric makes, its name compared without case.
fn alarm_kind(metric: &str) -> Option<&'static str> {
    let m = metric.to_ascii_lowercase();
    Some(match m.as_str() {
        // Storage, Cosmos DB, VMs, App Service, load balancers' probes and frontends,
        // Application Gateway, PostgreSQL's "database is alive", availability tests.
        "availability"
        | "serviceavailability"
        | "vmavailabilitymetric"
        | "healthcheckstatus"
        | "dipavailability"
        | "vipavailability"
        | "healthyhostcount"
        | "unhealthyhostcount"
        | "is_db_alive"
        | "availabilityresults/availabilitypercentage" => "health",
        // PostgreSQL and MySQL flexible servers' replicas, Cosmos DB's regions, Redis
        // geo-replication.
        "physical_replication_delay_in_seconds"
        | "read_replica_lag_in_seconds"
        | "replication_lag"
        | "replicationlatency"
        | "georeplicationconnectivitylag" => "replication-lag",
        // A Recovery Services vault's backup jobs.
        "backuphealthevent" => "backup-freshness",
        "http5xx" | "percentage5xx" | "failedrequests" | "requests/failed" => "errors",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_name_their_alarm_kinds() {
        assert_eq!(alarm_kind("VmAvailabilityMetric"), Some("health"));
        assert_eq!(
            alarm_kind("physical_replication_delay_in_seconds"),
            Some("replication-lag")
        );
        assert_eq!(alarm_kind("BackupHealthEvent"), Some("backup-freshness"));
        assert_eq!(alarm_kind("Http5xx"), Some("errors"));
        assert_eq!(alarm_kind("Percentage CPU"), None);
    }
}
