//! Terraform's `terraform show -json` output: a plan (`planned_values`, `configuration`) or a
//! state (`values`), `format_version` 0.x or 1.x, resources in nested `child_modules`,
//! `count` and `for_each` instances. The file is read once, as a stream, and never held whole:
//! each resource is copied out as the scan meets it and read on a second thread, and only
//! those of types a provider reads (`Providers::wants`) are parsed further, only the attributes
//! it asks for; what a plan holds besides (its changes, its prior state) is skipped as it is
//! scanned. Sensitive values are dropped as they are read. The reader knows no cloud: the
//! providers say which types and attributes matter and where a resource's region comes from.
//!
//! References come from the plan's `configuration` (each attribute's expression lists what it
//! refers to; `var.` and module outputs are followed through the module calls); a state has
//! none, and `links` matches values (ids, ARNs, names, endpoints) instead.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap as StdHashMap};

/// Maps of addresses and module paths, hashed fast.
type HashMap<K, V> = StdHashMap<K, V, foldhash::fast::FixedState>;

use std::cell::Cell;
use std::io;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use super::error::Error;
use super::provider::{Providers, Role};
use super::resource::{Attributes, Link, Origin, Region, Resource, Small};
use super::secrets::drop_secret_attributes;

/// The attributes of a resource its provider asked for (`wanted`, sorted), named by the
/// provider's own strings; the others are never parsed (slices of the resource's text).
fn kept(values: &RawValue, wanted: &[&'static str]) -> serde_json::Result<Attributes> {
    let all: BTreeMap<Cow<str>, &RawValue> = serde_json::from_str(values.get())?;
    let names: Vec<(&'static str, &RawValue)> = (all.iter())
        .filter_map(|(key, raw)| {
            let i = wanted.binary_search(&key.as_ref()).ok()?;
            Some((wanted[i], *raw))
        })
        .collect();
    // Room for exactly these: a list grown by doubling holds up to twice what it needs.
    let mut out = thin_vec::ThinVec::with_capacity(names.len());
    for (name, raw) in names {
        out.push((Cow::Borrowed(name), serde_json::from_str(raw.get())?));
    }
    Ok(Small::from_sorted(out))
}

const NOT_SHOW_JSON: &str = "no format_version: not `terraform show -json` output";

/// What to say of a raw state file (`terraform.tfstate`: `version`, `lineage`), which is
/// Terraform's own format, not the one it shows.
pub const RAW_STATE: &str = "a raw Terraform state (terraform.tfstate), not `terraform show -json` output: run `terraform show -json > state.json` and import that";

/// Whether the text is a raw state file.
pub fn is_raw_state(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Probe<'a> {
        #[serde(borrow)]
        lineage: Option<&'a RawValue>,
        #[serde(borrow)]
        serial: Option<&'a RawValue>,
        #[serde(borrow)]
        format_version: Option<&'a RawValue>,
    }
    serde_json::from_str::<Probe>(text.trim_start())
        .is_ok_and(|p| p.lineage.is_some() && p.serial.is_some() && p.format_version.is_none())
}

/// Whether a text that starts with `prefix` is `terraform show -json` output as Terraform
/// writes it: an object whose first key is `format_version`.
pub fn starts(prefix: &[u8]) -> bool {
    (prefix.trim_ascii_start().strip_prefix(b"{"))
        .is_some_and(|rest| rest.trim_ascii_start().starts_with(b"\"format_version\""))
}

/// Whether the text looks like `terraform show -json` output.
pub fn looks_like(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Probe<'a> {
        #[serde(borrow)]
        format_version: Option<Cow<'a, str>>,
        #[serde(borrow)]
        terraform_version: Option<Cow<'a, str>>,
        #[serde(borrow)]
        values: Option<&'a RawValue>,
        #[serde(borrow)]
        planned_values: Option<&'a RawValue>,
    }
    let trimmed = text.trim_start();
    trimmed.starts_with('{')
        && serde_json::from_str::<Probe>(trimmed).is_ok_and(|p| {
            p.format_version.is_some()
                && (p.terraform_version.is_some()
                    || p.values.is_some()
                    || p.planned_values.is_some())
        })
}

/// A resource as the scan hands it on: its text (copied out of the file, which is never held
/// whole), the line it starts on, and its module's number (modules are numbered as they are
/// met, a parent before its children).
type Raw = (Box<RawValue>, u32, u32);

#[derive(Deserialize)]
struct StateResource<'a> {
    #[serde(borrow)]
    address: Cow<'a, str>,
    #[serde(borrow, default)]
    mode: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "type")]
    ty: Cow<'a, str>,
    #[serde(borrow, default)]
    values: Option<&'a RawValue>,
    #[serde(borrow, default)]
    sensitive_values: Option<&'a RawValue>,
    #[serde(borrow, default)]
    depends_on: Vec<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Configuration {
    #[serde(default)]
    provider_config: BTreeMap<String, ProviderConfig>,
    #[serde(default)]
    root_module: Option<ConfigModule>,
}

