//! JSON text → [`Node`] tree, with serde_json.
//!
//! serde_json gives no positions, but a borrowed `RawValue` is a slice of the input, so its
//! offset in the file is known. The upper levels of the document (where resources, their
//! properties and most intrinsics live) are therefore read member by member as `RawValue`s,
//! each re-read for its own members; below `POSITIONED_LEVELS` one ordinary pass builds the
//! rest, and those nodes inherit the position of their nearest positioned ancestor. This keeps
//! the total work at a small constant times the file size. Numbers are kept as written
//! wherever the text is at hand (all positioned levels).

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::Limits;
use super::error::{Error, ErrorKind};
use super::node::{Key, Kind, Node, find_duplicate};

/// Root, section, entry, attribute, property, and a few levels below: enough for resource
/// lines and for the lines of nearly every `Ref` a template holds.
const POSITIONED_LEVELS: usize = 10;

struct Builder<'s, 'l> {
    text: &'s str,
    line_starts: Vec<usize>,
    limits: &'l Limits,
    nodes: Cell<usize>,
    /// Our own error, smuggled through serde's error type (which only carries a string).
    failure: RefCell<Option<Error>>,
}

pub(super) fn parse(text: &str, limits: &Limits) -> Result<Node, Error> {
    let mut line_starts = vec![0];
    line_starts.extend(
        text.bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1),
    );
    let b = Builder {
        text,
        line_starts,
        limits,
        nodes: Cell::new(0),
        failure: RefCell::new(None),
    };
    // Skipping a value in serde_json is iterative, so this validates the whole syntax without
    // a depth limit or a stack overflow; the positioned reading below only meets valid JSON.
    let raw: &RawValue = serde_json::from_str(text).map_err(|e| b.json_error(&e, 0))?;
    b.node_from_raw(raw, 1, None)
}

impl<'s> Builder<'s, '_> {
    fn offset_of(&self, part: &str) -> usize {
        // `part` is a slice of `self.text` (borrowed RawValues always are).
        (part.as_ptr() as usize)
            .saturating_sub(self.text.as_ptr() as usize)
            .min(self.text.len())
    }

    /// 1-based line and byte column of a byte offset.
    fn position(&self, offset: usize) -> (usize, usize) {
        let idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(idx).copied().unwrap_or(0);
        (idx + 1, offset - start + 1)
    }

    /// Where the key whose value starts at `value_offset` starts: back over `"key" :`.
    fn key_offset(&self, value_offset: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut i = value_offset;
        let skip_ws = |mut i: usize| {
            while i > 0 && matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r') {
                i -= 1;
            }
            i
        };
        i = skip_ws(i);
        if i == 0 || bytes[i - 1] != b':' {
            return None;
        }
        i = skip_ws(i - 1);
        if i == 0 || bytes[i - 1] != b'"' {
            return None;
        }
        let mut j = i - 1; // the closing quote
        while j > 0 {
            j -= 1;
            if bytes[j] == b'"' {
                let backslashes = bytes[..j].iter().rev().take_while(|b| **b == b'\\').count();
                if backslashes % 2 == 0 {
                    return Some(j);
                }
            }
        }
        None
    }

    fn count(&self) -> Result<(), Error> {
        let n = self.nodes.get() + 1;
        self.nodes.set(n);
        if n > self.limits.max_nodes {
            return Err(Error::limit(format!(
                "the template has more than {} nodes",
                self.limits.max_nodes
            )));
        }
        Ok(())
    }

    fn depth_error(&self, line: usize, col: usize) -> Error {
        Error::at(
            ErrorKind::Limit,
            line,
            col,
            format!(
                "the template nests deeper than {} levels",
                self.limits.max_depth
            ),
        )
    }

    fn node_from_raw(
        &self,
        raw: &'s RawValue,
        depth: usize,
        key: Option<usize>,
    ) -> Result<Node, Error> {
        let text = raw.get().trim_start();
        let offset = self.offset_of(text);
        let (line, col) = self.position(key.unwrap_or(offset));
        if depth > self.limits.max_depth {
            return Err(self.depth_error(line, col));
        }
        match text.as_bytes().first() {
            Some(b'{' | b'[') => {
                let mut de = serde_json::Deserializer::from_str(text);
                let result = if depth < POSITIONED_LEVELS {
                    de::Deserializer::deserialize_any(
                        &mut de,
                        Positioned {
                            b: self,
                            depth,
                            line,
                            col,
                        },
                    )
                } else {
                    Whole {
                        b: self,
                        depth,
                        line,
                        col,
                    }
                    .deserialize(&mut de)
                };
                result.map_err(|e| {
                    self.take_failure()
                        .unwrap_or_else(|| self.json_error(&e, offset))
                })
            }
            Some(b'"') => {
                self.count()?;
                let s: String =
                    serde_json::from_str(text).map_err(|e| self.json_error(&e, offset))?;
                Ok(Node::scalar(s, false, line, col))
            }
            // Numbers, true, false, null: the text as written.
            _ => {
                self.count()?;
                Ok(Node::scalar(text.trim_end(), true, line, col))
            }
        }
    }

    fn take_failure(&self) -> Option<Error> {
        self.failure.borrow_mut().take()
    }

    fn fail<E: de::Error>(&self, e: Error) -> E {
        *self.failure.borrow_mut() = Some(e);
        E::custom("cfn reader error")
    }

    /// serde_json's syntax messages are fixed strings; data errors may quote the input
    /// (`invalid type: string "..."`), so only known fixed messages are passed on.
    fn json_error(&self, e: &serde_json::Error, base: usize) -> Error {
        let full = e.to_string();
        let bare = full
            .rsplit_once(" at line ")
            .map_or(full.as_str(), |(m, _)| m);
        let message = if JSON_MESSAGES.contains(&bare) {
            if bare == "recursion limit exceeded" {
                format!(
                    "the template nests deeper than {} levels",
                    self.limits.max_depth
                )
            } else {
                format!("not JSON: {bare}")
            }
        } else if e.is_eof() {
            "not JSON: unexpected end of file".to_owned()
        } else {
            "not JSON: syntax error".to_owned()
        };
        let kind = if bare == "recursion limit exceeded" {
            ErrorKind::Limit
        } else {
            ErrorKind::NotJson
        };
        if e.line() == 0 {
            return Error::new(kind, message);
        }
        // serde_json counts from the start of the slice it was given.
        let (base_line, base_col) = self.position(base);
        let (line, col) = if e.line() == 1 {
            (base_line, base_col + e.column().saturating_sub(1))
        } else {
            (base_line + e.line() - 1, e.column())
        };
        Error::at(kind, line, col, message)
    }
}

