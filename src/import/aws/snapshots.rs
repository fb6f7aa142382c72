//! EBS backups outside AWS Backup: Data Lifecycle Manager policies, whose schedules snapshot
//! the volumes (or the instances, with their attached volumes) that carry any of their target
//! tags; and snapshot resources, each one recovery point taken once. A schedule gives its
//! interval, retention and cross-region copies as AWS Backup's rules do (`backup::offer`); a
//! volume with only one-off snapshots restores to the moment they were taken, an age the
//! infrastructure as code does not hold (`drplan verify` measures it).

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use crate::import::resource::Value;

use super::backup::{Rule, interval, offer};
use super::lookup::is;
use super::row::Is;
use crate::import::draft::{Again, Draft, owners};
use crate::import::resource::{Resource, block};
use crate::input::field::Field;

const HOUR: u64 = 3_600;
const DAY: u64 = 24 * HOUR;

/// Applies every lifecycle policy to what it targets, then marks the volumes whose only
/// recovery points are one-off snapshots.
pub fn apply(drafts: &mut [Option<Draft>], resources: &[Resource], now: jiff::Timestamp) {
    let owner = owners(drafts.iter().map(Option::as_ref), resources.len());
    // Made when the first policy needs it.
    let candidates = std::cell::OnceCell::new();
    // Each draft's notes and backups are shared again as soon as a policy changes them.
    let mut again = Again::default();
    for policy in resources.iter().filter(|r| is(r) == Is::LifecyclePolicy) {
        let candidates = candidates.get_or_init(|| Candidates::of(resources));
        let targets = targets(policy, candidates, resources, &owner);
        let from = format!("Data Lifecycle Manager policy {}", policy.origin.address);
        if let Some(state) = policy
            .str("state")
            .filter(|s| !s.eq_ignore_ascii_case("ENABLED"))
        {
            for &k in &targets {
                if let Some(d) = &mut drafts[k]
                    && d.backup.frequency.is_none()
                {
                    d.note(
                        Field::Backup,
                        format!("{from} targets it but is {state}: it takes no snapshots"),
                    );
                    d.share_again(resources, &mut again);
                }
            }
            continue;
        }
        if policy
            .str("policy_details.policy_type")
            .is_some_and(|t| t == "EVENT_BASED_POLICY")
        {
            continue;
        }
        let mut rules: Vec<Rule> = (policy.list("policy_details.schedule").iter())
            .filter_map(|s| schedule(s, now))
            .collect();
        rules.sort_by(|a, b| {
            a.interval
                .cmp(&b.interval)
                .then(b.retention.cmp(&a.retention))
        });
        let Some(best) = rules.first() else { continue };
        for &k in &targets {
            if let Some(d) = &mut drafts[k] {
                offer(d, best, &rules[1..], &from);
                d.share_again(resources, &mut again);
            }
        }
    }
    for d in drafts.iter_mut().flatten() {
        one_off(d, resources);
        d.share_again(resources, &mut again);
    }
}

/// What a policy can target, found in one walk of the resources for every policy (not a walk
/// a policy, nor one an instance): the volumes and instances by each of their tags, and the
/// volumes attached to each instance.
struct Candidates<'a> {
    by_tag: HashMap<(&'a str, &'a str), Vec<usize>>,
    attached: HashMap<usize, Vec<usize>>,
}

impl<'a> Candidates<'a> {
    fn of(resources: &'a [Resource]) -> Self {
        let mut by_tag: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        let mut attached: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, r) in resources.iter().enumerate() {
            match is(r) {
                Is::Volume | Is::Instance => {
                    for (k, v) in r.tags.iter() {
                        by_tag.entry((k, v.as_str())).or_default().push(i);
                    }
                }
                Is::VolumeAttachment => {
                    for instance in r.links_at("instance_id") {
                        (attached.entry(instance).or_default()).extend(r.links_at("volume_id"));
                    }
                }
                _ => {}
            }
        }
        Candidates { by_tag, attached }
    }
}

/// The drafts a policy snapshots: the volumes (`VOLUME`, the default) or instances
/// (`INSTANCE`: with the volumes attached to them) that carry any of its target tags.
fn targets(
    policy: &Resource,
    candidates: &Candidates,
    resources: &[Resource],
    owner: &[Option<usize>],
) -> Vec<usize> {
    let types: Vec<&str> = (policy.list("policy_details.resource_types").iter())
        .filter_map(Value::as_str)
        .collect();
    let instances = types.contains(&"INSTANCE");
    let volumes = types.is_empty() || types.contains(&"VOLUME");
    let mut chosen: BTreeSet<usize> = BTreeSet::new();
    for (k, v) in target_tags(policy) {
        let tagged = candidates.by_tag.get(&(k.as_str(), v.as_str()));
        for &i in tagged.into_iter().flatten() {
            match is(&resources[i]) {
                Is::Volume if volumes => chosen.extend(owner[i]),
                Is::Instance if instances => {
                    chosen.extend(owner[i]);
                    // Its attached volumes are snapshotted with it.
                    let attached = candidates.attached.get(&i);
                    chosen.extend(attached.into_iter().flatten().filter_map(|&v| owner[v]));
                }
                _ => {}
            }
        }
    }
    chosen.into_iter().collect()
}

