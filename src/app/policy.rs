//! `drplan policy export`: the architecture's policy as the body of Resilience Hub's
//! `CreateResiliencyPolicy`.

use std::path::Path;

use super::{Exit, io, sources};
use crate::input::{self, LoadOptions};

pub fn export(arch_path: &Path, confine: sources::Confine) -> anyhow::Result<Exit> {
    let arch = sources::load(arch_path, &LoadOptions::default(), confine, None)?;
    let doc = input::policy::to_resilience_hub(&arch.name, &arch.policy);
    io::print(&io::json_text(&doc)?)?;
    Ok(Exit::Ok)
}
