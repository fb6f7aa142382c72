//! The numbers the mapping reads, checked before it reads them (issue 19). Every number in a
//! file is untrusted: a retention of 1e308 days, a negative volume size or `"NaN"` seconds is
//! an error naming the resource and the attribute (exit 2), never a panic converting it or an
//! architecture the validator rejects. A value past a limit AWS documents, but otherwise
//! sensible (a retention of 40 days where RDS keeps at most 35), is read as that limit, with a
//! note in the summary.

use serde_json::Value;

use crate::import::Error;
use crate::import::resource::Resource;

/// What a number counts, and so its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// Days of retention: at most 100 years (`duration::MAX`).
    Days,
    /// Seconds of a timeout or a window: at most 100 years.
    Seconds,
    /// GiB of storage: any finite size.
    Gib,
    /// Instances, nodes, tasks: a whole count that fits 32 bits.
    Count,
}

impl Unit {
    fn words(self) -> &'static str {
        match self {
            Unit::Days => "a number of days from 0 to 36500 (100 years)",
            Unit::Seconds => "a number of seconds of at most 100 years",
            Unit::Gib => "a size in GiB, 0 or more",
            Unit::Count => "a count from 0 to 4294967295",
        }
    }

    /// The largest value drplan can model at all.
    fn max(self) -> f64 {
        match self {
            Unit::Days => crate::duration::MAX.as_secs_f64() / 86_400.0,
            Unit::Seconds => crate::duration::MAX.as_secs_f64(),
            Unit::Gib => f64::MAX,
            Unit::Count => f64::from(u32::MAX),
        }
    }
}

/// One attribute: the types that have it, its path (Terraform's names; a CloudFormation
/// resource has been translated to them), the name CloudFormation writes, what it counts, and
/// the limit AWS documents, if any.
struct Attribute {
    types: &'static [&'static str],
    path: &'static str,
    cfn: &'static str,
    unit: Unit,
    cap: Option<(f64, &'static str)>,
}

const RDS_RETENTION: (f64, &str) = (35.0, "RDS keeps automated backups at most 35 days");

