//! Names the emitted templates use, sanitised from component ids: CloudFormation logical ids
//! (`[A-Za-z0-9]`, at most 255), Terraform names (`[a-z0-9_]`, starting with a letter) and
//! AWS resource names. Deterministic, and collision-free: a name that would repeat another
//! gets a suffix from a hash of what it stands for.

use std::collections::{BTreeMap, HashMap};

/// How many characters of a component's id a logical id keeps before it is shortened (with a
/// hash of the whole id, so two long ids that share a start stay apart).
const MAX_PART: usize = 40;

/// A stable 32-bit FNV-1a hash, as 8 hex digits: the same on every machine and every run.
pub fn hash8(text: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in text.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

/// `orders-db` → `OrdersDb`: letters and digits kept, a new word after anything else; the
/// result starts with a capital letter (`C` is put before a leading digit or an empty name).
pub fn pascal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut upper = true;
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            if upper {
                out.push(ch.to_ascii_uppercase());
            } else {
                out.push(ch);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    if !out.starts_with(|c: char| c.is_ascii_uppercase()) {
        out.insert(0, 'C');
    }
    out
}

/// `OrdersDbBackupVaultName` → `orders_db_backup_vault_name`. One-to-one on what [`pascal`]
/// and [`unique_parts`] make (each capital becomes `_` and its lower case; there is no `_`
/// to begin with), so distinct logical ids stay distinct Terraform names.
pub fn snake(logical: &str) -> String {
    let mut out = String::with_capacity(logical.len() + 8);
    for ch in logical.chars() {
        if ch.is_ascii_uppercase() {
            if !out.is_empty() {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

/// The logical-id part of every component id: [`pascal`], cut to [`MAX_PART`]; a part that
/// was cut, or that two ids share, ends in `X` and a hash of the id.
pub fn unique_parts<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, String> {
    let ids: Vec<&str> = ids.collect();
    let base: Vec<String> = ids.iter().map(|id| pascal(id)).collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for b in &base {
        *count.entry(b.as_str()).or_default() += 1;
    }
    let mut out = HashMap::with_capacity(ids.len());
    for (id, b) in ids.iter().zip(&base) {
        let part = if b.len() > MAX_PART || count[b.as_str()] > 1 {
            format!("{}X{}", &b[..b.len().min(MAX_PART)], hash8(id))
        } else {
            b.clone()
        };
        out.insert(*id, part);
    }
    out
}

/// Makes the names of one template unique: every name used more than once gets `X` and a hash
/// of its item's key (keys are unique), in the order given. Returns the final names.
pub fn dedupe(names: Vec<(String, String)>) -> Vec<String> {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for (name, _) in &names {
        *count.entry(name.clone()).or_default() += 1;
    }
    names
        .into_iter()
        .map(|(name, key)| {
            if count[&name] > 1 {
                format!("{name}X{}", hash8(&key))
            } else {
                name
            }
        })
        .collect()
}

/// An AWS resource name (alarm names): `[a-z0-9-]`, runs of anything else become one `-`, at
/// most `max` characters (a hash of the whole text keeps shortened names apart).
pub fn aws_name(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        let c = ch.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.len() <= max {
        return out;
    }
    format!("{}-{}", &out[..max - 9], hash8(text))
}

/// A tag value: AWS takes at most 256 characters, so a longer one keeps its first 247 and a
/// hash of the whole (`-` and 8 hex digits). Ids and keys are ASCII.
pub fn tag_value(text: &str) -> String {
    if text.len() <= 256 {
        return text.to_string();
    }
    let mut end = 247;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}-{}", &text[..end], hash8(text))
}

/// Cuts `text` to at most `max` bytes on a character boundary, with `…` when cut.
pub fn clip(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_and_snake() {
        assert_eq!(pascal("orders-db"), "OrdersDb");
        assert_eq!(pascal("1st.api"), "C1stApi");
        assert_eq!(pascal("--"), "C");
        assert_eq!(
            snake("OrdersDbBackupVaultName"),
            "orders_db_backup_vault_name"
        );
        assert_eq!(snake("C1stApiX0a1b2c3d"), "c1st_api_x0a1b2c3d");
    }

    /// Ids that sanitise alike, or are cut, get distinct parts.
    #[test]
    fn parts_never_collide() {
        let long_a = format!("{}-a", "x".repeat(60));
        let long_b = format!("{}-b", "x".repeat(60));
        let ids = [
            "a-1",
            "a1",
            "orders.db",
            "orders-db",
            &long_a,
            &long_b,
            "web",
        ];
        let parts = unique_parts(ids.iter().copied());
        let mut seen: Vec<&String> = parts.values().collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), ids.len());
        assert_eq!(parts["web"], "Web");
        assert!(parts[long_a.as_str()].len() <= MAX_PART + 9);
        assert!(
            parts
                .values()
                .all(|p| p.chars().all(|c| c.is_ascii_alphanumeric()))
        );
    }

    #[test]
    fn dedupe_and_names() {
        let names = dedupe(vec![
            ("AB".into(), "k1".into()),
            ("AB".into(), "k2".into()),
            ("C".into(), "k3".into()),
        ]);
        assert_ne!(names[0], names[1]);
        assert_eq!(names[2], "C");
        assert_eq!(aws_name("Web Shop / EU", 255), "web-shop-eu");
        assert_eq!(aws_name(&"a".repeat(300), 255).len(), 255);
        assert_eq!(clip("ééé", 4), "…");
        assert_eq!(tag_value("web"), "web");
        let long = "x".repeat(300);
        assert_eq!(tag_value(&long).len(), 256);
        assert_ne!(tag_value(&long), tag_value(&"x".repeat(301)));
    }
}