/// Terraform writes target tags as a map, CloudFormation as a list of keys and values.
fn target_tags(policy: &Resource) -> Vec<(String, String)> {
    let listed = policy.list("policy_details.target_tags");
    if !listed.is_empty() {
        return (listed.iter())
            .filter_map(|t| {
                let text = |key: &str| t.get(key).and_then(Value::as_str).map(str::to_string);
                Some((text("key")?, text("value")?))
            })
            .collect();
    }
    match policy.get("policy_details.target_tags") {
        Some(Value::Object(map)) => (map.iter())
            .filter_map(|(k, v)| Some((k.to_string(), v.as_str()?.to_string())))
            .collect(),
        _ => Vec::new(),
    }
}

/// One schedule of a policy: how often it snapshots (an interval in hours, or a cron), how
/// long it keeps them (a count of snapshots, or an age), and the regions it copies them to.
fn schedule(s: &Value, now: jiff::Timestamp) -> Option<Rule> {
    let name = s
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("a schedule");
    let create = block(s.get("create_rule"))?;
    let (interval, shortest, said) = match create.get("cron_expression").and_then(Value::as_str) {
        Some(cron) => interval(cron, now),
        None => {
            let n = number(create.get("interval")?)?;
            let unit = create
                .get("interval_unit")
                .and_then(Value::as_str)
                .unwrap_or("HOURS");
            let every = duration(n, unit)?;
            (
                every,
                every,
                format!("every {} {unit}", crate::estimate::fmt_num(n)),
            )
        }
    };
    let retain = block(s.get("retain_rule"));
    let (retention, retained) = match retain {
        Some(r) if r.get("count").is_some() => {
            // The newest `count` span at least `count` of the shortest intervals.
            let count = number(r.get("count")?)?;
            let kept = shortest
                .saturating_mul(count as u32)
                .min(crate::duration::MAX);
            let n = crate::estimate::fmt_num(count);
            let least = if shortest == interval {
                ""
            } else {
                "at least "
            };
            (
                Some(kept),
                format!(
                    "keeps the {n} newest snapshots: {least}{n} × {} = {}",
                    crate::duration::Human(shortest),
                    crate::duration::Human(kept)
                ),
            )
        }
        Some(r) => {
            let n = number(r.get("interval")?)?;
            let unit = r
                .get("interval_unit")
                .and_then(Value::as_str)
                .unwrap_or("DAYS");
            let kept = duration(n, unit)?;
            (
                Some(kept),
                format!("keeps snapshots {} {unit}", crate::estimate::fmt_num(n)),
            )
        }
        None => (
            None,
            "no retain rule: snapshots are kept until deleted".into(),
        ),
    };
    let copies = match s.get("cross_region_copy_rule") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => Vec::new(),
    };
    let copy_region = copies.iter().find_map(|c| {
        ["target_region", "target"]
            .iter()
            .filter_map(|k| c.get(k)?.as_str())
            .find(|t| !t.starts_with("arn:"))
    });
    Some(Rule {
        interval,
        schedule: said,
        retention,
        continuous: false,
        copy_region: copy_region.map(str::to_string),
        locked: None,
        name: name.to_string(),
        retained: Some(format!("schedule {name} {retained}")),
        copied: copy_region.map(|r| format!("schedule {name} copies its snapshots to {r}")),
    })
}

fn number(v: &Value) -> Option<f64> {
    v.as_f64()
        .or_else(|| v.as_str()?.trim().parse().ok())
        .filter(|n| n.is_finite() && *n > 0.0)
}

/// `n` units of Data Lifecycle Manager's interval units (a month counted as 30 days, a year
/// as 365), at most the longest duration drplan models.
fn duration(n: f64, unit: &str) -> Option<Duration> {
    let secs = match unit.to_ascii_uppercase().as_str() {
        "HOURS" => HOUR,
        "DAYS" => DAY,
        "WEEKS" => 7 * DAY,
        "MONTHS" => 30 * DAY,
        "YEARS" => 365 * DAY,
        _ => return None,
    };
    Some(crate::duration::from_days(n * secs as f64 / DAY as f64).unwrap_or(crate::duration::MAX))
}

/// A volume whose only recovery points are snapshot resources: restorable to when they were
/// taken, which the sources do not say.
fn one_off(d: &mut Draft, resources: &[Resource]) {
    let snapshots: Vec<&str> = (d.members.iter())
        .map(|&m| &resources[m])
        .filter(|r| is(r) == Is::Snapshot)
        .map(|r| &*r.origin.address)
        .collect();
    d.one_off(&snapshots);
}
