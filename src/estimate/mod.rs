//! Own recovery per component and disruption (docs/model.md §1): how long until the component
//! itself could serve again if its dependencies were up, and how much data it loses. Every
//! estimate keeps the terms that produced it, so the outputs can show the arithmetic.

pub mod assumptions;
pub mod drills;
pub mod published;

use std::fmt;

use smallvec::smallvec;
use std::time::Duration;

pub use assumptions::Assumptions;
use published::{Figure, Found};

use crate::duration::Human;
use crate::model::{Component, DeployMethod, Disruption, Kind, Mode, Scope, Strategy};

/// A point in time after the disruption, or never (the component cannot recover until the
/// failed zone or region comes back). Ordered: every time is before `Unrecoverable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Eta {
    At(Duration),
    Unrecoverable,
}

impl Eta {
    pub const ZERO: Eta = Eta::At(Duration::ZERO);

    pub fn secs(self) -> Option<u64> {
        match self {
            Eta::At(d) => Some(crate::duration::secs(d)),
            Eta::Unrecoverable => None,
        }
    }

    pub fn duration(self) -> Option<Duration> {
        match self {
            Eta::At(d) => Some(d),
            Eta::Unrecoverable => None,
        }
    }

    pub fn plus(self, d: Duration) -> Eta {
        match self {
            Eta::At(t) => Eta::At(t.saturating_add(d)),
            Eta::Unrecoverable => Eta::Unrecoverable,
        }
    }
}

impl fmt::Display for Eta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Eta::At(d) => Human(*d).fmt(f),
            Eta::Unrecoverable => f.write_str("unrecoverable"),
        }
    }
}

/// What one term of an estimate stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TermKind {
    Detection,
    /// Route 53 health checks declare the failure (active/active).
    HealthCheckedDetection,
    Provision,
    Restore {
        data_gb: f64,
        mb_per_sec: f64,
        measured: bool,
    },
    Rollback(DeployMethod),
    Failover {
        manual: bool,
        stateful: bool,
    },
    ScaleUp(Strategy),
    TrafficSwitch,
    /// `B`, the backup interval (`pitr` for continuous backups).
    BackupInterval {
        pitr: bool,
    },
    /// Age of the newest recovery point, measured by `drplan verify`.
    MeasuredBackupAge,
    /// Restores that ran, measured (`drplan verify`): the slowest of the last `count`.
    MeasuredRestore {
        count: u8,
        latest: Duration,
    },
    /// Point-in-time recovery lag, measured (`drplan verify`).
    MeasuredPitrLag,
    /// The newest recovery point is in the archive tier: restored from there first.
    ArchiveRestore,
    /// Earlier versions of every object are kept in place (S3 Versioning).
    Versions,
    CopyLag,
    ReplicationLag(Mode),
    InRegionLag,
    /// Not affected by this disruption.
    Unaffected(&'static str),
    /// Replaced by the latest drill's measured figure.
    Drill(jiff::civil::Date),
    /// A restore in another region from the geo-replicated backups, as its cloud publishes
    /// its time (provisioning included).
    GeoRestore,
    /// What such a restore loses, as its cloud publishes it.
    GeoRestoreLoss,
}

/// The terms of an estimate, inline: estimating allocates nothing (the planner estimates
/// dozens of configurations per component).
pub type Terms = smallvec::SmallVec<[Term; 4]>;

/// One term of an estimate: `restore 400 GB @ 100 MB/s = 1h 8m 16s`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term {
    pub kind: TermKind,
    pub duration: Duration,
    /// The key of the published figure it is (`failover.stateful@gcp:cloudsql`), when the
    /// component's cloud publishes one for its service; `None`: the kind's default (or a
    /// declared or measured figure).
    pub published: Option<&'static str>,
}

