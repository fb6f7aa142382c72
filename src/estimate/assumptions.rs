//! The assumption table: every default figure the estimation model uses, with its source.
//! One table, overridable globally with `--assumptions FILE` and per component with
//! `recovery.*`. The report prints it so that every figure can be traced.

use std::time::Duration;

use serde::Serialize;

use crate::input::overrides::{self, BadValue, OverrideError};
use crate::model::{DeployMethod, Kind, Strategy};

use super::published::{self, Figure, Found, Published};

/// Every key an override file can name, for "did you mean".
static ALL_KEYS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    (Assumptions::KEYS.iter().copied())
        .chain(published::KEYS.iter().copied())
        .collect()
});

/// A value in the table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Duration(#[serde(serialize_with = "ser_secs")] Duration),
    Number(f64),
}

fn ser_secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(crate::duration::secs(*d))
}

/// A row of the table as the outputs show it.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub key: &'static str,
    pub value: Value,
    pub unit: &'static str,
    pub source: &'static str,
}

macro_rules! table {
    ($($field:ident, $key:literal: $kind:ident($value:expr), $unit:literal, $source:literal;)+) => {
        /// Every default of the estimation model (docs/model.md §1), in one place, and the
        /// figures clouds publish for a service (`published`).
        #[derive(Debug, Clone, PartialEq)]
        pub struct Assumptions {
            $(pub $field: table!(@ty $kind),)+
            pub published: Published,
        }

        impl Default for Assumptions {
            fn default() -> Self {
                Assumptions { $($field: table!(@val $kind $value),)+ published: Published::default() }
            }
        }

        impl Assumptions {
            /// Every row, in table order, the published figures last.
            pub fn rows(&self) -> Vec<Row> {
                let mut rows = vec![$(Row { key: $key, value: table!(@wrap $kind self.$field), unit: $unit, source: $source },)+];
                rows.extend(self.published.rows().map(|(r, v)| Row {
                    key: r.key,
                    value: Value::Duration(v),
                    unit: "s",
                    source: r.source,
                }));
                rows
            }

            /// The keys of the kinds' defaults.
            pub const KEYS: &'static [&'static str] = &[$($key),+];

            fn set(&mut self, key: &str, value: &serde_json::Value) -> Result<(), BadValue> {
                match key {
                    $($key => { self.$field = table!(@parse $kind value)?; Ok(()) })+
                    _ if published::KEYS.contains(&key) => {
                        self.published.set(key, overrides::duration(value)?);
                        Ok(())
                    }
                    _ => Err(BadValue::unknown("assumption", key, ALL_KEYS.as_slice())),
                }
            }
        }
    };
    (@ty dur) => { Duration };
    (@ty num) => { f64 };
    (@val dur $v:expr) => { Duration::from_secs($v) };
    (@val num $v:expr) => { $v };
    (@wrap dur $v:expr) => { Value::Duration($v) };
    (@wrap num $v:expr) => { Value::Number($v) };
    (@parse dur $v:expr) => { overrides::duration($v) };
    (@parse num $v:expr) => { overrides::number($v) };
}

const M: u64 = 60;
const H: u64 = 3600;
const DAY: u64 = 86_400;

