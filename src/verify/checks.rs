//! The checks of docs/verify.md over recovery points already listed and grouped: freshness, history
//! (gaps, retention held), size, checksum presence, and the status that sums them up. No I/O:
//! everything here is a function of the points, the declaration and `now`.

use std::time::Duration;

use jiff::Timestamp;

use super::points::{Grouped, RecoveryPoint};
use super::report::{Gap, LocationStatus, MeetsRpo, RecoveryPointRef};
use super::sources::Role;
use crate::duration::Human;

/// At most this many lines of one kind of anomaly; the rest are counted.
const MAX_LINES: usize = 10;

/// What the architecture declares about one location.
#[derive(Debug, Clone, PartialEq)]
pub struct Declared {
    pub role: Role,
    pub frequency: Option<Duration>,
    pub retention: Option<Duration>,
    /// The RPO target this location answers (software for the primary, region for the copy).
    pub rpo_target: Option<Duration>,
    pub pitr: bool,
}

/// A recovery point is late when it is older than 1.5 × the interval: one run may slip, two
/// in a row means the job has stopped.
pub fn late_after(frequency: Duration) -> Duration {
    frequency.saturating_mul(3) / 2
}

/// Whole seconds from `time` to `now`; a time after `now` is 0 old.
pub fn age_secs(now: Timestamp, time: Timestamp) -> u64 {
    u64::try_from(now.as_second().saturating_sub(time.as_second())).unwrap_or(0)
}

/// What the listing alone tells about a location.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub recovery_points: u64,
    pub newest: Option<RecoveryPointRef>,
    pub oldest_age_secs: Option<u64>,
    pub late: bool,
    pub gaps: Vec<Gap>,
    pub anomalies: Vec<String>,
    pub notes: Vec<String>,
    pub meets_rpo: MeetsRpo,
}

/// Runs freshness, history and size checks.
pub fn history(grouped: &Grouped, declared: &Declared, now: Timestamp) -> History {
    let points = &grouped.points;
    let mut h = History {
        recovery_points: points.len() as u64,
        ..History::default()
    };
    if !grouped.undated.is_empty() {
        h.anomalies.push(format!(
            "{} {} no timestamp in the key (time_from: key), e.g. {}: not counted",
            grouped.undated.len(),
            if grouped.undated.len() == 1 {
                "object has"
            } else {
                "objects have"
            },
            grouped.undated[0]
        ));
    }
    let newest_age = points.last().map(|p| age_secs(now, p.time));
    h.newest = points.last().map(|p| RecoveryPointRef {
        key: p.name.clone(),
        time: p.time.to_string(),
        age_secs: age_secs(now, p.time),
        size: p.size,
    });
    h.oldest_age_secs = points.first().map(|p| age_secs(now, p.time));
    match (newest_age, declared.frequency) {
        (Some(age), Some(f)) => h.late = Duration::from_secs(age) > late_after(f),
        (Some(_), None) => h
            .notes
            .push("backup.frequency is not declared: freshness not judged".into()),
        (None, _) => {}
    }
    let answer = declared
        .rpo_target
        .map(|target| newest_age.is_some_and(|age| Duration::from_secs(age) <= target));
    h.meets_rpo = match declared.role {
        Role::Primary => MeetsRpo {
            software: answer,
            region: None,
        },
        Role::Copy => MeetsRpo {
            software: None,
            region: answer,
        },
    };
    if declared.pitr && declared.role == Role::Primary {
        h.notes.push(
            "pitr: the software RPO rests on the log stream, which is not in this location; \
             meets_rpo judges the newest snapshot"
                .into(),
        );
    }
    if let Some(f) = declared.frequency {
        h.gaps = gaps(points, now, f, declared.retention);
    }
    if let (Some(retention), Some(oldest)) = (declared.retention, h.oldest_age_secs) {
        let slack = declared.frequency.map(late_after).unwrap_or_default();
        let held = Duration::from_secs(oldest);
        if held.saturating_add(slack) < retention {
            h.anomalies.push(format!(
                "retention: holds {} of recovery points; {} declared",
                Human(held),
                Human(retention)
            ));
        }
    }
    h.anomalies.extend(size_anomalies(points));
    h
}

/// Gaps longer than 1.5 × the interval between consecutive points, for gaps that end inside
/// the retention window (older history is expected to be gone).
pub fn gaps(
    points: &[RecoveryPoint],
    now: Timestamp,
    frequency: Duration,
    retention: Option<Duration>,
) -> Vec<Gap> {
    let times: Vec<Timestamp> = points.iter().map(|p| p.time).collect();
    gaps_between(&times, now, frequency, retention)
}

