//! Architectures that import infrastructure as code (docs/import.md): an architecture file's
//! `sources`, and its own components laid over the imported ones. The result is checked as a
//! file would be; an error points into the architecture file for what it declared, and at the
//! resource in the IaC file for what was imported.
//!
//! The overlay: a declared component with the id of an imported one overrides or adds its
//! fields, field by field (objects such as `deployment` or `backup` merge key by key; lists
//! are replaced, except `depends_on`, whose declared edges are added, and replace an imported
//! edge to the same component). Other declared components are added as they are.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::{Map, Value};

use super::field::{Field, Why};
use super::locate::{JsonPath, LineIndex, Seg, locate};
use super::raw::{RawArchitecture, RawComponent, RawSource};
use super::{Diagnostic, InputError, LoadOptions, deserialize_located};
use crate::model::Architecture;

/// Which tool wrote a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Terraform,
    CloudFormation,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Terraform => "terraform",
            SourceKind::CloudFormation => "cloudformation",
        }
    }
}

/// One entry of `sources`.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub kind: SourceKind,
    /// The path as written, relative to the architecture file.
    pub path: String,
    pub region: Option<String>,
    pub parameters: BTreeMap<String, String>,
    pub name: Option<String>,
    /// Its place in the list, for errors.
    pub at: usize,
}

/// What the importer made of the sources: components in the architecture format, each with
/// its `id`, `imported_from` and the `x-why` of what was inferred, and the regions it saw.
#[derive(Debug, Default)]
pub struct Imported {
    pub components: Vec<ImportedComponent>,
    /// What the sources' alarms, health checks, canaries and experiment templates watch or
    /// test, by component id: added to the component's `observability`, imported or declared.
    pub credits: Vec<Credit>,
    pub primary: Option<String>,
    pub secondary: Option<String>,
}

/// A component the importer made: the format's own fields, and why each inferred one is what
/// it is, by the field's path.
#[derive(Debug, Serialize)]
pub struct ImportedComponent {
    #[serde(flatten)]
    pub component: RawComponent,
    #[serde(rename = "x-why", skip_serializing_if = "Why::is_empty")]
    pub why: Why,
}

/// An alarm kind or an experiment kind that exists for a component, and why drplan says so.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Credit {
    pub component: String,
    /// `observability.alarms` or `observability.experiments`.
    pub field: Field,
    pub kind: String,
    pub why: String,
}

/// An architecture with its sources imported: the checked model, and the file it amounts to
/// (what `drplan resolve` writes), as pretty JSON ending with a newline.
pub struct Composed {
    pub arch: Architecture,
    pub text: String,
}

/// The sources an architecture file names; `None` when it names none. Reads only the top
/// level: a file without sources is read by [`super::load`] as it is.
pub fn sources(bytes: &[u8], source_name: &str) -> Result<Option<Vec<Source>>, InputError> {
    let fail = |diagnostics| InputError {
        source_name: source_name.to_string(),
        diagnostics,
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        // `load` reports it with its place.
        return Ok(None);
    };
    // Most files name no source: not parsed twice for that (`load`, which parses them, refuses
    // a `sources` key written some other way, with its place).
    if !text.contains("\"sources\"") {
        return Ok(None);
    }
    #[derive(serde::Deserialize)]
    struct Top<'a> {
        #[serde(borrow, default)]
        sources: Option<&'a serde_json::value::RawValue>,
    }
    // Malformed JSON is `load`'s to report, with its place.
    let Ok(top) = serde_json::from_str::<Top>(text) else {
        return Ok(None);
    };
    let Some(raw) = top.sources else {
        return Ok(None);
    };
    let lines = LineIndex::new(text);
    let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
    let root = JsonPath::root().key("sources");
    let raw: Vec<RawSource> =
        deserialize_located(raw.get(), offset, &root, &lines).map_err(|d| fail(vec![d]))?;
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for (at, s) in raw.into_iter().enumerate() {
        let path = root.index(at);
        let mut problem = |path: JsonPath, message: String| {
            problems.push((path, message));
        };
        for key in &s.unknown.keys {
            problem(
                path.key(key),
                format!(
                    "unknown field {key:?}; known fields: {}",
                    RawSource::FIELDS.join(", ")
                ),
            );
        }
        let (kind, file) = match (s.terraform, s.cloudformation) {
            (Some(f), None) => (SourceKind::Terraform, f),
            (None, Some(f)) => (SourceKind::CloudFormation, f),
            _ => {
                problem(
                    path.clone(),
                    "a source names exactly one file: {\"terraform\": \"plan.json\"} or {\"cloudformation\": \"stack.yaml\"}".into(),
                );
                continue;
            }
        };
        if kind == SourceKind::Terraform && s.parameters.is_some() {
            problem(
                path.key("parameters"),
                "parameters are CloudFormation's: a Terraform plan has its variables set".into(),
            );
        }
        if file.trim().is_empty() {
            problem(path.key(kind.as_str()), "the path is empty".into());
        }
        out.push(Source {
            kind,
            path: file,
            region: s.region,
            parameters: s.parameters.unwrap_or_default(),
            name: s.name,
            at,
        });
    }
    if !problems.is_empty() {
        let paths: Vec<JsonPath> = problems.iter().map(|(p, _)| p.clone()).collect();
        let found = locate(text, &paths);
        let diagnostics = problems
            .into_iter()
            .map(|(path, message)| Diagnostic {
                position: found.get(&path).map(|l| lines.position(l.value)),
                path,
                message,
                file: None,
                at_key: false,
            })
            .collect();
        return Err(fail(diagnostics));
    }
    Ok(Some(out))
}

