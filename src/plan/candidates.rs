//! Candidate configurations of a component (docs/model.md §5): region strategy × zones × instances ×
//! backups × cross-region copy × replication, each keeping or raising today's settings
//! (drplan never recommends removing protection). A strategy comes with what it needs to
//! work: backup-restore with backups copied out of the region, the standby strategies with
//! the data replicated; combinations that cannot recover are not enumerated.

use std::time::Duration;

use crate::estimate::{Assumptions, Estimates, Eta, Measured};
use crate::model::{
    Backup, Component, Kind, Layout, Mode, PerDisruption, Policy, RegionReplication, Scope,
    Strategy, TimeFrom,
};

const H: u64 = 3600;

/// The settings a recommendation may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    pub instances: u32,
    pub zones: u32,
    pub strategy: Strategy,
    /// Interval between recovery points; `None` without backups.
    pub backup: Option<Duration>,
    pub pitr: bool,
    pub cross_region_copy: bool,
    pub replication: Option<Mode>,
}

impl Config {
    /// The component as it is today.
    pub fn of(c: &Component) -> Config {
        let b = c.backups();
        Config {
            instances: c.deployment.instances,
            zones: c.deployment.zones,
            strategy: c.deployment.region_strategy,
            backup: b.and_then(|b| b.frequency),
            pitr: b.is_some_and(|b| b.pitr),
            cross_region_copy: b.is_some_and(|b| b.cross_region_copy),
            replication: c.replication.as_ref().map(|r| r.mode),
        }
    }

    /// How many settings differ from `today`.
    pub fn changes_from(&self, today: &Config) -> usize {
        [
            self.instances != today.instances,
            self.zones != today.zones,
            self.strategy != today.strategy,
            self.backup != today.backup,
            self.pitr != today.pitr,
            self.cross_region_copy != today.cross_region_copy,
            self.replication != today.replication,
        ]
        .into_iter()
        .filter(|&x| x)
        .count()
    }

    /// The changes from `today`, in words.
    pub fn describe(&self, today: &Config, c: &Component, secondary: &str) -> Vec<String> {
        let words = crate::mechanisms::of(c);
        let mut out = Vec::new();
        if self.instances != today.instances {
            out.push(if c.stateful {
                format!(
                    "Add a standby copy: {} instances ({})",
                    self.instances, words.standby
                )
            } else {
                format!(
                    "Run {} instances behind the load balancer (from {})",
                    self.instances, today.instances
                )
            });
        }
        if self.zones != today.zones {
            out.push(format!(
                "Spread the copies over {} availability zones",
                self.zones
            ));
        }
        if self.backup != today.backup || self.pitr != today.pitr {
            let what = match (self.backup, self.pitr) {
                (_, true) if !today.pitr => {
                    "Enable point-in-time recovery (continuous backups, 5-minute RPO)".to_string()
                }
                (Some(f), _) => format!(
                    "Back up every {} ({})",
                    crate::duration::Human(f),
                    words.scheduled_backups
                ),
                (None, _) => "Keep backups".to_string(),
            };
            out.push(what);
            if self.pitr
                && today.pitr
                && self.backup != today.backup
                && let Some(f) = self.backup
            {
                out.push(format!(
                    "Take snapshots every {}",
                    crate::duration::Human(f)
                ));
            }
        }
        if self.cross_region_copy && !today.cross_region_copy {
            out.push(format!(
                "Copy backups to {secondary} ({})",
                words.copies_backups
            ));
        }
        if self.replication != today.replication
            && let Some(mode) = self.replication
        {
            let how = match c.kind {
                Kind::Storage => words.replicates_storage,
                Kind::Database => words.replicates_database,
                _ => "the service's cross-region replication",
            };
            out.push(format!("Replicate {mode}hronously to {secondary} ({how})"));
        }
        if self.strategy != today.strategy {
            let what = match self.strategy {
                Strategy::None => String::new(),
                Strategy::BackupRestore if c.stateful => {
                    format!(
                        "Adopt backup & restore: rebuild in {secondary} from IaC and restore the copied backups"
                    )
                }
                Strategy::BackupRestore => format!(
                    "Adopt backup & restore: rebuild in {secondary} from IaC (templates and images ready there)"
                ),
                Strategy::PilotLight => format!(
                    "Adopt pilot light: data live in {secondary}, compute switched off until needed"
                ),
                Strategy::WarmStandby => {
                    format!("Adopt warm standby: a scaled-down copy running in {secondary}")
                }
                Strategy::ActiveActive => format!(
                    "Adopt multi-site active/active: serve from {secondary} too, {}",
                    words.fails_traffic_over
                ),
            };
            out.push(what);
        }
        out
    }

