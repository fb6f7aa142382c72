//! Tests of hostile and malformed input: files that are not templates (and may hold secrets),
//! syntax errors, limits (alias bombs, deep nesting, sizes), bad references and cycles.

use std::time::{Duration, Instant};

use drplan::import::cloudformation::*;

fn read_err(text: &str, options: &Options) -> Error {
    match read(text, "input", options) {
        Ok(t) => panic!("should not read: {t:?}"),
        Err(e) => e,
    }
}

/// The error must not repeat any line of the file, nor any longer word of it.
fn assert_leaks_nothing(e: &Error, text: &str, secrets: &[&str]) {
    let shown = e.to_string();
    for secret in secrets {
        assert!(!shown.contains(secret), "error shows a secret: {shown}");
    }
    for line in text.lines().map(str::trim).filter(|l| l.len() >= 4) {
        assert!(
            !shown.contains(line),
            "error shows a line of the file: {shown}"
        );
    }
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 8)
    {
        assert!(
            !shown.contains(word),
            "error shows a word of the file: {shown}"
        );
    }
}

/// Runs `f` on a thread with a small stack: proves the code does not recurse with the input.
fn with_small_stack<T: Send + 'static>(kib: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(kib * 1024)
        .spawn(f)
        .expect("spawning a test thread")
        .join()
        .expect("the test thread does not overflow its stack")
}

#[test]
fn env_file_is_not_a_template_and_leaks_nothing() {
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let text = format!("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY={secret}\n");
    let e = read_err(&text, &Options::default());
    assert_eq!(e.kind, ErrorKind::NotTemplate);
    assert_leaks_nothing(&e, &text, &[secret, "AKIAIOSFODNN7EXAMPLE"]);
    // With `: ` in a value the same file is a YAML mapping, still without Resources.
    let text = format!("DATABASE_URL: postgres://admin:{secret}@db\nTOKEN: abc123secret\n");
    let e = read_err(&text, &Options::default());
    assert_eq!(
        e.message,
        "not a CloudFormation template: no Resources mapping"
    );
    assert_leaks_nothing(&e, &text, &[secret, "abc123secret"]);
}

#[test]
fn ini_credentials_are_not_yaml_and_leak_nothing() {
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let text = format!(
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = {secret}\n\n[prod]\nregion = eu-west-1\n"
    );
    let e = read_err(&text, &Options::default());
    assert_eq!(e.kind, ErrorKind::NotYaml, "{e}");
    assert!(e.line.is_some(), "{e}");
    assert!(e.to_string().starts_with("input:"), "{e}");
    assert_leaks_nothing(&e, &text, &[secret, "AKIAIOSFODNN7EXAMPLE"]);
}

#[test]
fn scanner_messages_that_quote_input_are_rephrased() {
    for text in [
        "@hunter2secret",
        "`hunter2secret`",
        "key: value\n  bad: %hunter2secret",
    ] {
        let e = read_err(text, &Options::default());
        assert_leaks_nothing(&e, text, &["hunter2"]);
        assert!(
            !e.message.contains('`') || e.message.contains("`[{`"),
            "{e}"
        );
    }
    let e = read_err("a: b\nc d\ne: f\n", &Options::default());
    assert_eq!(e.kind, ErrorKind::NotYaml);
    assert!(e.message.starts_with("not YAML: "), "{e}");
}

#[test]
fn invalid_json_is_located_and_leaks_nothing() {
    let text = "{\n  \"Resources\": {\n    \"A\": {\"Type\": \"AWS::S3::Bucket\", \"Pass\": \"hunter2secret\" \"x\"}\n  }\n}\n";
    let e = read_err(text, &Options::default());
    assert_eq!(e.kind, ErrorKind::NotJson, "{e}");
    assert_eq!(e.line, Some(3));
    assert_eq!(e.message, "not JSON: expected `,` or `}`");
    assert_leaks_nothing(&e, text, &["hunter2"]);
    let e = read_err(
        "{\"Resources\": {\"A\": \"hunter2secret",
        &Options::default(),
    );
    assert_leaks_nothing(&e, "", &["hunter2"]);
    assert_eq!(e.kind, ErrorKind::NotJson);
    let e = read_err("{\"Resources\": {\"A\": \"\\ud800\"}}", &Options::default());
    assert_eq!(e.kind, ErrorKind::NotJson);
}

#[test]
fn json_errors_in_nested_members_are_located() {
    let text = "{\"Resources\": {\n \"A\": {\"Type\": \"T\"},\n \"A\": {\"Type\": \"T\"}}}";
    let e = read_err(text, &Options::default());
    assert_eq!(
        (e.line, e.message.as_str()),
        (Some(3), "duplicate object key (first at line 2)")
    );
    let text = "{\"Resources\": {\n \"A\": {\"Type\": \"T\",\n  \"Properties\": {\"V\": {\"Ref\": \"Nope\"}}}}}";
    let e = read_err(text, &Options::default());
    assert_eq!(e.line, Some(3));
    assert!(e.message.starts_with("Ref to Nope"), "{e}");
}

