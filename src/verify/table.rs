//! The terminal view of a verification: one row per location (S3 locations, recovery evidence,
//! then the experiments AWS FIS ran), then what was found at each.

use super::report::{EvidenceEntry, LocationResult, LocationStatus, VerifyReport};
use super::sources::Role;
use super::sources::SourceName;
use super::sources::judge::unresolved_failures;
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

const EVIDENCE_HEADERS: [&str; 9] = [
    "COMPONENT",
    "SOURCE",
    "REGION",
    "STATUS",
    "POINTS",
    "NEWEST",
    "PITR LAG",
    "RPO",
    "LAST VERIFIED RESTORE",
];

fn evidence_row(e: &EvidenceEntry) -> [String; 9] {
    let age = |s: Option<u64>| s.map_or_else(|| "-".to_string(), human_secs);
    let rpo = match (e.meets_rpo.software, e.meets_rpo.region) {
        (Some(m), _) => format!("software {}", if m { "met" } else { "missed" }),
        (_, Some(m)) => format!("region {}", if m { "met" } else { "missed" }),
        _ => "-".into(),
    };
    let pitr = match &e.pitr {
        None => "-".to_string(),
        Some(p) if !p.enabled => "off".to_string(),
        Some(p) => age(p.lag_secs),
    };
    let restore = match &e.last_verified_restore {
        Some(r) => format!(
            "{} in {}",
            r.started.get(..10).unwrap_or(&r.started),
            age(r.duration_secs)
        ),
        None => "-".into(),
    };
    let region = match e.role {
        Role::Primary => e.region.clone(),
        Role::Copy => format!("{} (copy)", e.region),
    };
    [
        e.id.clone(),
        e.source.as_str().into(),
        region,
        status_word(e.status).into(),
        e.recovery_points.to_string(),
        age(e.newest.as_ref().map(|n| n.age_secs)),
        pitr,
        rpo,
        restore,
    ]
}

const EXPERIMENT_HEADERS: [&str; 8] = [
    "COMPONENT",
    "SOURCE",
    "REGION",
    "STATUS",
    "TEMPLATES",
    "RUNS",
    "FAILING",
    "LAST COMPLETED EXPERIMENT",
];

/// An AWS FIS entry: its templates, their runs, the templates whose latest run did not
/// complete, and the newest run that did.
fn experiment_row(e: &EvidenceEntry) -> [String; 8] {
    let last = match &e.last_completed_experiment {
        Some(x) => format!("{} on {}", x.id, x.started),
        None => "-".into(),
    };
    [
        e.id.clone(),
        e.source.as_str().into(),
        e.region.clone(),
        status_word(e.status).into(),
        e.templates.len().to_string(),
        e.templates.iter().map(|t| t.runs).sum::<u64>().to_string(),
        unresolved_failures(&e.experiments).len().to_string(),
        last,
    ]
}

/// Rows under their headers, each column as wide as its widest cell.
fn grid<const N: usize>(headers: [&str; N], rows: &[[String; N]], out: &mut String) {
    let mut widths = headers.map(str::len);
    for r in rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
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
    line(&headers.map(String::from));
    for r in rows {
        line(r);
    }
}

