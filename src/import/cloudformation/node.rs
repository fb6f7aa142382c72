//! The syntax tree both readers produce: YAML and JSON end up as the same `Node`s, so the
//! evaluator does not care which format a template was written in.
//!
//! Tags are kept on every kind of node because CloudFormation's short forms (`!If [...]`,
//! `!Sub [...]`, `!Transform {...}`) put them on sequences and mappings as well as scalars.

/// One node of a parsed document, with the 1-based position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Node {
    pub kind: Kind,
    /// The tag as written, handle and suffix joined: `!Ref`, `tag:yaml.org,2002:str`.
    pub tag: Option<String>,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    /// `plain` is false for quoted and block scalars and JSON strings: only plain scalars
    /// may read as null, booleans or numbers.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    /// Entries in file order; duplicate keys are rejected by the readers.
    Map(Vec<(Key, Node)>),
}

/// A mapping key: always a scalar in CloudFormation, so only its text and position are kept.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Key {
    pub text: String,
    pub line: usize,
    pub col: usize,
}

impl Node {
    pub fn scalar(text: impl Into<String>, plain: bool, line: usize, col: usize) -> Node {
        Node {
            kind: Kind::Scalar {
                text: text.into(),
                plain,
            },
            tag: None,
            line,
            col,
        }
    }

    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.kind {
            Kind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The first entry named `key`, if this is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.text == key)
            .map(|(_, v)| v)
    }
}

/// The first repeated key of a mapping, as (line of the repeat, line of the first one).
pub(super) fn find_duplicate(entries: &[(Key, Node)]) -> Option<(&Key, &Key)> {
    // Small mappings are the norm; sorting only pays off on big ones.
    if entries.len() <= 16 {
        for (i, (k, _)) in entries.iter().enumerate() {
            if let Some((first, _)) = entries[..i].iter().find(|(p, _)| p.text == k.text) {
                return Some((k, first));
            }
        }
        return None;
    }
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| entries[a].0.text.cmp(&entries[b].0.text).then(a.cmp(&b)));
    let mut found: Option<(usize, usize)> = None;
    for w in order.windows(2) {
        if entries[w[0]].0.text == entries[w[1]].0.text {
            // Report the repeat that comes first in the file, like the small case does.
            let candidate = (w[1], w[0]);
            if found.is_none_or(|f| candidate.0 < f.0) {
                found = Some(candidate);
            }
        }
    }
    found.map(|(dup, first)| (&entries[dup].0, &entries[first].0))
}
