//! The recovery runbook (docs/report.md, `drplan plan`): for each disruption, one
//! step per component that has to recover, in dependency order, with the times of the
//! readiness pass, what can run in parallel (waves), the action in words from the estimate's
//! terms, and what cannot recover at all, with the reason.
//!
//! Timing follows the model of docs/model.md §2: every component's own recovery work starts at the
//! disruption, in parallel with every other; a component is back in service (`finish`) once
//! its own work is done and its critical dependencies are back (`start`), plus its startup.
//! So a dependency's `finish` is never after its dependent's `start`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::assess::{Assessment, Status};
use crate::duration::human_secs;
use crate::estimate::{Estimate, Eta, Term, TermKind, fmt_num};
use crate::model::{
    Architecture, CompIdx, Component, DeployMethod, Disruption, Kind, Strategy, Target,
};
use crate::options::Options;

/// Version of the `drplan plan --format json` shape (docs/report.md).
pub const SCHEMA_VERSION: u32 = 1;

/// What the runbook and the reports read from the pipeline.
///
/// The single place that reaches into how the assessment stores estimates: when that storage
/// changes, only [`Inputs::estimate`] changes.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub arch: &'a Architecture,
    pub assessment: &'a Assessment,
    pub options: &'a Options,
}

impl<'a> Inputs<'a> {
    pub fn new(arch: &'a Architecture, assessment: &'a Assessment, options: &'a Options) -> Self {
        Inputs {
            arch,
            assessment,
            options,
        }
    }

    /// Component `c`'s own estimate under `d`.
    pub fn estimate(&self, c: CompIdx, d: Disruption) -> Cow<'a, Estimate> {
        Cow::Owned(self.assessment.core.estimate(self.arch, c, d))
    }

    pub fn id(&self, c: CompIdx) -> &'a str {
        &self.arch.components[c].id
    }

    /// The secondary region's name, for actions.
    pub fn secondary(&self) -> &'a str {
        self.arch.regions.secondary_name()
    }
}

/// `drplan plan`: the runbook of every disruption asked for.
#[derive(Serialize)]
pub struct Runbook<'a> {
    pub schema_version: u32,
    pub architecture: &'a str,
    pub primary_region: Option<&'a str>,
    pub secondary_region: Option<&'a str>,
    pub disruptions: BTreeMap<Disruption, Recovery<'a>>,
}

/// The runbook of one disruption.
#[derive(Serialize)]
pub struct Recovery<'a> {
    pub status: Status,
    pub target: Option<Target>,
    /// When the app is back: the last entry point in service (`null`: never).
    pub rto_secs: Option<u64>,
    pub rto: String,
    pub rpo_secs: Option<u64>,
    pub rpo: String,
    pub critical_path: Vec<&'a str>,
    /// Number of waves: steps of one wave run in parallel.
    pub waves: usize,
    pub steps: Vec<Step<'a>>,
    /// Components that cannot recover until the failed zone or region returns.
    pub blocked: Vec<Blocked<'a>>,
    /// Components the disruption does not touch (global, external, or serving on).
    pub unaffected: Vec<&'a str>,
}

/// One component's recovery.
#[derive(Serialize)]
pub struct Step<'a> {
    /// 1-based position in the runbook (dependency order).
    pub order: usize,
    /// 1-based: a step's wave is one more than the latest wave of what it waits for.
    pub wave: usize,
    pub component: &'a str,
    #[serde(skip)]
    pub index: CompIdx,
    pub kind: Kind,
    /// When its critical dependencies are back: it can be put into service from then.
    pub start_secs: u64,
    pub start: String,
    /// When it serves again (`ready`).
    pub finish_secs: u64,
    pub finish: String,
    /// Its own recovery work (its own RTO), which starts at the disruption.
    pub work_secs: u64,
    pub startup_secs: u64,
    /// The steps it waits for (its critical dependencies that recover too), by id.
    pub waits_for: Vec<&'a str>,
    /// What to do, in words.
    pub action: String,
    /// Nothing to do by hand: failover or health checks take care of it; check it happened.
    pub automatic: bool,
    /// On the app's critical path for this disruption.
    pub critical_path: bool,
    /// An entry point needs it through critical edges: the app's recovery waits for it
    /// (otherwise it only degrades the app).
    #[serde(skip)]
    pub gates_app: bool,
    pub terms: Vec<StepTerm>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub measured: bool,
}

/// One term of a step's own recovery time.
#[derive(Serialize)]
pub struct StepTerm {
    pub what: &'static str,
    pub detail: String,
    pub secs: u64,
}

