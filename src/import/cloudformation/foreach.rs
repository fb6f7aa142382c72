//! `Fn::ForEach` expansion (`Transform: AWS::LanguageExtensions`).
//!
//! `"Fn::ForEach::Loop": [Id, collection, {"Key${Id}": fragment}]` under a mapping key
//! stands for one copy of the fragment's entries per element of the collection, with `${Id}`
//! and `&{Id}` (the element with non-alphanumerics removed) replaced in keys and strings, and
//! `Ref: Id` replaced by the element. Expansion runs before evaluation, on the sections that
//! may hold loops (Resources, Conditions, Outputs, and anything nested in them), so the rest
//! of the reader sees ordinary mappings. Copies count against `max_nodes`.

use super::Value;
use super::error::{Error, ErrorKind, ident};
use super::eval::Eval;
use super::node::{Key, Kind, Node, find_duplicate};

const PREFIX: &str = "Fn::ForEach::";

impl Eval<'_> {
    /// A copy of `n` with every `Fn::ForEach` in it expanded.
    pub fn expand(&mut self, n: &Node, depth: usize) -> Result<Node, Error> {
        self.tick(n, depth)?;
        self.count_copy(1)?;
        let kind = match &n.kind {
            Kind::Scalar { .. } => n.kind.clone(),
            Kind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(self.expand(item, depth + 1)?);
                }
                Kind::Seq(out)
            }
            Kind::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    match k.text.strip_prefix(PREFIX) {
                        Some(name) => self.for_each(name, k, v, depth + 1, &mut out)?,
                        None => out.push((k.clone(), self.expand(v, depth + 1)?)),
                    }
                }
                if let Some((dup, _)) = find_duplicate(&out) {
                    return Err(Error::invalid(
                        dup.line,
                        dup.col,
                        format!("Fn::ForEach makes {} a second time", ident(&dup.text)),
                    ));
                }
                Kind::Map(out)
            }
        };
        Ok(Node {
            kind,
            tag: n.tag.clone(),
            line: n.line,
            col: n.col,
        })
    }

    fn count_copy(&mut self, n: usize) -> Result<(), Error> {
        self.nodes = self.nodes.saturating_add(n);
        let max = self.options().limits.max_nodes;
        if self.nodes > max {
            return Err(Error::limit(format!(
                "Fn::ForEach expands the template to more than {max} nodes"
            )));
        }
        Ok(())
    }

    fn for_each(
        &mut self,
        name: &str,
        key: &Key,
        v: &Node,
        depth: usize,
        out: &mut Vec<(Key, Node)>,
    ) -> Result<(), Error> {
        let name = ident(name).to_owned();
        let at = |msg: String| Error::invalid(key.line, key.col, msg);
        let Some([id, collection, fragment]) = v.as_seq() else {
            return Err(at(format!(
                "Fn::ForEach::{name} needs [identifier, collection, fragment]"
            )));
        };
        let id = id
            .as_scalar()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| at(format!("Fn::ForEach::{name} needs an identifier")))?;
        if fragment.as_map().is_none() {
            return Err(at(format!(
                "Fn::ForEach::{name}: the fragment must be a mapping"
            )));
        }
        let elements = match self.value(collection, depth + 1)? {
            Some(Value::List(items)) => items,
            Some(Value::Unknown { why }) => {
                return Err(Error::at(
                    ErrorKind::Invalid,
                    key.line,
                    key.col,
                    format!(
                        "Fn::ForEach::{name}: the collection is not known offline ({why}); give its parameter a value"
                    ),
                ));
            }
            _ => {
                return Err(at(format!(
                    "Fn::ForEach::{name}: the collection must be a list"
                )));
            }
        };
        for element in elements {
            let text = match element {
                Value::String(s) | Value::Number(s) => s,
                Value::Bool(b) => b.to_string(),
                _ => {
                    return Err(at(format!(
                        "Fn::ForEach::{name}: the collection must hold strings"
                    )));
                }
            };
            let alnum: String = text.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
            let sub = Subst {
                dollar: format!("${{{id}}}"),
                amp: format!("&{{{id}}}"),
                id,
                text: &text,
                alnum: &alnum,
            };
            let copy = self.substitute(fragment, &sub, depth + 1)?;
            // The copy may hold loops of its own, which may use this loop's identifier.
            if let Kind::Map(entries) = self.expand(&copy, depth)?.kind {
                out.extend(entries);
            }
        }
        Ok(())
    }

    fn substitute(&mut self, n: &Node, s: &Subst, depth: usize) -> Result<Node, Error> {
        self.tick(n, depth)?;
        self.count_copy(1)?;
        if s.is_ref_to_id(n) {
            return Ok(Node::scalar(s.text, false, n.line, n.col));
        }
        let kind = match &n.kind {
            Kind::Scalar { text, plain } => Kind::Scalar {
                text: s.apply(text),
                plain: *plain,
            },
            Kind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(self.substitute(item, s, depth + 1)?);
                }
                Kind::Seq(out)
            }
            Kind::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    let key = Key {
                        text: s.apply(&k.text),
                        line: k.line,
                        col: k.col,
                    };
                    out.push((key, self.substitute(v, s, depth + 1)?));
                }
                Kind::Map(out)
            }
        };
        Ok(Node {
            kind,
            tag: n.tag.clone(),
            line: n.line,
            col: n.col,
        })
    }
}

struct Subst<'s> {
    id: &'s str,
    dollar: String,
    amp: String,
    text: &'s str,
    alnum: &'s str,
}

impl Subst<'_> {
    fn apply(&self, t: &str) -> String {
        if t.contains('{') {
            t.replace(&self.dollar, self.text)
                .replace(&self.amp, self.alnum)
        } else {
            t.to_owned()
        }
    }

    /// `!Ref Id` or `{Ref: Id}`: the loop variable itself.
    fn is_ref_to_id(&self, n: &Node) -> bool {
        match (&n.tag, &n.kind) {
            (Some(tag), Kind::Scalar { text, .. }) => tag == "!Ref" && text == self.id,
            (None, Kind::Map(entries)) => {
                matches!(entries.as_slice(), [(k, v)] if k.text == "Ref" && v.tag.is_none() && v.as_scalar() == Some(self.id))
            }
            _ => false,
        }
    }
}