#[derive(Deserialize)]
struct Variable {
    #[serde(default)]
    value: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
struct ProviderConfig {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    expressions: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
struct ConfigModule {
    #[serde(default)]
    resources: Vec<ConfigResource>,
    #[serde(default)]
    module_calls: BTreeMap<String, ModuleCall>,
    #[serde(default)]
    outputs: BTreeMap<String, Box<RawValue>>,
}

#[derive(Deserialize)]
struct ConfigResource {
    address: String,
    #[serde(default)]
    mode: Option<String>,
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    provider_config_key: Option<String>,
    #[serde(default)]
    expressions: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
struct ModuleCall {
    #[serde(default)]
    expressions: Option<Box<RawValue>>,
    #[serde(default)]
    module: Option<ConfigModule>,
}

/// A file's resources, and the components it reads without managing them (data sources).
pub struct Read {
    pub resources: Vec<Resource>,
    pub outside: Vec<String>,
}

/// Reads `terraform show -json` output into resources; `region` is the one to assume where the
/// file does not say. The text is read as a stream and never held whole: each resource is
/// copied out as the scan meets it and read a batch at a time on a second thread while the
/// scan goes on, and what a plan holds besides (its changes, its prior state) is skipped.
pub fn read(
    input: impl io::Read,
    file: &str,
    region: Option<&str>,
    providers: Providers,
) -> Result<Read, Error> {
    let newlines = Cell::new(0);
    let mut input = Lines::new(input, &newlines);
    let (mut out, after, outside, config) = std::thread::scope(|scope| {
        // At most one batch waits while another is read: the scan never runs far ahead.
        let (send, batches) = std::sync::mpsc::sync_channel::<Batch>(1);
        let reader = Records { file, providers };
        let worker = std::thread::Builder::new()
            .spawn_scoped(scope, move || reader.all(batches))
            .map_err(|e| Error::at(file, None, format!("cannot start reading it: {e}")))?;
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
        let scanned = {
            let mut de = serde_json::Deserializer::from_reader(&mut input);
            TopLevel(&mut scan)
                .deserialize(&mut de)
                .and_then(|()| de.end())
        };
        // What was scanned before an error is still read: its error, if any, comes first in
        // the file (the errors are taken in the file's order, whatever the batches).
        scan.flush();
        scan.send = None;
        let read = worker
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))?;
        if let Some(e) = scan.stopped.take() {
            return Err(e);
        }
        scanned.map_err(|e| unreadable(file, e))?;
        if scan.version.is_none() && scan.raw_state == (true, true) {
            return Err(Error::at(file, None, RAW_STATE.into()));
        }
        check_version(scan.version.as_deref(), file)?;
        let config = Config::new(scan.configuration, &scan.variables, file, providers)?;
        Ok::<_, Error>((read.0, read.1, read.2, config))
    })?;
    // Nothing below reads the file: a text given whole is freed here.
    drop(input);
    regions(&mut out, &config, region, providers);
    resolve(&mut out, &after, &config);
    Ok(Read {
        resources: out,
        outside,
    })
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

/// Puts what is at `order[k]` at `k`, in both lists, in place: each cycle of the order is
/// followed once, so that the work is the lists' length whatever the order.
fn permute<A, B>(a: &mut [A], b: &mut [B], order: &[usize]) {
    let mut done = vec![false; order.len()];
    for start in 0..order.len() {
        let mut k = start;
        while !done[k] {
            done[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            a.swap(k, from);
            b.swap(k, from);
            k = from;
        }
    }
}

/// Each resource's region, once the configuration (which a plan writes after its resources)
/// is known: its provider's rule over its own attributes and its provider configuration's,
/// else the source's.
fn regions(out: &mut [Resource], config: &Config, region: Option<&str>, providers: Providers) {
    for r in out {
        let configured = if config.provider_regions.is_empty() {
            None
        } else {
            let (modules, config_address) = split_address(&r.origin.address);
            config.provider_region(&modules, &config_address)
        };
        r.region = match providers.owning(&r.ty) {
            Some((_, p)) => p.region(&r.values, configured),
            None => configured,
        }
        .or_else(|| region.map(|r| (r.to_string(), "the region the source is in".into())));
    }
}

/// The file's resources, what each is created after, and the data sources of component types:
/// what the second thread reads from the batches.
type Scanned = (Vec<Resource>, After, Vec<String>);

/// The addresses each record is created after (`depends_on`), each address kept once: the
/// instances of one resource share their list, and a state repeats it a hundred thousand
/// times.
#[derive(Default)]
struct After {
    /// Each record's addresses, as numbers into `addresses`.
    of: Vec<thin_vec::ThinVec<u32>>,
    addresses: Vec<String>,
    numbers: HashMap<String, u32>,
}

impl After {
    fn push(&mut self, addresses: Vec<Cow<str>>) {
        let mut mine = thin_vec::ThinVec::with_capacity(addresses.len());
        for a in addresses {
            let n = match self.numbers.get(a.as_ref()) {
                Some(&n) => n,
                None => {
                    let n =
                        u32::try_from(self.addresses.len()).expect("fewer addresses than bytes");
                    self.numbers.insert(a.to_string(), n);
                    self.addresses.push(a.into_owned());
                    n
                }
            };
            mine.push(n);
        }
        self.of.push(mine);
    }
}

/// What the scan hands the second thread.
enum Batch {
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

/// The scan's state: where it is, and what it has kept of the file besides resources.
struct Scan<'c> {
    file: &'c str,
    newlines: &'c Cell<u32>,
    send: Option<std::sync::mpsc::SyncSender<Batch>>,
    /// Which of `planned_values` and `values` the resources come from, once one is met.
    source: Option<&'static str>,
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
                which @ ("planned_values" | "values") => {
                    let which = if which == "values" {
                        "values"
                    } else {
                        "planned_values"
                    };
                    if scan.source == Some("planned_values") {
                        map.next_value::<IgnoredAny>()?;
                    } else {
                        map.next_value_seed(OrNull(Values(scan, which)))?;
                    }
                }
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

/// `values` and `planned_values` (which): the root module. A plan's `planned_values` win
/// over `values` met first.
struct Values<'s, 'c>(&'s mut Scan<'c>, &'static str);

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

/// References and creation order, through the configuration; a state without `depends_on`
/// has neither, and its resources are not even filed by address.
fn resolve(out: &mut [Resource], after: &After, config: &Config) {
    if config.references.is_empty() && after.addresses.is_empty() {
        return;
    }
    let targets: Vec<_> = after.addresses.iter().map(|a| split_address(a)).collect();
    let paths: Vec<_> = (out.iter())
        .map(|r| split_address(&r.origin.address))
        .collect();
    let mut instances = Instances::default();
    for (i, (modules, config_address)) in paths.iter().enumerate() {
        instances.add(modules, config_address, i);
    }
    for (i, ((modules, config_address), depends)) in paths.iter().zip(&after.of).enumerate() {
        if out[i].handle.is_none() {
            continue;
        }
        let mut links = Vec::new();
        for (attribute, refs) in config.references(modules, config_address) {
            for target in config.resolve(&refs, modules, &instances) {
                if target != i {
                    links.push(Link {
                        attribute: attribute.clone(),
                        to: target,
                    });
                }
            }
        }
        links.sort();
        links.dedup();
        out[i].links = links.into();
        let mut order: Vec<usize> = depends
            .iter()
            .flat_map(|&d| {
                let (m, a) = &targets[d as usize];
                let names: Vec<&str> = m.iter().map(|(n, _)| n.as_str()).collect();
                instances.get(modules, &names, a).to_vec()
            })
            .filter(|&t| t != i)
            .collect();
        order.sort_unstable();
        order.dedup();
        out[i].depends_on = order.into();
    }
}

/// Resources handed from the scan to the second thread at a time: few enough that the text
/// copied out stays small, enough that handing on costs nothing beside reading.
const BATCH: usize = 4096;

/// What a resource of the file is to the import. Nearly every record is managed, so boxing
/// it would only add an allocation each.
#[allow(clippy::large_enum_variant)]
enum Record<'a> {
    /// A managed resource, and the addresses it is created after (`depends_on`).
    Managed(Resource, Vec<Cow<'a, str>>),
    /// A data source of a type a provider makes components of: managed elsewhere.
    Outside(String),
    /// A data source of any other type.
    Skipped,
}

/// What reading one resource needs.
struct Records<'a> {
    file: &'a str,
    providers: Providers,
}

impl<'a> Records<'a> {
    /// Every batch the scan hands on, in order, until it stops: the records, what each is
    /// created after (held apart: a record never carries the addresses, and they are dropped
    /// once resolved), and the data sources of component types. The first error is the
    /// file's first.
    fn all(&self, batches: std::sync::mpsc::Receiver<Batch>) -> Result<Scanned, Error> {
        let mut out = Vec::new();
        let mut after = After::default();
        let mut outside = Vec::new();
        let mut modules = Vec::new();
        for batch in batches {
            let batch = match batch {
                Batch::Resources(batch) => batch,
                Batch::Restart => {
                    (out, after, outside) = (Vec::new(), After::default(), Vec::new());
                    modules.clear();
                    continue;
                }
            };
            for (raw, line, module) in &batch {
                match self.record(raw, *line)? {
                    Record::Skipped => {}
                    Record::Outside(what) => outside.push(what),
                    Record::Managed(resource, addresses) => {
                        out.push(resource);
                        after.push(addresses);
                        modules.push(*module);
                    }
                }
            }
        }
        // A module's resources come before its children's, wherever the file writes its
        // `child_modules` (Terraform writes them last, and then nothing moves).
        if !modules.is_sorted() {
            let mut order: Vec<usize> = (0..modules.len()).collect();
            order.sort_by_key(|&i| modules[i]);
            permute(&mut out, &mut after.of, &order);
        }
        // Room for exactly what was read: a list grown by doubling holds up to twice that.
        out.shrink_to_fit();
        after.of.shrink_to_fit();
        after.numbers = HashMap::default();
        Ok((out, after, outside))
    }

    /// One resource of the file, on its own.
    fn record<'r>(&self, slice: &'r RawValue, line: u32) -> Result<Record<'r>, Error> {
        let (file, providers) = (self.file, self.providers);
        let r: StateResource<'r> =
            serde_json::from_str(slice.get()).map_err(|e| Error::json(file, &e))?;
        if r.mode.as_deref().is_some_and(|m| m != "managed") {
            if matches!(providers.role(&r.ty), Role::Component(..)) {
                return Ok(Record::Outside(format!(
                    "{file}: {} (a data source: read by these sources, managed elsewhere)",
                    r.address
                )));
            }
            return Ok(Record::Skipped);
        }
        let address = r.address.into_owned();
        let (modules, config_address) = split_address(&address);
        let group = Some(group_of(&modules, &config_address)).filter(|g| *g != address);
        let wanted = providers.wants(&r.ty);
        let reads = wanted.is_some();
        let mut values = match (&wanted, r.values) {
            (Some(w), Some(v)) => {
                let mut values = kept(v, w.attributes).map_err(|e| Error::json(file, &e))?;
                if let Some(s) = r.sensitive_values {
                    let mask: Value =
                        serde_json::from_str(s.get()).map_err(|e| Error::json(file, &e))?;
                    if let Value::Object(mask) = mask {
                        for (key, masked) in &mask {
                            if masked == &Value::Bool(true) {
                                values.remove(key);
                            } else if let Some(inner) = values.get_mut(key) {
                                drop_sensitive(inner, masked);
                            }
                        }
                    }
                }
                drop_secret_attributes(&mut values);
                values
            }
            _ => Small::default(),
        };
        let tags = tags_of(&values);
        // Kept as `tags`; the maps themselves name nothing.
        values.remove("tags");
        values.remove("tags_all");
        let resource = Resource {
            origin: Origin {
                file: file.to_string(),
                address,
                line: Some(line),
            },
            source_type: None,
            ty: r.ty.into_owned(),
            handle: wanted.map(|w| w.handle),
            group,
            // Read once the configuration is (`regions`).
            region: None,
            values,
            links: thin_vec::ThinVec::new(),
            depends_on: thin_vec::ThinVec::new(),
            tags,
            unknown: Default::default(),
        };
        // Creation order only matters between the resources drplan reads.
        let depends = if reads { r.depends_on } else { Vec::new() };
        Ok(Record::Managed(resource, depends))
    }
}

/// The resources by configuration address and module instances, so that a reference lands
/// on the instances of its own module: a resource of `module.workers["emails"]` refers to its
/// own module instance's resources, not to those of `module.workers["invoices"]`. Each
/// resource is filed once per depth of its module path: the instances of the first `k`
/// modules named with their keys, the rest by name only.
#[derive(Default)]
struct Instances {
    map: HashMap<String, Vec<usize>>,
}

impl Instances {
    fn add(&mut self, modules: &[(String, Option<String>)], address: &str, i: usize) {
        for k in 0..=modules.len() {
            let names: Vec<&str> = modules.iter().map(|(n, _)| n.as_str()).collect();
            let key = Self::key(&modules[..k], &names[k..], address);
            self.map.entry(key).or_default().push(i);
        }
    }

