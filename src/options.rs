//! What an assessment runs with besides the architecture: the assumption table, the date that
//! date-based rules are evaluated on, and what `drplan verify` measured. Every stage after
//! `input` reads it; it imports none of them.

use crate::estimate::{Assumptions, Measured};
use crate::model::CompIdx;

/// The assessment's options.
#[derive(Debug, Clone)]
pub struct Options {
    pub assumptions: Assumptions,
    /// Today, for date-based rules (`--now`, else the UTC date).
    pub now: jiff::civil::Date,
    /// Figures measured by `drplan verify`, per component.
    pub measured: Vec<(CompIdx, Measured)>,
}

impl Options {
    /// The default assumptions, nothing measured, date-based rules evaluated at `now`.
    pub fn at(now: jiff::civil::Date) -> Options {
        Options {
            assumptions: Assumptions::default(),
            now,
            measured: Vec::new(),
        }
    }
}
