//! `drplan init`: a commented example architecture to start from.

use std::path::Path;

use super::{Exit, UsageError, io};

/// The file name of the schema `drplan init` writes beside the example.
pub const SCHEMA_FILE: &str = "drplan.schema.json";

/// The example `drplan init` writes (valid: a test assesses it).
pub const INIT_EXAMPLE: &str = include_str!("../../fixtures/init.json");

pub fn run(path: &Path, force: bool) -> anyhow::Result<Exit> {
    if path.as_os_str() == "-" {
        io::print(INIT_EXAMPLE)?;
        return Ok(Exit::Ok);
    }
    if path.exists() && !force {
        return Err(UsageError(format!(
            "{} exists; pass --force to overwrite it",
            path.display()
        ))
        .into());
    }
    // The example's `$schema` points at the schema beside it, for editors.
    let schema = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(SCHEMA_FILE);
    let text = super::schema::text()?;
    let write_schema = force || !schema.exists();
    io::write_bytes(path, INIT_EXAMPLE.as_bytes())?;
    if write_schema {
        io::write_bytes(&schema, text.as_bytes())?;
    }
    eprintln!(
        "wrote {}{}: edit it (your editor completes and checks it against the schema), then run `drplan assess {}`",
        path.display(),
        if write_schema {
            format!(" and {}", schema.display())
        } else {
            String::new()
        },
        path.display()
    );
    Ok(Exit::Ok)
}