    /// The resources at `address` under the modules `names`, seen from a resource in
    /// `modules`: where the paths share module names, in the same instances.
    fn get(&self, modules: &[(String, Option<String>)], names: &[&str], address: &str) -> &[usize] {
        let shared = modules
            .iter()
            .zip(names)
            .take_while(|((m, _), n)| m == *n)
            .count();
        let key = Self::key(&modules[..shared], &names[shared..], address);
        self.map.get(&key).map_or(&[], Vec::as_slice)
    }

    fn key(keyed: &[(String, Option<String>)], named: &[&str], address: &str) -> String {
        let mut out = String::new();
        for (name, key) in keyed {
            out.push_str(name);
            if let Some(k) = key {
                out.push('[');
                out.push_str(k);
                out.push(']');
            }
            out.push('.');
        }
        for name in named {
            out.push_str(name);
            out.push('.');
        }
        out.push_str(address);
        out
    }
}

/// `format_version` 0.x and 1.x are read; a new major version changes the format.
fn check_version(version: Option<&str>, file: &str) -> Result<(), Error> {
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

/// `module.a["x"].module.b[0].cloud_database.main[2]` → the module names (`a`, `b`) with
/// their keys, and the resource's configuration address `cloud_database.main`.
fn split_address(address: &str) -> (Vec<(String, Option<String>)>, String) {
    let mut modules = Vec::new();
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find(['.', '[']).unwrap_or(after.len());
        let name = after[..end].to_string();
        let mut tail = &after[end..];
        let mut key = None;
        if tail.starts_with('[') {
            // An address cut short (`module.a[`, `module.a["é`) has no closing bracket.
            let close = closing_bracket(tail);
            key = Some(unquote(tail.get(1..close).unwrap_or("")));
            tail = tail.get(close + 1..).unwrap_or("");
        }
        modules.push((name, key));
        rest = tail.strip_prefix('.').unwrap_or(tail);
    }
    // Drop the instance key of the resource itself.
    let config = match rest.rfind('[') {
        Some(i) if rest.ends_with(']') => &rest[..i],
        _ => rest,
    };
    (modules, config.to_string())
}

/// The index of the `]` that closes the `[` at the start of `text`, quotes respected.
fn closing_bracket(text: &str) -> usize {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            ']' if !in_string => return i,
            _ => {}
        }
    }
    text.len()
}

