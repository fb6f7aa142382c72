//! The command line as a user drives it (README, "Commands"): exit codes, what invalid input does (every
//! error located, nothing written, no panic), deterministic output, output formats, the
//! Resilience Hub policy round trip, `schema`, `init`, `rules`, `explain`, and the generated
//! rule pages under docs/rules/.

use std::path::Path;

use drplan::rules::{self, docs};
use serde_json::Value;

use crate::synth;
use crate::util::{NOW, assess_stdin, drplan, drplan_run, entries, root, run, scratch};

// ------------------------------------------------------------------------------ rule docs

/// docs/rules/<ID>.md is exactly `docs::page(rule)` for every rule of the catalog and
/// docs/rules/README.md is `docs::index(RULES)`; a missing, stale or orphaned page fails.
/// `DRPLAN_BLESS=1 cargo test rule_docs` rewrites them instead.
#[test]
fn rule_docs() {
    let dir = root().join("docs/rules");
    let mut expected: Vec<(String, String)> = rules::RULES
        .iter()
        .map(|r| (format!("{}.md", r.id), docs::page(r)))
        .collect();
    expected.push(("README.md".into(), docs::index(rules::RULES)));
    let bless = std::env::var_os("DRPLAN_BLESS").is_some_and(|v| v == "1");

    let orphans: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && !expected.iter().any(|(e, _)| e == n))
        .collect();

    if bless {
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &expected {
            let path = dir.join(name);
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                std::fs::write(&path, text).unwrap();
            }
        }
        for name in &orphans {
            std::fs::remove_file(dir.join(name)).unwrap();
        }
        return;
    }

    let mut problems: Vec<String> = Vec::new();
    for (name, text) in &expected {
        match std::fs::read_to_string(dir.join(name)) {
            Err(_) => problems.push(format!("docs/rules/{name} is missing")),
            Ok(on_disk) if on_disk != *text => problems.push(format!("docs/rules/{name} is stale")),
            Ok(_) => {}
        }
    }
    for name in &orphans {
        problems.push(format!("docs/rules/{name} belongs to no rule"));
    }
    assert!(
        problems.is_empty(),
        "{}\nregenerate with: DRPLAN_BLESS=1 cargo test rule_docs",
        problems.join("\n")
    );
}

/// `drplan explain DR102` prints the rule's page, the same text as docs/rules/DR102.md; the
/// id's case and the long name work too.
#[test]
fn explain_prints_the_page() {
    let page = docs::page(rules::find("DR102").expect("declared"));
    for arg in ["DR102", "dr102", "backup-not-copied-out-of-region"] {
        let r = drplan_run(&["explain", arg]);
        assert_eq!(r.code, 0, "{arg}: {}", r.stderr);
        assert_eq!(r.stdout(), page, "{arg}");
    }
}

/// An unknown rule is a usage error (exit 2) with a message, and nothing on stdout.
#[test]
fn explain_unknown_rule_exits_2() {
    let r = drplan_run(&["explain", "dr999"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.to_ascii_uppercase().contains("DR999") && r.stderr.contains("drplan rules"),
        "{}",
        r.stderr
    );
}

/// `drplan rules` lists every rule of the catalog, one line each, in catalog order.
#[test]
fn rules_lists_every_rule() {
    let r = drplan_run(&["rules"]);
    assert_eq!(r.code, 0);
    let ids: Vec<String> = r
        .stdout()
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    let catalog_ids: Vec<String> = rules::RULES.iter().map(|r| r.id.to_string()).collect();
    assert_eq!(ids, catalog_ids);
    for rule in rules::RULES {
        assert!(r.stdout().contains(rule.name), "{} missing", rule.name);
    }
}

// ------------------------------------------------------------------------------ exit codes

/// Met on hardware (two instances fail over at once), every other disruption unassessed; one
/// high finding (DR202: both instances in one zone).
const MET_WITH_HIGH: &str = r#"{
  "name": "met-with-high",
  "policy": { "targets": { "hardware": { "rto": "15m", "rpo": "0s" } } },
  "components": [
    { "id": "web", "kind": "compute", "deployment": { "instances": 2, "zones": 1 },
      "deploy": { "method": "canary" }, "traffic": { "throttling": true } }
  ]
}"#;

