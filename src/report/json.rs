//! The JSON result (SPEC §9): stable, sorted, byte-for-byte deterministic.

use std::io::Write;

use super::Report;
use super::operations::DirectJson;

/// Above this many components the JSON is compact and written in parallel: a
/// 100,000-component result is hundreds of megabytes, and indentation would add half again
/// (pipe it through `jq` to read it).
pub const PRETTY_LIMIT: usize = 1_000;

/// Writes the report as JSON with a trailing newline: pretty-printed up to `PRETTY_LIMIT`
/// components; above, compact (`Compact`). Either way the bytes are those of serde_json for
/// `Report` (`tests/scale.rs` compares them).
pub fn write(report: &Report, out: &mut (dyn Write + Send)) -> std::io::Result<()> {
    if report.components.len() <= PRETTY_LIMIT {
        let mut chunked = Chunked::new(out);
        serde_json::to_writer_pretty(&mut chunked, report)?;
        chunked.buf.push(b'\n');
        return chunked.flush();
    }
    let mut compact = Compact::new(out);
    compact.head(report)?;
    compact.tail(report)
}

/// The compact JSON, written in two parts so that the first can be written while the
/// planner is still running: `head` needs the assessment and the findings (and today's
/// costs for the summary), `tail` the plan. The largest lists (components, findings, the
/// operational recommendations, recommendations) are serialized on two threads.
pub struct Compact<'o> {
    out: Chunked<'o>,
    started: bool,
}

impl<'o> Compact<'o> {
    pub fn new(out: &'o mut (dyn Write + Send)) -> Compact<'o> {
        Compact {
            out: Chunked::new(out),
            started: false,
        }
    }

    fn field(&mut self, name: &str, value: &dyn erased::Value) -> std::io::Result<()> {
        self.out
            .write_all(if self.started { b",\"" } else { b"{\"" })?;
        self.started = true;
        self.out.write_all(name.as_bytes())?;
        self.out.write_all(b"\":")?;
        value.write(&mut self.out)
    }

    /// `Report`'s fields up to `availability`, in its order.
    pub fn head(&mut self, r: &Report) -> std::io::Result<()> {
        self.field("schema_version", &r.schema_version)?;
        self.field("architecture", &r.architecture)?;
        self.field("as_of", &r.as_of)?;
        self.field("summary", &r.summary)?;
        self.field("disruptions", &r.disruptions)?;
        let components = &r.components;
        self.field(
            "components",
            &Parallel(components.len(), |i, items: &mut Items| {
                components.write_json(i, items.next());
            }),
        )?;
        let findings = &r.findings;
        self.field(
            "findings",
            &Parallel(findings.len(), |i, items: &mut Items| {
                findings.write_json(i, items.next());
            }),
        )?;
        self.field("score", &r.score)?;
        self.field("operational", &Operational(&r.operational))?;
        self.field("availability", &r.availability)
    }

    /// The rest (with `Report`'s `skip_serializing_if`), the closing brace and a newline;
    /// flushes.
    pub fn tail(mut self, r: &Report) -> std::io::Result<()> {
        if let Some(x) = &r.recommendations {
            self.field(
                "recommendations",
                &Parallel(x.len(), |i, items: &mut Items| {
                    x.write_json(i, items.next());
                }),
            )?;
        }
        if let Some(x) = &r.plan {
            self.field("plan", x)?;
        }
        if let Some(x) = &r.frontier {
            self.field("frontier", x)?;
        }
        if let Some(x) = &r.downtime {
            self.field("downtime", x)?;
        }
        self.field("assumptions", &r.assumptions)?;
        if let Some(x) = &r.pricing {
            self.field("pricing", x)?;
        }
        self.out.write_all(b"}\n")?;
        self.out.flush()
    }
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

/// The items of a JSON list being written into a buffer, commas included.
pub struct Items<'b> {
    buf: &'b mut Vec<u8>,
    any: bool,
}

impl Items<'_> {
    /// The buffer, ready for the next item.
    fn next(&mut self) -> &mut Vec<u8> {
        if self.any {
            self.buf.push(b',');
        }
        self.any = true;
        self.buf
    }
}

