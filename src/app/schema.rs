//! `drplan schema`: the JSON Schema of the architecture file, for editors.

use super::{Exit, io};
use crate::input::raw::RawArchitecture;

pub fn run() -> anyhow::Result<Exit> {
    io::print(&text()?)?;
    Ok(Exit::Ok)
}

/// The schema as pretty JSON with a trailing newline.
pub fn text() -> serde_json::Result<String> {
    let mut schema = schemars::schema_for!(RawArchitecture);
    // `$schema` is allowed at the top (editors use it to find this schema).
    if let Some(props) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) {
        props.insert(
            "$schema".into(),
            serde_json::json!({ "type": "string", "description": "The URL of this schema, for editors" }),
        );
    }
    super::io::json_text(&schema)
}
