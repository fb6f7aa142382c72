//! The recovery runbook of each disruption: a timeline (Gantt chart) and the step table.

use serde::Serialize;

use super::{label, svg};
use crate::duration::human_secs;
use crate::model::Disruption;
use crate::plan::runbook::Recovery;

/// Rows of a runbook timeline, and of its step table.
const GANTT_ROWS: usize = 40;
const STEP_ROWS: usize = 300;

#[derive(Serialize)]
pub(super) struct RunbookView<'a> {
    key: &'static str,
    label: &'static str,
    open: bool,
    status: &'static str,
    rto: String,
    target: String,
    steps_total: usize,
    blocked_total: usize,
    waves: usize,
    gantt: svg::Gantt<'a>,
    steps: Vec<StepRow<'a>>,
    blocked: Vec<BlockedRow<'a>>,
    unaffected: Vec<&'a str>,
}

#[derive(Serialize)]
struct StepRow<'a> {
    order: usize,
    wave: usize,
    component: &'a str,
    action: String,
    automatic: bool,
    critical_path: bool,
    work: String,
    start: String,
    finish: String,
    waits_for: Vec<&'a str>,
}

#[derive(Serialize)]
struct BlockedRow<'a> {
    component: &'a str,
    reason: String,
}

pub(super) fn runbook_view<'a>(
    plan: &'a Recovery<'a>,
    d: Disruption,
    open: bool,
) -> RunbookView<'a> {
    RunbookView {
        key: d.as_str(),
        label: label(d),
        open,
        status: plan.status.as_str(),
        rto: plan.rto.clone(),
        target: crate::report::runbook::target_text(plan.target.as_ref()),
        steps_total: plan.steps.len(),
        blocked_total: plan.blocked.len(),
        waves: plan.waves,
        gantt: svg::gantt(plan, GANTT_ROWS),
        steps: plan
            .steps
            .iter()
            .take(STEP_ROWS)
            .map(|s| StepRow {
                order: s.order,
                wave: s.wave,
                component: s.component,
                action: s.action.clone(),
                automatic: s.automatic,
                critical_path: s.critical_path,
                work: human_secs(s.work_secs),
                start: s.start.clone(),
                finish: s.finish.clone(),
                waits_for: s.waits_for.clone(),
            })
            .collect(),
        blocked: plan
            .blocked
            .iter()
            .take(STEP_ROWS)
            .map(|b| BlockedRow {
                component: b.component,
                reason: b.reason.clone(),
            })
            .collect(),
        unaffected: plan.unaffected.clone(),
    }
}
