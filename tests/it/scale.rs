//! Large architectures: above `json::PRETTY_LIMIT` components the JSON is compact and its
//! lists are serialized in parallel batches, item for item what the views serialize one by
//! one; and deep dependency chains do not overflow the stack.

use drplan::assess;
use drplan::report::{Report, json};
use serde_json::Value;

use crate::synth;
use crate::util::{load, options};

/// The compact result of an architecture past the limit (and past the exact blast radius's,
/// so that sketch counts and `estimated` appear) holds every component, finding,
/// recommendation and operational item, in order, exactly as each view serializes alone.
#[test]
fn parallel_lists_are_the_items_in_order() {
    let n = json::PRETTY_LIMIT.max(drplan::graph::blast::EXACT_LIMIT) + 345;
    let analysis = drplan::analysis::analyze(
        load(&synth::architecture(n, 7)),
        options(),
        Default::default(),
    );
    let report = Report::build(&analysis);
    let mut out = Vec::new();
    json::write(&report, &mut out).expect("in memory");
    assert!(out.len() > 1_000_000);
    assert!(!out[..out.len() - 1].contains(&b'\n'), "compact: one line");
    let result: Value = serde_json::from_slice(&out).expect("valid JSON");
    let each = |items: Vec<Value>| Value::Array(items);
    fn value(x: impl serde::Serialize) -> Value {
        serde_json::to_value(x).expect("serializable")
    }
    assert_eq!(
        result["components"],
        each(report.components.iter().map(|c| value(&c)).collect())
    );
    assert_eq!(
        result["findings"],
        each(report.findings.iter().map(|f| value(&f)).collect())
    );
    assert_eq!(
        result["recommendations"],
        each(report.recommendations.iter().map(|r| value(&r)).collect())
    );
    let ops = &report.operational;
    let order = ops.order();
    assert_eq!(
        result["operational"]["alarms"],
        each(
            (order.iter())
                .flat_map(|&c| ops.alarms_of(c).map(|x| value(&x)).collect::<Vec<_>>())
                .collect()
        )
    );
    assert_eq!(
        result["operational"]["experiments"],
        each(
            (order.iter())
                .flat_map(|&c| ops.experiments_of(c).map(|x| value(&x)).collect::<Vec<_>>())
                .collect()
        )
    );
    let estimated = result["components"]
        .as_array()
        .expect("components")
        .iter()
        .any(|c| c["blast_radius"]["estimated"] == true);
    assert!(
        estimated,
        "past the exact limit, some blast radii are estimated"
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
    let a = assess::assess(&load(&text), &options());
    assert_eq!(
        a.core.app[drplan::model::Disruption::Software]
            .critical_path
            .len(),
        1,
        "every component's own RTO is the same"
    );
    assert_eq!(a.core.graph.sccs.len(), n);
}