/// A problem with one of the architecture's sources (a file that cannot be read, one that is
/// not what the entry says it is), placed at the entry's path in the architecture file.
pub fn source_error(
    bytes: &[u8],
    source_name: &str,
    source: &Source,
    message: String,
) -> InputError {
    let path = JsonPath::root()
        .key("sources")
        .index(source.at)
        .key(source.kind.as_str());
    let position = std::str::from_utf8(bytes).ok().and_then(|text| {
        let found = locate(text, std::slice::from_ref(&path));
        found
            .get(&path)
            .map(|l| LineIndex::new(text).position(l.value))
    });
    InputError {
        source_name: source_name.to_string(),
        diagnostics: vec![Diagnostic {
            file: None,
            position,
            path,
            message,
            at_key: false,
        }],
    }
}

/// Where a component of the composed file came from; an imported one's file, address and
/// line are read from the component itself when a problem is placed, unless a declared
/// component was laid over it (which may set `imported_from` too).
enum Origin {
    Declared(usize),
    Imported {
        /// The declared component laid over it, its keys, and the importer's own place.
        overlay: Option<(usize, Vec<String>, Option<Place>)>,
    },
}

/// The resource an imported component came from, where its problems are placed.
#[derive(Clone)]
struct Place {
    file: String,
    address: String,
    line: Option<u64>,
}

impl Place {
    fn of_raw(o: &super::raw::RawOrigin) -> Place {
        Place {
            file: o.file.clone(),
            address: o.address.clone(),
            line: o.line.map(u64::from),
        }
    }

    fn of(o: &crate::model::Origin) -> Place {
        Place {
            file: o.file.clone(),
            address: o.address.clone(),
            line: o.line.map(u64::from),
        }
    }
}

/// The architecture file with the imported components, overlaid and checked, and the file it
/// amounts to.
pub fn compose(
    bytes: &[u8],
    source_name: &str,
    options: &LoadOptions,
    imported: Imported,
) -> Result<Composed, InputError> {
    overlay_imported(bytes, source_name, options, imported)?.compose(options)
}

/// An architecture file with the imported components laid under its declared ones, before it
/// is checked: what [`Overlaid::write`] writes is what [`Overlaid::check`] checks, so the
/// text can be streamed where it goes, never held whole.
pub struct Overlaid {
    document: Map<String, Value>,
    components: Vec<Entry>,
    origins: Vec<Origin>,
    /// The architecture file's own text, where its problems are placed.
    text: String,
    source_name: String,
}

