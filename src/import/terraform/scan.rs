//! The scan of `terraform show -json` output as a stream: the top level, the values and their
//! modules walked with serde, each resource copied out with its line and module and handed on
//! a batch at a time, the rest skipped or kept (the version, the configuration, the variables).

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::io;
use std::sync::mpsc::SyncSender;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::config::{Configuration, Variable};
use crate::import::error::Error;

/// A resource as the scan hands it on: its text (copied out of the file, which is never held
/// whole), the line it starts on, and its module's number (modules are numbered as they are
/// met, a parent before its children).
pub(super) type Raw = (Box<RawValue>, u32, u32);

/// What the scan hands the second thread.
pub(super) enum Batch {
    /// Resources, in the file's order.
    Resources(Vec<Raw>),
    /// The file holds `planned_values` after `values`: a plan's own resources, read instead.
    Restart,
}

/// Counts the newlines of what it hands on, so that the scan knows the line it is at, and
/// hands on only UTF-8 (a character cut by a piece's end waits for the next piece).
struct Lines<'c, R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    /// The end of what is checked and handed on.
    len: usize,
    /// The end of what is read (the checked part, then a cut character's first bytes).
    end: usize,
    newlines: &'c Cell<u32>,
}

/// What a stream that is not UTF-8 fails with.
#[derive(Debug)]
struct NotUtf8;

impl std::fmt::Display for NotUtf8 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not UTF-8 text")
    }
}

impl std::error::Error for NotUtf8 {}

impl<'c, R: io::Read> Lines<'c, R> {
    fn new(inner: R, newlines: &'c Cell<u32>) -> Self {
        Lines {
            inner,
            buf: vec![0; 1 << 16].into_boxed_slice(),
            pos: 0,
            len: 0,
            end: 0,
            newlines,
        }
    }

    /// The next piece, checked; nothing at the end of the stream.
    fn refill(&mut self) -> io::Result<()> {
        let not_utf8 = || io::Error::new(io::ErrorKind::InvalidData, NotUtf8);
        self.buf.copy_within(self.len..self.end, 0);
        (self.pos, self.len, self.end) = (0, 0, self.end - self.len);
        while self.len == 0 {
            let n = self.inner.read(&mut self.buf[self.end..])?;
            if n == 0 {
                return if self.end == 0 {
                    Ok(())
                } else {
                    Err(not_utf8())
                };
            }
            self.end += n;
            self.len = match std::str::from_utf8(&self.buf[..self.end]) {
                Ok(_) => self.end,
                Err(e) if e.error_len().is_none() => e.valid_up_to(),
                Err(_) => return Err(not_utf8()),
            };
        }
        Ok(())
    }
}

impl<R: io::Read> io::Read for Lines<'_, R> {
    // The JSON reader asks for a byte at a time: that is the path to keep short.
    #[inline(always)]
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if let ([slot], Some(&b)) = (&mut *out, self.buf[..self.len].get(self.pos)) {
            *slot = b;
            self.pos += 1;
            if b == b'\n' {
                self.newlines.set(self.newlines.get().saturating_add(1));
            }
            return Ok(1);
        }
        if self.pos == self.len {
            self.refill()?;
        }
        let n = out.len().min(self.len - self.pos);
        let bytes = &self.buf[self.pos..self.pos + n];
        out[..n].copy_from_slice(bytes);
        let lines = bytes.iter().filter(|&&b| b == b'\n').count();
        if lines > 0 {
            let lines = u32::try_from(lines).unwrap_or(u32::MAX);
            self.newlines.set(self.newlines.get().saturating_add(lines));
        }
        self.pos += n;
        Ok(n)
    }
}

/// How the scan ended, and what it kept of the file besides its resources.
pub(super) struct Scanned {
    /// Its end: the file's own, or why it stopped (a format this reader does not know, the
    /// JSON's syntax or shape, the bytes that could not be had).
    pub end: Result<(), Error>,
    pub version: Option<String>,
    pub configuration: Option<Configuration>,
    pub variables: BTreeMap<String, Variable>,
    /// `lineage` and `serial` met: Terraform's own state format.
    pub raw_state: bool,
}