/// A component that cannot recover, and why.
#[derive(Serialize)]
pub struct Blocked<'a> {
    pub component: &'a str,
    #[serde(skip)]
    pub index: CompIdx,
    pub kind: Kind,
    pub reason: String,
    /// The critical dependency it waits on (`null`: it cannot recover itself).
    pub waits_on: Option<&'a str>,
    /// The component that cannot recover at the bottom of the chain (itself, or below).
    pub root: &'a str,
}

/// The runbook of `only` (or of every disruption).
pub fn build<'a>(inputs: Inputs<'a>, only: Option<Disruption>) -> Runbook<'a> {
    let arch = inputs.arch;
    Runbook {
        schema_version: SCHEMA_VERSION,
        architecture: &arch.name,
        primary_region: arch.regions.primary.as_deref(),
        secondary_region: arch.regions.secondary.as_deref(),
        disruptions: Disruption::ALL
            .into_iter()
            .filter(|d| only.is_none_or(|o| o == *d))
            .map(|d| (d, recovery(inputs, d)))
            .collect(),
    }
}

fn eta_text(e: Eta) -> String {
    e.to_string()
}

/// The runbook of one disruption.
pub fn recovery<'a>(inputs: Inputs<'a>, d: Disruption) -> Recovery<'a> {
    let (arch, a) = (inputs.arch, inputs.assessment);
    let g = &a.core.graph;
    let n = arch.components.len();
    let ready = |c: CompIdx| a.core.components[c][d].ready;
    let app = &a.core.app[d];
    let mut on_path = vec![false; n];
    for &c in &app.critical_path {
        on_path[c] = true;
    }

    // What each component is: a step, blocked, or untouched.
    let mut is_step = vec![false; n];
    let mut unaffected = Vec::new();
    for (c, step) in is_step.iter_mut().enumerate() {
        if ready(c) == Eta::Unrecoverable {
            continue;
        }
        if untouched(&inputs.estimate(c, d), &arch.components[c]) {
            unaffected.push(c);
        } else {
            *step = true;
        }
    }

    // Waves and root causes, in one pass over the strongly connected components (dependencies
    // first); the members of a cycle share them.
    let mut wave = vec![0usize; n];
    let mut root: Vec<Option<CompIdx>> = vec![None; n];
    let mut waits_on: Vec<Option<CompIdx>> = vec![None; n];
    let own_unrecoverable = |c: CompIdx| inputs.assessment.core.own_rto(c, d) == Eta::Unrecoverable;
    let rank = |c: CompIdx| g.id_rank[c];
    for members in &g.sccs {
        let scc = g.scc_of[members[0]];
        let outside = || {
            members
                .iter()
                .flat_map(|&m| g.critical_deps(m))
                .filter(move |&x| g.scc_of[x] != scc)
        };
        let w = 1 + outside()
            .filter(|&x| is_step[x])
            .map(|x| wave[x])
            .max()
            .unwrap_or(0);
        let cycle_root = members
            .iter()
            .copied()
            .filter(|&m| own_unrecoverable(m))
            .min_by_key(|&m| rank(m));
        for &m in members {
            wave[m] = w;
            if ready(m) != Eta::Unrecoverable {
                continue;
            }
            if own_unrecoverable(m) {
                root[m] = Some(m);
                continue;
            }
            let via = g
                .critical_deps(m)
                .filter(|&x| g.scc_of[x] != scc && ready(x) == Eta::Unrecoverable)
                .min_by_key(|&x| rank(x));
            waits_on[m] = via.or(cycle_root);
            root[m] = via.and_then(|x| root[x]).or(cycle_root);
        }
    }

    let mut order: Vec<CompIdx> = (0..n).filter(|&c| is_step[c]).collect();
    let secs = |e: Eta| e.secs().unwrap_or(0);
    // Wave by wave (a wave only waits on earlier ones), then by time.
    order.sort_by_key(|&c| {
        let cd = &a.core.components[c][d];
        (
            wave[c],
            secs(cd.start),
            secs(cd.ready),
            g.scc_of[c],
            rank(c),
        )
    });
    let steps: Vec<Step> = order
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let comp = &arch.components[c];
            let cd = &a.core.components[c][d];
            let est = inputs.estimate(c, d);
            let terms: &[Term] = match &*est {
                Estimate::Recoverable { rto, .. } => rto,
                Estimate::Unrecoverable(_) => &[],
            };
            let (action, automatic) = action(inputs, comp, d, terms);
            let mut waits_for: Vec<CompIdx> = g
                .critical_deps(c)
                .filter(|&x| is_step[x] && x != c)
                .collect();
            waits_for.sort_by_key(|&x| rank(x));
            waits_for.dedup();
            let (start, finish) = (secs(cd.start), secs(cd.ready));
            Step {
                order: i + 1,
                wave: wave[c],
                component: &comp.id,
                index: c,
                kind: comp.kind,
                start_secs: start,
                start: human_secs(start),
                finish_secs: finish,
                finish: human_secs(finish),
                work_secs: secs(est.rto()),
                startup_secs: crate::duration::secs(comp.recovery.startup),
                waits_for: waits_for.into_iter().map(|x| inputs.id(x)).collect(),
                action,
                automatic,
                critical_path: on_path[c],
                gates_app: g.reached[c],
                terms: terms
                    .iter()
                    .map(|t| StepTerm {
                        what: t.what(),
                        detail: t.detail(),
                        secs: crate::duration::secs(t.duration),
                    })
                    .collect(),
                measured: est.measured(),
            }
        })
        .collect();

    let mut blocked: Vec<Blocked> = (0..n)
        .filter(|&c| ready(c) == Eta::Unrecoverable)
        .map(|c| {
            let comp = &arch.components[c];
            let root_c = root[c].unwrap_or(c);
            let reason = match (&*inputs.estimate(c, d), waits_on[c]) {
                (Estimate::Unrecoverable(u), _) => u.reason().to_string(),
                (_, Some(x)) if root_c != x => format!(
                    "waits on {}, which waits on {}, which cannot recover",
                    inputs.id(x),
                    inputs.id(root_c)
                ),
                (_, Some(x)) => format!("waits on {}, which cannot recover", inputs.id(x)),
                (_, None) => "cannot recover".to_string(),
            };
            Blocked {
                component: &comp.id,
                index: c,
                kind: comp.kind,
                reason,
                waits_on: waits_on[c].map(|x| inputs.id(x)),
                root: inputs.id(root_c),
            }
        })
        .collect();
    // The causes first, then what they block; each group by id.
    blocked.sort_by_key(|b| (b.waits_on.is_some(), rank(b.index)));
    unaffected.sort_by_key(|&c| rank(c));

    Recovery {
        status: app.status,
        target: app.target,
        rto_secs: app.rto.secs(),
        rto: eta_text(app.rto),
        rpo_secs: app.rpo.secs(),
        rpo: eta_text(app.rpo),
        critical_path: app.critical_path.iter().map(|&c| inputs.id(c)).collect(),
        waves: steps.iter().map(|s| s.wave).max().unwrap_or(0),
        steps,
        blocked,
        unaffected: unaffected.into_iter().map(|c| inputs.id(c)).collect(),
    }
}

