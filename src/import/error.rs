//! A source that cannot be imported, with its place.

use std::fmt;

/// A source that cannot be imported. The message never quotes the file's content: a
/// credentials file or an environment dump named as a source must not reach a CI log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", crate::words::Shown(&self.file))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", crate::words::Escaped(&self.message))
    }
}

impl Error {
    pub fn at(file: &str, line: Option<usize>, message: String) -> Error {
        Error {
            file: file.to_string(),
            line,
            column: None,
            message,
        }
    }

    /// A JSON error, in words that do not repeat what the file holds.
    pub fn json(file: &str, e: &serde_json::Error) -> Error {
        Error {
            file: file.to_string(),
            line: (e.line() > 0).then_some(e.line()),
            column: (e.column() > 0).then_some(e.column()),
            message: crate::input::quiet_json_problem(e, "in the shape this format has"),
        }
    }
}