    /// Applies the configuration to a copy of the component.
    pub fn apply(&self, c: &mut Component) {
        c.deployment.instances = self.instances;
        c.deployment.zones = self.zones;
        c.deployment.region_strategy = self.strategy;
        match self.backup {
            Some(frequency) => {
                let b = c.backup.get_or_insert_with(|| {
                    Box::new(Backup {
                        frequency: None,
                        retention: None,
                        pitr: false,
                        cross_region_copy: false,
                        copy_region: None,
                        immutable: false,
                        location: None,
                        copy_location: None,
                        restore_mb_per_sec: None,
                        last_restore_test: None,
                        time_from: TimeFrom::LastModified,
                        layout: Layout::Object,
                        versioning: None,
                        version_retention: None,
                        one_off: false,
                    })
                });
                b.frequency = Some(frequency);
                b.pitr = self.pitr;
                b.cross_region_copy = self.cross_region_copy;
            }
            None => {
                if let Some(b) = &mut c.backup {
                    b.frequency = None;
                }
            }
        }
        c.replication = match (self.replication, c.replication.take()) {
            (Some(mode), Some(mut r)) => {
                if r.mode != mode {
                    r.lag = None;
                }
                r.mode = mode;
                Some(r)
            }
            (Some(mode), None) => Some(RegionReplication {
                mode,
                lag: None,
                region: None,
            }),
            (None, _) => None,
        };
    }
}

/// A copy of the component without what estimation does not read (names, edges, alarms,
/// backup locations), so that trying dozens of configurations allocates next to nothing.
fn skeleton(c: &Component) -> Component {
    Component {
        id: String::new(),
        kind: c.kind,
        name: None,
        description: None,
        owner: None,
        service: c.service.clone(),
        tags: Vec::new(),
        stateful: c.stateful,
        data_gb: c.data_gb,
        monthly_cost: c.monthly_cost,
        entry: c.entry,
        cell: None,
        scope: c.scope,
        deployment: c.deployment.clone(),
        backup: c.backup.as_ref().map(|b| {
            Box::new(Backup {
                location: None,
                copy_location: None,
                ..Backup::clone(b)
            })
        }),
        replication: c.replication.clone(),
        recovery: c.recovery.clone(),
        deploy: c.deploy,
        throttling: c.throttling,
        load_shedding: c.load_shedding,
        observability: Default::default(),
        availability: c.availability,
        // Its own copy: estimating does not read the policy, and the shared one would have
        // every candidate of every thread count references on one cache line.
        policy: std::sync::Arc::new(Policy::clone(&c.policy)),
        policy_overridden: c.policy_overridden,
        depends_on: Vec::new(),
        deletion_protection: c.deletion_protection,
        on_delete: c.on_delete,
        imported_from: Vec::new(),
        resources: Vec::new(),
    }
}