fn unquote(key: &str) -> String {
    key.strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .map_or_else(|| key.to_string(), |k| k.replace("\\\"", "\""))
}

/// The instances of one `count` or `for_each` resource share this (their module keys kept).
fn group_of(modules: &[(String, Option<String>)], config_address: &str) -> String {
    let mut out = String::new();
    for (name, key) in modules {
        out.push_str("module.");
        out.push_str(name);
        if let Some(k) = key {
            out.push_str(&format!("[{k:?}]"));
        }
        out.push('.');
    }
    out.push_str(config_address);
    out
}

/// The module names and the configuration address, without instance keys.
fn config_key(modules: &[(String, Option<String>)], config_address: &str) -> String {
    let mut out = String::new();
    for (name, _) in modules {
        out.push_str(name);
        out.push('.');
    }
    out.push_str(config_address);
    out
}

/// Values marked sensitive are dropped: they never reach the architecture or a report.
fn drop_sensitive(values: &mut Value, mask: &Value) {
    match (values, mask) {
        (Value::Object(v), Value::Object(m)) => {
            for (key, masked) in m {
                if masked == &Value::Bool(true) {
                    v.remove(key);
                } else if let Some(inner) = v.get_mut(key) {
                    drop_sensitive(inner, masked);
                }
            }
        }
        (Value::Array(v), Value::Array(m)) => {
            for (inner, masked) in v.iter_mut().zip(m) {
                if masked == &Value::Bool(true) {
                    *inner = Value::Null;
                } else {
                    drop_sensitive(inner, masked);
                }
            }
        }
        _ => {}
    }
}