impl Term {
    /// Short machine name, as in the JSON `what`.
    pub fn what(&self) -> &'static str {
        match self.kind {
            TermKind::Detection | TermKind::HealthCheckedDetection => "detection",
            TermKind::Provision => "provision",
            TermKind::Restore { .. } => "restore",
            TermKind::Rollback(_) => "rollback",
            TermKind::Failover { .. } => "failover",
            TermKind::ScaleUp(_) => "scale-up",
            TermKind::TrafficSwitch => "traffic-switch",
            TermKind::BackupInterval { .. } => "backup-interval",
            TermKind::MeasuredBackupAge => "backup-age",
            TermKind::MeasuredRestore { .. } => "measured-restore",
            TermKind::MeasuredPitrLag => "pitr-lag",
            TermKind::ArchiveRestore => "archive-restore",
            TermKind::Versions => "versions",
            TermKind::CopyLag => "copy-lag",
            TermKind::ReplicationLag(_) => "replication-lag",
            TermKind::InRegionLag => "in-region-lag",
            TermKind::Unaffected(_) => "unaffected",
            TermKind::Drill(_) => "drill",
            TermKind::GeoRestore => "geo-restore",
            TermKind::GeoRestoreLoss => "geo-restore-loss",
        }
    }

    /// Whether the figure was measured (by `drplan verify` or a drill) rather than assumed.
    pub fn measured(&self) -> bool {
        matches!(
            self.kind,
            TermKind::Restore { measured: true, .. }
                | TermKind::MeasuredBackupAge
                | TermKind::MeasuredRestore { .. }
                | TermKind::MeasuredPitrLag
                | TermKind::Drill(_)
        )
    }

    /// The words behind the figure, e.g. `400 GB @ 100 MB/s`; a published figure names its
    /// row.
    pub fn detail(&self) -> String {
        let words = self.words();
        match self.published {
            Some(key) => format!("{words} (published: {key})"),
            None => words,
        }
    }

    fn words(&self) -> String {
        match self.kind {
            TermKind::Detection => "alarm and decision to act".into(),
            TermKind::HealthCheckedDetection => "health checks fail over automatically".into(),
            TermKind::Provision => "build from IaC in a fresh place".into(),
            TermKind::Restore {
                data_gb,
                mb_per_sec,
                measured,
            } => {
                format!(
                    "{} GB @ {} MB/s{}",
                    fmt_num(data_gb),
                    fmt_num(mb_per_sec),
                    if measured { " (measured)" } else { "" }
                )
            }
            TermKind::Rollback(m) => format!("{m} deploy rolled back"),
            TermKind::Failover { manual: true, .. } => "manual failover to another copy".into(),
            TermKind::Failover { stateful: true, .. } => {
                "managed failover to the standby copy".into()
            }
            TermKind::Failover { .. } => "load balancer routes around the lost copy".into(),
            TermKind::ScaleUp(s) => format!("{s}: scale up / promote in the secondary region"),
            TermKind::TrafficSwitch => "DNS / traffic switch to the secondary region".into(),
            TermKind::BackupInterval { pitr: true } => "point-in-time recovery log interval".into(),
            TermKind::BackupInterval { pitr: false } => "interval between recovery points".into(),
            TermKind::MeasuredBackupAge => "age of the newest recovery point (measured)".into(),
            TermKind::MeasuredRestore { count, latest } => format!(
                "slowest of the last {} restore{} AWS Backup ran, provisioning included (measured; latest {})",
                count,
                crate::words::plural_s(usize::from(count)),
                crate::duration::Human(latest)
            ),
            TermKind::MeasuredPitrLag => "point-in-time recovery lag behind now (measured)".into(),
            TermKind::ArchiveRestore => {
                "the newest recovery point is in the archive tier: restore it from there first"
                    .into()
            }
            TermKind::Versions => "earlier versions of every object are kept".into(),
            TermKind::CopyLag => "cross-region copy lands after the recovery point".into(),
            TermKind::ReplicationLag(m) => format!("{m} cross-region replication lag"),
            TermKind::InRegionLag => "asynchronous in-region copy lag".into(),
            TermKind::Unaffected(why) => why.into(),
            TermKind::Drill(date) => format!("measured in the drill of {date}"),
            TermKind::GeoRestore => {
                "restore from the geo-replicated backups in another region".into()
            }
            TermKind::GeoRestoreLoss => "the geo-replicated backups trail the primary".into(),
        }
    }
}

/// A number without a needless `.0`.
pub fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        // Up to four decimals, without trailing zeros: 99.95 stays 99.95, 0.023 stays 0.023.
        crate::words::Percent(v).to_string()
    }
}

/// Why a component cannot recover under a disruption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unrecoverable {
    NoBackups,
    NoRegionStrategy,
    NoCrossRegionCopy,
    NoRegionReplication,
    /// A drill measured no recovery.
    FailedDrill,
    /// `drplan verify` found the backups missing or the newest one corrupt.
    BackupsUnusable,
    /// `drplan verify` found the cross-region copies missing or the newest one corrupt.
    CopiesUnusable,
}

