//! The JSON result (SPEC §9): stable, sorted, byte-for-byte deterministic.

use super::Report;

/// Above this many components the JSON is compact: a 100,000-component result is hundreds
/// of megabytes, and indentation would add half again (pipe it through `jq` to read it).
pub const PRETTY_LIMIT: usize = 10_000;

/// Writes the report as JSON with a trailing newline: pretty-printed up to `PRETTY_LIMIT`
/// components, compact above.
pub fn write(report: &Report, out: &mut impl std::io::Write) -> std::io::Result<()> {
    if report.components.len() <= PRETTY_LIMIT {
        serde_json::to_writer_pretty(&mut *out, report)?;
    } else {
        serde_json::to_writer(&mut *out, report)?;
    }
    out.write_all(b"\n")
}