/// The architecture file (`bytes`) with the imported components laid under its own.
pub fn overlay_imported(
    bytes: &[u8],
    source_name: &str,
    options: &LoadOptions,
    imported: Imported,
) -> Result<Overlaid, InputError> {
    let (text, top) = top_level(bytes, source_name)?;
    let declared = match top.get("components") {
        None => Vec::new(),
        Some(Value::Array(list)) => list.clone(),
        // `load` says what is wrong with it, in place.
        Some(_) => return Err(load_error(text, source_name, options)),
    };
    let (mut components, origins) = overlay(imported.components, declared);
    credit(&mut components, imported.credits);
    Ok(Overlaid {
        document: document(top, imported.primary, imported.secondary),
        components,
        origins,
        text: text.to_string(),
        source_name: source_name.to_string(),
    })
}

/// An architecture file's text and top level, or where it is not a JSON object.
fn top_level<'a>(
    bytes: &'a [u8],
    source_name: &str,
) -> Result<(&'a str, Map<String, Value>), InputError> {
    let fail = |diagnostics| InputError {
        source_name: source_name.to_string(),
        diagnostics,
    };
    let text = std::str::from_utf8(bytes).map_err(|_| {
        fail(vec![Diagnostic {
            position: None,
            path: JsonPath::root(),
            message: "the file is not UTF-8 text".into(),
            file: None,
            at_key: false,
        }])
    })?;
    let top: Map<String, Value> = serde_json::from_str(text).map_err(|e| {
        fail(vec![Diagnostic {
            position: Some(super::locate::Position {
                line: e.line(),
                col: e.column().max(1),
            }),
            path: JsonPath::root(),
            message: super::serde_message(&e),
            file: None,
            at_key: false,
        }])
    })?;
    Ok((text, top))
}

/// The top level of the file the sources amount to: the file's own, but its sources and
/// components, with the regions the sources show where it sets none.
fn document(
    top: Map<String, Value>,
    primary: Option<String>,
    secondary: Option<String>,
) -> Map<String, Value> {
    let mut document: Map<String, Value> = (top.into_iter())
        .filter(|(key, _)| key != "sources" && key != "components")
        .collect();
    fill_regions(&mut document, primary, secondary);
    document
}

/// An architecture whose components are all imported (what `drplan import` writes), each made
/// when it is checked and made again when it is written: a million components are never all
/// held, nor is the text.
pub struct Streamed<'a> {
    document: Map<String, Value>,
    ids: &'a [String],
    /// Makes component `k`, its credits not in it.
    make: &'a (dyn Fn(usize) -> ImportedComponent + Sync),
    /// By component id, sorted.
    credits: &'a [Credit],
    text: String,
    source_name: String,
}

/// What the importer made (the components' `ids`, their `credits` and how to `make` each)
/// under the top level of a file (`bytes`) that declares no component.
pub fn stream_imported<'a>(
    bytes: &[u8],
    source_name: &str,
    ids: &'a [String],
    credits: &'a [Credit],
    regions: (Option<&str>, Option<&str>),
    make: &'a (dyn Fn(usize) -> ImportedComponent + Sync),
) -> Result<Streamed<'a>, InputError> {
    let (text, top) = top_level(bytes, source_name)?;
    debug_assert!(!top.contains_key("components"), "no component declared");
    let (primary, secondary) = regions;
    Ok(Streamed {
        document: document(top, primary.map(Into::into), secondary.map(Into::into)),
        ids,
        make,
        credits,
        text: text.to_string(),
        source_name: source_name.to_string(),
    })
}

impl Streamed<'_> {
    /// Component `k` with what the sources credit it.
    fn component(&self, k: usize) -> ImportedComponent {
        let mut c = (self.make)(k);
        let id = self.ids[k].as_str();
        let from = self.credits.partition_point(|c| c.component.as_str() < id);
        for credit in self.credits[from..]
            .iter()
            .take_while(|c| c.component == id)
        {
            credit_imported(&mut c, credit);
        }
        c
    }

    /// The file it amounts to, as pretty JSON ending with a newline, each component made as
    /// it is written.
    pub fn write<W: std::io::Write>(&self, out: W) -> std::io::Result<()> {
        Ordered::architecture(&self.document, Top::Made(self)).write(out)
    }

    /// Checked as the file it amounts to would be, each component made, checked and dropped
    /// (two at a time on two cores): for a file about to be written. A problem is placed at
    /// the resource the component was imported from.
    pub fn problems(&self, options: &LoadOptions) -> Result<(), InputError> {
        let Ok(top) = serde_json::from_value(Value::Object(self.document.clone())) else {
            return Err(load_error(&self.text, &self.source_name, options));
        };
        let ids: Vec<&str> = self.ids.iter().map(String::as_str).collect();
        let problems =
            super::validate::problems(&top, &ids, &|k| self.component(k).component, options);
        if problems.is_empty() {
            return Ok(());
        }
        static IMPORTED: Origin = Origin::Imported { overlay: None };
        let place = |k: usize| -> Option<Place> {
            let c = self.component(k).component;
            Some(Place::of_raw(c.imported_from.as_ref()?.first()?))
        };
        Err(InputError {
            source_name: self.source_name.clone(),
            diagnostics: relocate(
                problems.into_unplaced(),
                &self.text,
                &|_| Some(&IMPORTED),
                &place,
            ),
        })
    }
}

