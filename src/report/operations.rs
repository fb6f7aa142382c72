//! The JSON views of the resiliency score, the operational recommendations, composite
//! availability and drills (docs/score.md describes every field). Lists are serialized from
//! the assessment as they are written, never held as views.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::Serializer;

use super::ByDisruption;
use super::json::{Listed, Parallel};
use crate::assess::Assessment;
use crate::availability::EntryAvailability;
use crate::estimate::drills::Drilled;
use crate::model::{Architecture, CompIdx, PerDisruption};
use crate::ops::{self, AlarmKind, Coverage, ExperimentKind, SopKind};

/// Points are shown to two decimals; the total is rounded from the exact sum.
fn points(p: f64) -> f64 {
    (p * 100.0).round() / 100.0
}

/// Percentages are shown to six decimals (a millionth of a percent is 0.03 s a year).
fn percent(p: f64) -> f64 {
    (p * 1e6).round() / 1e6
}

#[derive(Serialize)]
pub struct ScoreView {
    pub total: u32,
    pub compliance: ComplianceView,
    pub alarms: CoverageView,
    pub sops: CoverageView,
    pub tests: CoverageView,
}

#[derive(Serialize)]
pub struct ComplianceView {
    pub points: f64,
    pub max: u32,
    pub per_disruption: ByDisruption<f64>,
}

#[derive(Serialize)]
pub struct CoverageView {
    pub implemented: usize,
    pub recommended: usize,
    pub points: f64,
    pub max: u32,
}

impl CoverageView {
    fn new(c: Coverage, max: f64) -> CoverageView {
        CoverageView {
            implemented: c.implemented,
            recommended: c.recommended,
            points: points(max * c.ratio()),
            max: max as u32,
        }
    }
}

impl ScoreView {
    pub fn new(s: &crate::assess::Score) -> ScoreView {
        ScoreView {
            total: s.total,
            compliance: ComplianceView {
                points: points(s.compliance_points()),
                max: (4.0 * crate::assess::score::COMPLIANCE_PER_DISRUPTION) as u32,
                per_disruption: ByDisruption(PerDisruption(s.compliance.0.map(points))),
            },
            alarms: CoverageView::new(s.alarms, crate::assess::score::ALARMS_MAX),
            sops: CoverageView::new(s.sops, crate::assess::score::SOPS_MAX),
            tests: CoverageView::new(s.tests, crate::assess::score::TESTS_MAX),
        }
    }
}

/// `operational`: alarms, SOPs and experiments, each list in blast-radius order.
pub struct OperationalView<'a> {
    arch: &'a Architecture,
    assessment: &'a Assessment,
    parallel: bool,
}

impl<'a> OperationalView<'a> {
    pub fn new(arch: &'a Architecture, assessment: &'a Assessment, parallel: bool) -> Self {
        OperationalView {
            arch,
            assessment,
            parallel,
        }
    }

    fn id(&self, c: CompIdx) -> &'a str {
        self.arch.components[c].id.as_str()
    }

    /// The components in blast-radius order: each list below is the concatenation of its
    /// components' items in this order.
    pub fn order(&self) -> &'a [CompIdx] {
        &self.assessment.ops.order
    }

    pub fn alarms_of(&self, c: CompIdx) -> impl Iterator<Item = AlarmView<'a>> + '_ {
        let (arch, g) = (self.arch, &self.assessment.core.graph);
        ops::alarms_of(arch, g, c).map(move |x| AlarmView {
            key: x.key(arch),
            component: self.id(x.component),
            kind: x.kind,
            threshold_secs: x.threshold.map(crate::duration::secs),
            dependencies: (x.kind == AlarmKind::Errors).then(|| {
                ops::sync_callees(arch, g, x.component)
                    .into_iter()
                    .map(|d| self.id(d))
                    .collect()
            }),
            implemented: x.implemented,
        })
    }

    pub fn sop_of(&self, c: CompIdx) -> Option<SopView<'a>> {
        let arch = self.arch;
        ops::sop_of(arch, &self.assessment.core.graph, c).map(|x| SopView {
            key: x.key(arch),
            component: self.id(x.component),
            kind: x.kind,
            implemented: x.implemented,
            runbook: arch.components[x.component]
                .observability
                .runbook
                .as_deref(),
        })
    }

    pub fn experiments_of(&self, c: CompIdx) -> impl Iterator<Item = ExperimentView<'a>> + '_ {
        let a = self.assessment;
        ops::experiments_of(self.arch, &a.core.graph, c).map(move |x| ExperimentView {
            key: x.key(self.arch),
            component: self.id(x.component),
            kind: x.kind,
            dependency: x.dependency.map(|d| self.id(d)),
            tested: a.ops.tested[x.component],
        })
    }

    /// How to implement each kind of recommendation, by kind.
    pub fn kinds(&self) -> BTreeMap<&'static str, &'static str> {
        let mut kinds = BTreeMap::new();
        for k in [
            AlarmKind::Health,
            AlarmKind::ReplicationLag,
            AlarmKind::BackupFreshness,
            AlarmKind::Errors,
        ] {
            kinds.insert(k.as_str(), k.how());
        }
        for k in [SopKind::RecoverData, SopKind::RestoreService] {
            kinds.insert(k.as_str(), k.how());
        }
        for k in [
            ExperimentKind::InstanceLoss,
            ExperimentKind::AzLoss,
            ExperimentKind::RegionFailover,
            ExperimentKind::LatencyInjection,
        ] {
            kinds.insert(k.as_str(), k.how());
        }
        kinds
    }
}

