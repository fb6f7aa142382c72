//! Backup verification against S3 (SPEC §7): list the recovery points each component declares,
//! check freshness, history, size, integrity and protection, and write `verify.json`, which
//! `drplan assess --evidence` reads back.
//!
//! The parts, in the order a run uses them: `run` (which locations, one task each) →
//! `store` (the only module that talks to S3: read calls, retries, circuit) → `points`
//! (listing → recovery points, with `keytime`) → `checks` (freshness, history, size,
//! presence, status) → `integrity` (`--deep`: hashing and comparing) → `report` (the JSON)
//! and `table` (the terminal). `evidence` reads the JSON back for `assess`.

pub mod checks;
pub mod evidence;
pub mod integrity;
pub mod keytime;
pub mod location;
pub mod points;
pub mod report;
pub mod retry;
pub mod run;
pub mod store;
pub mod table;

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::VerifyArgs;
use crate::commands::{
    EXIT_FINDINGS, EXIT_OK, EXIT_UNVERIFIED, Error, parse_now, read_input, write_atomically,
};
use crate::input::{self, LoadOptions};
use report::{LocationResult, LocationStatus, SCHEMA_VERSION, VerifyReport};

/// `drplan verify`.
pub fn command(args: &VerifyArgs) -> Result<i32, Error> {
    if args.concurrency == 0 {
        return Err(Error::Usage("--concurrency must be at least 1".into()));
    }
    if let Some(url) = &args.endpoint_url
        && !(url.starts_with("http://") || url.starts_with("https://"))
    {
        return Err(Error::Usage(format!(
            "--endpoint-url {url:?}: write the full URL, e.g. http://127.0.0.1:9000"
        )));
    }
    // Whole seconds: ages and `checked_at` are in seconds.
    let now = jiff::Timestamp::from_second(parse_now(args.now.as_deref())?.as_second())
        .map_err(|e| Error::Usage(format!("--now: {e}")))?;
    let bytes = read_input(&args.arch)?;
    let name = args.arch.display().to_string();
    let source = if name == "-" { "<stdin>".into() } else { name };
    let arch = input::load(&bytes, &source, &LoadOptions::default())?;
    let targets = run::targets(&arch).map_err(Error::Usage)?;
    if targets.is_empty() {
        eprintln!(
            "{source}: no component declares backup.location or backup.copy_location: nothing to verify"
        );
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the async runtime: {e}")))?;
    let progress = progress_bar(targets.len() as u64);
    let options = store::StoreOptions {
        endpoint_url: args.endpoint_url.clone(),
        profile: args.profile.clone(),
        region: args.region.clone(),
        concurrency: args.concurrency,
    };
    let run_options = run::RunOptions {
        deep: args.deep,
        now,
    };
    let components = runtime.block_on(async {
        let store = Arc::new(store::Store::connect(options).await);
        run::run(store, targets, run_options, progress.clone()).await
    });
    progress.finish_and_clear();
    // Connections still open to a dead store must not hold the process.
    runtime.shutdown_timeout(Duration::from_secs(1));

    let report = VerifyReport {
        schema_version: SCHEMA_VERSION,
        checked_at: now.to_string(),
        components,
    };
    if let Some(path) = &args.output {
        let mut json = serde_json::to_vec_pretty(&report)
            .map_err(|e| Error::Usage(format!("cannot serialize the result: {e}")))?;
        json.push(b'\n');
        write_atomically(path, &json)?;
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(table::render(&report).as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(Error::Write {
                path: "<stdout>".into(),
                source: e,
            });
        }
        _ => {}
    }
    Ok(exit_code(&report.components))
}

/// SPEC §7: 3 when anything could not be verified, else 1 when any location is not fresh
/// or has a finding (gap, anomaly, failed checksum), else 0.
pub fn exit_code(results: &[LocationResult]) -> i32 {
    if results
        .iter()
        .any(|r| r.status == LocationStatus::Unverified)
    {
        EXIT_UNVERIFIED
    } else if results.iter().any(|r| {
        r.status != LocationStatus::Fresh
            || !r.gaps.is_empty()
            || !r.anomalies.is_empty()
            || r.checksums.failed > 0
    }) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// A bar on standard error, drawn only on a terminal (a pipe or a CI log gets nothing).
fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} locations  {wide_msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
