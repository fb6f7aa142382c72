//! YAML text → [`Node`] tree, from saphyr-parser's event stream.
//!
//! The tree is built with an explicit stack, not recursion, so a hostile nesting depth ends
//! with an error instead of a stack overflow. Aliases are expanded by copying the anchored
//! node, and every copied node counts against `max_nodes` *before* it is allocated, so an
//! alias bomb stops early and in bounded memory.

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};

use super::Limits;
use super::error::{Error, ErrorKind};
use super::node::{Key, Kind, Node, find_duplicate};

/// A collection being read: its own position and tag, and what it has collected so far.
struct Frame {
    node: Node,
    anchor: usize,
    /// Nodes in this subtree, itself included: what an alias to it will cost.
    size: usize,
    pending_key: Option<Key>,
}

struct Builder<'l> {
    limits: &'l Limits,
    stack: Vec<Frame>,
    /// Completed anchored nodes by anchor id, with their size.
    anchors: Vec<Option<(Node, usize)>>,
    nodes: usize,
    saw_alias: bool,
    root: Option<Node>,
}

/// Parses one YAML document. An empty stream gives `Ok(None)`.
pub(super) fn parse(text: &str, limits: &Limits) -> Result<Option<Node>, Error> {
    let mut b = Builder {
        limits,
        stack: Vec::new(),
        anchors: Vec::new(),
        nodes: 0,
        saw_alias: false,
        root: None,
    };
    let mut documents = 0usize;
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| scan_error(&e, limits))?;
        let (line, col) = position(&span);
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(Error::at(
                        ErrorKind::Invalid,
                        line,
                        col,
                        "the file holds more than one YAML document; a template is a single document",
                    ));
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let plain = matches!(style, ScalarStyle::Plain);
                let mut node = Node::scalar(value.into_owned(), plain, line, col);
                node.tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                b.count(1)?;
                b.complete(node, 1, anchor)?;
            }
            Event::SequenceStart(anchor, tag) => {
                b.open(
                    Kind::Seq(Vec::new()),
                    tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                    anchor,
                    line,
                    col,
                )?;
            }
            Event::MappingStart(anchor, tag) => {
                b.open(
                    Kind::Map(Vec::new()),
                    tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                    anchor,
                    line,
                    col,
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => b.close()?,
            Event::Alias(id) => b.alias(id, line, col)?,
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
        }
    }
    Ok(b.root)
}

fn position(span: &Span) -> (usize, usize) {
    (span.start.line(), span.start.col() + 1)
}

impl Builder<'_> {
    fn count(&mut self, n: usize) -> Result<(), Error> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            let why = if self.saw_alias {
                " (YAML aliases)"
            } else {
                ""
            };
            return Err(Error::limit(format!(
                "the template expands to more than {} nodes{why}",
                self.limits.max_nodes
            )));
        }
        Ok(())
    }

    fn open(
        &mut self,
        kind: Kind,
        tag: Option<String>,
        anchor: usize,
        line: usize,
        col: usize,
    ) -> Result<(), Error> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(Error::at(
                ErrorKind::Limit,
                line,
                col,
                format!(
                    "the template nests deeper than {} levels",
                    self.limits.max_depth
                ),
            ));
        }
        self.count(1)?;
        self.stack.push(Frame {
            node: Node {
                kind,
                tag,
                line,
                col,
            },
            anchor,
            size: 1,
            pending_key: None,
        });
        Ok(())
    }

    fn close(&mut self) -> Result<(), Error> {
        let frame = self
            .stack
            .pop()
            .ok_or_else(|| Error::new(ErrorKind::NotYaml, "not YAML: unbalanced collection"))?;
        if let Kind::Map(entries) = &frame.node.kind
            && let Some((dup, first)) = find_duplicate(entries)
        {
            return Err(Error::invalid(
                dup.line,
                dup.col,
                format!("duplicate mapping key (first at line {})", first.line),
            ));
        }
        self.complete(frame.node, frame.size, frame.anchor)
    }

    fn alias(&mut self, id: usize, line: usize, col: usize) -> Result<(), Error> {
        self.saw_alias = true;
        let size = match self.anchors.get(id) {
            Some(Some((_, size))) => *size,
            _ => {
                // The parser knows the anchor, but the node is still open: `&a [*a]`.
                return Err(Error::invalid(
                    line,
                    col,
                    "an alias refers to a node that contains it",
                ));
            }
        };
        self.count(size)?;
        // Re-borrow after counting: counting needs `&mut self`.
        let mut copy = match self.anchors.get(id) {
            Some(Some((node, _))) => node.clone(),
            _ => {
                return Err(Error::invalid(
                    line,
                    col,
                    "an alias refers to a node that contains it",
                ));
            }
        };
        copy.line = line;
        copy.col = col;
        self.complete(copy, size, 0)
    }

    /// Hands a finished node to its parent (or makes it the root), remembering it if anchored.
    fn complete(&mut self, node: Node, size: usize, anchor: usize) -> Result<(), Error> {
        if anchor > 0 {
            // The stored copy is memory too, so it is paid for like an alias expansion.
            self.count(size)?;
            if self.anchors.len() <= anchor {
                self.anchors.resize(anchor + 1, None);
            }
            self.anchors[anchor] = Some((node.clone(), size));
        }
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        parent.size = parent.size.saturating_add(size);
        match &mut parent.node.kind {
            Kind::Seq(items) => items.push(node),
            Kind::Map(entries) => match parent.pending_key.take() {
                Some(key) => entries.push((key, node)),
                None => match node.kind {
                    Kind::Scalar { text, .. } => {
                        parent.pending_key = Some(Key {
                            text,
                            line: node.line,
                            col: node.col,
                        });
                    }
                    _ => {
                        return Err(Error::invalid(
                            node.line,
                            node.col,
                            "a mapping key is a sequence or mapping; template keys are plain names",
                        ));
                    }
                },
            },
            Kind::Scalar { .. } => {
                return Err(Error::new(
                    ErrorKind::NotYaml,
                    "not YAML: a scalar cannot hold children",
                ));
            }
        }
        Ok(())
    }
}

