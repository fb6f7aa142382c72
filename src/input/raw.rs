//! The architecture file as written: serde types as close to the JSON as possible. Nothing
//! here applies defaults or resolves references; `validate` turns these into `model` types.
//! The JSON Schema (`drplan schema`) is generated from these same types, and the importer
//! writes architectures with them (absent fields are left out).

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::{
    DeployMethod, Disruption, Kind, Layout, Mode, OnDelete, ResourceKind, Scope, Strategy, Tier,
    TimeFrom,
};

/// A string borrowed from the input when it has no escapes (serde's own `Cow<str>` always
/// copies): object keys and dates are read without an allocation each.
struct Borrowed<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Borrowed<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor;
        impl<'de> Visitor<'de> for StrVisitor {
            type Value = Borrowed<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Borrowed<'de>, E> {
                Ok(Borrowed(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Borrowed<'de>, E> {
                Ok(Borrowed(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Borrowed<'de>, E> {
                Ok(Borrowed(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(StrVisitor)
    }
}

/// Keys of an object that are neither known fields nor `x-*` extensions (nor `$schema`),
/// with the object's known fields for "did you mean". Collected instead of failing at once so
/// that every unknown field is reported together.
#[derive(Debug, Default, Clone)]
pub struct Unknown {
    pub keys: Vec<String>,
    pub known: &'static [&'static str],
}

/// Declares an input object: the struct, its JSON Schema (unknown fields rejected, `x-*`
/// allowed) and a `Deserialize` that reads known fields, skips `x-*` and `$schema`, and
/// collects every other key into `unknown`. Fields marked `@required` must be present.
macro_rules! raw_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $(@$req:ident)? $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        #[derive(Debug, Clone, JsonSchema, Serialize)]
        #[schemars(deny_unknown_fields, extend("patternProperties" = { "^x-": {} }))]
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(skip_serializing_if = "Absent::absent")]
                pub $field: $ty,
            )*
            #[schemars(skip)]
            #[serde(skip)]
            pub unknown: Unknown,
        }

        impl $name {
            /// The object's field names.
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> Visitor<'de> for ObjectVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        $( let mut $field: Option<$ty> = None; )*
                        let mut unknown = Vec::new();
                        while let Some(Borrowed(key)) = map.next_key::<Borrowed<'de>>()? {
                            match key.as_ref() {
                                $(
                                    stringify!($field) => {
                                        if $field.is_some() {
                                            return Err(de::Error::duplicate_field(stringify!($field)));
                                        }
                                        $field = Some(map.next_value()?);
                                    }
                                )*
                                other => {
                                    if !other.starts_with("x-") && other != "$schema" {
                                        unknown.push(key.into_owned());
                                    }
                                    map.next_value::<IgnoredAny>()?;
                                }
                            }
                        }
                        Ok($name {
                            $( $field: raw_object!(@take $field $($req)?), )*
                            unknown: Unknown { keys: unknown, known: $name::FIELDS },
                        })
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    };
    (@take $field:ident required) => {
        $field.ok_or_else(|| de::Error::missing_field(stringify!($field)))?
    };
    (@take $field:ident) => {
        $field.unwrap_or_default()
    };
}

/// Whether a field is left out when an architecture is written: an optional field that is
/// not set. A required field is always written.
pub trait Absent {
    fn absent(&self) -> bool {
        false
    }
}

impl<T> Absent for Option<T> {
    fn absent(&self) -> bool {
        self.is_none()
    }
}

impl Absent for String {}
impl Absent for Kind {}
impl Absent for Mode {}
impl Absent for Disruption {}
impl Absent for DateStr {}

/// A duration string (`"15m"`, `"PT15M"`); a bare number is rejected as ambiguous.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dur(pub std::time::Duration);

/// Written as the format reads it back: `15m`, `1h30m`, `35d`.
impl Serialize for Dur {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&crate::duration::Human(self.0).to_string().replace(' ', ""))
    }
}

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

impl Serialize for DateStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DateStr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Borrowed(text) = Borrowed::deserialize(deserializer)?;
        parse_date(&text).map(DateStr).map_err(de::Error::custom)
    }
}