impl Unrecoverable {
    pub fn reason(self) -> &'static str {
        match self {
            Unrecoverable::NoBackups => "holds data but has no backups: nothing to restore from",
            Unrecoverable::NoRegionStrategy => {
                "region_strategy is none: nothing runs or can be restored outside the primary region"
            }
            Unrecoverable::NoCrossRegionCopy => {
                "backup-restore needs backups copied to the secondary region (cross_region_copy)"
            }
            Unrecoverable::NoRegionReplication => {
                "the standby strategy needs the data replicated to the secondary region (replication)"
            }
            Unrecoverable::FailedDrill => "the latest drill did not recover",
            Unrecoverable::BackupsUnusable => {
                "drplan verify found no usable recovery point at backup.location (missing or corrupt)"
            }
            Unrecoverable::CopiesUnusable => {
                "drplan verify found no usable recovery point at backup.copy_location (missing or corrupt)"
            }
        }
    }
}

/// An estimate: RTO and RPO as sums of their terms, or unrecoverable.
#[derive(Debug, Clone, PartialEq)]
// Inline terms are the point: the planner estimates dozens of configurations per component.
#[allow(clippy::large_enum_variant)]
pub enum Estimate {
    Recoverable { rto: Terms, rpo: Terms },
    Unrecoverable(Unrecoverable),
}

impl Estimate {
    pub fn rto(&self) -> Eta {
        match self {
            Estimate::Recoverable { rto, .. } => Eta::At(total(rto)),
            Estimate::Unrecoverable(_) => Eta::Unrecoverable,
        }
    }

    pub fn rpo(&self) -> Eta {
        match self {
            Estimate::Recoverable { rpo, .. } => Eta::At(total(rpo)),
            Estimate::Unrecoverable(_) => Eta::Unrecoverable,
        }
    }

    pub fn measured(&self) -> bool {
        match self {
            Estimate::Recoverable { rto, rpo } => rto.iter().chain(rpo).any(Term::measured),
            Estimate::Unrecoverable(_) => false,
        }
    }
}

/// The sum of the terms (saturating: absurd inputs give huge figures, not a crash).
fn total(terms: &[Term]) -> Duration {
    terms
        .iter()
        .fold(Duration::ZERO, |acc, t| acc.saturating_add(t.duration))
}

/// What `drplan verify` measured for a component, replacing declared figures.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Measured {
    pub restore_mb_per_sec: Option<f64>,
    /// Age of the newest recovery point at `backup.location` (the software RPO).
    pub backup_age: Option<Duration>,
    /// Age of the newest recovery point at `backup.copy_location` (the region RPO).
    pub copy_age: Option<Duration>,
    /// `drplan verify` found no usable recovery point at `backup.location` (missing or corrupt).
    pub primary_unusable: bool,
    /// The same for `backup.copy_location`.
    pub copy_unusable: bool,
    /// Restores AWS Backup ran and measured (`drplan verify`).
    pub restore: Option<MeasuredRestore>,
    /// With point-in-time recovery: now − the latest restorable time the service reported.
    pub pitr_lag: Option<Duration>,
    /// The service reports point-in-time recovery off (whatever the file declares).
    pub pitr_off: bool,
    /// The newest usable recovery point is in the archive tier (EBS): a restore from the
    /// archive comes first.
    pub archived: bool,
    /// The newest restore whose validation succeeded (AWS Backup restore testing).
    pub last_verified_restore: Option<VerifiedRestore>,
    /// The day of a failed restore validation newer than the last one that succeeded.
    pub failed_validation: Option<jiff::civil::Date>,
}

/// A restore that ran and whose validation succeeded: its day and how long it took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VerifiedRestore {
    pub date: jiff::civil::Date,
    pub duration: Option<Duration>,
}

/// The restores that ran: the slowest of the last five replaces the estimate of provisioning
/// and restoring (an AWS Backup restore creates the resource); the latest is shown beside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeasuredRestore {
    pub slowest: Duration,
    pub latest: Duration,
    /// How many restores the slowest was taken over (1 to 5).
    pub count: u8,
}

/// The four estimates of one component.
pub type Estimates = crate::model::PerDisruption<Estimate>;

/// Estimates a component under every disruption.
pub fn estimate(c: &Component, a: &Assumptions, measured: &Measured) -> Estimates {
    let ctx = Ctx { c, a, measured };
    crate::model::PerDisruption::from_fn(|d| ctx.own(d))
}

