//! Architecture files from pull requests are untrusted (docs/ci.md, "Untrusted input"):
//! sources stay inside the architecture's directory (or `--root`), errors quote nothing they
//! read, hostile shapes end within seconds, and the outputs ping, link and fetch nothing.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::util::{NOW, drplan_run, root, scratch};

/// An architecture in `dir` whose one source is `source`.
fn arch_with(dir: &Path, source: &str, kind: &str) -> String {
    let path = dir.join("arch.json");
    let text = format!(
        "{{\n  \"name\": \"x\",\n  \"regions\": {{ \"primary\": \"us-east-1\" }},\n  \"sources\": [\n    {{ \"{kind}\": {} }}\n  ]\n}}\n",
        serde_json::to_string(source).unwrap()
    );
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn copy_fixture(dir: &Path, fixture: &str, to: &str) {
    let target = dir.join(to);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::copy(root().join("fixtures/import").join(fixture), target).unwrap();
}

#[test]
fn sources_outside_the_architecture_are_refused_unless_allowed() {
    let dir = scratch("untrusted-paths");
    let repo = dir.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    copy_fixture(&dir, "tf-plan-shop.json", "outside/plan.json");
    copy_fixture(&repo, "tf-plan-shop.json", "infra/plan.json");
    let outside = dir.join("outside/plan.json");
    let cases = [
        (outside.to_str().unwrap().to_string(), "is an absolute path"),
        ("../outside/plan.json".to_string(), "climbs out of"),
    ];
    for (source, expected) in &cases {
        let arch = arch_with(&repo, source, "terraform");
        let run = drplan_run(&["assess", &arch, "--now", NOW]);
        assert_eq!(run.code, 2, "{source}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{source}: {}", run.stderr);
        assert!(
            run.stderr.contains("sources[0].terraform (line 5"),
            "{}",
            run.stderr
        );
        // The user can say it is fine.
        let run = drplan_run(&["assess", &arch, "--now", NOW, "--allow-outside"]);
        assert!(
            run.code <= 1,
            "{source} with --allow-outside: {}",
            run.stderr
        );
    }
    // A symbolic link inside that points out.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, repo.join("link.json")).unwrap();
        let arch = arch_with(&repo, "link.json", "terraform");
        let run = drplan_run(&["assess", &arch, "--now", NOW]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("outside"), "{}", run.stderr);
        for cmd in ["resolve", "plan"] {
            let run = drplan_run(&[cmd, &arch]);
            assert_eq!(run.code, 2, "{cmd}: {}", run.stderr);
        }
    }
    // Inside is fine, and `--root` widens (or narrows) where inside is.
    let arch = arch_with(&repo, "infra/plan.json", "terraform");
    assert!(drplan_run(&["assess", &arch, "--now", NOW]).code <= 1);
    let nested = repo.join("team");
    std::fs::create_dir_all(&nested).unwrap();
    let arch = arch_with(&nested, "../infra/plan.json", "terraform");
    assert_eq!(drplan_run(&["assess", &arch, "--now", NOW]).code, 2);
    let run = drplan_run(&[
        "assess",
        &arch,
        "--now",
        NOW,
        "--root",
        repo.to_str().unwrap(),
    ]);
    assert!(run.code <= 1, "{}", run.stderr);
}

#[test]
fn credentials_named_as_sources_are_not_quoted() {
    let dir = scratch("untrusted-credentials");
    for (fixture, kind, secret) in [
        (
            "credentials.ini",
            "cloudformation",
            "FAKESECRETdoNotPrint1234",
        ),
        ("credentials.ini", "terraform", "FAKESECRETdoNotPrint1234"),
        ("env-dump.yaml", "cloudformation", "FAKEenvSecret987"),
    ] {
        copy_fixture(&dir, fixture, fixture);
        let arch = arch_with(&dir, fixture, kind);
        for cmd in [
            &["assess", &arch][..],
            &["resolve", &arch],
            &["diff", &arch, &arch],
        ] {
            let run = drplan_run(cmd);
            assert_eq!(run.code, 2, "{fixture} as {kind}: {}", run.stderr);
            assert!(run.stderr.contains(fixture), "{}", run.stderr);
            assert!(
                !run.stderr.contains(secret) && !run.stderr.contains("AKIA"),
                "{}",
                run.stderr
            );
            assert!(run.stdout.is_empty());
        }
    }
}

/// Runs and says how long it took.
fn timed(args: &[&str]) -> (crate::util::Run, Duration) {
    let start = Instant::now();
    let run = drplan_run(args);
    (run, start.elapsed())
}