impl Overlaid {
    /// Checked, with the file it amounts to held whole (what `drplan resolve` prints).
    pub fn compose(self, options: &LoadOptions) -> Result<Composed, InputError> {
        // Room for the whole text up front, so that it is never copied while it grows (pages
        // not written to are never resident): an imported component writes about a kilobyte.
        let mut text = Vec::with_capacity(4096 + self.components.len() * 2048);
        self.write(&mut text).expect("writes to memory");
        let arch = self.check(options)?;
        let text = String::from_utf8(text).expect("serde_json writes UTF-8");
        Ok(Composed { arch, text })
    }

    /// The file it amounts to, as pretty JSON ending with a newline.
    pub fn write<W: std::io::Write>(&self, out: W) -> std::io::Result<()> {
        Ordered::architecture(&self.document, Top::Components(&self.components)).write(out)
    }

    /// Checked as the file it amounts to would be: the same validation, on the values the
    /// text is written from, which read back as themselves (`input::tests::resources_are_arns_or_named_and_checked`).
    /// A problem is placed where the user can fix it: in the architecture file, or at the
    /// imported resource.
    pub fn check(self, options: &LoadOptions) -> Result<Architecture, InputError> {
        // What the file declares is read before anything is moved: should a value be of
        // the wrong type, `load` reads the whole text again to say where.
        let Some((top, declared)) = self.typed_declared() else {
            return Err(self.untyped(options));
        };
        let mut top = top;
        let mut declared = declared.into_iter();
        let list = (self.components.into_iter())
            .map(|c| match c {
                Entry::Imported(c) => c.component,
                Entry::Object(_) => declared.next().expect("one typed component an object"),
            })
            .collect();
        top.components = Some(list);
        let mut problems = super::validate::Problems::default();
        let arch = super::validate::architecture(top, options, &mut problems);
        if problems.is_empty() {
            return Ok(arch);
        }
        let place = |k: usize| -> Option<Place> {
            let c = arch.components.get(k)?;
            c.imported_from.first().map(Place::of)
        };
        Err(InputError {
            source_name: self.source_name,
            diagnostics: relocate(
                problems.into_unplaced(),
                &self.text,
                &|k| self.origins.get(k),
                &place,
            ),
        })
    }

    /// The problems of a file whose top level or a declared component does not read as the
    /// format's types, as `load` says them.
    fn untyped(&self, options: &LoadOptions) -> InputError {
        let mut text = Vec::new();
        self.write(&mut text).expect("writes to memory");
        let e = super::load(&text, &self.source_name, options)
            .err()
            .unwrap_or_else(|| load_error(&self.text, &self.source_name, options));
        self.placed(e.diagnostics)
    }

    /// Problems placed where the user can fix them, the components still at hand.
    fn placed(&self, diagnostics: Vec<Diagnostic>) -> InputError {
        let place = |k: usize| -> Option<Place> {
            match self.components.get(k)? {
                Entry::Imported(c) => {
                    Some(Place::of_raw(c.component.imported_from.as_ref()?.first()?))
                }
                Entry::Object(map) => {
                    let o = map.get("imported_from")?.get(0)?;
                    Some(Place {
                        file: o.get("file")?.as_str()?.to_string(),
                        address: o.get("address")?.as_str()?.to_string(),
                        line: o.get("line").and_then(Value::as_u64),
                    })
                }
            }
        };
        InputError {
            source_name: self.source_name.clone(),
            diagnostics: relocate(diagnostics, &self.text, &|k| self.origins.get(k), &place),
        }
    }

