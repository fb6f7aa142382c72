//! From a listing to recovery points (docs/verify.md): drop folder markers, pair `<key>.sha256`
//! sidecars with their object, group by `layout`, and date each point by `time_from`.

use std::collections::{BTreeMap, HashSet};

use jiff::Timestamp;

use super::keytime::parse_key_time;
use crate::model::{Layout, TimeFrom};

/// One object as ListObjectsV2 reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedObject {
    pub key: String,
    pub size: u64,
    pub last_modified: Timestamp,
    /// The checksum algorithms the listing reports (`SHA256`, `CRC32`, ...), upper case.
    pub checksum_algorithms: Vec<String>,
}

impl ListedObject {
    pub fn listed_sha256(&self) -> bool {
        self.checksum_algorithms.iter().any(|a| a == "SHA256")
    }

    /// A folder marker (`name/`, zero bytes) is how consoles show folders, not a backup.
    pub fn is_folder_marker(&self) -> bool {
        self.key.ends_with('/') && self.size == 0
    }
}

/// One object of a recovery point.
#[derive(Debug, Clone, PartialEq)]
pub struct PointObject {
    pub key: String,
    pub size: u64,
    pub listed_sha256: bool,
    pub any_checksum_listed: bool,
    /// The key of its `<key>.sha256` sidecar, when one was listed.
    pub sidecar: Option<String>,
}

/// A recovery point: one object (`layout: object`) or every object under one first-level
/// prefix (`layout: prefix`).
#[derive(Debug, Clone, PartialEq)]
pub struct RecoveryPoint {
    /// The object key, or the group's prefix ending in `/`.
    pub name: String,
    pub time: Timestamp,
    /// Total bytes.
    pub size: u64,
    pub objects: Vec<PointObject>,
}

impl RecoveryPoint {
    /// Every object carries a stored SHA-256 (reported by the listing, or a sidecar).
    pub fn sha256_present(&self) -> bool {
        !self.objects.is_empty()
            && self
                .objects
                .iter()
                .all(|o| o.listed_sha256 || o.sidecar.is_some())
    }

    pub fn empty_objects(&self) -> impl Iterator<Item = &PointObject> {
        self.objects.iter().filter(|o| o.size == 0)
    }
}

/// The recovery points of a location, oldest first, and what could not be dated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grouped {
    pub points: Vec<RecoveryPoint>,
    /// Keys (or prefixes) without a timestamp, with `time_from: key`.
    pub undated: Vec<String>,
}

/// Groups a location's listing into recovery points. `prefix` is the location's prefix; keys
/// are expected to start with it (the listing asked for it).
pub fn group(
    objects: &[ListedObject],
    prefix: &str,
    time_from: TimeFrom,
    layout: Layout,
) -> Grouped {
    let keys: HashSet<&str> = objects.iter().map(|o| o.key.as_str()).collect();
    let is_sidecar = |key: &str| {
        key.strip_suffix(".sha256")
            .is_some_and(|base| keys.contains(base))
    };
    let sidecar_of = |key: &str| {
        let side = format!("{key}.sha256");
        keys.contains(side.as_str()).then_some(side)
    };

    // name → (objects, newest LastModified)
    let mut groups: BTreeMap<String, (Vec<PointObject>, Timestamp)> = BTreeMap::new();
    for o in objects {
        if o.is_folder_marker() || is_sidecar(&o.key) {
            continue;
        }
        let name = match layout {
            Layout::Object => o.key.clone(),
            Layout::Prefix => group_name(&o.key, prefix),
        };
        let entry = groups
            .entry(name)
            .or_insert_with(|| (Vec::new(), o.last_modified));
        entry.1 = entry.1.max(o.last_modified);
        entry.0.push(PointObject {
            key: o.key.clone(),
            size: o.size,
            listed_sha256: o.listed_sha256(),
            any_checksum_listed: !o.checksum_algorithms.is_empty(),
            sidecar: sidecar_of(&o.key),
        });
    }

    let mut out = Grouped::default();
    for (name, (mut objects, newest_modified)) in groups {
        let time = match time_from {
            TimeFrom::LastModified => Some(newest_modified),
            TimeFrom::Key => key_time(&name, prefix, &objects),
        };
        let Some(time) = time else {
            out.undated.push(name);
            continue;
        };
        objects.sort_by(|a, b| a.key.cmp(&b.key));
        out.points.push(RecoveryPoint {
            size: objects.iter().map(|o| o.size).sum(),
            name,
            time,
            objects,
        });
    }
    out.points
        .sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.name.cmp(&b.name)));
    out
}

/// `layout: prefix`: the first path segment below the location, with its `/`; a key with no
/// further `/` is its own group.
fn group_name(key: &str, prefix: &str) -> String {
    let below = key.strip_prefix(prefix).unwrap_or(key);
    match below.find('/') {
        Some(slash) => format!("{prefix}{}", &below[..=slash]),
        None => key.to_string(),
    }
}

