//! Component ids: readable, unique, and the same at every import of the same sources.
//!
//! - Terraform: the address without `module.` and the provider's prefix, the type's
//!   underscores as dashes, instance keys as parts: `module.db["eu"].cloud_sql_database.main`
//!   → `db.eu.sql-database.main` (the prefix `cloud_`), `cloud_dns_record.www_primary` →
//!   `dns-record.www_primary`. The instances of one
//!   `count`/`for_each` EC2 instance are one component: their key is left out.
//! - CloudFormation: the logical id in kebab case (`OrdersDB` → `orders-db`).
//! - Two components of different sources with one id: each is prefixed with its source's
//!   stack name (`sources[].name`) or file name. Any id still taken gets `-2`, `-3`… in file
//!   order.

use std::collections::{BTreeMap, HashMap};

use super::draft::Draft;
use super::provider::Providers;
use super::resource::Resource;
use crate::lists::Texts;
use crate::words::snake;

/// Each draft's id, in the drafts' order.
pub fn assign(
    drafts: &[Draft],
    resources: &[Resource],
    stacks: &BTreeMap<String, String>,
    providers: Providers,
) -> Texts {
    let mut ids = Texts::with_capacity(drafts.len());
    for d in drafts {
        ids.push(Some(&of(d, resources, providers)));
    }
    let file = |k: usize| resources[drafts[k].root].origin.file.as_ref();
    // Two files can give one id only when there are two files.
    if (1..drafts.len()).any(|k| file(k) != file(0)) {
        let clashing = clashing(&ids, &file);
        ids = rewritten(&ids, |k, id| {
            clashing[k].then(|| {
                let prefix = (stacks.get(file(k))).map_or_else(|| stem(file(k)), |s| clean(s));
                format!("{prefix}.{id}")
            })
        });
    }
    // Any id still taken gets its number in file order.
    let id = |k: usize| &ids[k];
    let repeated = crate::model::repeated_ids(&crate::model::id_order(ids.len(), id), id);
    if !repeated.is_empty() {
        let mut repeated = repeated.into_iter().peekable();
        ids = rewritten(&ids, |k, id| {
            (repeated.next_if(|r| r.at == k)).map(|r| format!("{id}-{}", r.nth))
        });
    }
    ids
}

/// The ids, each one `change` gives a new one for changed.
fn rewritten(ids: &Texts, mut change: impl FnMut(usize, &str) -> Option<String>) -> Texts {
    let mut out = Texts::with_capacity(ids.len());
    for k in 0..ids.len() {
        match change(k, &ids[k]) {
            Some(new) => out.push(Some(&new)),
            None => out.push(Some(&ids[k])),
        }
    }
    out
}

/// Whether each id is one more than one file gives (to be prefixed with its file's stack
/// name, or the file's name).
fn clashing<'a>(ids: &Texts, file: &dyn Fn(usize) -> &'a str) -> Vec<bool> {
    // Each id's first file, and whether another file gives it too. Looked up, never walked
    // in order: hashed (a million ids).
    let mut files: HashMap<&str, (&str, bool), foldhash::fast::FixedState> = HashMap::default();
    for k in 0..ids.len() {
        let (first, clash) = files.entry(&ids[k]).or_insert((file(k), false));
        *clash |= *first != file(k);
    }
    (0..ids.len()).map(|k| files[&ids[k]].1).collect()
}

fn of(d: &Draft, resources: &[Resource], providers: Providers) -> String {
    let root = &resources[d.root];
    let address = &root.origin.address;
    if root.source_type().contains("::") {
        return clean(&snake(address).replace('_', "-"));
    }
    let grouped = d.groups_instances
        && (d.members.iter())
            .filter(|&&m| resources[m].ty == root.ty)
            .count()
            > 1;
    let short = |ty: &'_ str| -> String {
        let ty = match root.handle {
            Some(h) => providers.of(h).short_type(ty),
            None => ty,
        };
        ty.replace('_', "-")
    };
    let parts = terraform_parts(address, grouped, &short);
    clean(&parts.join("."))
}

