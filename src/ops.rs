//! Operational recommendations (docs/score.md) and the resiliency score measured
//! against them (docs/score.md). Pure: derived from the architecture, its graph and blast radius.
//!
//! - **Alarms**: `health` on every entry point; `replication-lag` on every replicated store
//!   (stateful with cross-region `replication`, or with ≥ 2 in-region copies kept `async`),
//!   threshold half the RPO target the replica serves; `backup-freshness` on every backed-up
//!   store, threshold the RPO target the backups serve; `errors` (the error rate of its calls)
//!   on every caller of a sync edge. An alarm is implemented when its kind is listed in the
//!   component's `observability.alarms`.
//! - **SOPs**: one per recovery action: recovering the data of a stateful component, restoring
//!   service at an entry point. Implemented when `observability.runbook` is set.
//! - **Experiments** (game days, fault injection): instance loss and AZ loss on every component
//!   in our failure domains (not external, not global), a region failover drill where a region
//!   strategy exists, and latency injection on every sync edge (on the caller). A component
//!   counts as tested when its `last_tested`, a drill or an AWS FIS experiment that completed
//!   (measured by `drplan verify`, `assess --evidence`) is within `test_window` of `--now`.
//!
//! Every list is ordered by blast radius (components that depend on the subject, most first),
//! then id, then kind.

use std::time::Duration;

use crate::graph::DepGraph;
use crate::graph::blast::Blast;
use crate::model::{Architecture, CompIdx, Component, Disruption, Kind, Mode, Strategy};
use crate::options::Options;

macro_rules! kinds {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal: $how:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// How to implement it on AWS.
            pub fn how(self) -> &'static str {
                match self { $($name::$variant => $how),+ }
            }
        }
    };
}

kinds!(
    /// What an alarm watches.
    AlarmKind {
        Health = "health": "a Route 53 health check, the load balancer's healthy hosts or a Synthetics canary",
        ReplicationLag = "replication-lag": "the replica lag metric (Aurora global database, RDS ReplicaLag, DynamoDB ReplicationLatency, S3 RTC)",
        BackupFreshness = "backup-freshness": "failed AWS Backup jobs, or `drplan verify` on a schedule",
        Errors = "errors": "the client-side error rate of the calls to each sync dependency",
    }
);

kinds!(
    /// What a standard operating procedure recovers.
    SopKind {
        RecoverData = "recover-data": "restore the newest good recovery point or promote the replica, re-point the application, verify the data (an AWS Systems Manager Automation document)",
        RestoreService = "restore-service": "shift traffic away from the failed zone or region, roll back the last change, verify from the outside (an AWS Systems Manager Incident Manager response plan)",
    }
);

kinds!(
    /// A fault to inject on purpose.
    ExperimentKind {
        InstanceLoss = "instance-loss": "AWS FIS aws:ec2:terminate-instances / aws:rds:reboot-db-instances with failover",
        AzLoss = "az-loss": "AWS FIS AZ Availability: Power Interruption scenario, or an Application Recovery Controller zonal shift",
        RegionFailover = "region-failover": "fail over to the secondary region in a game day (Application Recovery Controller routing controls, AWS FIS cross-Region connectivity scenario)",
        LatencyInjection = "latency-injection": "AWS FIS network latency (aws:ssm:send-command AWSFIS-Run-Network-Latency) on the calls to the dependency, to prove its timeout and circuit breaker",
    }
);

/// A recommended alarm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alarm {
    pub component: CompIdx,
    pub kind: AlarmKind,
    /// When to fire (`None`: no figure applies, or no target to derive it from).
    pub threshold: Option<Duration>,
    pub implemented: bool,
}

/// A recommended standard operating procedure (runbook).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sop {
    pub component: CompIdx,
    pub kind: SopKind,
    pub implemented: bool,
}

/// A recommended experiment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Experiment {
    pub component: CompIdx,
    pub kind: ExperimentKind,
    /// The callee, for latency injection on an edge.
    pub dependency: Option<CompIdx>,
    /// Its template exists (`observability.experiments`); running it is what tests.
    pub implemented: bool,
}

impl Alarm {
    /// Its stable key, as findings have one (`Finding::key`): `alarm:KIND:COMPONENT`. The
    /// same item gets the same key in every run and every output (`drplan ops` writes it
    /// into its manifest and onto the resources it emits).
    pub fn key(&self, arch: &Architecture) -> String {
        format!(
            "alarm:{}:{}",
            self.kind.as_str(),
            arch.components[self.component].id
        )
    }
}

