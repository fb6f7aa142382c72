//! What the tests share: the fixed date, the crate's paths, scratch directories, the binary
//! as a user runs it, and the pipeline as `drplan assess` runs it.

use std::path::{Path, PathBuf};

use drplan::analysis::{self, Analysis};
use drplan::input::{self, LoadOptions};
use drplan::model::Architecture;
use drplan::options::Options;
use drplan::plan::cost::Pricing;
use drplan::report::{self, Report};
use serde_json::Value;

/// The `--now` of every test, so that date-based rules are reproducible.
pub const NOW: &str = "2026-11-26";

pub fn now() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 26)
}

pub fn options() -> Options {
    Options::at(now())
}

/// The crate's root: fixture paths are relative to it.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty scratch directory for one test.
pub fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("it").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// The names in a directory, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("a directory")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// The binary, run from the crate root, with none of the switches that change its output.
pub fn drplan() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_drplan"));
    cmd.current_dir(root())
        .env_remove("DRPLAN_BLESS")
        .env_remove("DRPLAN_TIMINGS")
        .env_remove("NO_COLOR");
    cmd
}

/// How a run of the binary ended.
pub struct Run {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout()))
    }
}

/// Runs the command; a panic in drplan fails the test whatever the exit code.
pub fn run(cmd: &mut assert_cmd::Command) -> Run {
    let out = cmd.output().expect("drplan runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "drplan panicked:\n{stderr}");
    Run {
        code: out
            .status
            .code()
            .expect("drplan exited normally, not by a signal"),
        stdout: out.stdout,
        stderr,
    }
}

/// `drplan ARGS…` from the crate root.
pub fn drplan_run(args: &[&str]) -> Run {
    run(drplan().args(args))
}

/// `drplan assess - --now NOW EXTRA…` with `text` on standard input.
pub fn assess_stdin(text: &str, extra: &[&str]) -> Run {
    let mut args = vec!["assess", "-", "--now", NOW];
    args.extend_from_slice(extra);
    run(drplan().args(&args).write_stdin(text.as_bytes().to_vec()))
}

/// Reads and checks an architecture; invalid input fails the test.
pub fn load(text: &str) -> Architecture {
    input::load(text.as_bytes(), "test.json", &LoadOptions::default())
        .unwrap_or_else(|e| panic!("invalid input:\n{e}"))
}

/// The whole analysis, as `drplan assess --now NOW` makes it.
pub fn analyze(text: &str) -> Analysis {
    analysis::analyze(load(text), options(), Pricing::default())
}

/// The JSON result of `drplan assess --now NOW --format json`.
pub fn assess_json(text: &str) -> Value {
    json_of(&analyze(text))
}

/// The JSON result of an analysis.
pub fn json_of(analysis: &Analysis) -> Value {
    let mut buf = Vec::new();
    report::json::write(&Report::build(analysis), &mut buf).expect("writes to memory");
    serde_json::from_slice(&buf).expect("valid JSON")
}

/// The component `id` of a JSON result.
pub fn component<'a>(result: &'a Value, id: &str) -> &'a Value {
    result["components"]
        .as_array()
        .expect("components")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no component {id}"))
}

/// A tool the tests use that .ci/run installs (a validator, a browser): the first of `names`
/// on PATH. Outside CI a missing one skips the check, with a line saying so; with `CI` set
/// it fails the test instead.
pub fn installed(names: &[&str], install: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        names.iter().find_map(|name| {
            std::env::split_paths(&paths)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        })
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but {} is not on PATH: .ci/run installs it ({install})",
            names[0]
        );
        eprintln!("SKIPPED: {} is not on PATH ({install})", names[0]);
    }
    found
}