/// The parts of a Terraform address, as ids write them.
fn terraform_parts(
    address: &str,
    drop_own_key: bool,
    short_type: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let (name, key, tail) = split_key(after);
        parts.push(name.to_string());
        if let Some(k) = key {
            parts.push(k);
        }
        rest = tail.strip_prefix('.').unwrap_or(tail);
    }
    let (ty, name_and_key) = rest.split_once('.').unwrap_or(("", rest));
    parts.push(short_type(ty));
    let (name, key, _) = split_key(name_and_key);
    parts.push(name.to_string());
    if let Some(k) = key
        && !drop_own_key
    {
        parts.push(k);
    }
    parts
}

/// `name["key"]rest` → (`name`, `key`, `rest`); `name[0]rest` → (`name`, `0`, `rest`).
fn split_key(text: &str) -> (&str, Option<String>, &str) {
    let end = text.find(['.', '[']).unwrap_or(text.len());
    let name = &text[..end];
    let rest = &text[end..];
    let Some(inner) = rest.strip_prefix('[') else {
        return (name, None, rest);
    };
    let close = if let Some(quoted) = inner.strip_prefix('"') {
        quoted.find('"').map(|q| q + 2).unwrap_or(inner.len())
    } else {
        inner.find(']').unwrap_or(inner.len())
    };
    let key = inner[..close].trim_matches('"').to_string();
    let after = inner[close..].strip_prefix(']').unwrap_or(&inner[close..]);
    (name, Some(key), after)
}

/// Lowercase letters, digits, `.`, `_` and `-`; anything else becomes `-`; starts with a
/// letter or digit.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = c.to_ascii_lowercase();
        let c = if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            c
        } else {
            '-'
        };
        if c == '-' && (out.ends_with('-') || out.ends_with('.') || out.is_empty()) {
            continue;
        }
        if c == '.' && out.ends_with('-') {
            out.pop();
        }
        if c == '.' && (out.ends_with('.') || out.is_empty()) {
            continue;
        }
        out.push(c);
    }
    let trimmed = out.trim_end_matches(['-', '.']).trim_start_matches('_');
    if trimmed.is_empty() {
        "component".to_string()
    } else {
        trimmed.to_string()
    }
}

/// A file's name without its directory and extension.
fn stem(file: &str) -> String {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = name.split('.').next().unwrap_or(name);
    clean(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terraform_addresses() {
        let short = |ty: &str| ty.strip_prefix("cloud_").unwrap_or(ty).replace('_', "-");
        let id = |a: &str| clean(&terraform_parts(a, false, &short).join("."));
        assert_eq!(id("cloud_sql_database.orders"), "sql-database.orders");
        assert_eq!(
            id("module.db[\"eu\"].cloud_sql_database.main"),
            "db.eu.sql-database.main"
        );
        assert_eq!(
            id("module.app.module.cache.cloud_cache_group.this"),
            "app.cache.cache-group.this"
        );
        assert_eq!(
            id("cloud_bucket.buckets[\"user uploads\"]"),
            "bucket.buckets.user-uploads"
        );
        assert_eq!(id("cloud_queue.jobs[2]"), "queue.jobs.2");
        assert_eq!(id("cloud_dns_record.www_primary"), "dns-record.www_primary");
        assert_eq!(
            clean(&terraform_parts("cloud_vm.web[0]", true, &short).join(".")),
            "vm.web"
        );
    }

    #[test]
    fn logical_ids_and_files() {
        let id = |logical: &str| clean(&snake(logical).replace('_', "-"));
        assert_eq!(id("OrdersDB"), "orders-db");
        assert_eq!(id("WebASG"), "web-asg");
        assert_eq!(id("Dns.RecordSets[0]"), "dns.record-sets-0");
        assert_eq!(stem("stacks/app.yaml"), "app");
        assert_eq!(clean("--"), "component");
    }
}
