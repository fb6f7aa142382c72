//! `drplan verify`: checks the backups the architecture declares, prints a table, and writes
//! `-o verify.json` for `drplan assess --evidence`.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::pipeline::parse_now;
use super::sources;
use super::{Exit, UsageError, io};
use crate::cli::{EvidenceSource, VerifyArgs};
use crate::input::LoadOptions;
use crate::verify::sources::SourceName;
use crate::verify::{self, Outcome, VerifyOptions, store::StoreOptions};

pub fn run(args: &VerifyArgs, confine: sources::Confine) -> anyhow::Result<Exit> {
    if args.concurrency == 0 {
        return Err(UsageError("--concurrency must be at least 1".into()).into());
    }
    for (flag, url) in [
        ("--endpoint-url", &args.endpoint_url),
        ("--s3-endpoint-url", &args.s3_endpoint_url),
    ] {
        if let Some(url) = url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(UsageError(format!(
                "{flag} {url:?}: write the full URL, e.g. http://127.0.0.1:9000"
            ))
            .into());
        }
    }
    // Whole seconds: ages and `checked_at` are in seconds.
    let now = jiff::Timestamp::from_second(parse_now(args.now.as_deref())?.as_second())
        .map_err(|e| UsageError(format!("--now: {e}")))?;
    let arch = sources::load(&args.arch, &LoadOptions::default(), confine, Some(now))?;
    let declared = arch.components.iter().filter_map(|c| c.backup.as_ref());
    if declared
        .flat_map(|b| [&b.location, &b.copy_location])
        .all(Option::is_none)
        && arch.components.iter().all(|c| c.resources.is_empty())
        && (arch.components.iter()).all(|c| c.observability.experiments.is_empty())
        && !args.sources.contains(&EvidenceSource::Fis)
    {
        eprintln!(
            "{}: no component declares backup.location, backup.copy_location, resources or observability.experiments: nothing to verify",
            crate::words::Shown(&io::source_name(&args.arch))
        );
    }
    let sources = if args.sources.is_empty() {
        SourceName::ALL.to_vec()
    } else {
        let mut chosen: Vec<SourceName> = args
            .sources
            .iter()
            .map(|s| match s {
                EvidenceSource::AwsBackup => SourceName::AwsBackup,
                EvidenceSource::Rds => SourceName::Rds,
                EvidenceSource::Dynamodb => SourceName::Dynamodb,
                EvidenceSource::Ebs => SourceName::Ebs,
                EvidenceSource::Fis => SourceName::Fis,
            })
            .collect();
        chosen.sort();
        chosen.dedup();
        chosen
    };
    let options = VerifyOptions {
        store: StoreOptions {
            endpoint_url: args.s3_endpoint_url.clone().or(args.endpoint_url.clone()),
            profile: args.profile.clone(),
            region: args.region.clone(),
            concurrency: args.concurrency,
        },
        endpoint_url: args.endpoint_url.clone(),
        fis_asked: args.sources.contains(&EvidenceSource::Fis),
        sources,
        deep: args.deep,
        now,
    };
    let report = verify::verify(&arch, options, progress_bar())?;
    if let Some(path) = &args.output {
        let mut json = serde_json::to_vec_pretty(&report)?;
        json.push(b'\n');
        io::write_bytes(path, &json)?;
    }
    io::print(&verify::table::render(&report))?;
    Ok(match report.outcome() {
        Outcome::Unverified => Exit::Unverified,
        Outcome::Findings => Exit::Findings,
        Outcome::Intact => Exit::Ok,
    })
}

/// A bar on standard error, drawn only on a terminal (a pipe or a CI log gets nothing); the
/// verification sets its length.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} locations  {wide_msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
