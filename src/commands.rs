//! The commands behind the CLI: read files, call the pipeline, write outputs atomically and
//! choose the exit code (SPEC §8: 0 ok, 1 breached or findings, 2 invalid input or usage,
//! 3 verification could not run).

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use crate::assess::{self, Assessment, Options, Status};
use crate::cli::{AssessArgs, Cli, Command, FailOn, Format, PolicyCommand};
use crate::estimate::Assumptions;
use crate::input::{self, InputError, LoadOptions};
use crate::model::Architecture;
use crate::plan::{self, Plan, cost::Pricing};
use crate::report::{self, Report};
use crate::rules::{self, Finding, Severity, catalog};

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_INVALID: i32 = 2;
pub const EXIT_UNVERIFIED: i32 = 3;

/// What can stop a command, with its exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Input(#[from] InputError),
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        EXIT_INVALID
    }
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Assess(args) => assess_command(&args),
        Command::Verify(args) => crate::verify::command(&args),
        Command::Policy {
            command: PolicyCommand::Export { arch },
        } => policy_export(&arch),
        Command::Plan(args) => plan_command(&args),
        Command::Rules => print_stdout(&rules_table()),
        Command::Explain { rule } => explain(&rule),
        Command::Schema => print_stdout(&schema()),
        Command::Init { path, force } => init(&path, force),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

/// Reads a file, or standard input for `-`.
pub fn read_input(path: &Path) -> Result<Vec<u8>, Error> {
    let name = path.display().to_string();
    if name == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|source| Error::Read { path: name, source })?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|source| Error::Read { path: name, source })
}

fn source_name(path: &Path) -> String {
    let name = path.display().to_string();
    if name == "-" { "<stdin>".into() } else { name }
}

/// Writes `bytes` to `path` through a temporary file and a rename: a reader never sees half
/// a file, and a failure leaves nothing behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomically_with(path, |w| w.write_all(bytes))
}

/// Streams what `write` produces into `path`, atomically (temporary file, then rename).
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<(), Error> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp).and_then(|file| {
        // Small: the large writers (the JSON) buffer their own output in large pieces, which
        // a buffer smaller than them passes straight through instead of copying.
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        write(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?;
        replace(&tmp, path)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|source| Error::Write {
        path: path.display().to_string(),
        source,
    })
}

/// Puts the finished file `tmp` at `path`. A regular file already there is swapped out in
/// one step (Linux `renameat2` with `RENAME_EXCHANGE`: `path` always holds a whole result)
/// and then deleted. Renaming over it instead would make ext4 write the whole new file to
/// disk before the rename returns (its guard for the replace-by-rename idiom): 0.1 s more
/// for a 470 MB result, every time a run rewrites its output. drplan never promised that a
/// result survives a power cut (no fsync); it can be produced again.
fn replace(tmp: &Path, path: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file()) {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, tmp, CWD, path, RenameFlags::EXCHANGE).is_ok() {
            return std::fs::remove_file(tmp);
        }
    }
    std::fs::rename(tmp, path)
}

/// Streams to standard output; a closed pipe (`drplan rules | head`) ends quietly.
pub fn write_stdout(
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<(), Error> {
    // Unlocked (each write takes the lock), so that a second thread may write the JSON.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    match write(&mut out).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Write {
            path: "<stdout>".into(),
            source: e,
        }),
        _ => Ok(()),
    }
}

fn print_stdout(text: &str) -> Result<i32, Error> {
    write_stdout(|w| w.write_all(text.as_bytes()))?;
    Ok(EXIT_OK)
}

/// `--now`: a date or an RFC 3339 time; default today's UTC date.
pub fn parse_now(now: Option<&str>) -> Result<jiff::Timestamp, Error> {
    match now {
        None => Ok(jiff::Timestamp::now()),
        Some(text) => {
            if let Ok(ts) = text.parse::<jiff::Timestamp>() {
                return Ok(ts);
            }
            text.parse::<jiff::civil::Date>()
                .ok()
                .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
                .map(|z| z.timestamp())
                .ok_or_else(|| Error::Usage(format!("--now {text:?}: not a date (2026-11-26) or RFC 3339 time (2026-11-26T20:00:00Z)")))
        }
    }
}

