//! Backup verification against S3 (docs/verify.md): list the recovery points each component
//! declares, check freshness, history, size, integrity and protection, and return the
//! `VerifyReport` that `verify.json` holds and `drplan assess --evidence` reads back.
//!
//! The parts, in the order a run uses them: `run` (which locations, one task each) →
//! `store` (the only module that talks to S3: read calls, retries, circuit) → `points`
//! (listing → recovery points, with `keytime`) → `checks` (freshness, history, size,
//! presence, status) → `integrity` (`--deep`: hashing and comparing) → `report` (the JSON)
//! and `table` (the terminal). `evidence` reads the JSON back for `assess`.
//!
//! Beside the S3 locations, `sources` reads recovery evidence from AWS (AWS Backup, RDS,
//! DynamoDB, EBS) for the resources each component lists, and the experiments AWS FIS ran from
//! templates tagged for a component, with the same retry and circuit.

pub mod checks;
pub mod evidence;
pub mod integrity;
pub mod keytime;
pub mod points;
pub mod report;
pub mod retry;
pub mod run;
pub mod sources;
pub mod store;
pub mod table;

use std::sync::Arc;
use std::time::Duration;

use indicatif::ProgressBar;

use crate::model::Architecture;
pub use report::{LocationResult, LocationStatus, SCHEMA_VERSION, VerifyReport};

/// How to reach the store and what to check.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// The S3 store (`--s3-endpoint-url`, else `--endpoint-url`).
    pub store: store::StoreOptions,
    /// The endpoint of every other AWS service (`--endpoint-url`).
    pub endpoint_url: Option<String>,
    /// Which evidence sources to read (all by default).
    pub sources: Vec<sources::SourceName>,
    /// `--source fis` was given: FIS is read even when no component lists resources or
    /// declares `observability.experiments`.
    pub fis_asked: bool,
    pub deep: bool,
    /// The clock, in whole seconds (ages and `checked_at` are in seconds).
    pub now: jiff::Timestamp,
}

/// What stops a verification before it checks anything (exit code 3).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
}

/// Every location the architecture declares, checked read-only; `progress` counts locations.
pub fn verify(
    arch: &Architecture,
    options: VerifyOptions,
    progress: ProgressBar,
) -> Result<VerifyReport, Error> {
    let targets = run::targets(arch);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    let run_options = run::RunOptions {
        deep: options.deep,
        now: options.now,
    };
    // FIS is read where verify talks to AWS anyway (a component lists resources) or where a
    // component says its experiment templates exist.
    let resources = arch.components.iter().any(|c| !c.resources.is_empty());
    let declared = (arch.components.iter()).any(|c| !c.observability.experiments.is_empty());
    let wants_fis = options.sources.contains(&sources::SourceName::Fis)
        && (resources || declared || options.fis_asked);
    let wants_evidence = (resources && !options.sources.is_empty()) || wants_fis;
    let (components, evidence, notes) = runtime.block_on(async {
        let aws = match wants_evidence {
            true => Some(Arc::new(
                sources::aws::Aws::connect(&options.store, options.endpoint_url.as_deref()).await,
            )),
            false => None,
        };
        let default_region = aws.as_ref().map(|a| a.default_region()).unwrap_or_default();
        let (mut evidence_targets, mut notes) = sources::run::targets(arch, &default_region);
        if options
            .sources
            .iter()
            .all(|s| *s == sources::SourceName::Fis)
        {
            // FIS alone: no resource is asked about, and their absence is nothing to say.
            evidence_targets.clear();
            notes.clear();
        }
        progress.set_length((targets.len() + evidence_targets.len()) as u64);
        let components = match targets.is_empty() {
            true => Vec::new(),
            false => {
                let store = Arc::new(store::Store::connect(options.store.clone()).await);
                run::run(store, targets, run_options, progress.clone()).await
            }
        };
        let evidence = match aws {
            Some(aws) => {
                let chosen: Vec<Box<dyn sources::Source>> = sources::all(aws.clone())
                    .into_iter()
                    .filter(|s| options.sources.contains(&s.name()))
                    .collect();
                let chosen = Arc::new(chosen);
                let mut evidence = sources::run::run(
                    aws.clone(),
                    chosen,
                    evidence_targets,
                    options.now,
                    progress.clone(),
                )
                .await;
                if wants_fis {
                    let regions = sources::run::experiment_regions(arch, &default_region);
                    let fis = sources::fis::Fis::new(aws);
                    let (tests, fis_notes) = sources::run::experiments(
                        |region| {
                            let fis = &fis;
                            async move { fis.collect(&region).await }
                        },
                        arch,
                        &regions,
                        &default_region,
                        options.now,
                    )
                    .await;
                    evidence.extend(tests);
                    notes.extend(fis_notes);
                    // Each component's FIS entries after its recovery evidence.
                    evidence.sort_by(|a, b| a.id.cmp(&b.id));
                }
                evidence
            }
            None => Vec::new(),
        };
        (components, evidence, notes)
    });
    progress.finish_and_clear();
    // Connections still open to a dead store must not hold the process.
    runtime.shutdown_timeout(Duration::from_secs(1));
    Ok(VerifyReport {
        schema_version: SCHEMA_VERSION,
        checked_at: options.now.to_string(),
        components,
        evidence,
        notes,
    })
}

/// How a verification came out, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Something could not be verified (exit 3).
    Unverified,
    /// A location is not fresh, or has a gap, an anomaly or a failed checksum (exit 1).
    Findings,
    /// Every location fresh and intact (exit 0).
    Intact,
}

impl VerifyReport {
    /// docs/verify.md, exit codes: unverified before findings before intact.
    pub fn outcome(&self) -> Outcome {
        let results = &self.components;
        let evidence = &self.evidence;
        if results
            .iter()
            .any(|r| r.status == LocationStatus::Unverified)
            || evidence
                .iter()
                .any(|e| e.status == LocationStatus::Unverified)
        {
            Outcome::Unverified
        } else if results.iter().any(|r| {
            r.status != LocationStatus::Fresh
                || !r.gaps.is_empty()
                || !r.anomalies.is_empty()
                || r.checksums.failed > 0
        }) || evidence.iter().any(|e| {
            e.status != LocationStatus::Fresh || !e.gaps.is_empty() || !e.anomalies.is_empty()
        }) {
            Outcome::Findings
        } else {
            Outcome::Intact
        }
    }
}
