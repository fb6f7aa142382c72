//! The `drplan` binary: set up the allocator, parse the command line, run the command, print
//! an error with its chain of causes, and exit with the code the command ended with.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: the allocation-heavy phases (reading 100,000 components, building findings) run
/// markedly faster with it than with glibc's malloc on two cores.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc v2's `mimalloc.h` (the Rust bindings do not name it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Freed memory goes back to the system at once rather than 10 ms later: the phases free
    // large structures just before others allocate theirs on another thread, and with the
    // delay both are resident at the peak.
    // SAFETY: mi_option_set only stores an integer in mimalloc's option table.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) }
    let cli = drplan::cli::Cli::parse();
    match drplan::app::run(cli) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(error) => {
            let exit = drplan::app::exit_of(&error);
            if exit == drplan::app::Exit::Internal {
                eprintln!("internal error (a bug in drplan; please report it): {error:#}");
            } else {
                eprintln!("error: {error:#}");
            }
            ExitCode::from(exit.code())
        }
    }
}

#[cfg(test)]
mod tests {
    /// The option number the binary sets is mimalloc's purge delay, whose default is 10 ms.
    #[test]
    fn the_option_number_is_the_purge_delay() {
        // SAFETY: reads an integer from mimalloc's option table.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(default, 10, "option 15 is not mimalloc's purge delay");
    }
}