fn tags_of(values: &Attributes) -> Small<String> {
    let tags = values.get("tags_all").or_else(|| values.get("tags"));
    let Some(map) = tags.and_then(Value::as_object) else {
        return Small::default();
    };
    // Room for exactly these; a map's keys are its own once each, sorted here whatever order
    // the map keeps them in.
    let mut items = thin_vec::ThinVec::with_capacity(map.len());
    items.extend((map.iter()).filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string()))));
    items.sort_by(|a, b| a.0.cmp(&b.0));
    Small::from_sorted(items)
}

/// The configuration side of a plan: provider regions, each resource's references, module
/// calls and outputs.
struct Config {
    /// Provider configuration keys (`cloud`, `cloud.west`, `module.child:cloud`) → region.
    provider_regions: HashMap<String, String>,
    /// config key (module names + address) → provider config key.
    providers: HashMap<String, String>,
    /// config key → (attribute, references) of each expression.
    references: HashMap<String, Vec<(String, Vec<String>)>>,
    /// module names → variable → references of the call's expression for it.
    calls: HashMap<String, HashMap<String, Vec<String>>>,
    /// module names → output → references of its expression.
    outputs: HashMap<String, HashMap<String, Vec<String>>>,
}

impl Config {
    fn new(
        config: Option<Configuration>,
        variables: &BTreeMap<String, Variable>,
        file: &str,
        providers: Providers,
    ) -> Result<Config, Error> {
        let mut out = Config {
            provider_regions: HashMap::default(),
            providers: HashMap::default(),
            references: HashMap::default(),
            calls: HashMap::default(),
            outputs: HashMap::default(),
        };
        let Some(config) = config else {
            return Ok(out);
        };
        for (key, p) in &config.provider_config {
            // Only the providers drplan reads say where their resources are.
            let known = |n: &str| (providers.iter()).any(|p| p.terraform_providers().contains(&n));
            if p.name.as_deref().is_some_and(|n| !known(n)) {
                continue;
            }
            let Some(exprs) = &p.expressions else {
                continue;
            };
            let exprs: Value =
                serde_json::from_str(exprs.get()).map_err(|e| Error::json(file, &e))?;
            // A root module's provider may take its region from a variable; a provider
            // configured with a zone only (Google Cloud's) is in that zone's region, which its
            // provider reads from the zone.
            let root = !key.contains(':');
            let value = |name: &str| -> Option<String> {
                let expr = exprs.get(name)?;
                if let Some(v) = expr.get("constant_value").and_then(Value::as_str) {
                    return Some(v.to_string());
                }
                let var = expr
                    .get("references")?
                    .get(0)?
                    .as_str()?
                    .strip_prefix("var.")?;
                let raw = variables.get(var).filter(|_| root)?.value.as_ref()?;
                serde_json::from_str::<String>(raw.get()).ok()
            };
            if let Some(r) = value("region").or_else(|| value("zone")) {
                out.provider_regions.insert(key.to_string(), r);
            }
        }
        if let Some(root) = config.root_module {
            out.walk(&root, "", file, providers)?;
        }
        Ok(out)
    }

