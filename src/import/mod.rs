//! Importing infrastructure as code (docs/import.md): Terraform's `terraform show -json`
//! output and CloudFormation templates become components in the architecture format, each
//! with the resources it came from (`imported_from`) and why each inferred fact is what it is
//! (`x-why`). The readers (`terraform`, `cloudformation`) translate their files into one
//! vocabulary of resources (`resource`); `links` finds the references a state only shows by
//! value; `aws` reads what the resources mean for recovery and makes the components.
//!
//! An importer is a translator, not a second model: what it makes is checked by `input`, as a
//! file written by hand would be.

mod aws;
pub mod cloudformation;
mod links;
mod resource;
mod summary;
pub mod terraform;

use std::fmt;

use crate::input::compose::{Imported, Source, SourceKind};

pub use summary::Summary;

/// A source's text, with what the architecture says of it.
pub struct File {
    pub source: Source,
    /// The path as the architecture (or the command line) wrote it.
    pub display: String,
    pub text: String,
}

/// What applies to every source.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The region to assume where a source does not say (`--region`).
    pub region: Option<String>,
    /// The instant schedules are read from (`--now`): a cron's worst interval is over the
    /// twelve months after it. None: the current time.
    pub now: Option<jiff::Timestamp>,
}

/// The components of the sources, and what the import saw.
pub struct Import {
    pub imported: Imported,
    pub summary: Summary,
}

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

/// Which format a file is in, told by its content: `terraform show -json` output or a
/// CloudFormation template.
pub fn detect(text: &str) -> Option<SourceKind> {
    if terraform::looks_like(text) {
        Some(SourceKind::Terraform)
    } else if cloudformation::looks_like_template(text) {
        Some(SourceKind::CloudFormation)
    } else {
        None
    }
}

/// The format of a file named on the command line, or why it is neither: its JSON or YAML
/// syntax error, with the place.
pub fn detect_or_explain(text: &str, file: &str) -> Result<SourceKind, Error> {
    if let Some(kind) = detect(text) {
        return Ok(kind);
    }
    let neither = |what: &str| {
        Error::at(
            file,
            None,
            format!(
                "{what}, but neither `terraform show -json` output (which has a format_version) nor a CloudFormation template (which has Resources)"
            ),
        )
    };
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with(['{', '[']) {
        match serde_json::from_str::<serde::de::IgnoredAny>(trimmed) {
            Ok(_) if terraform::is_raw_state(trimmed) => {
                return Err(Error::at(file, None, terraform::RAW_STATE.into()));
            }
            Ok(_) => return Err(neither("valid JSON")),
            // An INI file starts with `[section]`: not JSON, and not worth a JSON error.
            Err(e) if trimmed.starts_with('{') => return Err(Error::json(file, &e)),
            Err(_) => {}
        }
    }
    match cloudformation::read(text, file, &cloudformation::Options::default()) {
        Err(e) if e.kind == cloudformation::ErrorKind::NotYaml => Err(Error {
            file: file.to_string(),
            line: e.line,
            column: e.column,
            message: format!(
                "neither JSON nor YAML, so neither `terraform show -json` output nor a CloudFormation template ({})",
                e.message
            ),
        }),
        _ => Err(neither("YAML")),
    }
}

/// Imports every source together: a resource of one can be the replica, the standby or the
/// dependency of a resource of another. Each file's text is dropped once it is read.
pub fn import(files: Vec<File>, options: &Options) -> Result<Import, Error> {
    let clock = crate::timings::Timings::start();
    let mut resources = Vec::new();
    let mut notes = aws::Notes::default();
    let mut imports = Vec::new();
    let mut exports = std::collections::BTreeMap::new();
    for f in files {
        let f = &f;
        let region = f.source.region.as_deref().or(options.region.as_deref());
        let mut read: Vec<resource::Resource> = match f.source.kind {
            SourceKind::Terraform => {
                let read = terraform::read(&f.text, &f.display, region)?;
                notes.outside.extend(read.outside);
                read.resources
            }
            SourceKind::CloudFormation => {
                let cfn_options = cloudformation::Options {
                    region: region.map(str::to_string),
                    parameters: f.source.parameters.clone(),
                    stack_name: f.source.name.clone(),
                    limits: cloudformation::Limits::default(),
                };
                let template =
                    cloudformation::read(&f.text, &f.display, &cfn_options).map_err(|e| Error {
                        file: f.display.clone(),
                        line: e.line,
                        column: e.column,
                        message: e.message.clone(),
                    })?;
                notes.parameters_without_value.extend(
                    (template.parameters_without_value.iter())
                        .map(|p| format!("{}: {p}", f.display)),
                );
                notes.outside.extend(
                    (template.imports.iter())
                        .map(|i| format!("{}: Fn::ImportValue {i}", f.display)),
                );
                if let Some(stack) = &f.source.name {
                    notes.stacks.insert(f.display.clone(), stack.clone());
                }
                let translated = aws::cfn::resources(&template, &f.display);
                let base = resources.len();
                notes.conditional.extend(
                    translated
                        .conditional
                        .into_iter()
                        .map(|(i, c)| (base + i, c)),
                );
                imports.extend(
                    translated
                        .imports
                        .into_iter()
                        .map(|(i, a, n)| (base + i, a, n)),
                );
                // Exports are regional: a name is the region's.
                for (name, i) in translated.exports {
                    exports.insert((name, region.map(str::to_string)), base + i);
                }
                translated.resources
            }
        };
        // Each file's links are its own until the mapping pairs resources across files.
        let base = resources.len();
        for r in &mut read {
            for l in &mut r.links {
                l.to += base;
            }
            for d in &mut r.depends_on {
                *d += base;
            }
        }
        resources.extend(read);
    }
    aws::cfn::link_imports(&mut resources, imports, &exports);
    clock.lap("import: read the sources");
    links::by_value(&mut resources);
    clock.lap("import: references by value");
    let clamped = aws::numbers::check(&mut resources)?;
    let now = options.now.unwrap_or_else(jiff::Timestamp::now);
    let mut mapped = aws::map(&resources, notes, now);
    mapped.summary.clamped = clamped;
    clock.lap("import: components");
    Ok(Import {
        imported: mapped.imported,
        summary: mapped.summary,
    })
}