/// README, "Commands": 0 when the policy is met, whatever the findings (default `--fail-on breach`);
/// `--fail-on high` turns the high finding into 1; a threshold above it (critical) does not.
#[test]
fn fail_on_turns_findings_into_exit_1() {
    let r = assess_stdin(MET_WITH_HIGH, &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json = r.json();
    assert_eq!(json["summary"]["status"], "met");
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "DR202" && f["severity"] == "high"),
        "the fixture needs its high finding: {json}"
    );
    assert_eq!(
        assess_stdin(MET_WITH_HIGH, &["--fail-on", "breach"]).code,
        0
    );
    assert_eq!(assess_stdin(MET_WITH_HIGH, &["--fail-on", "high"]).code, 1);
    assert_eq!(
        assess_stdin(MET_WITH_HIGH, &["--fail-on", "medium"]).code,
        1
    );
    assert_eq!(
        assess_stdin(MET_WITH_HIGH, &["--fail-on", "critical"]).code,
        0
    );

    // The same architecture with the zone fixed has no high finding: 0 under --fail-on high.
    let fixed = MET_WITH_HIGH.replace(r#""zones": 1"#, r#""zones": 2"#);
    assert_eq!(assess_stdin(&fixed, &["--fail-on", "high"]).code, 0);
}