    /// The top level and the components given as JSON objects, read into the format's types,
    /// or `None` when one does not read.
    fn typed_declared(&self) -> Option<(RawArchitecture, Vec<RawComponent>)> {
        let top = serde_json::from_value(Value::Object(self.document.clone())).ok()?;
        let mut declared = Vec::new();
        for c in &self.components {
            if let Entry::Object(map) = c {
                declared.push(serde_json::from_value(Value::Object(map.clone())).ok()?);
            }
        }
        Some((top, declared))
    }
}

/// The original file's own errors, when it is not even shaped like an architecture.
fn load_error(text: &str, source_name: &str, options: &LoadOptions) -> InputError {
    match super::load(text.as_bytes(), source_name, options) {
        Err(e) => e,
        Ok(_) => InputError {
            source_name: source_name.to_string(),
            diagnostics: vec![Diagnostic {
                position: None,
                path: JsonPath::root().key("components"),
                message: "components must be a list".into(),
                file: None,
                at_key: false,
            }],
        },
    }
}

/// A component of the composed file: as the importer made it, or as a JSON object (declared,
/// or imported with a declared one laid over it). Nearly every entry is the larger kind, so
/// boxing it would only add an allocation each.
#[allow(clippy::large_enum_variant)]
enum Entry {
    Imported(ImportedComponent),
    Object(Map<String, Value>),
}

/// The imported components with the declared ones laid over them (by id), then the other
/// declared ones; and where each came from.
fn overlay(imported: Vec<ImportedComponent>, declared: Vec<Value>) -> (Vec<Entry>, Vec<Origin>) {
    // Ids are looked up only to lay declared components over imported ones.
    let mut by_id: HashMap<String, usize> = HashMap::new();
    if !declared.is_empty() {
        for (k, c) in imported.iter().enumerate() {
            by_id.insert(c.component.id.clone(), k);
        }
    }
    let mut origins: Vec<Origin> = (0..imported.len())
        .map(|_| Origin::Imported { overlay: None })
        .collect();
    // Made in the imported list's own buffer: a million components are never held twice.
    let mut components: Vec<Entry> = imported.into_iter().map(Entry::Imported).collect();
    components.reserve(declared.len());
    for (j, d) in declared.into_iter().enumerate() {
        let Value::Object(d) = d else {
            // Not an object: `load` reports it, at its declared place.
            by_id.clear();
            components.push(Entry::Object(Map::new()));
            origins.push(Origin::Declared(j));
            continue;
        };
        let target = d
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| by_id.get(id).copied());
        match target {
            Some(k) => {
                let keys = d.keys().cloned().collect();
                let place = match (&components[k], &origins[k]) {
                    (Entry::Imported(c), _) => (c.component.imported_from.as_ref())
                        .and_then(|o| o.first())
                        .map(Place::of_raw),
                    (
                        _,
                        Origin::Imported {
                            overlay: Some((_, _, kept)),
                        },
                    ) => kept.clone(),
                    _ => None,
                };
                let base = match std::mem::replace(&mut components[k], Entry::Object(Map::new())) {
                    Entry::Imported(c) => match serde_json::to_value(&c) {
                        Ok(Value::Object(map)) => map,
                        _ => Map::new(),
                    },
                    Entry::Object(map) => map,
                };
                let mut base = base;
                merge_component(&mut base, d);
                components[k] = Entry::Object(base);
                if let Origin::Imported { overlay, .. } = &mut origins[k] {
                    *overlay = Some((j, keys, place));
                }
            }
            None => {
                components.push(Entry::Object(d));
                origins.push(Origin::Declared(j));
            }
        }
    }
    (components, origins)
}

