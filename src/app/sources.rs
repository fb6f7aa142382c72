//! The architecture's `sources`: each file read beside the architecture file, imported
//! together, and composed with the declared components (docs/import.md).

use std::path::{Path, PathBuf};

use super::io;
use crate::import::{self, File};
use crate::input::compose::{self, Composed, Imported, Overlaid, Source, SourceKind};
use crate::input::{self, LoadOptions};
use crate::model::Architecture;
use crate::words::Shown;

/// Where sources may be read from: the architecture file's directory tree, or `--root`'s,
/// unless `--allow-outside` (docs/ci.md, "Untrusted input").
#[derive(Debug, Clone, Copy, Default)]
pub struct Confine<'a> {
    pub root: Option<&'a Path>,
    pub allow_outside: bool,
}

/// The largest source drplan reads, as any input (docs/import.md, "Limits").
pub const MAX_SOURCE_BYTES: u64 = io::MAX_INPUT_BYTES;

/// Why a source could not be opened.
pub enum OpenError {
    Read(io::ReadError),
    NotUtf8,
}

/// A source's content as the import takes it, and its format when the content tells:
/// `terraform show -json` output as Terraform writes it is streamed, opened again when the
/// import comes to it (it can be hundreds of megabytes, and is never held whole; an
/// architecture may name many sources, and none is held open before its turn); anything else
/// is read whole and told by its text.
pub fn open(path: &Path) -> Result<(import::Body, Option<SourceKind>), OpenError> {
    use std::io::Read;
    let fail = |cause| {
        OpenError::Read(io::ReadError {
            path: io::source_name(path),
            cause,
        })
    };
    let (mut input, size) = io::open_at_most(path, MAX_SOURCE_BYTES).map_err(OpenError::Read)?;
    // Enough to see the first key, however the input comes in pieces.
    let mut prefix = Vec::new();
    (&mut input)
        .take(4096)
        .read_to_end(&mut prefix)
        .map_err(fail)?;
    if import::streams(&prefix) {
        let open: import::Opener = if path.as_os_str() == "-" {
            // Standard input is read once: what was seen goes first.
            Box::new(move || Ok(Box::new(std::io::Cursor::new(prefix).chain(input))))
        } else {
            drop(input);
            let path = path.to_path_buf();
            Box::new(move || {
                Ok(io::open_at_most(&path, MAX_SOURCE_BYTES)
                    .map_err(|e| e.cause)?
                    .0)
            })
        };
        return Ok((import::Body::Stream(open), Some(SourceKind::Terraform)));
    }
    prefix.reserve(
        usize::try_from(size)
            .unwrap_or(0)
            .saturating_sub(prefix.len()),
    );
    input.read_to_end(&mut prefix).map_err(fail)?;
    let text = String::from_utf8(prefix).map_err(|_| OpenError::NotUtf8)?;
    let kind = import::detect(&text);
    Ok((import::Body::Text(text), kind))
}

/// Reads an architecture file (`-` is standard input), importing its sources if it has any;
/// `now` is the instant their backup schedules are read from (None: the current time).
pub fn load(
    path: &Path,
    options: &LoadOptions,
    confine: Confine,
    now: Option<jiff::Timestamp>,
) -> anyhow::Result<Architecture> {
    Ok(load_with_text(path, options, confine, now)?.0)
}

/// [`load`], with the file's bytes (to place findings in it).
pub fn load_with_text(
    path: &Path,
    options: &LoadOptions,
    confine: Confine,
    now: Option<jiff::Timestamp>,
) -> anyhow::Result<(Architecture, Vec<u8>)> {
    let bytes = io::read(path)?;
    let name = io::source_name(path);
    let arch = match compose::sources(&bytes, &name)? {
        None => input::load(&bytes, &name, options)?,
        // Only checked: the file it amounts to is not written.
        Some(sources) => {
            compose_with(path, &bytes, &name, &sources, options, confine, now)?.check(options)?
        }
    };
    Ok((arch, bytes))
}

/// The architecture as drplan evaluates it: sources imported, declared components laid over.
pub fn resolve(path: &Path, options: &LoadOptions, confine: Confine) -> anyhow::Result<Composed> {
    let bytes = io::read(path)?;
    let name = io::source_name(path);
    let sources = compose::sources(&bytes, &name)?.unwrap_or_default();
    Ok(compose_with(path, &bytes, &name, &sources, options, confine, None)?.compose(options)?)
}

/// The file a source names, once it is known to stay inside the root.
fn confined(base: &Path, s: &Source, confine: Confine) -> Result<PathBuf, String> {
    let written = Path::new(&s.path);
    if written.is_absolute() && !confine.allow_outside {
        return Err(format!(
            "{} is an absolute path: sources are read relative to the architecture file (pass --allow-outside to read it anyway)",
            Shown(&s.path)
        ));
    }
    let full = base.join(written);
    let root = confine
        .root
        .map_or_else(|| base.to_path_buf(), Path::to_path_buf);
    if confine.allow_outside {
        return Ok(full);
    }
    let (Ok(real), Ok(real_root)) = (std::fs::canonicalize(&full), std::fs::canonicalize(&root))
    else {
        // Missing: reading it says so.
        return Ok(full);
    };
    if real.starts_with(&real_root) {
        Ok(real)
    } else {
        let how = if climbs(written) {
            "climbs out of"
        } else {
            "resolves (through a symbolic link) outside"
        };
        Err(format!(
            "{} {how} {}, the directory sources must stay in (--root to choose it, --allow-outside to read it anyway)",
            Shown(&s.path),
            Shown(&root.display().to_string())
        ))
    }
}

