//! The cost model (docs/model.md §4): what a component costs to run, and what its DR protection costs
//! (backups, PITR logs, cross-region copies, replication, standby capacity). One table,
//! overridable with `--pricing FILE`; every figure is an estimate traceable to a row.

use serde::Serialize;

use crate::input::overrides::{self, BadValue, OverrideError};
use crate::model::{Component, Kind, Strategy};
use crate::plan::candidates::Config;
use crate::plan::list_prices::{self, ListPrices, Per};

/// Every key a price file can name, for "did you mean".
static ALL_KEYS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    (Pricing::KEYS.iter().copied())
        .chain(list_prices::KEYS.iter().copied())
        .collect()
});

/// Where a component's running cost comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RunningPrice {
    /// Its declared `monthly_cost`.
    Declared,
    /// Its service's list price: the row's key and source.
    Listed(&'static str, &'static str),
    /// The kind's default price (no list price for its service): the row's key.
    KindDefault(&'static str),
}

/// A row of the price table as the outputs show it.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub key: &'static str,
    pub value: f64,
    pub unit: &'static str,
    pub source: &'static str,
}

macro_rules! prices {
    ($($field:ident, $key:literal: $value:expr, $unit:literal, $source:literal;)+) => {
        /// Monthly prices in the architecture's currency (docs/model.md §4 defaults), and the
        /// list prices clouds publish for a service (`list`).
        #[derive(Debug, Clone, PartialEq)]
        pub struct Pricing {
            $(pub $field: f64,)+
            pub list: ListPrices,
        }

        impl Default for Pricing {
            fn default() -> Self {
                Pricing { $($field: $value,)+ list: ListPrices::default() }
            }
        }

        impl Pricing {
            pub const KEYS: &'static [&'static str] = &[$($key),+];

            /// Every row, the list prices last.
            pub fn rows(&self) -> Vec<Row> {
                let mut rows = vec![$(Row { key: $key, value: self.$field, unit: $unit, source: $source },)+];
                rows.extend(self.list.rows().map(|(r, price)| Row {
                    key: r.key,
                    value: price,
                    unit: r.per.unit(),
                    source: r.source,
                }));
                rows
            }

            fn set(&mut self, key: &str, value: f64) -> Result<(), BadValue> {
                match key {
                    $($key => { self.$field = value; Ok(()) })+
                    _ if self.list.set(key, value) => Ok(()),
                    _ => Err(BadValue::unknown("price", key, ALL_KEYS.as_slice())),
                }
            }
        }
    };
}

prices! {
    compute_per_instance, "running.compute_per_instance": 150.0, "per instance-month", "monthly_cost when absent: a small on-demand instance";
    database_per_instance, "running.database_per_instance": 400.0, "per instance-month", "monthly_cost when absent: a small managed database instance";
    storage_per_gb, "running.storage_per_gb": 0.023, "per GB-month", "S3 Standard storage";
    queue, "running.queue": 20.0, "per month", "monthly_cost when absent: a managed queue";
    cache_per_instance, "running.cache_per_instance": 150.0, "per instance-month", "monthly_cost when absent: a small cache node";
    network, "running.network": 25.0, "per month", "monthly_cost when absent: a load balancer";
    dns, "running.dns": 5.0, "per month", "monthly_cost when absent: a hosted zone and health checks";
    external, "running.external": 0.0, "per month", "external providers are billed elsewhere";
    backup_per_gb, "backup_storage_per_gb": 0.05, "per GB-month", "AWS Backup warm storage";
    daily_change, "daily_change_rate": 0.10, "share of data_gb per day", "incremental backups keep the changed data";
    default_retention_days, "default_retention_days": 7.0, "days", "retention when backup.retention is absent (AWS Backup and RDS default)";
    transfer_per_gb, "transfer_per_gb": 0.02, "per GB", "inter-region data transfer";
    pilot_stateful, "standby.pilot_light.stateful": 1.0, "share of monthly cost", "pilot light keeps a full replica of the data running";
    pilot_stateless, "standby.pilot_light.stateless": 0.05, "share of monthly cost", "pilot light keeps images and a switched-off minimum";
    warm_stateful, "standby.warm_standby.stateful": 1.0, "share of monthly cost", "warm standby keeps a full replica of the data";
    warm_stateless, "standby.warm_standby.stateless": 0.3, "share of monthly cost", "warm standby runs a scaled-down copy";
    active_stateful, "standby.active_active.stateful": 1.0, "share of monthly cost", "active/active runs the full stack twice";
    active_stateless, "standby.active_active.stateless": 1.0, "share of monthly cost", "active/active runs the full stack twice";
    incidents_software, "incidents_per_year.software": 4.0, "per year", "docs/model.md §5 default: a bad deploy or corruption a quarter";
    incidents_hardware, "incidents_per_year.hardware": 1.0, "per year", "docs/model.md §5 default: an instance lost a year";
    incidents_az, "incidents_per_year.az": 0.2, "per year", "docs/model.md §5 default: a zone outage every five years";
    incidents_region, "incidents_per_year.region": 0.02, "per year", "docs/model.md §5 default: a region outage every fifty years";
}

impl Pricing {
    /// Reads `--pricing FILE`: a JSON object of keys from the table and their numbers.
    pub fn with_overrides(text: &str) -> Result<Pricing, OverrideError> {
        let mut out = Pricing::default();
        overrides::read(text, "prices", |k, v| out.set(k, overrides::number(v)?))?;
        Ok(out)
    }

