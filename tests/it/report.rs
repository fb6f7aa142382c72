//! The reports a person reads (docs/report.md): the self-contained HTML report, the
//! Markdown summary and `drplan plan`. Content present, user strings escaped, nothing loaded
//! from the network, byte-identical output, a runbook in dependency order, big architectures
//! still readable, and the example report rendered by headless Chromium to a non-blank image.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

use crate::synth;
use crate::util::{NOW, drplan_run, root, scratch};

const WEBSHOP: &str = "fixtures/webshop.json";
const HOSTILE: &str = "<script>alert(1)</script>";

/// Runs drplan from the crate root; returns (exit code, stdout, stderr).
fn drplan(args: &[&str]) -> (i32, String, String) {
    let r = drplan_run(args);
    (r.code, r.stdout(), r.stderr)
}

/// The report of `arch` in `format` on standard output.
fn report(arch: &str, format: &str) -> String {
    let (code, out, err) = drplan(&["assess", arch, "--now", NOW, "--format", format]);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    out
}

fn webshop_json() -> Value {
    serde_json::from_str(&report(WEBSHOP, "json")).unwrap()
}

/// The webshop with user strings that are hostile to HTML and Markdown everywhere they can go.
fn hostile_architecture() -> String {
    let mut arch: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(WEBSHOP)).unwrap()).unwrap();
    arch["name"] = Value::from(format!("shop {HOSTILE} | *bold* [x](http://evil.example)"));
    for c in arch["components"].as_array_mut().unwrap() {
        c["name"] = Value::from(format!("{HOSTILE} \"quoted\" & 'single' `tick` |pipe|"));
        c["description"] = Value::from(format!("<img src=x onerror=alert(1)> {HOSTILE}"));
        c["owner"] = Value::from("@everyone <b>team</b>");
        c["service"] = Value::from("aws:<i>svc</i>");
    }
    // A cell and a fallback are free text too.
    let comps = arch["components"].as_array_mut().unwrap();
    comps[2]["cell"] = Value::from(format!("cell {HOSTILE}"));
    comps[3]["cell"] = Value::from(format!("cell {HOSTILE}"));
    serde_json::to_string(&arch).unwrap()
}

fn write_temp(test: &str, name: &str, text: &str) -> String {
    let path = scratch(test).join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

// ------------------------------------------------------------------------------ HTML

/// `-o report.html` writes one HTML document with every section of docs/report.md: the verdict,
/// the graph, the disruption table, a card per component, the findings with their rule
/// pages, the runbook and the assumptions.
#[test]
fn html_has_every_section_and_component() {
    let dir = scratch("sections");
    let out = dir.join("report.html");
    let (code, _, err) = drplan(&["assess", WEBSHOP, "--now", NOW, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1, "webshop breaches its policy: {err}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    for section in [
        "id=\"verdict\"",
        "id=\"graph\"",
        "id=\"disruptions\"",
        "id=\"components\"",
        "id=\"findings\"",
        "id=\"runbook\"",
        "id=\"assumptions\"",
        "id=\"recommendations\"",
        "id=\"frontier\"",
        "id=\"operations\"",
        "Alarms to add",
        "Runbooks (SOPs) to write",
        "Experiments to run",
        "Dependency graph",
        "Recovery runbook",
        "<svg class=\"graph",
        "<svg class=\"gantt",
    ] {
        assert!(html.contains(section), "missing {section}");
    }
    let json = webshop_json();
    for c in json["components"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        assert!(html.contains(&format!("id=\"c-{id}\"")), "no card for {id}");
    }
    for d in ["Software", "Hardware", "AZ", "Region"] {
        assert!(
            html.contains(&format!("<h3>{d}</h3>")),
            "no verdict for {d}"
        );
    }
    // Every finding is listed, with a link to its rule page, and the page exists.
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        let rule = f["rule"].as_str().unwrap();
        let link = format!("href=\"docs/rules/{rule}.md\"");
        assert!(html.contains(&link), "no link to {rule}");
        assert!(root().join(format!("docs/rules/{rule}.md")).exists());
    }
    assert_eq!(
        html.matches("class=\"sev-row-").count(),
        findings.len(),
        "one row per finding"
    );
    // The arithmetic of an estimate: orders-db's software restore.
    assert!(html.contains("400 GB @ 100 MB&#x2f;s"));
    assert!(html.contains("1h 8m 16s"));
    // The verdict names the cause of an unrecoverable disruption.
    assert!(html.contains("web cannot recover: region_strategy is none"));
}

/// A component, cell or architecture named `<script>…` stays text in the HTML report: the
/// only script element is drplan's own.
#[test]
fn html_escapes_hostile_names() {
    let arch = write_temp("hostile-html", "arch.json", &hostile_architecture());
    let html = report(&arch, "html");
    assert!(!html.contains(HOSTILE), "raw script tag in the report");
    assert!(!html.contains("<img"), "raw img tag in the report");
    assert!(!html.contains("<b>team"), "raw b tag in the report");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only drplan's own script"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "the text is kept"
    );
}

