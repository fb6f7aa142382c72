//! The copies in other regions the resources state: a Cloud SQL read replica in another region
//! (its `master_instance_name`), an AlloyDB secondary cluster (its
//! `secondary_config.primary_cluster_name`). The middle pairs the drafts they name
//! (`pairing`). Copies a single resource holds (a dual-region bucket, a multi-region Spanner
//! instance, a Bigtable instance with clusters in two regions) are its facts (`facts.rs`).

use std::collections::HashMap;

use super::lookup::is;
use super::row::Is;
use crate::import::draft::{Draft, Explicit, owners};
use crate::import::resource::Resource;
use crate::model::Mode;

/// The attribute through which each kind of copy names its source, and how the source is
/// named by value (the last part of its `name`).
const SOURCES: &[(Is, &str, &str)] = &[
    (
        Is::SqlInstance,
        "master_instance_name",
        "master_instance_name",
    ),
    (
        Is::AlloydbCluster,
        "secondary_config",
        "secondary_config.primary_cluster_name",
    ),
];

/// The copies the sources state, in draft order.
pub fn explicit(drafts: &[Option<Draft>], resources: &[Resource]) -> Vec<Explicit> {
    let owner = owners(drafts.iter().map(Option::as_ref), resources.len());
    // The drafts of each kind of source, by the last part of their name, for a copy that names
    // its source only by value (a state).
    let mut named: HashMap<(Is, &str), usize> = HashMap::new();
    for (k, d) in drafts.iter().enumerate() {
        let Some(d) = d else { continue };
        let root = &resources[d.root];
        if SOURCES.iter().any(|(kind, _, _)| *kind == is(root))
            && let Some(n) = root.str("name")
        {
            named
                .entry((is(root), n.rsplit('/').next().unwrap_or(n)))
                .or_insert(k);
        }
    }
    let mut out = Vec::new();
    for (j, d) in drafts.iter().enumerate() {
        let Some(d) = d else { continue };
        let r = &resources[d.root];
        let Some(&(kind, attribute, path)) = SOURCES.iter().find(|(k, _, _)| *k == is(r)) else {
            continue;
        };
        let by_link = r
            .links_at(attribute)
            .filter_map(|t| owner[t])
            .find(|&k| k != j);
        let by_name = || {
            let name = r.str(path)?;
            let name = name.rsplit(['/', ':']).next().unwrap_or(name);
            named.get(&(kind, name)).copied()
        };
        let Some(k) = by_link.or_else(by_name).filter(|&k| k != j) else {
            continue;
        };
        let Some(of) = &drafts[k] else { continue };
        if of.region.is_none() || of.region == d.region {
            continue;
        }
        let copy = d.region.as_deref().unwrap_or("another region");
        let why = match kind {
            Is::AlloydbCluster => format!(
                "{} is a secondary cluster of it in {copy} (secondary_config.primary_cluster_name), replicated asynchronously and promoted by hand",
                r.origin.address
            ),
            _ => format!(
                "{} is a cross-region read replica of it in {copy} ({attribute}), replicated asynchronously and promoted by hand",
                r.origin.address
            ),
        };
        out.push(Explicit {
            of: k,
            copy: j,
            mode: Mode::Async,
            lag: None,
            why,
        });
    }
    out
}