/// A text that is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a date; use YYYY-MM-DD, e.g. \"2026-06-01\"")]
pub struct DateError(pub String);

/// A date (`2026-06-01`) or the date part of a timestamp (`2026-06-01T10:00:00Z`).
pub fn parse_date(text: &str) -> Result<jiff::civil::Date, DateError> {
    let head = text.get(..10).unwrap_or(text);
    // Exactly `YYYY-MM-DD`, optionally followed by a time; `20260601` is not accepted.
    head.parse::<jiff::civil::Date>()
        .ok()
        .filter(|_| head.len() == 10 && head.as_bytes()[4] == b'-')
        .filter(|_| {
            text.len() == 10
                || text
                    .get(10..)
                    .is_some_and(|rest| rest.starts_with(['T', 't', ' ']))
        })
        .ok_or_else(|| DateError(text.to_string()))
}

impl JsonSchema for DateStr {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date", "examples": ["2026-06-01"] })
    }
}

raw_object! {
/// An architecture: components, their dependencies and the recovery targets.
pub struct RawArchitecture {
    /// The architecture's name, shown everywhere.
    @required name: String,
    /// ISO 4217 code of every money figure (default USD).
    currency: Option<String>,
    regions: Option<RawRegions>,
    /// The app's recovery targets.
    policy: Option<RawPolicy>,
    business: Option<RawBusiness>,
    /// Infrastructure as code to import components from: Terraform `terraform show -json`
    /// output or CloudFormation templates, paths relative to this file (docs/import.md).
    sources: Option<Vec<RawSource>>,
    /// The components (at least one, unless `sources` brings them). With `sources`, a
    /// component with the id of an imported one overrides or adds its fields.
    components: Option<Vec<RawComponent>>,
}
}

raw_object! {
/// One infrastructure-as-code file to import (exactly one of `terraform` and `cloudformation`).
pub struct RawSource {
    /// A `terraform show -json` file: a plan or a state.
    terraform: Option<String>,
    /// A CloudFormation template, JSON or YAML.
    cloudformation: Option<String>,
    /// The region of its resources when the file does not say (a CloudFormation stack's region).
    region: Option<String>,
    /// CloudFormation parameter values, over the template's defaults.
    parameters: Option<std::collections::BTreeMap<String, String>>,
    /// The stack's name (`AWS::StackName`).
    name: Option<String>,
}
}

raw_object! {
/// Where an imported component comes from: a resource in an infrastructure-as-code file.
pub struct RawOrigin {
    /// The file, as the architecture's `sources` (or `drplan import`) named it.
    @required file: String,
    /// The Terraform address or the CloudFormation logical id.
    @required address: String,
    region: Option<String>,
    /// The line where the resource starts in the file.
    line: Option<u32>,
}
}

raw_object! {
pub struct RawRegions {
    /// Where the app runs today, e.g. `us-east-1`.
    primary: Option<String>,
    /// Where DR strategies recover to.
    secondary: Option<String>,
}
}

raw_object! {
pub struct RawPolicy {
    /// A Resilience Hub tier preset; `targets` override it per disruption.
    tier: Option<Tier>,
    targets: Option<RawTargets>,
    /// Composite availability objective in percent, e.g. 99.95.
    availability_slo: Option<f64>,
}
}

