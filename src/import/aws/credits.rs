//! What watches and tests components: CloudWatch alarms, Route 53 health checks, Synthetics
//! canaries and FIS experiment templates, whether `drplan ops` wrote them or a team did. Each
//! is credited to the component it watches or tests: by the tags `drplan ops` writes
//! (`drplan:component`, `drplan:item`), else by what it names (an alarm's dimensions, a
//! canary's or a health check's endpoint, an experiment's targets by ARN or by tag).

use std::collections::{BTreeMap, BTreeSet};

use crate::import::resource::Value;

use super::lookup::is;
use super::row::Is;
use crate::import::draft::{Credit, Watched};
use crate::import::resource::Resource;
use crate::input::field::Field;

/// The tag `drplan ops` puts on what it emits: the component's id.
const COMPONENT_TAG: &str = "drplan:component";
/// The tag with the item's key (`alarm:health:web`, `experiment:az-loss:web`).
const ITEM_TAG: &str = "drplan:item";

/// Every credit the resources give.
pub fn credits(resources: &[Resource]) -> Vec<Credit> {
    let mut tagged: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, r) in resources.iter().enumerate() {
        for (k, v) in r.tags.iter() {
            tagged.entry((k, v)).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (i, r) in resources.iter().enumerate() {
        let (field, kinds, what) = match is(r) {
            Is::Alarm => {
                let metric = r.str("metric_name").unwrap_or("");
                let kinds: Vec<&str> = alarm_kind(metric).into_iter().collect();
                (
                    Field::ObservabilityAlarms,
                    kinds,
                    format!("CloudWatch alarm on {metric}"),
                )
            }
            Is::HealthCheck => (
                Field::ObservabilityAlarms,
                vec!["health"],
                "Route 53 health check".to_string(),
            ),
            Is::Canary => (
                Field::ObservabilityAlarms,
                vec!["health"],
                "Synthetics canary".to_string(),
            ),
            Is::ExperimentTemplate => {
                let actions = action_ids(r);
                let kinds = experiment_kinds(&actions).into_iter().collect();
                let what = format!("FIS experiment template ({})", actions.join(", "));
                (Field::ObservabilityExperiments, kinds, what)
            }
            _ => continue,
        };
        let tags = tags(r);
        let item_kind = tags
            .get(ITEM_TAG)
            .and_then(|item| item.split(':').nth(1))
            .map(str::to_string);
        let kinds: Vec<String> = match item_kind {
            Some(k) => vec![k],
            None => kinds.into_iter().map(str::to_string).collect(),
        };
        if kinds.is_empty() {
            continue;
        }
        let why = format!("{}: {what}", r.origin.address);
        let watched: Vec<Watched> = match tags.get(COMPONENT_TAG) {
            Some(id) => vec![Watched::Component(id.clone())],
            None => watched(i, r, resources, &tagged)
                .into_iter()
                .map(Watched::Resource)
                .collect(),
        };
        out.extend(Credit::each(&watched, &field, &kinds, &why));
    }
    out
}

/// Its tags, with a health check's own (`HealthCheckTags`).
fn tags(r: &Resource) -> BTreeMap<String, String> {
    let mut tags: BTreeMap<String, String> = r
        .tags
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    for t in r.list("health_check_tags") {
        if let (Some(k), Some(v)) = (
            t.get("key").and_then(Value::as_str),
            t.get("value").and_then(Value::as_str),
        ) {
            tags.insert(k.to_string(), v.to_string());
        }
    }
    tags
}

/// The resources a watcher names: an alarm through its dimensions, a health check itself (it
/// belongs to the record that uses it), a canary what its
/// environment names, an experiment its targets (by ARN, or every resource with the tags it
/// selects).
fn watched(
    i: usize,
    r: &Resource,
    resources: &[Resource],
    tagged: &BTreeMap<(&str, &str), Vec<usize>>,
) -> Vec<usize> {
    let mut out: Vec<usize> = match is(r) {
        Is::Alarm => r.links_at("dimensions").collect(),
        Is::HealthCheck => vec![i],
        Is::ExperimentTemplate => {
            let mut found: Vec<usize> = ["target", "targets"]
                .iter()
                .flat_map(|a| r.links_at(a))
                .collect();
            for (k, v) in target_tags(r) {
                found.extend(tagged.get(&(k, v)).into_iter().flatten());
            }
            found
        }
        // A canary's endpoint is in its environment (its script is not read).
        _ => r.links_at("run_config").collect(),
    };
    out.retain(|&t| t == i || !matches!(is(&resources[t]), Is::Alarm | Is::ExperimentTemplate));
    out.sort_unstable();
    out.dedup();
    out
}

/// The tags an experiment's targets select: Terraform's `target[].resource_tag[]` and
/// CloudFormation's `Targets.<name>.ResourceTags`.
fn target_tags(r: &Resource) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    for t in r.list("target") {
        for tag in t
            .get("resource_tag")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let (Some(k), Some(v)) = (
                tag.get("key").and_then(Value::as_str),
                tag.get("value").and_then(Value::as_str),
            ) {
                out.push((k, v));
            }
        }
    }
    if let Some(Value::Object(targets)) = r.get("targets") {
        for t in targets.values() {
            if let Some(Value::Object(tags)) = t.get("resource_tags") {
                out.extend(tags.iter().filter_map(|(k, v)| Some((k, v.as_str()?))));
            }
        }
    }
    out
}

