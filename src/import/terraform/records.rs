//! Each resource the scan hands on, read into a record: only the types a provider reads, only
//! the attributes it asks for, sensitive and secret values dropped; in the order of the file's
//! modules, whatever order the file writes them in.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::addresses::{After, group_of, split_address};
use super::scan::Batch;
use crate::import::error::Error;
use crate::import::provider::{Providers, Role};
use crate::import::resource::{Attributes, Empty, Held, More, Origin, Resource, Small, Value};
use crate::import::secrets::{drop_secret_attributes, drop_sensitive_attributes};

/// The attributes of a resource its provider asked for (`wanted`, sorted), named by the
/// provider's own strings; the others are never parsed (slices of the resource's text).
fn kept(values: &RawValue, wanted: &[&'static str]) -> serde_json::Result<Attributes> {
    let all: BTreeMap<Cow<str>, &RawValue> = serde_json::from_str(values.get())?;
    let names: Vec<(&'static str, &RawValue)> = (all.iter())
        .filter_map(|(key, raw)| {
            let i = wanted.binary_search(&key.as_ref()).ok()?;
            Some((wanted[i], *raw))
        })
        .collect();
    // Room for exactly these: a list grown by doubling holds up to twice what it needs.
    let mut out = thin_vec::ThinVec::with_capacity(names.len());
    for (name, raw) in names {
        out.push((Cow::Borrowed(name), serde_json::from_str(raw.get())?));
    }
    Ok(Small::from_sorted(out))
}

#[derive(Deserialize)]
struct StateResource<'a> {
    #[serde(borrow)]
    address: Cow<'a, str>,
    #[serde(borrow, default)]
    mode: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "type")]
    ty: Cow<'a, str>,
    #[serde(borrow, default)]
    values: Option<&'a RawValue>,
    #[serde(borrow, default)]
    sensitive_values: Option<&'a RawValue>,
    #[serde(borrow, default)]
    depends_on: Vec<Cow<'a, str>>,
}

/// Puts what is at `order[k]` at `k`, in both lists, in place: each cycle of the order is
/// followed once, so that the work is the lists' length whatever the order.
fn permute<A, B>(a: &mut [A], b: &mut [B], order: &[usize]) {
    let mut done = vec![false; order.len()];
    for start in 0..order.len() {
        let mut k = start;
        while !done[k] {
            done[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            a.swap(k, from);
            b.swap(k, from);
            k = from;
        }
    }
}

/// The file's resources, what each is created after, and the data sources of component types:
/// what the second thread reads from the batches.
type Recorded = (Vec<Resource>, After, Vec<String>);

/// What a resource of the file is to the import. Nearly every record is managed, so boxing
/// it would only add an allocation each.
#[allow(clippy::large_enum_variant)]
enum Record<'a> {
    /// A managed resource, and the addresses it is created after (`depends_on`).
    Managed(Resource, Vec<Cow<'a, str>>),
    /// A data source of a type a provider makes components of: managed elsewhere.
    Outside(String),
    /// A data source of any other type.
    Skipped,
}

/// What reading one resource needs.
pub(super) struct Records<'a> {
    pub file: &'a str,
    /// The same, held once for every record.
    pub shared: std::sync::Arc<str>,
    pub providers: Providers,
}

impl<'a> Records<'a> {
    /// Every batch the scan hands on, in order, until it stops: the records, what each is
    /// created after (held apart: a record never carries the addresses, and they are dropped
    /// once resolved), and the data sources of component types. The first error is the
    /// file's first.
    pub fn all(&self, batches: std::sync::mpsc::Receiver<Batch>) -> Result<Recorded, Error> {
        let mut out = Vec::new();
        let mut after = After::default();
        let mut outside = Vec::new();
        let mut modules = Vec::new();
        let mut tags = Held::default();
        for batch in batches {
            let batch = match batch {
                Batch::Resources(batch) => batch,
                Batch::Restart => {
                    (out, after, outside) = (Vec::new(), After::default(), Vec::new());
                    modules.clear();
                    tags.clear();
                    continue;
                }
            };
            for (raw, line, module) in &batch {
                match self.record(raw, *line, &mut tags)? {
                    Record::Skipped => {}
                    Record::Outside(what) => outside.push(what),
                    Record::Managed(resource, addresses) => {
                        out.push(resource);
                        after.push(addresses);
                        modules.push(*module);
                    }
                }
            }
        }
        // A module's resources come before its children's, wherever the file writes its
        // `child_modules` (Terraform writes them last, and then nothing moves).
        if !modules.is_sorted() {
            let mut order: Vec<usize> = (0..modules.len()).collect();
            order.sort_by_key(|&i| modules[i]);
            permute(&mut out, &mut after.of, &order);
        }
        // Room for exactly what was read: a list grown by doubling holds up to twice that.
        out.shrink_to_fit();
        after.finish();
        Ok((out, after, outside))
    }

