//! `drplan assess` on synthetic architectures of 1k, 10k and 100k components:
//! `cargo bench --bench assess`. Three measures: the whole job (parse and validate, the
//! analysis, the JSON result written to a counter that keeps nothing), the analysis alone, and
//! parsing and validation alone.

#[path = "counted.rs"]
mod counted;
#[path = "synth.rs"]
mod synth;

use counted::Counted;

use drplan::analysis::{self, Analysis};
use drplan::input::{self, LoadOptions};
use drplan::model::Architecture;
use drplan::options::Options;
use drplan::report::{Report, json};

/// The binary's allocator and its setting, so that the figures are the command's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // SAFETY: mi_option_set only stores an integer in mimalloc's option table (option 15 is
    // the purge delay; the binary sets it to 0 too).
    unsafe { libmimalloc_sys::mi_option_set(15, 0) }
    divan::main();
}

fn options() -> Options {
    Options::at(jiff::civil::date(2026, 11, 26))
}

fn load(text: &str) -> Architecture {
    input::load(text.as_bytes(), "synthetic", &LoadOptions::default()).expect("valid")
}

/// What `drplan assess ARCH --format json` does; the analysis is dropped after the timing,
/// as the command never frees it.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn assess_to_json(bencher: divan::Bencher, n: usize) {
    let text = synth::architecture(n, 42);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| -> (usize, Analysis) {
            let analysis = analysis::analyze(load(&text), options(), Default::default());
            let mut out = Counted::default();
            json::write(&Report::build(&analysis), &mut out).expect("write");
            (out.0, analysis)
        });
}

/// The analysis alone: the assessment, the rules and the planner.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn analyze_only(bencher: divan::Bencher, n: usize) {
    let text = synth::architecture(n, 42);
    bencher
        .with_inputs(|| load(&text))
        .bench_values(|arch| analysis::analyze(arch, options(), Default::default()));
}

/// Parsing and validation alone.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn parse_only(bencher: divan::Bencher, n: usize) {
    let text = synth::architecture(n, 42);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| load(&text));
}
