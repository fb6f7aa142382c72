//! Large architectures: the compact JSON written on two threads is byte for byte serde's,
//! and deep dependency chains do not overflow the stack.

#[path = "../benches/synth.rs"]
mod synth;

use drplan::assess;
use drplan::options::Options;
use drplan::commands::Loaded;
use drplan::input::{self, LoadOptions};
use drplan::plan::cost::Pricing;
use drplan::report::json;
use drplan::report::operations::DirectJson;

fn options() -> Options {
    Options::at(jiff::civil::date(2026, 11, 26))
}

/// Above `PRETTY_LIMIT` components the writer serializes field by field with the big lists on
/// two threads; the result must be exactly what serde_json makes of the whole `Report`.
#[test]
fn parallel_compact_json_is_serdes() {
    // Above the pretty limit, and above the exact blast radius's (sketch counts, `estimated`).
    let n = json::PRETTY_LIMIT.max(drplan::graph::blast::EXACT_LIMIT) + 345;
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
        a.core.app[drplan::model::Disruption::Software]
            .critical_path
            .len(),
        1,
        "every component's own RTO is the same"
    );
    assert_eq!(a.core.graph.sccs.len(), n);
}

/// Adds to `seen` the `keys` that occur in `json`.
fn note(json: &[u8], keys: &[&'static str], seen: &mut std::collections::BTreeSet<&'static str>) {
    for key in keys {
        if json.windows(key.len()).any(|w| w == key.as_bytes()) {
            seen.insert(key);
        }
    }
}

/// The direct writers of a component, a finding, a recommendation and an operational
/// recommendation write
/// serde_json's bytes for their views, on every shipped fixture (drills, measured figures, unrecoverable estimates, cells,
/// escapes in texts), not only on the synthetic architecture.
#[test]
fn direct_writers_are_serdes_on_every_fixture() {
    let mut paths: Vec<std::path::PathBuf> = ["fixtures", "fixtures/rules"]
        .iter()
        .flat_map(|dir| {
            std::fs::read_dir(dir)
                .expect("fixtures")
                .map(|e| e.unwrap().path())
        })
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let (mut components, mut findings) = (0, 0);
    let mut seen = std::collections::BTreeSet::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(arch) = input::load(text.as_bytes(), "fixture", &LoadOptions::default()) else {
            continue; // a fixture of bad input, or not an architecture
        };
        let loaded = Loaded::analyze(arch, options(), Pricing::default());
        let report = loaded.report();
        for i in 0..report.components.len() {
            let mut ours = Vec::new();
            report.components.write_json(i, &mut ours);
            let serde = serde_json::to_vec(&report.components.get(i)).unwrap();
            assert!(
                ours == serde,
                "{}: component {i}:\n{}\n{}",
                path.display(),
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&serde)
            );
            components += 1;
            note(
                &ours,
                &[
                    "\"drill\"",
                    "\"unrecoverable\"",
                    "\"rpo_terms\"",
                    "\"cell\"",
                ],
                &mut seen,
            );
        }
        let recommendations = report.recommendations.as_ref().expect("planned");
        for i in 0..recommendations.len() {
            let mut ours = Vec::new();
            recommendations.write_json(i, &mut ours);
            let serde = serde_json::to_vec(&recommendations.get(i)).unwrap();
            assert!(
                ours == serde,
                "{}: recommendation {i}:\n{}\n{}",
                path.display(),
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&serde)
            );
            note(&ours, &["\"limit\"", "PITR logs"], &mut seen);
        }
        let ops = &report.operational;
        for &c in ops.order() {
            let mut items: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
            let mut check = |x: &dyn DirectJson, serde: Vec<u8>| {
                let mut ours = Vec::new();
                x.write_json(&mut ours);
                items.push((ours, serde));
            };
            for x in ops.alarms_of(c) {
                check(&x, serde_json::to_vec(&x).unwrap());
            }
            if let Some(x) = ops.sop_of(c) {
                check(&x, serde_json::to_vec(&x).unwrap());
            }
            for x in ops.experiments_of(c) {
                check(&x, serde_json::to_vec(&x).unwrap());
            }
            for (ours, serde) in items {
                assert!(
                    ours == serde,
                    "{}: operational item:\n{}\n{}",
                    path.display(),
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&serde)
                );
                note(
                    &ours,
                    &[
                        "\"threshold_secs\"",
                        "\"dependencies\"",
                        "\"runbook\"",
                        "\"dependency\"",
                    ],
                    &mut seen,
                );
            }
        }
        for i in 0..report.findings.len() {
            let mut ours = Vec::new();
            report.findings.write_json(i, &mut ours);
            let serde = serde_json::to_vec(&report.findings.get(i)).unwrap();
            assert!(
                ours == serde,
                "{}: finding {i}:\n{}\n{}",
                path.display(),
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&serde)
            );
            findings += 1;
        }
    }
    assert!(
        components > 50 && findings > 100,
        "{components} components, {findings} findings"
    );
    assert_eq!(seen.len(), 10, "the fixtures exercised only {seen:?}");
}
