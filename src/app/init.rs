//! `drplan init`: a commented example architecture to start from.

use std::path::Path;

use super::{Exit, UsageError, io};

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
    io::write_bytes(path, INIT_EXAMPLE.as_bytes())?;
    eprintln!(
        "wrote {}: edit it, then run `drplan assess {}`",
        path.display(),
        path.display()
    );
    Ok(Exit::Ok)
}
