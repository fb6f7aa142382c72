//! The architecture's `sources`: each file read beside the architecture file, imported
//! together, and composed with the declared components (docs/import.md).

use std::path::{Path, PathBuf};

use super::io;
use crate::import::{self, File};
use crate::input::compose::{self, Composed, Imported, Source, SourceKind};
use crate::input::{self, LoadOptions};
use crate::model::Architecture;

/// Reads an architecture file (`-` is standard input), importing its sources if it has any.
pub fn load(path: &Path, options: &LoadOptions) -> anyhow::Result<Architecture> {
    Ok(load_with_text(path, options)?.0)
}

/// [`load`], with the file's bytes (to place findings in it).
pub fn load_with_text(
    path: &Path,
    options: &LoadOptions,
) -> anyhow::Result<(Architecture, Vec<u8>)> {
    let bytes = io::read(path)?;
    let name = io::source_name(path);
    let arch = match compose::sources(&bytes, &name)? {
        None => input::load(&bytes, &name, options)?,
        Some(sources) => compose_with(path, &bytes, &name, &sources, options)?.arch,
    };
    Ok((arch, bytes))
}

/// The architecture as drplan evaluates it: sources imported, declared components laid over.
pub fn resolve(path: &Path, options: &LoadOptions) -> anyhow::Result<Composed> {
    let bytes = io::read(path)?;
    let name = io::source_name(path);
    let sources = compose::sources(&bytes, &name)?.unwrap_or_default();
    compose_with(path, &bytes, &name, &sources, options)
}

fn compose_with(
    path: &Path,
    bytes: &[u8],
    name: &str,
    sources: &[Source],
    options: &LoadOptions,
) -> anyhow::Result<Composed> {
    let base = base_dir(path);
    let mut files = Vec::with_capacity(sources.len());
    for s in sources {
        let fail = |message: String| compose::source_error(bytes, name, s, message);
        let full = base.join(&s.path);
        let raw = std::fs::read(&full).map_err(|e| fail(format!("cannot read {}: {e}", s.path)))?;
        let text =
            String::from_utf8(raw).map_err(|_| fail(format!("{} is not UTF-8 text", s.path)))?;
        if let Some(found) = import::detect(&text)
            && found != s.kind
        {
            return Err(fail(format!(
                "{} is {}, not {}: write {{\"{}\": {:?}}}",
                s.path,
                describe(found),
                describe(s.kind),
                found.as_str(),
                s.path
            ))
            .into());
        }
        files.push(File {
            source: s.clone(),
            display: s.path.clone(),
            text,
        });
    }
    let imported = if files.is_empty() {
        Imported::default()
    } else {
        import::import(files, &import::Options::default())?.imported
    };
    Ok(compose::compose(bytes, name, options, imported)?)
}

/// What a kind of source is, in words.
pub fn describe(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Terraform => "`terraform show -json` output",
        SourceKind::CloudFormation => "a CloudFormation template",
    }
}

/// Where an architecture's relative paths start: its directory (the current one for
/// standard input).
pub fn base_dir(path: &Path) -> PathBuf {
    if path.as_os_str() == "-" {
        return PathBuf::from(".");
    }
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