/// A list made of `n` groups of items (a group may be empty), written in batches, each batch
/// cut in `PIECES` serialized in parallel; `F` writes group `i`'s items.
struct Parallel<F>(usize, F);

/// Groups per batch: enough to keep both cores busy, small enough to bound the buffers.
const BATCH: usize = 1024;

/// Pieces per batch: more than the cores, so that a piece heavier than the others (groups
/// differ in size) does not leave a core waiting at the end of every batch.
const PIECES: usize = 8;

impl<F> erased::Value for Parallel<F>
where
    F: Fn(usize, &mut Items) + Sync,
{
    fn write(&self, out: &mut Chunked) -> std::io::Result<()> {
        use rayon::prelude::*;
        out.write_all(b"[")?;
        // Serializes groups `lo..hi` into `buf`; whether they had any item.
        let range = |lo: usize, hi: usize, buf: &mut Vec<u8>| -> bool {
            buf.clear();
            let mut items = Items { buf, any: false };
            for i in lo..hi {
                (self.1)(i, &mut items);
            }
            items.any
        };
        // A batch is written while the next one is serialized: two sets of buffers, reused
        // (fresh ones would be fresh pages each time).
        let mut filling: Vec<Vec<u8>> = vec![Vec::new(); PIECES];
        let mut full: Vec<(bool, Vec<u8>)> = vec![(false, Vec::new()); PIECES];
        let mut any = false;
        let mut write_out = |full: &[(bool, Vec<u8>)]| -> std::io::Result<()> {
            for (wrote, buf) in full {
                if *wrote {
                    if any {
                        out.write_all(b",")?;
                    }
                    any = true;
                    out.write_large(buf)?;
                }
            }
            Ok(())
        };
        let mut lo = 0;
        while lo < self.0 {
            let hi = (lo + BATCH).min(self.0);
            let step = (hi - lo).div_ceil(PIECES);
            let (written, wrote): (_, Vec<bool>) = rayon::join(
                || write_out(&full),
                || {
                    (filling.par_iter_mut().enumerate())
                        .map(|(k, buf)| {
                            let a = (lo + k * step).min(hi);
                            range(a, (a + step).min(hi), buf)
                        })
                        .collect()
                },
            );
            written?;
            for ((slot, buf), wrote) in full.iter_mut().zip(&mut filling).zip(wrote) {
                std::mem::swap(&mut slot.1, buf);
                slot.0 = wrote;
            }
            lo = hi;
        }
        write_out(&full)?;
        out.write_all(b"]")
    }
}

/// `operational` with its three lists written in parallel, component by component in the
/// view's order; byte for byte what `OperationalView`'s `Serialize` writes.
struct Operational<'r, 'a>(&'r super::operations::OperationalView<'a>);

impl erased::Value for Operational<'_, '_> {
    fn write(&self, out: &mut Chunked) -> std::io::Result<()> {
        let (view, order) = (self.0, self.0.order());
        out.write_all(b"{\"alarms\":")?;
        Parallel(order.len(), |i, items: &mut Items| {
            view.alarms_of(order[i])
                .for_each(|x| x.write_json(items.next()));
        })
        .write(out)?;
        out.write_all(b",\"sops\":")?;
        Parallel(order.len(), |i, items: &mut Items| {
            if let Some(x) = view.sop_of(order[i]) {
                x.write_json(items.next());
            }
        })
        .write(out)?;
        out.write_all(b",\"experiments\":")?;
        Parallel(order.len(), |i, items: &mut Items| {
            view.experiments_of(order[i])
                .for_each(|x| x.write_json(items.next()));
        })
        .write(out)?;
        out.write_all(b",\"kinds\":")?;
        view.kinds().write(out)?;
        out.write_all(b"}")
    }
}

/// Appends `s` as a JSON string, escaped exactly as serde_json escapes it (`"`, `\\`, and the
/// control characters; `\b \f \n \r \t` by name, the others as `\u00xx`). Eight bytes are
/// checked at a time, and each byte to escape is found directly: text is copied in runs.
pub fn push_str(buf: &mut Vec<u8>, s: &str) {
    buf.reserve(s.len() + 2);
    buf.push(b'"');
    push_escaped(buf, s.as_bytes());
    buf.push(b'"');
}