/// The disruption does not touch the component: nothing to recover.
fn untouched(est: &Estimate, c: &Component) -> bool {
    match est {
        Estimate::Recoverable { rto, .. } => {
            c.recovery.startup.is_zero()
                && rto
                    .iter()
                    .all(|t| matches!(t.kind, TermKind::Unaffected(_)))
        }
        Estimate::Unrecoverable(_) => false,
    }
}

/// The action in words, from the terms of the component's own recovery, and whether it
/// happens by itself (managed failover, health checks).
fn action(inputs: Inputs, c: &Component, d: Disruption, terms: &[Term]) -> (String, bool) {
    let id = c.id.as_str();
    let secondary = inputs.secondary();
    if c.kind == Kind::External {
        return (
            format!("Wait for the provider to recover {id} (declared recovery time)"),
            false,
        );
    }
    // Where its copies are: the region a copy names for itself, else the secondary.
    let copies = (c.backup.as_ref())
        .and_then(|b| b.copy_region.as_deref())
        .unwrap_or(secondary);
    let replica = (c.replication.as_ref())
        .and_then(|r| r.region.as_deref())
        .unwrap_or(secondary);
    let mut clauses: Vec<(String, bool)> = Vec::new();
    for t in terms {
        let subject = if clauses.is_empty() { id } else { "it" };
        let clause = match t.kind {
            TermKind::Detection | TermKind::Unaffected(_) => continue,
            TermKind::HealthCheckedDetection => (
                format!(
                    "{id} already serves from {secondary}: health checks move its traffic there"
                ),
                true,
            ),
            TermKind::Provision => (
                match d {
                    Disruption::Software => format!("rebuild {subject} from IaC"),
                    Disruption::Hardware => format!("replace {id}'s lost instance from IaC"),
                    Disruption::Az => format!("rebuild {subject} in a healthy zone from IaC"),
                    Disruption::Region => format!("provision {subject} in {secondary} from IaC"),
                },
                false,
            ),
            TermKind::Restore {
                data_gb,
                mb_per_sec,
                measured,
            } => {
                let size = format!(
                    "{} GB @ {} MB/s{}",
                    fmt_num(data_gb),
                    fmt_num(mb_per_sec),
                    if measured { ", measured" } else { "" }
                );
                let pitr = c.backups().is_some_and(|b| b.pitr);
                (
                    match d {
                        Disruption::Software if c.keeps_versions() => format!(
                            "copy back the versions of {subject}'s objects from before the damage ({size})"
                        ),
                        Disruption::Software => format!(
                            "restore {subject} to a new instance from the last {}recovery point before the damage ({size})",
                            if pitr { "point-in-time " } else { "" }
                        ),
                        Disruption::Hardware | Disruption::Az => {
                            format!("restore {subject} from the latest backup ({size})")
                        }
                        Disruption::Region => format!(
                            "restore {subject} from the cross-region backup copy in {copies} ({size})"
                        ),
                    },
                    false,
                )
            }
            TermKind::MeasuredRestore { .. } => (
                match d {
                    Disruption::Region => format!(
                        "restore {subject} from the cross-region copy in {copies} with AWS Backup (as measured)"
                    ),
                    _ => format!(
                        "restore {subject} from the latest recovery point with AWS Backup (as measured)"
                    ),
                },
                false,
            ),
            TermKind::GeoRestore => (
                format!("restore {subject} from its geo-replicated backups in {copies}"),
                false,
            ),
            TermKind::ArchiveRestore => (
                format!("restore {id}'s newest recovery point from the archive tier"),
                false,
            ),
            TermKind::Rollback(m) => (
                match m {
                    DeployMethod::InPlace | DeployMethod::Rolling => {
                        format!("roll {id} back to the previous version ({m} redeploy)")
                    }
                    DeployMethod::BlueGreen => {
                        format!("switch {id}'s traffic back to the previous (blue) environment")
                    }
                    DeployMethod::Canary => {
                        format!("stop {id}'s canary and shift its traffic back")
                    }
                },
                false,
            ),
            TermKind::Failover { manual: true, .. } => (
                format!(
                    "fail {id} over by hand to a healthy copy{}",
                    if d == Disruption::Az {
                        " in another zone"
                    } else {
                        ""
                    }
                ),
                false,
            ),
            TermKind::Failover { stateful: true, .. } => (
                format!("check that {id} failed over to its standby copy"),
                true,
            ),
            TermKind::Failover { .. } => (
                format!("the load balancer routes {id}'s traffic around the lost copy"),
                true,
            ),
            TermKind::ScaleUp(s) => (
                if c.kind == Kind::Storage {
                    format!("point readers of {id} at its replica in {replica}")
                } else if c.stateful {
                    format!("promote {id}'s replica in {replica}")
                } else if s == Strategy::PilotLight {
                    format!("start {id}'s pilot-light copy in {secondary} and scale it up")
                } else {
                    format!("scale {id}'s standby in {secondary} up to full size")
                },
                false,
            ),
            TermKind::TrafficSwitch => (format!("switch DNS / traffic to {secondary}"), false),
            TermKind::Drill(date) => (
                format!("recover {subject} as rehearsed in the drill of {date}"),
                false,
            ),
            // RPO terms never appear among RTO terms.
            TermKind::BackupInterval { .. }
            | TermKind::MeasuredBackupAge
            | TermKind::MeasuredPitrLag
            | TermKind::Versions
            | TermKind::CopyLag
            | TermKind::GeoRestoreLoss
            | TermKind::ReplicationLag(_)
            | TermKind::InRegionLag => continue,
        };
        clauses.push(clause);
    }
    if !c.recovery.startup.is_zero() {
        clauses.push((
            format!(
                "start {} once its dependencies are back ({})",
                if clauses.is_empty() { id } else { "it" },
                crate::duration::Human(c.recovery.startup)
            ),
            false,
        ));
    }
    if clauses.is_empty() {
        return (format!("Check that {id} serves again"), true);
    }
    let automatic = clauses.iter().all(|(_, auto)| *auto);
    let last = clauses.len() - 1;
    let mut text = String::new();
    for (i, (clause, _)) in clauses.iter().enumerate() {
        if i > 0 {
            text.push_str(if i == last { ", then " } else { ", " });
        }
        text.push_str(clause);
    }
    (capitalize(&text), automatic)
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
