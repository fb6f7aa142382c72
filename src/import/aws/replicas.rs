//! The copies in other regions the resources state: a cross-region read replica, a member of
//! a global cluster or datastore (by reference, or by an ARN or identifier), a bucket that
//! replicates to another. The middle pairs the drafts they name (`pairing`).

use std::time::Duration;

use std::collections::{BTreeMap, HashMap, HashSet};

use super::lookup::{is, row};
use super::region::arn_parts;
use super::row::Is;
use crate::import::draft::{Draft, Explicit, owners};
use crate::import::resource::{Resource, Value, block};
use crate::model::Mode;

/// Attributes of a resource that name the resource it is a cross-region copy of.
const SOURCE_LINKS: &[&str] = &[
    "replicate_source_db",
    "replication_source_identifier",
    "global_cluster_identifier",
    "global_replication_group_id",
];

/// The copies across regions the resources state ([`explicit`]), after noting on each bucket
/// that replicates within its own region that it does ([`same_region`]): one index of the
/// drafts' names and owners for both.
pub fn read(drafts: &mut [Option<Draft>], resources: &[Resource]) -> Vec<Explicit> {
    let owner = &owners(drafts.iter().map(Option::as_ref), resources.len());
    let named = &Named::new(drafts, resources);
    let explicit = explicit(drafts, resources, owner, named);
    same_region(drafts, resources, owner, named);
    explicit
}

