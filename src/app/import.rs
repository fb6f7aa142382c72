//! `drplan import` (an architecture from one Terraform or CloudFormation file) and `drplan
//! resolve` (an architecture as drplan evaluates it, sources imported).

use std::collections::BTreeMap;
use std::path::Path;

use super::{Exit, UsageError, io, sources};
use crate::cli::ImportArgs;
use crate::import::{self, File};
use crate::input::LoadOptions;
use crate::input::compose::{Source, SourceKind};
use crate::model::Tier;
use crate::words::Shown;

pub fn run(args: &ImportArgs) -> anyhow::Result<Exit> {
    let display = io::source_name(&args.file);
    let (body, kind) = sources::open(&args.file).map_err(|e| match e {
        sources::OpenError::Read(e) => anyhow::Error::from(e),
        sources::OpenError::NotUtf8 => {
            import::Error::at(&display, None, "not UTF-8 text".into()).into()
        }
    })?;
    let kind = match (kind, &body) {
        (Some(kind), _) => kind,
        (None, import::Body::Text(text)) => import::detect_or_explain(text, &display)?,
        // Streamed only when its first key says `terraform show -json`.
        (None, import::Body::Stream(_)) => SourceKind::Terraform,
    };
    let parameters = parameters(&args.parameters)?;
    if kind == SourceKind::Terraform && !parameters.is_empty() {
        return Err(UsageError(
            "--parameter sets CloudFormation parameters: a Terraform plan has its variables set"
                .into(),
        )
        .into());
    }
    let tier = args.tier.as_deref().map(tier).transpose()?;
    let source = Source {
        kind,
        path: display.clone(),
        region: args.region.clone(),
        parameters,
        name: None,
        at: 0,
    };
    let options = import::Options {
        region: args.region.clone(),
        now: Some(super::pipeline::parse_now(args.now.as_deref())?),
    };
    let imported = import::import(
        vec![File {
            source,
            display: display.clone(),
            body,
        }],
        &options,
    )?;
    let import::Import {
        components: made,
        summary,
    } = imported;
    if made.is_empty() {
        eprint!("imported {}: {}", Shown(&display), summary);
        return Err(import::Error::at(
            &display,
            None,
            "none of its resources is one drplan makes a component of (see the summary above): nothing written".into(),
        )
        .into());
    }
    let name = args.name.clone().unwrap_or_else(|| stem(&args.file));
    let mut top = serde_json::json!({ "name": name });
    if let Some(t) = tier {
        top["policy"] = serde_json::json!({ "tier": t.as_str() });
    }
    let top = serde_json::to_vec(&top)?;
    let out_name = args
        .output
        .as_deref()
        .map_or_else(|| "<stdout>".to_string(), |p| p.display().to_string());
    // What the importer writes must load as any architecture does; if it does not, the bug
    // is drplan's, and nothing is written.
    let bug = |e: crate::input::InputError| {
        anyhow::anyhow!(
            "drplan's import of {} is not a valid architecture; please report this bug: {e}",
            Shown(&display)
        )
    };
    let clock = crate::timings::Timings::start();
    let architecture = made.streamed(&top, &out_name).map_err(bug)?;
    // Each component is made and checked before a byte is written, then made again as it is
    // written (a million components write gigabytes): the components are never all held,
    // nor is the text, and nothing is written when one is not valid.
    architecture
        .problems(&LoadOptions::default())
        .map_err(bug)?;
    // serde's many small writes go to a buffer of its own type, not through the writer's
    // dynamic dispatch one by one.
    let write = |w: &mut (dyn std::io::Write + Send)| {
        architecture.write(std::io::BufWriter::with_capacity(1 << 16, w))
    };
    match args.output.as_deref() {
        Some(path) => io::write_atomically(path, write)?,
        None => io::write_stdout(write)?,
    }
    clock.lap("import: compose, check and write");
    eprint!("imported {}: {}", Shown(&display), summary);
    if tier.is_none() {
        eprintln!(
            "  no policy: every disruption stays unassessed until the file has one: add \"policy\": {{\"tier\": \"critical\"}} (or targets), or import again with --tier ({})",
            tiers()
        );
    }
    if let Some(out) = &args.output {
        eprintln!(
            "wrote {}: assess it with `drplan assess {}`",
            Shown(&out.display().to_string()),
            Shown(&out.display().to_string())
        );
    }
    Ok(Exit::Ok)
}

pub fn resolve(
    arch: &Path,
    output: Option<&Path>,
    confine: sources::Confine,
) -> anyhow::Result<Exit> {
    let composed = sources::resolve(arch, &LoadOptions::default(), confine)?;
    io::write_to(output, |w| w.write_all(composed.text.as_bytes()))?;
    Ok(Exit::Ok)
}

/// `--parameter KEY=VALUE`, repeated.
fn parameters(items: &[String]) -> Result<BTreeMap<String, String>, UsageError> {
    let mut out = BTreeMap::new();
    for item in items {
        let Some((k, v)) = item.split_once('=').filter(|(k, _)| !k.trim().is_empty()) else {
            return Err(UsageError(format!(
                "--parameter {item:?}: write KEY=VALUE, e.g. --parameter Environment=prod"
            )));
        };
        out.insert(k.trim().to_string(), v.to_string());
    }
    Ok(out)
}

fn tier(text: &str) -> Result<Tier, UsageError> {
    Tier::ALL
        .iter()
        .copied()
        .find(|t| t.as_str() == text)
        .ok_or_else(|| UsageError(format!("--tier {text:?}: one of {}", tiers())))
}

/// The tiers `--tier` takes, as a list.
fn tiers() -> String {
    let all: Vec<&str> = Tier::ALL.iter().map(|t| t.as_str()).collect();
    all.join(", ")
}

/// A file's name without its directory and extension: the architecture's default name.
fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| s != "-")
        .unwrap_or_else(|| "imported".to_string())
}
