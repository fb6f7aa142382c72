//! An architecture file's `sources`: which files it imports, and a problem with one placed at
//! its entry.

use std::collections::BTreeMap;

use crate::input::locate::{JsonPath, LineIndex, locate};
use crate::input::raw::RawSource;
use crate::input::{Diagnostic, InputError, deserialize_located};

/// Which tool wrote a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Terraform,
    CloudFormation,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Terraform => "terraform",
            SourceKind::CloudFormation => "cloudformation",
        }
    }
}

/// One entry of `sources`.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub kind: SourceKind,
    /// The path as written, relative to the architecture file.
    pub path: String,
    pub region: Option<String>,
    pub parameters: BTreeMap<String, String>,
    pub name: Option<String>,
    /// Its place in the list, for errors.
    pub at: usize,
}

/// The sources an architecture file names; `None` when it names none. Reads only the top
/// level: a file without sources is read by [`super::load`] as it is.
pub fn sources(bytes: &[u8], source_name: &str) -> Result<Option<Vec<Source>>, InputError> {
    let fail = |diagnostics| InputError {
        source_name: source_name.to_string(),
        diagnostics,
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        // `load` reports it with its place.
        return Ok(None);
    };
    // Most files name no source: not parsed twice for that (`load`, which parses them, refuses
    // a `sources` key written some other way, with its place).
    if !text.contains("\"sources\"") {
        return Ok(None);
    }
    #[derive(serde::Deserialize)]
    struct Top<'a> {
        #[serde(borrow, default)]
        sources: Option<&'a serde_json::value::RawValue>,
    }
    // Malformed JSON is `load`'s to report, with its place.
    let Ok(top) = serde_json::from_str::<Top>(text) else {
        return Ok(None);
    };
    let Some(raw) = top.sources else {
        return Ok(None);
    };
    let lines = LineIndex::new(text);
    let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
    let root = JsonPath::root().key("sources");
    let raw: Vec<RawSource> =
        deserialize_located(raw.get(), offset, &root, &lines).map_err(|d| fail(vec![d]))?;
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for (at, s) in raw.into_iter().enumerate() {
        let path = root.index(at);
        let mut problem = |path: JsonPath, message: String| {
            problems.push((path, message));
        };
        for key in &s.unknown.keys {
            problem(
                path.key(key),
                format!(
                    "unknown field {key:?}; known fields: {}",
                    RawSource::FIELDS.join(", ")
                ),
            );
        }
        let (kind, file) = match (s.terraform, s.cloudformation) {
            (Some(f), None) => (SourceKind::Terraform, f),
            (None, Some(f)) => (SourceKind::CloudFormation, f),
            _ => {
                problem(
                    path.clone(),
                    "a source names exactly one file: {\"terraform\": \"plan.json\"} or {\"cloudformation\": \"stack.yaml\"}".into(),
                );
                continue;
            }
        };
        if kind == SourceKind::Terraform && s.parameters.is_some() {
            problem(
                path.key("parameters"),
                "parameters are CloudFormation's: a Terraform plan has its variables set".into(),
            );
        }
        if file.trim().is_empty() {
            problem(path.key(kind.as_str()), "the path is empty".into());
        }
        out.push(Source {
            kind,
            path: file,
            region: s.region,
            parameters: s.parameters.unwrap_or_default(),
            name: s.name,
            at,
        });
    }
    if !problems.is_empty() {
        let paths: Vec<JsonPath> = problems.iter().map(|(p, _)| p.clone()).collect();
        let found = locate(text, &paths);
        let diagnostics = problems
            .into_iter()
            .map(|(path, message)| Diagnostic {
                position: found.get(&path).map(|l| lines.position(l.value)),
                path,
                message,
                file: None,
                at_key: false,
            })
            .collect();
        return Err(fail(diagnostics));
    }
    Ok(Some(out))
}

/// A problem with one of the architecture's sources (a file that cannot be read, one that is
/// not what the entry says it is), placed at the entry's path in the architecture file.
pub fn source_error(
    bytes: &[u8],
    source_name: &str,
    source: &Source,
    message: String,
) -> InputError {
    let path = JsonPath::root()
        .key("sources")
        .index(source.at)
        .key(source.kind.as_str());
    let position = std::str::from_utf8(bytes).ok().and_then(|text| {
        let found = locate(text, std::slice::from_ref(&path));
        found
            .get(&path)
            .map(|l| LineIndex::new(text).position(l.value))
    });
    InputError {
        source_name: source_name.to_string(),
        diagnostics: vec![Diagnostic {
            file: None,
            position,
            path,
            message,
            at_key: false,
        }],
    }
}
