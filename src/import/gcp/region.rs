//! Where Google Cloud resources are: region and zone names (`us-central1`, `us-central1-a`),
//! the location of a resource link (`…/zones/us-central1-a/…`, `projects/p/locations/…`), and
//! the locations that span regions: Cloud Storage's dual-regions and multi-regions, Spanner's
//! multi-region configurations.

/// The first part of every Google Cloud region name: the geography.
const GEOGRAPHIES: &[&str] = &[
    "africa",
    "asia",
    "australia",
    "europe",
    "me",
    "northamerica",
    "southamerica",
    "us",
];

/// The second part, before the region's number.
const DIRECTIONS: &[&str] = &[
    "central",
    "east",
    "north",
    "northeast",
    "northwest",
    "south",
    "southeast",
    "southwest",
    "west",
];

/// The length of a region name at the start of `text` (`us-central1`, `europe-west4`), with
/// `-` (or `_`, as module names and keys write it) between its parts.
fn region_at(text: &str) -> Option<usize> {
    let (geo, rest) = text.split_once(['-', '_'])?;
    if !GEOGRAPHIES.contains(&geo) {
        return None;
    }
    let letters = rest.bytes().take_while(u8::is_ascii_lowercase).count();
    if !DIRECTIONS.contains(&&rest[..letters]) {
        return None;
    }
    let digits = rest[letters..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    (digits > 0).then_some(geo.len() + 1 + letters + digits)
}

/// Whether a text is a region name.
pub fn is_region(text: &str) -> bool {
    !text.contains('_') && region_at(text) == Some(text.len())
}

/// The region of a zone name (`us-central1-a` → `us-central1`).
pub fn zone_region(zone: &str) -> Option<&str> {
    let (region, letter) = zone.rsplit_once('-')?;
    (letter.len() == 1 && letter.bytes().all(|b| b.is_ascii_lowercase()) && is_region(region))
        .then_some(region)
}

/// A region from a region or a zone name, written in any case (Cloud Storage writes
/// `US-CENTRAL1`).
pub fn region_of(location: &str) -> Option<String> {
    let lower = location.to_ascii_lowercase();
    if is_region(&lower) {
        return Some(lower);
    }
    zone_region(&lower).map(str::to_string)
}

/// The region in a resource link or an id: `…/zones/us-central1-a/…`, `…/regions/us-east1/…`,
/// `projects/p/locations/europe-west1/…`.
pub fn path_region(link: &str) -> Option<String> {
    let mut parts = link.split('/');
    while let Some(p) = parts.next() {
        if matches!(p, "zones" | "regions" | "locations") {
            return parts.next().and_then(region_of);
        }
    }
    None
}

/// A region name inside a text (its start and length), at a word's start.
pub fn find_region(text: &str) -> Option<(usize, usize)> {
    for (at, _) in text.char_indices() {
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            continue;
        }
        if let Some(len) = region_at(&text[at..]) {
            // A zone's letter goes with its region.
            let rest = &text[at + len..];
            let zone = rest.len() >= 2
                && rest.as_bytes()[0] == b'-'
                && rest.as_bytes()[1].is_ascii_lowercase()
                && !rest
                    .as_bytes()
                    .get(2)
                    .is_some_and(|c| c.is_ascii_alphanumeric());
            return Some((at, if zone { len + 2 } else { len }));
        }
    }
    None
}

/// A location that spans more than one region: a Cloud Storage dual-region or multi-region,
/// a Cloud SQL or snapshot multi-region, a Spanner multi-region configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spread {
    /// The location as the source writes it, upper-cased for Cloud Storage's words.
    pub name: String,
    pub kind: SpreadKind,
    /// Its regions, where Google publishes them (a predefined dual-region, a configurable
    /// dual-region's `data_locations`, a Spanner configuration's read-write regions).
    pub regions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpreadKind {
    DualRegion,
    MultiRegion,
}

impl SpreadKind {
    pub fn words(self) -> &'static str {
        match self {
            SpreadKind::DualRegion => "dual-region",
            SpreadKind::MultiRegion => "multi-region",
        }
    }
}

/// Cloud Storage's multi-regions (the large areas; Cloud SQL and snapshot storage locations
/// write them in lower case).
const MULTI_REGIONS: &[&str] = &["ASIA", "EU", "US"];

/// Cloud Storage's predefined dual-regions and their two regions
/// (<https://cloud.google.com/storage/docs/locations#predefined>).
const DUAL_REGIONS: &[(&str, [&str; 2])] = &[
    ("ASIA1", ["asia-northeast1", "asia-northeast2"]),
    ("EUR4", ["europe-north1", "europe-west4"]),
    ("EUR5", ["europe-west1", "europe-west2"]),
    ("EUR7", ["europe-west2", "europe-west3"]),
    ("EUR8", ["europe-west3", "europe-west6"]),
    ("NAM4", ["us-central1", "us-east1"]),
];

