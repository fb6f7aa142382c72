//! Google Cloud's published recovery figures (none yet).

use super::Row;

pub const ROWS: &[Row] = &[];