/// Only the figures of `estimate`: own RTO and RPO per disruption, without keeping the four
/// estimates' terms side by side (what the planner needs of each candidate).
pub fn figures(
    c: &Component,
    a: &Assumptions,
    measured: &Measured,
) -> crate::model::PerDisruption<(Eta, Eta)> {
    let ctx = Ctx { c, a, measured };
    crate::model::PerDisruption::from_fn(|d| {
        let e = ctx.own(d);
        (e.rto(), e.rpo())
    })
}

struct Ctx<'a> {
    c: &'a Component,
    a: &'a Assumptions,
    measured: &'a Measured,
}

fn term(kind: TermKind, duration: Duration) -> Term {
    Term {
        kind,
        duration,
        published: None,
    }
}

/// A term whose figure is the published one where the service has it, else `default`.
fn figure(kind: TermKind, default: Duration, published: Option<Found>) -> Term {
    match published {
        Some(f) => Term {
            kind,
            duration: f.value,
            published: Some(f.key),
        },
        None => term(kind, default),
    }
}

impl Ctx<'_> {
    fn own(&self, d: Disruption) -> Estimate {
        let c = self.c;
        if c.kind == Kind::External {
            return self.external(d);
        }
        match d {
            Disruption::Software => self.software(),
            Disruption::Hardware => self.hardware(),
            Disruption::Az if c.scope == Scope::Global => {
                unaffected("global service: not lost with a zone")
            }
            Disruption::Az => self.az(),
            Disruption::Region if c.scope == Scope::Global => {
                unaffected("global service: not lost with a region")
            }
            Disruption::Region => self.region(),
        }
    }

    /// The provider's resilience is not ours to estimate unless the user declared it; our
    /// zone or region loss does not touch it.
    fn external(&self, d: Disruption) -> Estimate {
        let c = self.c;
        match d {
            Disruption::Software | Disruption::Hardware
                if c.recovery.detection.is_some() || c.recovery.provision.is_some() =>
            {
                Estimate::Recoverable {
                    rto: smallvec![self.detection(), self.provision()],
                    rpo: smallvec![],
                }
            }
            Disruption::Software | Disruption::Hardware => {
                unaffected("external provider: its resilience is its own")
            }
            Disruption::Az | Disruption::Region => {
                unaffected("external provider: not lost with our zone or region")
            }
        }
    }

    /// The figure the component's cloud publishes for its service, if any.
    fn published(&self, figure: Figure) -> Option<Found> {
        self.a.published(figure, self.c.service.as_deref())
    }

    fn detection(&self) -> Term {
        term(
            TermKind::Detection,
            self.c.recovery.detection.unwrap_or(self.a.detection),
        )
    }

    fn provision(&self) -> Term {
        term(
            TermKind::Provision,
            self.c
                .recovery
                .provision
                .unwrap_or(self.a.provision(self.c.kind)),
        )
    }

    /// `R`: restoring the data, rounded up to whole seconds; `None` when there is nothing to restore.
    fn restore(&self) -> Option<Term> {
        let c = self.c;
        if !c.stateful || c.data_gb <= 0.0 {
            return None;
        }
        let (mb_per_sec, measured) = match self.measured.restore_mb_per_sec {
            Some(m) => (m, true),
            None => (
                c.backup
                    .as_ref()
                    .and_then(|b| b.restore_mb_per_sec)
                    .unwrap_or(self.a.restore_mb_per_sec),
                false,
            ),
        };
        let secs = (c.data_gb * 1024.0 / mb_per_sec).ceil();
        // `as` saturates (NaN gives 0): an absurd size or speed gives an absurd time, not a crash.
        let duration = Duration::from_secs(secs as u64);
        Some(term(
            TermKind::Restore {
                data_gb: c.data_gb,
                mb_per_sec,
                measured,
            },
            duration,
        ))
    }

    /// Bringing the data back in the primary region: the measured restores when AWS Backup
    /// ran some (they create the resource: provisioning included), else `P` (when
    /// `provision`) and `R`; an archived newest recovery point adds its restore from the
    /// archive tier.
    fn restore_from_backup(&self, provision: bool) -> Terms {
        let mut terms: Terms = match self.measured.restore {
            Some(r) => smallvec![term(
                TermKind::MeasuredRestore {
                    count: r.count,
                    latest: r.latest,
                },
                r.slowest,
            )],
            None => {
                let mut t: Terms = smallvec![];
                if provision {
                    t.push(self.provision());
                }
                t.extend(self.restore());
                t
            }
        };
        if self.measured.archived {
            terms.push(term(TermKind::ArchiveRestore, self.a.archive_restore));
        }
        terms
    }

    /// `B`: what a restore from backup loses (measured age when `drplan verify` gave one).
    fn backup_rpo(&self) -> Result<Term, Unrecoverable> {
        let b = self.c.backups().ok_or(Unrecoverable::NoBackups)?;
        if self.measured.primary_unusable {
            return Err(Unrecoverable::BackupsUnusable);
        }
        // PITR the service reports off does not count, whatever the file says.
        let pitr = b.pitr && !self.measured.pitr_off;
        if let Some(lag) = self.measured.pitr_lag.filter(|_| pitr) {
            return Ok(term(TermKind::MeasuredPitrLag, lag));
        }
        if let Some(age) = self.measured.backup_age.filter(|_| !pitr) {
            return Ok(term(TermKind::MeasuredBackupAge, age));
        }
        if pitr {
            return Ok(figure(
                TermKind::BackupInterval { pitr },
                self.a.pitr_rpo,
                self.published(Figure::PitrRpo),
            ));
        }
        let interval = b.frequency.ok_or(Unrecoverable::NoBackups)?;
        Ok(term(TermKind::BackupInterval { pitr }, interval))
    }

    /// `F`: failover to another copy inside the region.
    fn failover(&self) -> Term {
        let c = self.c;
        let manual = !c.deployment.managed_failover;
        let kind = TermKind::Failover {
            manual,
            stateful: c.stateful,
        };
        match (manual, c.stateful) {
            (true, _) => term(kind, self.a.failover_manual),
            (false, true) => figure(
                kind,
                self.a.failover_stateful,
                self.published(Figure::FailoverStateful),
            ),
            (false, false) => term(kind, self.a.failover_stateless),
        }
    }

    /// RPO when another in-region copy takes over: 0 with sync copies, the lag with async ones.
    fn in_region_rpo(&self) -> Terms {
        if self.c.stateful && self.c.deployment.replication == Mode::Async {
            smallvec![term(TermKind::InRegionLag, self.a.in_region_async_lag)]
        } else {
            smallvec![]
        }
    }

    /// Rebuild from scratch in the region: `D + P (+ R)`, losing `B` of data.
    fn rebuild(&self, durable: bool) -> Estimate {
        let c = self.c;
        if !c.stateful || durable {
            return Estimate::Recoverable {
                rto: smallvec![self.detection(), self.provision()],
                rpo: smallvec![],
            };
        }
        let b = match self.backup_rpo() {
            Ok(b) => b,
            Err(why) => return Estimate::Unrecoverable(why),
        };
        let mut rto = smallvec![self.detection()];
        rto.extend(self.restore_from_backup(true));
        Estimate::Recoverable {
            rto,
            rpo: smallvec![b],
        }
    }

    fn software(&self) -> Estimate {
        let c = self.c;
        if !c.stateful {
            let rollback = term(TermKind::Rollback(c.deploy), self.a.rollback(c.deploy));
            return Estimate::Recoverable {
                rto: smallvec![self.detection(), rollback],
                rpo: smallvec![],
            };
        }
        // Overwritten and deleted objects keep their earlier versions: nothing is lost, and
        // the versions from before the bad change are copied back.
        if c.keeps_versions() {
            let mut rto = smallvec![self.detection()];
            rto.extend(self.restore());
            return Estimate::Recoverable {
                rto,
                rpo: smallvec![term(TermKind::Versions, Duration::ZERO)],
            };
        }
        // The corruption is in every replica: only a backup taken before it helps.
        let b = match self.backup_rpo() {
            Ok(b) => b,
            Err(why) => return Estimate::Unrecoverable(why),
        };
        let mut rto = smallvec![self.detection()];
        rto.extend(self.restore_from_backup(false));
        Estimate::Recoverable {
            rto,
            rpo: smallvec![b],
        }
    }

    fn hardware(&self) -> Estimate {
        if self.c.deployment.instances >= 2 {
            return Estimate::Recoverable {
                rto: smallvec![self.failover()],
                rpo: self.in_region_rpo(),
            };
        }
        self.rebuild(self.c.kind == Kind::Storage)
    }

    fn az(&self) -> Estimate {
        if self.c.effective_zones() >= 2 {
            return Estimate::Recoverable {
                rto: smallvec![self.failover()],
                rpo: self.in_region_rpo(),
            };
        }
        // The zone took the only copy; regional backups survive it.
        self.rebuild(false)
    }

    fn region(&self) -> Estimate {
        let c = self.c;
        let a = self.a;
        let strategy = c.deployment.region_strategy;
        let switch = term(TermKind::TrafficSwitch, a.traffic_switch);
        match strategy {
            Strategy::None => Estimate::Unrecoverable(Unrecoverable::NoRegionStrategy),
            Strategy::BackupRestore => {
                let mut rto = smallvec![self.detection(), self.provision()];
                if !c.stateful {
                    rto.push(switch);
                    return Estimate::Recoverable {
                        rto,
                        rpo: smallvec![],
                    };
                }
                let Some(b) = c.backups() else {
                    return Estimate::Unrecoverable(Unrecoverable::NoBackups);
                };
                if !b.cross_region_copy {
                    return Estimate::Unrecoverable(Unrecoverable::NoCrossRegionCopy);
                }
                if self.measured.copy_unusable {
                    return Estimate::Unrecoverable(Unrecoverable::CopiesUnusable);
                }
                match (self.measured.restore, self.published(Figure::GeoRestoreRto)) {
                    // A restore AWS Backup ran creates the resource: it replaces P and R.
                    (Some(r), _) => {
                        rto = smallvec![
                            self.detection(),
                            term(
                                TermKind::MeasuredRestore {
                                    count: r.count,
                                    latest: r.latest,
                                },
                                r.slowest,
                            )
                        ];
                    }
                    // The cloud publishes how long its geo-restore takes, creation included.
                    (None, Some(f)) => {
                        rto = smallvec![
                            self.detection(),
                            figure(TermKind::GeoRestore, Duration::ZERO, Some(f))
                        ];
                    }
                    (None, None) => rto.extend(self.restore()),
                }
                rto.push(switch);
                let rpo = match (
                    self.measured.copy_age,
                    self.published(Figure::GeoRestoreRpo),
                ) {
                    (Some(age), _) => smallvec![term(TermKind::MeasuredBackupAge, age)],
                    // The copies carry the logs too: the cloud publishes what they trail by.
                    (None, Some(f)) => {
                        smallvec![figure(TermKind::GeoRestoreLoss, Duration::ZERO, Some(f))]
                    }
                    // PITR logs stay in the primary region: the copy holds snapshots only.
                    (None, None) => smallvec![
                        term(
                            TermKind::BackupInterval { pitr: false },
                            b.frequency.unwrap_or(a.pitr_snapshot_interval),
                        ),
                        figure(
                            TermKind::CopyLag,
                            a.backup_copy_lag,
                            self.published(Figure::BackupCopyLag),
                        ),
                    ],
                };
                Estimate::Recoverable { rto, rpo }
            }
            Strategy::PilotLight | Strategy::WarmStandby | Strategy::ActiveActive => {
                let rpo = if c.stateful {
                    let Some(r) = &c.replication else {
                        return Estimate::Unrecoverable(Unrecoverable::NoRegionReplication);
                    };
                    let kind = TermKind::ReplicationLag(r.mode);
                    match (r.lag, r.mode) {
                        (Some(lag), _) => smallvec![term(kind, lag)],
                        (None, Mode::Sync) => smallvec![term(kind, Duration::ZERO)],
                        (None, Mode::Async) => smallvec![figure(
                            kind,
                            a.replication_lag(c.kind),
                            self.published(Figure::ReplicationLag),
                        )],
                    }
                } else {
                    smallvec![]
                };
                let rto = if strategy == Strategy::ActiveActive {
                    let detection = c.recovery.detection.unwrap_or(a.detection_active_active);
                    smallvec![term(TermKind::HealthCheckedDetection, detection)]
                } else {
                    // Scaling up what already runs is never slower than building it from
                    // scratch (a queue provisions in 10m, under pilot light's 15m scale-up);
                    // a promotion whose time the cloud publishes takes that time.
                    let promote = self.published(Figure::Promote).filter(|_| c.stateful);
                    let scale = match promote {
                        Some(f) => figure(TermKind::ScaleUp(strategy), Duration::ZERO, Some(f)),
                        None => term(
                            TermKind::ScaleUp(strategy),
                            a.scale_up(strategy, c.kind, c.stateful)
                                .min(self.provision().duration),
                        ),
                    };
                    smallvec![self.detection(), scale, switch]
                };
                Estimate::Recoverable { rto, rpo }
            }
        }
    }
}

fn unaffected(why: &'static str) -> Estimate {
    Estimate::Recoverable {
        rto: smallvec![term(TermKind::Unaffected(why), Duration::ZERO)],
        rpo: smallvec![],
    }
}
