//! A record's attribute values: JSON as the readers give it, held in fewer bytes than
//! `serde_json::Value`, whose objects are tree maps of several hundred bytes however few keys
//! they hold (Terraform writes every nested block as a list of one object, and an import holds
//! a hundred thousand records). An object here is a sorted list of its entries; a text is
//! exactly its length. Objects read in key order and the last of a repeated key wins, as in
//! `serde_json::Value`, so what is read of a record is the same.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Number;
use thin_vec::ThinVec;

use super::small::Small;

/// One JSON value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(Box<str>),
    Array(ThinVec<Value>),
    Object(Object),
}

/// An object's entries, by key.
pub type Object = Small<Value, Box<str>>;

// A value is three words at most (a `serde_json::Value` is four).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Value>() <= 24);

impl Value {
    /// An object's value at `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        match self {
            Value::Object(map) => map.get_mut(key),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }
}

impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Self {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Number(n),
            serde_json::Value::String(s) => Value::String(s.into_boxed_str()),
            serde_json::Value::Array(items) => {
                Value::Array(items.into_iter().map(Value::from).collect())
            }
            serde_json::Value::Object(map) => Value::Object(
                (map.into_iter())
                    .map(|(k, v)| (k.into_boxed_str(), Value::from(v)))
                    .collect(),
            ),
        }
    }
}

/// Not a number in JSON's sense (infinite or NaN) is null, as in `serde_json::Value`.
impl From<f64> for Value {
    fn from(n: f64) -> Self {
        Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => n.serialize(s),
            Value::String(text) => s.serialize_str(text),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(map) => {
                let mut out = s.serialize_map(Some(map.len()))?;
                for (k, v) in map.iter() {
                    out.serialize_entry(k, v)?;
                }
                out.end()
            }
        }
    }
}

/// Compact JSON, as `serde_json::Value` displays.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&serde_json::to_string(self).map_err(|_| fmt::Error)?)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

/// Numbers come as numbers: serde_json's `arbitrary_precision` feature, which hands them on as
/// a map, is off (a dependency that turned it on would make every number an object here).
struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.into()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s.into_boxed_str()))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Deserialize::deserialize(d)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = ThinVec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        items.shrink_to_fit();
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = ThinVec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(entry) = map.next_entry::<Box<str>, Value>()? {
            entries.push(entry);
        }
        Ok(Value::Object(Small::from(entries)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// JSON text of any shape: nested arrays and objects, repeated keys, escapes, non-ASCII,
    /// integers past `i64`, floats, exponents.
    fn json_text() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            Just("a".to_string()),
            Just("b".to_string()),
            "[a-z\\u{e9}\"\\\\]{0,6}",
        ]
        .prop_map(|k| serde_json::to_string(&k).expect("a text writes as JSON"));
        let leaf = prop_oneof![
            Just("null".to_string()),
            any::<bool>().prop_map(|b| b.to_string()),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            (any::<f64>().prop_filter("finite", |f| f.is_finite())).prop_map(|f| format!("{f:e}")),
            "[ -~\\u{e9}\\u{1f600}]{0,12}"
                .prop_map(|t| serde_json::to_string(&t).expect("a text writes as JSON")),
        ];
        leaf.prop_recursive(4, 48, 5, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5)
                    .prop_map(|items| format!("[{}]", items.join(","))),
                proptest::collection::vec((key.clone(), inner), 0..5).prop_map(|entries| {
                    let entries: Vec<String> = entries
                        .into_iter()
                        .map(|(k, v)| format!("{k}:{v}"))
                        .collect();
                    format!("{{{}}}", entries.join(","))
                }),
            ]
        })
    }

    /// The same value with every object's keys in order, as `serde_json::Value` holds them
    /// without its `preserve_order` feature (which the tests' dependencies turn on).
    fn sorted(v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Array(items) => items.into_iter().map(sorted).collect(),
            serde_json::Value::Object(map) => {
                let ordered: std::collections::BTreeMap<String, serde_json::Value> =
                    map.into_iter().map(|(k, v)| (k, sorted(v))).collect();
                serde_json::Value::Object(ordered.into_iter().collect())
            }
            other => other,
        }
    }

    proptest! {
        /// Whatever the text, a value reads as `serde_json::Value` does (the last of a
        /// repeated key kept, keys in order), writes what it writes, and what it writes reads as `serde_json::Value`
        /// reads it (a float written in its shortest form may read back a bit apart: serde_json's
        /// parsing, for both).
        #[test]
        fn any_json_reads_as_serde_json(text in json_text()) {
            let mine: Value = serde_json::from_str(&text).expect("the strategy writes JSON");
            let theirs: serde_json::Value = serde_json::from_str(&text).expect("the strategy writes JSON");
            prop_assert_eq!(&mine, &Value::from(theirs));
            let written = mine.to_string();
            let theirs: serde_json::Value = serde_json::from_str(&text).expect("the strategy writes JSON");
            prop_assert_eq!(&written, &sorted(theirs).to_string());
            let again: Value = serde_json::from_str(&written).expect("a value writes JSON");
            let theirs: serde_json::Value = serde_json::from_str(&written).expect("a value writes JSON");
            prop_assert_eq!(again, Value::from(theirs));
        }
    }

    /// Read from JSON text, a value is `serde_json::Value`'s converted; it is written back
    /// with its keys in order, the last of a repeated key kept.
    #[test]
    fn reads_and_writes_as_serde_json() {
        let text = r#"{"b":[{"z":1.5,"x":1,"y":-2}],"a":"t","n":null,"t":true,"b":[],"e":{},"u":18446744073709551615}"#;
        let mine: Value = serde_json::from_str(text).expect("valid JSON");
        let theirs: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
        assert_eq!(mine, Value::from(theirs));
        assert_eq!(
            mine.to_string(),
            r#"{"a":"t","b":[],"e":{},"n":null,"t":true,"u":18446744073709551615}"#
        );
        let nested: Value =
            serde_json::from_str(r#"[{"z":1.5,"x":1,"y":-2e0}]"#).expect("valid JSON");
        assert_eq!(nested.to_string(), r#"[{"x":1,"y":-2.0,"z":1.5}]"#);
        assert_eq!(
            mine.get("b").and_then(Value::as_array).map(<[_]>::len),
            Some(0)
        );
        assert_eq!(mine.get("u").and_then(Value::as_u64), Some(u64::MAX));
    }
}