impl Sop {
    /// Its stable key: `sop:KIND:COMPONENT`.
    pub fn key(&self, arch: &Architecture) -> String {
        format!(
            "sop:{}:{}",
            self.kind.as_str(),
            arch.components[self.component].id
        )
    }
}

impl Experiment {
    /// Its stable key: `experiment:KIND:COMPONENT`, then `:CALLEE` for latency injection on
    /// an edge.
    pub fn key(&self, arch: &Architecture) -> String {
        let mut key = format!(
            "experiment:{}:{}",
            self.kind.as_str(),
            arch.components[self.component].id
        );
        if let Some(d) = self.dependency {
            key.push(':');
            key.push_str(&arch.components[d].id);
        }
        key
    }
}

/// Implemented out of recommended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub implemented: usize,
    pub recommended: usize,
}

impl Coverage {
    /// implemented / recommended; full when nothing is recommended.
    pub fn ratio(self) -> f64 {
        if self.recommended == 0 {
            1.0
        } else {
            self.implemented as f64 / self.recommended as f64
        }
    }

    fn add(&mut self, implemented: bool) {
        self.recommended += 1;
        self.implemented += usize::from(implemented);
    }
}

/// The recommendations, kept as the order to list them in and their coverage: each
/// component's alarms, SOP and experiments are derived from the architecture when asked
/// (`alarms_of`, ...), so 100,000 components do not hold half a million records.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Operations {
    /// Every component, largest blast radius first, then by id.
    pub order: Vec<CompIdx>,
    /// Per component: tested within the test window (`last_tested`, a drill or a measured
    /// experiment).
    pub tested: Vec<bool>,
    pub alarms: Coverage,
    pub sops: Coverage,
    /// Components with at least one experiment, and how many of them are tested.
    pub tests: Coverage,
}

impl Operations {
    /// Every recommended alarm, in blast-radius order.
    pub fn all_alarms<'a>(
        &'a self,
        arch: &'a Architecture,
        g: &'a DepGraph,
    ) -> impl Iterator<Item = Alarm> + 'a {
        self.order.iter().flat_map(move |&c| alarms_of(arch, g, c))
    }

    /// Every recommended SOP, in blast-radius order.
    pub fn all_sops<'a>(
        &'a self,
        arch: &'a Architecture,
        g: &'a DepGraph,
    ) -> impl Iterator<Item = Sop> + 'a {
        self.order.iter().filter_map(move |&c| sop_of(arch, g, c))
    }

    /// Every recommended experiment, in blast-radius order.
    pub fn all_experiments<'a>(
        &'a self,
        arch: &'a Architecture,
        g: &'a DepGraph,
    ) -> impl Iterator<Item = Experiment> + 'a {
        self.order
            .iter()
            .flat_map(move |&c| experiments_of(arch, g, c))
    }
}

/// Whether the component's last game day, a drill or an experiment that completed (`ran`:
/// the day of the newest one `drplan verify` measured) lies within `window` before `now` (a
/// date after `now` counts as recent).
pub fn tested_within(
    c: &Component,
    ran: Option<jiff::civil::Date>,
    now: jiff::civil::Date,
    window: Duration,
) -> bool {
    let recent = |date| within(date, now, window);
    c.observability.last_tested.is_some_and(recent)
        || c.observability.drills.iter().any(|d| recent(d.date))
        || ran.is_some_and(recent)
}

/// Whether `date` lies within `window` (whole days) before `now`; a date after `now` counts.
pub fn within(date: jiff::civil::Date, now: jiff::civil::Date, window: Duration) -> bool {
    let days = (window.as_secs() / 86_400) as i64;
    now.since(date)
        .is_ok_and(|span| i64::from(span.get_days()) <= days)
}

/// Per component, the day of the newest experiment that completed, as `drplan verify`
/// measured it (none without `assess --evidence`).
pub fn experiments_ran(arch: &Architecture, options: &Options) -> Vec<Option<jiff::civil::Date>> {
    let mut ran = vec![None; arch.components.len()];
    for (c, m) in &options.measured {
        if let Some(x) = &m.experiment
            && let Some(slot) = ran.get_mut(*c)
        {
            *slot = Some(x.date());
        }
    }
    ran
}