/// Adds what the sources' alarms and experiment templates cover to the components they watch
/// or test: to what the file declares, never in place of it. A credit for an id no component
/// has is left out.
fn credit(components: &mut [Entry], credits: Vec<Credit>) {
    if credits.is_empty() {
        return;
    }
    let by_id: HashMap<String, usize> = (components.iter().enumerate())
        .filter_map(|(k, c)| {
            let id = match c {
                Entry::Imported(c) => Some(c.component.id.clone()),
                Entry::Object(map) => map.get("id").and_then(Value::as_str).map(str::to_string),
            };
            id.map(|id| (id, k))
        })
        .collect();
    for c in credits {
        let Some(&k) = by_id.get(&c.component) else {
            continue;
        };
        let list = if c.field == Field::ObservabilityAlarms {
            "alarms"
        } else {
            "experiments"
        };
        match &mut components[k] {
            Entry::Imported(imported) => credit_imported(imported, &c),
            Entry::Object(map) => {
                let o = map
                    .entry("observability")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(o) = o {
                    let kinds = o.entry(list).or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(kinds) = kinds
                        && !kinds.iter().any(|k| k.as_str() == Some(c.kind.as_str()))
                    {
                        kinds.push(Value::String(c.kind.clone()));
                    }
                }
                let why = map
                    .entry("x-why")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(why) = why {
                    let text = why
                        .entry(c.field.to_string())
                        .or_insert_with(|| Value::String(String::new()));
                    if let Value::String(text) = text {
                        note(text, &c.why);
                    }
                }
            }
        }
    }
}

/// Adds what a credit says to an imported component.
fn credit_imported(imported: &mut ImportedComponent, c: &Credit) {
    let o = (imported.component.observability)
        .get_or_insert_with(|| Box::new(super::raw::RawObservability::empty()));
    let kinds = if c.field == Field::ObservabilityAlarms {
        o.alarms.get_or_insert_with(Vec::new)
    } else {
        o.experiments.get_or_insert_with(Vec::new)
    };
    if !kinds.contains(&c.kind) {
        kinds.push(c.kind.clone());
        kinds.sort();
    }
    note(imported.why.entry(c.field.clone()), &c.why);
}

/// Adds a reason to a note, once.
fn note(text: &mut String, why: &str) {
    if text.split("; ").any(|w| w == why) {
        return;
    }
    if !text.is_empty() {
        text.push_str("; ");
    }
    text.push_str(why);
}

