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

/// Runs `drplan ARGS…` with standard input from `stdin`, bounded by a deadline: a read that
/// blocks fails the test instead of hanging it.
fn bounded(args: &[&str], stdin: std::process::Stdio) -> (i32, String, Duration) {
    let start = Instant::now();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_drplan"))
        .args(args)
        .current_dir(root())
        .stdin(stdin)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("drplan starts");
    while child.try_wait().expect("waits").is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("drplan {args:?} still runs after 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("drplan ends");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "drplan panicked:\n{stderr}");
    (
        out.status.code().expect("an exit code"),
        stderr,
        start.elapsed(),
    )
}

/// Issue 19: a named pipe given to `import` or as a source blocked forever, and `import
/// /dev/zero` grew without bound. Only regular files (and `-`) are read; the rest is refused
/// by its type, naming the path, before a byte is read.
#[test]
fn only_regular_files_are_read() {
    let dir = scratch("untrusted-file-types");
    let fifo = dir.join("plan.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    std::fs::create_dir_all(dir.join("folder.json")).unwrap();
    let fifo = fifo.to_str().unwrap();
    let folder = dir.join("folder.json");
    let folder = folder.to_str().unwrap();
    for (path, what) in [
        (fifo, "a named pipe"),
        ("/dev/zero", "a device"),
        (folder, "a directory"),
    ] {
        let null = std::process::Stdio::null;
        let (code, stderr, took) = bounded(&["import", path], null());
        assert_eq!(code, 2, "import {path}: {stderr}");
        assert!(
            stderr.contains(path) && stderr.contains(what) && stderr.contains("not a regular file"),
            "import {path}: {stderr}"
        );
        assert!(took < Duration::from_secs(5), "import {path} took {took:?}");
        let (code, stderr, _) = bounded(&["assess", path, "--now", NOW], null());
        assert_eq!(code, 2, "assess {path}: {stderr}");
        assert!(stderr.contains(what), "assess {path}: {stderr}");
    }
    // As a source, named by an architecture beside it.
    let arch = arch_with(&dir, "plan.json", "terraform");
    let (code, stderr, took) = bounded(
        &["assess", &arch, "--now", NOW],
        std::process::Stdio::null(),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("sources[0]")
            && stderr.contains("plan.json")
            && stderr.contains("a named pipe"),
        "{stderr}"
    );
    assert!(
        took < Duration::from_secs(5),
        "a pipe as a source took {took:?}"
    );
}

/// Standard input is read up to the limit and one byte more, never without bound; an oversized
/// file given to `import` is refused by its size before it is read (issue 19).
#[test]
fn every_read_is_bounded() {
    let dir = scratch("untrusted-bounded");
    let zero = std::fs::File::open("/dev/zero").expect("/dev/zero");
    let (code, stderr, took) = bounded(&["import", "-"], zero.into());
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("<stdin>") || stderr.contains("cannot read -"),
        "{stderr}"
    );
    assert!(stderr.contains("at most 256 MiB"), "{stderr}");
    assert!(took < Duration::from_secs(15), "stdin took {took:?}");
    // A gigabyte that takes no room.
    let huge = dir.join("huge.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let huge = huge.to_str().unwrap();
    let (code, stderr, took) = bounded(&["import", huge], std::process::Stdio::null());
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("1024 MiB") && stderr.contains("at most 256 MiB"),
        "{stderr}"
    );
    assert!(took < Duration::from_secs(2), "a huge file took {took:?}");
}

/// Issue 19: `format_version` and a source path were echoed raw into errors. A newline in them
/// no longer starts a line of its own (a workflow command in a CI log), and a value that looks
/// like a credential is not repeated.
#[test]
fn text_from_files_starts_no_line_in_errors() {
    let dir = scratch("untrusted-echo");
    let secret = "AKIAIOSFODNN7EXAMPLE";
    let plan = dir.join("plan.json");
    std::fs::write(
        &plan,
        serde_json::json!({
            "format_version": format!("9\n::error file=x::pwned {secret}\u{1b}[2J"),
            "values": {"root_module": {}}
        })
        .to_string(),
    )
    .unwrap();
    let arch = arch_with(&dir, "no\n::error file=y::pwned\r.json", "terraform");
    for args in [
        vec!["import", plan.to_str().unwrap()],
        vec!["assess", &arch, "--now", NOW],
    ] {
        let run = drplan_run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            !run.stderr.lines().any(|l| l.trim_start().starts_with("::")),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains(secret)
                && !run.stderr.contains('\u{1b}')
                && !run.stderr.contains('\r'),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("::error"), "{args:?}: {}", run.stderr);
    }
}

/// `-o` naming a device or a pipe writes into it: the result used to be written beside it and
/// renamed over it, which as root replaced `/dev/null` with a file (found with issue 19).
#[test]
fn an_output_that_is_a_pipe_stays_a_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch("untrusted-output-pipe");
    let fifo = dir.join("out.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).expect("the pipe reads"))
    };
    let run = drplan_run(&[
        "import",
        "fixtures/import/cfn-shop.json",
        "-o",
        fifo.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = reader.join().expect("the reader ends");
    let doc: serde_json::Value = serde_json::from_slice(&written).expect("JSON came through");
    assert!(doc["components"].is_array());
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe was replaced by {kind:?}");
}
