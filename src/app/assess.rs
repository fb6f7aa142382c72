//! `drplan assess`: the analysis written as HTML, JSON, Markdown or text.

use std::io::IsTerminal;
use std::path::Path;

use super::pipeline::{self, Files};
use super::{Exit, UsageError, io};
use crate::analysis::Analysis;
use crate::assess::Status;
use crate::cli::{AssessArgs, FailOn, Format};
use crate::report::{self, Report};
use crate::rules::Severity;
use crate::timings::Timings;

pub fn run(args: &AssessArgs) -> anyhow::Result<Exit> {
    let format = format_for(args.format, args.output.as_deref())?;
    let files = Files {
        policy: args.policy.as_deref(),
        assumptions: args.assumptions.as_deref(),
        evidence: args.evidence.as_deref(),
        pricing: args.pricing.as_deref(),
        now: args.now.as_deref(),
    };
    let analysis = pipeline::load(&args.arch, &files)?.analyze();
    let clock = Timings::start();
    let report = Report::build(&analysis);
    let colour = args.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    // Rendered before anything is written: a template that fails writes nothing.
    let text = match format {
        Format::Json => None,
        Format::Text => Some(report::text::render(&report, colour)),
        Format::Markdown => Some(report::markdown::render(&report)?),
        Format::Html => Some(report::html::render(&report)?),
    };
    io::write_to(args.output.as_deref(), |out| match &text {
        Some(text) => out.write_all(text.as_bytes()),
        None => report::json::write(&report, out),
    })?;
    clock.lap("write");
    drop(report);
    let exit = exit_for(&analysis, args.fail_on);
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
        Some("txt") | None => Ok(Format::Text),
        Some(other) => Err(UsageError(format!(
            "-o {}: cannot tell the format from .{other}; add --format",
            path.display()
        ))),
    }
}

/// 1 when a target is breached, or (with `--fail-on SEVERITY`) a finding is at or above the
/// threshold; else 0.
pub fn exit_for(analysis: &Analysis, fail_on: FailOn) -> Exit {
    let breached = analysis.assessment.overall() == Status::Breached;
    let threshold = match fail_on {
        FailOn::Breach => None,
        FailOn::Critical => Some(Severity::Critical),
        FailOn::High => Some(Severity::High),
        FailOn::Medium => Some(Severity::Medium),
        FailOn::Low => Some(Severity::Low),
    };
    let severe =
        threshold.is_some_and(|t| (analysis.findings.iter()).any(|f| f.severity.at_least(t)));
    if breached || severe {
        Exit::Findings
    } else {
        Exit::Ok
    }
}
