//! Synthetic architectures for benchmarks and scale checks: `n` components in layers (entry
//! points, services, data stores) with about 2.5 edges each, cells, backups and policies.
//! Deterministic for a given `n` and seed.

use std::fmt::Write;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The JSON text of an architecture with `n` components.
pub fn architecture(n: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let entries = (n / 10).max(1);
    let services = (n * 4 / 10).max(1);
    let mut out = String::with_capacity(n * 420);
    out.push_str(r#"{"name":"synthetic","regions":{"primary":"us-east-1","secondary":"us-west-2"},"policy":{"tier":"critical","availability_slo":99.9},"business":{"downtime_cost_per_hour":10000},"components":["#);
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        let cell = i % 97;
        let strategy = [
            "none",
            "backup-restore",
            "pilot-light",
            "warm-standby",
            "active-active",
        ][rng.below(5) as usize];
        let instances = 1 + rng.below(3);
        let zones = 1 + rng.below(instances);
        let (kind, extra) = if i < entries + services {
            ("compute", String::new())
        } else {
            match rng.below(5) {
                0 | 1 => (
                    "database",
                    format!(
                        r#","data_gb":{},"backup":{{"frequency":"{}h","retention":"{}d","pitr":{},"cross_region_copy":{},"location":"s3://backups/c{i}/"}},"replication":{{"mode":"async"}}"#,
                        10 + rng.below(900),
                        [1, 12, 24][rng.below(3) as usize],
                        [3, 7, 35][rng.below(3) as usize],
                        rng.below(2) == 0,
                        rng.below(2) == 0
                    ),
                ),
                2 => ("cache", String::new()),
                3 => ("queue", String::new()),
                _ => ("storage", format!(r#","data_gb":{}"#, rng.below(5000))),
            }
        };
        let _ = write!(
            out,
            r#"{{"id":"c{i}","kind":"{kind}","name":"Component {i}","cell":"cell-{cell}","monthly_cost":{},"deployment":{{"instances":{instances},"zones":{zones},"region_strategy":"{strategy}"}}{extra},"observability":{{"alarms":["health"]}},"depends_on":["#,
            50 + rng.below(2000)
        );
        if i < entries + services {
            // Edges go to later components only, so the graph is mostly a DAG; a few go back.
            let edges = 2 + rng.below(8);
            let mut seen = Vec::new();
            for _ in 0..edges {
                let lo = (i + 1).max(entries);
                if lo >= n {
                    break;
                }
                let to = lo + rng.below((n - lo) as u64) as usize;
                if seen.contains(&to) {
                    continue;
                }
                if !seen.is_empty() {
                    out.push(',');
                }
                seen.push(to);
                if rng.below(3) == 0 {
                    let _ = write!(
                        out,
                        r#"{{"id":"c{to}","timeout":"2s","retry":{{"max_attempts":3,"backoff":"exponential","jitter":true}}}}"#
                    );
                } else if rng.below(4) == 0 {
                    let _ = write!(out, r#"{{"id":"c{to}","mode":"async"}}"#);
                } else {
                    let _ = write!(out, r#""c{to}""#);
                }
            }
        }
        out.push_str("]}");
    }
    out.push_str("]}\n");
    out
}
