//! Finds where a JSON path sits in the source text, so that errors found after parsing (an
//! unknown edge target, a duplicate id) can name the line and column as parse errors do.

use std::collections::HashMap;
use std::fmt;

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path into the input, printed as `components[3].backup.frequency`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct JsonPath(pub Vec<Seg>);

impl JsonPath {
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_string()));
        JsonPath(segs)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        JsonPath(segs)
    }

    /// Prefixes `self` with `base` (a component's path before a path inside it).
    pub fn under(&self, base: &JsonPath) -> Self {
        JsonPath(base.0.iter().chain(self.0.iter()).cloned().collect())
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(top level)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Index(n) => write!(f, "[{n}]")?,
                Seg::Key(k) if is_plain(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Seg::Key(k) => write!(f, "[{k:?}]")?,
            }
        }
        Ok(())
    }
}

/// A path under construction, borrowed from its parent: free to build for every field the
/// validation visits, turned into a `JsonPath` only when a problem is reported.
#[derive(Debug, Clone, Copy)]
pub struct Loc<'a> {
    parent: Option<&'a Loc<'a>>,
    seg: Option<LocSeg<'a>>,
}

#[derive(Debug, Clone, Copy)]
enum LocSeg<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Loc<'a> {
    pub const ROOT: Loc<'static> = Loc {
        parent: None,
        seg: None,
    };

    pub fn key(&'a self, key: &'a str) -> Loc<'a> {
        Loc {
            parent: Some(self),
            seg: Some(LocSeg::Key(key)),
        }
    }

    pub fn index(&'a self, index: usize) -> Loc<'a> {
        Loc {
            parent: Some(self),
            seg: Some(LocSeg::Index(index)),
        }
    }

    pub fn path(&self) -> JsonPath {
        let mut segs = Vec::new();
        let mut at = Some(self);
        while let Some(loc) = at {
            match loc.seg {
                Some(LocSeg::Key(k)) => segs.push(Seg::Key(k.to_string())),
                Some(LocSeg::Index(i)) => segs.push(Seg::Index(i)),
                None => {}
            }
            at = loc.parent;
        }
        segs.reverse();
        JsonPath(segs)
    }
}

fn is_plain(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A 1-based line and column (columns count bytes, as serde_json's do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

/// Converts byte offsets into line and column. The line starts are found on the first
/// question: a valid file never asks.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: std::sync::OnceLock<Vec<usize>>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        LineIndex {
            text,
            starts: std::sync::OnceLock::new(),
        }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    pub fn position(&self, offset: usize) -> Position {
        let starts = self.starts();
        let line = starts.partition_point(|&s| s <= offset).max(1);
        Position {
            line,
            col: offset - starts[line - 1] + 1,
        }
    }

    /// The byte offset of a 1-based line and column.
    pub fn offset(&self, pos: Position) -> usize {
        self.starts()
            .get(pos.line.saturating_sub(1))
            .copied()
            .unwrap_or(0)
            + pos.col.saturating_sub(1)
    }
}

/// Where a path's value starts, and where its key starts when it is an object member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub key: Option<usize>,
    pub value: usize,
}

