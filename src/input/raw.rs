//! The architecture file as written: serde types as close to the JSON as possible. Nothing
//! here applies defaults or resolves references; `validate` turns these into `model` types.
//! The JSON Schema (`drplan schema`) is generated from these same types.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::model::{DeployMethod, Disruption, Kind, Layout, Mode, Scope, Strategy, Tier, TimeFrom};

/// Keys of an object that are neither known fields nor `x-*` extensions (nor `$schema`).
/// Collected instead of failing at once so that every unknown field is reported together.
#[derive(Debug, Default, Clone)]
pub struct Unknown(pub Vec<String>);

impl<'de> Deserialize<'de> for Unknown {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor;
        impl<'de> Visitor<'de> for KeysVisitor {
            type Value = Unknown;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Unknown, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    map.next_value::<IgnoredAny>()?;
                    if !key.starts_with("x-") && key != "$schema" {
                        keys.push(key.into_owned());
                    }
                }
                Ok(Unknown(keys))
            }
        }
        deserializer.deserialize_map(KeysVisitor)
    }
}

impl JsonSchema for Unknown {
    fn schema_name() -> Cow<'static, str> {
        "Extensions".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "patternProperties": { "^x-": {} },
            "additionalProperties": false
        })
    }
    fn inline_schema() -> bool {
        true
    }
}

/// A duration string (`"15m"`, `"PT15M"`); a bare number is rejected as ambiguous.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dur(pub std::time::Duration);

impl<'de> Deserialize<'de> for Dur {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DurVisitor;
        impl Visitor<'_> for DurVisitor {
            type Value = Dur;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a duration string such as \"15m\", \"1h 30m\" or \"PT15M\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Dur, E> {
                crate::duration::parse(v).map(Dur).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Dur, E> {
                Err(E::custom(format!(
                    "a bare number ({v}) is ambiguous; write a unit, e.g. \"{v}s\" or \"{v}m\""
                )))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Dur, E> {
                Err(E::custom(format!(
                    "a bare number ({v}) is ambiguous; write a duration such as \"15m\""
                )))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Dur, E> {
                Err(E::custom(format!(
                    "a bare number ({v}) is ambiguous; write a duration such as \"15m\""
                )))
            }
        }
        deserializer.deserialize_any(DurVisitor)
    }
}

impl JsonSchema for Dur {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A duration in humantime form (\"90s\", \"15m\", \"1h 30m\", \"35d\") or ISO-8601 (\"PT15M\"). Bare numbers are rejected.",
            "examples": ["15m", "1h 30m", "PT15M"]
        })
    }
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DateStr(pub jiff::civil::Date);

impl<'de> Deserialize<'de> for DateStr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        parse_date(&text).map(DateStr).map_err(de::Error::custom)
    }
}

/// A date (`2026-06-01`) or the date part of a timestamp (`2026-06-01T10:00:00Z`).
pub fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    let head = text.get(..10).unwrap_or(text);
    head.parse::<jiff::civil::Date>()
        .ok()
        .filter(|_| text.len() == 10 || text[10..].starts_with(['T', 't', ' ']))
        .ok_or_else(|| format!("{text:?} is not a date; use YYYY-MM-DD, e.g. \"2026-06-01\""))
}