/// A JSON string being written in pieces (`fmt::Write`), escaped as `push_str` escapes: the
/// pieces are appended as they come, and `close` escapes what needs it (most texts need
/// nothing), so a text is formatted straight into the output.
pub struct JsonText<'b> {
    buf: &'b mut Vec<u8>,
    start: usize,
}

impl<'b> JsonText<'b> {
    /// Opens the string (its quote); `close` ends it.
    pub fn open(buf: &'b mut Vec<u8>) -> JsonText<'b> {
        buf.push(b'"');
        let start = buf.len();
        JsonText { buf, start }
    }

    pub fn close(mut self) {
        self.settle();
        self.buf.push(b'"');
    }

    /// Escapes what was appended since the last escape.
    fn settle(&mut self) {
        thread_local! {
            /// The unescaped rest of a text, reused.
            static RAW: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        if let Some(j) = next_to_escape(&self.buf[self.start..], 0) {
            RAW.with_borrow_mut(|raw| {
                raw.clear();
                raw.extend_from_slice(&self.buf[self.start + j..]);
                self.buf.truncate(self.start + j);
                push_escaped(self.buf, raw);
            });
        }
        self.start = self.buf.len();
    }
}

impl std::fmt::Write for JsonText<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.buf.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

impl crate::rules::TextOut for JsonText<'_> {
    fn whole(&mut self, s: &str) -> std::fmt::Result {
        self.settle();
        push_escaped(self.buf, s.as_bytes());
        self.start = self.buf.len();
        Ok(())
    }
}

/// The first byte at or after `i` that JSON must escape (below 0x20, a quote or a
/// backslash), sixteen bytes at a time with SSE2.
#[cfg(target_arch = "x86_64")]
fn next_to_escape(bytes: &[u8], i: usize) -> Option<usize> {
    // SAFETY: SSE2 is part of x86-64 itself: every processor this build runs on has it.
    unsafe { next_to_escape_sse2(bytes, i) }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn next_to_escape_sse2(bytes: &[u8], mut i: usize) -> Option<usize> {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x,
        _mm_set1_epi8,
    };
    // A bit per byte of the block, lowest first: set when the byte must be escaped.
    let mask = |block: &[u8]| -> u32 {
        let half = |k: usize| i64::from_le_bytes(block[k..k + 8].try_into().expect("8 bytes"));
        let v = _mm_set_epi64x(half(8), half(0));
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        // Below 0x20: the unsigned maximum with 0x1f is 0x1f.
        let control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control)) as u32
    };
    while let Some(block) = bytes.get(i..i + 16) {
        let m = mask(block);
        if m != 0 {
            return Some(i + m.trailing_zeros() as usize);
        }
        i += 16;
    }
    // The last bytes as one more block, padded with spaces (which need no escape).
    let rest = bytes.get(i..).filter(|r| !r.is_empty())?;
    let mut block = [b' '; 16];
    block[..rest.len()].copy_from_slice(rest);
    let m = mask(&block);
    (m != 0).then(|| i + m.trailing_zeros() as usize)
}

#[cfg(not(target_arch = "x86_64"))]
fn next_to_escape(bytes: &[u8], i: usize) -> Option<usize> {
    next_to_escape_portable(bytes, i)
}

