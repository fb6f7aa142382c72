//! Property tests: arbitrary input never panics; YAML (and JSON) emitted from a random tree
//! reads back as the same tree, tags included; random intrinsic expressions always evaluate
//! to a value or an error, within the step limit.

use std::fmt::Write as _;

use proptest::prelude::*;

use super::node::{Kind, Node};
use super::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = read(&text, "f", &Options::default());
        let _ = looks_like_template(&text);
    }

    #[test]
    fn any_string_never_panics(text in any::<String>()) {
        let _ = read(&text, "f", &Options::default());
        let _ = looks_like_template(&text);
    }

    #[test]
    fn yaml_like_text_never_panics(text in "(Resources:|  |- |[A-Za-z0-9]{1,6}|!Ref |!If |&a |\\*a|: |\\[|\\]|\\{|\\}|, |\"|'|#|\n|\t|---\n){0,60}") {
        let _ = read(&text, "f", &Options::default());
        let _ = looks_like_template(&text);
    }

    #[test]
    fn json_like_text_never_panics(text in "\\{(\"Resources\"|\"Ref\"|\"Fn::If\"|\"A\"|\\{|\\}|\\[|\\]|:|,|[0-9.e-]{1,4}|true|null| |\n|\"\\\\u[0-9a-f]{0,4}\"){0,60}") {
        let _ = read(&text, "f", &Options::default());
    }
}