/// Whether the component keeps copies whose lag an alarm should watch.
pub fn replicated_store(c: &Component) -> bool {
    c.stateful
        && (c.replication.is_some()
            || (c.deployment.instances >= 2 && c.deployment.replication == Mode::Async))
}

/// Half the smallest RPO target the component's replicas serve: the region target for
/// cross-region replication, the hardware and AZ targets for async in-region copies.
fn replication_lag_threshold(c: &Component) -> Option<Duration> {
    let targets = &c.policy.targets;
    let mut rpos = Vec::new();
    if c.replication.is_some() {
        rpos.push(targets[Disruption::Region]);
    }
    if c.deployment.instances >= 2 && c.deployment.replication == Mode::Async {
        rpos.push(targets[Disruption::Hardware]);
        rpos.push(targets[Disruption::Az]);
    }
    rpos.into_iter().flatten().map(|t| t.rpo / 2).min()
}

/// The RPO target the backups serve: software (a restore from backup is the only way back from
/// corruption), else region when the backups are copied there.
fn backup_freshness_threshold(c: &Component) -> Option<Duration> {
    let targets = &c.policy.targets;
    let copied = c.backups().is_some_and(|b| b.cross_region_copy);
    targets[Disruption::Software]
        .or(targets[Disruption::Region].filter(|_| copied))
        .map(|t| t.rpo)
}

fn has_alarm(c: &Component, kind: AlarmKind) -> bool {
    c.observability.alarms.iter().any(|a| a == kind.as_str())
}

/// The alarms recommended on one component, in kind order.
pub fn alarms_of(arch: &Architecture, g: &DepGraph, i: CompIdx) -> impl Iterator<Item = Alarm> {
    let c = &arch.components[i];
    let ours = c.kind != Kind::External;
    let alarm = |kind, threshold| Alarm {
        component: i,
        kind,
        threshold,
        implemented: has_alarm(c, kind),
    };
    [
        g.is_entry[i].then(|| alarm(AlarmKind::Health, None)),
        (ours && replicated_store(c))
            .then(|| alarm(AlarmKind::ReplicationLag, replication_lag_threshold(c))),
        (ours && c.stateful && c.has_backups())
            .then(|| alarm(AlarmKind::BackupFreshness, backup_freshness_threshold(c))),
        c.depends_on
            .iter()
            .any(|e| e.mode == Mode::Sync)
            .then(|| alarm(AlarmKind::Errors, None)),
    ]
    .into_iter()
    .flatten()
}

/// The SOP recommended for one component: recovering its data when it is stateful, else
/// restoring service when it is an entry point.
pub fn sop_of(arch: &Architecture, g: &DepGraph, i: CompIdx) -> Option<Sop> {
    let c = &arch.components[i];
    let kind = if c.stateful {
        SopKind::RecoverData
    } else if g.is_entry[i] {
        SopKind::RestoreService
    } else {
        return None;
    };
    Some(Sop {
        component: i,
        kind,
        implemented: c.observability.runbook.is_some(),
    })
}

/// The sync callees of a component, by id, each once.
pub fn sync_callees(arch: &Architecture, g: &DepGraph, i: CompIdx) -> Vec<CompIdx> {
    let mut callees: Vec<CompIdx> = arch.components[i]
        .depends_on
        .iter()
        .filter(|e| e.mode == Mode::Sync)
        .map(|e| e.to)
        .collect();
    callees.sort_unstable_by_key(|&x| g.id_rank[x]);
    callees.dedup();
    callees
}

/// The experiments recommended for one component, in kind order (latency injection by
/// callee id).
pub fn experiments_of(
    arch: &Architecture,
    g: &DepGraph,
    i: CompIdx,
) -> impl Iterator<Item = Experiment> {
    let c = &arch.components[i];
    let ours = !c.outside_our_failure_domains();
    let region = ours && c.deployment.region_strategy != Strategy::None;
    let has =
        |kind: ExperimentKind| (c.observability.experiments.iter()).any(|e| e == kind.as_str());
    let own = [
        (ours, ExperimentKind::InstanceLoss),
        (ours, ExperimentKind::AzLoss),
        (region, ExperimentKind::RegionFailover),
    ]
    .into_iter()
    .filter(|(yes, _)| *yes)
    .map(move |(_, kind)| Experiment {
        component: i,
        kind,
        dependency: None,
        implemented: has(kind),
    });
    let latency = sync_callees(arch, g, i)
        .into_iter()
        .map(move |x| Experiment {
            component: i,
            kind: ExperimentKind::LatencyInjection,
            dependency: Some(x),
            implemented: has(ExperimentKind::LatencyInjection),
        });
    own.chain(latency)
}

