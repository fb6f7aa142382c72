//! The error type of the CloudFormation reader.
//!
//! Messages are written by this module's callers from fixed text plus, at most, template
//! identifiers (logical ids, parameter, condition and mapping names). They never quote
//! scalar values, keys or lines of the input: the file may be a credentials file or an
//! environment dump that was mistaken for a template, and the error may end up in a CI log.

use std::fmt;

/// What went wrong, for callers that want to react without parsing the message
/// (e.g. format detection trying another reader after `NotYaml`/`NotJson`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file is not YAML.
    NotYaml,
    /// The file is not JSON.
    NotJson,
    /// The file parsed, but is not a CloudFormation template.
    NotTemplate,
    /// A limit of [`super::Limits`] was exceeded.
    Limit,
    /// The template is malformed or refers to something it does not define.
    Invalid,
}

/// An error reading a template, located in the file when the location is known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{}{message}", location(*.line, *.column))]
pub struct Error {
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known (characters for YAML, bytes for JSON).
    pub column: Option<usize>,
    pub message: String,
    pub kind: ErrorKind,
}

fn location(line: Option<usize>, column: Option<usize>) -> Loc {
    Loc { line, column }
}

/// Renders `LINE:COL: `, `LINE: ` or a bare space so that the whole reads `FILE:LINE:COL: msg`.
struct Loc {
    line: Option<usize>,
    column: Option<usize>,
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{l}:{c}: "),
            (Some(l), None) => write!(f, "{l}: "),
            _ => f.write_str(" "),
        }
    }
}

impl Error {
    /// An error without a file name yet: the readers do not know it, [`super::read`] fills it.
    pub(super) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            file: String::new(),
            line: None,
            column: None,
            message: message.into(),
            kind,
        }
    }

    pub(super) fn at(kind: ErrorKind, line: usize, col: usize, message: impl Into<String>) -> Self {
        let mut e = Error::new(kind, message);
        if line > 0 {
            e.line = Some(line);
            e.column = (col > 0).then_some(col);
        }
        e
    }

    pub(super) fn invalid(line: usize, col: usize, message: impl Into<String>) -> Self {
        Error::at(ErrorKind::Invalid, line, col, message)
    }

    pub(super) fn limit(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Limit, message)
    }

    pub(super) fn in_file(mut self, file: &str) -> Self {
        file.clone_into(&mut self.file);
        self
    }
}

/// A template identifier as it may appear in a message: logical ids and the like are
/// `[A-Za-z0-9]` plus a few separators. Anything else was not meant as a name (it may even be
/// a secret pasted in the wrong place), so it is not repeated.
pub(super) fn ident(name: &str) -> &str {
    let ok = !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'));
    if ok {
        name
    } else {
        "(a name that is not an identifier)"
    }
}

/// `8 MiB` rather than `8388608 bytes` when the limit is a whole number of MiB.
pub(super) fn size(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}
