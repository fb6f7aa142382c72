//! Azure's mechanisms, as a fix names them (the neutral words until Azure's are written).

use super::Mechanisms;

pub const AZURE: &Mechanisms = &super::NEUTRAL;
