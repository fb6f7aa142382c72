//! The report at estate scale: grouped the way teams think (cell, owner, imported module or
//! stack, kind), labels that fit, the top risks under the verdict, lists that stay short.

use serde_json::Value;

use crate::util::{NOW, drplan_run, scratch};

fn html(arch: &str) -> String {
    let run = drplan_run(&["assess", arch, "--now", NOW, "--format", "html"]);
    assert!(run.code <= 1, "{}", run.stderr);
    run.stdout()
}

/// A synthetic architecture of `n` components, changed by `edit`.
fn estate(test: &str, n: usize, edit: impl Fn(usize, &mut Value)) -> String {
    let mut arch: Value = serde_json::from_str(&crate::synth::architecture(n, 7)).unwrap();
    for (i, c) in arch["components"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        edit(i, c);
    }
    let path = scratch(test).join("arch.json");
    std::fs::write(&path, arch.to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

/// The text of every element `<text class="CLASS" …>…</text>` of the graph.
fn texts<'a>(html: &'a str, class: &str) -> Vec<&'a str> {
    let open = format!("<text class=\"{class}\"");
    html.split(&open)
        .skip(1)
        .filter_map(|rest| {
            let start = rest.find('>')? + 1;
            let end = rest.find("</text>")?;
            let inner = &rest[start..end];
            Some(inner.rsplit("</title>").next().unwrap_or(inner))
        })
        .collect()
}

#[test]
fn without_cells_the_graph_groups_by_owner() {
    let arch = estate("estate-owners", 1000, |i, c| {
        c.as_object_mut().unwrap().remove("cell");
        c["owner"] = Value::from(format!("team-{:02}", i % 17));
    });
    let page = html(&arch);
    assert!(
        page.contains("each box is one owner"),
        "not grouped by owner"
    );
    for team in ["team-00", "team-16"] {
        assert!(
            page.contains(&format!(">{team}</text>")),
            "no group box for {team}"
        );
        assert!(
            page.contains(&format!("<b>{team}</b>")),
            "no group table for {team}"
        );
    }
    // A group opens in place: each box links to its table, each table is there.
    let svg = &page[..page.find("</svg>").unwrap()];
    let boxes = svg.matches("<a href=\"#g-").count();
    let tables = page.matches("<details class=\"group\" id=\"g-").count();
    assert_eq!(boxes, 17);
    assert_eq!(tables, 17);
    // Arrows between groups say how many dependencies they stand for.
    assert!(
        texts(&page, "ec")
            .iter()
            .any(|t| t.starts_with(|c: char| c.is_ascii_digit()))
    );
}

#[test]
fn imported_estates_group_by_module() {
    let dir = scratch("estate-modules");
    let state = dir.join("state.json");
    std::fs::write(&state, crate::tfstate::terraform_state(2_900)).unwrap();
    let arch = dir.join("arch.json");
    std::fs::write(
        &arch,
        r#"{"name": "estate", "policy": {"tier": "critical"}, "sources": [{"terraform": "state.json"}]}"#,
    )
    .unwrap();
    let page = html(arch.to_str().unwrap());
    assert!(page.contains("each box is one module or stack they were imported from"));
    assert!(page.contains("module.region[&quot;r0&quot;].module.shop[&quot;s3&quot;]"));
}

#[test]
fn labels_fit_their_boxes() {
    let arch = estate("estate-labels", 1000, |i, c| {
        c["cell"] = Value::from(format!(
            "a-cell-with-a-name-far-too-long-for-any-box-{}",
            i % 9
        ));
    });
    let page = html(&arch);
    let labels = texts(&page, "l");
    assert!(!labels.is_empty());
    for l in &labels {
        // 13 px monospace at 0.6 em a glyph, 122 px of room.
        assert!(
            l.chars().count() as f64 * 0.6 * 13.0 <= 122.0,
            "{l} overflows its box"
        );
    }
    assert!(
        labels.iter().any(|l| l.ends_with('…')),
        "long names are shortened"
    );
    // The full name stays in the tooltip.
    assert!(page.contains("<title>a-cell-with-a-name-far-too-long-for-any-box-0: "));
}

#[test]
fn top_risks_come_first_and_link_to_their_recommendation() {
    let arch = estate("estate-risks", 400, |_, _| {});
    let page = html(&arch);
    let risks = page
        .split("<div class=\"risks\">")
        .nth(1)
        .expect("top risks under the verdict");
    let risks = &risks[..risks.find("</div>").unwrap()];
    let links: Vec<&str> = risks
        .split("<a href=\"#")
        .skip(1)
        .map(|r| &r[..r.find('"').unwrap()])
        .collect();
    assert!((1..=5).contains(&links.len()), "{links:?}");
    for l in links {
        assert!(
            page.contains(&format!("id=\"{l}\"")),
            "the risk links to #{l}, which is not there"
        );
    }
    assert!(
        page.find("<div class=\"risks\">") < page.find("id=\"graph\""),
        "risks come before the graph"
    );
}

#[test]
fn long_lists_are_summarized() {
    let arch = estate("estate-lists", 2000, |i, c| {
        c["cell"] = Value::from(format!("cell-{}", i % 5))
    });
    let page = html(&arch);
    if let Some(list) = page.split("<ul class=\"degraded\">").nth(1) {
        let items = list[..list.find("</ul>").unwrap()].matches("<li>").count();
        // Twenty per disruption, and a line with the count of the rest.
        assert!(items <= 4 * 21, "{items} degraded lines");
    }
    // Each group lists its members in trouble first, the rest counted.
    assert!(page.contains("more (<code>--format json</code> lists them all)"));
    let cards = page.matches("<details class=\"card\"").count();
    assert!(cards <= 300, "{cards} cards");
}

#[test]
fn counts_agree_in_number() {
    let one = r#"{"name": "x", "components": [{"id": "web", "kind": "compute"}]}"#;
    let run = crate::util::assess_stdin(one, &[]);
    assert!(
        run.stdout().contains("(1 component, 1 entry point)"),
        "{}",
        run.stdout()
    );
    let md = crate::util::assess_stdin(one, &["--format", "markdown"]).stdout();
    assert!(md.contains("1 component · 1 entry point"), "{md}");
    let page = crate::util::assess_stdin(one, &["--format", "html"]).stdout();
    assert!(page.contains("1 component · 1 entry point"));
    for text in [run.stdout(), md, page] {
        assert!(!text.contains("(s)"), "a plural left undecided");
    }
}
