//! One region's template as CloudFormation JSON (keys sorted, so the bytes are stable).

use serde_json::{Map, Value as Json, json};

use super::spec::{ActionParam, Value};
use super::{DURATION_PARAM, DURATIONS, ROLE_PARAM, STOP_PARAM, TOPIC_PARAM, Template, names};

/// The mapping from a fault duration to its seconds (for the SSM document's parameters).
const SECONDS_MAP: &str = "DrplanFaultSeconds";

fn value(v: &Value) -> Json {
    match v {
        Value::Param(p, _) | Value::HealthCheck(p) => json!({ "Ref": p }),
        Value::Literal(s) => json!(s),
    }
}

fn tags_list(t: &super::Tags) -> Json {
    Json::Array(
        t.pairs()
            .iter()
            .map(|(k, v)| json!({ "Key": k, "Value": v }))
            .collect(),
    )
}

fn tags_map(t: &super::Tags) -> Json {
    let mut m = Map::new();
    for (k, v) in t.pairs() {
        m.insert(k.to_string(), json!(v));
    }
    Json::Object(m)
}

fn param(description: &str, default: Option<&str>) -> Json {
    let mut p = Map::new();
    p.insert("Type".into(), json!("String"));
    p.insert("Description".into(), json!(names::clip(description, 4000)));
    if let Some(d) = default {
        p.insert("Default".into(), json!(d));
    }
    Json::Object(p)
}

