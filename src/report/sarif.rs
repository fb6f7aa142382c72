//! The findings as SARIF 2.1.0, for GitHub code scanning and GitLab (docs/ci.md). Built with
//! `serde-sarif`'s model of the standard; each result is placed where it can be fixed: the
//! component's object in the architecture file, the edge it is about, or, for an imported
//! component, the resource in the infrastructure-as-code file it came from.

use std::collections::{BTreeMap, HashMap};

use serde_sarif::sarif::{
    ArtifactLocation, Location, LogicalLocation, Message, MultiformatMessageString,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};
use sha2::{Digest, Sha256};

use super::Report;
use super::findings::FindingView;
use crate::model::CompIdx;
use crate::rules::{RULES, Rule, Severity};

/// A place in a file: a repository-relative path, a 1-based line and column (characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub uri: String,
    pub line: u32,
    pub column: Option<u32>,
    /// The infrastructure-as-code address of the resource it was imported from
    /// (`azurerm_storage_account.logs`): a logical location, which tells apart the resources
    /// of a one-line `terraform show -json` file.
    pub address: Option<String>,
}

/// Where each component, and each of its edges, is written.
#[derive(Debug, Clone, Default)]
pub struct Places {
    pub components: Vec<Option<Place>>,
    /// By component and edge index.
    pub edges: HashMap<(CompIdx, usize), Place>,
}

/// The key under which a result's fingerprint is written (GitHub computes its own
/// `primaryLocationLineHash`; this one is drplan's, independent of lines and words).
pub const FINGERPRINT: &str = "drplan/v1";

/// GitHub's and GitLab's level for a severity.
fn level(s: Severity) -> ResultLevel {
    match s {
        Severity::Critical | Severity::High => ResultLevel::Error,
        Severity::Medium => ResultLevel::Warning,
        Severity::Low => ResultLevel::Note,
    }
}

fn level_name(s: Severity) -> &'static str {
    match level(s) {
        ResultLevel::Error => "error",
        ResultLevel::Warning => "warning",
        _ => "note",
    }
}

/// A rule's page.
pub fn help_uri(rule: &Rule) -> String {
    format!(
        "{}/blob/main/docs/rules/{}.md",
        env!("CARGO_PKG_REPOSITORY"),
        rule.id
    )
}

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let uri = help_uri(rule);
    let mut extra = BTreeMap::new();
    extra.insert(
        "problem.severity".to_string(),
        serde_json::json!(match level(rule.severity) {
            ResultLevel::Error => "error",
            ResultLevel::Warning => "warning",
            _ => "recommendation",
        }),
    );
    extra.insert("precision".to_string(), serde_json::json!("high"));
    ReportingDescriptor::builder()
        .id(rule.id)
        .name(rule.name)
        .short_description(
            MultiformatMessageString::builder()
                .text(rule.summary)
                .build(),
        )
        .full_description(MultiformatMessageString::builder().text(rule.why).build())
        .help(
            MultiformatMessageString::builder()
                .text(rule.fix)
                .markdown(format!(
                    "{}\n\n[{}: {}]({uri})",
                    rule.fix, rule.id, rule.name
                ))
                .build(),
        )
        .help_uri(uri)
        .default_configuration(
            ReportingConfiguration::builder()
                .level(level_name(rule.severity))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(vec![
                    "reliability".to_string(),
                    rule.category.as_str().to_string(),
                ])
                .additional_properties(extra)
                .build(),
        )
        .build()
}

/// A fingerprint of a finding's key: the same finding gets the same one in every run.
fn fingerprint(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn result(f: &FindingView, rule_index: usize, component: CompIdx, places: &Places) -> SarifResult {
    let key = f.key.to_string();
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(FINGERPRINT.to_string(), fingerprint(&key));
    let place = f
        .edge
        .and_then(|e| places.edges.get(&(component, e)))
        .or_else(|| places.components.get(component).and_then(Option::as_ref));
    let locations: Vec<Location> = place
        .map(|p| {
            let region = match p.column {
                Some(c) => Region::builder()
                    .start_line(i64::from(p.line))
                    .start_column(i64::from(c))
                    .build(),
                None => Region::builder().start_line(i64::from(p.line)).build(),
            };
            let mut location = Location::builder()
                .physical_location(
                    PhysicalLocation::builder()
                        .artifact_location(ArtifactLocation::builder().uri(p.uri.clone()).build())
                        .region(region)
                        .build(),
                )
                .build();
            location.logical_locations = p.address.as_ref().map(|a| {
                vec![
                    LogicalLocation::builder()
                        .fully_qualified_name(a.clone())
                        .kind("resource")
                        .build(),
                ]
            });
            location
        })
        .into_iter()
        .collect();
    // Names and notes come from the architecture, which a pull request may have written.
    let text = crate::words::inert(&format!("{}. Fix: {}", f.message, f.remediation));
    let mut properties = BTreeMap::new();
    properties.insert("component".to_string(), serde_json::json!(f.component));
    properties.insert(
        "severity".to_string(),
        serde_json::json!(f.severity.as_str()),
    );
    properties.insert("key".to_string(), serde_json::json!(key));
    let builder = SarifResult::builder()
        .rule_id(f.rule)
        .rule_index(rule_index as i64)
        .level(level(f.severity))
        .message(Message::builder().text(text).build())
        .locations(locations)
        .partial_fingerprints(fingerprints)
        .properties(
            PropertyBag::builder()
                .additional_properties(properties)
                .build(),
        );
    match f.baseline {
        Some(state) => builder.baseline_state(state.as_str()).build(),
        None => builder.build(),
    }
}

/// The SARIF log of a report.
pub fn log(report: &Report, places: &Places) -> Sarif {
    let index: HashMap<&str, usize> = RULES.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let arch = &report.analysis().arch;
    let results: Vec<SarifResult> = report
        .findings
        .iter()
        .map(|f| {
            let component = arch.find(f.component).unwrap_or(0);
            result(&f, index[f.rule], component, places)
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("drplan")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(env!("CARGO_PKG_REPOSITORY"))
        .rules(RULES.iter().copied().map(descriptor).collect::<Vec<_>>())
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .column_kind("unicodeCodePoints")
        .results(results)
        .build();
    Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version("2.1.0")
        .runs(vec![run])
        .build()
}

/// The SARIF log as pretty JSON with a trailing newline.
pub fn write(
    report: &Report,
    places: &Places,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(report, places))?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_depend_on_the_key_only() {
        assert_eq!(fingerprint("DR101:db"), fingerprint("DR101:db"));
        assert_ne!(fingerprint("DR101:db"), fingerprint("DR101:dc"));
        assert_eq!(fingerprint("DR101:db").len(), 32);
    }

    #[test]
    fn levels_follow_severities() {
        assert_eq!(level_name(Severity::Critical), "error");
        assert_eq!(level_name(Severity::High), "error");
        assert_eq!(level_name(Severity::Medium), "warning");
        assert_eq!(level_name(Severity::Low), "note");
    }
}