/// An experiment's action ids, sorted: Terraform's `action[].action_id` and
/// CloudFormation's `Actions.<name>.ActionId`.
fn action_ids(r: &Resource) -> Vec<String> {
    let mut out: BTreeSet<String> = r
        .list("action")
        .iter()
        .filter_map(|a| a.get("action_id")?.as_str().map(str::to_string))
        .collect();
    if let Some(Value::Object(actions)) = r.get("actions") {
        out.extend(
            actions
                .values()
                .filter_map(|a| a.get("action_id")?.as_str().map(str::to_string)),
        );
    }
    out.into_iter().collect()
}

/// The alarm a CloudWatch metric makes (docs/operations.md lists them).
fn alarm_kind(metric: &str) -> Option<&'static str> {
    Some(match metric {
        "ReplicaLag"
        | "AuroraReplicaLag"
        | "AuroraGlobalDBReplicationLag"
        | "ReplicationLatency" => "replication-lag",
        "NumberOfBackupJobsFailed" | "NumberOfBackupJobsAborted" | "NumberOfBackupJobsExpired" => {
            "backup-freshness"
        }
        "HealthyHostCount" | "UnHealthyHostCount" | "HealthCheckStatus" | "SuccessPercent" => {
            "health"
        }
        "Errors" | "5XXError" | "HTTPCode_Target_5XX_Count" | "HTTPCode_ELB_5XX_Count" => "errors",
        _ => return None,
    })
}

/// The experiments a template's actions make (docs/operations.md lists them).
fn experiment_kinds(actions: &[String]) -> BTreeSet<&'static str> {
    actions
        .iter()
        .filter_map(|a| {
            Some(match a.as_str() {
                "aws:ec2:terminate-instances"
                | "aws:ec2:stop-instances"
                | "aws:ec2:reboot-instances"
                | "aws:rds:reboot-db-instances"
                | "aws:rds:failover-db-cluster"
                | "aws:ecs:stop-task"
                | "aws:eks:terminate-nodegroup-instances" => "instance-loss",
                "aws:network:disrupt-connectivity"
                | "aws:elasticache:interrupt-cluster-az-power"
                | "aws:arc:start-zonal-autoshift" => "az-loss",
                "aws:network:route-table-disrupt-cross-region-connectivity"
                | "aws:network:transit-gateway-disrupt-cross-region-connectivity"
                | "aws:dynamodb:global-table-pause-replication"
                | "aws:s3:bucket-pause-replication" => "region-failover",
                "aws:ssm:send-command" | "aws:lambda:invocation-add-delay" => "latency-injection",
                _ => return None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_and_actions_name_their_kinds() {
        assert_eq!(
            alarm_kind("AuroraGlobalDBReplicationLag"),
            Some("replication-lag")
        );
        assert_eq!(alarm_kind("HealthyHostCount"), Some("health"));
        assert_eq!(alarm_kind("CPUUtilization"), None);
        let kinds = experiment_kinds(&[
            "aws:rds:failover-db-cluster".into(),
            "aws:s3:bucket-pause-replication".into(),
            "aws:fis:wait".into(),
        ]);
        assert_eq!(
            kinds.into_iter().collect::<Vec<_>>(),
            ["instance-loss", "region-failover"]
        );
    }
}
