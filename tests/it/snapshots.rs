//! Every output of the shipped example, pinned: the JSON result, the HTML report, the
//! Markdown summary, the terminal summary and the runbook in its three formats. A change to
//! any of them shows as a snapshot diff to review (`cargo insta review`, or
//! `INSTA_UPDATE=always cargo test snapshots` and read the diff).

use crate::util::{NOW, drplan_run};

fn output(args: &[&str]) -> String {
    let r = drplan_run(args);
    assert!(r.code == 0 || r.code == 1, "exit {}: {}", r.code, r.stderr);
    r.stdout()
}

macro_rules! pinned {
    ($($name:ident: $($arg:literal)+;)+) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(output(&[$($arg),+, "--now", NOW]));
        }
    )+};
}

pinned! {
    webshop_json: "assess" "fixtures/webshop.json" "--format" "json";
    webshop_html: "assess" "fixtures/webshop.json" "--format" "html";
    webshop_markdown: "assess" "fixtures/webshop.json" "--format" "markdown";
    webshop_text: "assess" "fixtures/webshop.json" "--format" "text";
    webshop_runbook_text: "plan" "fixtures/webshop.json";
    webshop_runbook_json: "plan" "fixtures/webshop.json" "--format" "json";
    webshop_runbook_markdown: "plan" "fixtures/webshop.json" "--format" "markdown";
    init_json: "assess" "fixtures/init.json" "--format" "json";
}