/// A tree as the test writes it; compared with what the reader builds.
#[derive(Debug, Clone)]
enum Tree {
    Scalar(String, Option<&'static str>),
    Seq(Vec<Tree>, Option<&'static str>),
    Map(Vec<(String, Tree)>, Option<&'static str>),
}

const TAGS: &[&str] = &[
    "!Ref",
    "!GetAtt",
    "!Sub",
    "!If",
    "!Join",
    "!Select",
    "!GetAZs",
    "!Equals",
    "!Not",
    "!FindInMap",
    "!Condition",
    "!Custom",
];

fn tag() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![3 => Just(None), 2 => proptest::sample::select(TAGS).prop_map(Some)]
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 :#&*!{}\\[\\],\\-?|>%@`'\"\\\\\n\té日]{0,12}"
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = (text(), tag()).prop_map(|(t, g)| Tree::Scalar(t, g));
    leaf.prop_recursive(5, 64, 5, |inner| {
        prop_oneof![
            (proptest::collection::vec(inner.clone(), 0..5), tag())
                .prop_map(|(v, g)| Tree::Seq(v, g)),
            (proptest::collection::vec((text(), inner), 0..5), tag()).prop_map(|(entries, g)| {
                let mut seen = std::collections::BTreeSet::new();
                Tree::Map(
                    entries
                        .into_iter()
                        .filter(|(k, _)| seen.insert(k.clone()))
                        .collect(),
                    g,
                )
            }),
        ]
    })
}

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn tag_prefix(tag: Option<&str>) -> String {
    tag.map(|t| format!("{t} ")).unwrap_or_default()
}

fn flow(t: &Tree) -> String {
    match t {
        Tree::Scalar(s, g) => format!("{}{}", tag_prefix(*g), quote(s)),
        Tree::Seq(items, g) => format!(
            "{}[{}]",
            tag_prefix(*g),
            items.iter().map(flow).collect::<Vec<_>>().join(", ")
        ),
        Tree::Map(entries, g) => format!(
            "{}{{{}}}",
            tag_prefix(*g),
            entries
                .iter()
                .map(|(k, v)| format!("{}: {}", quote(k), flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn is_block(t: &Tree) -> bool {
    matches!(t, Tree::Seq(v, _) if !v.is_empty()) || matches!(t, Tree::Map(v, _) if !v.is_empty())
}

/// Block style: nested non-empty collections on their own lines, tags before them.
fn block(t: &Tree, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    let child = |lead: String, v: &Tree, out: &mut String| {
        if is_block(v) {
            let g = match v {
                Tree::Seq(_, g) | Tree::Map(_, g) | Tree::Scalar(_, g) => *g,
            };
            let _ = writeln!(
                out,
                "{lead}{}",
                g.map(|g| format!(" {g}")).unwrap_or_default()
            );
            block(v, indent + 2, out);
        } else {
            let _ = writeln!(out, "{lead} {}", flow(v));
        }
    };
    match t {
        Tree::Seq(items, _) => items.iter().for_each(|v| child(format!("{pad}-"), v, out)),
        Tree::Map(entries, _) => entries
            .iter()
            .for_each(|(k, v)| child(format!("{pad}{}:", quote(k)), v, out)),
        Tree::Scalar(..) => out.push_str(&flow(t)),
    }
}

fn same(t: &Tree, n: &Node) -> bool {
    let tag_ok = |g: &Option<&str>| n.tag.as_deref() == *g;
    match (t, &n.kind) {
        (Tree::Scalar(s, g), Kind::Scalar { text, plain }) => tag_ok(g) && s == text && !plain,
        (Tree::Seq(items, g), Kind::Seq(nodes)) => {
            tag_ok(g)
                && items.len() == nodes.len()
                && items.iter().zip(nodes).all(|(t, n)| same(t, n))
        }
        (Tree::Map(entries, g), Kind::Map(nodes)) => {
            tag_ok(g)
                && entries.len() == nodes.len()
                && entries
                    .iter()
                    .zip(nodes)
                    .all(|((k, t), (nk, n))| *k == nk.text && same(t, n) && nk.line >= 1)
        }
        _ => false,
    }
}

fn untagged(t: &Tree) -> Tree {
    match t {
        Tree::Scalar(s, _) => Tree::Scalar(s.clone(), None),
        Tree::Seq(items, _) => Tree::Seq(items.iter().map(untagged).collect(), None),
        Tree::Map(entries, _) => Tree::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), untagged(v)))
                .collect(),
            None,
        ),
    }
}

fn json(t: &Tree) -> String {
    let q = |s: &str| serde_json::Value::String(s.to_owned()).to_string();
    match t {
        Tree::Scalar(s, _) => q(s),
        Tree::Seq(items, _) => format!(
            "[{}]",
            items.iter().map(json).collect::<Vec<_>>().join(",\n")
        ),
        Tree::Map(entries, _) => {
            format!(
                "{{{}}}",
                entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", q(k), json(v)))
                    .collect::<Vec<_>>()
                    .join(",\n")
            )
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn yaml_round_trips_tree_shape_and_tags(t in tree(), block_style in any::<bool>()) {
        let text = if block_style && is_block(&t) {
            // A tag on the root collection is left out of block style (it would need `---`).
            let mut out = String::new();
            block(&t, 0, &mut out);
            let root = match &t {
                Tree::Seq(v, _) => Tree::Seq(v.clone(), None),
                Tree::Map(v, _) => Tree::Map(v.clone(), None),
                other => other.clone(),
            };
            let parsed = yaml::parse(&out, &Limits::default());
            prop_assert!(matches!(&parsed, Ok(Some(n)) if same(&root, n)), "{out}\n=> {parsed:?}");
            return Ok(());
        } else {
            flow(&t)
        };
        let parsed = yaml::parse(&text, &Limits::default());
        prop_assert!(matches!(&parsed, Ok(Some(n)) if same(&t, n)), "{text}\n=> {parsed:?}");
    }

    #[test]
    fn json_round_trips_tree_shape(t in tree()) {
        let t = match untagged(&t) {
            s @ Tree::Scalar(..) => Tree::Seq(vec![s], None),
            other => other,
        };
        let text = json(&t);
        let parsed = json::parse(&text, &Limits::default());
        prop_assert!(matches!(&parsed, Ok(n) if same(&t, n)), "{text}\n=> {parsed:?}");
    }
}

/// Random well-formed expressions over the names the template below defines.
fn expr() -> impl Strategy<Value = String> {
    let leaf = proptest::sample::select(vec![
        "!Ref Env",
        "!Ref Name",
        "!Ref Azs",
        "!Ref B",
        "!Ref Pass",
        "!Ref AWS::Region",
        "!Ref AWS::NoValue",
        "!Ref AWS::AccountId",
        "!GetAtt B.Arn",
        "!GetAtt [Db, Endpoint.Address]",
        "lit",
        "3",
        "'1'",
        "''",
        "!GetAZs ''",
        "!Sub '${Env}-${B.Arn}-${!x}'",
        "!ImportValue Net-Vpc",
        "!Condition IsProd",
        "!Condition Unknown",
        "{Ref: Env}",
        "[a, b]",
        "!Split [',', 'a,b,c']",
        "!Cidr [10.0.0.0/16, 2, 8]",
    ])
    .prop_map(str::to_owned);
    leaf.prop_recursive(6, 48, 4, |inner| {
        let two = (inner.clone(), inner.clone());
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4)
                .prop_map(|v| format!("!Join ['-', [{}]]", v.join(", "))),
            (0usize..4, inner.clone()).prop_map(|(i, x)| format!("!Select [{i}, {x}]")),
            (0usize..4).prop_map(|i| format!("!Select [{i}, !GetAZs '']")),
            (
                proptest::sample::select(vec!["IsProd", "IsDev", "Unknown"]),
                two.clone()
            )
                .prop_map(|(c, (a, b))| format!("!If [{c}, {a}, {b}]")),
            two.clone().prop_map(|(a, b)| format!("!Equals [{a}, {b}]")),
            inner.clone().prop_map(|a| format!("!Not [{a}]")),
            two.clone().prop_map(|(a, b)| format!("!And [{a}, {b}]")),
            two.clone().prop_map(|(a, b)| format!("!Or [{a}, {b}]")),
            inner.clone().prop_map(|a| format!("!Split [',', {a}]")),
            inner
                .clone()
                .prop_map(|a| format!("!Sub ['${{V}}-x', {{V: {a}}}]")),
            two.clone()
                .prop_map(|(a, b)| format!("!FindInMap [M, {a}, {b}]")),
            inner
                .clone()
                .prop_map(|a| format!("!FindInMap [M, us-east-1, K, {{DefaultValue: {a}}}]")),
            inner.clone().prop_map(|a| format!("{{'Fn::Base64': {a}}}")),
            inner
                .clone()
                .prop_map(|a| format!("{{'Fn::ImportValue': {a}}}")),
            inner.clone().prop_map(|a| format!("{{'Fn::GetAZs': {a}}}")),
            two.prop_map(|(a, b)| format!("[{a}, {b}]")),
            inner.prop_map(|a| format!("{{k: {a}}}")),
        ]
    })
}

fn expr_template(e: &str) -> String {
    format!(
        "Parameters:
  Env: {{Type: String, Default: prod}}
  Name: {{Type: String}}
  Azs: {{Type: CommaDelimitedList, Default: 'a,b'}}
  Pass: {{Type: String, NoEcho: true, Default: hunter2}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Unknown: !Equals [!Ref Name, x]
Mappings:
  M: {{us-east-1: {{K: v}}, prod: {{a: b}}}}
Resources:
  B: {{Type: AWS::S3::Bucket}}
  Db: {{Type: AWS::RDS::DBInstance}}
  X:
    Type: AWS::EC2::Instance
    Properties:
      P: {e}
"
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_intrinsics_evaluate_or_fail_cleanly(e in expr(), steps in prop_oneof![Just(5_000_000usize), 1usize..200]) {
        let text = expr_template(&e);
        let options = Options {
            region: Some("us-east-1".into()),
            limits: Limits { max_eval_steps: steps, ..Limits::default() },
            ..Options::default()
        };
        let start = std::time::Instant::now();
        let result = read(&text, "f", &options);
        prop_assert!(start.elapsed() < std::time::Duration::from_secs(5));
        match result {
            Ok(t) => {
                let shown = format!("{t:?}");
                prop_assert!(!shown.contains("hunter2"));
            }
            Err(err) => {
                prop_assert!(matches!(err.kind, ErrorKind::Invalid | ErrorKind::Limit), "{e}\n=> {err}");
                prop_assert!(!err.to_string().contains("hunter2"));
            }
        }
    }
}
