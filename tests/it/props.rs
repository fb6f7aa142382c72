//! Properties the examples miss (proptest): the parser never panics, more redundancy never
//! makes an estimate worse, the app RTO is never below a reached component's own RTO, and
//! Terraform's output reads the same in any key order and layout.

use drplan::assess;
use drplan::estimate::{self, Assumptions, Eta, Measured};
use drplan::input::{self, LoadOptions};
use drplan::model::{Disruption, Strategy};
use drplan::plan::candidates::Config;
use proptest::prelude::*;

use crate::util::options;

const WEBSHOP: &str = include_str!("../../fixtures/webshop.json");

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any bytes give an architecture or an error, never a panic.
    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = input::load(&bytes, "fuzz", &LoadOptions::default());
    }

    /// The webshop example with a byte changed, cut or inserted never panics the whole pipeline.
    #[test]
    fn mutated_examples_never_panic(at in 0usize..WEBSHOP.len(), byte in any::<u8>(), how in 0u8..3) {
        let mut bytes = WEBSHOP.as_bytes().to_vec();
        match how {
            0 => bytes[at] = byte,
            1 => bytes.truncate(at),
            _ => bytes.insert(at, byte),
        }
        if let Ok(arch) = input::load(&bytes, "fuzz", &LoadOptions::default()) {
            let a = assess::assess(&arch, &options());
            let _ = drplan::rules::check(&arch, &a, &options());
        }
    }

    /// More instances, more zones, a stronger strategy (with what it needs) or more frequent
    /// backups never make an estimate worse, under any disruption.
    #[test]
    fn redundancy_never_hurts(
        kind in prop::sample::select(vec!["compute", "database", "storage", "cache", "queue"]),
        data_gb in 0u32..2000,
        instances in 1u32..3,
        strategy in 0usize..5,
        backup_hours in prop::option::of(prop::sample::select(vec![1u64, 12, 24, 48])),
        pitr in any::<bool>(),
        raise in 0u8..4,
    ) {
        let text = format!(
            r#"{{"name":"p","regions":{{"primary":"a","secondary":"b"}},"components":[{{"id":"x","kind":"{kind}","data_gb":{data_gb},"deployment":{{"instances":{instances},"zones":1}}}}]}}"#
        );
        let arch = input::load(text.as_bytes(), "p", &LoadOptions::default()).expect("valid");
        let mut before = arch.components[0].clone();
        let mut config = Config::of(&before);
        config.strategy = Strategy::ALL[strategy];
        config.backup = backup_hours.map(|h| std::time::Duration::from_secs(h * 3600));
        config.pitr = pitr && config.backup.is_some();
        config.cross_region_copy = config.backup.is_some();
        config.replication = (config.strategy >= Strategy::PilotLight).then_some(drplan::model::Mode::Async);
        config.apply(&mut before);

        let mut better = config;
        match raise {
            0 => better.instances += 1,
            1 => { better.instances = better.instances.max(2); better.zones = 2; }
            2 => {
                let stronger = (Strategy::ALL.iter().position(|s| *s == config.strategy).unwrap_or(0) + 1).min(4);
                better.strategy = Strategy::ALL[stronger];
                if better.strategy == Strategy::BackupRestore && better.backup.is_none() {
                    better.backup = Some(std::time::Duration::from_secs(48 * 3600));
                    better.cross_region_copy = true;
                }
                if better.strategy >= Strategy::PilotLight {
                    better.replication = Some(drplan::model::Mode::Async);
                }
            }
            _ => {
                better.backup = Some(better.backup.map_or(std::time::Duration::from_secs(48 * 3600), |b| b / 2));
                better.cross_region_copy = true;
            }
        }
        let mut after = arch.components[0].clone();
        better.apply(&mut after);

        let a = Assumptions::default();
        let e0 = estimate::estimate(&before, &a, &Measured::default());
        let e1 = estimate::estimate(&after, &a, &Measured::default());
        for d in Disruption::ALL {
            prop_assert!(e1[d].rto() <= e0[d].rto(), "{d} RTO got worse: {:?} -> {:?}", e0[d], e1[d]);
            prop_assert!(e1[d].rpo() <= e0[d].rpo(), "{d} RPO got worse: {:?} -> {:?}", e0[d], e1[d]);
        }
    }

    /// The app RTO is never below the own RTO of a component an entry point reaches through
    /// critical edges.
    #[test]
    fn app_rto_covers_every_critical_dependency(seed in any::<u64>()) {
        let mut s = seed | 1;
        let mut next = move || { s ^= s << 13; s ^= s >> 7; s ^= s << 17; s };
        let kinds = ["compute", "database", "cache", "storage"];
        let n = 2 + (next() % 6) as usize;
        let components: Vec<String> = (0..n).map(|i| {
            let mut deps: Vec<String> = Vec::new();
            for d in i + 1..n {
                if next() % 2 == 0 {
                    deps.push(format!(r#"{{"id":"c{d}","critical":{}}}"#, next() % 4 != 0));
                }
            }
            format!(
                r#"{{"id":"c{i}","kind":"{}","data_gb":{},"backup":{{"frequency":"24h","cross_region_copy":true}},"deployment":{{"instances":{},"region_strategy":"{}"}},"recovery":{{"startup":"{}s"}},"depends_on":[{}]}}"#,
                kinds[(next() % 4) as usize], next() % 500, 1 + next() % 2,
                ["none", "backup-restore", "warm-standby"][(next() % 3) as usize], next() % 120, deps.join(",")
            )
        }).collect();
        let text = format!(r#"{{"name":"r","regions":{{"primary":"a","secondary":"b"}},"components":[{}]}}"#, components.join(","));
        let arch = input::load(text.as_bytes(), "r", &LoadOptions::default()).expect("valid");
        let a = assess::assess(&arch, &options());
        for d in Disruption::ALL {
            for c in 0..n {
                if a.core.graph.reached[c] {
                    prop_assert!(a.core.app[d].rto >= a.core.own_rto(c, d), "{d}: app {:?} < own {:?} of c{c}", a.core.app[d].rto, a.core.own_rto(c, d));
                    prop_assert!(a.core.app[d].rto >= a.core.components[c][d].ready || a.core.app[d].rto == Eta::Unrecoverable);
                }
            }
        }
    }
}

/// The Terraform outputs the reader is held to in any key order and layout.
const TERRAFORM: [&str; 4] = [
    include_str!("../../fixtures/import/tf-plan-shop.json"),
    include_str!("../../fixtures/import/tf-state-shop.json"),
    include_str!("../../fixtures/import/tf-plan-gcp-lb-module.json"),
    include_str!("../../fixtures/import/tf-plan-azure.json"),
];

/// The value with the keys of every object it walks shuffled (`next` draws), each resource
/// left as it is: the order the reader must not depend on is its own walk's, through the top
/// level, the values, the modules and the configuration.
fn shuffled(value: &serde_json::Value, next: &mut impl FnMut() -> u64) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            for i in (1..entries.len()).rev() {
                let j = (next() % (i as u64 + 1)) as usize;
                entries.swap(i, j);
            }
            Value::Object(
                (entries.into_iter())
                    .map(|(k, v)| {
                        let v = match (k.as_str(), v) {
                            ("resources", Value::Array(items)) => Value::Array(items.clone()),
                            _ => shuffled(v, next),
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| shuffled(v, next)).collect()),
        other => other.clone(),
    }
}

/// What an import of `text` comes to, and its summary, with what follows the file's layout
/// left out: each resource's line, and the order of a component's resources after its root
/// (in file order).
fn imported_without_lines(text: String) -> (serde_json::Value, String) {
    use drplan::import::{self, Body, File};
    use drplan::input::compose::{Source, SourceKind};
    let file = File {
        source: Source {
            kind: SourceKind::Terraform,
            path: "tf.json".into(),
            region: None,
            parameters: Default::default(),
            name: None,
            at: 0,
        },
        display: "tf.json".into(),
        body: Body::Text(text),
    };
    let options = import::Options {
        region: Some("us-east-1".into()),
        now: Some("2026-11-26T00:00:00Z".parse().expect("an instant")),
    };
    let imported = import::import(vec![file], &options).expect("imports");
    let mut components = serde_json::to_value(imported.components.into_imported().components)
        .expect("components are JSON");
    for c in components.as_array_mut().expect("a list") {
        let origins = (c["imported_from"].as_array_mut()).expect("origins");
        for origin in origins.iter_mut() {
            origin.as_object_mut().expect("an origin").remove("line");
        }
        origins[1..].sort_by_key(|o| o["address"].as_str().map(str::to_string));
    }
    (components, imported.summary.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// `terraform show -json` output reads to the same components in any key order (the
    /// configuration before the resources, a module's children before its own resources) and
    /// printed on one line or pretty: only what follows the layout (lines, and the file order
    /// of a component's other resources) may differ.
    #[test]
    fn terraform_output_reads_the_same_in_any_key_order_and_layout(
        which in 0..TERRAFORM.len(),
        seed in any::<u64>(),
        pretty in any::<bool>(),
    ) {
        let original: serde_json::Value = serde_json::from_str(TERRAFORM[which]).expect("JSON");
        let mut state = seed | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let value = shuffled(&original, &mut next);
        let text = if pretty {
            serde_json::to_string_pretty(&value)
        } else {
            serde_json::to_string(&value)
        }
        .expect("JSON");
        let expected = imported_without_lines(TERRAFORM[which].to_string());
        prop_assert!(!expected.0.as_array().expect("a list").is_empty());
        prop_assert_eq!(imported_without_lines(text), expected);
    }
}
