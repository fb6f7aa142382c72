//! `drplan policy export`: the architecture's policy as the body of Resilience Hub's
//! `CreateResiliencyPolicy`.

use std::path::Path;

use super::{Exit, io, pipeline};
use crate::input::{self, LoadOptions};

pub fn export(arch_path: &Path) -> anyhow::Result<Exit> {
    let arch = pipeline::read_architecture(arch_path, &LoadOptions::default())?;
    let doc = input::policy::to_resilience_hub(&arch.name, &arch.policy);
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    io::print(&text)?;
    Ok(Exit::Ok)
}
