//! The copies in other regions the resources state: an SQL database's geo-secondary, a
//! flexible server's read replica in another region, a Redis cache's geo-replication link, a
//! storage account's object replication. The middle pairs the drafts they name (`pairing`).

use super::lookup::is;
use super::row::Is;
use crate::import::draft::{Draft, Explicit, owners};
use crate::import::resource::Resource;
use crate::model::Mode;

/// The copies the sources state, in draft order.
pub fn explicit(drafts: &[Option<Draft>], resources: &[Resource]) -> Vec<Explicit> {
    let owner = owners(drafts.iter().map(Option::as_ref), resources.len());
    let mut out = Vec::new();
    let mut taken = vec![false; drafts.len()];
    let mut push = |of: usize, copy: usize, why: String, out: &mut Vec<Explicit>| {
        let (Some(a), Some(b)) = (&drafts[of], &drafts[copy]) else {
            return;
        };
        if of == copy || taken[copy] || a.region.is_none() || a.region == b.region {
            return;
        }
        taken[copy] = true;
        out.push(Explicit {
            of,
            copy,
            mode: Mode::Async,
            lag: None,
            why,
        });
    };
    for (j, d) in drafts.iter().enumerate() {
        let Some(d) = d else { continue };
        let r = &resources[d.root];
        let there = d.region.as_deref().unwrap_or("another region");
        let source = match is(r) {
            Is::SqlDatabase
                if r.str("create_mode").is_some_and(|m| {
                    m.eq_ignore_ascii_case("secondary") || m.eq_ignore_ascii_case("onlinesecondary")
                }) =>
            {
                ["creation_source_database_id", "source_database_id"]
                    .iter()
                    .flat_map(|a| r.links_at(a))
                    .find_map(|t| owner[t])
                    .map(|k| {
                        (
                            k,
                            format!(
                                "{} is its geo-secondary in {there} (active geo-replication)",
                                r.origin.address
                            ),
                        )
                    })
            }
            Is::FlexibleServer
                if r.str("create_mode")
                    .is_some_and(|m| m.eq_ignore_ascii_case("replica")) =>
            {
                r.links_at("source_server_id")
                    .find_map(|t| owner[t])
                    .map(|k| {
                        (
                            k,
                            format!(
                                "{} is its read replica in {there} (promoted by hand)",
                                r.origin.address
                            ),
                        )
                    })
            }
            _ => None,
        };
        if let Some((of, why)) = source {
            push(of, j, why, &mut out);
        }
    }
    for r in resources {
        match is(r) {
            // The cache the link names is the secondary of the cache it belongs to.
            Is::RedisLink => {
                let primary = (r.links_at("target_redis_cache_name")).find_map(|t| owner[t]);
                let secondary = (r.links_at("linked_redis_cache_id")).find_map(|t| owner[t]);
                if let (Some(of), Some(copy)) = (primary, secondary) {
                    let why = format!(
                        "{} geo-replicates it to {} (passive geo-replication: the copy trails and is promoted by unlinking)",
                        r.origin.address,
                        region_of(drafts, copy)
                    );
                    push(of, copy, why, &mut out);
                }
            }
            Is::ObjectReplication => {
                let from = (r.links_at("source_storage_account_id")).find_map(|t| owner[t]);
                let to = (r.links_at("destination_storage_account_id")).find_map(|t| owner[t]);
                if let (Some(of), Some(copy)) = (from, to) {
                    let why = format!(
                        "{} copies its block blobs asynchronously to the account in {} (object replication)",
                        r.origin.address,
                        region_of(drafts, copy)
                    );
                    push(of, copy, why, &mut out);
                }
            }
            _ => {}
        }
    }
    out
}

fn region_of(drafts: &[Option<Draft>], k: usize) -> &str {
    drafts[k]
        .as_ref()
        .and_then(|d| d.region.as_deref())
        .unwrap_or("another region")
}
