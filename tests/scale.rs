//! Large architectures: the compact JSON written on two threads is byte for byte serde's,
//! and deep dependency chains do not overflow the stack.

#[path = "../benches/synth.rs"]
mod synth;

use drplan::assess::{self, Options};
use drplan::commands::Loaded;
use drplan::input::{self, LoadOptions};
use drplan::plan::cost::Pricing;
use drplan::report::json;

fn options() -> Options {
    Options::at(jiff::civil::date(2026, 11, 26))
}

/// Above `PRETTY_LIMIT` components the writer serializes field by field with the big lists on
/// two threads; the result must be exactly what serde_json makes of the whole `Report`.
#[test]
fn parallel_compact_json_is_serdes() {
    let n = json::PRETTY_LIMIT + 2_345;
    let text = synth::architecture(n, 7);
    let arch = input::load(text.as_bytes(), "synthetic", &LoadOptions::default()).expect("valid");
    // What `drplan assess -o x.json` does above the limit: the first part written while the
    // planner runs.
    let mut streamed = Vec::new();
    let loaded = Loaded::analyze_into_json(arch, options(), Pricing::default(), &mut streamed)
        .expect("in memory");
    let report = loaded.report();
    let mut ours = Vec::new();
    json::write(&report, &mut ours).expect("in memory");
    let mut serde = serde_json::to_vec(&report).expect("serializable");
    serde.push(b'\n');
    assert!(ours.len() > 1_000_000);
    assert!(
        ours == serde,
        "the parallel writer differs from serde_json ({} vs {} bytes)",
        ours.len(),
        serde.len()
    );
    assert!(
        streamed == serde,
        "the streamed JSON differs from serde_json ({} vs {} bytes)",
        streamed.len(),
        serde.len()
    );
}

/// A chain of 20,000 critical dependencies assesses without exhausting the (debug) stack.
#[test]
fn deep_chains_assess() {
    let n = 20_000;
    let components: Vec<String> = (0..n)
        .map(|i| {
            let deps = if i + 1 < n {
                format!(r#"["c{}"]"#, i + 1)
            } else {
                "[]".into()
            };
            format!(r#"{{"id":"c{i}","kind":"compute","depends_on":{deps}}}"#)
        })
        .collect();
    let text = format!(
        r#"{{"name":"chain","policy":{{"tier":"critical"}},"components":[{}]}}"#,
        components.join(",")
    );
    let arch = input::load(text.as_bytes(), "chain", &LoadOptions::default()).expect("valid");
    let a = assess::assess(&arch, &options());
    assert_eq!(
        a.app[drplan::model::Disruption::Software]
            .critical_path
            .len(),
        1,
        "every component's own RTO is the same"
    );
    assert_eq!(a.graph.sccs.len(), n);
}