fn explicit(
    drafts: &[Option<Draft>],
    resources: &[Resource],
    owner: &[Option<usize>],
    named: &Named,
) -> Vec<Explicit> {
    let mut out = Vec::new();
    let mut taken = vec![false; drafts.len()];
    for (j, d) in drafts.iter().enumerate() {
        let Some(d) = d else { continue };
        let r = &resources[d.root];
        // A replica names its source, by reference or by ARN.
        let source = SOURCE_LINKS.iter().find_map(|a| {
            r.links_at(a)
                .filter_map(|t| owner[t].map(|k| (k, *a)))
                .find(|&(k, _)| k != j)
                .or_else(|| by_arn(r, a, named).map(|k| (k, *a)))
        });
        if let Some((k, attribute)) = source
            && let Some(of) = &drafts[k]
            && of.region.is_some()
            && of.region != d.region
            && !taken[j]
        {
            taken[j] = true;
            let copy = d.region.as_deref().unwrap_or("another region");
            let why = match attribute {
                "global_cluster_identifier" | "global_replication_group_id" => format!(
                    "{} in {} and {} in {copy} are members of one global datastore: the copy trails by about a second",
                    resources[of.root].origin.address,
                    of.region.as_deref().unwrap_or("its region"),
                    r.origin.address
                ),
                _ => format!(
                    "{} is a replica of it in {copy} ({attribute})",
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
        // A bucket names where it replicates to: the first destination in another region.
        let away = |&(dest, _, _): &(usize, bool, String)| {
            dest != j
                && drafts[dest]
                    .as_ref()
                    .is_some_and(|to| to.region.is_some() && to.region != d.region && !taken[dest])
        };
        if is(r) == Is::Bucket
            && let Some((dest, rtc, via)) = s3_destinations(d, resources, named, owner)
                .into_iter()
                .find(away)
            && let Some(to) = &drafts[dest]
        {
            taken[dest] = true;
            let (lag, how) = if rtc {
                (
                    Some(Duration::from_secs(15 * 60)),
                    "with Replication Time Control: 99.99 % of objects within 15 minutes",
                )
            } else {
                (
                    None,
                    "without Replication Time Control: most objects within 15 minutes, none guaranteed",
                )
            };
            out.push(Explicit {
                of: j,
                copy: dest,
                mode: Mode::Async,
                lag,
                why: format!(
                    "{via} replicates it to {} in {}, {how}",
                    resources[to.root].origin.address,
                    to.region.as_deref().unwrap_or("another region")
                ),
            });
        }
    }
    by_global_identifier(drafts, resources, &mut taken, &mut out);
    by_global_resource(drafts, resources, owner, &mut taken, &mut out);
    one_resource_both_sides(drafts, resources, &mut taken, &mut out);
    out
}

/// Members of a global datastore that the global resource names, or that name it by a literal
/// identifier, each in its own stack or state: a CloudFormation `GlobalReplicationGroup`'s
/// `Members` (an identifier and a region each), a secondary replication group's
/// `global_replication_group_id` (AWS prefixes the suffix a template gives the datastore:
/// `ldgnf-sessions` for `sessions`). The global resource belongs to its primary's component.
fn by_global_resource(
    drafts: &[Option<Draft>],
    resources: &[Resource],
    owner: &[Option<usize>],
    taken: &mut [bool],
    out: &mut Vec<Explicit>,
) {
    let paired = paired(drafts.len(), out);
    let free = |k: usize, taken: &[bool]| !taken[k] && !paired[k];
    let region = |k: usize| drafts[k].as_ref().and_then(|d| d.region.as_deref());
    if !resources.iter().any(|g| is(g) == Is::GlobalDatastore) {
        return;
    }
    // The drafts a global resource can name, by each way it names them: found once for every
    // global resource, not a walk of the drafts each.
    let mut by_member: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, d) in drafts.iter().enumerate() {
        let Some(d) = d else { continue };
        let root = &resources[d.root];
        if let (Some(id), Some(here)) = (root.str("replication_group_id"), d.region.as_deref()) {
            by_member.entry((id, here)).or_default().push(k);
        }
        if let Some(id) = root.str("global_replication_group_id") {
            by_id.entry(id).or_default().push(k);
            if let Some((_, rest)) = id.split_once('-') {
                by_id.entry(rest).or_default().push(k);
            }
        }
    }
    for (g, global) in resources.iter().enumerate() {
        if is(global) != Is::GlobalDatastore {
            continue;
        }
        let Some(of) = owner[g].filter(|&k| drafts[k].is_some()) else {
            continue;
        };
        let named = |k: usize| -> Option<&str> {
            let d = drafts[k].as_ref()?;
            let root = &resources[d.root];
            // By a member entry: its identifier and its region.
            let listed = global.list("members").iter().any(|m| {
                let text = |key: &str| m.get(key).and_then(Value::as_str);
                text("replication_group_id") == root.str("replication_group_id")
                    && text("replication_group_region") == d.region.as_deref()
                    && text("replication_group_id").is_some()
            });
            if listed {
                return Some("members");
            }
            // By the datastore's identifier, as AWS writes it.
            let id = root.str("global_replication_group_id")?;
            let whole = ["global_replication_group_id", "id"]
                .iter()
                .any(|a| global.str(a) == Some(id));
            let suffix = global
                .str("global_replication_group_id_suffix")
                .is_some_and(|s| id.split_once('-').is_some_and(|(_, rest)| rest == s));
            (whole || suffix).then_some("global_replication_group_id")
        };
        // Every draft it may name, in draft order, each then checked as it names it.
        let listed = global.list("members").iter().filter_map(|m| {
            let text = |key: &str| m.get(key).and_then(Value::as_str);
            by_member.get(&(
                text("replication_group_id")?,
                text("replication_group_region")?,
            ))
        });
        let ids = [
            "global_replication_group_id",
            "id",
            "global_replication_group_id_suffix",
        ];
        let by_ids = ids.iter().filter_map(|a| by_id.get(global.str(a)?));
        let mut candidates: Vec<usize> = listed.chain(by_ids).flatten().copied().collect();
        candidates.sort_unstable();
        candidates.dedup();
        for j in candidates {
            if j == of || !free(j, taken) || region(j).is_none() || region(j) == region(of) {
                continue;
            }
            let Some(how) = named(j) else { continue };
            taken[j] = true;
            let by = if how == "members" {
                format!("{} lists it as a member", global.origin.address)
            } else {
                format!(
                    "its global_replication_group_id names {}",
                    global.origin.address
                )
            };
            out.extend(one_in_two_regions(
                drafts,
                resources,
                (of, j),
                Mode::Async,
                &format!(
                    "members of one global datastore ({by}): the copy trails by about a second"
                ),
            ));
        }
    }
}

/// Which drafts the copies found so far pair (`out`), by draft.
fn paired(drafts: usize, out: &[Explicit]) -> Vec<bool> {
    let mut paired = vec![false; drafts];
    for e in out {
        paired[e.of] = true;
        paired[e.copy] = true;
    }
    paired
}

/// One global table declared from both sides: tables of one type and name in two regions,
/// when one of them (or a global table resource of that name) says the other region holds its
/// replica. Each stack or state describes its own region's table; they are one component.
fn one_resource_both_sides(
    drafts: &[Option<Draft>],
    resources: &[Resource],
    taken: &mut [bool],
    out: &mut Vec<Explicit>,
) {
    let paired = paired(drafts.len(), out);
    // A store's name: the identifier `drplan verify` finds it by.
    fn name(r: &Resource) -> Option<&str> {
        let (_, attribute) = row(r)?.identity?;
        r.str(attribute)
    }
    // The regions that hold one table, by name, and who says so.
    let mut claims: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for d in drafts.iter().flatten() {
        let r = &resources[d.root];
        if let (Some(n), Some(s), Some(here)) = (name(r), &d.secondary, &d.region)
            && s.replica
        {
            let e = claims.entry(n).or_default();
            e.push((here.to_string(), r.origin.address.to_string()));
            e.push((s.region.clone(), r.origin.address.to_string()));
        }
    }
    for g in resources.iter().filter(|g| is(g) == Is::GlobalDatastore) {
        let Some(n) = g.str("name") else { continue };
        let e = claims.entry(n).or_default();
        for v in g.list("replica") {
            if let Some(region) = v.get("region_name").and_then(Value::as_str) {
                e.push((region.to_string(), g.origin.address.to_string()));
            }
        }
    }
    // The drafts of each name, in draft order: found once for every name.
    let mut named: HashMap<&str, Vec<usize>> = HashMap::new();
    if !claims.is_empty() {
        for (k, d) in drafts.iter().enumerate() {
            if let Some(n) = d.as_ref().and_then(|d| name(&resources[d.root])) {
                named.entry(n).or_default().push(k);
            }
        }
    }
    for (n, regions) in claims {
        let mut said: Vec<&str> = regions.iter().map(|(_, s)| s.as_str()).collect();
        said.sort_unstable();
        said.dedup();
        // Each of the name (the index says), in one of the regions claimed.
        let members: Vec<usize> = (named.get(n).into_iter().flatten().copied())
            .filter(|&k| !taken[k] && !paired[k])
            .filter(|&k| {
                drafts[k].as_ref().is_some_and(|d| {
                    (d.region.as_deref()).is_some_and(|x| regions.iter().any(|(c, _)| c == x))
                })
            })
            .collect();
        let mut firsts: BTreeMap<&str, (usize, Vec<Option<&str>>)> = BTreeMap::new();
        for copy in members {
            let Some(c) = &drafts[copy] else { continue };
            let ty = resources[c.root].ty.as_ref();
            let Some((of, seen)) = firsts.get_mut(ty) else {
                firsts.insert(ty, (copy, vec![c.region.as_deref()]));
                continue;
            };
            if seen.contains(&c.region.as_deref()) {
                continue;
            }
            seen.push(c.region.as_deref());
            let Some(p) = &drafts[*of] else { continue };
            taken[copy] = true;
            out.extend(one_in_two_regions(
                drafts,
                resources,
                (*of, copy),
                p.rare.replication.map_or(Mode::Async, |(m, _)| m),
                &format!(
                    "one global table, {n}, declared from both sides ({} name{} both regions)",
                    said.join(", "),
                    if said.len() == 1 { "s" } else { "" },
                ),
            ));
        }
    }
}

/// Members of one global datastore that name it only by its identifier, with no resource of
/// the datastore in the sources (each stack names the global cluster by a literal): the one
/// that is not created from another region (no `source_region`) is the primary.
fn by_global_identifier(
    drafts: &[Option<Draft>],
    resources: &[Resource],
    taken: &mut [bool],
    out: &mut Vec<Explicit>,
) {
    let paired = paired(drafts.len(), out);
    let mut groups: std::collections::BTreeMap<(&str, &str), Vec<usize>> = Default::default();
    for (k, d) in drafts.iter().enumerate() {
        let Some(d) = d else { continue };
        if taken[k] || paired[k] || d.region.is_none() {
            continue;
        }
        let r = &resources[d.root];
        for a in ["global_cluster_identifier", "global_replication_group_id"] {
            if let Some(id) = r.str(a).filter(|id| !id.is_empty() && !id.contains("${")) {
                groups.entry((r.ty.as_ref(), id)).or_default().push(k);
            }
        }
    }
    for ((_, id), members) in groups {
        let [a, b] = members[..] else { continue };
        let region = |k: usize| drafts[k].as_ref().and_then(|d| d.region.as_deref());
        if region(a) == region(b) {
            continue;
        }
        let sourced = |k: usize| {
            drafts[k]
                .as_ref()
                .is_some_and(|d| resources[d.root].str("source_region").is_some())
        };
        let (of, copy) = if sourced(a) && !sourced(b) {
            (b, a)
        } else {
            (a, b)
        };
        taken[copy] = true;
        out.extend(one_in_two_regions(
            drafts,
            resources,
            (of, copy),
            Mode::Async,
            &format!("members of the global datastore {id}: the copy trails by about a second"),
        ));
    }
}

/// Two drafts that are one resource in two regions (`of` the primary's), and why: `{of} in
/// {region} and {copy} in {region} are {what}`.
fn one_in_two_regions(
    drafts: &[Option<Draft>],
    resources: &[Resource],
    (of, copy): (usize, usize),
    mode: Mode,
    what: &str,
) -> Option<Explicit> {
    let (p, c) = (drafts[of].as_ref()?, drafts[copy].as_ref()?);
    Some(Explicit {
        of,
        copy,
        mode,
        lag: None,
        why: format!(
            "{} in {} and {} in {} are {what}",
            resources[p.root].origin.address,
            p.region.as_deref().unwrap_or("its region"),
            resources[c.root].origin.address,
            c.region.as_deref().unwrap_or("another region"),
        ),
    })
}

/// The draft whose root an ARN attribute names (`arn:aws:rds:us-east-1:…:db:orders`).
fn by_arn(r: &Resource, attribute: &str, named: &Named) -> Option<usize> {
    named.identified.get(&arn_key(r, attribute)?).copied()
}

/// What an ARN in `attribute` names: its type (the resource's own), region and identifier.
fn arn_key<'a>(r: &'a Resource, attribute: &str) -> Option<(&'a str, &'a str, &'a str)> {
    let (_service, region, name) = arn_parts(r.str(attribute)?)?;
    Some((r.ty.as_ref(), region, name))
}

/// The names of the buckets a bucket's replication rules send to (`rule` of a replication
/// configuration, `replication_configuration.rules` of a bucket).
fn destination_names<'a>(rules: &'a [Value]) -> impl Iterator<Item = &'a str> + 'a {
    rules.iter().filter_map(|rule| {
        let arn = block(rule.get("destination"))?.get("bucket")?.as_str()?;
        Some(arn.strip_prefix("arn:aws:s3:::").unwrap_or(arn))
    })
}

