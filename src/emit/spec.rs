//! What to emit for each operational item, neutral of the template format: CloudWatch alarms
//! chosen by the component's service, Route 53 health checks, AWS FIS experiment templates,
//! and the items no documented metric or FIS action covers (a manual procedure instead).
//! docs/operations.md has the tables this code implements.

use std::time::Duration;

use crate::duration::{Human, secs};
use crate::model::{Cloud, Component, Disruption, Kind};

/// The AWS service a component runs on, as far as its `service` hint (or the importer's)
/// says; `Compute` is a compute component that names none (servers or containers reached
/// through a load balancer, targeted by tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Rds,
    Aurora,
    DynamoDb,
    S3,
    Alb,
    Nlb,
    Clb,
    Lambda,
    ApiGateway,
    Ecs,
    Ec2,
    Eks,
    Compute,
    Other,
}

impl Service {
    pub fn of(c: &Component) -> Service {
        let Some(s) = c.service.as_deref() else {
            return if c.kind == Kind::Compute {
                Service::Compute
            } else {
                Service::Other
            };
        };
        let s = s.to_ascii_lowercase();
        let head = |p: &str| s == p || s.starts_with(&format!("{p}:"));
        if head("aws:aurora") || head("aws:rds-cluster") {
            Service::Aurora
        } else if head("aws:rds") {
            Service::Rds
        } else if head("aws:dynamodb") {
            Service::DynamoDb
        } else if head("aws:s3") {
            Service::S3
        } else if head("aws:elbv2:network") {
            Service::Nlb
        } else if head("aws:elbv2") || head("aws:elasticloadbalancing") || head("aws:alb") {
            Service::Alb
        } else if head("aws:elb") {
            Service::Clb
        } else if head("aws:lambda") {
            Service::Lambda
        } else if head("aws:apigateway") {
            Service::ApiGateway
        } else if head("aws:ecs") {
            Service::Ecs
        } else if s == "aws:ec2" || head("aws:ec2:autoscaling") || head("aws:ec2:instance") {
            Service::Ec2
        } else if head("aws:eks") {
            Service::Eks
        } else if c.kind == Kind::Compute && !s.starts_with("aws:") {
            Service::Compute
        } else {
            Service::Other
        }
    }

    /// Servers or containers FIS reaches as EC2 instances found by tag.
    fn instances(self) -> bool {
        matches!(self, Service::Ec2 | Service::Compute)
    }
}

/// A value in a template: a parameter the user sets, a literal, or a reference to a health
/// check emitted beside it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A parameter of the template: its logical name and what to set it to.
    Param(String, String),
    Literal(String),
    /// The id of the health check of that logical name.
    HealthCheck(String),
}

/// A parameter the template declares.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub logical: String,
    pub description: String,
}

/// One CloudWatch alarm.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmSpec {
    pub namespace: &'static str,
    pub metric: &'static str,
    pub statistic: &'static str,
    pub unit: Option<&'static str>,
    pub period: u64,
    pub evaluation_periods: u64,
    pub datapoints: u64,
    pub threshold: u64,
    pub comparison: &'static str,
    pub treat_missing: &'static str,
    pub dimensions: Vec<(&'static str, Value)>,
    /// Why the threshold is what it is, with its arithmetic.
    pub arithmetic: String,
    /// Where the metric is published, when that is not the component's region.
    pub region: Option<String>,
    /// A Route 53 health check to emit beside it (its alarm watches `HealthCheckStatus`).
    pub health_check: bool,
}

/// One FIS target: resources found by the component's tag.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetSpec {
    pub name: &'static str,
    pub resource_type: &'static str,
    pub selection: &'static str,
    /// `(path, value)`: only the resources whose path has that value (a zone).
    pub filter: Option<(&'static str, Value)>,
    /// The component whose tag finds the resources, when not the experiment's own (the
    /// callee of an edge).
    pub tag: Option<String>,
}

