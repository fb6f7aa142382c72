//! The checked architecture: what the input means once defaults are applied and every
//! reference is resolved. Everything after `input` works on these types only.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod s3;
pub use s3::{S3Location, S3LocationError};

/// The version of the JSON result's shape (`drplan assess --format json`): written by
/// `report`, read back by `diff` and `--baseline`.
pub const RESULT_SCHEMA_VERSION: u32 = 1;

/// One of the four failure kinds of Resilience Hub.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Disruption {
    Software,
    Hardware,
    Az,
    Region,
}

impl Disruption {
    pub const ALL: [Disruption; 4] = [
        Disruption::Software,
        Disruption::Hardware,
        Disruption::Az,
        Disruption::Region,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Disruption::Software => "software",
            Disruption::Hardware => "hardware",
            Disruption::Az => "az",
            Disruption::Region => "region",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Disruption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value for each disruption, indexed by `Disruption`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PerDisruption<T>(pub [T; 4]);

impl<T> PerDisruption<T> {
    pub fn from_fn(mut f: impl FnMut(Disruption) -> T) -> Self {
        PerDisruption(Disruption::ALL.map(&mut f))
    }

    pub fn iter(&self) -> impl Iterator<Item = (Disruption, &T)> {
        Disruption::ALL.into_iter().zip(self.0.iter())
    }
}

impl<T> std::ops::Index<Disruption> for PerDisruption<T> {
    type Output = T;
    fn index(&self, d: Disruption) -> &T {
        &self.0[d.index()]
    }
}

impl<T> std::ops::IndexMut<Disruption> for PerDisruption<T> {
    fn index_mut(&mut self, d: Disruption) -> &mut T {
        &mut self.0[d.index()]
    }
}

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

mod resource;
pub use resource::{Arn, ArnError, Named, NamedError, Resource, ResourceKind};

string_enum!(
    /// What a component is; drives most defaults.
    Kind {
        Compute = "compute",
        Database = "database",
        Storage = "storage",
        Queue = "queue",
        Cache = "cache",
        Network = "network",
        Dns = "dns",
        External = "external",
    }
);

string_enum!(
    /// Where a component lives: `global` services survive zone and region loss, `zonal` ones
    /// are pinned to a single zone.
    Scope { Zonal = "zonal", Regional = "regional", Global = "global" }
);

string_enum!(
    /// How a component survives the loss of its region, from cheapest to strongest.
    Strategy {
        None = "none",
        BackupRestore = "backup-restore",
        PilotLight = "pilot-light",
        WarmStandby = "warm-standby",
        ActiveActive = "active-active",
    }
);

string_enum!(
    /// Synchronous or asynchronous (replication, or an edge's call style).
    Mode { Sync = "sync", Async = "async" }
);

string_enum!(
    /// How new versions are rolled out.
    DeployMethod { InPlace = "in-place", Rolling = "rolling", BlueGreen = "blue-green", Canary = "canary" }
);

string_enum!(
    /// What deleting a resource leaves behind: nothing, a final snapshot, or the resource
    /// itself (retained, outside the stack).
    OnDelete { Delete = "delete", Snapshot = "snapshot", Retain = "retain" }
);

impl OnDelete {
    /// Whether the data survives the deletion (in a snapshot, or in place).
    pub fn keeps_data(self) -> bool {
        self != OnDelete::Delete
    }
}

/// What survives a component's deletion: when its stack or configuration destroys it, and when
/// a change replaces it (`None`: not said).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Deletion {
    pub destroy: Option<OnDelete>,
    pub replace: Option<OnDelete>,
}

string_enum!(
    /// Where the verifier reads a recovery point's time.
    TimeFrom { LastModified = "last-modified", Key = "key" }
);

string_enum!(
    /// One object per recovery point, or one key prefix per recovery point.
    Layout { Object = "object", Prefix = "prefix" }
);

string_enum!(
    /// Resilience Hub's policy tiers.
    Tier {
        MissionCritical = "mission-critical",
        Critical = "critical",
        CoreServices = "core-services",
        Important = "important",
        NonCritical = "non-critical",
    }
);

impl Kind {
    /// Whether the kind holds data by default (a queue is transient unless declared).
    pub fn stateful_by_default(self) -> bool {
        matches!(self, Kind::Database | Kind::Storage)
    }
}

/// Index of a component in `Architecture::components` (and of its node in the graph).
pub type CompIdx = usize;

/// A recovery objective pair: the longest acceptable outage and data-loss window. The outputs
/// write it as `{"rto_secs": …, "rpo_secs": …}`, in whole seconds rounded up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub rto: Duration,
    pub rpo: Duration,
}

