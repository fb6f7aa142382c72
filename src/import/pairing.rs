//! One component in two regions. A provider states the copies its resources describe
//! explicitly (a cross-region read replica, a global table, replication); the same resource of
//! one template or module deployed in two regions is a copy too, found here by its address.
//! The region the replications start from is the primary; the other the secondary. The pairs
//! then give each component its region strategy, from what its copy in the secondary runs.

use std::collections::BTreeMap;

use super::draft::{Draft, Explicit, Secondary};
use super::provider::{Provider, Providers};
use super::resource::Resource;
use crate::input::field::Field;
use crate::model::{Kind, Scope, Strategy};

/// One cloud's two regions, in its own names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pair {
    pub primary: Option<String>,
    pub secondary: Option<String>,
    /// How many of the cloud's components there are (after pairing).
    pub components: usize,
}

/// Every provider's pair (by its number in the registry), and the one the architecture
/// keeps: regions are compared in each cloud's own names, so an Azure region is never an AWS
/// one's secondary.
#[derive(Debug, Clone, Default)]
pub struct Pairs {
    pub of: Vec<Pair>,
    pub chosen: Option<usize>,
}

impl Pairs {
    /// The architecture's primary and secondary regions.
    pub fn architecture(&self) -> (Option<String>, Option<String>) {
        self.chosen
            .map(|k| (self.of[k].primary.clone(), self.of[k].secondary.clone()))
            .unwrap_or_default()
    }
}

/// The provider of a draft (its number in the registry).
pub fn cloud_of(d: &Draft, resources: &[Resource]) -> usize {
    resources[d.root]
        .handle
        .map_or(0, |h| usize::from(h.provider))
}

/// Pairs the components found in two regions, cloud by cloud, and says which regions those
/// are: the architecture keeps the pair of the cloud with the most components among those
/// that have a secondary (else among all; the first in the registry on a tie).
pub fn pair(
    drafts: &mut [Option<Draft>],
    explicit: &[Explicit],
    resources: &[Resource],
    providers: Providers,
) -> Pairs {
    let clouds = providers.0.len();
    let primaries: Vec<Option<String>> = (0..clouds)
        .map(|p| primary_region(drafts, explicit, |d| cloud_of(d, resources) == p))
        .collect();
    for e in explicit {
        merge(drafts, e.of, e.copy, true);
        if let Some(d) = &mut drafts[e.of] {
            d.rare.replication = Some((e.mode, e.lag));
            d.note(Field::ReplicationMode, e.why.clone());
        }
    }
    let mut of = Vec::with_capacity(clouds);
    for (p, primary) in primaries.into_iter().enumerate() {
        let mine = |d: &Draft| cloud_of(d, resources) == p;
        if let Some(primary) = &primary {
            // Its addresses are shaped with its own region names only.
            implicit(drafts, resources, primary, providers.only(p), &mine);
        }
        let secondary = secondary_region(drafts, primary.as_deref(), mine, providers.of_number(p));
        let components = drafts.iter().flatten().filter(|d| mine(d)).count();
        of.push(Pair {
            primary,
            secondary,
            components,
        });
    }
    let chosen = (of.iter().enumerate())
        .filter(|(_, p)| p.primary.is_some() || p.secondary.is_some())
        .max_by_key(|(k, p)| (p.secondary.is_some(), p.components, usize::MAX - k))
        .map(|(k, _)| k);
    Pairs { of, chosen }
}

/// The region the replications start from; without any, the region most components are in
/// (the first of those in file order on a tie); of the drafts `mine` keeps.
fn primary_region(
    drafts: &[Option<Draft>],
    explicit: &[Explicit],
    mine: impl Fn(&Draft) -> bool,
) -> Option<String> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (k, d) in drafts.iter().enumerate() {
        if let Some(r) = d
            .as_ref()
            .filter(|d| mine(d))
            .and_then(|d| d.region.as_deref())
        {
            let e = counts.entry(r).or_insert((0, usize::MAX - k));
            e.0 += 1;
        }
    }
    let sources: Vec<&str> = (explicit.iter())
        .filter_map(|e| drafts[e.of].as_ref().filter(|d| mine(d))?.region.as_deref())
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

