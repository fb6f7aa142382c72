//! Terraform addresses: a resource's module path with its instance keys, its configuration
//! address, the records filed by both, and the addresses each record is created after.

use std::borrow::Cow;
use std::collections::HashMap as StdHashMap;

/// Maps of addresses and module paths, hashed fast.
pub(super) type HashMap<K, V> = StdHashMap<K, V, foldhash::fast::FixedState>;

/// The resources by configuration address and module instances, so that a reference lands
/// on the instances of its own module: a resource of `module.workers["emails"]` refers to its
/// own module instance's resources, not to those of `module.workers["invoices"]`. Each
/// resource is filed once per depth of its module path: the instances of the first `k`
/// modules named with their keys, the rest by name only.
#[derive(Default)]
pub(super) struct Instances {
    map: HashMap<String, Vec<usize>>,
}

impl Instances {
    pub fn add(&mut self, modules: &[(String, Option<String>)], address: &str, i: usize) {
        for k in 0..=modules.len() {
            let names: Vec<&str> = modules.iter().map(|(n, _)| n.as_str()).collect();
            let key = Self::key(&modules[..k], &names[k..], address);
            self.map.entry(key).or_default().push(i);
        }
    }

    /// The resources at `address` under the modules `names`, seen from a resource in
    /// `modules`: where the paths share module names, in the same instances.
    pub fn get(
        &self,
        modules: &[(String, Option<String>)],
        names: &[&str],
        address: &str,
    ) -> &[usize] {
        let shared = modules
            .iter()
            .zip(names)
            .take_while(|((m, _), n)| m == *n)
            .count();
        let key = Self::key(&modules[..shared], &names[shared..], address);
        self.map.get(&key).map_or(&[], Vec::as_slice)
    }

    fn key(keyed: &[(String, Option<String>)], named: &[&str], address: &str) -> String {
        let mut out = String::new();
        for (name, key) in keyed {
            out.push_str(name);
            if let Some(k) = key {
                out.push('[');
                out.push_str(k);
                out.push(']');
            }
            out.push('.');
        }
        for name in named {
            out.push_str(name);
            out.push('.');
        }
        out.push_str(address);
        out
    }
}

/// `module.a["x"].module.b[0].cloud_database.main[2]` → the module names (`a`, `b`) with
/// their keys, and the resource's configuration address `cloud_database.main`.
pub(super) fn split_address(address: &str) -> (Vec<(String, Option<String>)>, String) {
    let mut modules = Vec::new();
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find(['.', '[']).unwrap_or(after.len());
        let name = after[..end].to_string();
        let mut tail = &after[end..];
        let mut key = None;
        if tail.starts_with('[') {
            // An address cut short (`module.a[`, `module.a["é`) has no closing bracket.
            let close = closing_bracket(tail);
            key = Some(unquote(tail.get(1..close).unwrap_or("")));
            tail = tail.get(close + 1..).unwrap_or("");
        }
        modules.push((name, key));
        rest = tail.strip_prefix('.').unwrap_or(tail);
    }
    // Drop the instance key of the resource itself.
    let config = match rest.rfind('[') {
        Some(i) if rest.ends_with(']') => &rest[..i],
        _ => rest,
    };
    (modules, config.to_string())
}

/// The index of the `]` that closes the `[` at the start of `text`, quotes respected.
fn closing_bracket(text: &str) -> usize {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            ']' if !in_string => return i,
            _ => {}
        }
    }
    text.len()
}

fn unquote(key: &str) -> String {
    key.strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .map_or_else(|| key.to_string(), |k| k.replace("\\\"", "\""))
}

/// The instances of one `count` or `for_each` resource share this (their module keys kept).
pub(super) fn group_of(modules: &[(String, Option<String>)], config_address: &str) -> String {
    let mut out = String::new();
    for (name, key) in modules {
        out.push_str("module.");
        out.push_str(name);
        if let Some(k) = key {
            out.push_str(&format!("[{k:?}]"));
        }
        out.push('.');
    }
    out.push_str(config_address);
    out
}

/// The module names and the configuration address, without instance keys.
pub(super) fn config_key(modules: &[(String, Option<String>)], config_address: &str) -> String {
    let mut out = String::new();
    for (name, _) in modules {
        out.push_str(name);
        out.push('.');
    }
    out.push_str(config_address);
    out
}

/// The addresses each record is created after (`depends_on`), each address kept once: the
/// instances of one resource share their list, and a state repeats it a hundred thousand
/// times.
#[derive(Default)]
pub(super) struct After {
    /// Each record's addresses, as numbers into `addresses`.
    pub of: Vec<thin_vec::ThinVec<u32>>,
    pub addresses: Vec<String>,
    numbers: HashMap<String, u32>,
}

impl After {
    pub fn push(&mut self, addresses: Vec<Cow<str>>) {
        let mut mine = thin_vec::ThinVec::with_capacity(addresses.len());
        for a in addresses {
            let n = match self.numbers.get(a.as_ref()) {
                Some(&n) => n,
                None => {
                    let n =
                        u32::try_from(self.addresses.len()).expect("fewer addresses than bytes");
                    self.numbers.insert(a.to_string(), n);
                    self.addresses.push(a.into_owned());
                    n
                }
            };
            mine.push(n);
        }
        self.of.push(mine);
    }

    /// Every record pushed: the numbering is dropped, and the lists hold exactly what they
    /// have (a list grown by doubling holds up to twice that).
    pub fn finish(&mut self) {
        self.numbers = HashMap::default();
        self.of.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_into_modules_and_the_resource() {
        let (m, a) = split_address(r#"module.db["eu"].module.inner[0].cloud_database.this[2]"#);
        assert_eq!(
            m,
            vec![
                ("db".to_string(), Some("eu".to_string())),
                ("inner".to_string(), Some("0".to_string()))
            ]
        );
        assert_eq!(a, "cloud_database.this");
        let (m, a) = split_address("cloud_bucket.assets");
        assert!(m.is_empty());
        assert_eq!(a, "cloud_bucket.assets");
        let (_, a) = split_address(r#"cloud_queue.q["a.b]c"]"#);
        assert_eq!(a, "cloud_queue.q");
    }
}
