//! Properties the examples miss (proptest): the parser never panics, more redundancy never
//! makes an estimate worse, the app RTO is never below a reached component's own RTO, and the
//! JSON string writer agrees with serde_json.

use drplan::assess;
use drplan::options::Options;
use drplan::estimate::{self, Assumptions, Eta, Measured};
use drplan::input::{self, LoadOptions};
use drplan::model::{Disruption, Strategy};
use drplan::plan::candidates::Config;
use proptest::prelude::*;

fn options() -> Options {
    Options::at(jiff::civil::date(2026, 11, 26))
}

const WEBSHOP: &str = include_str!("../fixtures/webshop.json");

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The JSON string writer escapes exactly as serde_json does, whatever the characters
    /// (control characters, quotes, backslashes, non-ASCII, any length around the 8-byte
    /// words it checks at a time).
    #[test]
    fn json_strings_are_serdes(
        chars in proptest::collection::vec(
            prop_oneof![
                Just('a'), Just('"'), Just('\\'), Just('\n'), Just('\t'), Just('\u{1}'),
                Just('\u{1f}'), Just('\u{8}'), Just('\u{c}'), Just('\r'), Just('\u{7f}'),
                Just('≥'), any::<char>(),
            ],
            0..40,
        ),
        prefix in 0usize..9,
    ) {
        let text: String = "a".repeat(prefix) + &chars.into_iter().collect::<String>();
        let mut ours = Vec::new();
        drplan::report::json::push_str(&mut ours, &text);
        prop_assert_eq!(ours, serde_json::to_vec(&text).unwrap());
    }

    /// A text formatted in pieces into the JSON (`JsonText`) is escaped as one string is,
    /// wherever the pieces split it, whichever pieces come whole, after whatever the buffer
    /// held.
    #[test]
    fn json_texts_in_pieces_are_serdes(
        pieces in proptest::collection::vec(
            proptest::collection::vec(
                prop_oneof![
                    Just('a'), Just('"'), Just('\\'), Just('\n'), Just('\u{1}'), Just('≥'),
                    any::<char>(),
                ],
                0..12,
            ),
            0..6,
        ),
        before in "[a-z\"]{0,9}",
        whole in any::<u8>(),
    ) {
        use std::fmt::Write;
        use drplan::rules::TextOut;
        let pieces: Vec<String> = pieces.into_iter().map(|p| p.into_iter().collect()).collect();
        let mut ours = before.clone().into_bytes();
        let mut text = drplan::report::json::JsonText::open(&mut ours);
        for (k, p) in pieces.iter().enumerate() {
            if whole & (1 << k) != 0 {
                text.whole(p).unwrap();
            } else {
                text.write_str(p).unwrap();
            }
        }
        text.close();
        let mut expected = before.into_bytes();
        expected.extend(serde_json::to_vec(&pieces.concat()).unwrap());
        prop_assert_eq!(ours, expected);
    }

    /// DR405's percentages (four decimals, trailing zeros dropped, computed on integers) are
    /// what the standard library's float formatting gives, ties and tiny values included.
    #[test]
    fn percentages_are_formatted_as_the_standard_library_does(
        p in prop_oneof![
            0.0f64..=100.0,
            proptest::strategy::Strategy::prop_map(0u32..=1_000_000, |k| f64::from(k) / 10_000.0),
            proptest::strategy::Strategy::prop_map(0u32..=200_000, |k| (f64::from(k) + 0.5) / 10_000.0),
            // Exact ties at the fifth decimal (k / 32 ends in 125, 375, 625 or 875).
            proptest::strategy::Strategy::prop_map(0u32..=3_200, |k| f64::from(k) / 32.0),
            any::<f64>(),
        ],
    ) {
        let expected = format!("{p:.4}");
        let expected = expected.trim_end_matches('0').trim_end_matches('.');
        prop_assert_eq!(drplan::rules::Percent(p).to_string(), expected);
    }

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