/// Nothing is loaded from the network: no `src`/`href` to http(s) or protocol-relative
/// URLs, no `@import`, no `url(` outside the document, no external elements; a
/// Content-Security-Policy forbids it anyway.
#[test]
fn html_loads_nothing_from_the_network() {
    for arch in [WEBSHOP.to_string(), synthetic("network", 400)] {
        let html = report(&arch, "html");
        let lower = html.to_ascii_lowercase();
        for attr in ["src=", "href=", "xlink:href="] {
            for (i, _) in lower.match_indices(attr) {
                let value = lower[i + attr.len()..]
                    .trim_start_matches(['"', '\'', ' '])
                    .to_string();
                assert!(
                    !(value.starts_with("http:")
                        || value.starts_with("https:")
                        || value.starts_with("//")),
                    "{attr} loads from the network: {}",
                    &lower[i..(i + 80).min(lower.len())]
                );
            }
        }
        for (i, _) in lower.match_indices("url(") {
            let value = lower[i + 4..].trim_start_matches(['"', '\'', ' ']);
            assert!(
                value.starts_with('#'),
                "url() outside the document: {}",
                &lower[i..(i + 60).min(lower.len())]
            );
        }
        for banned in ["@import", "<link", "<iframe", "<object", "<embed", "<img"] {
            assert!(!lower.contains(banned), "{banned} in the report");
        }
        assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    }
}

/// Same input and `--now`, same bytes: HTML, Markdown and the runbook in every format.
#[test]
fn outputs_are_deterministic() {
    let big = synthetic("determinism", 300);
    for arch in [WEBSHOP, big.as_str()] {
        for format in ["html", "markdown"] {
            assert_eq!(
                report(arch, format),
                report(arch, format),
                "{format} differs"
            );
        }
        for format in ["text", "markdown", "json"] {
            let run = || drplan(&["plan", arch, "--now", NOW, "--format", format]).1;
            assert_eq!(run(), run(), "plan --format {format} differs");
        }
    }
}

/// The report is written atomically where `-o` says, in the format of its extension, and
/// `--format html` writes the same bytes to standard output.
#[test]
fn format_follows_the_extension() {
    let dir = scratch("extension");
    for (name, marker) in [
        ("r.html", "<!DOCTYPE html>"),
        ("r.md", "## drplan: webshop"),
    ] {
        let path = dir.join(name);
        drplan(&[
            "assess",
            WEBSHOP,
            "--now",
            NOW,
            "-o",
            path.to_str().unwrap(),
        ]);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(marker), "{name}: {}", &text[..60]);
    }
    let file = std::fs::read_to_string(dir.join("r.html")).unwrap();
    assert_eq!(file, report(WEBSHOP, "html"));
}

/// 1,000 components: the graph collapses into one node per cell, the long tables are paged,
/// and the cards and findings are limited, so the file stays small enough to open.
#[test]
fn big_architectures_stay_readable() {
    let arch = synthetic("big", 1000);
    let start = std::time::Instant::now();
    let html = report(&arch, "html");
    eprintln!(
        "1,000-component HTML report: {:?} (debug build), {} bytes",
        start.elapsed(),
        html.len()
    );
    assert!(html.contains("too many to draw one by one"));
    assert!(html.contains("each box is one cell"));
    assert!(html.contains("data-page=\"50\""), "tables are paged");
    assert!(html.len() < 8 << 20, "report of {} bytes", html.len());
    let cards = html.matches("<details class=\"card\"").count();
    assert!((1..=300).contains(&cards), "{cards} cards");
    // Every component still has a row in the table.
    assert_eq!(
        html.matches("<tr><td><a class=\"cid\"").count()
            + html.matches("<tr><td><span class=\"cid\"").count(),
        1000
    );
}