pub fn utc_date(ts: jiff::Timestamp) -> jiff::civil::Date {
    ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

/// Phase timings on stderr when `DRPLAN_TIMINGS` is set (for profiling large architectures).
pub struct Timings(Option<std::cell::Cell<(std::time::Instant, (f64, u64))>>);

impl Timings {
    pub fn start() -> Timings {
        Timings(
            std::env::var_os("DRPLAN_TIMINGS")
                .map(|_| std::cell::Cell::new((std::time::Instant::now(), Self::usage()))),
        )
    }

    /// Seconds of CPU (user and system) the process has used, all threads, and its minor
    /// page faults (pages touched for the first time) (Linux).
    fn usage() -> (f64, u64) {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        // The fields after the command name, which is in parentheses: utime and stime are
        // the 12th and 13th, in clock ticks (100 per second).
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map_or("", |(_, rest)| rest)
            .split_whitespace()
            .collect();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        ((ticks(11) + ticks(12)) / 100.0, ticks(7) as u64)
    }

    /// Prints the phase's wall time, the CPU it used (up to 2x the wall time on two cores),
    /// the pages it touched for the first time, and the resident and peak memory so far.
    pub fn lap(&self, what: &str) {
        if let Some(last) = &self.0 {
            let (now, (cpu, faults)) = (std::time::Instant::now(), Self::usage());
            let (then, (cpu_then, faults_then)) = last.get();
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let field = |name: &str| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix(name).map(str::trim))
                    .unwrap_or("?")
            };
            eprintln!(
                "drplan: {what}: {:.3}s, cpu {:.2}s, {} page faults (resident {}, peak {})",
                (now - then).as_secs_f64(),
                cpu - cpu_then,
                faults - faults_then,
                field("VmRSS:"),
                field("VmHWM:"),
            );
            last.set((now, (cpu, faults)));
        }
    }
}

impl Loaded {
    /// The whole analysis of a checked architecture: assessment, findings and plan.
    pub fn analyze(arch: Architecture, options: Options, pricing: Pricing) -> Loaded {
        let clock = Timings::start();
        let assessment = assess::assess(&arch, &options);
        clock.lap("assess");
        // The rules and the planner read the assessment and not each other.
        let (findings, plan) = rayon::join(
            || rules::check(&arch, &assessment, &options),
            || plan::plan(&arch, &assessment, &options, pricing),
        );
        clock.lap("rules and plan");
        Loaded {
            arch,
            options,
            assessment,
            findings,
            plan,
        }
    }

    /// `analyze`, writing the compact JSON result to `out` on the way: its first part
    /// (through the findings and the operational recommendations) is written while the
    /// planner runs, the rest once the plan is there. The bytes are `report::json::write`'s.
    pub fn analyze_into_json(
        arch: Architecture,
        options: Options,
        pricing: Pricing,
        out: &mut (dyn Write + Send),
    ) -> std::io::Result<Loaded> {
        let clock = Timings::start();
        let core = std::sync::Arc::new(assess::core(&arch, &options));
        clock.lap("estimates and timing");
        let today = plan::today(&arch, &pricing);
        let mut json = report::json::Compact::new(out);
        // The planner reads only the core; the blast radius, the rules and the JSON's first
        // part are computed beside it.
        let (plan, head) = rayon::join(
            || plan::plan(&arch, &core, &options, pricing),
            || -> std::io::Result<(Assessment, Vec<rules::Finding>)> {
                let blast = crate::graph::blast::blast_radius(&arch, &core.graph);
                let assessment = assess::complete(&arch, &options, core.clone(), blast);
                let findings = rules::check(&arch, &assessment, &options);
                let head = Report::build(&arch, &assessment, &findings, &options);
                json.head(&head.with_today(&today))?;
                Ok((assessment, findings))
            },
        );
        let (assessment, findings) = head?;
        drop(core);
        clock.lap("blast radius, rules, plan and the JSON's first part");
        let report = Report::build(&arch, &assessment, &findings, &options).with_plan(&arch, &plan);
        json.tail(&report)?;
        drop(report);
        clock.lap("the JSON's rest");
        Ok(Loaded {
            arch,
            options,
            assessment,
            findings,
            plan,
        })
    }

    /// The result as the outputs render it.
    pub fn report(&self) -> Report<'_> {
        Report::build(&self.arch, &self.assessment, &self.findings, &self.options)
            .with_plan(&self.arch, &self.plan)
    }
}

/// Reads an option file (`--policy`, `--assumptions`, `--pricing`); one that does not parse
/// is a usage error naming the file.
fn read_option<T>(path: &Path, parse: impl FnOnce(&str) -> Result<T, String>) -> Result<T, Error> {
    let text = String::from_utf8_lossy(&read_input(path)?).into_owned();
    parse(&text).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))
}

/// Everything `assess` and `plan` share: the architecture with its options, assessed.
pub struct Loaded {
    pub arch: Architecture,
    pub options: Options,
    pub assessment: Assessment,
    pub findings: Vec<Finding>,
    pub plan: Plan,
}

