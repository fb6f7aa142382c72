//! Azure's list prices (none yet).

use super::Row;

pub const ROWS: &[Row] = &[];