/// Scans `input` to its end, handing its resources on to `send` a batch at a time, the last
/// one however the scan ends: what was scanned before an error is still read.
pub(super) fn scan(input: Box<dyn io::Read + '_>, file: &str, send: SyncSender<Batch>) -> Scanned {
    let newlines = Cell::new(0);
    let mut scan = Scan {
        file,
        newlines: &newlines,
        send: Some(send),
        source: None,
        batch: Vec::with_capacity(BATCH),
        version: None,
        configuration: None,
        variables: BTreeMap::new(),
        module: 0,
        modules: 0,
        raw_state: (false, false),
        stopped: None,
    };
    let json = {
        let mut de = serde_json::Deserializer::from_reader(Lines::new(input, &newlines));
        TopLevel(&mut scan)
            .deserialize(&mut de)
            .and_then(|()| de.end())
    };
    scan.flush();
    let end = match scan.stopped {
        Some(e) => Err(e),
        None => json.map_err(|e| unreadable(file, e)),
    };
    Scanned {
        end,
        version: scan.version,
        configuration: scan.configuration,
        variables: scan.variables,
        raw_state: scan.raw_state == (true, true),
    }
}

/// A stream that could not be read as JSON: its syntax or shape (with the place), or why its
/// bytes could not be had.
fn unreadable(file: &str, e: serde_json::Error) -> Error {
    if !e.is_io() {
        return Error::json(file, &e);
    }
    let e = io::Error::from(e);
    if e.get_ref().is_some_and(|inner| inner.is::<NotUtf8>()) {
        Error::at(file, None, "not UTF-8 text".into())
    } else {
        Error::at(file, None, format!("cannot read it: {e}"))
    }
}

/// The scan's state: where it is, and what it has kept of the file besides resources.
struct Scan<'c> {
    file: &'c str,
    newlines: &'c Cell<u32>,
    send: Option<SyncSender<Batch>>,
    /// Which of `planned_values` and `values` the resources come from, once one is met.
    source: Option<Source>,
    batch: Vec<Raw>,
    version: Option<String>,
    configuration: Option<Configuration>,
    variables: BTreeMap<String, Variable>,
    /// The module being read, and how many have been met.
    module: u32,
    modules: u32,
    /// `lineage` and `serial` met: Terraform's own state format.
    raw_state: (bool, bool),
    /// Why the scan stopped early, when it was not the JSON.
    stopped: Option<Error>,
}

impl Scan<'_> {
    fn push(&mut self, raw: Box<RawValue>) -> bool {
        let inside = raw.get().bytes().filter(|&b| b == b'\n').count();
        let inside = u32::try_from(inside).unwrap_or(u32::MAX);
        let line = self.newlines.get().saturating_sub(inside).saturating_add(1);
        self.batch.push((raw, line, self.module));
        self.batch.len() < BATCH || self.flush()
    }

    /// Hands the batch on; false when the second thread has stopped (at an error of its own).
    fn flush(&mut self) -> bool {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.send_batch(Batch::Resources(batch))
    }

    fn send_batch(&mut self, batch: Batch) -> bool {
        self.send.as_ref().is_some_and(|s| s.send(batch).is_ok())
    }
}

/// Why the scan stopped, in serde's words (the scan's own reason is kept in `Scan::stopped`,
/// or the second thread's in its result).
fn stop<E: serde::de::Error>() -> E {
    E::custom("stopped")
}

struct TopLevel<'s, 'c>(&'s mut Scan<'c>);