/// `gaps` over the times of recovery points from any source, oldest first.
pub fn gaps_between(
    times: &[Timestamp],
    now: Timestamp,
    frequency: Duration,
    retention: Option<Duration>,
) -> Vec<Gap> {
    let limit = late_after(frequency);
    times
        .windows(2)
        .filter(|w| retention.is_none_or(|r| Duration::from_secs(age_secs(now, w[1])) <= r))
        .filter_map(|w| {
            let secs = age_secs(w[1], w[0]);
            (Duration::from_secs(secs) > limit).then(|| Gap {
                after: w[0].to_string(),
                before: w[1].to_string(),
                secs,
            })
        })
        .collect()
}

/// Empty objects, and points under 50% of the median of the (up to) 10 before them when at
/// least 3 came before.
pub fn size_anomalies(points: &[RecoveryPoint]) -> Vec<String> {
    let mut empty: Vec<String> = Vec::new();
    let mut drops: Vec<String> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let empties: Vec<&str> = p.empty_objects().map(|o| o.key.as_str()).collect();
        if !empties.is_empty() {
            empty.push(
                if empties.len() == p.objects.len() && p.objects.len() == 1 {
                    format!("empty: {} is 0 bytes", p.name)
                } else {
                    format!(
                        "empty: {} holds {}, e.g. {}",
                        p.name,
                        crate::words::count(empties.len() as u64, "empty object"),
                        empties[0]
                    )
                },
            );
        }
        if i < 3 || p.size == 0 {
            continue;
        }
        let before: Vec<u64> = points[i.saturating_sub(10)..i]
            .iter()
            .map(|q| q.size)
            .collect();
        let median = median(&before);
        if (p.size as f64) < 0.5 * median {
            drops.push(format!(
                "size: {} is {} ({:.0}% of the median {} of the {} before it)",
                p.name,
                human_bytes(p.size),
                100.0 * p.size as f64 / median,
                human_bytes(median.round() as u64),
                before.len()
            ));
        }
    }
    let mut out = capped(empty, "empty");
    out.extend(capped(drops, "size"));
    out
}

/// Keeps the newest `MAX_LINES` lines (the list is oldest first) and counts the rest.
fn capped(lines: Vec<String>, what: &str) -> Vec<String> {
    if lines.len() <= MAX_LINES {
        return lines;
    }
    let more = lines.len() - MAX_LINES;
    let mut out = vec![format!(
        "{what}: {} like the ones below",
        crate::words::count(more as u64, "older finding")
    )];
    out.extend(lines.into_iter().skip(more));
    out
}

pub fn median(values: &[u64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_unstable();
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2] as f64,
        n => (v[n / 2 - 1] as f64 + v[n / 2] as f64) / 2.0,
    }
}

/// `1.5 MiB`: sizes for people, in binary units.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = bytes as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// What is known of the checksum presence of a point's objects.
fn point_sha256(p: &RecoveryPoint, head_sha256: &dyn Fn(&str) -> Option<bool>) -> Option<bool> {
    let mut known = true;
    for o in &p.objects {
        if o.listed_sha256 || o.sidecar.is_some() {
            continue;
        }
        match head_sha256(&o.key) {
            Some(true) => {}
            Some(false) => return Some(false),
            None if o.any_checksum_listed => return Some(false),
            None => known = false,
        }
    }
    (known && !p.objects.is_empty()).then_some(true)
}

/// Checksum presence: how many recovery points carry a stored SHA-256, with the findings.
/// The listing reports each object's checksum algorithms on AWS; some stores (s3s-fs) leave
/// them out of listings and only answer HeadObject, so `head_sha256` (what HeadObject said
/// of a key, `None` when it was not asked) fills in for the points the runner HEADed.
pub fn checksum_presence(
    points: &[RecoveryPoint],
    head_sha256: &dyn Fn(&str) -> Option<bool>,
) -> (u64, Vec<String>, Vec<String>) {
    let mut anomalies = Vec::new();
    let mut notes = Vec::new();
    let Some((newest, older)) = points.split_last() else {
        return (0, anomalies, notes);
    };
    let known: Vec<Option<bool>> = points
        .iter()
        .map(|p| point_sha256(p, head_sha256))
        .collect();
    let present = known.iter().filter(|k| **k == Some(true)).count() as u64;
    let unknown = known.iter().filter(|k| k.is_none()).count();
    if known.last() == Some(&Some(false)) {
        anomalies.push(format!(
            "integrity: the newest recovery point {} has no stored SHA-256 (no checksum, no \
             .sha256 sidecar): a restore cannot prove it intact",
            newest.name
        ));
    }
    let missing_older = known[..older.len()]
        .iter()
        .filter(|k| **k == Some(false))
        .count();
    if missing_older > 0 {
        anomalies.push(format!(
            "integrity: {} {} no stored SHA-256",
            crate::words::count(missing_older as u64, "older recovery point"),
            if missing_older == 1 { "has" } else { "have" }
        ));
    }
    if unknown > 0 {
        notes.push(format!(
            "the store's listing reports no checksum algorithms: SHA-256 presence is known for \
             {} of {} recovery points (HeadObject on the newest, and sidecars)",
            points.len() - unknown,
            points.len()
        ));
    }
    (present, anomalies, notes)
}

