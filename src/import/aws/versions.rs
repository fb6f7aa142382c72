//! How far back a versioned bucket's versions reach: the lifecycle rules that expire
//! noncurrent versions (`aws_s3_bucket_lifecycle_configuration`, the inline `lifecycle_rule`
//! of older providers, CloudFormation's `LifecycleConfiguration`). The shortest enabled rule
//! bounds it: an object its filter selects loses its earlier versions that soon.

use crate::import::resource::Value;

use super::lookup::is;
use super::row::Is;
use crate::import::draft::Draft;
use crate::import::resource::{Resource, block};
use crate::input::field::Field;

/// One enabled rule that expires noncurrent versions: after how many days, how many newer
/// versions it keeps beyond that, whether it selects part of the bucket, who says it.
struct Expiry {
    days: f64,
    newer: Option<f64>,
    filtered: bool,
    id: String,
    from: String,
}

/// Reads the bucket's version retention, when versioning is on.
pub fn read(d: &mut Draft, resources: &[Resource]) {
    if d.backup.versioning != Some(true) {
        return;
    }
    let r = &resources[d.root];
    let mut found: Vec<Expiry> = Vec::new();
    for m in d.members.iter().map(|&m| &resources[m]) {
        if is(m) == Is::BucketLifecycle {
            found.extend(m.list("rule").iter().filter_map(|rule| split(rule, m)));
        }
    }
    found.extend(
        r.list("lifecycle_rule")
            .iter()
            .filter_map(|rule| inline(rule, r)),
    );
    found.extend(
        (r.list("lifecycle_configuration.rules").iter()).filter_map(|rule| template(rule, r)),
    );
    let Some(e) = found.into_iter().min_by(|a, b| a.days.total_cmp(&b.days)) else {
        return;
    };
    let Ok(kept) = crate::duration::from_days(e.days) else {
        return;
    };
    d.backup.version_retention = Some(kept);
    let days = crate::estimate::fmt_num(e.days);
    let mut why = format!(
        "{}: lifecycle rule {} expires noncurrent versions after {days} day{}",
        e.from,
        e.id,
        if e.days == 1.0 { "" } else { "s" }
    );
    if e.filtered {
        why.push_str(" for the objects its filter selects");
    }
    if let Some(n) = e.newer {
        why.push_str(&format!(
            " (keeping the {} newest beyond that)",
            crate::estimate::fmt_num(n)
        ));
    }
    why.push_str(": an overwrite or a deletion can be undone from the versions for that long");
    d.note(Field::BackupVersionRetention, why);
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn number(v: Option<&Value>) -> Option<f64> {
    let v = v?;
    v.as_f64().or_else(|| v.as_str()?.trim().parse().ok())
}

/// A filter that selects part of the bucket: a prefix, tags or sizes.
fn selects_part(v: Option<&Value>) -> bool {
    match v {
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(items)) => items.iter().any(|i| selects_part(Some(i))),
        Some(Value::Object(map)) => map.values().any(|x| selects_part(Some(x))),
        Some(Value::Number(_)) => true,
        _ => false,
    }
}

/// `aws_s3_bucket_lifecycle_configuration`'s `rule`.
fn split(rule: &Value, r: &Resource) -> Option<Expiry> {
    (text(rule, "status")? == "Enabled").then_some(())?;
    let e = block(rule.get("noncurrent_version_expiration"))?;
    Some(Expiry {
        days: number(e.get("noncurrent_days"))?,
        newer: number(e.get("newer_noncurrent_versions")).filter(|n| *n > 0.0),
        filtered: selects_part(rule.get("filter")) || selects_part(rule.get("prefix")),
        id: text(rule, "id").unwrap_or("(no id)").to_string(),
        from: r.origin.address.to_string(),
    })
}

/// The inline `lifecycle_rule` of `aws_s3_bucket` (AWS provider 3 and earlier).
fn inline(rule: &Value, r: &Resource) -> Option<Expiry> {
    (rule.get("enabled")?.as_bool()?).then_some(())?;
    let e = block(rule.get("noncurrent_version_expiration"))?;
    Some(Expiry {
        days: number(e.get("days"))?,
        newer: None,
        filtered: selects_part(rule.get("prefix")) || selects_part(rule.get("tags")),
        id: text(rule, "id").unwrap_or("(no id)").to_string(),
        from: r.origin.address.to_string(),
    })
}

/// CloudFormation's `LifecycleConfiguration.Rules[]`.
fn template(rule: &Value, r: &Resource) -> Option<Expiry> {
    (text(rule, "status")? == "Enabled").then_some(())?;
    let e = block(rule.get("noncurrent_version_expiration"));
    let days = e
        .and_then(|e| number(e.get("noncurrent_days")))
        .or_else(|| number(rule.get("noncurrent_version_expiration_in_days")))?;
    Some(Expiry {
        days,
        newer: e
            .and_then(|e| number(e.get("newer_noncurrent_versions")))
            .filter(|n| *n > 0.0),
        filtered: [
            "prefix",
            "tag_filters",
            "object_size_greater_than",
            "object_size_less_than",
        ]
        .iter()
        .any(|k| selects_part(rule.get(k))),
        id: text(rule, "id").unwrap_or("(no id)").to_string(),
        from: r.origin.address.to_string(),
    })
}