/// Byte offsets of the requested paths in `text` (a valid JSON document). One pass over the
/// text whatever the number of paths; paths that do not exist are left out.
pub fn locate(text: &str, wanted: &[JsonPath]) -> HashMap<JsonPath, Located> {
    let wanted: HashMap<&JsonPath, ()> = wanted.iter().map(|p| (p, ())).collect();
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
        path: Vec::new(),
        wanted: &wanted,
        found: HashMap::new(),
    };
    scanner.skip_ws();
    let _ = scanner.value(None);
    scanner.found
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    path: Vec<Seg>,
    wanted: &'a HashMap<&'a JsonPath, ()>,
    found: HashMap<JsonPath, Located>,
}

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        while let Some(b) = self.bytes.get(self.pos) {
            if b.is_ascii_whitespace() {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn record(&mut self, key: Option<usize>) {
        let path = JsonPath(self.path.clone());
        if self.wanted.contains_key(&path) {
            self.found.insert(
                path,
                Located {
                    key,
                    value: self.pos,
                },
            );
        }
    }

    /// Scans one value at `pos`; `None` when the text is not valid JSON there.
    fn value(&mut self, key: Option<usize>) -> Option<()> {
        self.record(key);
        match *self.bytes.get(self.pos)? {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => self.string().map(|_| ()),
            _ => {
                while let Some(b) = self.bytes.get(self.pos) {
                    if matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace() {
                        break;
                    }
                    self.pos += 1;
                }
                Some(())
            }
        }
    }

    fn object(&mut self) -> Option<()> {
        self.pos += 1;
        loop {
            self.skip_ws();
            match *self.bytes.get(self.pos)? {
                b'}' => {
                    self.pos += 1;
                    return Some(());
                }
                b',' => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let key_start = self.pos;
            let key = self.string()?;
            self.skip_ws();
            if *self.bytes.get(self.pos)? != b':' {
                return None;
            }
            self.pos += 1;
            self.skip_ws();
            self.path.push(Seg::Key(key));
            self.value(Some(key_start))?;
            self.path.pop();
        }
    }

    fn array(&mut self) -> Option<()> {
        self.pos += 1;
        let mut index = 0;
        loop {
            self.skip_ws();
            match *self.bytes.get(self.pos)? {
                b']' => {
                    self.pos += 1;
                    return Some(());
                }
                b',' => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            self.path.push(Seg::Index(index));
            self.value(None)?;
            self.path.pop();
            index += 1;
        }
    }

    /// Reads a string token and returns its decoded text.
    fn string(&mut self) -> Option<String> {
        let start = self.pos;
        if *self.bytes.get(self.pos)? != b'"' {
            return None;
        }
        self.pos += 1;
        loop {
            match *self.bytes.get(self.pos)? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    break;
                }
                _ => self.pos += 1,
            }
        }
        let raw = std::str::from_utf8(self.bytes.get(start..self.pos)?).ok()?;
        serde_json::from_str(raw).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_paths_with_line_and_column() {
        let text = "{\n  \"components\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\", \"backup\": {\"frequency\": \"1 hr\"}}\n  ]\n}";
        let path = JsonPath::root()
            .key("components")
            .index(1)
            .key("backup")
            .key("frequency");
        let found = locate(text, std::slice::from_ref(&path));
        let lines = LineIndex::new(text);
        let at = found[&path];
        assert_eq!(lines.position(at.value), Position { line: 4, col: 41 });
        assert_eq!(
            lines.position(at.key.expect("test fixture is valid")),
            Position { line: 4, col: 28 }
        );
        assert_eq!(path.to_string(), "components[1].backup.frequency");
    }

    #[test]
    fn odd_keys_are_quoted() {
        assert_eq!(JsonPath::root().key("$schema").to_string(), "[\"$schema\"]");
        assert_eq!(JsonPath::root().to_string(), "(top level)");
    }
}

/// Where a declared component's object starts in an architecture file, and its edges (by the
/// id they point at): what SARIF places findings at.
#[derive(Debug, Clone, PartialEq)]
pub struct Spot {
    pub at: Position,
    pub edges: HashMap<String, Position>,
}

/// The spots of every declared component of an architecture file, by id; columns count
/// characters. A file that is not an architecture has none.
pub fn components(text: &str) -> HashMap<String, Spot> {
    #[derive(serde::Deserialize)]
    struct Top {
        #[serde(default)]
        components: Option<Vec<Declared>>,
    }
    #[derive(serde::Deserialize)]
    struct Declared {
        #[serde(default)]
        id: Option<String>,
        #[serde(default)]
        depends_on: Option<Vec<EdgeRef>>,
    }
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum EdgeRef {
        Id(String),
        Object {
            #[serde(default)]
            id: Option<String>,
        },
        Other(serde::de::IgnoredAny),
    }
    let Ok(top) = serde_json::from_str::<Top>(text) else {
        return HashMap::new();
    };
    let declared = top.components.unwrap_or_default();
    let root = JsonPath::root().key("components");
    let mut wanted = Vec::new();
    for (k, c) in declared.iter().enumerate() {
        wanted.push(root.index(k));
        for e in 0..c.depends_on.as_ref().map_or(0, Vec::len) {
            wanted.push(root.index(k).key("depends_on").index(e));
        }
    }
    let found = locate(text, &wanted);
    let lines = LineIndex::new(text);
    let at = |path: &JsonPath| {
        found.get(path).map(|l| {
            let p = lines.position(l.value);
            // Characters, not bytes, for the column.
            let start = l.value + 1 - p.col;
            let col = text[start..l.value].chars().count() + 1;
            Position { line: p.line, col }
        })
    };
    let mut out = HashMap::new();
    for (k, c) in declared.iter().enumerate() {
        let (Some(id), Some(spot)) = (&c.id, at(&root.index(k))) else {
            continue;
        };
        let mut edges = HashMap::new();
        for (e, edge) in c.depends_on.iter().flatten().enumerate() {
            let to = match edge {
                EdgeRef::Id(id) | EdgeRef::Object { id: Some(id) } => id,
                _ => continue,
            };
            if let Some(p) = at(&root.index(k).key("depends_on").index(e)) {
                edges.entry(to.clone()).or_insert(p);
            }
        }
        out.entry(id.clone()).or_insert(Spot { at: spot, edges });
    }
    out
}
