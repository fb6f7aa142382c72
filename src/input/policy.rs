//! Tier presets and the AWS Resilience Hub policy document (the body of
//! `CreateResiliencyPolicy`), read with `--policy` and written by `drplan policy export`.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::model::{Disruption, PerDisruption, Policy, Target, Tier};

const fn t(rto: u64, rpo: u64) -> Target {
    Target {
        rto: Duration::from_secs(rto),
        rpo: Duration::from_secs(rpo),
    }
}

const M: u64 = 60;
const H: u64 = 3600;

/// Suggested policies per tier, RTO / RPO for software, hardware, AZ and region.
///
/// Source: the suggested resiliency policies of AWS Resilience Hub, as published in
/// aws-samples/aws-resilience-hub-tools and shown by its console, for software, hardware and
/// AZ. Resilience Hub leaves Region optional; drplan's region preset repeats the software
/// target (docs/input.md).
pub const TIER_PRESETS: [(Tier, [Target; 4]); 5] = [
    (
        Tier::MissionCritical,
        [t(H, 15 * M), t(5 * M, 5 * M), t(5 * M, 5 * M), t(H, 15 * M)],
    ),
    (Tier::Critical, [t(4 * H, H), t(H, H), t(H, H), t(4 * H, H)]),
    (
        Tier::CoreServices,
        [t(H, 15 * M), t(30, 5), t(30, 5), t(H, 15 * M)],
    ),
    (
        Tier::Important,
        [
            t(48 * H, 4 * H),
            t(48 * H, 2 * H),
            t(48 * H, 2 * H),
            t(48 * H, 4 * H),
        ],
    ),
    (
        Tier::NonCritical,
        [
            t(48 * H, 24 * H),
            t(48 * H, 24 * H),
            t(48 * H, 24 * H),
            t(48 * H, 24 * H),
        ],
    ),
];

/// The preset targets of a tier.
pub fn preset(tier: Tier) -> PerDisruption<Target> {
    let row = TIER_PRESETS
        .iter()
        .find(|(t, _)| *t == tier)
        .map(|(_, targets)| *targets);
    // Every tier has a row: the table is exhaustive (checked by a test).
    PerDisruption(row.unwrap_or([t(0, 0); 4]))
}

/// Resilience Hub's tier names.
fn rh_tier_name(tier: Option<Tier>) -> &'static str {
    match tier {
        Some(Tier::MissionCritical) => "MissionCritical",
        Some(Tier::Critical) => "Critical",
        Some(Tier::CoreServices) => "CoreServices",
        Some(Tier::Important) => "Important",
        Some(Tier::NonCritical) => "NonCritical",
        None => "NotApplicable",
    }
}

/// A document that is not a Resilience Hub policy drplan can read.
#[derive(Debug, thiserror::Error)]
pub enum RhPolicyError {
    #[error("not a Resilience Hub policy document: {0}")]
    Json(#[from] serde_json::Error),
    #[error(
        "not a Resilience Hub policy document: {0:?} is not a Resilience Hub tier; use MissionCritical, Critical, CoreServices, Important, NonCritical or NotApplicable"
    )]
    Tier(String),
    #[error(
        "not a Resilience Hub policy document: policy.{0}: not a Resilience Hub disruption; use Software, Hardware, AZ or Region"
    )]
    Disruption(String),
}

fn tier_from_rh(name: &str) -> Result<Option<Tier>, RhPolicyError> {
    Ok(match name {
        "MissionCritical" => Some(Tier::MissionCritical),
        "Critical" => Some(Tier::Critical),
        "CoreServices" => Some(Tier::CoreServices),
        "Important" => Some(Tier::Important),
        "NonCritical" => Some(Tier::NonCritical),
        "NotApplicable" => None,
        other => return Err(RhPolicyError::Tier(other.to_string())),
    })
}

fn rh_key(d: Disruption) -> &'static str {
    match d {
        Disruption::Software => "Software",
        Disruption::Hardware => "Hardware",
        Disruption::Az => "AZ",
        Disruption::Region => "Region",
    }
}

/// `{ "rtoInSecs": N, "rpoInSecs": N }`
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RhFailurePolicy {
    pub rto_in_secs: u64,
    pub rpo_in_secs: u64,
}

