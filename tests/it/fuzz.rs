//! A structure-aware fuzz test of `drplan import` (issue 19): the repository's own Terraform
//! plans and states and CloudFormation templates, mutated the way hostile or broken files are
//! (values of the wrong type, non-ASCII names and keys, extreme numbers, missing keys, deep
//! nesting, addresses cut short), each imported by the binary (every fourth also assessed as
//! an architecture's source), plus a sweep of extreme values over every numeric attribute the
//! mapping reads. Every run must end with exit 0, 1 or 2 (never a panic, never 70), within a
//! bounded time and memory, and with no raw control character in what it prints to standard
//! error. The generator is seeded: the same cases every run, and a failure names the case and
//! keeps its file to reproduce it with. `DRPLAN_FUZZ_SEED=N DRPLAN_FUZZ_CASES=M` runs other,
//! and more, cases.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use crate::util::{root, scratch};

/// The files mutated: every AWS Terraform and CloudFormation fixture in JSON (the YAML
/// templates have JSON twins), an Azure plan and an older Azure state.
const SEEDS: &[&str] = &[
    "tf-plan-shop.json",
    "tf-state-shop.json",
    "tf-state-v0.json",
    "cfn-shop.json",
    "tf-ebs-snapshots-plan.json",
    "tf-global-plan.json",
    "tf-deletion-plan.json",
    "tf-bucket-versions-plan.json",
    "tf-plan-azure.json",
    "tf-state-azure-legacy.json",
    "tf-plan-gcp.json",
    "tf-state-gcp.json",
    "tf-plan-gcp-one-region.json",
    "tf-plan-azure-alerts.json",
];

/// Cases per seed file; `DRPLAN_FUZZ_CASES` asks for more.
const CASES: usize = 110;