    fn walk(
        &mut self,
        module: &ConfigModule,
        prefix: &str,
        file: &str,
        providers: Providers,
    ) -> Result<(), Error> {
        for r in &module.resources {
            if r.mode.as_deref().is_some_and(|m| m != "managed") {
                continue;
            }
            let key = format!("{prefix}{}", r.address);
            if let Some(p) = &r.provider_config_key {
                self.providers.insert(key.clone(), p.to_string());
            }
            if providers.wants(&r.ty).is_none() {
                continue;
            }
            if let Some(exprs) = &r.expressions {
                let exprs: Value =
                    serde_json::from_str(exprs.get()).map_err(|e| Error::json(file, &e))?;
                let mut found = Vec::new();
                if let Value::Object(map) = &exprs {
                    for (attribute, expr) in map {
                        let mut refs = Vec::new();
                        references_in(expr, &mut refs);
                        if !refs.is_empty() {
                            found.push((attribute.clone(), refs));
                        }
                    }
                }
                self.references.insert(key, found);
            }
        }
        let here = prefix.trim_end_matches('.').to_string();
        let mut outputs = HashMap::default();
        for (name, output) in &module.outputs {
            let v: Value = serde_json::from_str(output.get()).map_err(|e| Error::json(file, &e))?;
            let mut refs = Vec::new();
            if let Some(expr) = v.get("expression") {
                references_in(expr, &mut refs);
            }
            outputs.insert(name.to_string(), refs);
        }
        self.outputs.insert(here, outputs);
        for (name, call) in &module.module_calls {
            let child = format!("{prefix}{name}");
            let mut vars = HashMap::default();
            if let Some(exprs) = &call.expressions {
                let exprs: Value =
                    serde_json::from_str(exprs.get()).map_err(|e| Error::json(file, &e))?;
                if let Value::Object(map) = exprs {
                    for (var, expr) in map {
                        let mut refs = Vec::new();
                        references_in(&expr, &mut refs);
                        vars.insert(var, refs);
                    }
                }
            }
            self.calls.insert(child.clone(), vars);
            if let Some(m) = &call.module {
                self.walk(m, &format!("{child}."), file, providers)?;
            }
        }
        Ok(())
    }

    fn provider_region(
        &self,
        modules: &[(String, Option<String>)],
        config_address: &str,
    ) -> Option<Region> {
        let key = self.providers.get(&config_key(modules, config_address))?;
        let region = self.provider_regions.get(key)?;
        Some((region.clone(), format!("its provider {key}").into()))
    }

    fn references(
        &self,
        modules: &[(String, Option<String>)],
        config_address: &str,
    ) -> Vec<(String, Vec<String>)> {
        self.references
            .get(&config_key(modules, config_address))
            .cloned()
            .unwrap_or_default()
    }

