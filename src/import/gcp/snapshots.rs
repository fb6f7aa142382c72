//! Persistent disks' backups: the snapshot schedules (`google_compute_resource_policy` with a
//! `snapshot_schedule_policy`) attached to a disk through its `resource_policies` or a
//! `google_compute_disk_resource_policy_attachment`. The most frequent schedule sets the
//! backup frequency, its `max_retention_days` the retention, and its `storage_locations`
//! where the snapshots are kept (the multi-region nearest the disk by default).

use std::collections::HashMap;
use std::time::Duration;

use crate::import::resource::Value;

use super::facts::weekly_gap;
use super::lookup::is;
use super::region::{multi_region_of, region_of, spread};
use super::row::Is;
use crate::import::draft::{Again, Draft};
use crate::import::resource::{Resource, block};
use crate::input::field::Field;

const HOUR: u64 = 3_600;
const DAY: u64 = 24 * HOUR;

/// What one schedule gives a disk.
struct Schedule {
    interval: Duration,
    said: String,
    retention: Option<Duration>,
    locations: Vec<String>,
    policy: String,
}

/// Gives every disk the snapshot schedules attached to it; says so where none is. Each disk's
/// notes and backups are shared again as soon as they are written.
pub fn apply(drafts: &mut [Option<Draft>], resources: &[Resource]) {
    let mut again = Again::default();
    let by_name: HashMap<&str, usize> = (resources.iter().enumerate())
        .filter(|(_, r)| is(r) == Is::ResourcePolicy)
        .filter_map(|(i, r)| Some((r.str("name")?, i)))
        .collect();
    for d in drafts.iter_mut().flatten() {
        let root = &resources[d.root];
        if is(root) != Is::Disk {
            continue;
        }
        let mut policies = attached(d, root, resources, &by_name);
        policies.sort_unstable();
        policies.dedup();
        let mut schedules: Vec<Schedule> = policies
            .iter()
            .filter_map(|&p| schedule(&resources[p]))
            .collect();
        schedules.sort_by(|a, b| {
            (a.interval, std::cmp::Reverse(a.retention))
                .cmp(&(b.interval, std::cmp::Reverse(b.retention)))
        });
        let taken: Vec<&Resource> = (d.members.iter())
            .map(|&m| &resources[m])
            .filter(|r| is(r) == Is::Snapshot)
            .collect();
        match (schedules.first(), taken.first()) {
            (Some(best), _) => give(d, best, root),
            (None, Some(first)) => {
                let addresses: Vec<&str> =
                    taken.iter().map(|r| &*r.origin.address).collect();
                d.one_off(&addresses);
                let locations: Vec<String> = (first.list("storage_locations").iter())
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect();
                let by = format!("snapshot {}", first.origin.address);
                kept_where(d, &by, &locations, root);
            }
            (None, None) => d.note(
                Field::Backup,
                format!(
                    "{}: no snapshot schedule (a resource policy with a snapshot_schedule_policy) is attached: no backups",
                    root.origin.address
                ),
            ),
        }
        d.share_again(resources, &mut again);
    }
}

/// The resource policies a disk names or is attached to: by reference, by link, by name.
fn attached(
    d: &Draft,
    root: &Resource,
    resources: &[Resource],
    by_name: &HashMap<&str, usize>,
) -> Vec<usize> {
    let named = |v: &Value| {
        let text = v.as_str()?;
        by_name
            .get(text.rsplit('/').next().unwrap_or(text))
            .copied()
    };
    let mut out: Vec<usize> = root
        .links_at("resource_policies")
        .filter(|&p| is(&resources[p]) == Is::ResourcePolicy)
        .collect();
    out.extend(root.list("resource_policies").iter().filter_map(named));
    for &m in &d.members {
        let a = &resources[m];
        if is(a) != Is::PolicyAttachment {
            continue;
        }
        out.extend(
            a.links_at("name")
                .filter(|&p| is(&resources[p]) == Is::ResourcePolicy),
        );
        out.extend(a.get("name").and_then(named));
    }
    out
}

