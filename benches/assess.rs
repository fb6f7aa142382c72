//! End-to-end `assess` on synthetic architectures of 1k, 10k and 100k components: parse,
//! validate, build the graph, estimate, assess, check the rules, plan (or not) and write the
//! JSON result (counted, not kept). `cargo bench --bench assess`

#[path = "synth.rs"]
mod synth;

use drplan::assess;
use drplan::options::Options;
use drplan::commands::Loaded;
use drplan::input::{self, LoadOptions};
use drplan::plan::{self, cost::Pricing};
use drplan::report::{Report, json};
use drplan::rules;

// The binary's allocator and its setting, so that the figures are the command's.
#[global_allocator]
static ALLOC: drplan::alloc::MiMalloc = drplan::alloc::MiMalloc;

fn main() {
    drplan::alloc::configure();
    divan::main();
}

fn options() -> Options {
    Options::at(jiff::civil::date(2026, 11, 26))
}

/// Counts the bytes written and keeps none: the JSON's cost without a file system's (the
/// command adds writing the file) or a half-gigabyte buffer's.
#[derive(Default)]
struct Counted(usize);

impl std::io::Write for Counted {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One run; what it returns is dropped after the timing, as the command never frees it.
fn run(text: &str, with_plan: bool) -> (usize, Box<dyn std::any::Any>) {
    let options = options();
    let arch = input::load(text.as_bytes(), "synthetic", &LoadOptions::default())
        .expect("valid synthetic input");
    let mut out = Counted::default();
    if with_plan && arch.components.len() > json::PRETTY_LIMIT {
        // What `drplan assess -o x.json` runs: the JSON's first part written beside the planner.
        let loaded =
            Loaded::analyze_into_json(arch, options, Pricing::default(), &mut out).expect("write");
        return (out.0, Box::new(loaded));
    }
    let assessment = assess::assess(&arch, &options);
    let findings = rules::check(&arch, &assessment, &options);
    let planned = with_plan.then(|| plan::plan(&arch, &assessment.core, &options, Pricing::default()));
    let mut report = Report::build(&arch, &assessment, &findings, &options);
    if let Some(p) = &planned {
        report = report.with_plan(&arch, p);
    }
    json::write(&report, &mut out).expect("write");
    drop(report);
    (out.0, Box::new((arch, assessment, findings, planned)))
}

/// The whole of `drplan assess ARCH --format json`, planner included.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn assess_with_planner(bencher: divan::Bencher, n: usize) {
    let text = synth::architecture(n, 42);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| run(&text, true));
}

/// The same without the planner (no recommendations, frontier or costs).
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn assess_without_planner(bencher: divan::Bencher, n: usize) {
    let text = synth::architecture(n, 42);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| run(&text, false));
}

/// Parsing and validation alone.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn parse_only(bencher: divan::Bencher, n: usize) {
    let text = synth::architecture(n, 42);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            input::load(text.as_bytes(), "synthetic", &LoadOptions::default()).expect("valid")
        });
}