/// The tables, the findings under them, and a one-line summary.
pub fn render(report: &VerifyReport) -> String {
    let mut out = String::new();
    if !report.components.is_empty() || report.evidence.is_empty() {
        let rows: Vec<[String; 9]> = report.components.iter().map(row).collect();
        grid(HEADERS, &rows, &mut out);
    }
    let (tests, recovery): (Vec<&EvidenceEntry>, Vec<&EvidenceEntry>) =
        (report.evidence.iter()).partition(|e| e.source == SourceName::Fis);
    if !recovery.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        let rows: Vec<[String; 9]> = recovery.into_iter().map(evidence_row).collect();
        grid(EVIDENCE_HEADERS, &rows, &mut out);
    }
    if !tests.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        let rows: Vec<[String; 8]> = tests.into_iter().map(experiment_row).collect();
        grid(EXPERIMENT_HEADERS, &rows, &mut out);
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
    for e in &report.evidence {
        let mut items: Vec<String> = Vec::new();
        items.extend(e.errors.iter().map(|x| format!("error: {x}")));
        items.extend(e.gaps.iter().map(|g| {
            format!(
                "gap: nothing between {} and {} ({})",
                g.after,
                g.before,
                human_secs(g.secs)
            )
        }));
        items.extend(e.anomalies.iter().cloned());
        if let Some(n) = &e.newest {
            items.push(format!("newest: {} {} ({})", n.what, n.id, n.time));
        }
        if let Some(r) = &e.last_verified_restore {
            items.push(format!(
                "last verified restore: job {} ({})",
                r.job_id, r.started
            ));
        }
        if let Some(x) = &e.last_completed_experiment {
            items.push(format!(
                "last completed experiment: {} from {}{} ({})",
                x.id,
                x.template,
                x.item
                    .as_deref()
                    .map_or(String::new(), |i| format!(", {i}")),
                x.started
            ));
        }
        items.extend(e.notes.iter().map(|n| format!("note: {n}")));
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n{} {} {} {}:\n",
            e.id,
            e.source.as_str(),
            e.region,
            e.resource
        ));
        for i in items {
            out.push_str(&format!("  - {i}\n"));
        }
    }
    if !report.notes.is_empty() {
        out.push('\n');
        for n in &report.notes {
            out.push_str(&format!("note: {n}\n"));
        }
    }
    out.push('\n');
    out.push_str(&summary(report));
    out.push('\n');
    out
}

fn summary(report: &VerifyReport) -> String {
    let count = |s: LocationStatus| {
        report.components.iter().filter(|r| r.status == s).count()
            + report.evidence.iter().filter(|e| e.status == s).count()
    };
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
    let what = match report.evidence.len() {
        0 => crate::words::count(report.components.len() as u64, "location"),
        n => format!(
            "{} and {}",
            crate::words::count(report.components.len() as u64, "location"),
            if n == 1 {
                "1 evidence entry".to_string()
            } else {
                format!("{n} evidence entries")
            }
        ),
    };
    format!(
        "{} checked at {}: {}",
        what,
        report.checked_at,
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::super::sources::judge::empty;
    use super::*;

    /// The evidence gets its own table (the S3 one only when there are locations), its
    /// findings under it, and the summary counts both.
    #[test]
    fn evidence_entries_get_their_own_table() {
        let mut fresh = empty(
            "orders-db",
            SourceName::AwsBackup,
            "us-east-1",
            Role::Primary,
        );
        fresh.status = LocationStatus::Fresh;
        fresh.resource = "arn:aws:rds:us-east-1:123456789012:db:orders-db".into();
        fresh.recovery_points = 14;
        fresh.last_verified_restore = Some(super::super::report::RestoreEvidence {
            job_id: "r-1".into(),
            recovery_point: None,
            status: super::super::sources::RestoreStatus::Completed,
            validation: super::super::sources::Validation::Successful,
            started: "2026-11-20T02:00:00Z".into(),
            completed: Some("2026-11-20T02:55:00Z".into()),
            duration_secs: Some(3300),
            data_age_secs: None,
        });
        let mut copy = empty("orders-db", SourceName::AwsBackup, "us-west-2", Role::Copy);
        copy.errors
            .push("backup:ListRecoveryPointsByResource: HTTP 403 AccessDeniedException".into());
        let report = VerifyReport {
            schema_version: super::super::SCHEMA_VERSION,
            checked_at: "2026-11-26T20:00:00Z".into(),
            components: vec![],
            evidence: vec![fresh, copy],
            notes: vec!["cache: no recovery evidence read".into()],
        };
        let text = render(&report);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("COMPONENT  SOURCE"), "{text}");
        assert!(
            lines[1].contains("fresh") && lines[1].ends_with("2026-11-20 in 55m"),
            "{text}"
        );
        assert!(
            lines[2].contains("us-west-2 (copy)") && lines[2].contains("unverified"),
            "{text}"
        );
        assert!(
            text.contains("  - error: backup:ListRecoveryPointsByResource: HTTP 403"),
            "{text}"
        );
        assert!(
            text.contains("note: cache: no recovery evidence read"),
            "{text}"
        );
        assert!(
            text.ends_with("0 locations and 2 evidence entries checked at 2026-11-26T20:00:00Z: 1 fresh, 0 late, 0 missing, 0 corrupt, 1 unverified\n"),
            "{text}"
        );
    }
}