/// Whether a relative path goes above where it starts, written as it is.
fn climbs(path: &Path) -> bool {
    let mut depth = 0i32;
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => depth -= 1,
            std::path::Component::Normal(_) => depth += 1,
            _ => {}
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

fn compose_with(
    path: &Path,
    bytes: &[u8],
    name: &str,
    sources: &[Source],
    options: &LoadOptions,
    confine: Confine,
    now: Option<jiff::Timestamp>,
) -> anyhow::Result<Overlaid> {
    let base = base_dir(path);
    let mut files = Vec::with_capacity(sources.len());
    for s in sources {
        let fail = |message: String| compose::source_error(bytes, name, s, message);
        let full = confined(&base, s, confine).map_err(fail)?;
        let (body, found) = open(&full).map_err(|e| match e {
            OpenError::Read(e) => fail(format!("cannot read {}: {}", Shown(&s.path), e.cause)),
            OpenError::NotUtf8 => fail(format!("{} is not UTF-8 text", Shown(&s.path))),
        })?;
        if let Some(found) = found
            && found != s.kind
        {
            return Err(fail(format!(
                "{} is {}, not {}: write {{\"{}\": \"{}\"}}",
                Shown(&s.path),
                describe(found),
                describe(s.kind),
                found.as_str(),
                Shown(&s.path)
            ))
            .into());
        }
        files.push(File {
            source: s.clone(),
            display: s.path.clone(),
            body,
        });
    }
    let imported = if files.is_empty() {
        Imported::default()
    } else {
        let options = import::Options {
            now,
            ..import::Options::default()
        };
        import::import(files, &options)?.components.into_imported()
    };
    Ok(compose::overlay_imported(bytes, name, options, imported)?)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `terraform show -json` output is streamed, opened again when it is read (whole, from
    /// its first byte); anything else is read whole and told by its text.
    #[test]
    fn terraform_output_is_streamed_and_opened_when_read() {
        use std::io::Read;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/tmp/sources-open")
            .join(std::process::id().to_string());
        std::fs::create_dir_all(&dir).expect("a directory");
        let state = dir.join("state.json");
        let text = r#"{"format_version":"1.0","values":{}}"#;
        std::fs::write(&state, text).expect("written");
        let template = dir.join("template.yaml");
        std::fs::write(&template, "Resources: {}\n").expect("written");
        let Ok((import::Body::Stream(open_it), kind)) = open(&state) else {
            panic!("the state is streamed");
        };
        assert_eq!(kind, Some(SourceKind::Terraform));
        let mut read = String::new();
        (open_it().expect("opens"))
            .read_to_string(&mut read)
            .expect("reads");
        assert_eq!(read, text);
        // Opened when read: a state gone by then is not read from a descriptor kept open.
        let Ok((import::Body::Stream(open_it), _)) = open(&state) else {
            panic!("the state is streamed");
        };
        std::fs::remove_file(&state).expect("removed");
        assert!(open_it().is_err());
        let Ok((import::Body::Text(_), kind)) = open(&template) else {
            panic!("the template is read whole");
        };
        assert_eq!(kind, Some(SourceKind::CloudFormation));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// `compose` validates the values it writes rather than reading its own text back: the
    /// architecture it returns must be the one that text reads as, whether the components
    /// came from one imported file (`drplan import`) or from an architecture's sources
    /// with declared components laid over them.
    #[test]
    fn the_composed_architecture_is_the_one_its_text_reads_as() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import");
        let options = LoadOptions::default();
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("fixtures/import is listed") {
            let path = entry.expect("a directory entry").path();
            let name = path.display().to_string();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let composed = if compose::sources(text.as_bytes(), &name)
                .ok()
                .flatten()
                .is_some()
            {
                let confine = Confine {
                    root: None,
                    allow_outside: false,
                };
                resolve(&path, &options, confine).expect("the fixture's sources compose")
            } else {
                let Some(kind) = import::detect(&text) else {
                    continue;
                };
                let source = Source {
                    kind,
                    path: name.clone(),
                    region: None,
                    parameters: Default::default(),
                    name: None,
                    at: 0,
                };
                let files = vec![File {
                    source,
                    display: name.clone(),
                    body: import::Body::Text(text),
                }];
                let now = "2026-11-26T00:00:00Z".parse().expect("an instant");
                let import_options = import::Options {
                    region: Some("us-east-1".into()),
                    now: Some(now),
                };
                let Ok(imported) = import::import(files, &import_options) else {
                    continue;
                };
                if imported.components.is_empty() {
                    continue;
                }
                compose::compose(
                    br#"{"name": "t"}"#,
                    "t",
                    &options,
                    imported.components.into_imported(),
                )
                .expect("an import composes")
            };
            let read = input::load(composed.text.as_bytes(), &name, &options)
                .expect("the composed text loads");
            assert_eq!(composed.arch, read, "{name}");
            seen += 1;
        }
        assert!(seen >= 10, "only {seen} fixtures were compared");
    }
}
