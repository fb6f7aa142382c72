//! `drplan diff`: two assessments compared (docs/ci.md). Each side is a JSON result: saved by
//! `drplan assess --format json`, or made on the spot from an architecture file (the
//! application does that), so a diff of two files and a diff of their saved results agree by
//! construction. Findings are matched by their key (rule, component, what they are about),
//! never by their words; components by id, their settings by the result's `config`.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::Disruption;
use crate::model::RESULT_SCHEMA_VERSION as SCHEMA_VERSION;
use crate::rules::Severity;

/// A result file that cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}", crate::words::Shown(file), crate::words::Escaped(message))]
pub struct Error {
    pub file: String,
    pub message: String,
}

/// What a diff reads of a result.
#[derive(Debug, Clone, Deserialize)]
pub struct Snapshot {
    pub schema_version: u32,
    pub architecture: String,
    pub summary: SummaryRecord,
    pub disruptions: BTreeMap<String, DisruptionRecord>,
    #[serde(default)]
    pub components: Vec<ComponentRecord>,
    #[serde(default)]
    pub findings: Vec<FindingRecord>,
    #[serde(default)]
    pub plan: Option<PlanRecord>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SummaryRecord {
    pub score: Option<f64>,
    pub monthly_cost: Option<f64>,
    pub monthly_dr_cost: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DisruptionRecord {
    pub status: String,
    pub estimate: Estimate,
}

/// RTO and RPO in seconds; `None`: unrecoverable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub struct Estimate {
    pub rto_secs: Option<u64>,
    pub rpo_secs: Option<u64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ComponentRecord {
    pub id: String,
    pub kind: String,
    #[serde(default)]
    pub config: Value,
    #[serde(default)]
    pub disruptions: BTreeMap<String, ComponentDisruption>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ComponentDisruption {
    pub status: String,
    /// When it serves again (its own RTO and the wait for its dependencies).
    pub ready_secs: Option<u64>,
    pub rpo_secs: Option<u64>,
}

/// A finding as the result writes it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct FindingRecord {
    pub rule: String,
    pub severity: String,
    pub component: String,
    pub message: String,
    pub remediation: String,
    pub key: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PlanRecord {
    pub monthly_cost: Option<f64>,
}

impl Snapshot {
    /// Reads a saved result, or says why it cannot be compared.
    pub fn read(bytes: &[u8], file: &str) -> Result<Snapshot, Error> {
        let fail = |message: String| Error {
            file: file.to_string(),
            message,
        };
        #[derive(Deserialize)]
        struct Probe {
            schema_version: Option<Value>,
        }
        let probe: Probe = serde_json::from_slice(bytes).map_err(|e| fail(json_problem(&e)))?;
        match probe.schema_version.as_ref().and_then(Value::as_u64) {
            Some(v) if v == u64::from(SCHEMA_VERSION) => {}
            Some(v) => {
                return Err(fail(format!(
                    "a result of schema_version {v}: this drplan reads and compares schema_version {SCHEMA_VERSION}; assess the architecture again with this drplan"
                )));
            }
            None => {
                return Err(fail(
                    "not a drplan result (no schema_version): give an architecture file or the output of `drplan assess --format json`".into(),
                ));
            }
        }
        serde_json::from_slice(bytes).map_err(|e| fail(json_problem(&e)))
    }

    /// The finding keys: what a baseline is matched against.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.findings.iter().map(|f| f.key.as_str())
    }
}

/// The finding keys of a saved result or of drplan's SARIF (`--baseline`).
pub fn baseline(bytes: &[u8], file: &str) -> Result<BTreeSet<String>, Error> {
    #[derive(Deserialize)]
    struct Sarif {
        version: Option<Value>,
        #[serde(default)]
        runs: Vec<SarifRun>,
    }
    #[derive(Deserialize)]
    struct SarifRun {
        #[serde(default)]
        results: Vec<SarifResult>,
    }
    #[derive(Deserialize)]
    struct SarifResult {
        #[serde(default)]
        properties: Option<BTreeMap<String, Value>>,
    }
    if let Ok(sarif) = serde_json::from_slice::<Sarif>(bytes)
        && sarif.version.as_ref().and_then(Value::as_str) == Some("2.1.0")
    {
        return Ok((sarif.runs.iter())
            .flat_map(|r| &r.results)
            .filter_map(|r| {
                r.properties
                    .as_ref()?
                    .get("key")?
                    .as_str()
                    .map(str::to_string)
            })
            .collect());
    }
    Ok(Snapshot::read(bytes, file)?
        .keys()
        .map(str::to_string)
        .collect())
}

/// Whether a file is a saved result or drplan SARIF (else it is read as an architecture).
pub fn is_result(bytes: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        schema_version: Option<serde::de::IgnoredAny>,
        runs: Option<serde::de::IgnoredAny>,
    }
    serde_json::from_slice::<Probe>(bytes)
        .is_ok_and(|p| p.schema_version.is_some() || p.runs.is_some())
}

/// A JSON problem with its place, in words that quote nothing of the file.
fn json_problem(e: &serde_json::Error) -> String {
    let problem = crate::input::quiet_json_problem(e, "a drplan result");
    format!("{problem} (line {}, column {})", e.line(), e.column())
}

/// How a figure moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Better,
    Same,
    Worse,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Better => "better",
            Change::Same => "same",
            Change::Worse => "worse",
        }
    }
}