impl Serialize for Target {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut t = s.serialize_struct("Target", 2)?;
        t.serialize_field("rto_secs", &crate::duration::secs(self.rto))?;
        t.serialize_field("rpo_secs", &crate::duration::secs(self.rpo))?;
        t.end()
    }
}

/// Targets per disruption; `None` is `unassessed`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Policy {
    pub tier: Option<Tier>,
    pub targets: PerDisruption<Option<Target>>,
    pub availability_slo: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Regions {
    pub primary: Option<String>,
    pub secondary: Option<String>,
}

impl Regions {
    /// The secondary region's name for words: its name, or "the secondary region".
    pub fn secondary_name(&self) -> &str {
        self.secondary.as_deref().unwrap_or("the secondary region")
    }
}

/// Yearly incident rates per disruption, for expected-loss figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Business {
    pub downtime_cost_per_hour: Option<f64>,
    pub incidents_per_year: PerDisruption<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deployment {
    pub instances: u32,
    pub zones: u32,
    pub region_strategy: Strategy,
    pub managed_failover: bool,
    /// How copies inside the region are kept.
    pub replication: Mode,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Backup {
    /// Interval between recovery points (24h when only PITR was declared); `None` means the
    /// block declares where backups would be but no backups are taken.
    pub frequency: Option<Duration>,
    pub retention: Option<Duration>,
    pub pitr: bool,
    pub cross_region_copy: bool,
    /// Where the copies go when it is not `regions.secondary` (`backup.copy_region`).
    pub copy_region: Option<String>,
    pub immutable: bool,
    pub location: Option<S3Location>,
    pub copy_location: Option<S3Location>,
    /// Declared restore speed in MB/s; `None` means the assumption table's default.
    pub restore_mb_per_sec: Option<f64>,
    pub last_restore_test: Option<Date>,
    pub time_from: TimeFrom,
    pub layout: Layout,
    /// Earlier versions of every object are kept in place (S3 Versioning); `None`: not said.
    pub versioning: Option<bool>,
    /// How long earlier versions are kept (`None`: until deleted).
    pub version_retention: Option<Duration>,
    /// A single recovery point taken once, not on a schedule (read only without `frequency`).
    pub one_off: bool,
}

/// Continuous replication to the secondary region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionReplication {
    pub mode: Mode,
    /// Declared lag; `None` means the default for the kind and mode.
    pub lag: Option<Duration>,
    /// Where the copy is when it is not `regions.secondary` (`replication.region`).
    pub region: Option<String>,
}

/// Per-component overrides of the assumption table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recovery {
    pub detection: Option<Duration>,
    pub provision: Option<Duration>,
    pub startup: Duration,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Retry {
    pub max_attempts: Option<u32>,
    /// `exponential`, `linear`, `constant`/`fixed`, `none` as declared.
    pub backoff: Option<String>,
    pub jitter: bool,
}

