//! `drplan schema`: the JSON Schema of the architecture file, for editors.

use super::{Exit, io};

pub fn run() -> anyhow::Result<Exit> {
    io::print(&text()?)?;
    Ok(Exit::Ok)
}

/// The schema as pretty JSON with a trailing newline.
pub fn text() -> serde_json::Result<String> {
    super::io::json_text(&crate::input::schema())
}