/// README, "Commands": 1 when a target is breached (webshop: software and region), also with a
/// `--fail-on` threshold; an architecture without a policy is unassessed, not breached: 0.
#[test]
fn breached_policy_exits_1() {
    let r = drplan_run(&["assess", "fixtures/webshop.json", "--now", NOW]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let r = drplan_run(&[
        "assess",
        "fixtures/webshop.json",
        "--now",
        NOW,
        "--fail-on",
        "low",
    ]);
    assert_eq!(r.code, 1);

    let r = assess_stdin(
        r#"{ "name": "no-policy", "components": [ { "id": "web", "kind": "compute" } ] }"#,
        &["--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["summary"]["status"], "unassessed");
}

/// README, "Commands": 2 for usage errors: unknown subcommand or flag, a missing argument, a bad enum
/// value, a file that does not exist, an output extension drplan cannot map to a format.
#[test]
fn usage_errors_exit_2() {
    let cases: &[&[&str]] = &[
        &["frobnicate"],
        &["assess"],
        &["assess", "fixtures/webshop.json", "--bogus"],
        &["assess", "fixtures/webshop.json", "--format", "yaml"],
        &["assess", "fixtures/webshop.json", "--fail-on", "sometimes"],
        &["assess", "fixtures/does-not-exist.json"],
        &[
            "assess",
            "fixtures/webshop.json",
            "--policy",
            "fixtures/does-not-exist.json",
        ],
        &[
            "assess",
            "fixtures/webshop.json",
            "--policy",
            "fixtures/webshop.json",
        ],
        &["explain"],
    ];
    for args in cases {
        let r = drplan_run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(!r.stderr.trim().is_empty(), "{args:?}: no message");
    }
}

/// `--now` must be a date or an RFC 3339 time: anything else is exit 2 naming the value.
#[test]
fn invalid_now_exits_2() {
    for now in ["yesterday", "2026-13-01", "26/11/2026", ""] {
        let r = drplan_run(&["assess", "fixtures/webshop.json", "--now", now]);
        assert_eq!(r.code, 2, "--now {now:?}");
        assert!(r.stdout.is_empty());
        assert!(r.stderr.contains("--now"), "{}", r.stderr);
    }
    for now in ["2026-11-26", "2026-11-26T20:00:00Z"] {
        let r = drplan_run(&["assess", "fixtures/webshop.json", "--now", now]);
        assert_eq!(r.code, 1, "--now {now:?}: {}", r.stderr);
    }
}

/// An `--assumptions` file with a typo'd key is refused (exit 2) with a suggestion; a correct
/// one changes the figures.
#[test]
fn assumptions_typo_suggests_the_key() {
    let dir = scratch("assumptions_typo");
    let typo = dir.join("typo.json");
    std::fs::write(&typo, r#"{ "detecton": "10m" }"#).unwrap();
    let r = drplan_run(&[
        "assess",
        "fixtures/webshop.json",
        "--now",
        NOW,
        "--assumptions",
        typo.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("did you mean") && r.stderr.contains("\"detection\""),
        "{}",
        r.stderr
    );

    let good = dir.join("good.json");
    std::fs::write(&good, r#"{ "detection": "10m" }"#).unwrap();
    let one = r#"{ "name": "a", "components": [ { "id": "web", "kind": "compute" } ] }"#;
    let r = assess_stdin(
        one,
        &["--format", "json", "--assumptions", good.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // software: D 10m + in-place rollback 10m.
    assert_eq!(
        r.json()["components"][0]["disruptions"]["software"]["rto_secs"],
        1200
    );
}

// ------------------------------------------------------------------------------ invalid input

/// Errors in three different components (validation phase), each with its own location.
const SEMANTIC_ERRORS: &str = r#"{
  "name": "bad",
  "components": [
    { "id": "web", "kind": "compute",
      "deployment": { "instances": 1, "zones": 2 },
      "depends_on": ["apii"] },
    { "id": "api", "kind": "compute", "replicaton": true },
    { "id": "db", "kind": "database", "data_gb": -5,
      "depends_on": ["db"] }
  ]
}"#;

/// Type errors in three different components: one bad component must not hide the next.
const TYPE_ERRORS: &str = r#"{
  "name": "bad",
  "components": [
    { "id": "web", "kind": "compute",
      "backup": { "frequency": "1 hr" } },
    { "id": "api", "kind": "computer" },
    { "id": "db", "kind": "database", "data_gb": "lots" }
  ]
}"#;

/// The line and the column range (1-based, inclusive) of the first occurrence of `needle`.
fn span(text: &str, needle: &str) -> (usize, usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the input"));
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..at].chars().count() + 1;
    (line, col, col + needle.chars().count() - 1)
}

/// Every expected `(path, the text it points at, words of the message)` appears in stderr as
/// `path (line L, col C): ...` with L the line of that text and C within it.
fn assert_located(stderr: &str, input: &str, expected: &[(&str, &str, &str)]) {
    for (path, needle, words) in expected {
        let (line, first, last) = span(input, needle);
        let prefix = format!("{path} (line {line}, col ");
        let hit = stderr.lines().find_map(|l| {
            let rest = &l[l.find(&prefix)? + prefix.len()..];
            let (col, message) = rest.split_once("): ")?;
            Some((col.parse::<usize>().ok()?, message.to_string()))
        });
        let Some((col, message)) = hit else {
            panic!("no error at {prefix}...) in:\n{stderr}");
        };
        assert!(
            (first..=last).contains(&col),
            "{path}: col {col} is not within {needle:?} (cols {first}..={last})\n{stderr}"
        );
        assert!(
            message.contains(words),
            "{path}: {message:?} lacks {words:?}"
        );
    }
}

/// docs/input.md: every validation error at once, each with its JSON path, line and column, and a
/// "did you mean" for a misspelt id or field.
#[test]
fn every_validation_error_is_reported_with_its_location() {
    let r = assess_stdin(SEMANTIC_ERRORS, &[]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty(), "nothing but the errors");
    assert!(r.stderr.contains("5 problems"), "{}", r.stderr);
    assert_located(
        &r.stderr,
        SEMANTIC_ERRORS,
        &[
            (
                "components[0].deployment.zones",
                r#""zones": 2"#,
                "cannot exceed instances",
            ),
            (
                "components[0].depends_on[0]",
                r#""apii""#,
                "did you mean \"api\"",
            ),
            (
                "components[1].replicaton",
                r#""replicaton""#,
                "did you mean \"replication\"",
            ),
            ("components[2].data_gb", "-5", "≥ 0"),
            ("components[2].depends_on[0]", r#"["db"]"#, "itself"),
        ],
    );
}

/// docs/input.md: type errors are reported for as many components as can be read.
#[test]
fn type_errors_in_several_components_are_all_reported() {
    let r = assess_stdin(TYPE_ERRORS, &[]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("3 problems"), "{}", r.stderr);
    assert_located(
        &r.stderr,
        TYPE_ERRORS,
        &[
            (
                "components[0].backup.frequency",
                r#""1 hr""#,
                "not a duration",
            ),
            ("components[1].kind", r#""computer""#, "compute"),
            ("components[2].data_gb", r#""lots""#, "lots"),
        ],
    );
}

/// docs/input.md: invalid input writes nothing: no `-o` file (nor a temporary one) whether or not its
/// directory exists, and no directory is created.
#[test]
fn invalid_input_writes_nothing() {
    let dir = scratch("invalid_input_writes_nothing");
    let input = dir.join("bad.json");
    std::fs::write(&input, SEMANTIC_ERRORS).unwrap();
    for out in [dir.join("out.json"), dir.join("reports/out.json")] {
        let r = drplan_run(&[
            "assess",
            input.to_str().unwrap(),
            "--now",
            NOW,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 2);
        assert!(r.stdout.is_empty());
        assert!(!out.exists(), "{} was written", out.display());
        assert_eq!(entries(&dir), ["bad.json"], "something was left behind");
    }
}

/// Deterministic pseudo-random bytes (no `rand` needed).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 56) as u8
        })
        .collect()
}

/// Malformed, truncated, binary, empty and non-UTF-8 input: exit 2 with an `error:` message,
/// nothing on stdout, never a panic — from a file and from standard input.
#[test]
fn garbage_input_exits_2_without_panicking() {
    let webshop = std::fs::read(root().join("fixtures/webshop.json")).unwrap();
    let mut cases: Vec<(String, Vec<u8>)> = vec![
        ("empty".into(), vec![]),
        ("whitespace".into(), b"  \n\t ".to_vec()),
        ("open brace".into(), b"{".to_vec()),
        ("null".into(), b"null".to_vec()),
        ("array".into(), b"[]".to_vec()),
        ("a number".into(), b"42".to_vec()),
        (
            "trailing comma".into(),
            br#"{"name": "x", "components": [],}"#.to_vec(),
        ),
        ("trailing garbage".into(), {
            let mut v = webshop.clone();
            v.extend_from_slice(b"\n}}} trailing");
            v
        }),
        (
            "latin-1".into(),
            b"{\"name\": \"caf\xe9\", \"components\": []}".to_vec(),
        ),
        ("utf-16".into(), {
            let mut v = vec![0xff, 0xfe];
            v.extend(
                "{\"name\": \"x\"}"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            );
            v
        }),
        ("nul bytes".into(), vec![0; 64]),
        ("deep nesting".into(), {
            let mut v = b"{\"name\": \"x\", \"components\": ".to_vec();
            v.extend(std::iter::repeat_n(b'[', 100_000));
            v
        }),
        ("deep nesting, closed".into(), {
            let mut v = b"{\"name\": \"x\", \"components\": [".to_vec();
            v.extend(std::iter::repeat_n(b'[', 100_000));
            v.extend(std::iter::repeat_n(b']', 100_000));
            v.extend_from_slice(b"]}");
            v
        }),
        (
            "huge number".into(),
            br#"{"name": "x", "components": [{"id": "a", "kind": "database", "data_gb": 1e400}]}"#
                .to_vec(),
        ),
    ];
    for seed in 1..=3 {
        cases.push((format!("noise {seed}"), noise(512, seed)));
    }
    for cut in [1, 2, 100, webshop.len() / 2, webshop.len() - 2] {
        cases.push((format!("truncated at {cut}"), webshop[..cut].to_vec()));
    }

    let dir = scratch("garbage_input");
    for (i, (name, bytes)) in cases.iter().enumerate() {
        let path = dir.join(format!("case{i}.json"));
        std::fs::write(&path, bytes).unwrap();
        let from_file = drplan_run(&["assess", path.to_str().unwrap(), "--now", NOW]);
        let from_stdin = run(drplan()
            .args(["assess", "-", "--now", NOW])
            .write_stdin(bytes.clone()));
        for (how, r) in [("file", from_file), ("stdin", from_stdin)] {
            assert_eq!(r.code, 2, "{name} ({how}): {}", r.stderr);
            assert!(r.stdout.is_empty(), "{name} ({how}): wrote to stdout");
            assert!(
                r.stderr.starts_with("error:"),
                "{name} ({how}): {}",
                r.stderr
            );
            assert!(
                r.stderr.contains("line "),
                "{name} ({how}): no position: {}",
                r.stderr
            );
        }
    }
}

/// Every prefix of a real architecture file is rejected with a located error, never a panic
/// (through the library: thousands of cases).
#[test]
fn every_truncation_is_an_error_not_a_panic() {
    let webshop = std::fs::read(root().join("fixtures/webshop.json")).unwrap();
    let options = drplan::input::LoadOptions::default();
    let end = webshop
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .unwrap();
    for cut in 0..=end {
        match drplan::input::load(&webshop[..cut], "webshop.json", &options) {
            Ok(_) => panic!("a file cut at byte {cut} was accepted"),
            Err(e) => assert!(!e.diagnostics.is_empty(), "cut at {cut}: no diagnostic"),
        }
    }
    assert!(drplan::input::load(&webshop, "webshop.json", &options).is_ok());
}

// ------------------------------------------------------------------------------ output

/// README, "Commands": the same input and `--now` give byte-identical JSON, and `-o x.json` writes
/// exactly what `--format json` prints.
#[test]
fn json_output_is_deterministic_and_o_matches_stdout() {
    let args = [
        "assess",
        "fixtures/webshop.json",
        "--now",
        NOW,
        "--format",
        "json",
    ];
    let first = drplan_run(&args);
    let second = drplan_run(&args);
    assert_eq!(first.code, 1);
    assert!(!first.stdout.is_empty());
    assert_eq!(first.stdout, second.stdout, "two runs differ");
    let json = first.json();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["architecture"], "webshop");

    let dir = scratch("json_output_is_deterministic");
    let out = dir.join("x.json");
    let r = drplan_run(&[
        "assess",
        "fixtures/webshop.json",
        "--now",
        NOW,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "-o writes the report to the file only");
    assert_eq!(std::fs::read(&out).unwrap(), first.stdout);
    assert_eq!(entries(&dir), ["x.json"], "no temporary file left behind");
}

/// `-o` over an earlier result replaces it whole (the old file is swapped out, then
/// deleted: nothing else is left in the directory); a directory at the path is an error
/// that leaves the directory as it was.
#[test]
fn o_replaces_an_earlier_result_and_never_a_directory() {
    let dir = scratch("o_replaces_an_earlier_result");
    let out = dir.join("x.json");
    std::fs::write(&out, "an earlier result, longer than nothing").unwrap();
    let to = |out: &Path| {
        drplan_run(&[
            "assess",
            "fixtures/webshop.json",
            "--now",
            NOW,
            "-o",
            out.to_str().unwrap(),
        ])
    };
    let r = to(&out);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let expected = drplan_run(&[
        "assess",
        "fixtures/webshop.json",
        "--now",
        NOW,
        "--format",
        "json",
    ]);
    assert_eq!(std::fs::read(&out).unwrap(), expected.stdout);
    assert_eq!(
        entries(&dir),
        ["x.json"],
        "the old file is gone, nothing temporary left"
    );

    let taken = dir.join("taken.json");
    std::fs::create_dir(&taken).unwrap();
    std::fs::write(taken.join("inside"), "kept").unwrap();
    let r = to(&taken);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("taken.json"), "{}", r.stderr);
    assert_eq!(entries(&taken), ["inside"], "the directory is untouched");
    assert_eq!(
        entries(&dir),
        ["taken.json", "x.json"],
        "nothing temporary left"
    );
}

/// Above `PRETTY_LIMIT` components the command writes the JSON's first part while the
/// planner runs: the file and standard output still get the same complete result, a breach
/// still exits 1, and nothing temporary is left behind.
#[test]
fn large_json_is_streamed_whole() {
    let dir = scratch("large_json_is_streamed_whole");
    let arch = dir.join("large.json");
    let n = drplan::report::json::PRETTY_LIMIT + 500;
    std::fs::write(&arch, synth::architecture(n, 3)).unwrap();
    let out = dir.join("result.json");
    let (arch, out) = (arch.to_str().unwrap(), out.to_str().unwrap());
    let to_file = drplan_run(&["assess", arch, "--now", NOW, "-o", out]);
    let to_stdout = drplan_run(&["assess", arch, "--now", NOW, "--format", "json"]);
    assert_eq!(to_file.code, 1, "{}", to_file.stderr);
    assert_eq!(to_stdout.code, 1, "{}", to_stdout.stderr);
    assert_eq!(std::fs::read(out).unwrap(), to_stdout.stdout);
    let json = to_stdout.json();
    assert_eq!(json["components"].as_array().unwrap().len(), n);
    assert!(!json["recommendations"].as_array().unwrap().is_empty());
    assert!(json["frontier"].is_array());
    assert_eq!(entries(&dir), ["large.json", "result.json"]);
}

/// `-o` picks the format from the extension: `.json` is the JSON result, `.txt` the text
/// summary; an unknown extension is a usage error that writes nothing.
#[test]
fn output_format_follows_the_extension() {
    let dir = scratch("output_format_follows_the_extension");
    let stdout_of = |format: &str| {
        drplan_run(&[
            "assess",
            "fixtures/webshop.json",
            "--now",
            NOW,
            "--format",
            format,
        ])
        .stdout
    };
    for (file, format) in [("r.json", "json"), ("R.JSON", "json"), ("r.txt", "text")] {
        let out = dir.join(file);
        let r = drplan_run(&[
            "assess",
            "fixtures/webshop.json",
            "--now",
            NOW,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 1, "{file}: {}", r.stderr);
        assert_eq!(std::fs::read(&out).unwrap(), stdout_of(format), "{file}");
    }
    let text = std::fs::read_to_string(dir.join("r.txt")).unwrap();
    assert!(
        serde_json::from_str::<Value>(&text).is_err(),
        "r.txt holds JSON"
    );
    assert!(text.contains("webshop"));
    assert!(!text.contains('\x1b'), "no colour in a file");

    let out = dir.join("r.xyz");
    let r = drplan_run(&[
        "assess",
        "fixtures/webshop.json",
        "--now",
        NOW,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--format"), "{}", r.stderr);
    assert!(!out.exists());
}

/// Text on a pipe (not a terminal) has no colour codes.
#[test]
fn text_on_a_pipe_has_no_colour() {
    let r = drplan_run(&["assess", "fixtures/webshop.json", "--now", NOW]);
    assert_eq!(r.code, 1);
    let text = r.stdout();
    assert!(
        text.contains("webshop") && text.contains("region"),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "escape codes on a pipe");
}

// ------------------------------------------------------------------------------ policy

fn targets(json: &Value) -> Vec<(String, Value, Value)> {
    ["software", "hardware", "az", "region"]
        .into_iter()
        .map(|d| {
            let v = &json["disruptions"][d];
            (d.to_string(), v["target"].clone(), v["status"].clone())
        })
        .collect()
}

/// docs/input.md: `--policy` with a Resilience Hub document replaces the file's policy: its
/// Software/Hardware/AZ seconds become the targets, and the absent Region key leaves region
/// unassessed (the tier does not fill it in).
#[test]
fn resilience_hub_policy_replaces_the_targets() {
    let base = drplan_run(&[
        "assess",
        "fixtures/webshop.json",
        "--now",
        NOW,
        "--format",
        "json",
    ])
    .json();
    let r = drplan_run(&[
        "assess",
        "fixtures/webshop.json",
        "--now",
        NOW,
        "--format",
        "json",
        "--policy",
        "fixtures/rh-policy.json",
    ]);
    assert_ne!(r.code, 2, "{}", r.stderr);
    let json = r.json();
    let target = |d: &str| json["disruptions"][d]["target"].clone();
    assert_eq!(
        target("software"),
        serde_json::json!({ "rto_secs": 3600, "rpo_secs": 900 })
    );
    assert_eq!(
        target("hardware"),
        serde_json::json!({ "rto_secs": 300, "rpo_secs": 300 })
    );
    assert_eq!(
        target("az"),
        serde_json::json!({ "rto_secs": 300, "rpo_secs": 300 })
    );
    assert_eq!(target("region"), Value::Null);
    assert_eq!(json["disruptions"]["region"]["status"], "unassessed");
    assert_eq!(json["summary"]["unassessed"], serde_json::json!(["region"]));
    assert_ne!(
        targets(&json),
        targets(&base),
        "the file's own policy was kept"
    );
    // DR102 and DR204 need a region target: gone with the replaced policy.
    for f in json["findings"].as_array().unwrap() {
        assert!(f["rule"] != "DR102" && f["rule"] != "DR204", "{f}");
    }
}

/// `drplan policy export` writes a Resilience Hub document that `--policy` reads back to the
/// same targets and statuses.
#[test]
fn policy_export_round_trips_through_policy() {
    let r = drplan_run(&["policy", "export", "fixtures/webshop.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    assert_eq!(doc["tier"], "Critical");
    assert_eq!(doc["policy"]["Region"]["rtoInSecs"], 14400);

    let dir = scratch("policy_round_trip");
    let exported = dir.join("rh.json");
    std::fs::write(&exported, &r.stdout).unwrap();
    let base = drplan_run(&[
        "assess",
        "fixtures/webshop.json",
        "--now",
        NOW,
        "--format",
        "json",
    ]);
    let again = drplan_run(&[
        "assess",
        "fixtures/webshop.json",
        "--now",
        NOW,
        "--format",
        "json",
        "--policy",
        exported.to_str().unwrap(),
    ]);
    assert_eq!(again.code, base.code, "{}", again.stderr);
    assert_eq!(targets(&again.json()), targets(&base.json()));
}

// ------------------------------------------------------------------------------ schema, init

/// `drplan schema` prints a JSON Schema of the input that describes `components`.
#[test]
fn schema_is_json_schema_of_the_input() {
    let r = drplan_run(&["schema"]);
    assert_eq!(r.code, 0);
    let schema = r.json();
    assert!(
        schema["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("json-schema.org"))
    );
    assert!(schema["properties"]["components"].is_object(), "{schema}");
    assert!(r.stdout().contains("components"));
    // A resource identity is an ARN or a service and an id, never both (docs/input.md).
    let resource = &schema["$defs"]["RawResource"];
    assert_eq!(
        resource["oneOf"],
        serde_json::json!([{ "required": ["arn"] }, { "required": ["service", "id"] }]),
        "{resource}"
    );
    assert_eq!(resource["additionalProperties"], false);
}

/// `drplan init -` prints an example that `drplan assess -` accepts.
#[test]
fn init_example_is_accepted_by_assess() {
    let init = drplan_run(&["init", "-"]);
    assert_eq!(init.code, 0);
    let example = init.stdout();
    assert!(example.contains("\"components\""));
    let r = run(drplan()
        .args(["assess", "-", "--now", NOW, "--format", "json"])
        .write_stdin(init.stdout.clone()));
    assert!(
        r.code == 0 || r.code == 1,
        "init's example was refused:\n{}",
        r.stderr
    );
    assert!(
        r.json()["components"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );
}

/// `drplan init PATH` writes the example, refuses to overwrite it (exit 2, file untouched),
/// and overwrites it with `--force`.
#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = scratch("init_refuses_to_overwrite");
    let path = dir.join("drplan.json");
    let p = path.to_str().unwrap();
    let example = drplan_run(&["init", "-"]).stdout;

    let r = drplan_run(&["init", p]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), example);

    std::fs::write(&path, "my edits").unwrap();
    let r = drplan_run(&["init", p]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my edits");

    let r = drplan_run(&["init", p, "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), example);
    assert_eq!(entries(&dir), ["drplan.json", "drplan.schema.json"]);
}

/// `drplan init` writes the schema its example's `$schema` points at, and the example is
/// valid by a JSON Schema validator that is not drplan (check-jsonschema, which .ci/run
/// installs).
#[test]
fn init_writes_a_schema_an_editor_can_use() {
    let dir = scratch("init_schema");
    let path = dir.join("app.json");
    let r = drplan_run(&["init", path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let example: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let schema_path = dir.join(example["$schema"].as_str().unwrap());
    let schema = std::fs::read_to_string(&schema_path).expect("the schema $schema points at");
    assert_eq!(schema, drplan_run(&["schema"]).stdout());
    let checker = crate::util::installed(&["check-jsonschema"], "pip install check-jsonschema");
    let Some(checker) = checker else { return };
    let out = std::process::Command::new(checker)
        .args([
            "--schemafile",
            schema_path.to_str().unwrap(),
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

// ------------------------------------------------------------------------------ regressions

/// Regression: figures the input accepts used to overflow `Duration` arithmetic (exit 101).
/// A restore of 1e300 GB (or at 1e-300 MB/s) now saturates; durations over 100 years are
/// rejected as input errors.
#[test]
fn extreme_figures_do_not_panic() {
    let inputs = [
        r#"{"name":"x","components":[{"id":"db","kind":"database","data_gb":1e300,"backup":{"frequency":"24h"}}]}"#,
        r#"{"name":"x","components":[{"id":"db","kind":"database","data_gb":1,"backup":{"frequency":"24h","restore_mb_per_sec":1e-300}}]}"#,
        r#"{"name":"x","components":[{"id":"a","kind":"compute","recovery":{"detection":"18446744073709551615s"}}]}"#,
    ];
    let mut panics = Vec::new();
    for input in inputs {
        let out = drplan()
            .args(["assess", "-", "--now", NOW])
            .env("RUST_BACKTRACE", "0")
            .write_stdin(input)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if stderr.contains("panicked") || !matches!(out.status.code(), Some(0..=2)) {
            let why = stderr
                .lines()
                .skip_while(|l| !l.contains("panicked"))
                .nth(1)
                .unwrap_or_default();
            panics.push(format!("{input}\n  -> exit {:?}: {why}", out.status.code()));
        }
    }
    assert!(
        panics.is_empty(),
        "drplan panicked on:\n{}",
        panics.join("\n")
    );
}
