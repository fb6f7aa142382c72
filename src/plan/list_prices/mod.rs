//! List prices a cloud publishes for one service, dated and sourced: what a component of the
//! service costs to run, in place of the kind's default price (`running.*` in the price table,
//! which is AWS-based). One row a service, looked up by the component's `service` (a row
//! covers the services under it); a service without a row keeps the kind's default, and the
//! report says so. Each row is a price like the others: printed in the report's price table,
//! overridable with `--pricing FILE` by its key (`running@azure:storage`). One file a cloud.

mod azure;
mod gcp;

use std::sync::LazyLock;

use crate::model::Component;

/// What a list price is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// Each instance (a database, cache or compute node), a month.
    Instance,
    /// Each GB of `data_gb`, a month.
    Gb,
    /// The component, a month.
    Month,
}

impl Per {
    pub fn unit(self) -> &'static str {
        match self {
            Per::Instance => "per instance-month",
            Per::Gb => "per GB-month",
            Per::Month => "per month",
        }
    }

    /// A month of a component at a price.
    pub fn monthly(self, price: f64, c: &Component) -> f64 {
        match self {
            Per::Instance => price * f64::from(c.deployment.instances),
            Per::Gb => price * c.data_gb,
            Per::Month => price,
        }
    }
}

/// One list price.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// `running@service`.
    pub key: &'static str,
    pub service: &'static str,
    pub price: f64,
    pub per: Per,
    /// Where it is published, what it is for (tier, region) and when it was read.
    pub source: &'static str,
}

/// A row: `row!("azure:storage", 0.0184, Gb, "…")`.
// The clouds' files write their rows with it (unused while no cloud has a row).
#[allow(unused_macros)]
macro_rules! row {
    ($service:literal, $price:expr, $per:ident, $source:literal) => {
        $crate::plan::list_prices::Row {
            key: concat!("running@", $service),
            service: $service,
            price: $price,
            per: $crate::plan::list_prices::Per::$per,
            source: $source,
        }
    };
}
#[allow(unused_imports)]
pub(crate) use row;

/// Every row, cloud by cloud.
pub static ROWS: LazyLock<Vec<Row>> = LazyLock::new(|| [azure::ROWS, gcp::ROWS].concat());

/// Every row's key, for an override file.
pub static KEYS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| ROWS.iter().map(|r| r.key).collect());

/// The prices of the rows (listed, or overridden), in row order.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPrices(Vec<f64>);

impl Default for ListPrices {
    fn default() -> Self {
        ListPrices(ROWS.iter().map(|r| r.price).collect())
    }
}

impl ListPrices {
    /// The row for a service and its price: the longest row service that is the service or
    /// one above it (up to a `:`).
    pub fn get(&self, service: Option<&str>) -> Option<(&'static Row, f64)> {
        let rows = ROWS.iter().zip(self.0.iter().copied());
        crate::model::by_service(rows, service?, |(r, _)| r.service)
    }

    pub fn rows(&self) -> impl Iterator<Item = (&'static Row, f64)> + '_ {
        ROWS.iter().zip(self.0.iter().copied())
    }

    /// Sets a row's price by its key; `false` when no row has it.
    pub fn set(&mut self, key: &str, price: f64) -> bool {
        match ROWS.iter().position(|r| r.key == key) {
            Some(i) => {
                self.0[i] = price;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_every_row_is_sourced_and_dated() {
        let mut keys: Vec<&str> = ROWS.iter().map(|r| r.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), ROWS.len());
        for r in ROWS.iter() {
            assert_eq!(r.key, format!("running@{}", r.service));
            assert!(r.price.is_finite() && r.price > 0.0, "{}", r.key);
            // A list price says when it was read: a year in its source.
            assert!(
                r.source
                    .split(|c: char| !c.is_ascii_digit())
                    .any(|w| w.len() == 4 && w.starts_with("20")),
                "{} names the year it was read",
                r.key
            );
        }
    }
}
