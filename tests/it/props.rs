//! Properties the examples miss (proptest): the parser never panics, more redundancy never
//! makes an estimate worse, and the app RTO is never below a reached component's own RTO.

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
