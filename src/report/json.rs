//! The JSON result (SPEC §9): stable, sorted, byte-for-byte deterministic.

use super::Report;

/// Writes the report as pretty-printed JSON with a trailing newline.
pub fn write(report: &Report, out: &mut impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}