// ------------------------------------------------------------------------------ Markdown

/// The Markdown summary has the verdict, a row per disruption, the critical paths and the
/// top findings.
#[test]
fn markdown_summary_has_the_verdict_and_the_table() {
    let md = report(WEBSHOP, "markdown");
    assert!(md.starts_with("## drplan: webshop — ❌ breached"));
    assert!(md.contains("| Disruption | Status | RTO | RTO target | RPO | RPO target |"));
    assert!(md.contains("| Region | ❌ breached | unrecoverable | 4h | unrecoverable | 1h |"));
    assert!(md.contains("| Hardware | ✅ met | 2m | 15m | 0s | 0s |"));
    assert!(md.contains("- Region: `dns` → `cdn` → `web`"));
    assert!(md.contains("DR102 backup-not-copied-out-of-region"));
}

/// User strings cannot break the Markdown: pipes, emphasis, links, HTML and mentions are
/// escaped.
#[test]
fn markdown_escapes_user_strings() {
    let arch = write_temp("hostile-md", "arch.json", &hostile_architecture());
    let md = report(&arch, "markdown");
    let title = md.lines().next().unwrap();
    assert_eq!(
        title,
        "## drplan: shop \\<script\\>alert(1)\\</script\\> \\| \\*bold\\* \\[x\\](http:\u{2060}//evil.example) — ❌ breached"
    );
    assert!(!md.contains(HOSTILE));
    // Every table row still has its six cells.
    for line in md.lines().filter(|l| l.starts_with("| Software")) {
        assert_eq!(line.matches(" | ").count() + 2, 7, "{line}");
    }
}

// ------------------------------------------------------------------------------ plan

