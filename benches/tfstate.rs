//! A synthetic `terraform show -json` state for benchmarks and scale checks. Deterministic
//! for a given `n`.

use std::fmt::Write;

/// The text of a `terraform show -json` state of about `n` resources: the shop of
/// fixtures/import/tf-state-shop.json deployed again and again in nested modules
/// (`module.region["r0"].module.shop["s0"].…`, its own modules below), each copy with its own
/// names, ARNs and resource ids, so that references by value stay distinct.
pub fn terraform_state(n: usize) -> String {
    const SHOP: &str = include_str!("../fixtures/import/tf-state-shop.json");
    const MARK: char = '\u{1}';
    let doc: serde_json::Value = serde_json::from_str(SHOP).expect("the fixture is JSON");
    let root = &doc["values"]["root_module"];
    // One copy as a template: every place a copy differs holds a mark and a letter.
    let mut module = root.clone();
    prefix_depends_on(&mut module);
    // The copy's own address, filled in below.
    module["address"] = serde_json::Value::String(String::new());
    let mut text = serde_json::to_string(&module).expect("JSON");
    text = text.replace(r#""address":""#, &format!(r#""address":"{MARK}A"#));
    text = text.replace("acme-shop", &format!("acme-shop{MARK}N"));
    for id in resource_ids(SHOP) {
        text = text.replace(&id, &format!("{id}{MARK}H"));
    }
    let per_copy = SHOP.matches(r#""mode":"#).count().max(1);
    let copies = n.div_ceil(per_copy);
    let regions = copies.div_ceil(100);
    let mut out = String::with_capacity(copies * text.len() * 11 / 10 + 256);
    out.push_str(r#"{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"child_modules":["#);
    let mut copy = 0;
    for r in 0..regions {
        if r > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"{{"address":"module.region[\"r{r}\"]","child_modules":["#
        );
        for s in 0..100.min(copies - copy) {
            if s > 0 {
                out.push(',');
            }
            let module_address = format!(r#"module.region[\"r{r}\"].module.shop[\"s{s}\"]"#);
            let mut pieces = text.split(MARK);
            out.push_str(pieces.next().unwrap_or(""));
            for piece in pieces {
                let (letter, rest) = piece.split_at(1);
                match letter {
                    "A" if rest.starts_with(r#"""#) => out.push_str(&module_address),
                    "A" => {
                        out.push_str(&module_address);
                        out.push('.');
                    }
                    "N" => {
                        let _ = write!(out, "-{r}-{s}");
                    }
                    _ => {
                        let _ = write!(out, "{copy:06x}");
                    }
                }
                out.push_str(rest);
            }
            copy += 1;
        }
        out.push_str("]}");
    }
    out.push_str("]}}}\n");
    out
}

/// Puts the copy's module path in front of every `depends_on` entry (configuration
/// addresses, without instance keys).
fn prefix_depends_on(module: &mut serde_json::Value) {
    let resources = module.get_mut("resources").and_then(|r| r.as_array_mut());
    for r in resources.into_iter().flatten() {
        let depends = r.get_mut("depends_on").and_then(|d| d.as_array_mut());
        for d in depends.into_iter().flatten() {
            if let Some(s) = d.as_str() {
                *d = serde_json::Value::String(format!("module.region.module.shop.{s}"));
            }
        }
    }
    let children = module
        .get_mut("child_modules")
        .and_then(|c| c.as_array_mut());
    for child in children.into_iter().flatten() {
        prefix_depends_on(child);
    }
}

/// The AWS resource ids in a text (`subnet-0a1b…`, `i-…`): what makes one copy's resources its
/// own.
fn resource_ids(text: &str) -> Vec<String> {
    const PREFIXES: &[&str] = &[
        "subnet-",
        "sg-",
        "vpc-",
        "i-",
        "igw-",
        "nat-",
        "eipalloc-",
        "rtb-",
        "rtbassoc-",
        "lt-",
        "eni-",
    ];
    let mut ids: Vec<String> = Vec::new();
    for quoted in text.split('"') {
        let is_id = PREFIXES.iter().any(|p| {
            quoted
                .strip_prefix(p)
                .is_some_and(|hex| hex.len() >= 8 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        });
        if is_id && !ids.iter().any(|i| i == quoted) {
            ids.push(quoted.to_string());
        }
    }
    // Longer first, so that no id is replaced inside another.
    ids.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    ids
}

/// A lean `terraform show -json` state of `n` resources: nearly all of them components (queues,
/// buckets, tables, functions, small databases), each with a handful of attributes, in ten
/// modules of a `for_each`; each function's environment names a queue by its URL, so that the
/// references by value have work to do.
pub fn lean_terraform_state(n: usize) -> String {
    const KINDS: &[&str] = &[
        "aws_sqs_queue",
        "aws_s3_bucket",
        "aws_dynamodb_table",
        "aws_lambda_function",
        "aws_db_instance",
    ];
    let mut out = String::with_capacity(n * 420 + 256);
    out.push_str(r#"{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"child_modules":["#);
    let per_module = n.div_ceil(10).max(1);
    let mut i = 0;
    for m in 0..10 {
        if i >= n {
            break;
        }
        if m > 0 {
            out.push(',');
        }
        let _ = write!(out, r#"{{"address":"module.team[\"t{m}\"]","resources":["#);
        for k in 0..per_module.min(n - i) {
            if k > 0 {
                out.push(',');
            }
            let ty = KINDS[i % KINDS.len()];
            let name = format!("r{i:06}");
            let address = format!(r#"module.team[\"t{m}\"].{ty}.{name}"#);
            let values = match ty {
                "aws_sqs_queue" => format!(
                    r#"{{"arn":"arn:aws:sqs:us-east-1:111122223333:q-{i:06}","id":"https://sqs.us-east-1.amazonaws.com/111122223333/q-{i:06}","name":"q-{i:06}","url":"https://sqs.us-east-1.amazonaws.com/111122223333/q-{i:06}","tags":{{"team":"t{m}"}}}}"#
                ),
                "aws_s3_bucket" => format!(
                    r#"{{"arn":"arn:aws:s3:::bucket-{i:06}","bucket":"bucket-{i:06}","id":"bucket-{i:06}","tags":{{"team":"t{m}"}}}}"#
                ),
                "aws_dynamodb_table" => format!(
                    r#"{{"arn":"arn:aws:dynamodb:us-east-1:111122223333:table/t-{i:06}","name":"t-{i:06}","point_in_time_recovery":[{{"enabled":true}}],"tags":{{"team":"t{m}"}}}}"#
                ),
                "aws_lambda_function" => format!(
                    r#"{{"arn":"arn:aws:lambda:us-east-1:111122223333:function:f-{i:06}","function_name":"f-{i:06}","environment":[{{"variables":{{"QUEUE_URL":"https://sqs.us-east-1.amazonaws.com/111122223333/q-{:06}"}}}}],"tags":{{"team":"t{m}"}}}}"#,
                    i - 3
                ),
                _ => format!(
                    r#"{{"arn":"arn:aws:rds:us-east-1:111122223333:db:d-{i:06}","identifier":"d-{i:06}","engine":"postgres","allocated_storage":20,"backup_retention_period":7,"multi_az":false,"tags":{{"team":"t{m}"}}}}"#
                ),
            };
            let _ = write!(
                out,
                r#"{{"address":"{address}","mode":"managed","type":"{ty}","name":"{name}","provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":{values},"sensitive_values":{{}}}}"#
            );
            i += 1;
        }
        out.push_str("]}");
    }
    out.push_str("]}}}\n");
    out
}

/// The barest `terraform show -json` state of `n` resources: queues with no attribute at all,
/// one line, about a hundred bytes a resource; what drplan's memory is measured against when
/// nearly nothing of the file is left once read.
pub fn bare_terraform_state(n: usize) -> String {
    let mut out = String::with_capacity(n * 110 + 128);
    out.push_str(r#"{"format_version":"1.0","terraform_version":"1.9.0","values":{"root_module":{"resources":["#);
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"{{"address":"aws_sqs_queue.q{i}","mode":"managed","type":"aws_sqs_queue","name":"q{i}","values":{{}}}}"#
        );
    }
    out.push_str("]}}}");
    out
}

/// The same queues as a plan, as `terraform show -json plan.out` writes one: one `count`
/// resource of `n` instances, each in the planned values and in the resource changes (to be
/// created), and the configuration with the provider's region.
pub fn bare_terraform_plan(n: usize) -> String {
    let mut out = String::with_capacity(n * 480 + 1024);
    out.push_str(
        r#"{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{"root_module":{"resources":["#,
    );
    let provider = "registry.terraform.io/hashicorp/aws";
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"{{"address":"aws_sqs_queue.q[{i}]","mode":"managed","type":"aws_sqs_queue","name":"q","index":{i},"provider_name":"{provider}","schema_version":0,"values":{{"name":"q-{i}"}},"sensitive_values":{{}}}}"#
        );
    }
    out.push_str(r#"]}},"resource_changes":["#);
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"{{"address":"aws_sqs_queue.q[{i}]","mode":"managed","type":"aws_sqs_queue","name":"q","index":{i},"provider_name":"{provider}","change":{{"actions":["create"],"before":null,"after":{{"name":"q-{i}"}},"after_unknown":{{"arn":true,"id":true,"url":true}},"before_sensitive":false,"after_sensitive":{{}}}}}}"#
        );
    }
    let _ = write!(
        out,
        r#"],"configuration":{{"provider_config":{{"aws":{{"name":"aws","full_name":"{provider}","expressions":{{"region":{{"constant_value":"us-east-1"}}}}}}}},"root_module":{{"resources":[{{"address":"aws_sqs_queue.q","mode":"managed","type":"aws_sqs_queue","name":"q","provider_config_key":"aws","expressions":{{"name":{{"references":["count.index"]}}}},"schema_version":0,"count_expression":{{"constant_value":{n}}}}}]}}}}}}"#
    );
    out.push('\n');
    out
}
