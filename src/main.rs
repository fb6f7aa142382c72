//! The `drplan` binary: parse the command line, call the library, exit with its code.

use clap::Parser;

#[global_allocator]
static ALLOC: drplan::alloc::MiMalloc = drplan::alloc::MiMalloc;

fn main() {
    if std::env::var_os("NOPURGE").is_none() {
        drplan::alloc::configure();
    }
    let cli = drplan::cli::Cli::parse();
    std::process::exit(drplan::commands::run(cli));
}
