//! DR401–DR405: operations. Alarms and runbooks the operational recommendations call for,
//! game days, drills that disagree with the model, and composite availability against the SLO.

use super::{Ctx, Finding, Sink, catalog, lazy};
use crate::duration::Human;
use crate::ops::{self, Alarm, AlarmKind, SopKind};

/// How far below the SLO an availability must be to count (float noise is not a breach).
const SLO_EPSILON: f64 = 1e-9;

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    let assessment = ctx.assessment;
    let (arch, g) = (ctx.arch, &assessment.graph);

    for i in 0..arch.components.len() {
        // DR401: one finding per component, naming every missing alarm.
        if ops::alarms_of(arch, g, i).any(|a| !a.implemented) {
            sink.report(catalog::DR401, i, lazy(dr401), lazy(dr401_fix));
        }
        let Some(sop) = ops::sop_of(arch, g, i).filter(|s| !s.implemented) else {
            continue;
        };
        let fix = match sop.kind {
            SopKind::RecoverData => {
                "Write the data-recovery runbook (restore or promote, re-point, verify the data, fail back), keep it reachable outside the region, and link it: \"observability\": {\"runbook\": \"...\"}."
            }
            SopKind::RestoreService => {
                "Write the service-recovery runbook (shift traffic, roll back, verify, fail back) from `drplan plan`, and link it: \"observability\": {\"runbook\": \"...\"}."
            }
        };
        sink.report(catalog::DR402, sop.component, lazy(dr402), fix);
    }

    let max_age = ctx.options.assumptions.game_day_max_age;
    for (i, c) in ctx.arch.components.iter().enumerate() {
        if c.outside_our_failure_domains() {
            continue;
        }
        let o = &c.observability;
        if ctx.stale(o.last_tested, max_age)
            && o.drills.iter().all(|d| ctx.stale(Some(d.date), max_age))
        {
            sink.report(catalog::DR403, i, lazy(dr403), "Run a game day (AWS FIS: instance loss, AZ power interruption, latency; a region failover drill) and record \"last_tested\" or a drill with what it measured.");
        }
    }

    for (k, drilled) in assessment.drilled.iter().enumerate() {
        if drilled.model_was_optimistic(ctx.arch) {
            sink.report(catalog::DR404, drilled.component, lazy(dr404), "Find the step the model missed in the drill's timeline and declare it (\"managed_failover\": false, \"recovery\": {\"detection\", \"startup\"}, a measured \"restore_mb_per_sec\"), or remove the slowness and drill again.")
                .arg = k as u32;
        }
    }

    for (k, e) in assessment.availability.entries.iter().enumerate() {
        let Some(slo) = ctx.arch.components[e.entry].policy.availability_slo else {
            continue;
        };
        if e.percent() < slo - SLO_EPSILON {
            sink.report(catalog::DR405, e.entry, lazy(dr405), lazy(dr405_fix))
                .arg = k as u32;
        }
    }
}

fn alarm_words(ctx: &Ctx, a: &Alarm) -> String {
    let mut words = a.kind.as_str().to_string();
    if let Some(t) = a.threshold {
        words.push_str(&format!(" (threshold {})", Human(t)));
    }
    if a.kind == AlarmKind::Errors {
        let callees: Vec<&str> = ops::sync_callees(ctx.arch, &ctx.assessment.graph, a.component)
            .into_iter()
            .map(|x| ctx.id(x))
            .collect();
        words.push_str(&format!(" on the calls to {}", callees.join(", ")));
    }
    words
}

fn dr401(ctx: &Ctx, f: &Finding) -> String {
    let missing: Vec<String> = ops::alarms_of(ctx.arch, &ctx.assessment.graph, f.component)
        .filter(|a| !a.implemented)
        .map(|a| alarm_words(ctx, &a))
        .collect();
    format!(
        "{} lacks the alarm{} {}: a failure there is found late, and recovery starts late",
        ctx.component(f).id,
        if missing.len() == 1 { "" } else { "s" },
        missing.join("; ")
    )
}