    /// The resources a list of references lands on, followed through variables and module
    /// outputs; in a module instance, its own instances first.
    fn resolve(
        &self,
        refs: &[String],
        modules: &[(String, Option<String>)],
        instances: &Instances,
    ) -> Vec<usize> {
        let names: Vec<String> = modules.iter().map(|(n, _)| n.clone()).collect();
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut queue: Vec<(Vec<String>, String)> =
            refs.iter().map(|r| (names.clone(), r.clone())).collect();
        while let Some((path, reference)) = queue.pop() {
            if out.len() > 64 || !seen.insert((path.clone(), reference.clone())) {
                continue;
            }
            let prefix: String = path.iter().map(|n| format!("{n}.")).collect();
            if let Some(var) = reference.strip_prefix("var.") {
                let var = var.split(['.', '[']).next().unwrap_or(var);
                let Some((_, parent)) = path.split_last() else {
                    continue;
                };
                let call = prefix.trim_end_matches('.');
                if let Some(vars) = self.calls.get(call)
                    && let Some(inner) = vars.get(var)
                {
                    queue.extend(inner.iter().map(|r| (parent.to_vec(), r.clone())));
                }
            } else if let Some(rest) = reference.strip_prefix("module.") {
                let name = rest.split(['.', '[']).next().unwrap_or(rest);
                let after = rest[name.len()..].trim_start_matches(|c| c != '.' && c != ']');
                let after = after.trim_start_matches(']').trim_start_matches('.');
                let output = after.split(['.', '[']).next().unwrap_or("");
                let mut child = path.clone();
                child.push(name.to_string());
                let child_key: String = child.join(".");
                if let Some(outputs) = self.outputs.get(&child_key)
                    && let Some(inner) = outputs.get(output)
                {
                    queue.extend(inner.iter().map(|r| (child.clone(), r.clone())));
                }
            } else if !is_symbol(&reference) {
                let mut parts = reference.split('.');
                let (Some(ty), Some(name)) = (parts.next(), parts.next()) else {
                    continue;
                };
                let name = name.split('[').next().unwrap_or(name);
                let names: Vec<&str> = path.iter().map(String::as_str).collect();
                out.extend(instances.get(modules, &names, &format!("{ty}.{name}")));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// References that name no resource.
fn is_symbol(reference: &str) -> bool {
    [
        "data.",
        "local.",
        "each.",
        "count.",
        "path.",
        "self.",
        "terraform.",
    ]
    .iter()
    .any(|p| reference.starts_with(p))
        || reference == "self"
}

/// Every `references` list inside an expression (nested blocks included).
fn references_in(expr: &Value, out: &mut Vec<String>) {
    match expr {
        Value::Object(map) => {
            if let Some(Value::Array(refs)) = map.get("references") {
                out.extend(refs.iter().filter_map(Value::as_str).map(str::to_string));
            }
            for (k, v) in map {
                if k != "references" && k != "constant_value" {
                    references_in(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| references_in(i, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands on a byte at a time, then fails when it has none left (`fail`).
    struct Trickle(Vec<u8>, usize, bool);

    impl io::Read for Trickle {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            match (self.0.get(self.1), out.first_mut()) {
                (Some(&b), Some(slot)) => {
                    *slot = b;
                    self.1 += 1;
                    Ok(1)
                }
                (None, _) if self.2 => Err(io::Error::other("the disk went away")),
                _ => Ok(0),
            }
        }
    }

    fn read_bytes(bytes: &[u8], fail: bool) -> Result<Read, Error> {
        let providers = crate::import::registry::PROVIDERS;
        read(Trickle(bytes.to_vec(), 0, fail), "t.json", None, providers)
    }

    /// A character cut between two pieces of the stream is read whole; a byte that is not
    /// UTF-8, even in a part that is skipped, fails the read as it did when it was read whole.
    #[test]
    fn a_stream_is_utf8_whatever_its_pieces() {
        let text = concat!(
            r#"{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"cloud_queue.caf"#,
            "\u{e9}\u{1f600}",
            r#"","mode":"managed","type":"cloud_queue","name":"q","values":{}}]}}}"#
        );
        let read = read_bytes(text.as_bytes(), false).expect("reads");
        assert_eq!(
            read.resources[0].origin.address,
            "cloud_queue.caf\u{e9}\u{1f600}"
        );
        let mut bad = br#"{"format_version":"1.0","skipped":""#.to_vec();
        bad.push(0xff);
        bad.extend_from_slice(br#"","values":{}}"#);
        let e = read_bytes(&bad, false).err().expect("not UTF-8");
        assert_eq!(e.message, "not UTF-8 text");
        let e = read_bytes(&text.as_bytes()[..text.len() - 1], false)
            .err()
            .expect("cut short");
        assert!(e.message.contains("ends too early"), "{}", e.message);
        // A character begun at the very end, never finished.
        let mut cut = text.as_bytes().to_vec();
        cut.push(0xe2);
        let e = read_bytes(&cut, false).err().expect("a cut character");
        assert_eq!(e.message, "not UTF-8 text");
    }

    /// A stream that fails says why, not only that it failed.
    #[test]
    fn a_stream_that_fails_says_why() {
        let e = read_bytes(br#"{"format_version":"1.0","values":"#, true)
            .err()
            .expect("fails");
        assert_eq!(e.message, "cannot read it: the disk went away");
    }

    /// A plan's `planned_values` win over its `values`, unless they are null.
    #[test]
    fn planned_values_win_unless_null() {
        let doc = |planned: &str| {
            format!(
                r#"{{"format_version":"1.0","values":{{"root_module":{{"resources":[{{"address":"cloud_queue.state","mode":"managed","type":"cloud_queue","name":"state","values":{{}}}}]}}}},"planned_values":{planned}}}"#
            )
        };
        let addresses = |text: String| -> Vec<String> {
            (read_bytes(text.as_bytes(), false).expect("reads").resources)
                .into_iter()
                .map(|r| r.origin.address)
                .collect()
        };
        assert_eq!(addresses(doc("null")), ["cloud_queue.state"]);
        assert_eq!(
            addresses(doc(
                r#"{"root_module":{"resources":[{"address":"cloud_queue.plan","mode":"managed","type":"cloud_queue","name":"plan","values":{}}]}}"#
            )),
            ["cloud_queue.plan"]
        );
    }

    /// The first error in the file is the one said, however many resources come before the
    /// place the file is cut: here a resource of the wrong shape, then the end too early.
    #[test]
    fn the_first_error_in_the_file_is_said_whatever_the_batches() {
        for n in [10, 5000] {
            let mut text = String::from(
                r#"{"format_version":"1.0","values":{"root_module":{"resources":[{"address":1}"#,
            );
            for i in 0..n {
                text.push_str(&format!(
                    r#",{{"address":"cloud_queue.q{i}","mode":"managed","type":"cloud_queue","name":"q{i}","values":{{}}}}"#
                ));
            }
            let e = read_bytes(text.as_bytes(), false).err().expect("fails");
            assert!(e.message.contains("not in the shape"), "{n}: {}", e.message);
        }
    }

    /// Every order of a few items is applied in place, in both lists.
    #[test]
    fn a_permutation_is_applied_in_place() {
        fn orders(n: usize) -> Vec<Vec<usize>> {
            if n == 0 {
                return vec![Vec::new()];
            }
            let mut out = Vec::new();
            for shorter in orders(n - 1) {
                for at in 0..n {
                    let mut o = shorter.clone();
                    o.insert(at, n - 1);
                    out.push(o);
                }
            }
            out
        }
        for n in 0..=6 {
            for order in orders(n) {
                let mut a: Vec<usize> = (0..n).collect();
                let mut b: Vec<String> = (0..n).map(|i| i.to_string()).collect();
                permute(&mut a, &mut b, &order);
                assert_eq!(a, order);
                let expected: Vec<String> = order.iter().map(|i| i.to_string()).collect();
                assert_eq!(b, expected);
            }
        }
    }

    #[test]
    fn only_output_that_starts_with_its_format_version_is_streamed() {
        assert!(starts(br#"{"format_version":"1.2","terraform_version""#));
        assert!(starts(b" \n{\n  \"format_version\": \"1.0\""));
        assert!(!starts(
            br#"{"terraform_version":"1.9","format_version":"1.0"}"#
        ));
        assert!(!starts(br#"{"Resources":{},"Outputs":{}}"#));
        assert!(!starts(b"\xef\xbb\xbf{\"format_version\""));
        assert!(!starts(b"{"));
        assert!(!starts(b""));
    }

    #[test]
    fn addresses_split_into_modules_and_the_resource() {
        let (m, a) = split_address(r#"module.db["eu"].module.inner[0].cloud_database.this[2]"#);
        assert_eq!(
            m,
            vec![
                ("db".to_string(), Some("eu".to_string())),
                ("inner".to_string(), Some("0".to_string()))
            ]
        );
        assert_eq!(a, "cloud_database.this");
        let (m, a) = split_address("cloud_bucket.assets");
        assert!(m.is_empty());
        assert_eq!(a, "cloud_bucket.assets");
        let (_, a) = split_address(r#"cloud_queue.q["a.b]c"]"#);
        assert_eq!(a, "cloud_queue.q");
    }

    #[test]
    fn only_majors_zero_and_one() {
        assert!(check_version(Some("0.1"), "f").is_ok());
        assert!(check_version(Some("1.2"), "f").is_ok());
        let e = check_version(Some("2.0"), "f").unwrap_err().to_string();
        assert!(e.contains("format_version 2.0 is not supported"), "{e}");
    }

    #[test]
    fn sensitive_and_secret_values_are_dropped() {
        let mut v: Value = serde_json::json!({
            "password": "x", "endpoint": "e", "nested": [{"auth_token": "t", "ok": 1}],
            "master_user_secret": [{"kms_key_id": "k"}], "kms_key_id": "arn", "conn": "s"
        });
        drop_sensitive(&mut v, &serde_json::json!({"conn": true}));
        crate::import::secrets::drop_secrets(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"endpoint": "e", "nested": [{"ok": 1}], "kms_key_id": "arn"})
        );
    }
}