/// Every candidate configuration of `c`, today's first.
pub fn enumerate(c: &Component) -> Vec<Config> {
    let today = Config::of(c);
    if c.kind == Kind::External {
        return vec![today];
    }
    let mut sizes = vec![(today.instances, today.zones)];
    if today.instances < 2 {
        sizes.push((2, today.zones));
    }
    if today.zones < 2 && c.scope != Scope::Zonal {
        sizes.push((today.instances.max(2), 2));
    }

    // Backups: today's, then each stronger interval, then PITR.
    let mut backups: Vec<(Option<Duration>, bool)> = vec![(today.backup, today.pitr)];
    if c.stateful {
        let today_interval = if today.pitr {
            Some(Duration::from_secs(300))
        } else {
            today.backup
        };
        for hours in [24, 12, 1] {
            let f = Duration::from_secs(hours * H);
            if today_interval.is_none_or(|t| f < t) && today.backup.is_none_or(|t| f < t) {
                backups.push((Some(f), today.pitr));
            }
        }
        if !today.pitr {
            backups.push((
                Some(today.backup.unwrap_or(Duration::from_secs(24 * H))),
                true,
            ));
        }
    }

    let strategies: Vec<Strategy> = if c.scope == Scope::Global {
        vec![today.strategy]
    } else {
        Strategy::ALL
            .iter()
            .copied()
            .filter(|s| *s >= today.strategy)
            .collect()
    };

    let mut out = Vec::with_capacity(sizes.len() * backups.len() * strategies.len());
    for &(instances, zones) in &sizes {
        for &(backup, pitr) in &backups {
            for &strategy in &strategies {
                let config = equip(
                    Config {
                        instances,
                        zones,
                        strategy,
                        backup,
                        pitr,
                        ..today
                    },
                    c.stateful,
                );
                if !out.contains(&config) {
                    out.push(config);
                }
            }
        }
    }
    out
}

/// The configurations that change only the region strategy (with what it needs), for the
/// frontier: today's sizes and backups, each strategy from today's up.
pub fn region_options(c: &Component) -> Vec<Config> {
    let today = Config::of(c);
    if c.kind == Kind::External || c.scope == Scope::Global {
        return vec![today];
    }
    Strategy::ALL
        .iter()
        .copied()
        .filter(|s| *s >= today.strategy)
        .map(|strategy| equip(Config { strategy, ..today }, c.stateful))
        .collect()
}

/// Gives a store's configuration what its region strategy needs to recover: backup & restore
/// needs backups (daily, when there are none) copied to the secondary; the standby strategies
/// need the data replicated there (asynchronously, unless it already is).
fn equip(mut config: Config, stateful: bool) -> Config {
    if !stateful {
        return config;
    }
    match config.strategy {
        Strategy::BackupRestore => {
            config.backup = Some(config.backup.unwrap_or(Duration::from_secs(24 * H)));
            config.cross_region_copy = true;
        }
        Strategy::PilotLight | Strategy::WarmStandby | Strategy::ActiveActive => {
            config.replication = Some(config.replication.unwrap_or(Mode::Async));
        }
        Strategy::None => {}
    }
    config
}

/// Estimates configurations of one component, reshaping one copy of its `skeleton` instead of
/// copying the component for each.
pub struct Shaper {
    base: Component,
    scratch: Component,
}

impl Shaper {
    pub fn new(c: &Component) -> Shaper {
        let base = skeleton(c);
        Shaper {
            scratch: base.clone(),
            base,
        }
    }

    /// The component with `config` applied.
    fn shape(&mut self, config: &Config) -> &Component {
        // What `Config::apply` changes, back to the base first.
        let (base, scratch) = (&self.base, &mut self.scratch);
        scratch.deployment.clone_from(&base.deployment);
        scratch.backup.clone_from(&base.backup);
        scratch.replication.clone_from(&base.replication);
        config.apply(scratch);
        scratch
    }

    /// Own RTO and RPO per disruption with `config` (what the planner compares).
    pub fn figures(
        &mut self,
        config: &Config,
        assumptions: &Assumptions,
        measured: &Measured,
    ) -> PerDisruption<(Eta, Eta)> {
        crate::estimate::figures(self.shape(config), assumptions, measured)
    }

    /// The estimates with their terms with `config` (what a `limit` explains).
    pub fn estimate(
        &mut self,
        config: &Config,
        assumptions: &Assumptions,
        measured: &Measured,
    ) -> Estimates {
        crate::estimate::estimate(self.shape(config), assumptions, measured)
    }
}