/// A dependency `from -> to`: `from` needs `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub to: CompIdx,
    pub mode: Mode,
    pub critical: bool,
    pub timeout: Option<Duration>,
    /// Boxed: most edges declare none.
    pub retry: Option<Box<Retry>>,
    pub circuit_breaker: bool,
    pub fallback: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Drill {
    pub date: Date,
    pub disruption: Disruption,
    pub rto: Option<Duration>,
    pub rpo: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Observability {
    pub alarms: Vec<String>,
    /// Experiments whose templates exist (by kind).
    pub experiments: Vec<String>,
    pub runbook: Option<String>,
    pub last_tested: Option<Date>,
    pub drills: Vec<Drill>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub id: String,
    pub kind: Kind,
    pub name: Option<String>,
    pub description: Option<String>,
    pub owner: Option<String>,
    pub service: Option<String>,
    pub tags: Vec<String>,
    pub stateful: bool,
    pub data_gb: f64,
    /// Declared monthly running cost; `None` means the pricing table's default for the kind.
    pub monthly_cost: Option<f64>,
    pub entry: Option<bool>,
    pub cell: Option<String>,
    pub scope: Scope,
    pub deployment: Deployment,
    /// Boxed: most components have none, and a component is held 100,000 times.
    pub backup: Option<Box<Backup>>,
    pub replication: Option<RegionReplication>,
    pub recovery: Recovery,
    pub deploy: DeployMethod,
    pub throttling: bool,
    pub load_shedding: bool,
    pub observability: Observability,
    pub availability: Option<f64>,
    /// The policy that applies to this component (the app's, shared, or its own override).
    pub policy: std::sync::Arc<Policy>,
    /// Whether `policy` came from the component itself.
    pub policy_overridden: bool,
    pub depends_on: Vec<Edge>,
    /// Whether deleting it takes a deliberate step first; `None`: not said.
    pub deletion_protection: Option<bool>,
    /// What survives its deletion.
    pub on_delete: Deletion,
    /// The infrastructure-as-code resources it was imported from.
    pub imported_from: Vec<Origin>,
    /// The cloud resources it stands for, where `drplan verify` reads recovery evidence.
    pub resources: Vec<Resource>,
}

/// A resource in an infrastructure-as-code file that a component was imported from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The file as the architecture named it.
    pub file: String,
    /// The Terraform address or the CloudFormation logical id.
    pub address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Where the resource starts in the file (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// The cloud a component runs on, from its `service`'s prefix (`aws:rds`, `azure:sql`,
/// `gcp:cloudsql`): which mechanisms a fix names, and whether `drplan verify` and `drplan ops`
/// (AWS only for now) can act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cloud {
    Aws,
    Azure,
    Gcp,
}

impl Cloud {
    /// The cloud a service hint names, by its prefix; `None` for a hint without one.
    pub fn of_service(service: &str) -> Option<Cloud> {
        let prefix = service.split(':').next()?;
        match prefix.to_ascii_lowercase().as_str() {
            "aws" => Some(Cloud::Aws),
            "azure" => Some(Cloud::Azure),
            "gcp" => Some(Cloud::Gcp),
            _ => None,
        }
    }

    /// Its name in a sentence.
    pub fn name(self) -> &'static str {
        match self {
            Cloud::Aws => "AWS",
            Cloud::Azure => "Azure",
            Cloud::Gcp => "Google Cloud",
        }
    }

    /// Where its alerts are made.
    pub fn monitoring(self) -> &'static str {
        match self {
            Cloud::Aws => "CloudWatch",
            Cloud::Azure => "Azure Monitor",
            Cloud::Gcp => "Cloud Monitoring",
        }
    }
}

/// The entry of a table keyed by service (published figures, list prices) that applies to a
/// service: the one whose key is the longest that is the service or one above it, up to a `:`
/// (`azure:sql` covers `azure:sql:elasticpool`, not `azure:sqlx`).
pub fn by_service<T>(
    rows: impl Iterator<Item = T>,
    service: &str,
    key: impl Fn(&T) -> &str,
) -> Option<T> {
    let covers = |row: &str| match service.strip_prefix(row) {
        Some(rest) => rest.is_empty() || rest.starts_with(':'),
        None => false,
    };
    rows.filter(|r| covers(key(r))).max_by_key(|r| key(r).len())
}

impl Component {
    /// The cloud its `service` names, if any.
    pub fn cloud(&self) -> Option<Cloud> {
        self.service.as_deref().and_then(Cloud::of_service)
    }

    /// Whether it runs on another cloud than AWS, which `drplan verify` and `drplan ops` do not
    /// read or emit for yet; that cloud.
    pub fn beyond_aws(&self) -> Option<Cloud> {
        self.cloud().filter(|c| *c != Cloud::Aws)
    }

    /// External and global components are outside the zone/region rules (docs/model.md §1, docs/rules/).
    pub fn outside_our_failure_domains(&self) -> bool {
        self.kind == Kind::External || self.scope == Scope::Global
    }

    /// Zones the component effectively spans (`zonal` pins it to one).
    pub fn effective_zones(&self) -> u32 {
        if self.scope == Scope::Zonal {
            1
        } else {
            self.deployment.zones
        }
    }