#[test]
fn yaml_alias_bomb_stops_quickly() {
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let refs = vec![format!("*{prev}"); 9].join(",");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    text.push_str("Resources: {X: {Type: T, Properties: {P: *i}}}\n");
    let start = Instant::now();
    let e = read_err(&text, &Options::default());
    let took = start.elapsed();
    eprintln!("alias bomb rejected in {took:?}");
    assert_eq!(
        e.message,
        "the template expands to more than 2000000 nodes (YAML aliases)"
    );
    assert_eq!(e.kind, ErrorKind::Limit);
    // Under a second alone; the bound leaves room for a loaded machine.
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn recursive_alias_is_an_error() {
    let e = read_err("a: &a [1, *a]\nResources: {}\n", &Options::default());
    assert!(e.message.contains("alias"), "{e}");
}

#[test]
fn deep_yaml_nesting_stops_without_stack_overflow() {
    let took = with_small_stack(256, || {
        let text = format!(
            "Resources:\n  A:\n    Type: T\n    Properties:\n      P:\n        {}x\n",
            "- ".repeat(10_000)
        );
        let start = Instant::now();
        let e = read_err(&text, &Options::default());
        assert_eq!(e.message, "the template nests deeper than 128 levels");
        assert_eq!(e.kind, ErrorKind::Limit);
        let block = start.elapsed();
        let flow = format!("Resources: {}", "[".repeat(10_000));
        let e = read_err(&flow, &Options::default());
        assert_eq!(e.message, "the template nests deeper than 128 levels");
        block
    });
    eprintln!("10,000 levels of `- ` rejected in {took:?}");
    // Under a second alone; the bound leaves room for a loaded machine.
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn deep_json_nesting_stops_without_stack_overflow() {
    // serde_json recurses (up to the 128-level limit): this bounds how much stack it takes.
    with_small_stack(512, || {
        let text = format!(
            "{{\"Resources\": {{\"A\": {{\"Type\": \"T\", \"Properties\": {{\"P\": {}1{}}}}}}}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let e = read_err(&text, &Options::default());
        assert_eq!(e.message, "the template nests deeper than 128 levels");
    });
}

#[test]
fn deepest_expressions_evaluate_in_a_small_stack() {
    for (open, close) in [
        ("!Join ['', [", "]]"),
        ("!Select [0, [", "]]"),
        ("!If [C, [", "], b]"),
        ("{'Fn::Base64': {'Fn::Join': ['', [", "]]}}"),
    ] {
        let levels = if open.starts_with('{') { 30 } else { 61 };
        let text = format!(
            "Conditions: {{C: !Equals [a, b]}}\nResources: {{A: {{Type: T, Properties: {{P: {}x{}}}}}}}",
            open.repeat(levels),
            close.repeat(levels)
        );
        let result = with_small_stack(1024, move || {
            read(&text, "f", &Options::default()).map(|_| ())
        });
        assert_eq!(result, Ok(()), "{open}");
    }
}

#[test]
fn nesting_within_the_limit_is_fine() {
    let text = format!(
        "Resources:\n  A:\n    Type: T\n    Properties:\n      P:\n        {}x\n",
        "- ".repeat(100)
    );
    assert!(read(&text, "f", &Options::default()).is_ok());
}

#[test]
fn unknown_ref_is_located() {
    let text = "Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref OrdersDb\n";
    let e = read_err(text, &Options::default());
    assert_eq!(
        e.to_string(),
        "input:5:19: Ref to OrdersDb, which is neither a parameter nor a resource of the template"
    );
}

#[test]
fn condition_cycles_are_reported() {
    let e = read_err(
        "Conditions:\n  IsProd: !Condition IsProd\nResources: {A: {Type: T}}\n",
        &Options::default(),
    );
    assert_eq!(
        e.message,
        "condition IsProd refers to itself through IsProd -> IsProd"
    );
    let text = "Conditions:\n  A: !Not [!Condition B]\n  B: !And [!Condition C, !Equals [x, x]]\n  C: {Condition: A}\nResources: {R: {Type: T}}\n";
    let e = read_err(text, &Options::default());
    assert_eq!(
        e.message,
        "condition A refers to itself through A -> B -> C -> A"
    );
    assert_eq!(e.line, Some(4));
}

#[test]
fn long_condition_chains_hit_the_depth_limit() {
    let mut text = String::from("Conditions:\n  C0: !Equals [a, a]\n");
    for i in 1..2000 {
        text.push_str(&format!("  C{i}: !Not [!Condition C{}]\n", i - 1));
    }
    text.push_str("Resources: {R: {Type: T, Condition: C1999}}\n");
    let e = with_small_stack(1024, move || read_err(&text, &Options::default()));
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
}

#[test]
fn resource_limit() {
    let mut text = String::from("Resources:\n");
    for i in 0..10_001 {
        text.push_str(&format!("  R{i}: {{Type: AWS::SQS::Queue}}\n"));
    }
    let e = read_err(&text, &Options::default());
    assert_eq!(e.message, "more than 10000 resources");
    let small = Options {
        limits: Limits {
            max_resources: 2,
            ..Limits::default()
        },
        ..Options::default()
    };
    let e = read_err(
        "Resources: {A: {Type: T}, B: {Type: T}, C: {Type: T}}",
        &small,
    );
    assert_eq!(e.message, "more than 2 resources");
}

#[test]
fn size_and_step_limits() {
    let text = format!(
        "Resources: {{A: {{Type: T}}}}\n#{}\n",
        "x".repeat(8 * 1024 * 1024)
    );
    let e = read_err(&text, &Options::default());
    assert_eq!(e.message, "the file is larger than 8 MiB");
    let few = Options {
        limits: Limits {
            max_eval_steps: 50,
            ..Limits::default()
        },
        ..Options::default()
    };
    let props: String = (0..100)
        .map(|i| format!("P{i}: !Join ['', [a, b]], "))
        .collect();
    let e = read_err(
        &format!("Resources: {{A: {{Type: T, Properties: {{{props}}}}}}}"),
        &few,
    );
    assert_eq!(
        e.message,
        "evaluating the template takes more than 50 steps"
    );
}

#[test]
fn structural_errors() {
    let o = Options::default();
    let e = read_err("Resources: {A: {Type: T}}\n---\nResources: {}\n", &o);
    assert!(e.message.contains("more than one YAML document"), "{e}");
    assert_eq!(e.line, Some(2));
    let e = read_err("Resources:\n  A: {Type: T}\n  A: {Type: U}\n", &o);
    assert_eq!(
        (e.line, e.message.as_str()),
        (Some(3), "duplicate mapping key (first at line 2)")
    );
    assert_eq!(
        read_err("", &o).message,
        "not a CloudFormation template: the file is empty"
    );
    assert_eq!(
        read_err("# only a comment\n", &o).kind,
        ErrorKind::NotTemplate
    );
    assert_eq!(
        read_err("- a\n- b\n", &o).message,
        "not a CloudFormation template: the top level is not a mapping"
    );
    assert_eq!(
        read_err("Resources: [a]\n", &o).message,
        "not a CloudFormation template: no Resources mapping"
    );
    assert!(
        read_err("Resources: {A: {Properties: {}}}\n", &o)
            .message
            .contains("resource A has no Type")
    );
    assert!(
        read_err("Resources: {A: {Type: T, Properties: [1]}}\n", &o)
            .message
            .contains("Properties must be a mapping")
    );
    let e = read_err("Resources: {A: {Type: T, Condition: Nope}}\n", &o);
    assert!(e.message.contains("condition Nope is not defined"), "{e}");
}

#[test]
fn flow_yaml_that_starts_like_json_still_reads() {
    let t = read(
        "{Resources: {A: {Type: AWS::S3::Bucket}}}",
        "f",
        &Options::default(),
    )
    .expect("flow YAML reads");
    assert_eq!(t.resources.len(), 1);
    let t = read(
        "\u{feff}{\"Resources\": {\"A\": {\"Type\": \"T\"}}}",
        "f",
        &Options::default(),
    )
    .expect("BOM is skipped");
    assert_eq!(t.resources[0].line, 1);
}

#[test]
fn template_detection() {
    assert!(looks_like_template(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"
    ));
    assert!(looks_like_template("# c\nResources:\n  A:\n    Type: T\n"));
    assert!(looks_like_template(
        "{\"Resources\": {\"A\": {\"Type\": \"T\"}}}"
    ));
    assert!(looks_like_template(
        "  {\"AWSTemplateFormatVersion\": \"2010-09-09\"}"
    ));
    assert!(!looks_like_template(
        "{\"resource\": {\"aws_s3_bucket\": {}}}"
    ));
    assert!(!looks_like_template("{\"values\": {\"Resources\": {}}}"));
    assert!(!looks_like_template("terraform {\n}\nResources = 1\n"));
    assert!(!looks_like_template("services:\n  Resources:\n    x: 1\n"));
    assert!(!looks_like_template(
        "[default]\naws_secret_access_key = x\n"
    ));
}