const ATTRIBUTES: &[Attribute] = &[
    Attribute {
        types: &[
            "aws_db_instance",
            "aws_rds_cluster",
            "aws_docdb_cluster",
            "aws_neptune_cluster",
        ],
        path: "backup_retention_period",
        cfn: "BackupRetentionPeriod",
        unit: Unit::Days,
        cap: Some(RDS_RETENTION),
    },
    Attribute {
        types: &["aws_db_instance", "aws_rds_cluster"],
        path: "allocated_storage",
        cfn: "AllocatedStorage",
        unit: Unit::Gib,
        cap: Some((65_536.0, "RDS storage is at most 64 TiB")),
    },
    Attribute {
        types: &["aws_rds_cluster"],
        path: "backtrack_window",
        cfn: "BacktrackWindow",
        unit: Unit::Seconds,
        cap: Some((259_200.0, "Aurora backtracks at most 72 hours")),
    },
    Attribute {
        types: &["aws_ebs_volume"],
        path: "size",
        cfn: "Size",
        unit: Unit::Gib,
        cap: Some((65_536.0, "an EBS volume is at most 64 TiB")),
    },
    Attribute {
        types: &["aws_dynamodb_table"],
        path: "point_in_time_recovery.recovery_period_in_days",
        cfn: "PointInTimeRecoverySpecification.RecoveryPeriodInDays",
        unit: Unit::Days,
        cap: Some((
            35.0,
            "DynamoDB keeps point-in-time recovery at most 35 days",
        )),
    },
    Attribute {
        types: &[
            "aws_elasticache_replication_group",
            "aws_elasticache_cluster",
        ],
        path: "snapshot_retention_limit",
        cfn: "SnapshotRetentionLimit",
        unit: Unit::Days,
        cap: Some((35.0, "ElastiCache keeps snapshots at most 35 days")),
    },
    Attribute {
        types: &["aws_backup_plan"],
        path: "rule.lifecycle.delete_after",
        cfn: "BackupPlanRule.Lifecycle.DeleteAfterDays",
        unit: Unit::Days,
        cap: None,
    },
    Attribute {
        types: &["aws_lb", "aws_alb", "aws_elb"],
        path: "idle_timeout",
        cfn: "idle_timeout.timeout_seconds",
        unit: Unit::Seconds,
        cap: Some((4_000.0, "a load balancer's idle timeout is at most 4000 s")),
    },
    Attribute {
        types: &["aws_cloudfront_distribution"],
        path: "origin.custom_origin_config.origin_read_timeout",
        cfn: "DistributionConfig.Origins.CustomOriginConfig.OriginReadTimeout",
        unit: Unit::Seconds,
        cap: Some((180.0, "CloudFront waits for an origin at most 180 s")),
    },
    Attribute {
        types: &["aws_autoscaling_group"],
        path: "desired_capacity",
        cfn: "DesiredCapacity",
        unit: Unit::Count,
        cap: None,
    },
    Attribute {
        types: &["aws_autoscaling_group"],
        path: "min_size",
        cfn: "MinSize",
        unit: Unit::Count,
        cap: None,
    },
    Attribute {
        types: &["aws_ecs_service"],
        path: "desired_count",
        cfn: "DesiredCount",
        unit: Unit::Count,
        cap: None,
    },
    Attribute {
        types: &["aws_eks_node_group"],
        path: "scaling_config.desired_size",
        cfn: "ScalingConfig.DesiredSize",
        unit: Unit::Count,
        cap: None,
    },
    Attribute {
        types: &["aws_mq_broker", "aws_msk_cluster"],
        path: "number_of_broker_nodes",
        cfn: "NumberOfBrokerNodes",
        unit: Unit::Count,
        cap: None,
    },
    Attribute {
        types: &[
            "aws_elasticache_replication_group",
            "aws_elasticache_cluster",
        ],
        path: "num_cache_clusters",
        cfn: "NumCacheClusters",
        unit: Unit::Count,
        cap: None,
    },
    Attribute {
        types: &[
            "aws_elasticache_replication_group",
            "aws_elasticache_cluster",
        ],
        path: "number_cache_clusters",
        cfn: "NumCacheClusters",
        unit: Unit::Count,
        cap: None,
    },
    Attribute {
        types: &[
            "aws_elasticache_replication_group",
            "aws_elasticache_cluster",
        ],
        path: "num_node_groups",
        cfn: "NumNodeGroups",
        unit: Unit::Count,
        cap: None,
    },
    Attribute {
        types: &[
            "aws_elasticache_replication_group",
            "aws_elasticache_cluster",
        ],
        path: "replicas_per_node_group",
        cfn: "ReplicasPerNodeGroup",
        unit: Unit::Count,
        cap: None,
    },
    Attribute {
        types: &[
            "aws_elasticache_replication_group",
            "aws_elasticache_cluster",
        ],
        path: "num_cache_nodes",
        cfn: "NumCacheNodes",
        unit: Unit::Count,
        cap: None,
    },
];

/// Checks every number the mapping reads; clamps those past a documented limit. The notes
/// say what was clamped; the error names the first value out of range.
pub fn check(resources: &mut [Resource]) -> Result<Vec<String>, Error> {
    let mut notes = Vec::new();
    for r in resources.iter_mut() {
        for a in ATTRIBUTES
            .iter()
            .filter(|a| a.types.contains(&r.ty.as_str()))
        {
            let path: Vec<&str> = a.path.split('.').collect();
            let mut problem = None;
            let mut clamped = None;
            visit(&mut r.values, &path, &mut |v| {
                let Some(n) = number(v) else { return };
                if let Some(why) = out_of_range(n, a.unit) {
                    problem.get_or_insert((n, why));
                } else if let Some((cap, why)) = a.cap
                    && n > cap
                {
                    *v = Value::from(cap);
                    clamped.get_or_insert((n, cap, why));
                }
            });
            let named = || {
                let name = if r.source_type.starts_with("AWS::") {
                    a.cfn
                } else {
                    a.path
                };
                format!("{}: {name}", crate::words::Shown(&r.origin.address))
            };
            if let Some((n, why)) = problem {
                return Err(Error::at(
                    &r.origin.file,
                    r.origin.line.map(|l| l as usize),
                    format!(
                        "{} = {} {why}: write {}",
                        named(),
                        Number(n),
                        a.unit.words()
                    ),
                ));
            }
            if let Some((n, cap, why)) = clamped {
                notes.push(format!(
                    "{} = {} is read as {}: {why}",
                    named(),
                    Number(n),
                    Number(cap)
                ));
            }
        }
    }
    Ok(notes)
}