/// One side of a disruption.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    pub status: String,
    pub rto_secs: Option<u64>,
    pub rpo_secs: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DisruptionDiff {
    pub before: Side,
    pub after: Side,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Findings {
    pub new: Vec<FindingRecord>,
    pub resolved: Vec<FindingRecord>,
    /// How many are in both.
    pub unchanged: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Value,
    pub after: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstimateChange {
    pub disruption: &'static str,
    pub before: Side,
    pub after: Side,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentChange {
    pub id: String,
    /// Its settings that changed.
    pub fields: Vec<FieldChange>,
    /// What that did to its own estimates.
    pub estimates: Vec<EstimateChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Components {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<ComponentChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures<T> {
    pub before: T,
    pub after: T,
}

/// Two assessments compared: docs/json.md, "The diff".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    pub schema_version: u32,
    pub before: String,
    pub after: String,
    /// By disruption, in the order software, hardware, az, region.
    pub disruptions: Disruptions,
    pub findings: Findings,
    pub components: Components,
    pub score: Figures<Option<f64>>,
    pub monthly_cost: Figures<Option<f64>>,
    pub monthly_dr_cost: Figures<Option<f64>>,
    /// What the cheapest plan that meets the policy costs per month.
    pub cheapest_plan_cost: Figures<Option<f64>>,
    /// The severity at or above which a new finding is a regression (`null`: none is).
    pub fail_on: Option<Severity>,
    /// A disruption got worse, or a finding at or above `fail_on` is new.
    pub regressed: bool,
    /// Why, in words, when it regressed.
    pub regressions: Vec<String>,
}

/// The disruptions' diffs, in their order, written as a JSON object.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Disruptions(pub Vec<(&'static str, DisruptionDiff)>);

impl Disruptions {
    pub fn get(&self, name: &str) -> Option<&DisruptionDiff> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, d)| d)
    }

    pub fn iter(&self) -> impl Iterator<Item = &(&'static str, DisruptionDiff)> {
        self.0.iter()
    }
}

impl Serialize for Disruptions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// How bad a status is: met, then not assessed, then breached.
fn status_rank(status: &str) -> u8 {
    match status {
        "met" => 0,
        "unassessed" => 1,
        _ => 2,
    }
}

/// A duration where unrecoverable is worst.
fn worst_last(secs: Option<u64>) -> u64 {
    secs.unwrap_or(u64::MAX)
}

fn change(before: &Side, after: &Side) -> Change {
    let pairs = [
        (
            status_rank(&before.status) as u64,
            status_rank(&after.status) as u64,
        ),
        (worst_last(before.rto_secs), worst_last(after.rto_secs)),
        (worst_last(before.rpo_secs), worst_last(after.rpo_secs)),
    ];
    if pairs.iter().any(|(b, a)| a > b) {
        Change::Worse
    } else if pairs.iter().any(|(b, a)| a < b) {
        Change::Better
    } else {
        Change::Same
    }
}

fn severity(text: &str) -> Option<Severity> {
    Severity::ALL.into_iter().find(|s| s.as_str() == text)
}

/// Compares two results; a new finding at or above `fail_on` is a regression.
pub fn diff(before: &Snapshot, after: &Snapshot, fail_on: Option<Severity>) -> Diff {
    let mut regressions = Vec::new();
    let disruptions = (Disruption::ALL.into_iter())
        .filter_map(|d| {
            let side = |s: &Snapshot| {
                s.disruptions.get(d.as_str()).map(|r| Side {
                    status: r.status.clone(),
                    rto_secs: r.estimate.rto_secs,
                    rpo_secs: r.estimate.rpo_secs,
                })
            };
            let (b, a) = (side(before)?, side(after)?);
            let change = change(&b, &a);
            if change == Change::Worse {
                regressions.push(format!("the {} disruption got worse", d.as_str()));
            }
            Some((
                d.as_str(),
                DisruptionDiff {
                    before: b,
                    after: a,
                    change,
                },
            ))
        })
        .collect::<Vec<_>>();
    let before_keys: BTreeSet<&str> = before.keys().collect();
    let after_keys: BTreeSet<&str> = after.keys().collect();
    let new: Vec<FindingRecord> = (after.findings.iter())
        .filter(|f| !before_keys.contains(f.key.as_str()))
        .cloned()
        .collect();
    let resolved: Vec<FindingRecord> = (before.findings.iter())
        .filter(|f| !after_keys.contains(f.key.as_str()))
        .cloned()
        .collect();
    if let Some(threshold) = fail_on {
        let failing = (new.iter())
            .filter(|f| severity(&f.severity).is_some_and(|s| s.at_least(threshold)))
            .count();
        if failing > 0 {
            regressions.push(format!(
                "{failing} new finding{} at or above {}",
                crate::words::plural_s(failing),
                threshold.as_str()
            ));
        }
    }
    let unchanged = after_keys.intersection(&before_keys).count();
    let (b_ids, a_ids) = (by_id(before), by_id(after));
    let added = a_ids
        .keys()
        .filter(|id| !b_ids.contains_key(*id))
        .cloned()
        .collect();
    let removed = b_ids
        .keys()
        .filter(|id| !a_ids.contains_key(*id))
        .cloned()
        .collect();
    let changed = (a_ids.iter())
        .filter_map(|(id, a)| {
            let b = b_ids.get(id)?;
            // Changed: its settings; with what that did to its estimates.
            let change = component_change(id, b, a);
            (!change.fields.is_empty()).then_some(change)
        })
        .collect();
    Diff {
        schema_version: SCHEMA_VERSION,
        before: before.architecture.clone(),
        after: after.architecture.clone(),
        disruptions: Disruptions(disruptions),
        findings: Findings {
            new,
            resolved,
            unchanged,
        },
        components: Components {
            added,
            removed,
            changed,
        },
        score: Figures {
            before: before.summary.score,
            after: after.summary.score,
        },
        monthly_cost: Figures {
            before: before.summary.monthly_cost,
            after: after.summary.monthly_cost,
        },
        monthly_dr_cost: Figures {
            before: before.summary.monthly_dr_cost,
            after: after.summary.monthly_dr_cost,
        },
        cheapest_plan_cost: Figures {
            before: before.plan.as_ref().and_then(|p| p.monthly_cost),
            after: after.plan.as_ref().and_then(|p| p.monthly_cost),
        },
        fail_on,
        regressed: !regressions.is_empty(),
        regressions,
    }
}

fn by_id(s: &Snapshot) -> BTreeMap<String, &ComponentRecord> {
    s.components.iter().map(|c| (c.id.clone(), c)).collect()
}

fn component_change(id: &str, b: &ComponentRecord, a: &ComponentRecord) -> ComponentChange {
    let mut before = BTreeMap::new();
    let mut after = BTreeMap::new();
    flatten("", &b.config, &mut before);
    flatten("", &a.config, &mut after);
    if b.kind != a.kind {
        before.insert("kind".to_string(), Value::String(b.kind.clone()));
        after.insert("kind".to_string(), Value::String(a.kind.clone()));
    }
    let fields: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let fields = (fields.into_iter())
        .filter_map(|f| {
            let (x, y) = (
                before.get(f).cloned().unwrap_or(Value::Null),
                after.get(f).cloned().unwrap_or(Value::Null),
            );
            (x != y).then(|| FieldChange {
                field: f.clone(),
                before: x,
                after: y,
            })
        })
        .collect();
    let estimates = (Disruption::ALL.into_iter())
        .filter_map(|d| {
            let side = |c: &ComponentRecord| {
                c.disruptions.get(d.as_str()).map(|r| Side {
                    status: r.status.clone(),
                    rto_secs: r.ready_secs,
                    rpo_secs: r.rpo_secs,
                })
            };
            let (x, y) = (side(b)?, side(a)?);
            (x != y).then(|| EstimateChange {
                disruption: d.as_str(),
                change: change(&x, &y),
                before: x,
                after: y,
            })
        })
        .collect();
    ComponentChange {
        id: id.to_string(),
        fields,
        estimates,
    }
}

/// Dotted paths to scalar values; an edge list is keyed by the edges' ids.
fn flatten(prefix: &str, v: &Value, out: &mut BTreeMap<String, Value>) {
    let join = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                flatten(&join(k), x, out);
            }
        }
        Value::Array(items) if items.is_empty() => {}
        Value::Array(items) if items.iter().all(|i| i.get("id").is_some()) => {
            for item in items {
                let id = item["id"].as_str().unwrap_or("");
                let mut rest = item.clone();
                if let Value::Object(m) = &mut rest {
                    m.remove("id");
                }
                flatten(&join(id), &rest, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(status: &str, rto: Option<u64>) -> Side {
        Side {
            status: status.into(),
            rto_secs: rto,
            rpo_secs: Some(0),
        }
    }

    #[test]
    fn unrecoverable_and_breached_are_worst() {
        assert_eq!(
            change(&side("met", Some(60)), &side("met", None)),
            Change::Worse
        );
        assert_eq!(
            change(&side("met", None), &side("met", Some(60))),
            Change::Better
        );
        assert_eq!(
            change(&side("met", Some(60)), &side("breached", Some(60))),
            Change::Worse
        );
        assert_eq!(
            change(&side("met", Some(60)), &side("met", Some(60))),
            Change::Same
        );
        // Better on one figure and worse on another is a regression.
        assert_eq!(
            change(&side("breached", Some(60)), &side("met", Some(90))),
            Change::Worse
        );
    }

    #[test]
    fn settings_flatten_with_edges_by_id() {
        let mut out = BTreeMap::new();
        flatten(
            "",
            &serde_json::json!({"deployment": {"zones": 2}, "depends_on": [{"id": "db", "mode": "sync"}]}),
            &mut out,
        );
        assert_eq!(out["deployment.zones"], 2);
        assert_eq!(out["depends_on.db.mode"], "sync");
    }
}
