//! One component in two regions. The sources describe a component's copy in another region
//! explicitly (a cross-region read replica, a global cluster or table, S3 or EFS replication)
//! or implicitly (the same resource of one template or module deployed in two regions). The
//! region the replications start from is the primary; the other the secondary. The pairs then
//! give each component its region strategy, from what its copy in the secondary runs.

use std::collections::BTreeMap;
use std::time::Duration;

use super::{Draft, Secondary};
use crate::import::resource::{Resource, arn_region, block};
use crate::model::{Kind, Mode, Strategy};

/// Attributes of a resource that name the resource it is a cross-region copy of.
const SOURCE_LINKS: &[&str] = &[
    "replicate_source_db",
    "replication_source_identifier",
    "global_cluster_identifier",
    "global_replication_group_id",
];

/// A copy found by what the sources say of it: `of` is copied to `copy`.
struct Explicit {
    of: usize,
    copy: usize,
    mode: Mode,
    lag: Option<Duration>,
    why: String,
}

/// Pairs the components found in two regions, and says which regions those are.
pub fn pair(
    drafts: &mut [Option<Draft>],
    resources: &[Resource],
) -> (Option<String>, Option<String>) {
    let owner = super::owners(drafts.iter().map(Option::as_ref), resources.len());
    let explicit = explicit(drafts, resources, &owner);
    let primary = primary_region(drafts, &explicit);
    for e in &explicit {
        merge(drafts, e.of, e.copy, true);
        if let Some(d) = &mut drafts[e.of] {
            d.replication = Some((e.mode, e.lag));
            d.why.insert("replication.mode".into(), e.why.clone());
        }
    }
    if let Some(p) = &primary {
        implicit(drafts, resources, p);
    }
    let secondary = secondary_region(drafts, primary.as_deref());
    (primary, secondary)
}

fn explicit(
    drafts: &[Option<Draft>],
    resources: &[Resource],
    owner: &[Option<usize>],
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
                .or_else(|| by_arn(r, a, drafts, resources).map(|k| (k, *a)))
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
        // A bucket names where it replicates to.
        if r.ty == "aws_s3_bucket"
            && let Some((dest, rtc, via)) = s3_destination(d, resources, drafts, owner)
            && let Some(to) = &drafts[dest]
            && dest != j
            && to.region.is_some()
            && to.region != d.region
            && !taken[dest]
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
    out
}

/// The draft whose root an ARN attribute names (`arn:aws:rds:us-east-1:…:db:orders`).
fn by_arn(
    r: &Resource,
    attribute: &str,
    drafts: &[Option<Draft>],
    resources: &[Resource],
) -> Option<usize> {
    let arn = r.str(attribute)?;
    let region = arn_region(arn)?;
    let name = arn.rsplit([':', '/']).next()?;
    drafts.iter().position(|d| {
        d.as_ref().is_some_and(|d| {
            let root = &resources[d.root];
            root.ty == r.ty
                && root.region() == Some(region)
                && ["identifier", "cluster_identifier", "replication_group_id"]
                    .iter()
                    .any(|k| root.str(k) == Some(name))
        })
    })
}