/// The body of `CreateResiliencyPolicy`. Fields drplan does not use are accepted and ignored.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RhPolicyDocument {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_location_constraint: Option<serde_json::Value>,
    pub tier: String,
    pub policy: BTreeMap<String, RhFailurePolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_cost_tier: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<serde_json::Value>,
}

/// Reads a Resilience Hub policy document. The tier is kept as a label; the targets come from
/// the `policy` map only, and an absent disruption key is unassessed (docs/input.md §4).
pub fn from_resilience_hub(text: &str) -> Result<Policy, RhPolicyError> {
    let doc: RhPolicyDocument = serde_json::from_str(text)?;
    let tier = tier_from_rh(&doc.tier)?;
    let mut targets = PerDisruption([None; 4]);
    for (key, value) in &doc.policy {
        let d = (Disruption::ALL.into_iter())
            .find(|d| rh_key(*d) == key)
            .ok_or_else(|| RhPolicyError::Disruption(key.clone()))?;
        targets[d] = Some(Target {
            rto: Duration::from_secs(value.rto_in_secs),
            rpo: Duration::from_secs(value.rpo_in_secs),
        });
    }
    Ok(Policy {
        tier,
        targets,
        availability_slo: None,
    })
}

/// Writes the policy as a `CreateResiliencyPolicy` body; unassessed disruptions are left out.
pub fn to_resilience_hub(name: &str, policy: &Policy) -> RhPolicyDocument {
    let policy_map = policy
        .targets
        .iter()
        .filter_map(|(d, t)| {
            t.map(|t| {
                let secs = |d: Duration| crate::duration::secs(d);
                (
                    rh_key(d).to_string(),
                    RhFailurePolicy {
                        rto_in_secs: secs(t.rto),
                        rpo_in_secs: secs(t.rpo),
                    },
                )
            })
        })
        .collect();
    RhPolicyDocument {
        policy_name: Some(rh_policy_name(name)),
        policy_description: Some(format!("Exported by drplan from the architecture {name:?}")),
        data_location_constraint: None,
        tier: rh_tier_name(policy.tier).to_string(),
        policy: policy_map,
        estimated_cost_tier: None,
        tags: None,
    }
}

/// Resilience Hub policy names match `^[A-Za-z0-9][A-Za-z0-9_\-]{1,59}$`.
fn rh_policy_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        out.insert(0, 'p');
    }
    out.push_str("-policy");
    out.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tier_has_a_preset() {
        for tier in Tier::ALL {
            assert!(
                TIER_PRESETS.iter().any(|(t, _)| t == tier),
                "{tier} has no preset"
            );
        }
        assert_eq!(preset(Tier::CoreServices)[Disruption::Hardware], t(30, 5));
    }

    #[test]
    fn round_trips_through_resilience_hub() {
        let policy = Policy {
            tier: Some(Tier::Critical),
            targets: PerDisruption(preset(Tier::Critical).0.map(Some)),
            availability_slo: None,
        };
        let doc = to_resilience_hub("web shop", &policy);
        assert_eq!(doc.policy_name.as_deref(), Some("web-shop-policy"));
        let text = serde_json::to_string(&doc).expect("test fixture is valid");
        assert_eq!(
            from_resilience_hub(&text).expect("test fixture is valid"),
            policy
        );
    }

    #[test]
    fn absent_keys_are_unassessed_and_extra_fields_ignored() {
        let text = r#"{"policyName":"p","tier":"MissionCritical","dataLocationConstraint":"AnyLocation",
            "estimatedCostTier":"L4","tags":{"a":"b"},
            "policy":{"Software":{"rtoInSecs":3600,"rpoInSecs":900},"AZ":{"rtoInSecs":60,"rpoInSecs":5}}}"#;
        let p = from_resilience_hub(text).expect("test fixture is valid");
        assert_eq!(p.tier, Some(Tier::MissionCritical));
        assert_eq!(p.targets[Disruption::Software], Some(t(3600, 900)));
        assert_eq!(p.targets[Disruption::Hardware], None);
        assert_eq!(p.targets[Disruption::Region], None);
        assert!(
            (from_resilience_hub(r#"{"tier":"Gold","policy":{}}"#).unwrap_err())
                .to_string()
                .contains("not a Resilience Hub tier")
        );
    }
}
