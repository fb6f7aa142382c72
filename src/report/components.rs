//! `components[]`: each component's estimates with their terms, its blast radius and whether
//! it is a single point of failure, viewed one at a time as the list is serialized.

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use super::ByDisruption;
use super::json::{Listed, Parallel};
use super::operations::{DrillView, ModelView, drill_views};
use crate::assess::{Assessment, Status};
use crate::estimate::{Estimate, Terms};
use crate::model::{Architecture, CompIdx, Disruption, Kind, Origin, PerDisruption};

#[derive(Serialize)]
pub struct ComponentView<'a> {
    pub id: &'a str,
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<&'a str>,
    /// The infrastructure-as-code resources it was imported from.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub imported_from: &'a [Origin],
    pub entry: bool,
    pub stateful: bool,
    pub disruptions: ByDisruption<ComponentDisruptionView>,
    pub blast_radius: BlastView<'a>,
    pub spof: bool,
    /// Its settings as drplan evaluated them, defaults applied: what `drplan diff` compares.
    pub config: ConfigView<'a>,
}

/// A component's settings, defaults applied (durations in seconds).
#[derive(Serialize)]
pub struct ConfigView<'a> {
    pub stateful: bool,
    pub data_gb: f64,
    pub scope: crate::model::Scope,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_cost: Option<f64>,
    pub deployment: DeploymentConfig,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup: Option<BackupConfig<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replication: Option<ReplicationConfig<'a>>,
    pub deploy: crate::model::DeployMethod,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_protection: Option<bool>,
    pub alarms: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runbook: Option<&'a str>,
    pub depends_on: Vec<EdgeConfig<'a>>,
}

#[derive(Serialize)]
pub struct DeploymentConfig {
    pub instances: u32,
    pub zones: u32,
    pub region_strategy: crate::model::Strategy,
    pub managed_failover: bool,
    pub replication: crate::model::Mode,
}

#[derive(Serialize)]
pub struct BackupConfig<'a> {
    pub frequency_secs: Option<u64>,
    pub retention_secs: Option<u64>,
    pub pitr: bool,
    pub cross_region_copy: bool,
    /// Where the copies go when it is not the secondary region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_region: Option<&'a str>,
    pub immutable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub versioning: Option<bool>,
}

#[derive(Serialize)]
pub struct ReplicationConfig<'a> {
    pub mode: crate::model::Mode,
    pub lag_secs: Option<u64>,
    /// Where the copy is when it is not the secondary region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<&'a str>,
}

#[derive(Serialize)]
pub struct EdgeConfig<'a> {
    pub id: &'a str,
    pub mode: crate::model::Mode,
    pub critical: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_secs: Option<u64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub circuit_breaker: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub retry: bool,
}

