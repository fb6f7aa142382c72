//! The `drplan` binary: parse the command line, call the library, exit with its code.

use clap::Parser;

fn main() {
    let cli = drplan::cli::Cli::parse();
    std::process::exit(drplan::commands::run(cli));
}
