//! The documentation page of a rule, generated from its declaration: `drplan explain` prints
//! it and docs/rules/<ID>.md holds it (a test fails when a page is missing or stale). Its
//! examples are the rule's fixtures, which the tests run.

use super::Rule;

pub fn page(r: &Rule) -> String {
    format!(
        "# {id}: {name}\n\n\
         | severity | category |\n| --- | --- |\n| {sev} | {cat} |\n\n\
         {summary}\n\n\
         ## Why it matters\n\n{why}\n\n\
         ## How to fix it\n\n{fix}\n\n\
         ## Example\n\n\
         Fires (`fixtures/rules/{id}-fires.json`):\n\n```json\n{fires}\n```\n\n\
         Does not fire (`fixtures/rules/{id}-passes.json`):\n\n```json\n{passes}\n```\n",
        id = r.id,
        name = r.name,
        sev = r.severity,
        cat = r.category.as_str(),
        summary = r.summary.trim(),
        why = r.why.trim(),
        fix = r.fix.trim(),
        fires = r.fires.trim(),
        passes = r.passes.trim(),
    )
}

/// docs/rules/README.md: the index.
pub fn index(rules: &[&Rule]) -> String {
    let mut out = String::from(
        "# Rules\n\nEvery finding drplan reports comes from one of these rules. `drplan rules` lists them, \
         `drplan explain ID` prints a page. These pages are generated from the rule declarations \
         (one file per rule under `src/rules/`); `DRPLAN_BLESS=1 cargo test rule_docs` rewrites them.\n\n\
         | id | name | severity | summary |\n| --- | --- | --- | --- |\n",
    );
    for r in rules {
        out.push_str(&format!(
            "| [{id}]({id}.md) | {} | {} | {} |\n",
            r.name,
            r.severity,
            r.summary.trim().replace('|', "\\|"),
            id = r.id
        ));
    }
    out
}