/// Reads and checks the architecture and the option files.
fn load(
    arch_path: &Path,
    policy: Option<&Path>,
    assumptions: Option<&Path>,
    evidence: Option<&Path>,
    pricing: Option<&Path>,
    now: Option<&str>,
) -> Result<(Architecture, Options, Pricing), Error> {
    let mut load_options = LoadOptions::default();
    if let Some(p) = policy {
        load_options.policy = Some(read_option(p, |text| {
            input::policy::from_resilience_hub(text)
                .map_err(|e| format!("not a Resilience Hub policy document: {e}"))
        })?);
    }
    let assumptions = match assumptions {
        None => Assumptions::default(),
        Some(p) => read_option(p, |text| {
            Assumptions::with_overrides(text).map_err(|errors| errors.join("; "))
        })?,
    };
    let pricing = match pricing {
        None => Pricing::default(),
        Some(p) => read_option(p, |text| {
            Pricing::with_overrides(text).map_err(|errors| errors.join("; "))
        })?,
    };
    let now = utc_date(parse_now(now)?);
    let clock = Timings::start();
    let bytes = read_input(arch_path)?;
    clock.lap("read");
    let arch = input::load(&bytes, &source_name(arch_path), &load_options)?;
    drop(bytes);
    crate::alloc::release_freed();
    clock.lap("parse and validate");
    let measured = match evidence {
        None => Vec::new(),
        Some(p) => crate::verify::evidence::read(&read_input(p)?, &arch)
            .map_err(|e| Error::Usage(format!("{}: {e}", p.display())))?,
    };
    let options = Options {
        assumptions,
        now,
        measured,
    };
    Ok((arch, options, pricing))
}

fn format_for(args_format: Option<Format>, output: Option<&Path>) -> Result<Format, Error> {
    if let Some(f) = args_format {
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
        Some(other) => Err(Error::Usage(format!(
            "-o {}: cannot tell the format from .{other}; add --format",
            path.display()
        ))),
    }
}

fn assess_command(args: &AssessArgs) -> Result<i32, Error> {
    let format = format_for(args.format, args.output.as_deref())?;
    let (arch, options, pricing) = load(
        &args.arch,
        args.policy.as_deref(),
        args.assumptions.as_deref(),
        args.evidence.as_deref(),
        args.pricing.as_deref(),
        args.now.as_deref(),
    )?;
    let loaded = if format == Format::Json && arch.components.len() > report::json::PRETTY_LIMIT {
        // A large architecture's JSON is written while the planner runs.
        let mut loaded = None;
        let write = |out: &mut (dyn Write + Send)| {
            loaded = Some(Loaded::analyze_into_json(arch, options, pricing, out)?);
            Ok(())
        };
        match &args.output {
            Some(path) => write_atomically_with(path, write)?,
            None => write_stdout(write)?,
        }
        loaded
    } else {
        let loaded = Loaded::analyze(arch, options, pricing);
        let clock = Timings::start();
        let report = loaded.report();
        let colour = args.output.is_none()
            && std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none();
        let inputs =
            crate::plan::runbook::Inputs::new(&loaded.arch, &loaded.assessment, &loaded.options);
        let write = |out: &mut (dyn Write + Send)| render(&report, inputs, format, colour, out);
        match &args.output {
            Some(path) => write_atomically_with(path, write)?,
            None => write_stdout(write)?,
        }
        clock.lap("write");
        drop(report);
        Some(loaded)
    };
    let Some(loaded) = loaded else {
        // Only a closed standard output ends the streamed JSON early, quietly.
        return Ok(EXIT_OK);
    };
    let code = exit_code(&loaded, args.fail_on);
    // The process ends next: freeing a hundred thousand components one by one would only
    // delay it.
    std::mem::forget(loaded);
    Ok(code)
}

/// Writes the report in `format`.
fn render(
    report: &Report,
    inputs: crate::plan::runbook::Inputs,
    format: Format,
    colour: bool,
    out: &mut (dyn Write + Send),
) -> std::io::Result<()> {
    // A template that fails to render is a bug in drplan, not in the input.
    let rendered = |r: Result<String, minijinja::Error>| {
        r.map_err(|e| {
            let mut text = format!("rendering the report: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                text.push_str(&format!(": {s}"));
                source = s.source();
            }
            std::io::Error::other(text)
        })
    };
    match format {
        Format::Json => report::json::write(report, out),
        Format::Text => out.write_all(report::text::render(report, colour).as_bytes()),
        Format::Markdown => {
            out.write_all(rendered(report::markdown::render(report, inputs))?.as_bytes())
        }
        Format::Html => out.write_all(rendered(report::html::render(report, inputs))?.as_bytes()),
    }
}

