//! End-to-end `assess` on synthetic architectures of 1k, 10k and 100k components: parse,
//! validate, build the graph, estimate, assess, check the rules, plan (or not) and write the
//! JSON result into memory. `cargo bench --bench assess`

#[path = "synth.rs"]
mod synth;

use drplan::assess::{self, Options};
use drplan::input::{self, LoadOptions};
use drplan::plan::{self, cost::Pricing};
use drplan::report::{Report, json};
use drplan::rules;

fn main() {
    divan::main();
}

fn options() -> Options {
    Options::at(jiff::civil::date(2026, 11, 26))
}

fn run(text: &str, with_plan: bool) -> usize {
    let options = options();
    let arch = input::load(text.as_bytes(), "synthetic", &LoadOptions::default())
        .expect("valid synthetic input");
    let assessment = assess::assess(&arch, &options);
    let findings = rules::check(&arch, &assessment, &options);
    let planned = with_plan.then(|| plan::plan(&arch, &assessment, &options, Pricing::default()));
    let mut report = Report::build(&arch, &assessment, &findings, &options);
    if let Some(p) = &planned {
        report = report.with_plan(&arch, p);
    }
    let mut out = Vec::with_capacity(text.len() * 8);
    json::write(&report, &mut out).expect("write to memory");
    out.len()
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
            input::load(text.as_bytes(), "synthetic", &LoadOptions::default())
                .expect("valid")
                .components
                .len()
        });
}