/// docs/verify.md: `unverified` (could not be read) > `corrupt` > `missing` > `late` > `fresh`.
pub fn status(readable: bool, failed: u64, recovery_points: u64, late: bool) -> LocationStatus {
    if !readable {
        LocationStatus::Unverified
    } else if failed > 0 {
        LocationStatus::Corrupt
    } else if recovery_points == 0 {
        LocationStatus::Missing
    } else if late {
        LocationStatus::Late
    } else {
        LocationStatus::Fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::points::PointObject;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("test fixture is valid")
    }

    fn point(name: &str, time: &str, size: u64, sha: bool) -> RecoveryPoint {
        RecoveryPoint {
            name: name.into(),
            time: at(time),
            size,
            objects: vec![PointObject {
                key: name.into(),
                size,
                listed_sha256: sha,
                any_checksum_listed: sha,
                sidecar: None,
            }],
        }
    }

    fn daily(days: &[u32], size: u64) -> Vec<RecoveryPoint> {
        days.iter()
            .map(|d| {
                point(
                    &format!("db/{d:02}.dump"),
                    &format!("2026-11-{d:02}T03:00:00Z"),
                    size,
                    true,
                )
            })
            .collect()
    }

    fn declared(role: Role) -> Declared {
        Declared {
            role,
            frequency: Some(Duration::from_secs(86_400)),
            retention: Some(Duration::from_secs(7 * 86_400)),
            rpo_target: Some(Duration::from_secs(86_400)),
            pitr: false,
        }
    }

    fn grouped(points: Vec<RecoveryPoint>) -> Grouped {
        Grouped {
            points,
            undated: vec![],
        }
    }

    #[test]
    fn fresh_within_one_and_a_half_intervals_late_after() {
        let g = grouped(daily(&[20, 21, 22, 23, 24, 25, 26], 100));
        let now = at("2026-11-27T14:00:00Z"); // 35h after the newest
        let h = history(&g, &declared(Role::Primary), now);
        assert!(!h.late);
        assert_eq!(
            h.newest.as_ref().expect("test fixture is valid").age_secs,
            35 * 3600
        );
        assert_eq!(h.oldest_age_secs, Some(7 * 86_400 + 11 * 3600));
        assert!(h.gaps.is_empty() && h.anomalies.is_empty(), "{h:?}");
        // The newest is 35h old and the RPO 24h: not met, and only `software` answered.
        assert_eq!(
            h.meets_rpo,
            MeetsRpo {
                software: Some(false),
                region: None
            }
        );
        let h = history(&g, &declared(Role::Primary), at("2026-11-27T15:00:01Z"));
        assert!(h.late);
    }

    #[test]
    fn the_copy_answers_the_region_rpo() {
        let g = grouped(daily(&[20, 21, 22, 23, 24, 25, 26], 100));
        let h = history(&g, &declared(Role::Copy), at("2026-11-26T04:00:00Z"));
        assert_eq!(
            h.meets_rpo,
            MeetsRpo {
                software: None,
                region: Some(true)
            }
        );
    }

    #[test]
    fn gaps_inside_the_retention_window_only() {
        // 10, 11, then nothing until 15 (a 4-day hole), then 15..26 with 20..22 missing.
        let g = grouped(daily(&[10, 11, 15, 16, 17, 18, 19, 23, 24, 25, 26], 100));
        let d = Declared {
            retention: Some(Duration::from_secs(10 * 86_400)),
            ..declared(Role::Primary)
        };
        let h = history(&g, &d, at("2026-11-26T04:00:00Z"));
        assert_eq!(
            h.gaps,
            [Gap {
                after: "2026-11-19T03:00:00Z".into(),
                before: "2026-11-23T03:00:00Z".into(),
                secs: 4 * 86_400
            }]
        );
    }

    #[test]
    fn less_history_than_retention_is_an_anomaly() {
        let g = grouped(daily(&[24, 25, 26], 100));
        let h = history(&g, &declared(Role::Primary), at("2026-11-26T04:00:00Z"));
        assert_eq!(
            h.anomalies,
            ["retention: holds 2d 1h of recovery points; 7d declared"]
        );
        // A daily job with 7d retention normally holds a little under 7 days.
        let g = grouped(daily(&[20, 21, 22, 23, 24, 25, 26], 100));
        let h = history(&g, &declared(Role::Primary), at("2026-11-26T20:00:00Z"));
        assert!(h.anomalies.is_empty(), "{:?}", h.anomalies);
    }

    #[test]
    fn a_size_drop_against_the_median_before_it() {
        let mut points = daily(&[20, 21, 22, 23, 24, 25], 1000);
        points.push(point("db/26.dump", "2026-11-26T03:00:00Z", 400, true));
        let lines = size_anomalies(&points);
        assert_eq!(
            lines,
            ["size: db/26.dump is 400 B (40% of the median 1000 B of the 6 before it)"]
        );
        // Fewer than three before: no judgement.
        let mut points = daily(&[20, 21], 1000);
        points.push(point("db/22.dump", "2026-11-22T03:00:00Z", 1, true));
        assert!(size_anomalies(&points).is_empty());
    }

    #[test]
    fn empty_objects_are_reported_once() {
        let mut points = daily(&[20, 21, 22, 23], 1000);
        points.push(point("db/24.dump", "2026-11-24T03:00:00Z", 0, true));
        assert_eq!(size_anomalies(&points), ["empty: db/24.dump is 0 bytes"]);
    }

    #[test]
    fn status_precedence() {
        use LocationStatus::*;
        assert_eq!(status(false, 1, 0, true), Unverified);
        assert_eq!(status(true, 1, 0, true), Corrupt);
        assert_eq!(status(true, 0, 0, true), Missing);
        assert_eq!(status(true, 0, 3, true), Late);
        assert_eq!(status(true, 0, 3, false), Fresh);
        assert!(Unverified < Corrupt && Corrupt < Missing && Missing < Late && Late < Fresh);
    }

    #[test]
    fn an_empty_location_misses_the_rpo() {
        let h = history(
            &Grouped::default(),
            &declared(Role::Primary),
            at("2026-11-26T04:00:00Z"),
        );
        assert_eq!(h.meets_rpo.software, Some(false));
        assert_eq!(h.newest, None);
    }

    #[test]
    fn checksum_presence_counts_listing_and_head() {
        // The listing reports SHA256 for the 25th, CRC32 only for the 24th, nothing for the 26th.
        let mut points = daily(&[24, 25], 10);
        points.push(point("db/26.dump", "2026-11-26T03:00:00Z", 10, false));
        points[0].objects[0].listed_sha256 = false;
        let head_yes = |k: &str| (k == "db/26.dump").then_some(true);
        let (present, anomalies, notes) = checksum_presence(&points, &head_yes);
        assert_eq!(present, 2);
        assert_eq!(
            anomalies,
            ["integrity: 1 older recovery point has no stored SHA-256"]
        );
        assert!(notes.is_empty());
        let head_no = |k: &str| (k == "db/26.dump").then_some(false);
        let (present, anomalies, _) = checksum_presence(&points, &head_no);
        assert_eq!(present, 1);
        assert_eq!(anomalies.len(), 2);
    }

    #[test]
    fn a_listing_without_algorithms_leaves_unheaded_points_unknown() {
        let mut points = daily(&[24, 25, 26], 10);
        for p in &mut points {
            p.objects[0].listed_sha256 = false;
            p.objects[0].any_checksum_listed = false;
        }
        let head = |k: &str| (k == "db/26.dump").then_some(true);
        let (present, anomalies, notes) = checksum_presence(&points, &head);
        assert_eq!(present, 1);
        assert!(
            anomalies.is_empty(),
            "unknown is not missing: {anomalies:?}"
        );
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("known for 1 of 3"), "{notes:?}");
    }

    #[test]
    fn median_of_even_and_odd() {
        assert_eq!(median(&[3, 1, 2]), 2.0);
        assert_eq!(median(&[4, 1, 2, 3]), 2.5);
        assert_eq!(median(&[]), 0.0);
    }

    #[test]
    fn human_bytes_reads_well() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(3 << 30), "3.0 GiB");
    }
}
