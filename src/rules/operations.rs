//! DR401–DR405: operations. Alarms and runbooks the operational recommendations call for,
//! game days, drills that disagree with the model, and composite availability against the SLO.

use std::fmt::{self, Write};

use super::{Ctx, Finding, Sink, catalog, lazy, plural_s, put, write_list};
use crate::duration::Human;
use crate::ops::{self, Alarm, AlarmKind, SopKind};

/// How far below the SLO an availability must be to count (float noise is not a breach).
const SLO_EPSILON: f64 = 1e-9;

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    let assessment = ctx.assessment;
    let (arch, g) = (ctx.arch, &assessment.core.graph);

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

    for (k, drilled) in assessment.core.drilled.iter().enumerate() {
        if drilled.model_was_optimistic(ctx.arch) {
            sink.report(catalog::DR404, drilled.component, lazy(dr404), "Find the step the model missed in the drill's timeline and declare it (\"managed_failover\": false, \"recovery\": {\"detection\", \"startup\"}, a measured \"restore_mb_per_sec\"), or remove the slowness and drill again.")
                .arg = k as u32;
        }
    }

    for (k, e) in assessment.core.availability.entries.iter().enumerate() {
        let Some(slo) = ctx.arch.components[e.entry].policy.availability_slo else {
            continue;
        };
        if e.percent() < slo - SLO_EPSILON {
            sink.report(catalog::DR405, e.entry, lazy(dr405), lazy(dr405_fix))
                .arg = k as u32;
        }
    }
}

fn write_alarm(ctx: &Ctx, a: &Alarm, w: &mut dyn Write) -> fmt::Result {
    w.write_str(a.kind.as_str())?;
    if let Some(t) = a.threshold {
        write!(w, " (threshold {})", Human(t))?;
    }
    if a.kind == AlarmKind::Errors {
        w.write_str(" on the calls to ")?;
        let callees = ops::sync_callees(ctx.arch, &ctx.assessment.core.graph, a.component);
        write_list(w, ", ", callees, |w, x| w.write_str(ctx.id(x)))?;
    }
    Ok(())
}

/// The alarms recommended on the finding's component, computed once per text.
fn alarms(ctx: &Ctx, f: &Finding) -> smallvec::SmallVec<[Alarm; 4]> {
    ops::alarms_of(ctx.arch, &ctx.assessment.core.graph, f.component).collect()
}

fn dr401(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let alarms = alarms(ctx, f);
    let missing = || alarms.iter().filter(|a| !a.implemented);
    put!(
        w,
        ctx.component(f).id,
        " lacks the alarm",
        plural_s(missing().count()),
        " "
    )?;
    write_list(w, "; ", missing(), |w, a| write_alarm(ctx, a, w))?;
    w.write_str(": a failure there is found late, and recovery starts late")
}

fn dr401_fix(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let alarms = alarms(ctx, f);
    w.write_str("Create the alarms (")?;
    write_list(w, "; ", alarms.iter().filter(|a| !a.implemented), |w, a| {
        put!(w, a.kind.as_str(), ": ", a.kind.how())
    })?;
    w.write_str(") and list them: \"observability\": {\"alarms\": [")?;
    let mut listed: Vec<&str> = (ctx.component(f).observability.alarms.iter())
        .map(String::as_str)
        .chain(alarms.iter().map(|a| a.kind.as_str()))
        .collect();
    listed.sort_unstable();
    listed.dedup();
    write_list(w, ", ", listed, |w, k| write!(w, "{k:?}"))?;
    w.write_str("]}.")
}

fn dr402(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let c = ctx.component(f);
    let what = if c.stateful {
        "holds data"
    } else {
        "is an entry point"
    };
    put!(
        w,
        c.id,
        " ",
        what,
        " but has no runbook: its recovery would be improvised during the outage"
    )
}