/// A policy's snapshot schedule: its worst interval, retention and storage locations.
fn schedule(policy: &Resource) -> Option<Schedule> {
    let s = "snapshot_schedule_policy";
    block(policy.values.get(s))?;
    let name = &policy.origin.address;
    let (interval, said) =
        if let Some(h) = policy.num(&format!("{s}.schedule.hourly_schedule.hours_in_cycle")) {
            let h = (h as u64).max(1);
            (
                Duration::from_secs(h.saturating_mul(HOUR)).min(crate::duration::MAX),
                format!(
                    "hourly_schedule every {h} hour{}",
                    crate::words::plural_s(h as usize)
                ),
            )
        } else if let Some(n) = policy.num(&format!("{s}.schedule.daily_schedule.days_in_cycle")) {
            let n = (n as u64).max(1);
            (
                Duration::from_secs(n.saturating_mul(DAY)).min(crate::duration::MAX),
                format!(
                    "daily_schedule every {n} day{}",
                    crate::words::plural_s(n as usize)
                ),
            )
        } else {
            let days = policy.list(&format!("{s}.schedule.weekly_schedule.day_of_weeks"));
            if days.is_empty() {
                return None;
            }
            let on: Vec<&str> = days.iter().filter_map(|d| d.get("day")?.as_str()).collect();
            (
                weekly_gap(on.iter().copied()),
                format!("weekly_schedule on {}", on.join(", ")),
            )
        };
    let retention = policy
        .num(&format!("{s}.retention_policy.max_retention_days"))
        .and_then(|n| crate::duration::from_days(n).ok());
    let locations = policy
        .list(&format!("{s}.snapshot_properties.storage_locations"))
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    Some(Schedule {
        interval,
        said,
        retention,
        locations,
        policy: name.to_string(),
    })
}

fn give(d: &mut Draft, s: &Schedule, disk: &Resource) {
    let by = &s.policy;
    d.backup.frequency = Some(s.interval);
    d.note(
        Field::BackupFrequency,
        format!("snapshot schedule {by}: {}", s.said),
    );
    match s.retention {
        Some(r) => {
            d.backup.retention = Some(r);
            d.note(
                Field::BackupRetention,
                format!(
                    "snapshot schedule {by}: max_retention_days = {}",
                    r.as_secs() / DAY
                ),
            );
        }
        None => d.note(
            Field::BackupRetention,
            format!("snapshot schedule {by} sets no max_retention_days: snapshots are kept until deleted"),
        ),
    }
    kept_where(d, &format!("snapshot schedule {by}"), &s.locations, disk);
}

/// Where a disk's snapshots are kept (`by`: what says so), and whether that is out of its
/// region.
fn kept_where(d: &mut Draft, by: &str, locations: &[String], disk: &Resource) {
    let region = disk.region().map(str::to_string);
    let note = match locations.first() {
        None => {
            let multi = region.as_deref().and_then(multi_region_of);
            d.backup.copy_region = multi.map(str::to_string);
            format!(
                "{by} sets no storage_locations: snapshots are kept in the multi-region nearest the disk ({}), stored in more than one region",
                multi.unwrap_or("its multi-region")
            )
        }
        Some(loc) => match (region_of(loc), spread(loc, &[])) {
            (Some(there), _) if Some(&there) != region.as_ref() => {
                d.backup.copy_region = Some(there.clone());
                format!(
                    "{by}: storage_locations = {loc}: snapshots are kept outside the disk's region"
                )
            }
            (Some(_), _) => {
                format!("{by}: storage_locations = {loc}: snapshots stay in the disk's region")
            }
            (None, Some(spread)) => {
                d.backup.copy_region = Some(loc.clone());
                format!(
                    "{by}: storage_locations = {loc}: snapshots are kept in the {} {}, stored in more than one region",
                    spread.kind.words(),
                    spread.name
                )
            }
            (None, None) => {
                format!("{by}: storage_locations = {loc}: a location drplan does not know")
            }
        },
    };
    d.note(Field::BackupCrossRegionCopy, note);
}
