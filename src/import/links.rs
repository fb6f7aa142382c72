//! References a file shows only by value. A state has no expressions: an Auto Scaling group
//! names its target groups by ARN, a launch template's user data carries the database's
//! endpoint, a Lambda function's environment the queue's URL. Each resource's identifying
//! values (id, ARN, name, endpoint, URL) are indexed, and every string of every other resource
//! is looked up: whole, and, for long texts, word by word.

use crate::import::resource::Value;

use super::provider::{Providers, Role};
use super::resource::{Link, Resource};

/// Whether a value is distinctive enough to stand for one resource: not a short word that
/// many things are called (`default`, `main`), and not a region or a boolean.
fn distinctive(v: &str, providers: Providers) -> bool {
    v.len() >= 8
        && providers.identifies(v)
        && !v.eq_ignore_ascii_case("enabled")
        && !v.eq_ignore_ascii_case("disabled")
}

/// Whether a value reads as an address or an ARN (found inside longer texts).
fn addressy(v: &str) -> bool {
    v.contains(['.', ':', '/'])
}

/// Adds a link wherever a resource holds another's identifier, unless a link to it from that
/// attribute is there already.
pub fn by_value(resources: &mut [Resource], providers: Providers) {
    let index = Index::of(resources, providers);
    // In the resources' order, one list for all.
    let mut found: Vec<(usize, Link)> = Vec::new();
    for (i, r) in resources.iter().enumerate() {
        let own = providers.identifiers(r);
        for (attribute, v) in r.values.iter() {
            if own.contains(&attribute) {
                continue;
            }
            let mut targets = Vec::new();
            strings(v, &mut |s| {
                let before = targets.len();
                lookup(s, &index, &mut targets);
                // A part's id names its resource (a gateway's backend pool, the gateway).
                if targets.len() == before
                    && let Some(whole) = providers.whole_of(s)
                    && let Some(t) = index.get(whole)
                {
                    targets.push(t);
                }
            });
            for to in targets {
                if to != i {
                    let attribute = attribute.to_string();
                    found.push((i, Link { attribute, to }));
                }
            }
        }
    }
    let mut found = found.into_iter().peekable();
    for (i, r) in resources.iter_mut().enumerate() {
        let new = std::iter::from_fn(|| found.next_if(|(at, _)| *at == i).map(|(_, l)| l));
        r.links.extend(new);
        r.links.sort();
        r.links.dedup();
    }
}

/// The values that name one resource each, sorted, with the resource: looked up by halving
/// (a sorted list of the values is a third of a map's weight).
struct Index<'a>(Vec<(&'a str, usize)>);