/// A bucket's replication rules, from the resource that holds them, and that attribute.
fn replication_rules(r: &Resource) -> Option<(&'static str, &[Value])> {
    match is(r) {
        Is::BucketReplication => Some(("rule", r.list("rule"))),
        Is::Bucket => Some((
            "replication_configuration",
            r.list("replication_configuration.rules"),
        )),
        _ => None,
    }
}

/// The drafts by the names other resources give them, looked up once each: a bucket by its
/// name, a database or a cache by its type, region and identifier (the first draft of a name,
/// as a scan in order finds it). Only the names some resource gives are held (a hundred
/// thousand databases that name none hold none).
struct Named<'a> {
    buckets: HashMap<&'a str, usize>,
    identified: HashMap<(&'a str, &'a str, &'a str), usize>,
}

impl<'a> Named<'a> {
    fn new(drafts: &[Option<Draft>], resources: &'a [Resource]) -> Named<'a> {
        let mut named = Named {
            buckets: HashMap::new(),
            identified: HashMap::new(),
        };
        // What the resources name (`by_arn`, `s3_destinations`).
        let drafted = || drafts.iter().flatten();
        let identified: HashSet<(&str, &str, &str)> = drafted()
            .flat_map(|d| {
                let root = &resources[d.root];
                SOURCE_LINKS.iter().filter_map(|a| arn_key(root, a))
            })
            .collect();
        let buckets: HashSet<&str> = drafted()
            .flat_map(|d| d.members.iter())
            .filter_map(|&m| replication_rules(&resources[m]))
            .flat_map(|(_, rules)| destination_names(rules))
            .collect();
        for (k, d) in drafts.iter().enumerate() {
            let Some(d) = d else { continue };
            let root = &resources[d.root];
            if is(root) == Is::Bucket
                && let Some(name) = root.str("bucket")
                && buckets.contains(name)
            {
                named.buckets.entry(name).or_insert(k);
            }
            if let Some(region) = root.region() {
                for key in ["identifier", "cluster_identifier", "replication_group_id"] {
                    if let Some(name) = root.str(key)
                        && identified.contains(&(root.ty.as_ref(), region, name))
                    {
                        (named.identified)
                            .entry((root.ty.as_ref(), region, name))
                            .or_insert(k);
                    }
                }
            }
        }
        named
    }
}

/// Buckets that replicate to a bucket in their own region: a second bucket, never a copy
/// outside the region. Said on `replication.mode`, which stays unset unless another rule
/// replicates to another region.
fn same_region(
    drafts: &mut [Option<Draft>],
    resources: &[Resource],
    owner: &[Option<usize>],
    named: &Named,
) {
    let mut notes = Vec::new();
    for (j, d) in drafts.iter().enumerate() {
        let Some(d) = d else { continue };
        if is(&resources[d.root]) != Is::Bucket || d.region.is_none() {
            continue;
        }
        for (dest, _, via) in s3_destinations(d, resources, named, owner) {
            if let Some(to) = &drafts[dest]
                && dest != j
                && to.region == d.region
            {
                notes.push((j, format!(
                    "{via} replicates it to {} in its own region ({}): same-region replication keeps a second bucket, never a copy outside the region",
                    resources[to.root].origin.address,
                    d.region.as_deref().unwrap_or("its region"),
                )));
            }
        }
    }
    for (j, why) in notes {
        if let Some(d) = &mut drafts[j] {
            d.note(crate::input::field::Field::ReplicationMode, why);
        }
    }
}

/// Where a bucket replicates to: each destination's draft, whether Replication Time Control
/// is on, and the resource that says so.
fn s3_destinations(
    d: &Draft,
    resources: &[Resource],
    named: &Named,
    owner: &[Option<usize>],
) -> Vec<(usize, bool, String)> {
    let mut out = Vec::new();
    for &m in &d.members {
        let r = &resources[m];
        let Some((attribute, rules)) = replication_rules(r) else {
            continue;
        };
        let rtc = rules.iter().any(|rule| {
            let dest = block(rule.get("destination"));
            let status = dest
                .and_then(|d| block(d.get("replication_time")))
                .and_then(|t| t.get("status"))
                .and_then(|s| s.as_str());
            status == Some("Enabled")
        });
        let linked = r
            .links_at(attribute)
            .filter(|&t| is(&resources[t]) == Is::Bucket)
            .filter_map(|t| owner[t]);
        let named = destination_names(rules).filter_map(|name| named.buckets.get(name).copied());
        for k in linked.chain(named) {
            if !out.iter().any(|(o, _, _)| *o == k) {
                out.push((k, rtc, r.origin.address.to_string()));
            }
        }
    }
    out
}
