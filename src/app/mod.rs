//! The application shell: one module per command over the library's pipeline, with the I/O at
//! the edges (`io`) and the loading of an architecture with its option files (`pipeline`).
//! Commands return `anyhow` errors with context; the library's typed errors inside them decide
//! the exit code (docs: README, "Exit codes").

mod assess;
mod diff;
mod import;
mod init;
mod io;
mod ops;
mod pipeline;
mod places;
mod plan;
mod policy;
mod rules;
mod schema;
mod sources;
mod verify;

use crate::cli::{Cli, Command, PolicyCommand};

/// How a command ends: the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything is fine.
    Ok = 0,
    /// A target is breached, a finding is at or above `--fail-on`, or a backup check failed.
    Findings = 1,
    /// Invalid input or usage: nothing was written.
    Invalid = 2,
    /// A verification could not run (the store, the async runtime).
    Unverified = 3,
    /// A bug in drplan (a template that does not render): please report it.
    Internal = 70,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// The user asked for something that cannot be done as asked (a bad flag value, an option
/// file that does not parse, an unknown rule): exit 2.
/// Its message may hold text from a file (an option file's parse error): it is shown with
/// control characters escaped.
#[derive(Debug, thiserror::Error)]
#[error("{}", crate::words::Escaped(.0))]
pub struct UsageError(pub String);

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let confine = sources::Confine {
        root: cli.root.as_deref(),
        allow_outside: cli.allow_outside,
    };
    match cli.command {
        Command::Assess(args) => assess::run(&args, confine),
        Command::Import(args) => import::run(&args),
        Command::Diff(args) => diff::run(&args, confine),
        Command::Resolve { arch, output } => import::resolve(&arch, output.as_deref(), confine),
        Command::Verify(args) => verify::run(&args, confine),
        Command::Policy {
            command: PolicyCommand::Export { arch },
        } => policy::export(&arch, confine),
        Command::Plan(args) => plan::run(&args, confine),
        Command::Ops(args) => ops::run(&args, confine),
        Command::Rules => rules::list(),
        Command::Explain { rule } => rules::explain(&rule),
        Command::Schema => schema::run(),
        Command::Init { path, force } => init::run(&path, force),
    }
}

/// The exit code an error stands for: the first cause in its chain that says.
pub fn exit_of(error: &anyhow::Error) -> Exit {
    for cause in error.chain() {
        if cause.is::<crate::input::InputError>()
            || cause.is::<UsageError>()
            || cause.is::<io::ReadError>()
            || cause.is::<io::WriteError>()
            || cause.is::<crate::import::Error>()
            || cause.is::<crate::diff::Error>()
        {
            return Exit::Invalid;
        }
        if cause.is::<crate::verify::Error>() {
            return Exit::Unverified;
        }
    }
    Exit::Internal
}
