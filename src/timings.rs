//! Phase timings on standard error when `DRPLAN_TIMINGS` is set, for profiling large
//! architectures: each phase's wall time, the CPU it used (up to twice the wall time on two
//! cores), the pages it touched for the first time, and the resident and peak memory so far
//! (Linux; elsewhere the figures read 0 and `?`).

use std::cell::Cell;
use std::time::Instant;

/// A stopwatch that prints a line per lap, or does nothing when the switch is off.
pub struct Timings(Option<Cell<(Instant, Usage)>>);

#[derive(Clone, Copy)]
struct Usage {
    cpu_secs: f64,
    page_faults: u64,
}

impl Usage {
    fn now() -> Usage {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        // The fields after the command name, which is in parentheses: minflt is the 8th, utime
        // and stime the 12th and 13th, in clock ticks (100 per second).
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map_or("", |(_, rest)| rest)
            .split_whitespace()
            .collect();
        let field = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        Usage {
            cpu_secs: (field(11) + field(12)) / 100.0,
            page_faults: field(7) as u64,
        }
    }
}

impl Timings {
    pub fn start() -> Timings {
        Timings(
            std::env::var_os("DRPLAN_TIMINGS").map(|_| Cell::new((Instant::now(), Usage::now()))),
        )
    }

    /// Prints the phase since the last lap.
    pub fn lap(&self, what: &str) {
        let Some(last) = &self.0 else { return };
        let (now, usage) = (Instant::now(), Usage::now());
        let (then, before) = last.get();
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
            usage.cpu_secs - before.cpu_secs,
            usage.page_faults - before.page_faults,
            field("VmRSS:"),
            field("VmHWM:"),
        );
        last.set((now, usage));
    }
}
