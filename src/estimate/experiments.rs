//! Fault-injection experiments that ran (AWS FIS, read by `drplan verify`, brought in by
//! `assess --evidence`): a completed one within the test window marks its component tested,
//! as a drill does (docs/score.md); one whose latest run failed, was stopped or was cancelled
//! is DR406. They measure no RTO or RPO: the estimate is unchanged.

use serde::{Deserialize, Serialize};

/// Where an experiment is, as FIS reports it (`ExperimentStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExperimentState {
    Pending,
    Initiating,
    Running,
    Completed,
    Stopping,
    Stopped,
    Failed,
    Cancelled,
}

impl ExperimentState {
    pub fn as_str(self) -> &'static str {
        match self {
            ExperimentState::Pending => "pending",
            ExperimentState::Initiating => "initiating",
            ExperimentState::Running => "running",
            ExperimentState::Completed => "completed",
            ExperimentState::Stopping => "stopping",
            ExperimentState::Stopped => "stopped",
            ExperimentState::Failed => "failed",
            ExperimentState::Cancelled => "cancelled",
        }
    }

    /// FIS's own word for it (`completed`, `failed`, …); `None` for a word FIS does not use.
    pub fn parse(text: &str) -> Option<ExperimentState> {
        Some(match text {
            "pending" => ExperimentState::Pending,
            "initiating" => ExperimentState::Initiating,
            "running" => ExperimentState::Running,
            "completed" => ExperimentState::Completed,
            "stopping" => ExperimentState::Stopping,
            "stopped" => ExperimentState::Stopped,
            "failed" => ExperimentState::Failed,
            "cancelled" => ExperimentState::Cancelled,
            _ => return None,
        })
    }

    /// It ended without completing: failed, stopped (a stop condition's alarm, or by hand) or
    /// cancelled.
    pub fn failed(self) -> bool {
        matches!(
            self,
            ExperimentState::Failed | ExperimentState::Stopped | ExperimentState::Cancelled
        )
    }

    /// It ended, one way or the other.
    pub fn finished(self) -> bool {
        self == ExperimentState::Completed || self.failed()
    }
}

impl std::fmt::Display for ExperimentState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One experiment that ran, as measured.
#[derive(Debug, Clone, PartialEq)]
pub struct RanExperiment {
    /// The experiment's id (`EXP…`).
    pub id: String,
    /// The template it ran from.
    pub template: String,
    /// The recommendation its template implements (the tag `drplan:item`), when tagged.
    pub item: Option<String>,
    pub state: ExperimentState,
    /// Why it ended so (FIS's `state.reason`), cleaned for display.
    pub reason: Option<String>,
    pub started: jiff::Timestamp,
    pub ended: Option<jiff::Timestamp>,
}

impl RanExperiment {
    /// The day it started (UTC), which the test window counts from.
    pub fn date(&self) -> jiff::civil::Date {
        self.started
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date()
    }

    /// What it tested, for a sentence: its item (`experiment:az-loss:web`), else its template.
    pub fn what(&self) -> String {
        match &self.item {
            Some(item) => format!("{item} (template {})", self.template),
            None => format!("template {}", self.template),
        }
    }
}
