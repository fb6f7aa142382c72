//! The JSON result (SPEC §9): stable, sorted, byte-for-byte deterministic.

use std::io::Write;

use super::Report;

/// Above this many components the JSON is compact: a 100,000-component result is hundreds
/// of megabytes, and indentation would add half again (pipe it through `jq` to read it).
pub const PRETTY_LIMIT: usize = 10_000;

/// Writes the report as JSON with a trailing newline: pretty-printed up to `PRETTY_LIMIT`
/// components, compact above. serde_json writes token by token, so it writes into a local
/// buffer that goes to `out` a megabyte at a time.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut chunked = Chunked {
        buf: Vec::with_capacity(CHUNK + (CHUNK >> 2)),
        out,
    };
    if report.components.len() <= PRETTY_LIMIT {
        serde_json::to_writer_pretty(&mut chunked, report)?;
    } else {
        serde_json::to_writer(&mut chunked, report)?;
    }
    chunked.buf.push(b'\n');
    chunked.flush()
}

const CHUNK: usize = 1 << 20;

struct Chunked<'a> {
    buf: Vec<u8>,
    out: &'a mut dyn Write,
}

impl Write for Chunked<'_> {
    #[inline]
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(bytes.len())
    }

    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.write(bytes).map(|_| ())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()
    }
}