impl<'a> Index<'a> {
    /// Each resource's identifying values (id, ARN, name, endpoint, URL) that are distinctive.
    /// A value two resources share names neither, unless only one of them is a component (a
    /// load balancer and its target group are often named alike).
    fn of(resources: &'a [Resource], providers: Providers) -> Index<'a> {
        let mut held: Vec<(&str, usize)> = Vec::new();
        for (i, r) in resources.iter().enumerate() {
            for key in providers.identifiers(r) {
                let Some(v) = r.values.get(key).and_then(Value::as_str) else {
                    continue;
                };
                let v = v.trim_end_matches('/');
                if distinctive(v, providers) {
                    held.push((v, i));
                }
            }
        }
        // By value, each value's holders in order, each once.
        held.sort_unstable();
        held.dedup();
        let component = |h: usize| matches!(providers.role(&resources[h].ty), Role::Component(..));
        let mut kept = 0;
        let mut at = 0;
        while at < held.len() {
            let value = held[at].0;
            let end = at + held[at..].partition_point(|(v, _)| *v == value);
            let one = match &held[at..end] {
                [(_, only)] => Some(*only),
                holders => {
                    let mut components = holders.iter().filter(|(_, h)| component(*h));
                    match (components.next(), components.next()) {
                        (Some(&(_, c)), None) => Some(c),
                        _ => None,
                    }
                }
            };
            if let Some(one) = one {
                held[kept] = (value, one);
                kept += 1;
            }
            at = end;
        }
        held.truncate(kept);
        held.shrink_to_fit();
        Index(held)
    }

    fn get(&self, value: &str) -> Option<usize> {
        let at = self.0.binary_search_by(|(v, _)| (*v).cmp(value)).ok()?;
        Some(self.0[at].1)
    }
}

/// The resources a string names: the whole string, or in a longer text each word that reads
/// as an address (an endpoint with its port, a URL, an ARN).
fn lookup(s: &str, index: &Index, out: &mut Vec<usize>) {
    let whole = s.trim_end_matches('/');
    if let Some(i) = index.get(whole) {
        out.push(i);
        return;
    }
    if s.len() < 16 {
        return;
    }
    for word in s.split(|c: char| c.is_whitespace() || "\"'=,;()[]{}<>`".contains(c)) {
        if !addressy(word) {
            continue;
        }
        let word = word.trim_end_matches(['/', '.']);
        let bare = word
            .rsplit_once(':')
            .filter(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(word, |(host, _)| host);
        let host = bare
            .strip_prefix("https://")
            .or_else(|| bare.strip_prefix("http://"))
            .unwrap_or(bare);
        // A URL with a path (`https://api.example.run.app/push`) names its service.
        let origin = word
            .split_once("://")
            .and_then(|(scheme, rest)| Some(&word[..scheme.len() + 3 + rest.find('/')?]))
            .unwrap_or(word);
        for candidate in [word, bare, host, origin] {
            if let Some(i) = index.get(candidate) {
                out.push(i);
                break;
            }
        }
    }
}

/// Every string inside a value.
fn strings(v: &Value, f: &mut dyn FnMut(&str)) {
    match v {
        Value::String(s) => f(s),
        Value::Array(items) => items.iter().for_each(|i| strings(i, f)),
        Value::Object(map) => map.values().for_each(|i| strings(i, f)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::registry::{PROVIDERS, test_resource};
    use proptest::prelude::*;
    use std::collections::HashMap;

    proptest! {
        /// The sorted index names what a map of every value's holders names: one holder, or
        /// the one component among several.
        #[test]
        fn the_index_names_what_a_map_of_holders_names(
            resources in proptest::collection::vec(
                (any::<bool>(), proptest::collection::vec((0usize..3, 0u8..6), 0..4)),
                0..12,
            ),
        ) {
            let keys = ["id", "arn", "name"];
            let resources: Vec<Resource> = (resources.iter())
                .map(|(component, values)| {
                    let ty = if *component { "aws_db_instance" } else { "aws_db_subnet_group" };
                    let values: serde_json::Map<String, serde_json::Value> = (values.iter())
                        .map(|&(k, v)| (keys[k].to_string(), format!("arn:aws:rds:::thing-{v}").into()))
                        .collect();
                    test_resource(ty, values.into())
                })
                .collect();
            let mut holders: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, r) in resources.iter().enumerate() {
                for key in PROVIDERS.identifiers(r) {
                    if let Some(v) = r.values.get(key).and_then(Value::as_str) {
                        let h = holders.entry(v).or_default();
                        if h.last() != Some(&i) {
                            h.push(i);
                        }
                    }
                }
            }
            let index = Index::of(&resources, PROVIDERS);
            for (v, h) in &holders {
                let components: Vec<usize> = (h.iter().copied())
                    .filter(|&i| resources[i].ty == "aws_db_instance")
                    .collect();
                let expected = match (h.as_slice(), components.as_slice()) {
                    ([only], _) => Some(*only),
                    (_, [one]) => Some(*one),
                    _ => None,
                };
                prop_assert_eq!(index.get(v), expected, "{}", v);
            }
            prop_assert!(index.0.len() <= holders.len());
        }
    }
}
