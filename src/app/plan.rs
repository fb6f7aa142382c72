//! `drplan plan`: the recovery runbook per disruption, as text, Markdown or JSON. It needs the
//! assessment only: no rules, no planner.

use super::pipeline::{self, Files};
use super::{Exit, UsageError, io};
use crate::assess;
use crate::cli::{Format, PlanArgs};
use crate::model::Disruption;
use crate::plan::runbook;
use crate::report;

pub fn run(args: &PlanArgs, confine: super::sources::Confine) -> anyhow::Result<Exit> {
    let only = match args.disruption.as_deref() {
        None => None,
        Some(text) => Some(
            Disruption::ALL
                .into_iter()
                .find(|d| d.as_str().eq_ignore_ascii_case(text.trim()))
                .ok_or_else(|| {
                    UsageError(format!(
                        "--disruption {text:?}: use software, hardware, az or region"
                    ))
                })?,
        ),
    };
    if args.format == Format::Html {
        return Err(UsageError(
            "`drplan plan` writes text, markdown or json; the HTML report \
             (`drplan assess ARCH -o report.html`) shows the runbook as a timeline"
                .into(),
        )
        .into());
    }
    let files = Files {
        policy: args.policy.as_deref(),
        assumptions: args.assumptions.as_deref(),
        now: args.now.as_deref(),
        confine,
        ..Files::default()
    };
    let loaded = pipeline::load(&args.arch, &files)?;
    let (arch, options) = (&loaded.arch, &loaded.options);
    let assessment = assess::assess(arch, options);
    let book = runbook::build(runbook::Inputs::new(arch, &assessment, options), only);
    let text = match args.format {
        Format::Markdown => report::markdown::runbook(&book)?,
        Format::Json => io::json_text(&book)?,
        _ => report::runbook::render_text(&book),
    };
    io::print(&text)?;
    Ok(Exit::Ok)
}