/// `declared` over `base`, field by field.
fn merge_component(base: &mut Map<String, Value>, declared: Map<String, Value>) {
    for (key, value) in declared {
        match (key.as_str(), base.get_mut(&key), value) {
            ("depends_on", Some(Value::Array(edges)), Value::Array(added)) => {
                for edge in added {
                    let target = edge_target(&edge).map(str::to_string);
                    match edges
                        .iter()
                        .position(|e| edge_target(e) == target.as_deref())
                    {
                        Some(i) => edges[i] = edge,
                        None => edges.push(edge),
                    }
                }
            }
            ("observability", Some(Value::Object(b)), Value::Object(d)) => {
                // What the sources credit and what the file declares add up.
                for list in ["alarms", "experiments"] {
                    if let (Some(Value::Array(have)), Some(Value::Array(add))) =
                        (b.get(list).cloned(), d.get(list))
                    {
                        let mut all = have;
                        all.extend(
                            add.iter()
                                .filter(|k| !all.contains(k))
                                .cloned()
                                .collect::<Vec<_>>(),
                        );
                        b.insert(list.to_string(), Value::Array(all));
                    }
                }
                let mut d = d;
                for list in ["alarms", "experiments"] {
                    if b.contains_key(list) {
                        d.remove(list);
                    }
                }
                merge_object(b, d)
            }
            (_, Some(Value::Object(b)), Value::Object(d)) => merge_object(b, d),
            (_, _, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn merge_object(base: &mut Map<String, Value>, declared: Map<String, Value>) {
    for (key, value) in declared {
        match (base.get_mut(&key), value) {
            (Some(Value::Object(b)), Value::Object(d)) => merge_object(b, d),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn edge_target(edge: &Value) -> Option<&str> {
    edge.as_str()
        .or_else(|| edge.get("id").and_then(Value::as_str))
}

/// Regions the file does not set are the ones the sources show.
fn fill_regions(
    document: &mut Map<String, Value>,
    primary: Option<String>,
    secondary: Option<String>,
) {
    let regions = document
        .entry("regions")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(regions) = regions else {
        return;
    };
    for (key, value) in [("primary", primary), ("secondary", secondary)] {
        if let Some(v) = value
            && !regions.contains_key(key)
        {
            regions.insert(key.into(), Value::String(v));
        }
    }
    if regions.is_empty() {
        document.remove("regions");
    }
}

/// Moves each problem found in the composed file to where the user can fix it.
fn relocate<'a>(
    diagnostics: Vec<Diagnostic>,
    text: &str,
    origins: &dyn Fn(usize) -> Option<&'a Origin>,
    place: &dyn Fn(usize) -> Option<Place>,
) -> Vec<Diagnostic> {
    let lines = LineIndex::new(text);
    let declared_path = |d: &Diagnostic| -> Option<JsonPath> {
        let [Seg::Key(list), Seg::Index(k), rest @ ..] = d.path.0.as_slice() else {
            return Some(d.path.clone());
        };
        if list != "components" {
            return Some(d.path.clone());
        }
        let j = match origins(*k)? {
            Origin::Declared(j) => *j,
            Origin::Imported {
                overlay: Some((j, keys, _)),
                ..
            } if matches!(rest.first(), Some(Seg::Key(key)) if keys.contains(key)) => *j,
            Origin::Imported { .. } => return None,
        };
        let mut segs = vec![Seg::Key("components".into()), Seg::Index(j)];
        segs.extend(rest.iter().cloned());
        Some(JsonPath(segs))
    };
    let paths: Vec<JsonPath> = diagnostics.iter().filter_map(declared_path).collect();
    let found = locate(text, &paths);
    let mut out: Vec<Diagnostic> = diagnostics
        .into_iter()
        .map(|d| match declared_path(&d) {
            Some(path) => Diagnostic {
                position: found.get(&path).map(|l| {
                    lines.position(if d.at_key {
                        l.key.unwrap_or(l.value)
                    } else {
                        l.value
                    })
                }),
                path,
                ..d
            },
            None => {
                let Some(Seg::Index(k)) = d.path.0.get(1) else {
                    return d;
                };
                let Some(Origin::Imported { overlay }) = origins(*k) else {
                    return d;
                };
                let kept = overlay.as_ref().and_then(|(_, _, kept)| kept.clone());
                let Some(Place {
                    file,
                    address,
                    line,
                }) = kept.or_else(|| place(*k))
                else {
                    return d;
                };
                Diagnostic {
                    position: line.map(|l| super::locate::Position {
                        line: l as usize,
                        col: 1,
                    }),
                    message: format!("{address} (imported): {}", d.message),
                    file: Some(file),
                    ..d
                }
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The composed file in a readable order: the top level's fields as the format lists them, a
/// component's as well, its `imported_from` and notes (`x-…`) last.
struct Ordered<'a> {
    fields: Vec<(&'a str, Top<'a>)>,
}

enum Top<'a> {
    Value(&'a Value),
    Components(&'a [Entry]),
    /// Made as they are written.
    Made(&'a Streamed<'a>),
}

impl<'a> Ordered<'a> {
    fn architecture(top: &'a Map<String, Value>, components: Top<'a>) -> Self {
        let mut fields: Vec<(&str, Top)> = Vec::new();
        let mut components = Some(components);
        for &key in RawArchitecture::FIELDS {
            if key == "components" {
                fields.extend(components.take().map(|c| (key, c)));
            } else if let Some(v) = top.get(key) {
                fields.push((key, Top::Value(v)));
            }
        }
        for (key, v) in top {
            if !RawArchitecture::FIELDS.contains(&key.as_str()) {
                fields.push((key, Top::Value(v)));
            }
        }
        Ordered { fields }
    }
}

impl Ordered<'_> {
    /// As pretty JSON ending with a newline.
    fn write<W: std::io::Write>(&self, mut out: W) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut out, self).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        out.flush()
    }
}

impl Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.fields.iter().map(|(k, f)| (k, f)))
    }
}

impl Serialize for Top<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Top::Value(v) => v.serialize(s),
            Top::Components(list) => s.collect_seq(list.iter()),
            Top::Made(made) => s.collect_seq((0..made.ids.len()).map(|k| made.component(k))),
        }
    }
}

impl Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Entry::Imported(c) => c.serialize(s),
            Entry::Object(map) => OrderedComponent(map).serialize(s),
        }
    }
}

struct OrderedComponent<'a>(&'a Map<String, Value>);