/// Where a bucket replicates to: the destination's draft, whether Replication Time Control is
/// on, and the resource that says so.
fn s3_destination(
    d: &Draft,
    resources: &[Resource],
    drafts: &[Option<Draft>],
    owner: &[Option<usize>],
) -> Option<(usize, bool, String)> {
    for &m in &d.members {
        let r = &resources[m];
        let (attribute, rules) = match r.ty.as_str() {
            "aws_s3_bucket_replication_configuration" => ("rule", r.list("rule")),
            "aws_s3_bucket" => (
                "replication_configuration",
                r.list("replication_configuration.rules"),
            ),
            _ => continue,
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
            .filter(|&t| resources[t].ty == "aws_s3_bucket")
            .find_map(|t| owner[t]);
        let named = || {
            rules.iter().find_map(|rule| {
                let arn = block(rule.get("destination"))?.get("bucket")?.as_str()?;
                let name = arn.strip_prefix("arn:aws:s3:::").unwrap_or(arn);
                drafts.iter().position(|x| {
                    x.as_ref().is_some_and(|x| {
                        let root = &resources[x.root];
                        root.ty == "aws_s3_bucket" && root.str("bucket") == Some(name)
                    })
                })
            })
        };
        if let Some(k) = linked.or_else(named) {
            return Some((k, rtc, r.origin.address.clone()));
        }
    }
    None
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
fn shape(address: &str) -> String {
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
    while let Some((at, len)) = find_region(&text) {
        text.replace_range(at..at + len, "");
    }
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty() && !MARKS.contains(t))
        .collect::<Vec<_>>()
        .join(".")
}

/// A region name inside a text (`us-east-1`, `eu-central-2`, `us-gov-west-1`).
fn find_region(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    for at in 0..bytes.len() {
        if at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        // `at` counts bytes: a position inside a character (`café`) starts no region.
        let Some(rest) = text.get(at..) else { continue };
        let mut parts = rest.splitn(4, '-');
        let (Some(a), Some(b), Some(c)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let (b, c, extra) = if b == "gov" || b == "iso" || b == "isob" {
            let Some(d) = parts.next() else { continue };
            (c, d, b.len() + 1)
        } else {
            (b, c, 0)
        };
        let digits = c.bytes().take_while(u8::is_ascii_digit).count();
        if a.len() == 2
            && a.bytes().all(|x| x.is_ascii_lowercase())
            && b.len() >= 4
            && b.bytes().all(|x| x.is_ascii_lowercase())
            && digits >= 1
        {
            return Some((at, a.len() + 1 + extra + b.len() + 1 + digits));
        }
    }
    None
}

/// Pairs what is the same resource in the primary and in another region: first by address
/// (regions and marks left out), then, for what is left, by the resource's own type and name
/// when each region has exactly one (`aws_lb.web` and `module.west_app.aws_lb.web`).
fn implicit(drafts: &mut [Option<Draft>], resources: &[Resource], primary: &str) {
    for (by_tail, key) in [(false, shape as fn(&str) -> String), (true, tail)] {
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
            // with (`module.shop["s7"].module.west_app.aws_lb.web` with
            // `module.shop["s7"].aws_lb.web`), when that one is unique and still free.
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
/// (`module.west_app.aws_lb.web[0]` → `web`); a logical id as it is.
fn tail(address: &str) -> String {
    let last = address.rsplit_once('.').map_or(address, |(_, name)| name);
    shape(last.split('[').next().unwrap_or(last))
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
pub fn strategies(drafts: &mut [Draft], resources: &[Resource], secondary: Option<&str>) {
    let Some(secondary) = secondary else { return };
    let both = dns_routes_to_both(drafts, resources);
    // Stateless components first: their copies say how the application stands by.
    let mut posture = Strategy::None;
    for d in drafts
        .iter_mut()
        .filter(|d| !stateful(d) && d.kind != Kind::External)
    {
        let (s, why) = stateless(d, secondary, both.as_deref());
        if d.secondary.is_some() {
            posture = posture.max(s);
        }
        d.strategy = Some(s);
        d.why.insert("deployment.region_strategy".into(), why);
    }
    for d in drafts
        .iter_mut()
        .filter(|d| stateful(d) && d.kind != Kind::External)
    {
        let (s, why) = stateful_strategy(d, secondary, posture);
        d.strategy = Some(s);
        d.why.insert("deployment.region_strategy".into(), why);
    }
}

fn stateful(d: &Draft) -> bool {
    d.stateful.unwrap_or(d.kind.stateful_by_default())
}

fn stateless(d: &Draft, secondary: &str, both: Option<&str>) -> (Strategy, String) {
    if d.scope == Some(crate::model::Scope::Global) || d.kind == Kind::Dns {
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
        Some(copy) if copy.replica && d.service == "aws:dynamodb" => (
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

/// A DNS record set, not for failover, whose targets are in both regions (weighted, latency,
/// geolocation or multivalue routing): then both regions serve.
fn dns_routes_to_both(drafts: &[Draft], resources: &[Resource]) -> Option<String> {
    drafts.iter().filter(|d| d.kind == Kind::Dns).find_map(|d| {
        let records: Vec<&Resource> = d
            .members
            .iter()
            .map(|&m| &resources[m])
            .filter(|r| r.ty == "aws_route53_record")
            .collect();
        if records.iter().any(|r| {
            r.get("failover_routing_policy")
                .is_some_and(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
        }) {
            return None;
        }
        let mut regions: Vec<&str> = records
            .iter()
            .flat_map(|r| r.links.iter().map(|l| &resources[l.to]))
            .filter_map(Resource::region)
            .collect();
        regions.sort_unstable();
        regions.dedup();
        (regions.len() >= 2).then(|| resources[d.root].origin.address.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_drop_regions_and_marks() {
        assert_eq!(
            shape("module.app[\"us-east-1\"].aws_instance.web"),
            shape("module.app[\"us-west-2\"].aws_instance.web")
        );
        assert_eq!(
            shape("module.primary.aws_db_instance.orders"),
            shape("module.dr.aws_db_instance.orders")
        );
        assert_eq!(
            shape("aws_s3_bucket.assets_replica"),
            "aws.s3.bucket.assets"
        );
        assert_ne!(shape("aws_instance.web"), shape("aws_instance.api"));
        assert_eq!(shape("module.x.us-gov-west-1.y"), "module.x.y");
    }
}
