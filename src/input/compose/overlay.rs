//! Declared components laid over imported ones, checked as the file they amount to would be.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::imported::{Credit, Imported, ImportedComponent, credit_imported, note};
use super::ordered::{Ordered, OrderedComponent};
use super::place::{Origin, Place, relocate};
use super::top::{document, load_error, top_level};
use crate::input::field::Field;
use crate::input::raw::{RawArchitecture, RawComponent};
use crate::input::{Diagnostic, InputError, LoadOptions};
use crate::model::Architecture;

/// An architecture with its sources imported: the checked model, and the file it amounts to
/// (what `drplan resolve` writes), as pretty JSON ending with a newline.
pub struct Composed {
    pub arch: Architecture,
    pub text: String,
}

/// An architecture file with the imported components laid under its declared ones, before it
/// is checked: what [`Overlaid::write`] writes is what [`Overlaid::check`] checks.
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
    fn write<W: std::io::Write>(&self, out: W) -> std::io::Result<()> {
        Ordered::architecture(&self.document, &self.components).write(out)
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
        let mut problems = crate::input::validate::Problems::default();
        let arch = crate::input::validate::architecture(top, options, &mut problems);
        if problems.is_empty() {
            return Ok(arch);
        }
        let place = |k: usize| -> Option<Place> {
            let c = arch.components.get(k)?;
            c.imported_from
                .first()
                .map(|o| Place::of(&o.file, &o.address, o.line))
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
        let e = crate::input::load(&text, &self.source_name, options)
            .err()
            .unwrap_or_else(|| load_error(&self.text, &self.source_name, options));
        self.placed(e.diagnostics)
    }

    /// Problems placed where the user can fix them, the components still at hand.
    fn placed(&self, diagnostics: Vec<Diagnostic>) -> InputError {
        let place = |k: usize| -> Option<Place> {
            match self.components.get(k)? {
                Entry::Imported(c) => {
                    let o = c.component.imported_from.as_ref()?.first()?;
                    Some(Place::of(&o.file, &o.address, o.line))
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
                        .map(|o| Place::of(&o.file, &o.address, o.line)),
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

impl Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Entry::Imported(c) => c.serialize(s),
            Entry::Object(map) => OrderedComponent(map).serialize(s),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::field::Why;
    use crate::input::locate::JsonPath;

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