/// saphyr-parser's messages are fixed strings except one that quotes the offending
/// character; only known fixed strings are passed on, so no input text can reach the message.
fn scan_error(e: &ScanError, limits: &Limits) -> Error {
    let m = e.marker();
    let info = e.info();
    if info == "recursion limit exceeded" {
        // The scanner looks ahead through flow collections and stops at 255 levels, before
        // the builder sees the 129th.
        let message = format!("the template nests deeper than {} levels", limits.max_depth);
        return Error::at(ErrorKind::Limit, m.line(), m.col() + 1, message);
    }
    let friendly = match info {
        "simple key expect ':'" => "expected ':' after a mapping key",
        "mapping values are not allowed in this context" => "a ':' is not allowed here",
        "did not find expected <document start>" | "did not find expected <document-start>" => {
            "unexpected content after the end of the document"
        }
        "while parsing a block mapping, did not find expected key" => "expected a mapping key",
        _ if info.starts_with("unexpected character") => "unexpected character",
        _ if KNOWN_MESSAGES.contains(&info) => info,
        _ => "syntax error",
    };
    Error::at(
        ErrorKind::NotYaml,
        m.line(),
        m.col() + 1,
        format!("not YAML: {friendly}"),
    )
}

/// The fixed messages of saphyr-parser 0.3, which are safe to show.
const KNOWN_MESSAGES: &[&str] = &[
    "'-' must be followed by a valid YAML whitespace",
    "':' may not precede any of `[{` in flow mapping",
    "':' must be followed by a valid YAML whitespace",
    "\"-\" is only valid inside a block",
    "a block scalar content cannot start with a tab",
    "a byte order mark must not appear inside a document",
    "block sequence entries are not allowed in this context",
    "comment intercepting the multiline text",
    "comments must be separated from other tokens by whitespace",
    "did not find expected <stream-start>",
    "did not find expected next token",
    "duplicate version directive",
    "expected whitespace",
    "found unprintable character",
    "illegal placement of ':' indicator",
    "invalid content after document end marker",
    "invalid global tag character",
    "invalid indentation for anchor",
    "invalid indentation in flow construct",
    "invalid indentation in quoted scalar",
    "invalid indentation",
    "invalid trailing content after double-quoted scalar",
    "mapping keys are not allowed in this context",
    "misplaced bracket",
    "missing explicit document end marker before directive",
    "plain scalar cannot start with '-' followed by ,[]{}",
    "simple key expected",
    "tab cannot be used as indentation",
    "tabs disallowed in this context",
    "tabs disallowed within this context (block indentation)",
    "the TAG directive must only be given at most once per handle in the same document",
    "the handle wasn't declared",
    "unexpected end of plain scalar",
    "unexpected eof",
    "while parsing a block collection, did not find expected '-' indicator",
    "while parsing a flow mapping, did not find expected ',' or '}'",
    "while parsing a flow sequence, expected ',' or ']'",
    "while parsing a node, did not find expected node content",
    "while parsing a quoted scalar, did not find expected hexadecimal number",
    "while parsing a quoted scalar, found invalid Unicode character escape code",
    "while parsing a quoted scalar, found unknown escape character",
    "while parsing a tag directive, did not find expected '!'",
    "while parsing a tag, did not find expected tag URI",
    "while parsing a tag, found an incorrect leading UTF-8 byte",
    "while parsing a tag, found an incorrect trailing UTF-8 byte",
    "while parsing a tag, found an invalid UTF-8 codepoint",
    "while parsing a tag, found an invalid escape sequence",
    "while parsing node, found unknown anchor",
    "while scanning TAG, did not find expected whitespace or line break",
    "while scanning a YAML directive, did not find expected digit or '.' character",
    "while scanning a YAML directive, did not find expected version number",
    "while scanning a YAML directive, found extremely long version number",
    "while scanning a block scalar, did not find expected comment or line break",
    "while scanning a block scalar, found an indentation indicator equal to 0",
    "while scanning a directive, could not find expected directive name",
    "while scanning a directive, did not find expected comment or line break",
    "while scanning a directive, found unexpected non-alphabetical character",
    "while scanning a plain scalar, found a tab",
    "while scanning a quoted scalar, found unexpected document indicator",
    "while scanning a quoted scalar, found unexpected end of stream",
    "while scanning a tag, did not find expected '!'",
    "while scanning a tag, did not find expected whitespace or line break",
    "while scanning a verbatim tag, did not find the expected '>'",
    "while scanning an anchor or alias, did not find expected alphabetic or numeric character",
    "wrongly indented line in block scalar",
];
