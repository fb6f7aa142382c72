//! `drplan diff BEFORE AFTER`: each side an architecture file (assessed on the spot) or a
//! saved result, told apart by content.

use std::path::Path;

use super::pipeline::{self, Files};
use super::{Exit, io, sources};
use crate::cli::{DiffArgs, DiffFormat};
use crate::diff::{self, Snapshot};
use crate::report::{self, Report};

pub fn run(args: &DiffArgs, confine: sources::Confine) -> anyhow::Result<Exit> {
    let format = match (
        args.format,
        args.output.as_deref().and_then(Path::extension),
    ) {
        (Some(f), _) => f,
        (None, Some(e)) if e == "md" || e == "markdown" => DiffFormat::Markdown,
        (None, Some(e)) if e == "json" => DiffFormat::Json,
        _ => DiffFormat::Text,
    };
    let before = snapshot(&args.before, args.now.as_deref(), confine)?;
    let after = snapshot(&args.after, args.now.as_deref(), confine)?;
    // `--fail-on breach`: only disruptions that got worse count.
    let d = diff::diff(&before, &after, args.fail_on.severity());
    let text = match format {
        DiffFormat::Text => crate::report::diff_text::render_text(&d),
        DiffFormat::Markdown => report::markdown::diff(&d)?,
        DiffFormat::Json => io::json_text(&d)?,
    };
    io::write_to(args.output.as_deref(), |w| w.write_all(text.as_bytes()))?;
    Ok(if d.regressed {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

/// One side: a saved result as it is, an architecture assessed into one.
fn snapshot(path: &Path, now: Option<&str>, confine: sources::Confine) -> anyhow::Result<Snapshot> {
    let name = io::source_name(path);
    let bytes = io::read(path)?;
    if diff::is_result(&bytes) {
        return Ok(Snapshot::read(&bytes, &name)?);
    }
    let files = Files {
        now,
        confine,
        ..Files::default()
    };
    let analysis = pipeline::load(path, &files)?.analyze();
    let mut json = Vec::new();
    report::json::write(&Report::build(&analysis), &mut json)?;
    Ok(Snapshot::read(&json, &name)?)
}