/// `next_to_escape` on any processor: eight bytes at a time in a `u64` (tested against the
/// SSE2 one on x86-64).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn next_to_escape_portable(bytes: &[u8], mut i: usize) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    // The high bit of each byte that is below 0x20, a quote or a backslash. Each of the three
    // tests may also flag bytes after a flagged one (borrows), never before it: the lowest
    // flag is always exact.
    let zero_bytes = |x: u64| x.wrapping_sub(ONES) & !x;
    let flags = |w: u64| {
        let below_space = w.wrapping_sub(ONES * 0x20) & !w;
        let quote = zero_bytes(w ^ (ONES * u64::from(b'"')));
        let backslash = zero_bytes(w ^ (ONES * u64::from(b'\\')));
        (below_space | quote | backslash) & HIGH
    };
    while let Some(word) = bytes.get(i..i + 8) {
        let f = flags(u64::from_le_bytes(word.try_into().expect("eight bytes")));
        if f != 0 {
            return Some(i + (f.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    // The last bytes (fewer than eight) as one more word, padded with spaces (which need no
    // escape): short texts such as ids are checked in one step.
    let rest = bytes.get(i..).filter(|r| !r.is_empty())?;
    let mut word = [b' '; 8];
    word[..rest.len()].copy_from_slice(rest);
    let f = flags(u64::from_le_bytes(word));
    (f != 0).then(|| i + (f.trailing_zeros() / 8) as usize)
}

/// Appends `bytes` (UTF-8) escaped, without quotes (`push_str`'s body): text is copied in
/// runs between the bytes to escape.
fn push_escaped(buf: &mut Vec<u8>, bytes: &[u8]) {
    let mut run = 0;
    while let Some(j) = next_to_escape(bytes, run) {
        buf.extend_from_slice(&bytes[run..j]);
        match bytes[j] {
            b'"' => buf.extend_from_slice(b"\\\""),
            b'\\' => buf.extend_from_slice(b"\\\\"),
            b'\n' => buf.extend_from_slice(b"\\n"),
            b'\r' => buf.extend_from_slice(b"\\r"),
            b'\t' => buf.extend_from_slice(b"\\t"),
            0x08 => buf.extend_from_slice(b"\\b"),
            0x0c => buf.extend_from_slice(b"\\f"),
            b => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                buf.extend_from_slice(b"\\u00");
                buf.push(HEX[usize::from(b >> 4)]);
                buf.push(HEX[usize::from(b & 0xf)]);
            }
        }
        run = j + 1;
    }
    buf.extend_from_slice(&bytes[run..]);
}

/// Appends a number as serde_json writes it.
pub fn push_u64(buf: &mut Vec<u8>, v: u64) {
    buf.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// Appends a number, or `null`.
pub fn push_opt_u64(buf: &mut Vec<u8>, v: Option<u64>) {
    match v {
        Some(v) => push_u64(buf, v),
        None => buf.extend_from_slice(b"null"),
    }
}

/// Appends a float as serde_json writes it.
pub fn push_f64(buf: &mut Vec<u8>, v: f64) {
    serde_json::to_writer(&mut *buf, &v).expect("a float serializes");
}

pub fn push_bool(buf: &mut Vec<u8>, v: bool) {
    buf.extend_from_slice(if v { b"true" } else { b"false" });
}

const CHUNK: usize = 1 << 20;

/// From this size on, a batch is written as it is rather than copied into the buffer.
const DIRECT: usize = 1 << 16;

struct Chunked<'a> {
    buf: Vec<u8>,
    out: &'a mut (dyn Write + Send),
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

impl<'a> Chunked<'a> {
    fn new(out: &'a mut (dyn Write + Send)) -> Chunked<'a> {
        Chunked {
            buf: Vec::with_capacity(CHUNK + (CHUNK >> 2)),
            out,
        }
    }

    /// Writes a large slice (a batch of a list) straight through, without copying it into
    /// the buffer first.
    fn write_large(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if bytes.len() < DIRECT {
            return self.write_all(bytes);
        }
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.write_all(bytes)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The SSE2 search and the portable one find the same byte, from any start, in any
        /// text (around the 8- and 16-byte blocks, with every kind of byte to escape).
        #[test]
        fn both_searches_agree(
            bytes in prop::collection::vec(
                prop_oneof![Just(b'a'), Just(b'"'), Just(b'\\'), Just(b'\n'), Just(0u8), Just(0x1f), Just(b' '), Just(0x7f), Just(0xe9), any::<u8>()],
                0..48,
            ),
            from in 0usize..50,
        ) {
            let from = from.min(bytes.len());
            prop_assert_eq!(
                super::next_to_escape(&bytes, from),
                super::next_to_escape_portable(&bytes, from)
            );
        }
    }
}
