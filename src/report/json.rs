//! The JSON result (SPEC §9): stable, sorted, byte-for-byte deterministic.

use std::io::Write;

use serde::Serialize;

use super::Report;

/// Above this many components the JSON is compact: a 100,000-component result is hundreds
/// of megabytes, and indentation would add half again (pipe it through `jq` to read it).
pub const PRETTY_LIMIT: usize = 10_000;

/// Writes the report as JSON with a trailing newline: pretty-printed up to `PRETTY_LIMIT`
/// components; above, compact, with the largest lists (components, findings,
/// recommendations) serialized on two threads. Either way the bytes are those of serde_json for `Report`
/// (`tests/model.rs` compares the two paths).
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut chunked = Chunked {
        buf: Vec::with_capacity(CHUNK + (CHUNK >> 2)),
        out,
    };
    if report.components.len() <= PRETTY_LIMIT {
        serde_json::to_writer_pretty(&mut chunked, report)?;
    } else {
        write_compact(report, &mut chunked)?;
    }
    chunked.buf.push(b'\n');
    chunked.flush()
}

/// The compact form, field by field in `Report`'s order (and with its `skip_serializing_if`).
fn write_compact(r: &Report, out: &mut Chunked) -> std::io::Result<()> {
    let mut first = true;
    let mut field =
        |out: &mut Chunked, name: &str, value: &dyn erased::Value| -> std::io::Result<()> {
            out.write_all(if first { b"{\"" } else { b",\"" })?;
            first = false;
            out.write_all(name.as_bytes())?;
            out.write_all(b"\":")?;
            value.write(out)
        };
    field(out, "schema_version", &r.schema_version)?;
    field(out, "architecture", &r.architecture)?;
    field(out, "as_of", &r.as_of)?;
    field(out, "summary", &r.summary)?;
    field(out, "disruptions", &r.disruptions)?;
    field(
        out,
        "components",
        &Parallel(r.components.len(), |i| r.components.get(i)),
    )?;
    field(
        out,
        "findings",
        &Parallel(r.findings.len(), |i| r.findings.get(i)),
    )?;
    field(out, "score", &r.score)?;
    field(out, "operational", &r.operational)?;
    field(out, "availability", &r.availability)?;
    if let Some(x) = &r.recommendations {
        field(out, "recommendations", &Parallel(x.len(), |i| x.get(i)))?;
    }
    if let Some(x) = &r.plan {
        field(out, "plan", x)?;
    }
    if let Some(x) = &r.frontier {
        field(out, "frontier", x)?;
    }
    if let Some(x) = &r.downtime {
        field(out, "downtime", x)?;
    }
    field(out, "assumptions", &r.assumptions)?;
    if let Some(x) = &r.pricing {
        field(out, "pricing", x)?;
    }
    out.write_all(b"}")
}

mod erased {
    /// A value that writes itself as compact JSON.
    pub trait Value {
        fn write(&self, out: &mut super::Chunked) -> std::io::Result<()>;
    }

    impl<T: serde::Serialize> Value for T {
        fn write(&self, out: &mut super::Chunked) -> std::io::Result<()> {
            serde_json::to_writer(out, self).map_err(std::io::Error::from)
        }
    }
}

/// A list whose elements are serialized in batches, each batch split over two threads.
struct Parallel<F>(usize, F);

/// Elements per batch: enough to keep both cores busy, small enough to bound the buffers.
const BATCH: usize = 8192;

impl<F, T> Parallel<F>
where
    F: Fn(usize) -> T + Sync,
    T: Serialize,
{
    fn range(&self, lo: usize, hi: usize) -> std::io::Result<Vec<u8>> {
        let mut buf = Vec::with_capacity((hi - lo) * 512);
        for i in lo..hi {
            if i > 0 {
                buf.push(b',');
            }
            serde_json::to_writer(&mut buf, &(self.1)(i)).map_err(std::io::Error::from)?;
        }
        Ok(buf)
    }

    fn write_to(&self, out: &mut Chunked) -> std::io::Result<()> {
        out.write_all(b"[")?;
        let mut lo = 0;
        while lo < self.0 {
            let hi = (lo + BATCH).min(self.0);
            let mid = lo + (hi - lo) / 2;
            let (a, b) = std::thread::scope(|s| {
                let first = s.spawn(|| self.range(lo, mid));
                let second = self.range(mid, hi);
                (first.join(), second)
            });
            match a {
                Ok(a) => out.write_all(&a?)?,
                Err(panic) => std::panic::resume_unwind(panic),
            }
            out.write_all(&b?)?;
            lo = hi;
        }
        out.write_all(b"]")
    }
}

impl<F, T> erased::Value for Parallel<F>
where
    F: Fn(usize) -> T + Sync,
    T: Serialize,
{
    fn write(&self, out: &mut Chunked) -> std::io::Result<()> {
        self.write_to(out)
    }
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