/// Why a number cannot be the unit's, if it cannot.
fn out_of_range(n: f64, unit: Unit) -> Option<&'static str> {
    if n.is_nan() {
        Some("is not a number")
    } else if n < 0.0 {
        Some("is negative")
    } else if n > unit.max() {
        Some("is out of range")
    } else if unit == Unit::Count && n.fract() != 0.0 {
        Some("is not a whole number")
    } else {
        None
    }
}

/// A number as the mapping reads it (`Resource::num`): a JSON number or a numeric string.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Calls `f` on every value at `path`, entering every element of a list along the way.
fn visit(v: &mut Value, path: &[&str], f: &mut dyn FnMut(&mut Value)) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(|i| visit(i, path, f)),
        Value::Object(map) => match path.split_first() {
            Some((key, rest)) => {
                if let Some(inner) = map.get_mut(*key) {
                    visit(inner, rest, f);
                }
            }
            None => f(v),
        },
        _ if path.is_empty() => f(v),
        _ => {}
    }
}

/// A number as an error shows it: `1e308` rather than 309 digits.
struct Number(f64);

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_finite() && self.0.abs() >= 1e15 {
            write!(f, "{:e}", self.0)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(values: serde_json::Value) -> Vec<Resource> {
        vec![Resource::fixture("aws_db_instance", values)]
    }

    #[test]
    fn impossible_numbers_are_errors_naming_the_attribute() {
        for (value, why) in [
            (serde_json::json!(40_000), "out of range"),
            (serde_json::json!(-1), "negative"),
            (serde_json::json!("NaN"), "not a number"),
            (serde_json::json!("inf"), "out of range"),
            (serde_json::json!(1e308), "out of range"),
        ] {
            let mut r = db(serde_json::json!({ "backup_retention_period": value }));
            let e = check(&mut r).expect_err("out of range");
            assert!(
                e.message.contains("backup_retention_period") && e.message.contains(why),
                "{value}: {}",
                e.message
            );
        }
        let mut r = db(serde_json::json!({ "allocated_storage": -5 }));
        assert!(
            check(&mut r)
                .expect_err("negative")
                .message
                .contains("allocated_storage = -5 is negative")
        );
        let mut r = vec![Resource::fixture(
            "aws_backup_plan",
            serde_json::json!({"rule": [
                {"lifecycle": [{"delete_after": 7}]},
                {"lifecycle": [{"delete_after": 1e300}]}
            ]}),
        )];
        let e = check(&mut r).expect_err("the second rule");
        assert!(e.message.contains("rule.lifecycle.delete_after = 1e300"));
    }

    #[test]
    fn values_past_a_documented_limit_are_clamped_with_a_note() {
        let mut r = db(serde_json::json!({ "backup_retention_period": "40" }));
        let notes = check(&mut r).expect("in range");
        assert_eq!(r[0].num("backup_retention_period"), Some(35.0));
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("backup_retention_period = 40 is read as 35"));
        let mut r = db(serde_json::json!({ "backup_retention_period": 7 }));
        assert_eq!(check(&mut r).expect("in range"), Vec::<String>::new());
        assert_eq!(r[0].num("backup_retention_period"), Some(7.0));
    }
}
