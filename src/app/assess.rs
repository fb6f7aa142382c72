//! `drplan assess`: the analysis written as HTML, JSON, Markdown or text.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::Path;

use super::pipeline::{self, Files};
use super::{Exit, UsageError, io, places, sources};
use crate::analysis::Analysis;
use crate::assess::Status;
use crate::cli::{AssessArgs, FailOn, Format};
use crate::report::{self, Report};
use crate::timings::Timings;

pub fn run(args: &AssessArgs, confine: sources::Confine) -> anyhow::Result<Exit> {
    let format = format_for(args.format, args.output.as_deref())?;
    let files = Files {
        policy: args.policy.as_deref(),
        assumptions: args.assumptions.as_deref(),
        evidence: args.evidence.as_deref(),
        pricing: args.pricing.as_deref(),
        now: args.now.as_deref(),
        keep_source: format == Format::Sarif,
        confine,
    };
    let known = match &args.baseline {
        None => None,
        Some(p) => Some(
            crate::diff::baseline(&io::read(p)?, &io::source_name(p))
                .map_err(|e| UsageError(e.to_string()))?
                .into_iter()
                .collect::<HashSet<String>>(),
        ),
    };
    let (analysis, source) = pipeline::load(&args.arch, &files)?.analyze_with_source();
    let clock = Timings::start();
    let mut report = Report::build(&analysis);
    if let Some(known) = &known {
        report = report.with_baseline(known);
    }
    let colour = args.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    // Rendered before anything is written: a template that fails writes nothing.
    let text = match format {
        Format::Json => None,
        Format::Text => Some(report::text::render(&report, colour)),
        Format::Markdown => Some(report::markdown::render(&report)?),
        Format::Html => Some(report::html::render(&report)?),
        Format::Sarif => {
            let places = places::of(
                &args.arch,
                source.as_deref().unwrap_or_default(),
                &analysis.arch,
            );
            let mut out = Vec::new();
            report::sarif::write(&report, &places, &mut out)?;
            Some(String::from_utf8(out)?)
        }
    };
    io::write_to(args.output.as_deref(), |out| match &text {
        Some(text) => out.write_all(text.as_bytes()),
        None => report::json::write(&report, out),
    })?;
    clock.lap("write");
    drop(report);
    let exit = exit_for(&analysis, args.fail_on, known.as_ref());
    // The process ends next: freeing a hundred thousand components one by one would only
    // delay it.
    std::mem::forget(analysis);
    Ok(exit)
}

/// The format: `--format`, else from the `-o` extension, else text.
fn format_for(format: Option<Format>, output: Option<&Path>) -> Result<Format, UsageError> {
    if let Some(f) = format {
        return Ok(f);
    }
    let Some(path) = output else {
        return Ok(Format::Text);
    };
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => Ok(Format::Html),
        Some("json") => Ok(Format::Json),
        Some("md" | "markdown") => Ok(Format::Markdown),
        Some("sarif") => Ok(Format::Sarif),
        Some("txt") | None => Ok(Format::Text),
        Some(other) => Err(UsageError(format!(
            "-o {}: cannot tell the format from .{}; add --format",
            crate::words::Shown(&path.display().to_string()),
            crate::words::Shown(other)
        ))),
    }
}

/// 1 when a target is breached, or (with `--fail-on SEVERITY`) a finding is at or above the
/// threshold (one the baseline has is known, and does not count); else 0.
pub fn exit_for(analysis: &Analysis, fail_on: FailOn, known: Option<&HashSet<String>>) -> Exit {
    let breached = analysis.assessment.overall() == Status::Breached;
    let ctx = analysis.ctx();
    let severe = fail_on.severity().is_some_and(|t| {
        (analysis.findings.iter())
            .any(|f| f.severity.at_least(t) && known.is_none_or(|k| !k.contains(&f.key(&ctx))))
    });
    if breached || severe {
        Exit::Findings
    } else {
        Exit::Ok
    }
}