/// A number from the environment, for a longer or a fresh run than CI's: `DRPLAN_FUZZ_CASES`
/// (cases per seed file) and `DRPLAN_FUZZ_SEED` (mixed into every file's seed: other cases).
fn from_env(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// The longest one import may take (debug build, two busy cores).
const CASE_LIMIT: Duration = Duration::from_secs(20);

/// splitmix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Numbers no attribute should hold, as JSON numbers and as the strings CloudFormation and
/// Terraform also accept.
fn extreme(rng: &mut Rng) -> Value {
    let numbers = [
        "1e308",
        "-1e308",
        "18446744073709551616",
        "18446744073709551615",
        "-1",
        "0",
        "-0.5",
        "4294967296",
        "36501",
        "1e-300",
    ];
    let strings = [
        "NaN",
        "inf",
        "-inf",
        "Infinity",
        "1e308",
        "-1",
        "18446744073709551616",
        "",
        " 7 ",
        "0x10",
    ];
    if rng.below(2) == 0 {
        let text: &str = numbers[rng.below(numbers.len())];
        serde_json::from_str(text).expect("a JSON number")
    } else {
        Value::String(rng.pick(&strings).to_string())
    }
}

/// Names and text that are not ASCII identifiers: non-ASCII letters (byte slicing inside a
/// character panicked), separators, control characters and a workflow command.
const NAMES: &[&str] = &[
    "café",
    "é",
    "日本語",
    "naïve[\"ü\"]",
    "module.é[\"",
    "module.a[",
    "aws_db_instance.é[0",
    "x\n::error file=a::injected",
    "\u{1b}[2Jcleared",
    "\u{202e}reversed",
    "us-east-1é",
    "",
];

/// Attributes the mapping reads as numbers: an extreme value there is the sweep per attribute.
const NUMERIC: &[&str] = &[
    "idle_timeout",
    "origin_read_timeout",
    "backup_retention_period",
    "BackupRetentionPeriod",
    "allocated_storage",
    "AllocatedStorage",
    "size",
    "Size",
    "snapshot_retention_limit",
    "SnapshotRetentionLimit",
    "recovery_period_in_days",
    "RecoveryPeriodInDays",
    "delete_after",
    "DeleteAfterDays",
    "desired_capacity",
    "DesiredCapacity",
    "min_size",
    "desired_count",
    "num_cache_clusters",
    "NumCacheClusters",
    "replicas_per_node_group",
    "backtrack_window",
    "number_of_broker_nodes",
    // azurerm
    "retention_days",
    "backup_interval_in_hours",
    "backup_retention_days",
    "days",
    "count",
    "node_count",
    "min_count",
    "instances",
    "worker_count",
    "capacity",
    "min_capacity",
    "max_size_gb",
    "storage_mb",
    "size_gb",
    "disk_size_gb",
    "replicas_per_primary",
    "replicas_per_master",
    "rdb_backup_frequency",
    "interval_in_minutes",
    "retention_in_hours",
    "failover_priority",
    "hour_interval",
    "grace_minutes",
    "priority",
    "minimum",
    // Google Cloud's.
    "disk_size",
    "retained_backups",
    "transaction_log_retention_days",
    "target_size",
    "min_replicas",
    "max_replicas",
    "initial_node_count",
    "min_node_count",
    "total_min_node_count",
    "replica_count",
    "shard_count",
    "memory_size_gb",
    "num_nodes",
    "processing_units",
    "max_retention_days",
    "hours_in_cycle",
    "days_in_cycle",
    "recovery_window_days",
    "retention_duration_seconds",
    "retention_period",
    "timeout_sec",
];

/// Every node of a document, as a path of keys and indexes.
fn paths(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                at.push(Step::Key(k.clone()));
                paths(v, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                at.push(Step::Index(i));
                paths(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn at_mut<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut v = value;
    for step in path {
        v = match (v, step) {
            (Value::Object(m), Step::Key(k)) => m.get_mut(k)?,
            (Value::Array(a), Step::Index(i)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

/// The paths of the resources' own objects: a Terraform resource (it has an `address`) and
/// its `values`, a CloudFormation resource (under `Resources`) and its `Properties`. Half the
/// mutations land there, where the mapping reads, rather than anywhere in the file.
fn resource_paths(all: &[Vec<Step>], doc: &Value) -> Vec<Vec<Step>> {
    all.iter()
        .filter(|p| {
            let last = |k: &str| matches!(p.last(), Some(Step::Key(x)) if x == k);
            let in_resources =
                p.len() >= 2 && matches!(&p[p.len() - 2], Step::Key(k) if k == "Resources");
            let node = p.iter().try_fold(doc, |v, s| match s {
                Step::Key(k) => v.get(k),
                Step::Index(i) => v.get(i),
            });
            let has_address = node.is_some_and(|n| n.get("address").is_some());
            last("values") || last("Properties") || in_resources || has_address
        })
        .cloned()
        .collect()
}

/// One mutation somewhere in the document; what it did, for the failure message.
fn mutate(doc: &mut Value, rng: &mut Rng) -> String {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    let targets = resource_paths(&all, doc);
    let path = if rng.below(2) == 0 && !targets.is_empty() {
        rng.pick(&targets).clone()
    } else {
        rng.pick(&all).clone()
    };
    let Some(node) = at_mut(doc, &path) else {
        return "nothing".into();
    };
    let what = rng.below(9);
    match what {
        // A value of another type.
        0 => {
            let others = [
                Value::Null,
                Value::Bool(true),
                Value::from(1),
                Value::String("x".into()),
                Value::Array(vec![]),
                Value::Object(Map::new()),
                Value::Array(vec![Value::Null, Value::from("é")]),
            ];
            *node = rng.pick(&others).clone();
        }
        // An extreme number in place of the node.
        1 => *node = extreme(rng),
        // A known numeric attribute, set to an extreme value in an object.
        2 => {
            if let Value::Object(m) = node {
                let inner = ["values", "Properties"]
                    .into_iter()
                    .find(|k| m.get(*k).is_some_and(Value::is_object));
                let m = match inner {
                    Some(k) => m
                        .get_mut(k)
                        .and_then(Value::as_object_mut)
                        .expect("an object"),
                    None => m,
                };
                m.insert(rng.pick(NUMERIC).to_string(), extreme(rng));
            } else {
                *node = extreme(rng);
            }
        }
        // A key renamed to a non-ASCII or hostile name (logical ids, attributes).
        3 => {
            if let Value::Object(m) = node
                && !m.is_empty()
            {
                let keys: Vec<String> = m.keys().cloned().collect();
                let key = rng.pick(&keys).clone();
                let v = m.remove(&key).expect("the key is there");
                let name = rng.pick(NAMES);
                let new = if rng.below(2) == 0 {
                    format!("{key}{name}")
                } else {
                    (*name).to_string()
                };
                m.insert(new, v);
            }
        }
        // A key removed.
        4 => {
            if let Value::Object(m) = node
                && !m.is_empty()
            {
                let keys: Vec<String> = m.keys().cloned().collect();
                m.remove(rng.pick(&keys));
            }
        }
        // Non-ASCII text in a string (Terraform addresses, for_each keys, names).
        5 => {
            let name = rng.pick(NAMES);
            match node {
                Value::String(s) => {
                    let cut = s
                        .char_indices()
                        .map(|(i, _)| i)
                        .nth(rng.below(s.chars().count() + 1))
                        .unwrap_or(s.len());
                    s.insert_str(cut, name);
                }
                other => *other = Value::String((*name).to_string()),
            }
        }
        // Deep nesting, within and past the readers' limit of 128 levels.
        6 => {
            let depth = *rng.pick(&[20usize, 127, 200]);
            let mut v = std::mem::take(node);
            for i in 0..depth {
                v = if i % 2 == 0 {
                    Value::Array(vec![v])
                } else {
                    let mut m = Map::new();
                    m.insert("a".into(), v);
                    Value::Object(m)
                };
            }
            *node = v;
        }
        // A list or object emptied, or a list element duplicated.
        7 => match node {
            Value::Array(items) if !items.is_empty() && rng.below(2) == 0 => {
                let copy = items[rng.below(items.len())].clone();
                items.push(copy);
            }
            Value::Array(items) => items.clear(),
            Value::Object(m) => m.clear(),
            other => *other = Value::Null,
        },
        // A Terraform address or a CloudFormation type cut, prefixed or made non-ASCII.
        _ => {
            if let Value::Object(m) = node {
                for key in ["address", "Type", "type", "name", "index"] {
                    if let Some(Value::String(s)) = m.get_mut(key) {
                        let name = *rng.pick(NAMES);
                        if rng.below(2) == 0 {
                            s.insert_str(0, name);
                        } else {
                            let cut = s.char_indices().map(|(i, _)| i).nth(rng.below(s.len() + 1));
                            s.truncate(cut.unwrap_or(s.len()));
                            s.push_str(name);
                        }
                        break;
                    }
                }
            } else {
                *node = Value::String(rng.pick(NAMES).to_string());
            }
        }
    }
    let shown: Vec<String> = path
        .iter()
        .map(|s| match s {
            Step::Key(k) => format!("{k:?}"),
            Step::Index(i) => i.to_string(),
        })
        .collect();
    format!("mutation {what} at /{}", shown.join("/"))
}

/// The most memory one import may hold (its peak resident set, from `DRPLAN_TIMINGS`): the
/// seeds are at most 150 kB, and import them in about 30 MB.
const PEAK_LIMIT_KB: u64 = 256 * 1024;

/// The largest `peak N kB` that `DRPLAN_TIMINGS` printed, if any.
fn peak_kb(stderr: &str) -> Option<u64> {
    stderr
        .lines()
        .filter(|l| l.starts_with("drplan: "))
        .filter_map(|l| l.rsplit_once("peak ")?.1.strip_suffix(" kB)")?.parse().ok())
        .max()
}

/// What a case's run must hold to; what it broke, if anything.
fn check(out: &std::process::Output, took: Duration) -> Option<String> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    let peak = peak_kb(&stderr);
    if stderr.contains("panicked") {
        Some("a panic".into())
    } else if !matches!(code, Some(0..=2)) {
        Some(format!("exit {code:?}, not 0, 1 or 2"))
    } else if took > CASE_LIMIT {
        Some(format!("took {took:?}"))
    } else if let Some(kb) = peak.filter(|kb| *kb > PEAK_LIMIT_KB) {
        Some(format!("a peak of {kb} kB"))
    } else if stderr.chars().any(|c| c.is_control() && c != '\n') {
        Some("a raw control character in stderr".into())
    } else if stderr.lines().any(|l| l.starts_with("::")) {
        Some("a line of stderr starts a workflow command".into())
    } else {
        None
    }
}

/// The sweep: every numeric attribute the mapping reads, in every resource of the seed that
/// has it, set to an extreme value (one attribute of one resource per case).
fn sweep(original: &Value, rng: &mut Rng) -> Vec<(Value, Vec<String>)> {
    let mut all = Vec::new();
    paths(original, &mut Vec::new(), &mut all);
    let mut out = Vec::new();
    for path in all {
        let Some(Step::Key(key)) = path.last() else {
            continue;
        };
        if !NUMERIC.contains(&key.as_str()) {
            continue;
        }
        let mut doc = original.clone();
        let value = extreme(rng);
        let what = format!("sweep {key} = {value}");
        *at_mut(&mut doc, &path).expect("the path is there") = value;
        out.push((doc, vec![what]));
    }
    // Then each resource given every numeric attribute at once, extreme: the attributes the
    // seeds do not set (a load balancer's idle timeout) are swept too.
    let mut all = Vec::new();
    paths(original, &mut Vec::new(), &mut all);
    for path in all {
        let Some(Step::Key(key)) = path.last() else {
            continue;
        };
        if key != "values" && key != "Properties" {
            continue;
        }
        let mut doc = original.clone();
        let Some(Value::Object(m)) = at_mut(&mut doc, &path) else {
            continue;
        };
        let value = extreme(rng);
        for name in NUMERIC {
            m.insert((*name).to_string(), value.clone());
        }
        out.push((
            doc,
            vec![format!("every numeric attribute = {value} in {key}")],
        ));
    }
    out
}

/// How the cases of one seed ended.
#[derive(Default)]
struct Outcome {
    failures: Vec<String>,
    imported: usize,
    cases: usize,
    /// The largest peak of memory measured, in kB.
    peak_kb: u64,
}

/// Runs the cases of one seed file, two at a time: the sweep, then `cases` random mutations.
fn fuzz(seed: &str, cases: usize, dir: &Path) -> Outcome {
    let text = std::fs::read_to_string(root().join("fixtures/import").join(seed)).expect("seed");
    let original: Value = serde_json::from_str(&text).expect("seed is JSON");
    let fresh = from_env("DRPLAN_FUZZ_SEED").unwrap_or(0);
    let mut rng = Rng(seed
        .bytes()
        .fold(19 ^ fresh, |h, b| h.wrapping_mul(31) ^ u64::from(b)));
    let mut docs = sweep(&original, &mut rng);
    for _ in 0..cases {
        let mut doc = original.clone();
        let n = 1 + rng.below(4);
        let did: Vec<String> = (0..n).map(|_| mutate(&mut doc, &mut rng)).collect();
        docs.push((doc, did));
    }
    let mut jobs = Vec::new();
    for (case, (doc, did)) in docs.into_iter().enumerate() {
        let file = dir.join(format!("{case}-{seed}"));
        std::fs::write(&file, serde_json::to_vec(&doc).expect("serializes")).expect("written");
        jobs.push((case, did, file));
    }
    let exe = env!("CARGO_BIN_EXE_drplan");
    let mut outcome = Outcome {
        cases: jobs.len(),
        ..Outcome::default()
    };
    std::thread::scope(|s| {
        let workers: Vec<_> = jobs
            .chunks(jobs.len().div_ceil(2))
            .map(|part| {
                s.spawn(move || {
                    let mut failures = Vec::new();
                    let mut imported = 0;
                    let mut most = 0;
                    for (case, did, file) in part {
                        let start = Instant::now();
                        let out = std::process::Command::new(exe)
                            .args(["import", file.to_str().expect("UTF-8 path")])
                            .args(["--region", "us-east-1"])
                            .env("DRPLAN_TIMINGS", "1")
                            .stdin(std::process::Stdio::null())
                            .output()
                            .expect("drplan runs");
                        imported += usize::from(out.status.success());
                        most =
                            most.max(peak_kb(&String::from_utf8_lossy(&out.stderr)).unwrap_or(0));
                        let mut broke = check(&out, start.elapsed());
                        let mut stderr = String::from_utf8_lossy(&out.stderr).into_owned();
                        // Every fourth case also through `sources` and the whole assessment,
                        // which reads the imported figures (exit 1: the policy is breached).
                        if broke.is_none() && case % 4 == 0 {
                            let arch = file.with_extension("arch.json");
                            let name = file.file_name().and_then(|n| n.to_str());
                            let kind = if seed.starts_with("cfn") {
                                "cloudformation"
                            } else {
                                "terraform"
                            };
                            let text = serde_json::json!({
                                "name": "fuzz",
                                "regions": {"primary": "us-east-1"},
                                "policy": {"tier": "critical"},
                                "sources": [{kind: name.expect("a UTF-8 name")}],
                            });
                            std::fs::write(&arch, text.to_string()).expect("written");
                            let start = Instant::now();
                            let out = std::process::Command::new(exe)
                                .args(["assess", arch.to_str().expect("UTF-8 path")])
                                .args(["--now", crate::util::NOW])
                                .stdin(std::process::Stdio::null())
                                .output()
                                .expect("drplan runs");
                            broke = check(&out, start.elapsed()).map(|b| format!("assess: {b}"));
                            stderr = String::from_utf8_lossy(&out.stderr).into_owned();
                        }
                        if let Some(broke) = broke {
                            failures.push(format!(
                                "{seed} case {case} ({}; kept as {}): {broke}\n{stderr}",
                                did.join("; "),
                                file.display(),
                            ));
                        }
                    }
                    (failures, imported, most)
                })
            })
            .collect();
        for w in workers {
            let (failures, imported, most) = w.join().expect("a worker ends");
            outcome.failures.extend(failures);
            outcome.imported += imported;
            outcome.peak_kb = outcome.peak_kb.max(most);
        }
    });
    outcome
}

/// Mutated Terraform plans and states and CloudFormation templates import or fail cleanly:
/// exit 0, 1 or 2, never a panic or 70, each within seconds, no raw control character on
/// standard error (issue 19).
#[test]
fn mutated_plans_and_templates_import_or_fail_cleanly() {
    let dir = scratch("fuzz-import");
    let start = Instant::now();
    let mut all = Outcome::default();
    for seed in SEEDS {
        let cases = from_env("DRPLAN_FUZZ_CASES").map_or(CASES, |n| n as usize);
        let one = fuzz(seed, cases, &dir);
        all.failures.extend(one.failures);
        all.imported += one.imported;
        all.cases += one.cases;
        all.peak_kb = all.peak_kb.max(one.peak_kb);
    }
    let Outcome {
        failures,
        imported,
        cases,
        peak_kb,
    } = all;
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Mutations that only broke the syntax would test the parsers alone: many cases must reach
    // the mapping and write an architecture.
    assert!(
        imported * 3 >= cases,
        "only {imported} of {cases} cases imported"
    );
    // The memory bound is measured, not assumed: DRPLAN_TIMINGS printed the peaks.
    assert!(peak_kb > 0, "no peak of memory was measured");
    eprintln!(
        "{cases} cases ({imported} imported, peak {peak_kb} kB) in {:?}",
        start.elapsed()
    );
}