/// A parameter of a FIS action.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionParam {
    Literal(String),
    /// The fault duration parameter, as ISO 8601 (`PT10M`).
    Duration,
    /// The JSON document parameters of `AWSFIS-Run-Network-Latency`, with this delay.
    LatencyDocument {
        delay_ms: u64,
    },
    /// The ARN of an AWS-owned SSM document in the template's region.
    Document(&'static str),
}

/// One FIS action.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionSpec {
    pub name: &'static str,
    pub action_id: &'static str,
    pub description: String,
    pub parameters: Vec<(&'static str, ActionParam)>,
    /// `(target key of the action, target name)`.
    pub target: (&'static str, &'static str),
}

/// One FIS experiment template.
#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentSpec {
    pub targets: Vec<TargetSpec>,
    pub actions: Vec<ActionSpec>,
    /// What passing means: the RTO target the recovery is judged against.
    pub judge: String,
    /// It needs the zone parameter.
    pub zone: bool,
}

/// What an item becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum Artifact {
    Alarm(AlarmSpec),
    Experiment(ExperimentSpec),
    /// No documented metric or FIS action covers it: a procedure to follow by hand.
    Manual {
        reason: String,
        steps: Vec<String>,
    },
}

/// A replication-lag metric: where it is, its unit (milliseconds or seconds), its dimensions
/// and the region that publishes it, when not the component's.
struct LagMetric {
    namespace: &'static str,
    metric: &'static str,
    millis: bool,
    dims: Vec<(&'static str, Value)>,
    region: Option<String>,
}

/// The threshold of a lag alarm in the metric's unit: seconds or milliseconds.
fn lag(threshold: Duration, millis: bool) -> (u64, &'static str, String) {
    let s = secs(threshold);
    if millis {
        (s * 1000, "Milliseconds", format!("{s} s = {} ms", s * 1000))
    } else {
        (s, "Seconds", format!("{s} s"))
    }
}

/// The alarm for a replication-lag recommendation: the metric each engine publishes, in its
/// unit, at half the RPO target (`threshold`, which `ops` computed).
pub fn replication_lag(
    c: &Component,
    part: &str,
    threshold: Option<Duration>,
    rpo_note: &str,
    secondary: Option<&str>,
) -> Artifact {
    let svc = Service::of(c);
    let Some(t) = threshold else {
        return manual_alarm(
            "no RPO target applies to its copies, so drplan has no threshold to set",
            "the replica-lag metric of its engine",
        );
    };
    let cross = c.replication.is_some();
    let param = |name: &str, what: &str| {
        Value::Param(format!("{part}{name}"), format!("{what} of {}", c.id))
    };
    let metric = |namespace, metric, millis, dims, region| {
        Some(LagMetric {
            namespace,
            metric,
            millis,
            dims,
            region,
        })
    };
    let in_secondary = || secondary.map(str::to_string);
    let chosen = match (svc, cross) {
        (Service::Aurora, true) => metric(
            "AWS/RDS",
            "AuroraGlobalDBReplicationLag",
            true,
            vec![(
                "DBClusterIdentifier",
                param(
                    "SecondaryClusterIdentifier",
                    "The secondary cluster (global database)",
                ),
            )],
            in_secondary(),
        ),
        (Service::Aurora, false) => metric(
            "AWS/RDS",
            "AuroraReplicaLag",
            true,
            vec![(
                "DBInstanceIdentifier",
                param("ReplicaInstanceIdentifier", "An Aurora replica instance"),
            )],
            None,
        ),
        (Service::Rds, true) => metric(
            "AWS/RDS",
            "ReplicaLag",
            false,
            vec![(
                "DBInstanceIdentifier",
                param("ReplicaInstanceIdentifier", "The cross-region read replica"),
            )],
            in_secondary(),
        ),
        (Service::Rds, false) => metric(
            "AWS/RDS",
            "ReplicaLag",
            false,
            vec![(
                "DBInstanceIdentifier",
                param("ReplicaInstanceIdentifier", "The read replica"),
            )],
            None,
        ),
        (Service::DynamoDb, true) => metric(
            "AWS/DynamoDB",
            "ReplicationLatency",
            true,
            vec![
                ("TableName", param("TableName", "The global table")),
                (
                    "ReceivingRegion",
                    match secondary {
                        Some(r) => Value::Literal(r.to_string()),
                        None => param("ReceivingRegion", "The replica's region"),
                    },
                ),
            ],
            None,
        ),
        (Service::S3, true) => metric(
            "AWS/S3",
            "ReplicationLatency",
            false,
            vec![
                ("SourceBucket", param("SourceBucket", "The bucket")),
                (
                    "DestinationBucket",
                    param("DestinationBucket", "The replica bucket"),
                ),
                ("RuleId", param("ReplicationRuleId", "The replication rule")),
            ],
            None,
        ),
        _ => None,
    };
    let Some(LagMetric {
        namespace,
        metric,
        millis,
        dims,
        region,
    }) = chosen
    else {
        return manual_alarm(
            "drplan knows no replication-lag metric for its service (set `service`, e.g. aws:rds:postgres, aws:aurora:postgresql, aws:dynamodb, aws:s3)",
            "the replica-lag metric of its engine",
        );
    };
    let (value, unit, shown) = lag(t, millis);
    Artifact::Alarm(AlarmSpec {
        namespace,
        metric,
        statistic: "Maximum",
        unit: Some(unit),
        period: 60,
        evaluation_periods: 3,
        datapoints: 3,
        threshold: value,
        comparison: "GreaterThanThreshold",
        treat_missing: "missing",
        arithmetic: format!(
            "threshold {shown} = half the {rpo_note}; fires after 3 minutes above it"
        ),
        dimensions: dims,
        region,
        health_check: false,
    })
}

/// The backup-freshness alarm: failed AWS Backup jobs of the vault within a window as long as
/// the RPO target the backups serve.
pub fn backup_freshness(
    c: &Component,
    threshold: Option<Duration>,
    part: &str,
    rpo_note: &str,
) -> Artifact {
    let Some(t) = threshold else {
        return manual_alarm(
            "no RPO target applies to its backups, so drplan has no window to set",
            "failed AWS Backup jobs, or `drplan verify` on a schedule",
        );
    };
    let window = secs(t).div_ceil(60).max(1) * 60;
    // CloudWatch: a period is a multiple of 60 s; periods under an hour may span one day in
    // all, longer ones seven days.
    let (period, n, note) = if window <= 3600 {
        (window, 1, String::new())
    } else {
        let n = window.div_ceil(3600);
        if n > 168 {
            (
                3600,
                168,
                " (CloudWatch evaluates at most 7 days: the window is cut to 7 days)".to_string(),
            )
        } else {
            (3600, n, format!(" ({n} periods of 1 h)"))
        }
    };
    Artifact::Alarm(AlarmSpec {
        namespace: "AWS/Backup",
        metric: "NumberOfBackupJobsFailed",
        statistic: "Sum",
        unit: Some("Count"),
        period,
        evaluation_periods: n,
        datapoints: 1,
        threshold: 0,
        comparison: "GreaterThanThreshold",
        treat_missing: "notBreaching",
        arithmetic: format!(
            "window {} = the {rpo_note}{note}: any failed backup job of the vault within it fires",
            Human(Duration::from_secs(window))
        ),
        dimensions: vec![(
            "BackupVaultName",
            Value::Param(
                format!("{part}BackupVaultName"),
                format!("The AWS Backup vault that keeps {}'s recovery points", c.id),
            ),
        )],
        region: None,
        health_check: false,
    })
}

/// The health alarm of an entry point: healthy hosts behind its load balancer, else a Route 53
/// health check (whose metrics CloudWatch keeps in us-east-1).
pub fn health(c: &Component, part: &str, detection: Duration) -> Artifact {
    let within = format!(
        "3 failed 1-minute checks (3 min) fire it, within the {} detection drplan assumes",
        Human(detection)
    );
    let lb = |namespace| {
        Artifact::Alarm(AlarmSpec {
            namespace,
            metric: "HealthyHostCount",
            statistic: "Minimum",
            unit: Some("Count"),
            period: 60,
            evaluation_periods: 3,
            datapoints: 3,
            threshold: 1,
            comparison: "LessThanThreshold",
            treat_missing: "breaching",
            arithmetic: format!("fewer than 1 healthy target; {within}"),
            dimensions: vec![
                (
                    "LoadBalancer",
                    Value::Param(
                        format!("{part}LoadBalancer"),
                        format!("The load balancer of {} (app/NAME/ID or net/NAME/ID)", c.id),
                    ),
                ),
                (
                    "TargetGroup",
                    Value::Param(
                        format!("{part}TargetGroup"),
                        format!("The target group of {} (targetgroup/NAME/ID)", c.id),
                    ),
                ),
            ],
            region: None,
            health_check: false,
        })
    };
    match Service::of(c) {
        Service::Alb => lb("AWS/ApplicationELB"),
        Service::Nlb => lb("AWS/NetworkELB"),
        Service::Clb => Artifact::Alarm(AlarmSpec {
            namespace: "AWS/ELB",
            metric: "HealthyHostCount",
            statistic: "Minimum",
            unit: Some("Count"),
            period: 60,
            evaluation_periods: 3,
            datapoints: 3,
            threshold: 1,
            comparison: "LessThanThreshold",
            treat_missing: "breaching",
            arithmetic: format!("fewer than 1 healthy instance; {within}"),
            dimensions: vec![(
                "LoadBalancerName",
                Value::Param(
                    format!("{part}LoadBalancerName"),
                    format!("The Classic Load Balancer of {}", c.id),
                ),
            )],
            region: None,
            health_check: false,
        }),
        _ => Artifact::Alarm(AlarmSpec {
            namespace: "AWS/Route53",
            metric: "HealthCheckStatus",
            statistic: "Minimum",
            unit: None,
            period: 60,
            evaluation_periods: 3,
            datapoints: 3,
            threshold: 1,
            comparison: "LessThanThreshold",
            treat_missing: "breaching",
            arithmetic: format!("the Route 53 health check reports unhealthy (0); {within}"),
            dimensions: vec![(
                "HealthCheckId",
                Value::HealthCheck(format!("{part}HealthCheck")),
            )],
            region: Some("us-east-1".to_string()),
            health_check: true,
        }),
    }
}

/// The errors alarm of a caller of sync edges: the errors it answers with (its load balancer's
/// 5xx, its API's 5xx, its function's errors), one alarm per caller naming its callees.
pub fn errors(c: &Component, part: &str, callees: &str) -> Artifact {
    let alarm = |namespace, metric, dims: Vec<(&'static str, Value)>, what: &str| {
        Artifact::Alarm(AlarmSpec {
            namespace,
            metric,
            statistic: "Sum",
            unit: Some("Count"),
            period: 60,
            evaluation_periods: 3,
            datapoints: 3,
            threshold: 0,
            comparison: "GreaterThanThreshold",
            treat_missing: "notBreaching",
            arithmetic: format!(
                "{what} in each of 3 consecutive minutes (drplan sets no error-rate figure): its sync calls to {callees} are failing"
            ),
            dimensions: dims,
            region: None,
            health_check: false,
        })
    };
    let p = |name: &str| {
        let what = match name {
            "FunctionName" => "The name of the Lambda function of",
            "ApiName" => "The name of the API Gateway API of",
            "LoadBalancer" => "The load balancer in front of",
            _ => "The target group serving",
        };
        let shape = match name {
            "LoadBalancer" => " (app/NAME/ID)",
            "TargetGroup" => " (targetgroup/NAME/ID)",
            _ => "",
        };
        Value::Param(format!("{part}{name}"), format!("{what} {}{shape}", c.id))
    };
    match Service::of(c) {
        Service::Lambda => alarm(
            "AWS/Lambda",
            "Errors",
            vec![("FunctionName", p("FunctionName"))],
            "function errors",
        ),
        Service::ApiGateway => alarm(
            "AWS/ApiGateway",
            "5XXError",
            vec![("ApiName", p("ApiName"))],
            "5xx answers",
        ),
        Service::Alb => alarm(
            "AWS/ApplicationELB",
            "HTTPCode_Target_5XX_Count",
            vec![("LoadBalancer", p("LoadBalancer"))],
            "5xx answers from its targets",
        ),
        Service::Ec2 | Service::Ecs | Service::Eks | Service::Compute => alarm(
            "AWS/ApplicationELB",
            "HTTPCode_Target_5XX_Count",
            vec![
                ("LoadBalancer", p("LoadBalancer")),
                ("TargetGroup", p("TargetGroup")),
            ],
            "5xx answers from its target group",
        ),
        _ => manual_alarm(
            "drplan knows no error metric for its service",
            "the error count of its calls to its sync dependencies",
        ),
    }
}

/// Why drplan emits no template for a component of another cloud than AWS: `drplan ops` emits
/// CloudWatch alarms and FIS experiments only, for now.
fn beyond_aws(c: &Component, cloud: Cloud) -> String {
    format!(
        "{} runs on {} ({}): drplan ops emits AWS templates (CloudWatch alarms, FIS experiments) only, for now",
        c.id,
        cloud.name(),
        c.service.as_deref().unwrap_or_default()
    )
}

/// The alarm of a component of another cloud, made by hand in that cloud's monitoring.
pub fn alarm_beyond_aws(c: &Component, cloud: Cloud, what: &str) -> Artifact {
    Artifact::Manual {
        reason: beyond_aws(c, cloud),
        steps: vec![
            format!(
                "Create an alert in {} on {what} of {}.",
                cloud.monitoring(),
                c.id
            ),
            "Route it to the on-call channel the emitted alarms use.".to_string(),
            "Add the alarm's kind to `observability.alarms` in the architecture file.".to_string(),
        ],
    }
}

/// The game day of a component of another cloud, run by hand.
pub fn game_day_beyond_aws(c: &Component, cloud: Cloud, d: Disruption, judge: &str) -> Artifact {
    manual_game_day(c, &beyond_aws(c, cloud), d, judge)
}

fn manual_alarm(reason: &str, metric: &str) -> Artifact {
    Artifact::Manual {
        reason: reason.to_string(),
        steps: vec![
            format!("Create a CloudWatch alarm on {metric}."),
            "Send it to the SNS topic the emitted alarms use.".to_string(),
            "Add the alarm's kind to `observability.alarms` in the architecture file.".to_string(),
        ],
    }
}

/// The experiment for instance loss: terminate or stop what runs it.
pub fn instance_loss(c: &Component, judge: String) -> Artifact {
    let svc = Service::of(c);
    let tagged = |name, resource_type, selection| TargetSpec {
        name,
        resource_type,
        selection,
        filter: None,
        tag: None,
    };
    let (target, action) = match svc {
        s if s.instances() => (
            tagged("Instances", "aws:ec2:instance", "COUNT(1)"),
            ActionSpec {
                name: "TerminateOneInstance",
                action_id: "aws:ec2:terminate-instances",
                description: format!("Terminate one instance of {}", c.id),
                parameters: vec![],
                target: ("Instances", "Instances"),
            },
        ),
        Service::Rds => (
            tagged("DBInstances", "aws:rds:db", "ALL"),
            ActionSpec {
                name: "RebootWithFailover",
                action_id: "aws:rds:reboot-db-instances",
                description: format!("Reboot {} with failover to its standby", c.id),
                parameters: vec![(
                    "forceFailover",
                    ActionParam::Literal(
                        if c.deployment.instances >= 2 {
                            "true"
                        } else {
                            "false"
                        }
                        .into(),
                    ),
                )],
                target: ("DBInstances", "DBInstances"),
            },
        ),
        Service::Aurora => (
            tagged("Clusters", "aws:rds:cluster", "ALL"),
            ActionSpec {
                name: "FailoverCluster",
                action_id: "aws:rds:failover-db-cluster",
                description: format!("Fail {} over to a replica", c.id),
                parameters: vec![],
                target: ("Clusters", "Clusters"),
            },
        ),
        Service::Ecs => (
            tagged("Tasks", "aws:ecs:task", "COUNT(1)"),
            ActionSpec {
                name: "StopOneTask",
                action_id: "aws:ecs:stop-task",
                description: format!("Stop one task of {}", c.id),
                parameters: vec![],
                target: ("Tasks", "Tasks"),
            },
        ),
        Service::Eks => (
            tagged("Nodegroups", "aws:eks:nodegroup", "ALL"),
            ActionSpec {
                name: "TerminateNodes",
                action_id: "aws:eks:terminate-nodegroup-instances",
                description: format!("Terminate a quarter of the nodes of {}", c.id),
                parameters: vec![(
                    "instanceTerminationPercentage",
                    ActionParam::Literal("25".into()),
                )],
                target: ("Nodegroups", "Nodegroups"),
            },
        ),
        _ => {
            return manual_game_day(
                c,
                "FIS has no action that removes one of its instances",
                Disruption::Hardware,
                &judge,
            );
        }
    };
    Artifact::Experiment(ExperimentSpec {
        targets: vec![target],
        actions: vec![action],
        judge,
        zone: false,
    })
}

/// The experiment for the loss of a zone: the actions of FIS's "AZ Availability: Power
/// Interruption" scenario that apply to the component, in the zone given as a parameter.
pub fn az_loss(c: &Component, judge: String) -> Artifact {
    let zone = |path| {
        Some((
            path,
            Value::Param(
                "AvailabilityZone".to_string(),
                "The availability zone to lose (e.g. us-east-1a)".to_string(),
            ),
        ))
    };
    let subnets = TargetSpec {
        name: "Subnets",
        resource_type: "aws:ec2:subnet",
        selection: "ALL",
        filter: zone("AvailabilityZone"),
        tag: None,
    };
    let disrupt = ActionSpec {
        name: "DisruptZoneSubnets",
        action_id: "aws:network:disrupt-connectivity",
        description: format!("Cut the network of {}'s subnets in the zone", c.id),
        parameters: vec![
            ("duration", ActionParam::Duration),
            ("scope", ActionParam::Literal("all".into())),
        ],
        target: ("Subnets", "Subnets"),
    };
    let spec = match Service::of(c) {
        s if s.instances() => ExperimentSpec {
            targets: vec![
                TargetSpec {
                    name: "Instances",
                    resource_type: "aws:ec2:instance",
                    selection: "ALL",
                    filter: zone("Placement.AvailabilityZone"),
                    tag: None,
                },
                subnets,
            ],
            actions: vec![
                ActionSpec {
                    name: "StopZoneInstances",
                    action_id: "aws:ec2:stop-instances",
                    description: format!("Stop {}'s instances in the zone", c.id),
                    parameters: vec![("startInstancesAfterDuration", ActionParam::Duration)],
                    target: ("Instances", "Instances"),
                },
                disrupt,
            ],
            judge,
            zone: true,
        },
        Service::Ecs | Service::Eks => ExperimentSpec {
            targets: vec![subnets],
            actions: vec![disrupt],
            judge,
            zone: true,
        },
        Service::Rds => ExperimentSpec {
            targets: vec![TargetSpec {
                name: "DBInstances",
                resource_type: "aws:rds:db",
                selection: "ALL",
                filter: None,
                tag: None,
            }],
            actions: vec![ActionSpec {
                name: "RebootWithFailover",
                action_id: "aws:rds:reboot-db-instances",
                description: format!("Reboot {} with failover to the other zone", c.id),
                parameters: vec![("forceFailover", ActionParam::Literal("true".into()))],
                target: ("DBInstances", "DBInstances"),
            }],
            judge,
            zone: false,
        },
        Service::Aurora => ExperimentSpec {
            targets: vec![TargetSpec {
                name: "Clusters",
                resource_type: "aws:rds:cluster",
                selection: "ALL",
                filter: None,
                tag: None,
            }],
            actions: vec![ActionSpec {
                name: "FailoverCluster",
                action_id: "aws:rds:failover-db-cluster",
                description: format!("Fail {} over to a replica in another zone", c.id),
                parameters: vec![],
                target: ("Clusters", "Clusters"),
            }],
            judge,
            zone: false,
        },
        _ => {
            return manual_game_day(
                c,
                "FIS has no zonal action for its service",
                Disruption::Az,
                &judge,
            );
        }
    };
    Artifact::Experiment(spec)
}

/// The region failover drill: pause the replication to the secondary region, or cut the
/// component's subnets off from it.
pub fn region_failover(c: &Component, secondary: Option<&str>, judge: String) -> Artifact {
    let Some(region) = secondary else {
        return manual_game_day(
            c,
            "the architecture names no secondary region to fail over to",
            Disruption::Region,
            &judge,
        );
    };
    let tagged = |name, resource_type| TargetSpec {
        name,
        resource_type,
        selection: "ALL",
        filter: None,
        tag: None,
    };
    let spec = match Service::of(c) {
        Service::DynamoDb => ExperimentSpec {
            targets: vec![tagged("Tables", "aws:dynamodb:global-table")],
            actions: vec![ActionSpec {
                name: "PauseReplication",
                action_id: "aws:dynamodb:global-table-pause-replication",
                description: format!("Pause the replication of {} to its replicas", c.id),
                parameters: vec![("duration", ActionParam::Duration)],
                target: ("Tables", "Tables"),
            }],
            judge,
            zone: false,
        },
        Service::S3 => ExperimentSpec {
            targets: vec![tagged("Buckets", "aws:s3:bucket")],
            actions: vec![ActionSpec {
                name: "PauseReplication",
                action_id: "aws:s3:bucket-pause-replication",
                description: format!("Pause the replication of {} to {region}", c.id),
                parameters: vec![
                    ("duration", ActionParam::Duration),
                    ("region", ActionParam::Literal(region.to_string())),
                ],
                target: ("Buckets", "Buckets"),
            }],
            judge,
            zone: false,
        },
        s if !(s.instances()
            || matches!(
                s,
                Service::Ecs | Service::Eks | Service::Rds | Service::Aurora
            )
            || (s == Service::Other && c.kind == Kind::Database)) =>
        {
            return manual_game_day(
                c,
                "FIS has no cross-region action for its service (its subnets are not its own to cut off)",
                Disruption::Region,
                &judge,
            );
        }
        _ => ExperimentSpec {
            targets: vec![tagged("Subnets", "aws:ec2:subnet")],
            actions: vec![ActionSpec {
                name: "DisruptCrossRegion",
                action_id: "aws:network:route-table-disrupt-cross-region-connectivity",
                description: format!("Cut {}'s subnets off from {region}", c.id),
                parameters: vec![
                    ("duration", ActionParam::Duration),
                    ("region", ActionParam::Literal(region.to_string())),
                ],
                target: ("Subnets", "Subnets"),
            }],
            judge,
            zone: false,
        },
    };
    Artifact::Experiment(spec)
}

/// Latency on a sync edge: delay the caller's network by the edge's timeout, so the timeout
/// and the circuit breaker have to act.
pub fn latency(
    caller: &Component,
    callee: &Component,
    timeout: Option<Duration>,
    judge: String,
) -> Artifact {
    let delay_ms = timeout.map_or(1000, |t| (t.as_millis() as u64).max(1));
    let why = if timeout.is_some() {
        "the edge's timeout"
    } else {
        "no timeout declared: 1 s"
    };
    if !Service::of(caller).instances() && Service::of(callee) == Service::Lambda {
        // Slow the callee's invocations down instead (FIS's Lambda extension must be on it).
        return Artifact::Experiment(ExperimentSpec {
            targets: vec![TargetSpec {
                name: "Functions",
                resource_type: "aws:lambda:function",
                selection: "ALL",
                filter: None,
                tag: Some(callee.id.clone()),
            }],
            actions: vec![ActionSpec {
                name: "DelayInvocations",
                action_id: "aws:lambda:invocation-add-delay",
                description: format!(
                    "Delay the invocations of {} by {delay_ms} ms ({why}) as {} calls it",
                    callee.id, caller.id
                ),
                parameters: vec![
                    ("duration", ActionParam::Duration),
                    ("invocationPercentage", ActionParam::Literal("100".into())),
                    (
                        "startupDelayMilliseconds",
                        ActionParam::Literal(delay_ms.to_string()),
                    ),
                ],
                target: ("Functions", "Functions"),
            }],
            judge,
            zone: false,
        });
    }
    let callee = callee.id.as_str();
    if !Service::of(caller).instances() {
        return manual_game_day(
            caller,
            "FIS injects network latency only on EC2 instances (through SSM) or into a Lambda callee's invocations; neither applies",
            Disruption::Software,
            &judge,
        );
    }
    Artifact::Experiment(ExperimentSpec {
        targets: vec![TargetSpec {
            name: "Instances",
            resource_type: "aws:ec2:instance",
            selection: "COUNT(1)",
            filter: None,
            tag: None,
        }],
        actions: vec![ActionSpec {
            name: "InjectLatency",
            action_id: "aws:ssm:send-command",
            description: format!(
                "Delay one instance of {} by {delay_ms} ms ({}) while it calls {callee}",
                caller.id,
                if timeout.is_some() {
                    "the edge's timeout"
                } else {
                    "no timeout declared: 1 s"
                }
            ),
            parameters: vec![
                (
                    "documentArn",
                    ActionParam::Document("AWSFIS-Run-Network-Latency"),
                ),
                (
                    "documentParameters",
                    ActionParam::LatencyDocument { delay_ms },
                ),
                ("duration", ActionParam::Duration),
            ],
            target: ("Instances", "Instances"),
        }],
        judge,
        zone: false,
    })
}

fn manual_game_day(c: &Component, reason: &str, d: Disruption, judge: &str) -> Artifact {
    let what = match d {
        Disruption::Hardware => format!(
            "Remove one copy of {} by hand (stop its instance, node or replica, or delete a test copy).",
            c.id
        ),
        Disruption::Az => format!(
            "Take {} out of one availability zone by hand (deny its subnets there with a network ACL, or shift it away with a zonal shift).",
            c.id
        ),
        Disruption::Region => format!(
            "Fail {} over to the secondary region by hand, as the recovery runbook says.",
            c.id
        ),
        Disruption::Software => format!(
            "Slow down or fail {}'s calls by hand (a proxy that adds the delay, or a feature flag).",
            c.id
        ),
    };
    Artifact::Manual {
        reason: reason.to_string(),
        steps: vec![
            "Announce the game day; open the dashboards of the emitted alarms.".to_string(),
            what,
            "Keep the fault for the planned duration (10 minutes unless agreed otherwise); stop at once if a health or error alarm fires for something outside the experiment.".to_string(),
            format!("Undo the fault and time the recovery: {judge}."),
            format!("Record the date as `observability.last_tested` of {} (or a drill with the measured RTO/RPO).", c.id),
        ],
    }
}