fn config<'a>(arch: &'a Architecture, c: &'a crate::model::Component) -> ConfigView<'a> {
    let secs = crate::duration::secs;
    ConfigView {
        stateful: c.stateful,
        data_gb: c.data_gb,
        scope: c.scope,
        monthly_cost: c.monthly_cost,
        deployment: DeploymentConfig {
            instances: c.deployment.instances,
            zones: c.effective_zones(),
            region_strategy: c.deployment.region_strategy,
            managed_failover: c.deployment.managed_failover,
            replication: c.deployment.replication,
        },
        backup: c.backup.as_deref().map(|b| BackupConfig {
            frequency_secs: b.frequency.map(secs),
            retention_secs: b.retention.map(secs),
            pitr: b.pitr,
            cross_region_copy: b.cross_region_copy,
            copy_region: b.copy_region.as_deref(),
            immutable: b.immutable,
            versioning: b.versioning,
        }),
        replication: c.replication.as_ref().map(|r| ReplicationConfig {
            mode: r.mode,
            lag_secs: r.lag.map(secs),
            region: r.region.as_deref(),
        }),
        deploy: c.deploy,
        deletion_protection: c.deletion_protection,
        alarms: &c.observability.alarms,
        runbook: c.observability.runbook.as_deref(),
        depends_on: (c.depends_on.iter())
            .map(|e| EdgeConfig {
                id: &arch.components[e.to].id,
                mode: e.mode,
                critical: e.critical,
                timeout_secs: e.timeout.map(secs),
                circuit_breaker: e.circuit_breaker,
                retry: e.retry.is_some(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct ComponentDisruptionView {
    pub status: Status,
    /// Its own RTO (`null`: unrecoverable).
    pub rto_secs: Option<u64>,
    /// When it can serve with its critical dependencies back.
    pub ready_secs: Option<u64>,
    pub rpo_secs: Option<u64>,
    #[serde(serialize_with = "terms")]
    pub terms: Terms,
    #[serde(serialize_with = "terms", skip_serializing_if = "Terms::is_empty")]
    pub rpo_terms: Terms,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unrecoverable: Option<&'static str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub measured: bool,
    /// The drill whose figures replaced the model's (docs/score.md, drills).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drill: Option<DrillView>,
    /// The model's estimate the drill replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelView>,
}

#[derive(Serialize)]
struct TermView {
    what: &'static str,
    secs: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    measured: bool,
}

fn terms<S: Serializer>(terms: &Terms, s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(terms.len()))?;
    for t in terms.iter() {
        seq.serialize_element(&TermView {
            what: t.what(),
            secs: crate::duration::secs(t.duration),
            measured: t.measured(),
        })?;
    }
    seq.end()
}

#[derive(Serialize)]
pub struct BlastView<'a> {
    pub components: u64,
    pub entry_points: u64,
    pub sample: Vec<&'a str>,
    pub cells: Vec<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
}

/// The components, each viewed when it is serialized.
pub struct Components<'a> {
    arch: &'a Architecture,
    assessment: &'a Assessment,
    parallel: bool,
}

impl<'a> Components<'a> {
    pub fn new(arch: &'a Architecture, assessment: &'a Assessment, parallel: bool) -> Self {
        Components {
            arch,
            assessment,
            parallel,
        }
    }

    pub fn len(&self) -> usize {
        self.arch.components.len()
    }

    pub fn is_empty(&self) -> bool {
        self.arch.components.is_empty()
    }

    pub fn get(&self, i: CompIdx) -> ComponentView<'a> {
        let (arch, a) = (self.arch, self.assessment);
        let c = &arch.components[i];
        let b = &a.blast.radius[i];
        let mut estimates = a.core.estimates_of(arch, i);
        ComponentView {
            id: &c.id,
            kind: c.kind,
            name: c.name.as_deref(),
            cell: c.cell.as_deref(),
            imported_from: &c.imported_from,
            entry: a.core.graph.is_entry[i],
            stateful: c.stateful,
            disruptions: ByDisruption(PerDisruption::from_fn(|d| {
                let est = std::mem::replace(
                    &mut estimates[d],
                    Estimate::Unrecoverable(crate::estimate::Unrecoverable::NoBackups),
                );
                disruption(arch, a, i, d, est)
            })),
            blast_radius: BlastView {
                components: b.components,
                entry_points: b.entry_points,
                sample: (b.sample.iter())
                    .map(|&x| arch.components[x].id.as_str())
                    .collect(),
                cells: (b.cells.iter())
                    .map(|&k| a.blast.cells[k as usize].as_str())
                    .collect(),
                estimated: b.estimated,
            },
            spof: a.spof[i],
            config: config(arch, c),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = ComponentView<'a>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

impl<'a> Listed for Components<'a> {
    type Item = ComponentView<'a>;

    fn groups(&self) -> usize {
        self.len()
    }

    fn group(&self, i: usize, each: &mut dyn FnMut(ComponentView<'a>)) {
        each(self.get(i));
    }
}

impl Serialize for Components<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Parallel::new(self, self.parallel).serialize(s)
    }
}

fn disruption(
    arch: &Architecture,
    assessment: &Assessment,
    c: CompIdx,
    d: Disruption,
    est: Estimate,
) -> ComponentDisruptionView {
    let cd = &assessment.core.components[c][d];
    let (rto_secs, rpo_secs, measured) = (est.rto().secs(), est.rpo().secs(), est.measured());
    let (terms, rpo_terms, unrecoverable) = match est {
        Estimate::Recoverable { rto, rpo } => (rto, rpo, None),
        Estimate::Unrecoverable(u) => (Terms::new(), Terms::new(), Some(u.reason())),
    };
    let (drill, model) = match assessment.core.drilled(c, d) {
        Some(x) => {
            let (drill, model) = drill_views(arch, x);
            (Some(drill), Some(model))
        }
        None => (None, None),
    };
    ComponentDisruptionView {
        status: cd.status,
        rto_secs,
        ready_secs: cd.ready.secs(),
        rpo_secs,
        terms,
        rpo_terms,
        unrecoverable,
        measured,
        drill,
        model,
    }
}