    /// The monthly running cost of a component as it is today (declared, its service's list
    /// price, or by kind).
    pub fn running_today(&self, c: &Component) -> f64 {
        if let Some(cost) = c.monthly_cost {
            return cost;
        }
        if let Some((row, price)) = self.list.get(c.service.as_deref()) {
            return row.per.monthly(price, c);
        }
        let (_, price, per) = self.kind_price(c.kind);
        per.monthly(price, c)
    }

    /// The kind's default price: its row's key, the price and what it is per.
    fn kind_price(&self, kind: Kind) -> (&'static str, f64, Per) {
        match kind {
            Kind::Compute => (
                "running.compute_per_instance",
                self.compute_per_instance,
                Per::Instance,
            ),
            Kind::Database => (
                "running.database_per_instance",
                self.database_per_instance,
                Per::Instance,
            ),
            Kind::Storage => ("running.storage_per_gb", self.storage_per_gb, Per::Gb),
            Kind::Queue => ("running.queue", self.queue, Per::Month),
            Kind::Cache => (
                "running.cache_per_instance",
                self.cache_per_instance,
                Per::Instance,
            ),
            Kind::Network => ("running.network", self.network, Per::Month),
            Kind::Dns => ("running.dns", self.dns, Per::Month),
            Kind::External => ("running.external", self.external, Per::Month),
        }
    }

    /// Where `running_today` takes a component's price from.
    pub fn running_price(&self, c: &Component) -> RunningPrice {
        if c.monthly_cost.is_some() {
            return RunningPrice::Declared;
        }
        if let Some((row, _)) = self.list.get(c.service.as_deref()) {
            return RunningPrice::Listed(row.key, row.source);
        }
        RunningPrice::KindDefault(self.kind_price(c.kind).0)
    }

    /// One instance's share of today's cost; more instances cost this each.
    pub fn per_instance(&self, c: &Component) -> f64 {
        self.running_today(c) / f64::from(c.deployment.instances.max(1))
    }

    /// The running cost with `config`'s instance count (pro rata, docs/model.md §4). Kinds priced per
    /// month rather than per instance (storage, queue, network, dns) do not change.
    pub fn running(&self, c: &Component, config: &Config) -> f64 {
        let per_instance_kind = matches!(c.kind, Kind::Compute | Kind::Database | Kind::Cache)
            || c.monthly_cost.is_some();
        if !per_instance_kind {
            return self.running_today(c);
        }
        let extra = f64::from(config.instances) - f64::from(c.deployment.instances);
        self.running_today(c) + extra * self.per_instance(c)
    }

    /// The DR cost of `config` with its itemized parts (docs/model.md §4).
    pub fn dr_cost(&self, c: &Component, config: &Config) -> DrCost {
        let mut cost = DrCost::default();
        let gb = if c.stateful { c.data_gb } else { 0.0 };
        let changed_per_day = gb * self.daily_change;
        if config.backup.is_some() && gb > 0.0 {
            let days = c
                .backup
                .as_ref()
                .and_then(|b| b.retention)
                .map_or(self.default_retention_days, |r| r.as_secs_f64() / 86_400.0);
            cost.backup_storage = self.backup_per_gb * (gb + changed_per_day * days);
            if config.pitr {
                cost.pitr_logs = self.backup_per_gb * changed_per_day * days.min(35.0);
            }
            if config.cross_region_copy {
                cost.cross_region_copy =
                    cost.backup_storage + self.transfer_per_gb * changed_per_day * 30.0;
            }
        }
        if config.replication.is_some() && gb > 0.0 {
            cost.replication = self.transfer_per_gb * changed_per_day * 30.0;
        }
        let share = match (config.strategy, c.stateful) {
            (Strategy::None | Strategy::BackupRestore, _) => 0.0,
            (Strategy::PilotLight, true) => self.pilot_stateful,
            (Strategy::PilotLight, false) => self.pilot_stateless,
            (Strategy::WarmStandby, true) => self.warm_stateful,
            (Strategy::WarmStandby, false) => self.warm_stateless,
            (Strategy::ActiveActive, true) => self.active_stateful,
            (Strategy::ActiveActive, false) => self.active_stateless,
        };
        cost.standby = share * self.running(c, config);
        cost
    }
}

/// A DR cost and its parts (docs/model.md §4's items).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DrCost {
    pub backup_storage: f64,
    pub pitr_logs: f64,
    pub cross_region_copy: f64,
    pub replication: f64,
    pub standby: f64,
}

impl DrCost {
    pub fn total(&self) -> f64 {
        self.backup_storage
            + self.pitr_logs
            + self.cross_region_copy
            + self.replication
            + self.standby
    }

    /// The parts that cost something, named as the outputs show them.
    pub fn items(&self) -> impl Iterator<Item = (&'static str, f64)> {
        [
            ("backup storage", self.backup_storage),
            ("PITR logs", self.pitr_logs),
            ("cross-region copy", self.cross_region_copy),
            ("cross-region replication", self.replication),
            ("standby capacity", self.standby),
        ]
        .into_iter()
        .filter(|(_, v)| *v > 0.0)
    }
}

/// Money rounded to cents, for outputs.
pub fn cents(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