/// A storage location that spans regions (`US`, `eu`, `NAM4`), or `None` for a region, a zone
/// or a word drplan does not know; `data_locations` are a configurable dual-region's regions.
pub fn spread(location: &str, data_locations: &[&str]) -> Option<Spread> {
    let upper = location.to_ascii_uppercase();
    let known: Vec<String> = data_locations.iter().filter_map(|l| region_of(l)).collect();
    if known.len() >= 2 {
        return Some(Spread {
            name: upper,
            kind: SpreadKind::DualRegion,
            regions: known,
        });
    }
    if let Some((_, regions)) = DUAL_REGIONS.iter().find(|(n, _)| *n == upper) {
        return Some(Spread {
            name: upper,
            kind: SpreadKind::DualRegion,
            regions: regions.iter().map(|r| r.to_string()).collect(),
        });
    }
    MULTI_REGIONS.contains(&upper.as_str()).then(|| Spread {
        name: upper,
        kind: SpreadKind::MultiRegion,
        regions: Vec::new(),
    })
}

/// The multi-region a region belongs to, as Cloud SQL and Compute Engine name the default
/// location of backups and snapshots ("the multi-region closest to the instance").
pub fn multi_region_of(region: &str) -> Option<&'static str> {
    let geo = region.split('-').next()?;
    match geo {
        "us" | "northamerica" | "southamerica" => Some("us"),
        "europe" => Some("eu"),
        "asia" | "australia" => Some("asia"),
        _ => None,
    }
}

/// Spanner's multi-region instance configurations and their read-write regions, the leader's
/// first (<https://cloud.google.com/spanner/docs/instance-configurations#available-configurations-multi-region>).
const SPANNER_MULTI: &[(&str, [&str; 2])] = &[
    ("asia1", ["asia-northeast1", "asia-northeast2"]),
    ("eur3", ["europe-west1", "europe-west4"]),
    ("eur5", ["europe-west2", "europe-west1"]),
    ("eur6", ["europe-west4", "europe-west3"]),
    ("nam3", ["us-east4", "us-east1"]),
    ("nam6", ["us-central1", "us-east1"]),
    ("nam7", ["us-central1", "us-east4"]),
    ("nam-eur-asia1", ["us-central1", "us-central2"]),
];

/// A Spanner instance configuration (`regional-us-central1`, `nam3`, or a link ending with
/// one): its region when it is regional, else its multi-region spread.
pub enum SpannerConfig {
    Regional(String),
    Multi(Spread),
    Unknown,
}

pub fn spanner_config(config: &str) -> SpannerConfig {
    let name = config.rsplit('/').next().unwrap_or(config);
    if let Some(region) = name.strip_prefix("regional-").and_then(region_of) {
        return SpannerConfig::Regional(region);
    }
    match SPANNER_MULTI.iter().find(|(n, _)| *n == name) {
        Some((n, regions)) => SpannerConfig::Multi(Spread {
            name: n.to_string(),
            kind: SpreadKind::MultiRegion,
            regions: regions.iter().map(|r| r.to_string()).collect(),
        }),
        None if name.starts_with("custom-") || name.is_empty() => SpannerConfig::Unknown,
        None => SpannerConfig::Multi(Spread {
            name: name.to_string(),
            kind: SpreadKind::MultiRegion,
            regions: Vec::new(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_zones_and_links() {
        assert!(is_region("us-central1"));
        assert!(is_region("northamerica-northeast2"));
        assert!(!is_region("us-east-1"));
        assert!(!is_region("web-server1"));
        assert_eq!(zone_region("europe-west4-b"), Some("europe-west4"));
        assert_eq!(zone_region("us-central1"), None);
        assert_eq!(region_of("US-CENTRAL1").as_deref(), Some("us-central1"));
        assert_eq!(region_of("US"), None);
        assert_eq!(
            path_region(
                "https://www.googleapis.com/compute/v1/projects/p/zones/us-east1-c/disks/d"
            )
            .as_deref(),
            Some("us-east1")
        );
        assert_eq!(
            path_region("projects/p/locations/europe-west1/clusters/c").as_deref(),
            Some("europe-west1")
        );
        assert_eq!(path_region("projects/p/global/backendServices/b"), None);
    }

    #[test]
    fn region_names_in_texts() {
        assert_eq!(find_region("module.app[\"us-east1\"].x"), Some((12, 8)));
        assert_eq!(find_region("module.us_central1.google_x"), Some((7, 11)));
        assert_eq!(find_region("web-us-central1-a.b"), Some((4, 13)));
        assert_eq!(find_region("google_compute_instance.web"), None);
        assert_eq!(find_region("bus-east1"), None);
    }

    #[test]
    fn locations_that_span_regions() {
        let nam4 = spread("nam4", &[]).expect("a dual-region");
        assert_eq!(nam4.kind, SpreadKind::DualRegion);
        assert_eq!(nam4.regions, ["us-central1", "us-east1"]);
        assert_eq!(
            spread("US", &["US-EAST1", "US-WEST1"])
                .expect("configurable")
                .regions,
            ["us-east1", "us-west1"]
        );
        assert_eq!(
            spread("EU", &[]).map(|s| s.kind),
            Some(SpreadKind::MultiRegion)
        );
        assert_eq!(spread("US-CENTRAL1", &[]), None);
        assert_eq!(multi_region_of("us-east4"), Some("us"));
        assert!(matches!(
            spanner_config("projects/p/instanceConfigs/regional-europe-west1"),
            SpannerConfig::Regional(r) if r == "europe-west1"
        ));
        assert!(
            matches!(spanner_config("nam3"), SpannerConfig::Multi(s) if s.regions[0] == "us-east4")
        );
    }
}
