//! The Markdown beside the templates: a runbook per recommended SOP (from the recovery plan
//! drplan computes), a procedure per item done by hand, and the directory's README.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Entry, Format, Template};
use crate::duration::Human;
use crate::model::{Architecture, CompIdx, Disruption};
use crate::ops::SopKind;
use crate::plan::runbook::Recovery;
use crate::report::markdown::{code, escape};

/// One disruption's recovery plan, with each component's step and blocked entry by index.
pub struct Book<'a> {
    pub disruption: Disruption,
    pub recovery: Recovery<'a>,
    pub step_of: Vec<Option<usize>>,
    pub blocked_of: Vec<Option<usize>>,
}

impl<'a> Book<'a> {
    pub fn new(disruption: Disruption, recovery: Recovery<'a>, n: usize) -> Book<'a> {
        let mut step_of = vec![None; n];
        for (i, s) in recovery.steps.iter().enumerate() {
            step_of[s.index] = Some(i);
        }
        let mut blocked_of = vec![None; n];
        for (i, b) in recovery.blocked.iter().enumerate() {
            blocked_of[b.index] = Some(i);
        }
        Book {
            disruption,
            recovery,
            step_of,
            blocked_of,
        }
    }
}

fn title(arch: &Architecture, c: CompIdx) -> String {
    let comp = &arch.components[c];
    match comp.name.as_deref() {
        Some(n) => format!("{} ({})", code(&comp.id), escape(n)),
        None => code(&comp.id),
    }
}

/// The runbook of one SOP, and the disruptions it covers: for every disruption the component
/// recovers from, its step of the recovery plan (when it starts, when it is back, what it
/// waits for, what to do, the terms of the time), or why it cannot recover.
pub fn runbook(
    arch: &Architecture,
    c: CompIdx,
    key: &str,
    kind: SopKind,
    books: &[Book],
) -> (String, Vec<Disruption>) {
    let comp = &arch.components[c];
    let mut out = String::new();
    let what = match kind {
        SopKind::RecoverData => "recover its data",
        SopKind::RestoreService => "restore its service",
    };
    let _ = writeln!(out, "# Runbook: {}\n", title(arch, c));
    let _ = writeln!(
        out,
        "How to {what} after each kind of disruption, from the recovery plan drplan computes \
         for {} (`drplan plan`). Recommendation {}. The times are drplan's estimates from the \
         start of the disruption; replace them with what your drills measure.\n",
        escape(&arch.name),
        code(key)
    );
    let mut covered = Vec::new();
    for Book {
        disruption: d,
        recovery: book,
        step_of,
        blocked_of,
    } in books
    {
        let target = comp.policy.targets[*d];
        let heading = crate::report::format::label(*d);
        if let Some(step) = step_of[c].map(|i| &book.steps[i]) {
            covered.push(*d);
            let _ = writeln!(out, "## {heading}\n");
            if let Some(t) = target {
                let _ = writeln!(out, "Target: RTO {}, RPO {}.\n", Human(t.rto), Human(t.rpo));
            }
            let _ = writeln!(
                out,
                "Step {} of {} in the recovery (wave {}): it can be put back into service from \
                 +{} and serves again at +{}.\n",
                step.order,
                book.steps.len(),
                step.wave,
                step.start,
                step.finish
            );
            if let Some(t) = target.filter(|t| step.finish_secs > crate::duration::secs(t.rto)) {
                let _ = writeln!(
                    out,
                    "drplan's estimate is over the RTO target of {}: `drplan assess` recommends what \
                     would bring it within.\n",
                    Human(t.rto)
                );
            }
            if !step.waits_for.is_empty() {
                let waits: Vec<String> = step.waits_for.iter().map(|w| code(w)).collect();
                let _ = writeln!(out, "Waits for: {}.\n", waits.join(", "));
            }
            let _ = writeln!(out, "1. Confirm the disruption and declare it (detection).");
            let _ = writeln!(
                out,
                "2. {}{}",
                escape(&step.action),
                if step.automatic {
                    " (automatic: check that it happened)."
                } else {
                    "."
                }
            );
            let _ = writeln!(
                out,
                "3. Verify from the outside that {} serves again{}.",
                code(&comp.id),
                if kind == SopKind::RecoverData {
                    ", and that its data is whole (row counts, the newest records)"
                } else {
                    ""
                }
            );
            let _ = writeln!(
                out,
                "4. Record the times you measured as a drill in `observability.drills`.\n"
            );
            if !step.terms.is_empty() {
                out.push_str("| term | detail | time |\n| --- | --- | --- |\n");
                for t in &step.terms {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} |",
                        t.what,
                        escape(&t.detail),
                        crate::duration::human_secs(t.secs)
                    );
                }
                out.push('\n');
            }
        } else if let Some(b) = blocked_of[c].map(|i| &book.blocked[i]) {
            covered.push(*d);
            let _ = writeln!(out, "## {heading}\n");
            let _ = writeln!(
                out,
                "It cannot recover from this disruption until the failed zone or region \
                 returns: {}. Until that is fixed, the runbook is: wait, and communicate.\n",
                escape(&b.reason)
            );
        }
    }
    if covered.is_empty() {
        out.push_str("No disruption takes it down: nothing to recover.\n\n");
    }
    (out, covered)
}