impl JsonSchema for DateStr {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date", "examples": ["2026-06-01"] })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
/// An architecture: components, their dependencies and the recovery targets.
pub struct RawArchitecture<'a> {
    /// The architecture's name, shown everywhere.
    pub name: String,
    /// ISO 4217 code of every money figure (default USD).
    pub currency: Option<String>,
    pub regions: Option<RawRegions>,
    /// The app's recovery targets.
    pub policy: Option<RawPolicy>,
    pub business: Option<RawBusiness>,
    /// The components, read one by one so that one bad component does not hide the next.
    #[serde(borrow)]
    #[schemars(with = "Vec<RawComponent>")]
    pub components: Vec<&'a serde_json::value::RawValue>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RawRegions {
    /// Where the app runs today, e.g. `us-east-1`.
    pub primary: Option<String>,
    /// Where DR strategies recover to.
    pub secondary: Option<String>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct RawPolicy {
    /// A Resilience Hub tier preset; `targets` override it per disruption.
    pub tier: Option<Tier>,
    pub targets: Option<RawTargets>,
    /// Composite availability objective in percent, e.g. 99.95.
    pub availability_slo: Option<f64>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct RawTargets {
    pub software: Option<RawTarget>,
    pub hardware: Option<RawTarget>,
    pub az: Option<RawTarget>,
    pub region: Option<RawTarget>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

impl RawTargets {
    pub fn get(&self, d: Disruption) -> Option<&RawTarget> {
        match d {
            Disruption::Software => self.software.as_ref(),
            Disruption::Hardware => self.hardware.as_ref(),
            Disruption::Az => self.az.as_ref(),
            Disruption::Region => self.region.as_ref(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct RawTarget {
    /// Recovery time objective. May be left out when a tier supplies it.
    pub rto: Option<Dur>,
    /// Recovery point objective. May be left out when a tier supplies it.
    pub rpo: Option<Dur>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RawBusiness {
    /// What an hour of downtime costs, in the file's currency.
    pub downtime_cost_per_hour: Option<f64>,
    pub incidents_per_year: Option<RawIncidents>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RawIncidents {
    pub software: Option<f64>,
    pub hardware: Option<f64>,
    pub az: Option<f64>,
    pub region: Option<f64>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Deserialize, JsonSchema)]
/// One deployable piece: a service, a database, a bucket, a queue, a cache, DNS, a third-party API.
pub struct RawComponent {
    /// Stable key, `[a-z0-9][a-z0-9._-]*`, unique.
    pub id: String,
    pub kind: Kind,
    pub name: Option<String>,
    pub description: Option<String>,
    pub owner: Option<String>,
    /// A free hint such as `aws:rds:postgres`.
    pub service: Option<String>,
    pub tags: Option<Vec<String>>,
    /// Holds data that can be lost (default: database and storage).
    pub stateful: Option<bool>,
    /// Data volume to restore, in GB.
    pub data_gb: Option<f64>,
    /// Primary running cost per month in the file's currency.
    pub monthly_cost: Option<f64>,
    /// Force (un)marking as an entry point.
    pub entry: Option<bool>,
    /// Cell / blast-radius group.
    pub cell: Option<String>,
    pub scope: Option<Scope>,
    pub deployment: Option<RawDeployment>,
    pub backup: Option<RawBackup>,
    pub replication: Option<RawReplication>,
    pub recovery: Option<RawRecovery>,
    pub deploy: Option<RawDeploy>,
    pub traffic: Option<RawTraffic>,
    pub observability: Option<RawObservability>,
    /// Availability in percent, e.g. 99.95.
    pub availability: Option<f64>,
    /// Overrides the app policy for this component.
    pub policy: Option<RawPolicy>,
    /// Outgoing edges: ids (sync, critical) or edge objects.
    pub depends_on: Option<Vec<RawEdge>>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RawDeployment {
    pub instances: Option<u32>,
    pub zones: Option<u32>,
    pub region_strategy: Option<Strategy>,
    pub managed_failover: Option<bool>,
    pub replication: Option<Mode>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RawBackup {
    pub frequency: Option<Dur>,
    pub retention: Option<Dur>,
    pub pitr: Option<bool>,
    pub cross_region_copy: Option<bool>,
    pub immutable: Option<bool>,
    /// `s3://bucket/prefix` where the runner finds the recovery points.
    pub location: Option<String>,
    /// `s3://bucket/prefix` of the cross-region copies.
    pub copy_location: Option<String>,
    /// Restore speed in megabytes per second.
    pub restore_mb_per_sec: Option<f64>,
    pub last_restore_test: Option<DateStr>,
    pub time_from: Option<TimeFrom>,
    pub layout: Option<Layout>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RawReplication {
    pub mode: Mode,
    pub lag: Option<Dur>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RawRecovery {
    pub detection: Option<Dur>,
    pub provision: Option<Dur>,
    pub startup: Option<Dur>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RawDeploy {
    pub method: Option<DeployMethod>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RawTraffic {
    pub throttling: Option<bool>,
    pub load_shedding: Option<bool>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RawObservability {
    pub alarms: Option<Vec<String>>,
    pub runbook: Option<String>,
    pub last_tested: Option<DateStr>,
    pub drills: Option<Vec<RawDrill>>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RawDrill {
    pub date: DateStr,
    pub disruption: Disruption,
    pub rto: Option<Dur>,
    pub rpo: Option<Dur>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

/// A dependency: a bare id (sync, critical) or an edge object.
#[derive(Debug, JsonSchema)]
#[schemars(untagged)]
pub enum RawEdge {
    Id(String),
    Object(RawEdgeObject),
}

impl RawEdge {
    pub fn target(&self) -> &str {
        match self {
            RawEdge::Id(id) => id,
            RawEdge::Object(o) => &o.id,
        }
    }
}

impl<'de> Deserialize<'de> for RawEdge {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EdgeVisitor;
        impl<'de> Visitor<'de> for EdgeVisitor {
            type Value = RawEdge;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a component id or an edge object {\"id\": ...}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawEdge, E> {
                Ok(RawEdge::Id(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawEdge, A::Error> {
                RawEdgeObject::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawEdge::Object)
            }
        }
        deserializer.deserialize_any(EdgeVisitor)
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RawEdgeObject {
    /// The component depended on.
    pub id: String,
    /// `sync` (default) or `async`.
    pub mode: Option<Mode>,
    /// The caller cannot serve while the callee is down (default: true for sync, false for async).
    pub critical: Option<bool>,
    pub timeout: Option<Dur>,
    pub retry: Option<RawRetry>,
    pub circuit_breaker: Option<bool>,
    /// What the caller serves when the callee is down.
    pub fallback: Option<String>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RawRetry {
    pub max_attempts: Option<u32>,
    /// `exponential`, `linear`, `constant` or `none`.
    pub backoff: Option<String>,
    pub jitter: Option<bool>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

/// Known field names per object, for "did you mean" on unknown fields.
pub mod fields {
    pub const ARCHITECTURE: &[&str] = &[
        "name",
        "currency",
        "regions",
        "policy",
        "business",
        "components",
    ];
    pub const REGIONS: &[&str] = &["primary", "secondary"];
    pub const POLICY: &[&str] = &["tier", "targets", "availability_slo"];
    pub const TARGETS: &[&str] = &["software", "hardware", "az", "region"];
    pub const TARGET: &[&str] = &["rto", "rpo"];
    pub const BUSINESS: &[&str] = &["downtime_cost_per_hour", "incidents_per_year"];
    pub const INCIDENTS: &[&str] = TARGETS;
    pub const COMPONENT: &[&str] = &[
        "id",
        "kind",
        "name",
        "description",
        "owner",
        "service",
        "tags",
        "stateful",
        "data_gb",
        "monthly_cost",
        "entry",
        "cell",
        "scope",
        "deployment",
        "backup",
        "replication",
        "recovery",
        "deploy",
        "traffic",
        "observability",
        "availability",
        "policy",
        "depends_on",
    ];
    pub const DEPLOYMENT: &[&str] = &[
        "instances",
        "zones",
        "region_strategy",
        "managed_failover",
        "replication",
    ];
    pub const BACKUP: &[&str] = &[
        "frequency",
        "retention",
        "pitr",
        "cross_region_copy",
        "immutable",
        "location",
        "copy_location",
        "restore_mb_per_sec",
        "last_restore_test",
        "time_from",
        "layout",
    ];
    pub const REPLICATION: &[&str] = &["mode", "lag"];
    pub const RECOVERY: &[&str] = &["detection", "provision", "startup"];
    pub const DEPLOY: &[&str] = &["method"];
    pub const TRAFFIC: &[&str] = &["throttling", "load_shedding"];
    pub const OBSERVABILITY: &[&str] = &["alarms", "runbook", "last_tested", "drills"];
    pub const DRILL: &[&str] = &["date", "disruption", "rto", "rpo"];
    pub const EDGE: &[&str] = &[
        "id",
        "mode",
        "critical",
        "timeout",
        "retry",
        "circuit_breaker",
        "fallback",
    ];
    pub const RETRY: &[&str] = &["max_attempts", "backoff", "jitter"];
}