    /// One resource of the file, its tags held with the others' (`tags`).
    fn record<'r>(
        &self,
        slice: &'r RawValue,
        line: u32,
        held_tags: &mut Held<Small<String>>,
    ) -> Result<Record<'r>, Error> {
        let (file, providers) = (self.file, self.providers);
        let r: StateResource<'r> =
            serde_json::from_str(slice.get()).map_err(|e| Error::json(file, &e))?;
        if r.mode.as_deref().is_some_and(|m| m != "managed") {
            if matches!(providers.role(&r.ty), Role::Component(..)) {
                return Ok(Record::Outside(format!(
                    "{file}: {} (a data source: read by these sources, managed elsewhere)",
                    r.address
                )));
            }
            return Ok(Record::Skipped);
        }
        let address = r.address.into_owned();
        let (modules, config_address) = split_address(&address);
        let group = Some(group_of(&modules, &config_address)).filter(|g| *g != address);
        let wanted = providers.wants(&r.ty);
        let reads = wanted.is_some();
        let mut values = match (&wanted, r.values) {
            (Some(w), Some(v)) => {
                let mut values = kept(v, w.attributes).map_err(|e| Error::json(file, &e))?;
                if let Some(s) = r.sensitive_values {
                    let mask: Value =
                        serde_json::from_str(s.get()).map_err(|e| Error::json(file, &e))?;
                    drop_sensitive_attributes(&mut values, &mask);
                }
                drop_secret_attributes(&mut values);
                values
            }
            _ => Small::default(),
        };
        let mut tags = tags_of(&values).on_demand();
        tags.hold_once(held_tags);
        // Kept as `tags`; the maps themselves name nothing.
        values.remove("tags");
        values.remove("tags_all");
        // Room for what is left: it is held until the components are made.
        values.shrink_to_fit();
        let resource = Resource {
            origin: Origin {
                file: self.shared.clone(),
                address: address.into(),
                line: Some(line),
            },
            ty: wanted
                .as_ref()
                .map_or_else(|| r.ty.into_owned().into(), |w| w.ty.into()),
            handle: wanted.map(|w| w.handle),
            // Read once the configuration is (`regions`).
            region: None,
            values,
            links: thin_vec::ThinVec::new(),
            tags,
            more: More {
                group: group.map(String::into_boxed_str),
                ..More::default()
            }
            .on_demand(),
        };
        // Creation order only matters between the resources drplan reads.
        let depends = if reads { r.depends_on } else { Vec::new() };
        Ok(Record::Managed(resource, depends))
    }
}

fn tags_of(values: &Attributes) -> Small<String> {
    let tags = values.get("tags_all").or_else(|| values.get("tags"));
    let Some(map) = tags.and_then(Value::as_object) else {
        return Small::default();
    };
    (map.iter())
        .filter_map(|(k, v)| v.as_str().map(|v| (k.to_string(), v.to_string())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every order of a few items is applied in place, in both lists.
    #[test]
    fn a_permutation_is_applied_in_place() {
        fn orders(n: usize) -> Vec<Vec<usize>> {
            if n == 0 {
                return vec![Vec::new()];
            }
            let mut out = Vec::new();
            for shorter in orders(n - 1) {
                for at in 0..n {
                    let mut o = shorter.clone();
                    o.insert(at, n - 1);
                    out.push(o);
                }
            }
            out
        }
        for n in 0..=6 {
            for order in orders(n) {
                let mut a: Vec<usize> = (0..n).collect();
                let mut b: Vec<String> = (0..n).map(|i| i.to_string()).collect();
                permute(&mut a, &mut b, &order);
                assert_eq!(a, order);
                let expected: Vec<String> = order.iter().map(|i| i.to_string()).collect();
                assert_eq!(b, expected);
            }
        }
    }
}