/// The runbook's last lines: how to make the SOP count.
pub fn runbook_footer(component: &str) -> String {
    format!(
        "---\nOnce this runbook is where your team keeps them, name it in the architecture \
         (`\"observability\": {{ \"runbook\": \"...\" }}` on {}) so the SOP counts as \
         implemented.\n",
        code(component)
    )
}

/// A procedure for an item no documented metric or FIS action covers.
pub fn manual(
    comp: &crate::model::Component,
    key: &str,
    what: &str,
    reason: &str,
    steps: &[String],
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}: {} (by hand)\n", code(&comp.id), escape(what));
    let _ = writeln!(
        out,
        "Recommendation {}. drplan writes no template for it: {}.\n",
        code(key),
        escape(reason)
    );
    for (i, s) in steps.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, s);
    }
    out
}

/// The README of the output directory: what is there, how to deploy it, how to re-run, and
/// the lines to add to the architecture so the assessment counts what was deployed.
pub fn readme(
    arch: &Architecture,
    format: Format,
    entries: &[Entry],
    templates: &BTreeMap<String, Template>,
    all: bool,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Operational artifacts for {}\n\nWritten by `drplan ops --emit {}`{}: one artifact per \
         {}recommended alarm, runbook and experiment. `manifest.json` lists each with the \
         recommendation (and finding) it implements, its file and its logical name. Every \
         emitted resource is tagged `{}` (the component) and `{}` (the recommendation).\n",
        escape(&arch.name),
        format.as_str(),
        if all { " --all" } else { "" },
        if all { "" } else { "not yet implemented " },
        super::TAG_COMPONENT,
        super::TAG_ITEM,
    );
    if entries.is_empty() {
        out.push_str("Nothing to recommend: every recommended item is implemented.\n");
        return out;
    }
    let count = |a: &str| entries.iter().filter(|e| e.artifact == a).count();
    let _ = writeln!(
        out,
        "| artifact | count |\n| --- | --- |\n| CloudWatch alarms | {} |\n| FIS experiment templates | {} |\n| runbooks | {} |\n| alarms to make by hand | {} |\n| game days by hand | {} |\n",
        count("cloudwatch-alarm"),
        count("fis-experiment-template"),
        count("runbook"),
        count("manual-alarm"),
        count("manual-game-day"),
    );
    if !templates.is_empty() {
        out.push_str("## Deploy\n\nOne template per region. Set the parameters first: the SNS topic the alarms notify, the IAM role FIS runs as, and the names of the resources the alarms watch (the templates never guess an ARN). FIS finds its targets by the tag `drplan:component`: tag the instances, subnets, tables and buckets of each component with its id.\n\n");
        for t in templates.values() {
            match format {
                Format::CloudFormation => {
                    let _ = writeln!(
                        out,
                        "```sh\naws cloudformation deploy --region {r} \\\n  --stack-name drplan-ops-{s}-{n} \\\n  --template-file cloudformation/{n}.json \\\n  --parameter-overrides AlarmTopicArn=arn:aws:sns:{r}:ACCOUNT:TOPIC ...\n```\n",
                        r = t.region_arg(),
                        n = t.name,
                        s = super::names::aws_name(&arch.name, 60).replace(['.', '_'], "-"),
                    );
                }
                Format::Terraform => {
                    let _ = writeln!(
                        out,
                        "```sh\ncd terraform/{n}\nterraform init\nterraform apply -var alarm_topic_arn=arn:aws:sns:{r}:ACCOUNT:TOPIC ...\n```\n",
                        r = t.region_arg(),
                        n = t.name,
                    );
                }
            }
        }
        out.push_str("A template over 51,200 bytes is deployed through an S3 bucket (`--s3-bucket`). A region with more than 200 resources or 150 parameters gets further templates (`REGION-2`, …), each component's artifacts in one of them.\n\n");
        out.push_str("Route 53 health-check alarms live in us-east-1, where CloudWatch keeps their metrics; an Aurora global database's lag alarm lives in the secondary region, where the metric is published.\n\n");
    }
    if count("fis-experiment-template") > 0 {
        out.push_str("## Run the experiments\n\nA template tests nothing until it runs. Start each one in a game day (`aws fis start-experiment --experiment-template-id EXT...`); then `drplan verify ARCH.json -o verify.json` reads the runs from the templates tagged `drplan:component`, and `drplan assess ARCH.json --evidence verify.json` counts a completed run as a test of its component. A run that failed or was stopped (its stop-condition alarm fired) is DR406, with FIS's reason.\n\n");
    }
    out.push_str("## Re-run\n\n");
    let _ = writeln!(
        out,
        "```sh\ndrplan ops ARCH.json --emit {} -o DIR --force\ndrplan assess ARCH.json\n```\n\nThe same architecture gives the same files, byte for byte. Once an item is implemented it is no longer emitted (unless `--all`).\n",
        format.as_str()
    );
    // The lines that make the assessment count what was deployed.
    let mut by_comp: BTreeMap<&str, (Vec<&str>, Option<&str>)> = BTreeMap::new();
    for e in entries {
        let slot = by_comp.entry(e.component.as_str()).or_default();
        match e.artifact {
            "cloudwatch-alarm" => slot.0.push(e.kind),
            "runbook" => slot.1 = Some(e.file.as_str()),
            _ => {}
        }
    }
    by_comp.retain(|_, (alarms, runbook)| !alarms.is_empty() || runbook.is_some());
    let index: std::collections::HashMap<&str, &crate::model::Component> = arch
        .components
        .iter()
        .filter(|c| by_comp.contains_key(c.id.as_str()))
        .map(|c| (c.id.as_str(), c))
        .collect();
    if !by_comp.is_empty() {
        out.push_str("## What to add to the architecture\n\nOnce deployed, declare the alarms and runbooks on each component, so that `drplan assess` counts them (`observability.alarms` adds to what is there):\n\n```json\n");
        for (id, (alarms, runbook)) in &by_comp {
            let comp = index.get(id).copied();
            let mut all_alarms: Vec<String> = comp
                .map(|c| c.observability.alarms.clone())
                .unwrap_or_default();
            for a in alarms {
                if !all_alarms.iter().any(|x| x == a) {
                    all_alarms.push(a.to_string());
                }
            }
            let mut obs = serde_json::Map::new();
            obs.insert("alarms".into(), serde_json::json!(all_alarms));
            let existing = comp.and_then(|c| c.observability.runbook.clone());
            if let Some(r) = existing.or(runbook.map(str::to_string)) {
                obs.insert("runbook".into(), serde_json::json!(r));
            }
            let line = serde_json::json!({ "id": id, "observability": obs });
            let _ = writeln!(out, "{line}");
        }
        out.push_str("```\n\n");
    }
    let manual: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.artifact.starts_with("manual"))
        .collect();
    if !manual.is_empty() {
        out.push_str("## By hand\n\nWhere no documented CloudWatch metric or FIS action applies, drplan writes a procedure instead of a template:\n\n");
        for e in manual {
            let _ = writeln!(
                out,
                "- [{}]({}): {}",
                code(&e.key),
                e.file,
                escape(e.reason.as_deref().unwrap_or(""))
            );
        }
        out.push('\n');
    }
    out.push_str(
        "Experiments are judged against each component's RTO target; record a game day as `observability.last_tested` (or a drill with what it measured) to count it as tested.\n",
    );
    out
}