fn dr403(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let c = ctx.component(f);
    let latest = c
        .observability
        .drills
        .iter()
        .map(|d| d.date)
        .chain(c.observability.last_tested)
        .max();
    match latest {
        Some(date) => write!(
            w,
            "{}'s last game day or drill was on {date}, more than {} before {}: its recovery is unproven today",
            c.id,
            Human(ctx.options.assumptions.game_day_max_age),
            ctx.options.now
        ),
        None => put!(
            w,
            c.id,
            " has never been tested in a game day or drill: its recovery is unproven"
        ),
    }
}

fn dr404(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let drilled = &ctx.assessment.core.drilled[f.arg as usize];
    let drill = drilled.drill(ctx.arch);
    let pairs = [
        ("RTO", drill.rto, drilled.model.rto()),
        ("RPO", drill.rpo, drilled.model.rpo()),
    ];
    let gaps = pairs.into_iter().filter_map(|(what, measured, model)| {
        measured
            .filter(|&m| crate::estimate::Eta::At(m) > model)
            .map(|m| (what, m, model))
    });
    write!(
        w,
        "the {} drill of {} on {} measured ",
        drilled.disruption,
        ctx.component(f).id,
        drill.date
    )?;
    write_list(w, ", ", gaps, |w, (what, m, model)| {
        write!(w, "{what} {} against {model} estimated", Human(m))
    })?;
    write!(
        w,
        ": the model is too optimistic for {}",
        ctx.component(f).id
    )
}

/// A percentage to four decimals without trailing zeros (`99.95`, `100`): what
/// `format!("{p:.4}")` gives, trimmed, computed exactly on integers (the binary value times
/// 10,000, rounded half to even, as the standard library rounds), since float formatting with
/// a precision is slow and DR405 writes one per weak component.
pub struct Percent(pub f64);

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.0;
        // Negative, not finite, or too large for the integers below: the slow way.
        if !(p.is_finite() && p.is_sign_positive() && p < 1e15) {
            let s = format!("{p:.4}");
            return f.write_str(s.trim_end_matches('0').trim_end_matches('.'));
        }
        // p = m * 2^-shift exactly (shift > 0 below 2^52).
        let bits = p.to_bits();
        let (biased, fraction) = ((bits >> 52) as i32, bits & ((1 << 52) - 1));
        let (m, shift) = match biased {
            0 => (fraction, 1074),
            _ => (fraction | (1 << 52), 1075 - biased),
        };
        let scaled = u128::from(m) * 10_000;
        let units = match shift {
            ..=0 => scaled << -shift,
            128.. => 0,
            s => {
                let (q, r, half) = (scaled >> s, scaled & ((1 << s) - 1), 1u128 << (s - 1));
                q + u128::from(r > half || (r == half && q % 2 == 1))
            }
        };
        let (whole, mut frac, mut digits) = (units / 10_000, units % 10_000, 4);
        write!(f, "{whole}")?;
        if frac == 0 {
            return Ok(());
        }
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        write!(f, ".{frac:0digits$}")
    }
}

fn dr405(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let e = &ctx.assessment.core.availability.entries[f.arg as usize];
    let slo = ctx.component(f).policy.availability_slo.unwrap_or(100.0);
    write!(
        w,
        "{}'s composite availability is {}{}% ({} components in series, about {} of downtime a year), below the SLO of {}%",
        ctx.component(f).id,
        if e.estimated { "about " } else { "" },
        Percent(e.percent()),
        e.components,
        Human(e.downtime_per_year()),
        Percent(slo)
    )
}

fn dr405_fix(ctx: &Ctx, f: &Finding, w: &mut dyn Write) -> fmt::Result {
    let e = &ctx.assessment.core.availability.entries[f.arg as usize];
    let own = &ctx.assessment.core.availability.own;
    w.write_str("Strengthen the weakest links first (")?;
    write_list(w, ", ", &e.weakest, |w, &c| {
        write!(w, "{} {}%", ctx.id(c), Percent(own[c]))
    })?;
    w.write_str("): more instances and zones, active-active, or take them off the critical path (async or \"critical\": false with a fallback); or agree a reachable SLO.")
}