/// Components from the largest blast radius down, then by id.
pub fn blast_order(g: &DepGraph, blast: &Blast) -> Vec<CompIdx> {
    let mut order: Vec<CompIdx> = (0..g.len()).collect();
    order.sort_unstable_by_key(|&c| (std::cmp::Reverse(blast.radius[c].components), g.id_rank[c]));
    order
}

/// Derives the operational recommendations and their coverage.
pub fn recommend(
    arch: &Architecture,
    g: &DepGraph,
    blast: &Blast,
    options: &Options,
) -> Operations {
    let window = options.assumptions.test_window;
    let ran = experiments_ran(arch, options);
    let mut ops = Operations {
        order: blast_order(g, blast),
        tested: (arch.components.iter().zip(ran))
            .map(|(c, ran)| tested_within(c, ran, options.now, window))
            .collect(),
        ..Operations::default()
    };
    for i in 0..arch.components.len() {
        for a in alarms_of(arch, g, i) {
            ops.alarms.add(a.implemented);
        }
        if let Some(s) = sop_of(arch, g, i) {
            ops.sops.add(s.implemented);
        }
        let c = &arch.components[i];
        let experiments =
            !c.outside_our_failure_domains() || c.depends_on.iter().any(|e| e.mode == Mode::Sync);
        if experiments {
            ops.tests.add(ops.tested[i]);
        }
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;
    /// The coverage counted once in `recommend` agrees with the lists the outputs derive.
    #[test]
    fn coverage_matches_the_derived_lists() {
        let arch = crate::input::load(
            br#"{"name": "t", "regions": {"secondary": "us-west-2"},
              "policy": {"targets": {"region": {"rto": "4h", "rpo": "1h"}}},
              "components": [
                {"id": "web", "kind": "compute", "observability": {"alarms": ["health"], "last_tested": "2026-11-20"},
                 "depends_on": [{"id": "db", "timeout": "1s"}, {"id": "pay", "timeout": "1s", "circuit_breaker": true}]},
                {"id": "db", "kind": "database", "deployment": {"instances": 2, "zones": 2, "region_strategy": "pilot-light"},
                 "replication": {"mode": "async"}, "backup": {"frequency": "1h"},
                 "observability": {"runbook": "wiki/db", "alarms": ["backup-freshness"]}},
                {"id": "pay", "kind": "external"}
              ]}"#,
            "t",
            &Default::default(),
        )
        .expect("valid");
        let options = Options {
            assumptions: Default::default(),
            now: jiff::civil::date(2026, 11, 26),
            measured: vec![],
        };
        let g = DepGraph::build(&arch);
        let blast = crate::graph::blast::blast_radius(&arch, &g);
        let ops = recommend(&arch, &g, &blast, &options);
        let count = |it: &mut dyn Iterator<Item = bool>| {
            let mut c = Coverage::default();
            it.for_each(|x| c.add(x));
            c
        };
        assert_eq!(
            ops.alarms,
            count(&mut ops.all_alarms(&arch, &g).map(|a| a.implemented))
        );
        assert_eq!(
            ops.sops,
            count(&mut ops.all_sops(&arch, &g).map(|s| s.implemented))
        );
        assert_eq!(
            ops.alarms,
            Coverage {
                implemented: 2,
                recommended: 4
            }
        );
        // web and db have experiments, pay (external, no calls) none; web is tested.
        assert_eq!(
            ops.tests,
            Coverage {
                implemented: 1,
                recommended: 2
            }
        );
        assert_eq!(
            ops.all_experiments(&arch, &g).count(),
            2 + 2 + 3 // web: instance, az, 2 latency; db: instance, az, region
        );
        assert_eq!(ops.order[0], 1, "db has the largest blast radius");
    }

    #[test]
    fn nothing_recommended_is_full_coverage() {
        assert_eq!(Coverage::default().ratio(), 1.0);
        let half = Coverage {
            implemented: 1,
            recommended: 2,
        };
        assert_eq!(half.ratio(), 0.5);
    }
}