impl Serialize for OrderedComponent<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let known = RawComponent::FIELDS
            .iter()
            .filter_map(|&k| c.get_key_value(k));
        let rest = c
            .iter()
            .filter(|(k, _)| !RawComponent::FIELDS.contains(&k.as_str()) && !k.starts_with("x-"));
        let notes = c.iter().filter(|(k, _)| k.starts_with("x-"));
        s.collect_map(known.chain(rest).chain(notes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Components made one at a time are checked as a file would be, each problem placed at
    /// the resource its component was imported from, and written with their credits.
    #[test]
    fn streamed_components_are_checked_placed_and_credited() {
        let make = |k: usize| {
            let (name, zones, line) = [("a", 1, 3), ("b", 3, 9)][k];
            let component: RawComponent = serde_json::from_value(serde_json::json!({
                "id": format!("sqs-queue.{name}"),
                "kind": "queue",
                "deployment": {"instances": 1, "zones": zones},
                "imported_from": [{"file": "plan.json", "address": format!("aws_sqs_queue.{name}"), "line": line}]
            }))
            .expect("a component");
            ImportedComponent {
                component,
                why: Why::default(),
            }
        };
        let ids = vec!["sqs-queue.a".to_string(), "sqs-queue.b".to_string()];
        let credits = vec![Credit {
            component: "sqs-queue.a".into(),
            field: Field::ObservabilityAlarms,
            kind: "health".into(),
            why: "aws_cloudwatch_metric_alarm.a: its depth".into(),
        }];
        let streamed = stream_imported(
            br#"{"name": "app"}"#,
            "arch.json",
            &ids,
            &credits,
            (Some("us-east-1"), None),
            &make,
        )
        .expect("a top level");
        let e =
            (streamed.problems(&LoadOptions::default())).expect_err("b has 3 zones and 1 instance");
        assert_eq!(e.diagnostics.len(), 1, "{e}");
        assert_eq!(e.diagnostics[0].file.as_deref(), Some("plan.json"));
        assert_eq!(e.diagnostics[0].position.map(|p| p.line), Some(9));
        assert!(
            e.diagnostics[0]
                .message
                .starts_with("aws_sqs_queue.b (imported): "),
            "{e}"
        );
        let mut text = Vec::new();
        streamed.write(&mut text).expect("writes to memory");
        let written: Value = serde_json::from_slice(&text).expect("JSON");
        assert_eq!(written["regions"]["primary"], "us-east-1");
        assert_eq!(
            written["components"][0]["observability"]["alarms"][0],
            "health"
        );
        assert_eq!(written["components"][1]["id"], "sqs-queue.b");
        assert!(written["components"][1].get("observability").is_none());
    }

    /// A problem with an imported component's own field is placed at the resource it was
    /// imported from, even when a declared component laid over it rewrites `imported_from`.
    #[test]
    fn problems_are_placed_at_the_importers_resource_under_an_overlay() {
        let component: RawComponent = serde_json::from_value(serde_json::json!({
            "id": "sqs-queue.q",
            "kind": "queue",
            "imported_from": [{"file": "plan.json", "address": "aws_sqs_queue.q", "line": 7}]
        }))
        .expect("a component");
        let imported = Imported {
            components: vec![ImportedComponent {
                component,
                why: Why::default(),
            }],
            credits: Vec::new(),
            primary: None,
            secondary: None,
        };
        let file = br#"{"name": "app", "components": [{"id": "sqs-queue.q",
            "imported_from": [{"file": "old.json", "address": "x", "line": 1}]}]}"#;
        let overlaid = overlay_imported(file, "arch.json", &LoadOptions::default(), imported)
            .expect("overlaid");
        let problem = Diagnostic {
            file: None,
            position: None,
            path: JsonPath::root()
                .key("components")
                .index(0)
                .key("deployment")
                .key("zones"),
            message: "zones (3) cannot exceed instances (1)".into(),
            at_key: false,
        };
        let placed = overlaid.placed(vec![problem]).diagnostics;
        assert_eq!(placed.len(), 1);
        assert_eq!(placed[0].file.as_deref(), Some("plan.json"));
        assert_eq!(placed[0].position.map(|p| p.line), Some(7));
        assert!(
            placed[0]
                .message
                .starts_with("aws_sqs_queue.q (imported): "),
            "{}",
            placed[0].message
        );
    }
}
