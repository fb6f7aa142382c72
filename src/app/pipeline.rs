//! From the command line's files to an analysis: the architecture (with `--policy`), the
//! option files (`--assumptions`, `--pricing`, `--evidence`) and the date (`--now`).

use std::path::Path;

use super::{UsageError, io};
use crate::analysis::{self, Analysis};
use crate::estimate::Assumptions;
use crate::input::{self, LoadOptions};
use crate::model::Architecture;
use crate::options::Options;
use crate::plan::cost::Pricing;
use crate::timings::Timings;
use crate::words::Shown;

/// The files an analysis reads besides the architecture.
#[derive(Default)]
pub struct Files<'a> {
    pub policy: Option<&'a Path>,
    pub assumptions: Option<&'a Path>,
    pub evidence: Option<&'a Path>,
    pub pricing: Option<&'a Path>,
    pub now: Option<&'a str>,
    /// Keep the architecture file's bytes (to place findings in it).
    pub keep_source: bool,
    /// Where its sources may be read from.
    pub confine: super::sources::Confine<'a>,
}

/// An architecture read and checked, with what to assess it with.
pub struct Loaded {
    pub arch: Architecture,
    pub options: Options,
    pub pricing: Pricing,
    /// The architecture file's bytes, with `Files::keep_source`.
    pub source: Option<Vec<u8>>,
}

impl Loaded {
    pub fn analyze(self) -> Analysis {
        analysis::analyze(self.arch, self.options, self.pricing)
    }

    /// The analysis, and the architecture file's bytes if they were kept.
    pub fn analyze_with_source(self) -> (Analysis, Option<Vec<u8>>) {
        let source = self.source;
        (
            analysis::analyze(self.arch, self.options, self.pricing),
            source,
        )
    }
}

/// Reads an option file; one that does not parse is a usage error naming the file.
fn read_option<T, E: std::fmt::Display>(
    path: &Path,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> anyhow::Result<T> {
    let text = String::from_utf8_lossy(&io::read(path)?).into_owned();
    Ok(parse(&text)
        .map_err(|e| UsageError(format!("{}: {e}", Shown(&path.display().to_string()))))?)
}

/// Reads and checks the architecture and the option files.
pub fn load(arch_path: &Path, files: &Files) -> anyhow::Result<Loaded> {
    let mut load_options = LoadOptions::default();
    if let Some(p) = files.policy {
        load_options.policy = Some(read_option(p, input::policy::from_resilience_hub)?);
    }
    let assumptions = match files.assumptions {
        None => Assumptions::default(),
        Some(p) => read_option(p, Assumptions::with_overrides)?,
    };
    let pricing = match files.pricing {
        None => Pricing::default(),
        Some(p) => read_option(p, Pricing::with_overrides)?,
    };
    let at = parse_now(files.now)?;
    let now = utc_date(at);
    let clock = Timings::start();
    let (arch, bytes) =
        super::sources::load_with_text(arch_path, &load_options, files.confine, Some(at))?;
    let source = files.keep_source.then_some(bytes);
    clock.lap("read, parse and validate");
    let measured = match files.evidence {
        None => Vec::new(),
        Some(p) => crate::verify::evidence::read(&io::read(p)?, &arch)
            .map_err(|e| UsageError(format!("{}: {e}", Shown(&p.display().to_string()))))?,
    };
    let options = Options {
        assumptions,
        now,
        measured,
    };
    Ok(Loaded {
        arch,
        options,
        pricing,
        source,
    })
}

/// `--now`: a date or an RFC 3339 time; default the current time.
pub fn parse_now(now: Option<&str>) -> Result<jiff::Timestamp, UsageError> {
    let Some(text) = now else {
        return Ok(jiff::Timestamp::now());
    };
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Ok(ts);
    }
    text.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp())
        .ok_or_else(|| {
            UsageError(format!(
                "--now {text:?}: not a date (2026-11-26) or RFC 3339 time (2026-11-26T20:00:00Z)"
            ))
        })
}

/// The UTC date of a time.
pub fn utc_date(ts: jiff::Timestamp) -> jiff::civil::Date {
    ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}