/// `time_from: key`: the timestamp in the name below the location; for a prefix group whose
/// name has none, the newest timestamp in its objects' keys.
fn key_time(name: &str, prefix: &str, objects: &[PointObject]) -> Option<Timestamp> {
    let below = name.strip_prefix(prefix).unwrap_or(name);
    parse_key_time(below).or_else(|| {
        objects
            .iter()
            .filter_map(|o| parse_key_time(o.key.strip_prefix(prefix).unwrap_or(&o.key)))
            .max()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(key: &str, size: u64, modified: &str) -> ListedObject {
        ListedObject {
            key: key.into(),
            size,
            last_modified: modified.parse().expect("test fixture is valid"),
            checksum_algorithms: vec![],
        }
    }

    #[test]
    fn folder_markers_and_sidecars_are_not_recovery_points() {
        let listing = [
            obj("db/", 0, "2026-11-20T00:00:00Z"),
            obj("db/a.dump", 10, "2026-11-21T00:00:00Z"),
            obj("db/a.dump.sha256", 64, "2026-11-21T00:00:01Z"),
            obj("db/b.dump", 0, "2026-11-22T00:00:00Z"),
            obj("db/lonely.sha256", 64, "2026-11-22T00:00:00Z"),
        ];
        let g = group(&listing, "db/", TimeFrom::LastModified, Layout::Object);
        let names: Vec<_> = g.points.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["db/a.dump", "db/b.dump", "db/lonely.sha256"]);
        assert_eq!(
            g.points[0].objects[0].sidecar.as_deref(),
            Some("db/a.dump.sha256")
        );
        assert!(g.points[0].sha256_present());
        assert!(!g.points[1].sha256_present());
        assert_eq!(g.points[1].empty_objects().count(), 1);
    }

    #[test]
    fn prefix_layout_groups_by_first_segment() {
        let listing = [
            obj("db/2026-11-25/part1", 10, "2026-11-25T03:00:00Z"),
            obj("db/2026-11-25/sub/part2", 5, "2026-11-25T03:10:00Z"),
            obj("db/2026-11-26/part1", 7, "2026-11-26T03:00:00Z"),
            obj("db/manifest.json", 1, "2026-11-24T00:00:00Z"),
        ];
        let g = group(&listing, "db/", TimeFrom::LastModified, Layout::Prefix);
        let got: Vec<_> = g
            .points
            .iter()
            .map(|p| (p.name.as_str(), p.size, p.time.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                ("db/manifest.json", 1, "2026-11-24T00:00:00Z".to_string()),
                ("db/2026-11-25/", 15, "2026-11-25T03:10:00Z".to_string()),
                ("db/2026-11-26/", 7, "2026-11-26T03:00:00Z".to_string()),
            ]
        );
    }

    #[test]
    fn key_times_replace_last_modified() {
        // Copied last night, all with the same LastModified: only the keys tell the times.
        let listing = [
            obj("db/2026-11-20T0300Z.dump", 10, "2026-11-26T00:00:00Z"),
            obj("db/2026-11-19T0300Z.dump", 10, "2026-11-26T00:00:00Z"),
            obj("db/README", 10, "2026-11-26T00:00:00Z"),
        ];
        let g = group(&listing, "db/", TimeFrom::Key, Layout::Object);
        let got: Vec<_> = g.points.iter().map(|p| p.time.to_string()).collect();
        assert_eq!(got, ["2026-11-19T03:00:00Z", "2026-11-20T03:00:00Z"]);
        assert_eq!(g.undated, ["db/README"]);
    }

    #[test]
    fn the_prefix_does_not_lend_its_date() {
        let listing = [obj("2026-01-01/db/full.dump", 10, "2026-11-26T00:00:00Z")];
        let g = group(&listing, "2026-01-01/db/", TimeFrom::Key, Layout::Object);
        assert!(g.points.is_empty());
        assert_eq!(g.undated, ["2026-01-01/db/full.dump"]);
    }

    #[test]
    fn prefix_groups_take_the_time_from_their_name_or_their_objects() {
        let listing = [
            obj("db/20261126T030000/a", 1, "2026-11-27T00:00:00Z"),
            obj("db/run-7/a-2026-11-20T0300Z", 1, "2026-11-27T00:00:00Z"),
        ];
        let g = group(&listing, "db/", TimeFrom::Key, Layout::Prefix);
        let got: Vec<_> = g
            .points
            .iter()
            .map(|p| (p.name.as_str(), p.time.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                ("db/run-7/", "2026-11-20T03:00:00Z".to_string()),
                ("db/20261126T030000/", "2026-11-26T03:00:00Z".to_string())
            ]
        );
    }
}
