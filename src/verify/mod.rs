//! Backup verification against S3 (SPEC §7): list the recovery points each component declares,
//! check freshness, history, size, integrity and protection, and write `verify.json`, which
//! `drplan assess --evidence` reads back.

pub mod evidence;
pub mod location;
pub mod report;

use crate::cli::VerifyArgs;
use crate::commands::Error;

/// `drplan verify`.
pub fn command(args: &VerifyArgs) -> Result<i32, Error> {
    let _ = args;
    Err(Error::Usage("`drplan verify` is not available yet".into()))
}