/// SPEC §8: 1 when a target is breached, or (with `--fail-on SEVERITY`) a finding is at or
/// above the threshold.
pub fn exit_code(loaded: &Loaded, fail_on: FailOn) -> i32 {
    let breached = loaded.assessment.overall() == Status::Breached;
    let threshold = match fail_on {
        FailOn::Breach => None,
        FailOn::Critical => Some(Severity::Critical),
        FailOn::High => Some(Severity::High),
        FailOn::Medium => Some(Severity::Medium),
        FailOn::Low => Some(Severity::Low),
    };
    let severe = threshold.is_some_and(|t| loaded.findings.iter().any(|f| f.severity.at_least(t)));
    if breached || severe {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn policy_export(arch_path: &Path) -> Result<i32, Error> {
    let bytes = read_input(arch_path)?;
    let arch = input::load(&bytes, &source_name(arch_path), &LoadOptions::default())?;
    let doc = input::policy::to_resilience_hub(&arch.name, &arch.policy);
    let mut text = serde_json::to_string_pretty(&doc).map_err(|e| Error::Usage(e.to_string()))?;
    text.push('\n');
    print_stdout(&text)
}

/// `drplan plan`: the recovery runbook per disruption, as text, Markdown or JSON.
fn plan_command(args: &crate::cli::PlanArgs) -> Result<i32, Error> {
    use crate::plan::runbook;
    let only = match args.disruption.as_deref() {
        None => None,
        Some(text) => Some(
            crate::model::Disruption::ALL
                .into_iter()
                .find(|d| d.as_str().eq_ignore_ascii_case(text.trim()))
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "--disruption {text:?}: use software, hardware, az or region"
                    ))
                })?,
        ),
    };
    if args.format == Format::Html {
        return Err(Error::Usage(
            "`drplan plan` writes text, markdown or json; the HTML report \
             (`drplan assess ARCH -o report.html`) shows the runbook as a timeline"
                .into(),
        ));
    }
    // The runbook needs the assessment only: no rules, no planner.
    let (arch, options, _) = load(
        &args.arch,
        args.policy.as_deref(),
        args.assumptions.as_deref(),
        None,
        None,
        args.now.as_deref(),
    )?;
    let assessment = assess::assess(&arch, &options);
    let inputs = runbook::Inputs::new(&arch, &assessment, &options);
    let book = runbook::build(inputs, only);
    let markdown = match args.format {
        Format::Markdown => Some(
            report::markdown::plan(&book)
                .map_err(|e| Error::Usage(format!("rendering the runbook: {e:#}")))?,
        ),
        _ => None,
    };
    write_stdout(|out| match (&markdown, args.format) {
        (Some(text), _) => out.write_all(text.as_bytes()),
        (None, Format::Json) => runbook::write_json(&book, out),
        _ => out.write_all(runbook::render_text(&book).as_bytes()),
    })?;
    Ok(EXIT_OK)
}

fn rules_table() -> String {
    let mut out = String::new();
    for r in catalog::RULES {
        out.push_str(&format!(
            "{}  {:<8} {:<52} {}\n",
            r.id,
            r.severity.as_str(),
            r.name,
            r.summary
        ));
    }
    out
}

fn explain(rule: &str) -> Result<i32, Error> {
    let r = catalog::find(rule).ok_or_else(|| {
        let ids = catalog::RULES.iter().map(|r| r.id);
        let hint = input::did_you_mean(&rule.to_ascii_uppercase(), ids)
            .map(|s| format!("; did you mean {s}?"))
            .unwrap_or_default();
        Error::Usage(format!(
            "no rule {rule:?}{hint} (`drplan rules` lists them)"
        ))
    })?;
    print_stdout(&rules::docs::page(r))
}

fn schema() -> String {
    let mut schema = schemars::schema_for!(input::raw::RawArchitecture);
    // `$schema` is allowed at the top (editors use it to find this schema).
    if let Some(props) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) {
        props.insert("$schema".into(), serde_json::json!({ "type": "string", "description": "The URL of this schema, for editors" }));
    }
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The example `drplan init` writes (valid: a test loads it).
pub const INIT_EXAMPLE: &str = include_str!("../fixtures/init.json");

fn init(path: &Path, force: bool) -> Result<i32, Error> {
    if path.as_os_str() == "-" {
        return print_stdout(INIT_EXAMPLE);
    }
    if path.exists() && !force {
        return Err(Error::Usage(format!(
            "{} exists; pass --force to overwrite it",
            path.display()
        )));
    }
    write_atomically(path, INIT_EXAMPLE.as_bytes())?;
    eprintln!(
        "wrote {}: edit it, then run `drplan assess {}`",
        path.display(),
        path.display()
    );
    Ok(EXIT_OK)
}