#[test]
fn hostile_shapes_end_within_seconds() {
    let dir = scratch("untrusted-shapes");
    // Nine levels of nine aliases: 387 million nodes if expanded.
    let mut bomb = String::from("Resources: {}\na: &a [x, x, x, x, x, x, x, x, x]\n");
    for (i, c) in "bcdefghij".chars().enumerate() {
        let prev = (b'a' + i as u8) as char;
        bomb.push_str(&format!("{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    std::fs::write(dir.join("bomb.yaml"), bomb).unwrap();
    std::fs::write(
        dir.join("deep.yaml"),
        format!("Resources:\n  X: {}\n", "[".repeat(100_000)),
    )
    .unwrap();
    std::fs::write(
        dir.join("deep.json"),
        format!(
            "{{\"format_version\": \"1.0\", \"values\": {}",
            "[".repeat(100_000)
        ),
    )
    .unwrap();
    let many: String = (0..20_000)
        .map(|i| format!("  Q{i}: {{Type: AWS::SQS::Queue}}\n"))
        .collect();
    std::fs::write(dir.join("many.yaml"), format!("Resources:\n{many}")).unwrap();
    // A gigabyte that takes no room: refused by its size, not read.
    let huge = std::fs::File::create(dir.join("huge.json")).unwrap();
    huge.set_len(1 << 30).unwrap();
    for (file, kind, expected) in [
        ("bomb.yaml", "cloudformation", "nodes"),
        ("deep.yaml", "cloudformation", "deep"),
        ("deep.json", "terraform", "deep"),
        ("many.yaml", "cloudformation", "10000 resources"),
        ("huge.json", "terraform", "at most 256 MiB"),
    ] {
        let arch = arch_with(&dir, file, kind);
        let (run, took) = timed(&["assess", &arch, "--now", NOW]);
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{file}: {}", run.stderr);
        assert!(took < Duration::from_secs(10), "{file} took {took:?}");
    }
}

#[test]
fn sensitive_plan_values_reach_no_output() {
    let dir = scratch("untrusted-sensitive");
    copy_fixture(&dir, "tf-plan-shop.json", "plan.json");
    let arch = arch_with(&dir, "plan.json", "terraform");
    for args in [
        vec!["resolve", arch.as_str()],
        vec!["assess", arch.as_str(), "--now", NOW, "--format", "json"],
        vec!["assess", arch.as_str(), "--now", NOW, "--format", "html"],
        vec!["assess", arch.as_str(), "--now", NOW, "--format", "sarif"],
        vec![
            "assess",
            arch.as_str(),
            "--now",
            NOW,
            "--format",
            "markdown",
        ],
        vec![
            "diff",
            arch.as_str(),
            arch.as_str(),
            "--now",
            NOW,
            "--format",
            "markdown",
        ],
    ] {
        let run = drplan_run(&args);
        assert!(run.code <= 1, "{args:?}: {}", run.stderr);
        let out = run.stdout();
        assert!(
            !out.contains("plan-secret-do-not-print") && !run.stderr.contains("plan-secret"),
            "{args:?}"
        );
    }
}

#[test]
fn names_that_would_ping_or_link_stay_text() {
    let dir = scratch("untrusted-names");
    let hostile = "@org/team see [click](https://evil.example) #12";
    let arch = |zones: u32| {
        serde_json::json!({
            "name": "shop",
            "policy": { "targets": { "hardware": { "rto": "10m", "rpo": "1h" } } },
            "components": [
                { "id": "web", "kind": "compute", "name": hostile, "owner": hostile, "cell": hostile,
                  "deployment": { "instances": 2, "zones": 2 },
                  "depends_on": [ { "id": "db", "timeout": "2s", "fallback": hostile, "critical": false } ] },
                { "id": "db", "kind": "database", "name": hostile,
                  "deployment": { "instances": zones, "zones": zones },
                  "backup": { "frequency": "1h", "retention": "35d" } }
            ]
        })
        .to_string()
    };
    let good = dir.join("good.json");
    let bad = dir.join("bad.json");
    std::fs::write(&good, arch(2)).unwrap();
    std::fs::write(&bad, arch(1)).unwrap();
    let (good, bad) = (good.to_str().unwrap(), bad.to_str().unwrap());
    let outputs = [
        drplan_run(&["assess", bad, "--now", NOW, "--format", "markdown"]).stdout(),
        drplan_run(&["diff", good, bad, "--now", NOW, "--format", "markdown"]).stdout(),
        drplan_run(&["assess", bad, "--now", NOW, "--format", "sarif"]).stdout(),
    ];
    for out in &outputs {
        assert!(!out.contains("@org"), "a mention survives:\n{out}");
        assert!(!out.contains("](https://evil"), "a link survives:\n{out}");
        assert!(!out.contains("https://evil"), "a bare URL survives:\n{out}");
        assert!(!out.contains("#12"), "an issue reference survives:\n{out}");
    }
    // The HTML escapes it and fetches nothing.
    let html = drplan_run(&["assess", bad, "--now", NOW, "--format", "html"]).stdout();
    assert!(
        !html.contains("href=\"https://evil"),
        "the report links the name"
    );
    for attr in ["src=\"http", "src=\"//", "href=\"//", "url(http", "@import"] {
        assert!(!html.contains(attr), "the report loads {attr}");
    }
}
