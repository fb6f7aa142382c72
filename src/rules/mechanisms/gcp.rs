//! Google Cloud's mechanisms, as a fix names them (the neutral words until Google Cloud's are
//! written).

use super::Mechanisms;

pub const GCP: &Mechanisms = &super::NEUTRAL;