table! {
    detection, "detection": dur(5 * M), "s",
        "docs/model.md §1: an alarm fires and someone decides to act (AWS DR whitepaper: detection is part of every RTO)";
    detection_active_active, "detection.active_active": dur(90), "s",
        "Route 53 health checks: 30 s interval × 3 failures before failover";
    traffic_switch, "traffic_switch": dur(M), "s",
        "DNS / traffic switch to the secondary region (Route 53 failover record, 60 s TTL)";
    provision_compute, "provision.compute": dur(20 * M), "s", "build compute from IaC in a fresh place (CloudFormation/Terraform stack, AMI boot)";
    provision_database, "provision.database": dur(30 * M), "s", "create a database instance before the restore starts (RDS instance creation)";
    provision_storage, "provision.storage": dur(10 * M), "s", "create a bucket or volume and its policies";
    provision_queue, "provision.queue": dur(10 * M), "s", "create a queue or stream";
    provision_cache, "provision.cache": dur(15 * M), "s", "create a cache cluster (ElastiCache node creation)";
    provision_network, "provision.network": dur(15 * M), "s", "create load balancers, gateways and routes";
    provision_dns, "provision.dns": dur(5 * M), "s", "create or repoint DNS records";
    provision_external, "provision.external": dur(0), "s", "external providers are not provisioned by us";
    rollback_in_place, "rollback.in_place": dur(10 * M), "s", "redeploy the previous version on every instance";
    rollback_rolling, "rollback.rolling": dur(10 * M), "s", "roll the previous version back instance by instance";
    rollback_blue_green, "rollback.blue_green": dur(2 * M), "s", "switch traffic back to the blue environment";
    rollback_canary, "rollback.canary": dur(2 * M), "s", "stop the canary and shift its traffic back";
    failover_stateful, "failover.stateful": dur(2 * M), "s", "in-region failover of a stateful copy (RDS Multi-AZ 60–120 s, Aurora < 60 s)";
    failover_stateless, "failover.stateless": dur(0), "s", "stateless copies behind a load balancer take over at once";
    failover_manual, "failover.manual": dur(15 * M), "s", "failover by hand when managed_failover is false";
    scale_pilot_stateless, "scale_up.pilot_light.stateless": dur(15 * M), "s", "pilot light: start and scale the switched-off compute in the secondary (AWS DR whitepaper: tens of minutes)";
    scale_pilot_stateful, "scale_up.pilot_light.stateful": dur(5 * M), "s", "pilot light: promote the replica in the secondary";
    scale_pilot_storage, "scale_up.pilot_light.storage": dur(0), "s", "the replica bucket is readable at once";
    scale_warm_stateless, "scale_up.warm_standby.stateless": dur(5 * M), "s", "warm standby: scale the running scaled-down copy to full size (AWS DR whitepaper: minutes)";
    scale_warm_stateful, "scale_up.warm_standby.stateful": dur(2 * M), "s", "warm standby: promote the replica";
    scale_warm_storage, "scale_up.warm_standby.storage": dur(0), "s", "the replica bucket is readable at once";
    pitr_rpo, "pitr_rpo": dur(5 * M), "s", "point-in-time recovery: RDS uploads transaction logs every 5 minutes";
    pitr_snapshot_interval, "pitr_snapshot_interval": dur(24 * H), "s", "PITR comes with daily automated snapshots";
    backup_copy_lag, "backup_copy_lag": dur(15 * M), "s", "an AWS Backup cross-region copy lands some minutes after the recovery point";
    in_region_async_lag, "in_region_async_lag": dur(1), "s", "asynchronous copies inside a region lag by about a second";
    replication_lag_database, "replication_lag.database": dur(1), "s", "Aurora Global Database / DynamoDB global tables: typically under 1 s";
    replication_lag_storage, "replication_lag.storage": dur(15 * M), "s", "S3 Replication Time Control: 99.99% of objects within 15 minutes";
    replication_lag_other, "replication_lag.other": dur(M), "s", "other asynchronous cross-region replication";
    restore_mb_per_sec, "restore_mb_per_sec": num(100.0), "MB/s", "restore throughput when none is declared or measured";
    archive_restore, "archive_restore": dur(72 * H), "s", "an EBS snapshot in the archive tier is restored to the standard tier before use: up to 72 hours (Amazon EBS User Guide, \"Archive Amazon EBS snapshots\")";
    restore_test_max_age, "restore_test_max_age": dur(90 * DAY), "s", "DR107: a restore should be proven at least quarterly";
    game_day_max_age, "game_day_max_age": dur(90 * DAY), "s", "DR403: a game day or drill at least quarterly";
    min_retention, "min_retention": dur(7 * DAY), "s", "DR105: corruption is often found days later; keep a week at least";
    availability_single_instance, "availability.single_instance": num(99.5), "%", "docs/score.md, availability: one instance (the EC2 instance-level SLA is 99.5%)";
    availability_single_zone, "availability.single_zone": num(99.9), "%", "docs/score.md, availability: several instances in one zone survive an instance, not the zone";
    availability_multi_zone, "availability.multi_zone": num(99.95), "%", "docs/score.md, availability: several zones (the RDS Multi-AZ SLA is 99.95%)";
    availability_multi_region, "availability.multi_region": num(99.99), "%", "docs/score.md, availability: active-active in several regions; also a global service such as Route 53 or CloudFront (the EC2 region-level SLA is 99.99%)";
    availability_external, "availability.external": num(99.9), "%", "docs/score.md, availability: a third-party service that declares no availability (a typical provider SLA)";
    test_window, "test_window": dur(30 * DAY), "s", "docs/score.md, score: a component counts as tested for the score when its last game day or drill is this recent (Resilience Hub's monthly test cadence)";
}