fn dr401_fix(ctx: &Ctx, f: &Finding) -> String {
    let alarms = ops::alarms_of(ctx.arch, &ctx.assessment.graph, f.component);
    let mut kinds: Vec<&str> = Vec::new();
    let mut how: Vec<String> = Vec::new();
    for a in alarms {
        kinds.push(a.kind.as_str());
        if !a.implemented {
            how.push(format!("{}: {}", a.kind.as_str(), a.kind.how()));
        }
    }
    let listed: Vec<String> = ctx
        .component(f)
        .observability
        .alarms
        .iter()
        .map(String::as_str)
        .chain(kinds)
        .collect::<std::collections::BTreeSet<&str>>()
        .into_iter()
        .map(|k| format!("{k:?}"))
        .collect();
    format!(
        "Create the alarms ({}) and list them: \"observability\": {{\"alarms\": [{}]}}.",
        how.join("; "),
        listed.join(", ")
    )
}

fn dr402(ctx: &Ctx, f: &Finding) -> String {
    let c = ctx.component(f);
    let what = if c.stateful {
        "holds data"
    } else {
        "is an entry point"
    };
    format!(
        "{} {what} but has no runbook: its recovery would be improvised during the outage",
        c.id
    )
}

fn dr403(ctx: &Ctx, f: &Finding) -> String {
    let c = ctx.component(f);
    let latest = c
        .observability
        .drills
        .iter()
        .map(|d| d.date)
        .chain(c.observability.last_tested)
        .max();
    match latest {
        Some(date) => format!(
            "{}'s last game day or drill was on {date}, more than {} before {}: its recovery is unproven today",
            c.id,
            Human(ctx.options.assumptions.game_day_max_age),
            ctx.options.now
        ),
        None => format!(
            "{} has never been tested in a game day or drill: its recovery is unproven",
            c.id
        ),
    }
}

fn dr404(ctx: &Ctx, f: &Finding) -> String {
    let drilled = &ctx.assessment.drilled[f.arg as usize];
    let drill = drilled.drill(ctx.arch);
    let mut gaps = Vec::new();
    let pairs = [
        ("RTO", drill.rto, drilled.model.rto()),
        ("RPO", drill.rpo, drilled.model.rpo()),
    ];
    for (what, measured, model) in pairs {
        if let Some(m) = measured
            && crate::estimate::Eta::At(m) > model
        {
            gaps.push(format!("{what} {} against {model} estimated", Human(m)));
        }
    }
    format!(
        "the {} drill of {} on {} measured {}: the model is too optimistic for {}",
        drilled.disruption,
        ctx.component(f).id,
        drill.date,
        gaps.join(", "),
        ctx.component(f).id
    )
}

fn percent(p: f64) -> String {
    let s = format!("{p:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn dr405(ctx: &Ctx, f: &Finding) -> String {
    let e = &ctx.assessment.availability.entries[f.arg as usize];
    let slo = ctx.component(f).policy.availability_slo.unwrap_or(100.0);
    format!(
        "{}'s composite availability is {}{}% ({} components in series, about {} of downtime a year), below the SLO of {}%",
        ctx.component(f).id,
        if e.estimated { "about " } else { "" },
        percent(e.percent()),
        e.components,
        Human(e.downtime_per_year()),
        percent(slo)
    )
}

fn dr405_fix(ctx: &Ctx, f: &Finding) -> String {
    let e = &ctx.assessment.availability.entries[f.arg as usize];
    let own = &ctx.assessment.availability.own;
    let weakest: Vec<String> = e
        .weakest
        .iter()
        .map(|&c| format!("{} {}%", ctx.id(c), percent(own[c])))
        .collect();
    format!(
        "Strengthen the weakest links first ({}): more instances and zones, active-active, or take them off the critical path (async or \"critical\": false with a fallback); or agree a reachable SLO.",
        weakest.join(", ")
    )
}