/// The template's text.
pub fn render(t: &Template, architecture: &str) -> String {
    let mut params = Map::new();
    if !t.alarms.is_empty() {
        params.insert(
            TOPIC_PARAM.into(),
            param("The SNS topic the alarms notify (ARN)", None),
        );
    }
    if t.has_experiments() {
        params.insert(
            ROLE_PARAM.into(),
            param(
                "The IAM role AWS FIS assumes to run the experiments (ARN)",
                None,
            ),
        );
    }
    if t.uses_duration() {
        params.insert(
            DURATION_PARAM.into(),
            json!({
                "Type": "String",
                "Description": "How long each fault lasts (ISO 8601, 1 to 30 minutes)",
                "Default": DURATIONS[0].0,
                "AllowedValues": DURATIONS.iter().map(|(d, _)| *d).collect::<Vec<_>>(),
            }),
        );
    }
    if t.needs_stop_param() {
        params.insert(
            STOP_PARAM.into(),
            param(
                "An existing CloudWatch alarm (ARN) that stops the experiments that have no emitted alarm in this region",
                None,
            ),
        );
    }
    for (name, description) in &t.params {
        let p = if name == "AvailabilityZone" {
            json!({ "Type": "AWS::EC2::AvailabilityZone::Name", "Description": description })
        } else if name.ends_with("HealthCheckPath") {
            param(description, Some("/"))
        } else {
            param(description, None)
        };
        params.insert(name.clone(), p);
    }

    let mut resources = Map::new();
    for al in &t.alarms {
        let s = &al.spec;
        let mut props = Map::new();
        props.insert("AlarmName".into(), json!(al.name));
        props.insert("AlarmDescription".into(), json!(al.description));
        props.insert("Namespace".into(), json!(s.namespace));
        props.insert("MetricName".into(), json!(s.metric));
        props.insert("Statistic".into(), json!(s.statistic));
        if let Some(u) = s.unit {
            props.insert("Unit".into(), json!(u));
        }
        props.insert("Period".into(), json!(s.period));
        props.insert("EvaluationPeriods".into(), json!(s.evaluation_periods));
        props.insert("DatapointsToAlarm".into(), json!(s.datapoints));
        props.insert("Threshold".into(), json!(s.threshold));
        props.insert("ComparisonOperator".into(), json!(s.comparison));
        props.insert("TreatMissingData".into(), json!(s.treat_missing));
        props.insert(
            "Dimensions".into(),
            Json::Array(
                s.dimensions
                    .iter()
                    .map(|(n, v)| json!({ "Name": n, "Value": value(v) }))
                    .collect(),
            ),
        );
        props.insert("AlarmActions".into(), json!([{ "Ref": TOPIC_PARAM }]));
        props.insert("OKActions".into(), json!([{ "Ref": TOPIC_PARAM }]));
        props.insert("Tags".into(), tags_list(&al.tags));
        resources.insert(
            al.logical.clone(),
            json!({ "Type": "AWS::CloudWatch::Alarm", "Properties": props }),
        );
        if let Some(hc) = &al.health_check {
            resources.insert(
                hc.logical.clone(),
                json!({
                    "Type": "AWS::Route53::HealthCheck",
                    "Properties": {
                        "HealthCheckConfig": {
                            "Type": "HTTPS",
                            "FullyQualifiedDomainName": { "Ref": hc.domain_param },
                            "Port": 443,
                            "ResourcePath": { "Ref": hc.path_param },
                            "RequestInterval": 30,
                            "FailureThreshold": 3,
                        },
                        "HealthCheckTags": tags_list(&al.tags),
                    },
                }),
            );
        }
    }
    for ex in &t.experiments {
        let stop: Vec<Json> = if ex.stop.is_empty() {
            vec![json!({ "Source": "aws:cloudwatch:alarm", "Value": { "Ref": STOP_PARAM } })]
        } else {
            ex.stop
                .iter()
                .map(|a| json!({ "Source": "aws:cloudwatch:alarm", "Value": { "Fn::GetAtt": [a, "Arn"] } }))
                .collect()
        };
        let mut targets = Map::new();
        for target in &ex.spec.targets {
            let mut tg = Map::new();
            tg.insert("ResourceType".into(), json!(target.resource_type));
            tg.insert("SelectionMode".into(), json!(target.selection));
            tg.insert(
                "ResourceTags".into(),
                json!({ super::TAG_COMPONENT: target_tag(target, &ex.tags) }),
            );
            if let Some((path, v)) = &target.filter {
                tg.insert(
                    "Filters".into(),
                    json!([{ "Path": path, "Values": [value(v)] }]),
                );
            }
            targets.insert(target.name.to_string(), Json::Object(tg));
        }
        let mut actions = Map::new();
        for a in &ex.spec.actions {
            let mut ps = Map::new();
            for (k, p) in &a.parameters {
                ps.insert(k.to_string(), action_param(p));
            }
            let mut act = Map::new();
            act.insert("ActionId".into(), json!(a.action_id));
            act.insert(
                "Description".into(),
                json!(names::clip(&a.description, 500)),
            );
            if !ps.is_empty() {
                act.insert("Parameters".into(), Json::Object(ps));
            }
            act.insert("Targets".into(), json!({ a.target.0: a.target.1 }));
            actions.insert(a.name.to_string(), Json::Object(act));
        }
        resources.insert(
            ex.logical.clone(),
            json!({
                "Type": "AWS::FIS::ExperimentTemplate",
                "Properties": {
                    "Description": ex.description,
                    "RoleArn": { "Ref": ROLE_PARAM },
                    "StopConditions": stop,
                    "Targets": targets,
                    "Actions": actions,
                    "Tags": tags_map(&ex.tags),
                },
            }),
        );
    }

    let mut doc = Map::new();
    doc.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    doc.insert(
        "Description".into(),
        json!(names::clip(
            &format!(
                "drplan operational artifacts for {architecture} in {}: alarms and fault-injection experiments (generated by drplan ops; re-run it rather than editing)",
                t.region_words()
            ),
            1000
        )),
    );
    if !params.is_empty() {
        doc.insert("Parameters".into(), Json::Object(params));
    }
    if t.uses_latency() {
        let mut m = Map::new();
        for (d, s) in DURATIONS {
            m.insert(d.into(), json!({ "Seconds": s.to_string() }));
        }
        doc.insert("Mappings".into(), json!({ SECONDS_MAP: m }));
    }
    doc.insert("Resources".into(), Json::Object(resources));
    let mut text = serde_json::to_string_pretty(&Json::Object(doc)).expect("JSON serializes");
    text.push('\n');
    text
}

/// The value of the `drplan:component` tag that finds a target's resources.
pub fn target_tag(target: &super::spec::TargetSpec, tags: &super::Tags) -> String {
    match &target.tag {
        Some(id) => names::tag_value(id),
        None => tags.component.clone(),
    }
}

fn action_param(p: &ActionParam) -> Json {
    match p {
        ActionParam::Literal(s) => json!(s),
        ActionParam::Duration => json!({ "Ref": DURATION_PARAM }),
        ActionParam::Document(name) => json!({
            "Fn::Sub": format!("arn:${{AWS::Partition}}:ssm:${{AWS::Region}}::document/{name}")
        }),
        ActionParam::LatencyDocument { delay_ms } => json!({
            "Fn::Sub": [
                format!(
                    "{{\"DurationSeconds\":\"${{Seconds}}\",\"DelayMilliseconds\":\"{delay_ms}\",\"InstallDependencies\":\"True\"}}"
                ),
                { "Seconds": { "Fn::FindInMap": [SECONDS_MAP, { "Ref": DURATION_PARAM }, "Seconds"] } }
            ]
        }),
    }
}