raw_object! {
pub struct RawTargets {
    software: Option<RawTarget>,
    hardware: Option<RawTarget>,
    az: Option<RawTarget>,
    region: Option<RawTarget>,
}
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

raw_object! {
pub struct RawTarget {
    /// Recovery time objective. May be left out when a tier supplies it.
    rto: Option<Dur>,
    /// Recovery point objective. May be left out when a tier supplies it.
    rpo: Option<Dur>,
}
}

raw_object! {
pub struct RawBusiness {
    /// What an hour of downtime costs, in the file's currency.
    downtime_cost_per_hour: Option<f64>,
    incidents_per_year: Option<RawIncidents>,
}
}

raw_object! {
pub struct RawIncidents {
    software: Option<f64>,
    hardware: Option<f64>,
    az: Option<f64>,
    region: Option<f64>,
}
}

raw_object! {
/// One deployable piece: a service, a database, a bucket, a queue, a cache, DNS, a third-party API.
pub struct RawComponent {
    /// Stable key, `[a-z0-9][a-z0-9._-]*`, unique.
    @required id: String,
    @required kind: Kind,
    name: Option<String>,
    description: Option<String>,
    owner: Option<String>,
    /// A free hint such as `aws:rds:postgres`.
    service: Option<String>,
    tags: Option<Vec<String>>,
    /// Holds data that can be lost (default: database and storage).
    stateful: Option<bool>,
    /// Data volume to restore, in GB.
    data_gb: Option<f64>,
    /// Primary running cost per month in the file's currency.
    monthly_cost: Option<f64>,
    /// Force (un)marking as an entry point.
    entry: Option<bool>,
    /// Cell / blast-radius group.
    cell: Option<String>,
    scope: Option<Scope>,
    deployment: Option<Box<RawDeployment>>,
    backup: Option<Box<RawBackup>>,
    replication: Option<Box<RawReplication>>,
    recovery: Option<Box<RawRecovery>>,
    deploy: Option<Box<RawDeploy>>,
    traffic: Option<Box<RawTraffic>>,
    observability: Option<Box<RawObservability>>,
    /// Availability in percent, e.g. 99.95.
    availability: Option<f64>,
    /// Overrides the app policy for this component.
    policy: Option<Box<RawPolicy>>,
    /// Outgoing edges: ids (sync, critical) or edge objects.
    depends_on: Option<Vec<RawEdge>>,
    /// Whether deleting it takes a deliberate step first (RDS, DynamoDB and load balancer
    /// deletion protection); false is finding DR108.
    deletion_protection: Option<bool>,
    /// What survives when it is deleted: its stack or configuration destroyed, or a change that
    /// replaces it (CloudFormation `DeletionPolicy` and `UpdateReplacePolicy`, Terraform
    /// `skip_final_snapshot`); a store that keeps its data either way is a lesser DR108.
    on_delete: Option<Box<RawOnDelete>>,
    /// The infrastructure-as-code resources it was imported from (written by `drplan import`).
    imported_from: Option<Vec<RawOrigin>>,
    /// The cloud resources it stands for, where `drplan verify` reads recovery evidence
    /// (AWS Backup, RDS, DynamoDB, EBS): each an ARN, or a service, an id and a region.
    resources: Option<Vec<RawResource>>,
}
}

raw_object! {
/// One cloud resource: `{"arn": …}`, or `{"service": …, "id": …, "region": …}` where the
/// ARN is not known (`region` defaults to `regions.primary`).
#[schemars(extend("oneOf" = [{ "required": ["arn"] }, { "required": ["service", "id"] }]))]
pub struct RawResource {
    /// The resource's ARN, e.g. `arn:aws:rds:us-east-1:123456789012:db:orders`.
    arn: Option<String>,
    /// What kind of resource `id` names.
    service: Option<ResourceKind>,
    /// The identifier: an RDS instance or cluster identifier, a DynamoDB table name, an EBS
    /// volume id, an EFS file system id or a bucket name.
    id: Option<String>,
    /// Where it lives, e.g. `us-east-1` (default: `regions.primary`).
    region: Option<String>,
}
}

raw_object! {
pub struct RawDeployment {
    instances: Option<u32>,
    zones: Option<u32>,
    region_strategy: Option<Strategy>,
    managed_failover: Option<bool>,
    replication: Option<Mode>,
}
}

raw_object! {
pub struct RawBackup {
    frequency: Option<Dur>,
    retention: Option<Dur>,
    pitr: Option<bool>,
    cross_region_copy: Option<bool>,
    /// The region the recovery points are copied to, when it is not `regions.secondary` (a
    /// cloud's fixed paired region, e.g. a geo-redundant backup): sets `cross_region_copy`,
    /// and needs no `regions.secondary`.
    copy_region: Option<String>,
    immutable: Option<bool>,
    /// `s3://bucket/prefix` where the runner finds the recovery points.
    location: Option<String>,
    /// `s3://bucket/prefix` of the cross-region copies.
    copy_location: Option<String>,
    /// Restore speed in megabytes per second.
    restore_mb_per_sec: Option<f64>,
    last_restore_test: Option<DateStr>,
    time_from: Option<TimeFrom>,
    layout: Option<Layout>,
    /// Earlier versions of every object are kept in place (S3 Versioning): an overwrite or a
    /// delete can be undone; false on a bucket is finding DR109.
    versioning: Option<bool>,
    /// With `versioning`: how long an overwritten or deleted object's earlier version is kept
    /// before a lifecycle rule expires it (S3 `NoncurrentVersionExpiration`); how far back the
    /// versions can undo a change. Absent: kept until deleted.
    version_retention: Option<Dur>,
    /// A single recovery point taken once (a snapshot resource), not on a schedule: the data
    /// restores to that moment, and its loss is the point's age, which `drplan verify`
    /// measures. Read only without `frequency` or `pitr`.
    one_off: Option<bool>,
}
}

raw_object! {
/// What deleting the component leaves: `delete` (nothing), `snapshot` (a final snapshot of its
/// data), `retain` (the resource itself, outside the stack).
pub struct RawOnDelete {
    /// When its stack or configuration is destroyed, or the resource removed from it.
    destroy: Option<OnDelete>,
    /// When a change replaces it (a new resource is made and the old one deleted).
    replace: Option<OnDelete>,
}
}

raw_object! {
pub struct RawReplication {
    @required mode: Mode,
    lag: Option<Dur>,
    /// The region the data is replicated to, when it is not `regions.secondary` (a cloud's
    /// fixed paired region, e.g. geo-redundant storage); needs no `regions.secondary`.
    region: Option<String>,
}
}

raw_object! {
pub struct RawRecovery {
    detection: Option<Dur>,
    provision: Option<Dur>,
    startup: Option<Dur>,
}
}

raw_object! {
pub struct RawDeploy {
    method: Option<DeployMethod>,
}
}

raw_object! {
pub struct RawTraffic {
    throttling: Option<bool>,
    load_shedding: Option<bool>,
}
}

raw_object! {
pub struct RawObservability {
    /// The alarms that exist: `health`, `replication-lag`, `backup-freshness`, `errors`.
    alarms: Option<Vec<String>>,
    /// The fault-injection experiments whose templates exist (`instance-loss`, `az-loss`,
    /// `region-failover`, `latency-injection`); running one is what makes the component tested.
    experiments: Option<Vec<String>>,
    runbook: Option<String>,
    last_tested: Option<DateStr>,
    drills: Option<Vec<RawDrill>>,
}
}

impl RawObservability {
    /// Nothing observed yet.
    pub fn empty() -> RawObservability {
        RawObservability {
            alarms: None,
            experiments: None,
            runbook: None,
            last_tested: None,
            drills: None,
            unknown: Unknown::default(),
        }
    }
}

raw_object! {
pub struct RawDrill {
    @required date: DateStr,
    @required disruption: Disruption,
    rto: Option<Dur>,
    rpo: Option<Dur>,
}
}

/// A dependency: a bare id (sync, critical) or an edge object.
#[derive(Debug, Clone, JsonSchema, Serialize)]
#[schemars(untagged)]
#[serde(untagged)]
pub enum RawEdge {
    Id(String),
    /// Boxed: an edge object is several times the size of an id, and most edges are ids.
    Object(Box<RawEdgeObject>),
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
                    .map(|o| RawEdge::Object(Box::new(o)))
            }
        }
        deserializer.deserialize_any(EdgeVisitor)
    }
}

raw_object! {
pub struct RawEdgeObject {
    /// The component depended on.
    @required id: String,
    /// `sync` (default) or `async`.
    mode: Option<Mode>,
    /// The caller cannot serve while the callee is down (default: true for sync, false for async).
    critical: Option<bool>,
    timeout: Option<Dur>,
    retry: Option<RawRetry>,
    circuit_breaker: Option<bool>,
    /// What the caller serves when the callee is down.
    fallback: Option<String>,
}
}

raw_object! {
pub struct RawRetry {
    max_attempts: Option<u32>,
    /// `exponential`, `linear`, `constant` or `none`.
    backoff: Option<String>,
    jitter: Option<bool>,
}
}