/// Which of the three lists.
#[derive(Clone, Copy)]
enum Which {
    Alarms,
    Sops,
    Experiments,
}

/// An item of one of the lists, serialized as the item itself.
#[derive(Serialize)]
#[serde(untagged)]
enum Item<'a> {
    Alarm(AlarmView<'a>),
    Sop(SopView<'a>),
    Experiment(ExperimentView<'a>),
}

/// One of the three lists: a group of items per component, in blast-radius order.
struct List<'v, 'a> {
    view: &'v OperationalView<'a>,
    which: Which,
}

impl<'a> Listed for List<'_, 'a> {
    type Item = Item<'a>;

    fn groups(&self) -> usize {
        self.view.order().len()
    }

    fn group(&self, i: usize, each: &mut dyn FnMut(Item<'a>)) {
        let (v, c) = (self.view, self.view.order()[i]);
        match self.which {
            Which::Alarms => v.alarms_of(c).map(Item::Alarm).for_each(each),
            Which::Sops => v.sop_of(c).map(Item::Sop).into_iter().for_each(each),
            Which::Experiments => v.experiments_of(c).map(Item::Experiment).for_each(each),
        }
    }
}

impl Serialize for OperationalView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let list = |which| List { view: self, which };
        let (alarms, sops, experiments) = (
            list(Which::Alarms),
            list(Which::Sops),
            list(Which::Experiments),
        );
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("alarms", &Parallel::new(&alarms, self.parallel))?;
        m.serialize_entry("sops", &Parallel::new(&sops, self.parallel))?;
        m.serialize_entry("experiments", &Parallel::new(&experiments, self.parallel))?;
        m.serialize_entry("kinds", &self.kinds())?;
        m.end()
    }
}

#[derive(Serialize)]
pub struct AlarmView<'a> {
    /// The stable key (`alarm:KIND:COMPONENT`), as `drplan ops` writes it.
    key: String,
    component: &'a str,
    kind: AlarmKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    threshold_secs: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dependencies: Option<Vec<&'a str>>,
    implemented: bool,
}

#[derive(Serialize)]
pub struct SopView<'a> {
    key: String,
    component: &'a str,
    kind: SopKind,
    implemented: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    runbook: Option<&'a str>,
}

#[derive(Serialize)]
pub struct ExperimentView<'a> {
    key: String,
    component: &'a str,
    kind: ExperimentKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    dependency: Option<&'a str>,
    /// The component was tested (game day, drill or an AWS FIS experiment that completed) within
    /// the test window.
    tested: bool,
}

/// `availability`: one entry per entry point, in id order.
pub struct AvailabilityList<'a> {
    pub arch: &'a Architecture,
    pub assessment: &'a Assessment,
}

impl Serialize for AvailabilityList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (arch, a) = (self.arch, self.assessment);
        s.collect_seq(
            a.core
                .availability
                .entries
                .iter()
                .map(|e| availability_view(arch, a, e)),
        )
    }
}

#[derive(Serialize)]
pub struct AvailabilityView<'a> {
    pub entry_point: &'a str,
    /// Percent.
    pub availability: f64,
    pub downtime_secs_per_year: u64,
    pub slo: Option<f64>,
    pub meets_slo: Option<bool>,
    /// Components multiplied in, the entry point included.
    pub components: u64,
    pub weakest: Vec<WeakView<'a>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
}

#[derive(Serialize)]
pub struct WeakView<'a> {
    pub component: &'a str,
    pub availability: f64,
    pub declared: bool,
    pub downtime_secs_per_year: u64,
}

pub fn availability_view<'a>(
    arch: &'a Architecture,
    a: &'a Assessment,
    e: &EntryAvailability,
) -> AvailabilityView<'a> {
    let slo = arch.components[e.entry].policy.availability_slo;
    AvailabilityView {
        entry_point: &arch.components[e.entry].id,
        availability: percent(e.percent()),
        downtime_secs_per_year: crate::duration::secs(e.downtime_per_year()),
        slo,
        meets_slo: slo.map(|slo| e.percent() >= slo - 1e-9),
        components: e.components,
        weakest: e
            .weakest
            .iter()
            .map(|&c| {
                let own = a.core.availability.own[c];
                WeakView {
                    component: &arch.components[c].id,
                    availability: percent(own),
                    declared: arch.components[c].availability.is_some(),
                    downtime_secs_per_year: crate::duration::secs(
                        crate::availability::downtime_per_year(own / 100.0),
                    ),
                }
            })
            .collect(),
        estimated: e.estimated,
    }
}

/// What a drill measured (`null`: the figure was not measured).
#[derive(Serialize)]
pub struct DrillView {
    pub date: String,
    pub rto_secs: Option<u64>,
    pub rpo_secs: Option<u64>,
}

/// The model's estimate a drill replaced (`null`: unrecoverable).
#[derive(Serialize)]
pub struct ModelView {
    pub rto_secs: Option<u64>,
    pub rpo_secs: Option<u64>,
    /// The drill measured a longer RTO or a larger RPO (DR404).
    pub optimistic: bool,
}

pub fn drill_views(arch: &Architecture, d: &Drilled) -> (DrillView, ModelView) {
    let drill = d.drill(arch);
    (
        DrillView {
            date: drill.date.to_string(),
            rto_secs: drill.rto.map(crate::duration::secs),
            rpo_secs: drill.rpo.map(crate::duration::secs),
        },
        ModelView {
            rto_secs: d.model.rto().secs(),
            rpo_secs: d.model.rpo().secs(),
            optimistic: d.model_was_optimistic(arch),
        },
    )
}
