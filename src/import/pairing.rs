//! One component in two regions. A provider states the copies its resources describe
//! explicitly (a cross-region read replica, a global table, replication); the same resource of
//! one template or module deployed in two regions is a copy too, found here by its address.
//! The region the replications start from is the primary; the other the secondary. The pairs
//! then give each component its region strategy, from what its copy in the secondary runs.

use std::collections::BTreeMap;

use super::draft::{Draft, Explicit, Secondary};
use super::provider::Providers;
use super::resource::Resource;
use crate::input::field::Field;
use crate::model::{Kind, Scope, Strategy};

/// Pairs the components found in two regions, and says which regions those are.
pub fn pair(
    drafts: &mut [Option<Draft>],
    explicit: &[Explicit],
    resources: &[Resource],
    providers: Providers,
) -> (Option<String>, Option<String>) {
    let primary = primary_region(drafts, explicit);
    for e in explicit {
        merge(drafts, e.of, e.copy, true);
        if let Some(d) = &mut drafts[e.of] {
            d.replication = Some((e.mode, e.lag));
            d.note(Field::ReplicationMode, e.why.clone());
        }
    }
    if let Some(p) = &primary {
        implicit(drafts, resources, p, providers);
    }
    let secondary = secondary_region(drafts, primary.as_deref());
    (primary, secondary)
}

/// The region the replications start from; without any, the region most components are in
/// (the first of those in file order on a tie).
fn primary_region(drafts: &[Option<Draft>], explicit: &[Explicit]) -> Option<String> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (k, d) in drafts.iter().enumerate() {
        if let Some(r) = d.as_ref().and_then(|d| d.region.as_deref()) {
            let e = counts.entry(r).or_insert((0, usize::MAX - k));
            e.0 += 1;
        }
    }
    let sources: Vec<&str> = (explicit.iter())
        .filter_map(|e| drafts[e.of].as_ref()?.region.as_deref())
        .collect();
    if let Some(best) = most_common(&sources) {
        return Some(best.to_string());
    }
    (counts.into_iter())
        .max_by_key(|(_, (n, first))| (*n, *first))
        .map(|(r, _)| r.to_string())
}

fn most_common<'a>(values: &[&'a str]) -> Option<&'a str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(v, _)| v)
}

/// The other region of the pairs, or of the components and replicas that are elsewhere.
fn secondary_region(drafts: &[Option<Draft>], primary: Option<&str>) -> Option<String> {
    let mut others: Vec<&str> = Vec::new();
    for d in drafts.iter().flatten() {
        if let Some(s) = &d.secondary {
            others.push(&s.region);
        } else if let Some(r) = d.region.as_deref()
            && Some(r) != primary
        {
            others.push(r);
        }
        if let Some(r) = d.backup.copy_region.as_deref()
            && Some(r) != primary
        {
            others.push(r);
        }
    }
    most_common(&others).map(str::to_string)
}

/// The address without what differs between the copies of one resource in two regions:
/// region names, and the words teams mark their copies with.
fn shape(address: &str, providers: Providers) -> String {
    const MARKS: &[&str] = &[
        "primary",
        "secondary",
        "dr",
        "standby",
        "failover",
        "replica",
        "main",
        "backup",
    ];
    let mut text = address.to_ascii_lowercase();
    while let Some((at, len)) = providers.region_in(&text) {
        text.replace_range(at..at + len, "");
    }
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty() && !MARKS.contains(t))
        .collect::<Vec<_>>()
        .join(".")
}

