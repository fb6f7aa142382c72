//! The terminal view of a verification: one row per location, then what was found at each.

use super::report::{LocationResult, LocationStatus, VerifyReport};
use crate::duration::human_secs;

const HEADERS: [&str; 9] = [
    "COMPONENT",
    "LOCATION",
    "STATUS",
    "POINTS",
    "NEWEST",
    "OLDEST",
    "SHA-256 present/verified/failed",
    "RPO",
    "MB/s",
];

fn row(r: &LocationResult) -> [String; 9] {
    let age = |s: Option<u64>| s.map_or_else(|| "-".to_string(), human_secs);
    let rpo = match (r.meets_rpo.software, r.meets_rpo.region) {
        (Some(m), _) => format!("software {}", if m { "met" } else { "missed" }),
        (_, Some(m)) => format!("region {}", if m { "met" } else { "missed" }),
        _ => "-".into(),
    };
    [
        r.id.clone(),
        r.location.clone(),
        status_word(r.status).into(),
        r.recovery_points.to_string(),
        age(r.newest.as_ref().map(|n| n.age_secs)),
        age(r.oldest_age_secs),
        format!(
            "{}/{}/{}",
            r.checksums.present, r.checksums.verified, r.checksums.failed
        ),
        rpo,
        r.throughput_mbps
            .map_or_else(|| "-".into(), |t| format!("{t:.1}")),
    ]
}

pub fn status_word(s: LocationStatus) -> &'static str {
    match s {
        LocationStatus::Unverified => "unverified",
        LocationStatus::Corrupt => "corrupt",
        LocationStatus::Missing => "missing",
        LocationStatus::Late => "late",
        LocationStatus::Fresh => "fresh",
    }
}

/// The table, the findings under it, and a one-line summary.
pub fn render(report: &VerifyReport) -> String {
    let rows: Vec<[String; 9]> = report.components.iter().map(row).collect();
    let mut widths = HEADERS.map(str::len);
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<w$}  "));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&HEADERS.map(String::from));
    for r in &rows {
        line(r);
    }
    for r in &report.components {
        let mut items: Vec<String> = Vec::new();
        items.extend(r.errors.iter().map(|e| format!("error: {e}")));
        items.extend(r.gaps.iter().map(|g| {
            format!(
                "gap: nothing between {} and {} ({})",
                g.after,
                g.before,
                human_secs(g.secs)
            )
        }));
        items.extend(r.anomalies.iter().cloned());
        items.extend(r.notes.iter().map(|n| format!("note: {n}")));
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{} {}:\n", r.id, r.location));
        for i in items {
            out.push_str(&format!("  - {i}\n"));
        }
    }
    out.push('\n');
    out.push_str(&summary(report));
    out.push('\n');
    out
}

fn summary(report: &VerifyReport) -> String {
    let count = |s: LocationStatus| report.components.iter().filter(|r| r.status == s).count();
    let parts: Vec<String> = [
        LocationStatus::Fresh,
        LocationStatus::Late,
        LocationStatus::Missing,
        LocationStatus::Corrupt,
        LocationStatus::Unverified,
    ]
    .into_iter()
    .map(|s| format!("{} {}", count(s), status_word(s)))
    .collect();
    format!(
        "{} checked at {}: {}",
        crate::words::count(report.components.len() as u64, "location"),
        report.checked_at,
        parts.join(", ")
    )
}