const JSON_MESSAGES: &[&str] = &[
    "EOF while parsing a list",
    "EOF while parsing an object",
    "EOF while parsing a string",
    "EOF while parsing a value",
    "expected `:`",
    "expected `,` or `]`",
    "expected `,` or `}`",
    "expected ident",
    "expected value",
    "expected `\"`",
    "invalid escape",
    "invalid number",
    "number out of range",
    "invalid unicode code point",
    "control character (\\u0000-\\u001F) found while parsing a string",
    "key must be a string",
    "lone leading surrogate in hex escape",
    "trailing comma",
    "trailing characters",
    "unexpected end of hex escape",
    "recursion limit exceeded",
];

/// Reads an object or array member by member as `RawValue`s, to know where each one starts.
struct Positioned<'b, 's, 'l> {
    b: &'b Builder<'s, 'l>,
    depth: usize,
    line: usize,
    col: usize,
}

impl<'de: 's, 's> Visitor<'de> for Positioned<'_, 's, '_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object or an array")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        self.b.count().map_err(|e| self.b.fail(e))?;
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let raw: &'de RawValue = map.next_value()?;
            let value_offset = self.b.offset_of(raw.get().trim_start());
            let key_offset = self.b.key_offset(value_offset).unwrap_or(value_offset);
            let (kline, kcol) = self.b.position(key_offset);
            let value = self
                .b
                .node_from_raw(raw, self.depth + 1, Some(key_offset))
                .map_err(|e| self.b.fail(e))?;
            entries.push((
                Key {
                    text: key,
                    line: kline,
                    col: kcol,
                },
                value,
            ));
        }
        map_node(self.b, entries, self.line, self.col)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        self.b.count().map_err(|e| self.b.fail(e))?;
        let mut items = Vec::new();
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            items.push(
                self.b
                    .node_from_raw(raw, self.depth + 1, None)
                    .map_err(|e| self.b.fail(e))?,
            );
        }
        Ok(Node {
            kind: Kind::Seq(items),
            tag: None,
            line: self.line,
            col: self.col,
        })
    }
}

fn map_node<E: de::Error>(
    b: &Builder,
    entries: Vec<(Key, Node)>,
    line: usize,
    col: usize,
) -> Result<Node, E> {
    if let Some((dup, first)) = find_duplicate(&entries) {
        let e = Error::invalid(
            dup.line,
            dup.col,
            format!("duplicate object key (first at line {})", first.line),
        );
        return Err(b.fail(e));
    }
    Ok(Node {
        kind: Kind::Map(entries),
        tag: None,
        line,
        col,
    })
}

/// Builds a whole subtree in one pass; every node gets the subtree's position.
#[derive(Clone, Copy)]
struct Whole<'b, 's, 'l> {
    b: &'b Builder<'s, 'l>,
    depth: usize,
    line: usize,
    col: usize,
}

impl<'de> DeserializeSeed<'de> for Whole<'_, '_, '_> {
    type Value = Node;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        if self.depth > self.b.limits.max_depth {
            return Err(self.b.fail(self.b.depth_error(self.line, self.col)));
        }
        self.b.count().map_err(|e| self.b.fail(e))?;
        d.deserialize_any(self)
    }
}

impl Whole<'_, '_, '_> {
    fn scalar(&self, text: String, plain: bool) -> Node {
        Node::scalar(text, plain, self.line, self.col)
    }

    fn child(&self) -> Self {
        Whole {
            depth: self.depth + 1,
            ..*self
        }
    }
}

impl<'de> Visitor<'de> for Whole<'_, '_, '_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(self.scalar(v.to_string(), true))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(self.scalar(v.to_string(), true))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(self.scalar(v.to_string(), true))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(self.scalar(v.to_string(), true))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(self.scalar(v.to_owned(), false))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(self.scalar(v, false))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(self.scalar("null".to_owned(), true))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.child())? {
            items.push(item);
        }
        Ok(Node {
            kind: Kind::Seq(items),
            tag: None,
            line: self.line,
            col: self.col,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self.child())?;
            entries.push((
                Key {
                    text: key,
                    line: self.line,
                    col: self.col,
                },
                value,
            ));
        }
        map_node(self.b, entries, self.line, self.col)
    }
}
