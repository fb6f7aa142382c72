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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    pub components: Vec<Map<String, Value>>,
    pub primary: Option<String>,
    pub secondary: Option<String>,
}

/// An architecture with its sources imported: the checked model, and the file it amounts to
/// (what `drplan resolve` writes).
pub struct Composed {
    pub arch: Architecture,
    pub document: Value,
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

/// Where a component of the composed file came from.
enum Origin {
    Declared(usize),
    Imported {
        file: String,
        address: String,
        line: Option<u64>,
        /// The declared component laid over it, and its keys.
        overlay: Option<(usize, Vec<String>)>,
    },
}

/// The architecture file with the imported components, overlaid and checked.
pub fn compose(
    bytes: &[u8],
    source_name: &str,
    options: &LoadOptions,
    imported: Imported,
) -> Result<Composed, InputError> {
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
    let declared = match top.get("components") {
        None => Vec::new(),
        Some(Value::Array(list)) => list.clone(),
        // `load` says what is wrong with it, in place.
        Some(_) => return Err(load_error(text, source_name, options)),
    };
    let (components, origins) = overlay(imported.components, declared);
    let mut document = Map::new();
    for (key, value) in top {
        match key.as_str() {
            "sources" | "components" => {}
            _ => {
                document.insert(key, value);
            }
        }
    }
    fill_regions(&mut document, imported.primary, imported.secondary);
    let ordered = Ordered::architecture(&document, &components);
    let merged_text = serde_json::to_string_pretty(&ordered).expect("JSON values serialize");
    match super::load(merged_text.as_bytes(), source_name, options) {
        Ok(arch) => Ok(Composed {
            arch,
            document: serde_json::to_value(&ordered).expect("JSON values serialize"),
        }),
        Err(e) => Err(fail(relocate(e.diagnostics, text, &origins))),
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

/// The imported components with the declared ones laid over them (by id), then the other
/// declared ones; and where each came from.
fn overlay(
    imported: Vec<Map<String, Value>>,
    declared: Vec<Value>,
) -> (Vec<Map<String, Value>>, Vec<Origin>) {
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut components = Vec::with_capacity(imported.len() + declared.len());
    let mut origins = Vec::with_capacity(components.capacity());
    for c in imported {
        if let Some(id) = c.get("id").and_then(Value::as_str) {
            by_id.insert(id.to_string(), components.len());
        }
        let first = c
            .get("imported_from")
            .and_then(|o| o.get(0))
            .cloned()
            .unwrap_or(Value::Null);
        origins.push(Origin::Imported {
            file: first
                .get("file")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            address: first
                .get("address")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            line: first.get("line").and_then(Value::as_u64),
            overlay: None,
        });
        components.push(c);
    }
    for (j, d) in declared.into_iter().enumerate() {
        let Value::Object(d) = d else {
            // Not an object: `load` reports it, at its declared place.
            by_id.clear();
            components.push(Map::new());
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
                merge_component(&mut components[k], d);
                if let Origin::Imported { overlay, .. } = &mut origins[k] {
                    *overlay = Some((j, keys));
                }
            }
            None => {
                components.push(d);
                origins.push(Origin::Declared(j));
            }
        }
    }
    (components, origins)
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
fn relocate(diagnostics: Vec<Diagnostic>, text: &str, origins: &[Origin]) -> Vec<Diagnostic> {
    let lines = LineIndex::new(text);
    let declared_path = |d: &Diagnostic| -> Option<JsonPath> {
        let [Seg::Key(list), Seg::Index(k), rest @ ..] = d.path.0.as_slice() else {
            return Some(d.path.clone());
        };
        if list != "components" {
            return Some(d.path.clone());
        }
        let j = match origins.get(*k)? {
            Origin::Declared(j) => *j,
            Origin::Imported {
                overlay: Some((j, keys)),
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
                let Some(Origin::Imported {
                    file,
                    address,
                    line,
                    ..
                }) = origins.get(*k)
                else {
                    return d;
                };
                Diagnostic {
                    position: line.map(|l| super::locate::Position {
                        line: l as usize,
                        col: 1,
                    }),
                    message: format!("{address} (imported): {}", d.message),
                    file: Some(file.clone()),
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
    fields: Vec<(&'a str, Field<'a>)>,
}

enum Field<'a> {
    Value(&'a Value),
    Components(&'a [Map<String, Value>]),
}

impl<'a> Ordered<'a> {
    fn architecture(top: &'a Map<String, Value>, components: &'a [Map<String, Value>]) -> Self {
        let mut fields: Vec<(&str, Field)> = Vec::new();
        for &key in RawArchitecture::FIELDS {
            if key == "components" {
                fields.push((key, Field::Components(components)));
            } else if let Some(v) = top.get(key) {
                fields.push((key, Field::Value(v)));
            }
        }
        for (key, v) in top {
            if !RawArchitecture::FIELDS.contains(&key.as_str()) {
                fields.push((key, Field::Value(v)));
            }
        }
        Ordered { fields }
    }
}

impl Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.fields.iter().map(|(k, f)| (k, f)))
    }
}

impl Serialize for Field<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Value(v) => v.serialize(s),
            Field::Components(list) => s.collect_seq(list.iter().map(OrderedComponent)),
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