fn plan_json(arch: &str) -> Value {
    let (code, out, err) = drplan(&["plan", arch, "--now", NOW, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// In every runbook, a step comes after the steps it waits for, and a dependency is back
/// before its dependent starts (`finish ≤ start`); every component is a step, blocked or
/// unaffected, exactly once; waves only wait on earlier waves.
#[test]
fn runbook_steps_follow_the_dependencies() {
    let big = synthetic("plan-order", 500);
    for arch in [WEBSHOP, big.as_str()] {
        let plan = plan_json(arch);
        let components =
            serde_json::from_str::<Value>(&report(arch, "json")).unwrap()["components"]
                .as_array()
                .unwrap()
                .len();
        for (d, p) in plan["disruptions"].as_object().unwrap() {
            let steps = p["steps"].as_array().unwrap();
            let by_id: BTreeMap<&str, &Value> = steps
                .iter()
                .map(|s| (s["component"].as_str().unwrap(), s))
                .collect();
            for (i, s) in steps.iter().enumerate() {
                assert_eq!(s["order"], i + 1);
                assert!(s["start_secs"].as_u64() <= s["finish_secs"].as_u64());
                assert!(!s["action"].as_str().unwrap().is_empty());
                for w in s["waits_for"].as_array().unwrap() {
                    let dep = by_id[w.as_str().unwrap()];
                    assert!(
                        dep["finish_secs"].as_u64() <= s["start_secs"].as_u64(),
                        "{d}: {w} finishes after {} starts",
                        s["component"]
                    );
                    assert!(dep["order"].as_u64() < s["order"].as_u64(), "{d}: order");
                    assert!(dep["wave"].as_u64() < s["wave"].as_u64(), "{d}: wave");
                }
            }
            let mut seen = BTreeSet::new();
            let blocked = p["blocked"].as_array().unwrap();
            let ids = steps
                .iter()
                .chain(blocked)
                .map(|x| x["component"].as_str().unwrap())
                .chain(
                    p["unaffected"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_str().unwrap()),
                );
            for id in ids {
                assert!(seen.insert(id), "{d}: {id} twice");
            }
            assert_eq!(seen.len(), components, "{d}: every component once");
            for b in blocked {
                assert!(!b["reason"].as_str().unwrap().is_empty());
            }
        }
    }
}

/// The webshop's region runbook: assets fails over to its replica; orders-db cannot
/// recover and blocks api; the reasons say why.
#[test]
fn runbook_actions_and_blocked_components() {
    let plan = plan_json(WEBSHOP);
    let region = &plan["disruptions"]["region"];
    assert_eq!(region["rto_secs"], Value::Null);
    let steps = region["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0]["component"], "assets");
    assert_eq!(
        steps[0]["action"],
        "Point readers of assets at its replica in us-west-2, then switch DNS / traffic to us-west-2"
    );
    let blocked: BTreeMap<&str, &Value> = region["blocked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["component"].as_str().unwrap(), b))
        .collect();
    assert_eq!(blocked["orders-db"]["waits_on"], Value::Null);
    assert_eq!(blocked["api"]["waits_on"], "orders-db");
    assert_eq!(blocked["dns"]["root"], "web");
    let software = &plan["disruptions"]["software"];
    let db = software["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["component"] == "orders-db")
        .unwrap();
    assert!(
        db["action"].as_str().unwrap().starts_with(
            "Restore orders-db to a new instance from the last point-in-time recovery point"
        ),
        "{}",
        db["action"]
    );
    assert_eq!(db["work_secs"], 300 + 4096);
}

/// `drplan plan` prints text by default, takes one disruption, and rejects a bad disruption
/// or format with exit code 2.
#[test]
fn plan_command_line() {
    let (code, out, _) = drplan(&["plan", WEBSHOP, "--now", NOW]);
    assert_eq!(code, 0);
    assert!(out.contains("region disruption — breached"));
    assert!(out.contains("cannot recover until us-east-1 returns:"));
    let (code, out, _) = drplan(&["plan", WEBSHOP, "--now", NOW, "--disruption", "az"]);
    assert_eq!(code, 0);
    assert!(out.contains("az disruption") && !out.contains("region disruption"));
    let (code, out, _) = drplan(&["plan", WEBSHOP, "--format", "markdown", "--now", NOW]);
    assert_eq!(code, 0);
    assert!(out.starts_with("## Recovery runbook: webshop"));
    assert_eq!(drplan(&["plan", WEBSHOP, "--disruption", "moon"]).0, 2);
    assert_eq!(drplan(&["plan", WEBSHOP, "--format", "html"]).0, 2);
    assert_eq!(drplan(&["plan", "fixtures/missing.json"]).0, 2);
}

// ------------------------------------------------------------------------------ looked at

/// A synthetic architecture of `n` components, written to a scratch file.
fn synthetic(test: &str, n: usize) -> String {
    write_temp(test, "arch.json", &synth::architecture(n, 42))
}

/// Headless Chromium renders the webshop report (1280 px wide, and at phone width) to an
/// image with many colours: the page is drawn, not blank. Outside CI it is skipped, with a
/// line saying so, when no Chromium is installed; with `CI` set it fails instead.
#[test]
fn chromium_renders_the_report() {
    let browser = crate::util::installed(
        &[
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ],
        "apt-get install -y chromium",
    );
    let Some(browser) = browser else { return };
    let dir = scratch("chromium");
    let html = dir.join("report.html");
    drplan(&[
        "assess",
        WEBSHOP,
        "--now",
        NOW,
        "-o",
        html.to_str().unwrap(),
    ]);
    for (width, height) in [(1280, 2000), (390, 1600)] {
        let png_path = dir.join(format!("shot-{width}.png"));
        let status = Command::new(&browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--hide-scrollbars",
                &format!("--user-data-dir={}", dir.join("profile").display()),
                &format!("--screenshot={}", png_path.display()),
                &format!("--window-size={width},{height}"),
                &format!("file://{}", html.display()),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("chromium runs");
        assert!(status.success(), "chromium failed: {status}");
        let decoder = png::Decoder::new(std::io::BufReader::new(
            std::fs::File::open(&png_path).expect("a screenshot"),
        ));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.width, width);
        let channels = info.color_type.samples();
        let pixels = &buf[..info.buffer_size()];
        let mut colours = BTreeSet::new();
        let mut non_white = 0usize;
        for px in pixels.chunks(channels) {
            let rgb = (px[0], px[1], px.get(2).copied().unwrap_or(px[0]));
            if rgb != (255, 255, 255) {
                non_white += 1;
            }
            colours.insert(rgb);
        }
        let total = pixels.len() / channels;
        assert!(
            colours.len() > 200,
            "{width}px: only {} colours",
            colours.len()
        );
        assert!(
            non_white * 20 > total,
            "{width}px: {non_white} of {total} pixels drawn"
        );
    }
}