/// Pairs what is the same resource in the primary and in another region: first by address
/// (regions and marks left out), then, for what is left, by the resource's own type and name
/// when each region has exactly one (`cloud_lb.web` and `module.west_app.cloud_lb.web`).
fn implicit(
    drafts: &mut [Option<Draft>],
    resources: &[Resource],
    primary: &str,
    providers: Providers,
) {
    for by_tail in [false, true] {
        let key = |address: &str| {
            if by_tail {
                tail(address, providers)
            } else {
                shape(address, providers)
            }
        };
        let mut groups: BTreeMap<(String, String), (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for (k, d) in drafts.iter().enumerate() {
            let Some(d) = d else { continue };
            if d.secondary.is_some() {
                continue;
            }
            let root = &resources[d.root];
            let entry = groups
                .entry((root.ty.clone(), key(&root.origin.address)))
                .or_default();
            match d.region.as_deref() {
                Some(r) if r == primary => entry.0.push(k),
                Some(_) => entry.1.push(k),
                None => {}
            }
        }
        for (_, (here, there)) in groups {
            if !by_tail {
                for (&k, &j) in here.iter().zip(&there) {
                    merge(drafts, k, j, false);
                }
                continue;
            }
            // By name: each copy with the one in the primary its address shares the most
            // with (`module.shop["s7"].module.west_app.cloud_lb.web` with
            // `module.shop["s7"].cloud_lb.web`), when that one is unique and still free.
            let address = |k: usize| -> &str {
                drafts[k]
                    .as_ref()
                    .map_or("", |d| resources[d.root].origin.address.as_str())
            };
            let mut free: Vec<(usize, &str)> = here.iter().map(|&k| (k, address(k))).collect();
            let copies: Vec<(usize, &str)> = there.iter().map(|&j| (j, address(j))).collect();
            for (j, copy) in copies {
                let best = free.iter().map(|(_, a)| common_prefix(a, copy)).max();
                let mut top = free
                    .iter()
                    .filter(|(_, a)| Some(common_prefix(a, copy)) == best);
                if let (Some(&(k, _)), None) = (top.next(), top.next()) {
                    free.retain(|&(f, _)| f != k);
                    merge(drafts, k, j, false);
                }
            }
        }
    }
}

/// How many leading `.`-separated parts two addresses share.
fn common_prefix(a: &str, b: &str) -> usize {
    a.split('.')
        .zip(b.split('.'))
        .take_while(|(x, y)| x == y)
        .count()
}

/// A Terraform address's resource name without its module path and instance key
/// (`module.west_app.cloud_lb.web[0]` → `web`); a logical id as it is.
fn tail(address: &str, providers: Providers) -> String {
    let last = address.rsplit_once('.').map_or(address, |(_, name)| name);
    shape(last.split('[').next().unwrap_or(last), providers)
}

/// Folds `copy` into `of` as its copy in another region.
fn merge(drafts: &mut [Option<Draft>], of: usize, copy: usize, replica: bool) {
    let Some(c) = drafts[copy].take() else { return };
    let Some(d) = &mut drafts[of] else { return };
    let region = c.region.clone().unwrap_or_default();
    d.members.extend(c.members);
    d.secondary = Some(Secondary {
        region,
        capacity: c.capacity,
        replica,
    });
}

/// The region strategy of every component, from its copy in the secondary region.
pub fn strategies(drafts: &mut [Draft], secondary: Option<&str>, both: Option<String>) {
    let Some(secondary) = secondary else { return };
    // Stateless components first: their copies say how the application stands by. A copy
    // that is kept in step with the data (a cache's global datastore) is the data's, whatever
    // the kind: it stands by as the application does.
    let holds_data = |d: &Draft| d.is_stateful() || d.secondary.as_ref().is_some_and(|s| s.replica);
    let mut posture = Strategy::None;
    for d in drafts
        .iter_mut()
        .filter(|d| !holds_data(d) && d.kind != Kind::External)
    {
        let (s, why) = stateless(d, secondary, both.as_deref());
        if d.secondary.is_some() {
            posture = posture.max(s);
        }
        d.strategy = Some(s);
        d.note(Field::DeploymentRegionStrategy, why);
    }
    for d in drafts
        .iter_mut()
        .filter(|d| holds_data(d) && d.kind != Kind::External)
    {
        let (s, why) = stateful_strategy(d, secondary, posture);
        d.strategy = Some(s);
        d.note(Field::DeploymentRegionStrategy, why);
    }
}

fn stateless(d: &Draft, secondary: &str, both: Option<&str>) -> (Strategy, String) {
    if d.scope == Some(Scope::Global) || d.kind == Kind::Dns {
        return (
            Strategy::None,
            "a global service: losing a region does not take it away".into(),
        );
    }
    let Some(copy) = &d.secondary else {
        return (
            Strategy::BackupRestore,
            format!(
                "nothing of it runs in {secondary}: it would be built there from the infrastructure as code"
            ),
        );
    };
    match (d.capacity, copy.capacity) {
        (_, Some(0)) => (
            Strategy::PilotLight,
            format!("its copy in {secondary} exists but runs nothing (capacity 0): a pilot light"),
        ),
        (Some(here), Some(there)) if there < here => (
            Strategy::WarmStandby,
            format!(
                "its copy in {secondary} runs {there} of the {here} it runs in the primary: a warm standby"
            ),
        ),
        (here, there) => {
            let size = match (here, there) {
                (Some(h), Some(t)) => format!("runs {t} (the primary {h})"),
                _ => "runs".to_string(),
            };
            match both {
                Some(dns) => (
                    Strategy::ActiveActive,
                    format!(
                        "its copy in {secondary} {size} and {dns} routes to both regions: active/active"
                    ),
                ),
                None => (
                    Strategy::WarmStandby,
                    format!(
                        "its copy in {secondary} {size}, but no DNS record routes to both regions: a warm standby"
                    ),
                ),
            }
        }
    }
}

fn stateful_strategy(d: &Draft, secondary: &str, posture: Strategy) -> (Strategy, String) {
    match &d.secondary {
        Some(copy) if copy.replica && d.multi_writer => (
            Strategy::ActiveActive,
            format!(
                "a global table: its replica in {secondary} takes writes too, nothing to promote"
            ),
        ),
        Some(copy) if copy.replica => {
            let s = posture.max(Strategy::PilotLight);
            let why = if posture <= Strategy::PilotLight {
                format!(
                    "its data is replicated to {secondary}, where it would be promoted: a pilot light"
                )
            } else {
                format!(
                    "its data is replicated to {secondary}; the application's compute there is {}, so is its data's copy",
                    posture.as_str()
                )
            };
            (s, why)
        }
        Some(_) if d.backup.copy_region.as_deref() == Some(secondary) => (
            Strategy::BackupRestore,
            format!(
                "its copy in {secondary} holds none of its data (no replication), but its backups are copied there"
            ),
        ),
        Some(_) => (
            Strategy::None,
            format!(
                "its copy in {secondary} holds none of its data (no replication), and no backup is copied there"
            ),
        ),
        None if d.backup.copy_region.as_deref() == Some(secondary) => (
            Strategy::BackupRestore,
            format!("no copy in {secondary}, but its backups are copied there"),
        ),
        None => (
            Strategy::None,
            format!("no copy in {secondary} and no backup copied there: nothing to recover from"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::registry::PROVIDERS;

    #[test]
    fn shapes_drop_regions_and_marks() {
        let shape = |a: &str| shape(a, PROVIDERS);
        assert_eq!(
            shape("module.app[\"us-east-1\"].cloud_vm.web"),
            shape("module.app[\"us-west-2\"].cloud_vm.web")
        );
        assert_eq!(
            shape("module.primary.cloud_database.orders"),
            shape("module.dr.cloud_database.orders")
        );
        assert_eq!(shape("cloud_bucket.assets_replica"), "cloud.bucket.assets");
        assert_ne!(shape("cloud_vm.web"), shape("cloud_vm.api"));
        assert_eq!(shape("module.x.us-gov-west-1.y"), "module.x.y");
        assert_eq!(shape("café.us-east-1.web"), "caf.web");
    }
}