impl<'de> DeserializeSeed<'de> for TopLevel<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object (`terraform show -json` output)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let scan = self.0;
        while let Some(key) = map.next_key::<Cow<str>>()? {
            match key.as_ref() {
                "format_version" => {
                    let v: Option<String> = map.next_value()?;
                    // A format this reader does not know is refused before it is read on.
                    if let Err(e) = check_version(v.as_deref(), scan.file) {
                        scan.stopped = Some(e);
                        return Err(stop());
                    }
                    scan.version = v;
                }
                "planned_values" => map.next_value_seed(OrNull(Values(scan, Source::Planned)))?,
                "values" if scan.source == Some(Source::Planned) => {
                    map.next_value::<IgnoredAny>()?;
                }
                "values" => map.next_value_seed(OrNull(Values(scan, Source::Values)))?,
                "configuration" => scan.configuration = map.next_value()?,
                "variables" => scan.variables = map.next_value()?,
                "lineage" => {
                    scan.raw_state.0 = true;
                    map.next_value::<IgnoredAny>()?;
                }
                "serial" => {
                    scan.raw_state.1 = true;
                    map.next_value::<IgnoredAny>()?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A part that may be null, as if it were absent; `S` reads it otherwise.
struct OrNull<S>(S);

impl<'de, S: DeserializeSeed<'de, Value = ()>> DeserializeSeed<'de> for OrNull<S> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de, S: DeserializeSeed<'de, Value = ()>> Visitor<'de> for OrNull<S> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("null or a value")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.0.deserialize(d)
    }
}

/// Where a file's resources are: a state's `values` or a plan's `planned_values`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Values,
    Planned,
}

/// `values` and `planned_values` (which): the root module. A plan's `planned_values` win
/// over `values` met first.
struct Values<'s, 'c>(&'s mut Scan<'c>, Source);

impl<'de> DeserializeSeed<'de> for Values<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let scan = &mut *self.0;
        if scan.source.is_some() {
            scan.batch.clear();
            if !scan.send_batch(Batch::Restart) {
                return Err(stop());
            }
        }
        scan.source = Some(self.1);
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Values<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object with a root_module")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Cow<str>>()? {
            if key == "root_module" {
                map.next_value_seed(OrNull(ModuleSeed(&mut *self.0)))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// A module: its resources, then its child modules, as the file writes them.
struct ModuleSeed<'s, 'c>(&'s mut Scan<'c>);

impl<'de> DeserializeSeed<'de> for ModuleSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ModuleSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a module (resources and child_modules)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let scan = self.0;
        let (parent, this) = (scan.module, scan.modules);
        scan.modules = scan.modules.saturating_add(1);
        while let Some(key) = map.next_key::<Cow<str>>()? {
            scan.module = this;
            match key.as_ref() {
                "resources" => map.next_value_seed(List(&mut *scan, Item::Resource))?,
                "child_modules" => map.next_value_seed(List(&mut *scan, Item::Module))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        scan.module = parent;
        Ok(())
    }
}

/// What a list of a module holds.
#[derive(Clone, Copy)]
enum Item {
    Resource,
    Module,
}

/// A module's `resources` or `child_modules`.
struct List<'s, 'c>(&'s mut Scan<'c>, Item);

impl<'de> DeserializeSeed<'de> for List<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for List<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let scan = self.0;
        match self.1 {
            Item::Resource => {
                while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
                    if !scan.push(raw) {
                        return Err(stop());
                    }
                }
            }
            Item::Module => while seq.next_element_seed(ModuleSeed(&mut *scan))?.is_some() {},
        }
        Ok(())
    }
}

/// Resources handed from the scan to the second thread at a time: few enough that the text
/// copied out stays small, enough that handing on costs nothing beside reading.
const BATCH: usize = 4096;

const NOT_SHOW_JSON: &str = "no format_version: not `terraform show -json` output";

/// `format_version` 0.x and 1.x are read; a new major version changes the format.
pub(super) fn check_version(version: Option<&str>, file: &str) -> Result<(), Error> {
    let Some(v) = version else {
        return Err(Error::at(file, None, NOT_SHOW_JSON.into()));
    };
    match v.split('.').next() {
        Some("0" | "1") => Ok(()),
        _ => Err(Error::at(
            file,
            None,
            format!(
                "format_version {} is not supported: drplan reads `terraform show -json` output of format 0.x and 1.x",
                crate::words::Shown(v)
            ),
        )),
    }
}
