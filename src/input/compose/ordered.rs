//! The composed file in a readable order: the top level's fields as the format lists them, a
//! component's as well, its `imported_from` and notes (`x-…`) last.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::input::raw::{RawArchitecture, RawComponent};

/// A top level with its components (a list, or components made as they are written).
pub(super) struct Ordered<'a, C> {
    top: &'a Map<String, Value>,
    components: C,
}

/// A field of the top level.
enum Field<'a, C> {
    Value(&'a Value),
    Components(&'a C),
}

impl<'a, C: Serialize> Ordered<'a, C> {
    pub fn architecture(top: &'a Map<String, Value>, components: C) -> Self {
        Ordered { top, components }
    }

    /// As pretty JSON ending with a newline.
    pub fn write<W: std::io::Write>(&self, mut out: W) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut out, self).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        out.flush()
    }
}

impl<C: Serialize> Serialize for Ordered<'_, C> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let known = RawArchitecture::FIELDS.iter().filter_map(|&key| {
            if key == "components" {
                Some((key, Field::Components(&self.components)))
            } else {
                self.top.get(key).map(|v| (key, Field::Value(v)))
            }
        });
        let rest = (self.top.iter())
            .filter(|(key, _)| !RawArchitecture::FIELDS.contains(&key.as_str()))
            .map(|(key, v)| (key.as_str(), Field::Value(v)));
        s.collect_map(known.chain(rest))
    }
}

impl<C: Serialize> Serialize for Field<'_, C> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Value(v) => v.serialize(s),
            Field::Components(c) => c.serialize(s),
        }
    }
}

/// A component given as a JSON object, its fields in the format's order.
pub(super) struct OrderedComponent<'a>(pub &'a Map<String, Value>);

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