    /// The backup block, when backups are actually taken.
    pub fn backups(&self) -> Option<&Backup> {
        self.backup.as_deref().filter(|b| b.frequency.is_some())
    }

    /// How long earlier versions of its data are kept, when it keeps them (`Some(None)`: until
    /// deleted).
    pub fn versions_kept(&self) -> Option<Option<Duration>> {
        self.backup
            .as_deref()
            .filter(|b| b.versioning == Some(true))
            .map(|b| b.version_retention)
    }

    /// Whether earlier versions of its data are kept in place (S3 Versioning).
    pub fn keeps_versions(&self) -> bool {
        self.backup
            .as_ref()
            .is_some_and(|b| b.versioning == Some(true))
    }

    /// Its only recovery point is one taken once (a snapshot resource): no schedule.
    pub fn one_off_only(&self) -> bool {
        self.backup
            .as_ref()
            .is_some_and(|b| b.one_off && b.frequency.is_none())
    }

    pub fn has_backups(&self) -> bool {
        self.backups().is_some()
    }

    /// The backup RPO `B`: `pitr_rpo` with PITR, else the interval. `None` without backups.
    pub fn backup_interval(&self, pitr_rpo: Duration) -> Option<Duration> {
        self.backups()
            .and_then(|b| if b.pitr { Some(pitr_rpo) } else { b.frequency })
    }
}

/// Component ids to indices, with a fast fixed hash (one lookup per edge while reading).
pub type IdIndex = HashMap<String, CompIdx, foldhash::fast::FixedState>;

/// The positions of `n` ids (`id(k)`, the id at position `k`) in the ids' order, equal ids in
/// their own: a list of positions where a map would copy a million ids (equal ids are side by
/// side, the first one given first).
pub fn id_order<'a>(n: usize, id: impl Fn(CompIdx) -> &'a str + Sync) -> Vec<CompIdx> {
    use rayon::prelude::*;
    let mut order: Vec<CompIdx> = (0..n).collect();
    order.par_sort_unstable_by(|&a, &b| id(a).cmp(id(b)).then(a.cmp(&b)));
    order
}

/// Each id given before, by position: where it is again, where it is first, and how many
/// times it has been given so far (2 for the second time), from the ids' order ([`id_order`]).
pub fn repeated_ids<'a>(order: &[CompIdx], id: impl Fn(CompIdx) -> &'a str) -> Vec<Repeated> {
    let mut repeated: Vec<Repeated> = Vec::new();
    for run in order.chunk_by(|&a, &b| id(a) == id(b)) {
        let first = run[0];
        for (n, &at) in run.iter().enumerate().skip(1) {
            repeated.push(Repeated {
                at,
                first,
                nth: n + 1,
            });
        }
    }
    repeated.sort_unstable_by_key(|r| r.at);
    repeated
}

/// An id given again ([`repeated_ids`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repeated {
    pub at: CompIdx,
    pub first: CompIdx,
    pub nth: usize,
}

/// A checked architecture.
#[derive(Debug, Clone, PartialEq)]
pub struct Architecture {
    pub name: String,
    pub currency: String,
    pub regions: Regions,
    pub policy: Policy,
    pub business: Business,
    pub components: Vec<Component>,
    pub index: IdIndex,
}

impl Architecture {
    pub fn find(&self, id: &str) -> Option<CompIdx> {
        self.index.get(id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Repeated ids read from the ids' order are those a map counting ids in order finds.
        #[test]
        fn repeated_ids_are_those_counted_in_order(ids in proptest::collection::vec("[ab]{0,2}", 0..40)) {
            let mut seen: HashMap<&str, (CompIdx, usize)> = HashMap::new();
            let mut expected = Vec::new();
            for (at, id) in ids.iter().enumerate() {
                let (first, nth) = seen.entry(id.as_str()).or_insert((at, 0));
                *nth += 1;
                if *nth > 1 {
                    expected.push(Repeated { at, first: *first, nth: *nth });
                }
            }
            let id = |k: CompIdx| ids[k].as_str();
            prop_assert_eq!(repeated_ids(&id_order(ids.len(), id), id), expected);
        }
    }
}
