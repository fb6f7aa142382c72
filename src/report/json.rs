//! The JSON result (docs/json.md): serde_json writes all of it, sorted and byte-for-byte
//! deterministic. Up to [`PRETTY_LIMIT`] components it is indented; above, it is compact
//! (a 100,000-component result is hundreds of megabytes, and indentation would add half again;
//! pipe it through `jq` to read it), and its long lists are serialized in parallel: each batch
//! of items by serde_json on both cores, then written in order.

use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;
use serde::ser::{Error as _, SerializeSeq, Serializer};
use serde_json::value::RawValue;

use super::Report;

/// Above this many components the JSON is compact and its lists are serialized in parallel.
pub const PRETTY_LIMIT: usize = 1_000;

/// Whether an architecture of `components` is written compact (and in parallel).
pub fn compact(components: usize) -> bool {
    components > PRETTY_LIMIT
}

/// Writes the report as JSON with a trailing newline.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    if compact(report.components.len()) {
        serde_json::to_writer(&mut *out, report)?;
    } else {
        serde_json::to_writer_pretty(&mut *out, report)?;
    }
    out.write_all(b"\n")
}

/// A list made of groups of items (a group may be empty): the components, the findings, each
/// component's alarms. The items are views made as they are serialized.
pub trait Listed: Sync {
    type Item: Serialize;
    /// How many groups.
    fn groups(&self) -> usize;
    /// Hands group `i`'s items to `each`, in order.
    fn group(&self, i: usize, each: &mut dyn FnMut(Self::Item));
}

/// Serializes a [`Listed`]: item by item, or (`parallel`) in batches whose items serde_json
/// serializes on every core into raw JSON, then written in order; the bytes are the same.
pub struct Parallel<'l, L> {
    list: &'l L,
    parallel: bool,
}

impl<'l, L: Listed> Parallel<'l, L> {
    pub fn new(list: &'l L, parallel: bool) -> Self {
        Parallel { list, parallel }
    }
}

impl<L: Listed> Parallel<'_, L> {
    /// Groups `lo..lo + BATCH` as raw JSON, in pieces serialized in parallel.
    fn batch(&self, lo: usize) -> Result<Vec<Vec<Box<RawValue>>>, serde_json::Error> {
        let hi = (lo + BATCH).min(self.list.groups());
        let step = (hi - lo).div_ceil(PIECES);
        (0..PIECES)
            .into_par_iter()
            .map(|k| {
                let from = (lo + k * step).min(hi);
                let mut raw = Ok(Vec::new());
                for i in from..(from + step).min(hi) {
                    self.list.group(i, &mut |item| {
                        if let Ok(items) = &mut raw {
                            match serde_json::value::to_raw_value(&item) {
                                Ok(r) => items.push(r),
                                Err(e) => raw = Err(e),
                            }
                        }
                    });
                }
                raw
            })
            .collect()
    }
}

/// Groups per batch: enough to keep both cores busy, few enough to bound the memory held.
const BATCH: usize = 1024;

/// Pieces per batch: more than the cores, so that a piece heavier than the others (groups
/// differ in size) does not leave a core waiting at the end of every batch.
const PIECES: usize = 8;

impl<L: Listed> Serialize for Parallel<'_, L> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.list.groups();
        let mut seq = s.serialize_seq(None)?;
        if !self.parallel {
            let mut result = Ok(());
            for i in 0..n {
                self.list.group(i, &mut |item| {
                    if result.is_ok() {
                        result = seq.serialize_element(&item);
                    }
                });
            }
            result?;
            return seq.end();
        }
        // Each batch is written here while the next one is serialized on the pool.
        let mut next = Some(self.batch(0));
        let mut lo = 0;
        while let Some(batch) = next.take() {
            let batch = batch.map_err(S::Error::custom)?;
            lo += BATCH;
            let mut written = Ok(());
            rayon::in_place_scope(|scope| {
                if lo < n {
                    scope.spawn(|_| next = Some(self.batch(lo)));
                }
                for item in batch.iter().flatten() {
                    written = seq.serialize_element(item);
                    if written.is_err() {
                        break;
                    }
                }
            });
            written?;
        }
        seq.end()
    }
}