impl Assumptions {
    /// Reads `--assumptions FILE`: a JSON object of keys from the table and their values.
    pub fn with_overrides(text: &str) -> Result<Assumptions, OverrideError> {
        let mut out = Assumptions::default();
        overrides::read(text, "assumptions", |k, v| out.set(k, v))?;
        Ok(out)
    }

    pub fn provision(&self, kind: Kind) -> Duration {
        match kind {
            Kind::Compute => self.provision_compute,
            Kind::Database => self.provision_database,
            Kind::Storage => self.provision_storage,
            Kind::Queue => self.provision_queue,
            Kind::Cache => self.provision_cache,
            Kind::Network => self.provision_network,
            Kind::Dns => self.provision_dns,
            Kind::External => self.provision_external,
        }
    }

    pub fn rollback(&self, method: DeployMethod) -> Duration {
        match method {
            DeployMethod::InPlace => self.rollback_in_place,
            DeployMethod::Rolling => self.rollback_rolling,
            DeployMethod::BlueGreen => self.rollback_blue_green,
            DeployMethod::Canary => self.rollback_canary,
        }
    }

    /// `S`: time to scale up in the secondary region, by strategy and kind of state.
    pub fn scale_up(&self, strategy: Strategy, kind: Kind, stateful: bool) -> Duration {
        let warm = strategy == Strategy::WarmStandby;
        match (kind == Kind::Storage, stateful, warm) {
            (true, _, false) => self.scale_pilot_storage,
            (true, _, true) => self.scale_warm_storage,
            (false, true, false) => self.scale_pilot_stateful,
            (false, true, true) => self.scale_warm_stateful,
            (false, false, false) => self.scale_pilot_stateless,
            (false, false, true) => self.scale_warm_stateless,
        }
    }

    /// The figure a cloud publishes for a component's service, if any (else the kind's
    /// default applies).
    pub fn published(&self, figure: Figure, service: Option<&str>) -> Option<Found> {
        self.published.get(figure, service)
    }

    /// Default asynchronous cross-region replication lag by kind.
    pub fn replication_lag(&self, kind: Kind) -> Duration {
        match kind {
            Kind::Database => self.replication_lag_database,
            Kind::Storage => self.replication_lag_storage,
            _ => self.replication_lag_other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_overridable() {
        let mut keys = Assumptions::KEYS.to_vec();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), Assumptions::KEYS.len());
        let a = Assumptions::with_overrides(
            r#"{"detection": "10m", "restore_mb_per_sec": 250, "x-note": 1}"#,
        )
        .expect("test fixture is valid");
        assert_eq!(a.detection, Duration::from_secs(600));
        assert_eq!(a.restore_mb_per_sec, 250.0);
        let error =
            Assumptions::with_overrides(r#"{"detecton": "10m", "restore_mb_per_sec": "fast"}"#)
                .unwrap_err();
        let OverrideError::Keys(errors) = &error else {
            panic!("{error}");
        };
        assert_eq!(errors.len(), 2);
        assert!(
            errors[0]
                .1
                .to_string()
                .contains("did you mean \"detection\""),
            "{error}"
        );
    }
}