/// The other region of the pairs, or of the components and replicas that are elsewhere; of
/// the drafts `mine` keeps. A location the cloud does not call a region (Google Cloud's `US`
/// multi-region, where a bucket or backups are kept) is no candidate: nothing runs there.
fn secondary_region(
    drafts: &[Option<Draft>],
    primary: Option<&str>,
    mine: impl Fn(&Draft) -> bool,
    cloud: &dyn Provider,
) -> Option<String> {
    let mut others: Vec<&str> = Vec::new();
    for d in drafts.iter().flatten().filter(|d| mine(d)) {
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
    others.retain(|r| cloud.is_region(r));
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
    mine: &dyn Fn(&Draft) -> bool,
) {
    // Nothing outside the primary: nothing to pair (a one-region import shapes no address).
    let elsewhere = (drafts.iter().flatten()).any(|d| {
        mine(d) && d.secondary.is_none() && d.region.as_deref().is_some_and(|r| r != primary)
    });
    if !elsewhere {
        return;
    }
    for by_tail in [false, true] {
        let key = |address: &str| {
            if by_tail {
                tail(address, providers)
            } else {
                shape(address, providers)
            }
        };
        let mut groups = BTreeMap::<_, (Vec<usize>, Vec<usize>)>::new();
        for (k, d) in drafts.iter().enumerate() {
            let Some(d) = d.as_ref().filter(|d| mine(d)) else {
                continue;
            };
            if d.secondary.is_some() {
                continue;
            }
            let root = &resources[d.root];
            let entry = groups
                .entry((&*root.ty, key(&root.origin.address)))
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
                    .map_or("", |d| &*resources[d.root].origin.address)
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
    d.members.extend(c.members.iter().copied());
    d.secondary = Some(Box::new(Secondary {
        region: region.to_string(),
        capacity: c.capacity,
        replica,
    }));
}

/// The region strategy of every component, from its copy in its cloud's secondary region.
pub fn strategies(
    drafts: &mut [Draft],
    pairs: &Pairs,
    both: &[Option<String>],
    resources: &[Resource],
) {
    // A copy that is kept in step with the data (a cache's global datastore) is the data's,
    // whatever the kind: it stands by as the application does.
    let holds_data = |d: &Draft| d.is_stateful() || d.secondary.as_ref().is_some_and(|s| s.replica);
    for (p, pair) in pairs.of.iter().enumerate() {
        let mine = |d: &&mut Draft| cloud_of(d, resources) == p && d.kind != Kind::External;
        let Some(secondary) = pair.secondary.as_deref() else {
            // No second region in the sources: only a component that keeps a copy of its own
            // data in another region (a multi-region bucket or database, backups kept in a
            // region of the cloud's choosing) recovers from the region's loss, there.
            for d in (drafts.iter_mut()).filter(mine).filter(|d| holds_data(d)) {
                let Some(there) = own_copy_region(d) else {
                    continue;
                };
                let (s, why) = match stateful_strategy(d, &there, Strategy::None) {
                    (Strategy::BackupRestore, _) => (
                        Strategy::BackupRestore,
                        format!(
                            "its backups are kept in {there}, out of its region, where it would be restored: backup and restore"
                        ),
                    ),
                    other => other,
                };
                if s != Strategy::None {
                    d.strategy = Some(s);
                    d.note(
                        Field::DeploymentRegionStrategy,
                        format!("no second region in the sources; {why}"),
                    );
                }
            }
            continue;
        };
        let primary = pair.primary.as_deref().unwrap_or_default();
        // Stateless components first: their copies say how the application stands by.
        let mut posture = Strategy::None;
        for d in (drafts.iter_mut()).filter(mine).filter(|d| !holds_data(d)) {
            let (s, why) = stateless(d, secondary, both.get(p).and_then(Option::as_deref));
            if d.secondary.is_some() {
                posture = posture.max(s);
            }
            d.strategy = Some(s);
            let why = outside(d, primary, secondary, why);
            d.note(Field::DeploymentRegionStrategy, why);
        }
        for d in (drafts.iter_mut()).filter(mine).filter(|d| holds_data(d)) {
            let (s, why) = stateful_strategy(d, secondary, posture);
            d.strategy = Some(s);
            let why = outside(d, primary, secondary, why);
            d.note(Field::DeploymentRegionStrategy, why);
        }
    }
}

/// The region a component's own copy of its data is in, outside its own region: its replica's
/// or its backups' copies'.
fn own_copy_region(d: &Draft) -> Option<String> {
    let elsewhere = |r: &str| !r.is_empty() && Some(r) != d.region.as_deref();
    (d.secondary.as_ref())
        .filter(|s| s.replica && elsewhere(&s.region))
        .map(|s| s.region.clone())
        .or_else(|| d.backup.copy_region.clone().filter(|r| elsewhere(r)))
}

/// A component in neither region of its cloud's pair says so before its strategy's reason.
fn outside(d: &Draft, primary: &str, secondary: &str, why: String) -> String {
    match d.region.as_deref() {
        Some(r) if r != primary && r != secondary => {
            format!("{r} is outside the pair ({primary}, {secondary}); {why}")
        }
        _ => why,
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
    // Its backups copied out of its region: to the secondary, or to a region of the cloud's
    // choosing (a fixed paired region), which a restore can start from all the same.
    let copied = (d.backup.copy_region.as_deref())
        .filter(|r| !r.is_empty() && Some(*r) != d.region.as_deref())
        .map(|r| {
            if r == secondary {
                "its backups are copied there".to_string()
            } else {
                format!("its backups are copied to {r} (not the secondary, but out of its region)")
            }
        });
    match &d.secondary {
        Some(copy) if copy.replica && d.multi_writer => (
            Strategy::ActiveActive,
            format!(
                "its copy in {} takes writes too: nothing to promote, active/active",
                copy.region
            ),
        ),
        Some(copy) if copy.replica => {
            let s = posture.max(Strategy::PilotLight);
            let why = if posture <= Strategy::PilotLight {
                format!(
                    "its data is replicated to {}, where it would be promoted: a pilot light",
                    copy.region
                )
            } else {
                format!(
                    "its data is replicated to {}; the application's compute there is {}, so is its data's copy",
                    copy.region,
                    posture.as_str()
                )
            };
            (s, why)
        }
        Some(copy) => match copied {
            Some(copied) => (
                Strategy::BackupRestore,
                format!(
                    "its copy in {} holds none of its data (no replication), but {copied}",
                    copy.region
                ),
            ),
            None => (
                Strategy::None,
                format!(
                    "its copy in {} holds none of its data (no replication), and no backup is copied there",
                    copy.region
                ),
            ),
        },
        None => match copied {
            Some(copied) => (
                Strategy::BackupRestore,
                format!("no copy in {secondary}, but {copied}"),
            ),
            None => (
                Strategy::None,
                format!(
                    "no copy in {secondary} and no backup copied there: nothing to recover from"
                ),
            ),
        },
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

    /// A draft of cloud `provider` in `region`, of a resource of its own type.
    fn draft_of(
        resources: &mut Vec<Resource>,
        provider: u8,
        ty: &str,
        address: &str,
        region: &str,
    ) -> Option<Draft> {
        let mut r = Resource::fixture(ty, serde_json::json!({}));
        r.origin.address = address.into();
        r.handle = Some(crate::import::resource::Handle { provider, row: 0 });
        r.region = Some(std::sync::Arc::new((region.to_string(), "test".into())));
        resources.push(r);
        Some(Draft::new(
            resources.len() - 1,
            Kind::Compute,
            "cloud:vm",
            Some(region),
        ))
    }

    #[test]
    fn each_cloud_pairs_in_its_own_regions_and_the_architecture_keeps_one_pair() {
        let mut resources = Vec::new();
        let r = &mut resources;
        let mut drafts = vec![
            // Cloud 0: one region, the most components.
            draft_of(r, 0, "a_vm", "a_vm.web", "a-east-1"),
            draft_of(r, 0, "a_vm", "a_vm.api", "a-east-1"),
            draft_of(r, 0, "a_vm", "a_vm.jobs", "a-east-1"),
            // Cloud 1: the same module in two regions, and one component elsewhere.
            draft_of(r, 1, "b_vm", "module.eastus.b_vm.web", "eastus"),
            draft_of(r, 1, "b_vm", "module.westus.b_vm.web", "westus"),
            draft_of(r, 1, "b_vm", "b_vm.batch", "northeurope"),
        ];
        // Two providers: AWS, and AWS again standing in for a second cloud.
        static TWO: &[&dyn crate::import::provider::Provider] =
            &[&crate::import::aws::Aws, &crate::import::aws::Aws];
        let providers = Providers(TWO);
        let pairs = pair(&mut drafts, &[], &resources, providers);
        assert_eq!(pairs.of[0].primary.as_deref(), Some("a-east-1"));
        assert_eq!(pairs.of[0].secondary, None);
        assert_eq!(pairs.of[1].primary.as_deref(), Some("eastus"));
        assert_eq!(pairs.of[1].secondary.as_deref(), Some("westus"));
        // Cloud 1 has a secondary: the architecture keeps its pair.
        assert_eq!(
            pairs.architecture(),
            (Some("eastus".to_string()), Some("westus".to_string()))
        );
        // Its module in two regions is one component; nothing of cloud 0 was paired.
        let web = drafts[3].as_ref().expect("the primary copy stays");
        assert_eq!(
            web.secondary.as_ref().map(|s| s.region.as_str()),
            Some("westus")
        );
        assert!(drafts[4].is_none());
        let mut drafts: Vec<Draft> = drafts.into_iter().flatten().collect();
        strategies(&mut drafts, &pairs, &[], &resources);
        assert_eq!(drafts[0].strategy, None, "cloud 0 has no second region");
        let batch = drafts.last().expect("the batch job");
        assert!(
            (batch.why)
                .written(&resources[batch.root].origin.address)
                .get(&Field::DeploymentRegionStrategy)
                .is_some_and(|w| {
                    w.starts_with("northeurope is outside the pair (eastus, westus)")
                }),
            "{:?}",
            batch.why
        );
    }
}
