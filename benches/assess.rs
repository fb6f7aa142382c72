//! End-to-end `assess` on synthetic architectures of 1k, 10k and 100k components: parse,
//! validate, build the graph, estimate, assess, check the rules and write the JSON result.
//! `cargo bench --bench assess`

#[path = "synth.rs"]
mod synth;

use drplan::assess::{self, Options};
use drplan::estimate::Assumptions;
use drplan::input::{self, LoadOptions};
use drplan::report::{Report, json};
use drplan::rules;

fn main() {
    divan::main();
}

fn options() -> Options {
    Options {
        assumptions: Assumptions::default(),
        now: jiff::civil::date(2026, 11, 26),
        measured: Vec::new(),
    }
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 5, sample_size = 1)]
fn assess_to_json(bencher: divan::Bencher, n: usize) {
    let text = synth::architecture(n, 42);
    let options = options();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            let arch = input::load(text.as_bytes(), "synthetic", &LoadOptions::default())
                .expect("valid synthetic input");
            let assessment = assess::assess(&arch, &options);
            let findings = rules::check(&arch, &assessment, &options);
            let report = Report::build(&arch, &assessment, &findings, &options);
            let mut out = Vec::with_capacity(text.len() * 4);
            json::write(&report, &mut out).expect("write to memory");
            out.len()
        });
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 5, sample_size = 1)]
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
