//! DR401 `missing-alarm`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};
use std::time::Duration;

use crate::words::{list, plural_s};
use super::{Ctx, Detail, Sink};
use crate::mechanisms;
use crate::duration::Human;
use crate::model::CompIdx;
use crate::ops::{self, AlarmKind};

declare_rule! {
    "DR401" "missing-alarm" {
        severity: Low,
        category: Operations,
        summary: "Fires on a component whose `observability.alarms` lacks an alarm the operational recommendations call for: `health` on entry points, `replication-lag` on replicated stores, `backup-freshness` on backed-up stores, an error-rate alarm on sync dependencies.",
        why: r#"Detection is the first term of every RTO: drplan assumes 5 minutes from failure to a
decision, which only holds if an alarm fires. Without a health alarm an outage is reported by
customers; without a replication-lag alarm a standby silently falls hours behind and the region
RPO is fiction until the failover; without a backup-freshness alarm a backup job that stopped
weeks ago is discovered during the restore. Alarm coverage is 20 points of the resiliency
score, as in Resilience Hub."#,
        fix: r#"- Create the missing alarms, then list them:
  `"observability": {"alarms": ["health", "backup-freshness"]}`.
- `health`: a Route 53 health check, the load balancer's healthy host count, or a CloudWatch
  Synthetics canary on the entry point.
- `replication-lag`: Aurora `AuroraGlobalDBReplicationLag`, RDS `ReplicaLag`, DynamoDB
  `ReplicationLatency`, S3 Replication Time Control metrics; threshold RPO/2.
- `backup-freshness`: failed AWS Backup jobs through EventBridge, or the age of the newest
  recovery point (`drplan verify` on a schedule); threshold = RPO.
- Dependency error rate: the client-side error rate of calls on each sync edge.

Resilience Hub can also generate its recommended CloudWatch alarms as CloudFormation."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    let (arch, g) = (ctx.arch, &ctx.assessment.core.graph);
    for i in 0..arch.components.len() {
        let missing: Vec<Missing> = ops::alarms_of(arch, g, i)
            .filter(|a| !a.implemented)
            .map(|a| Missing {
                kind: a.kind,
                threshold: a.threshold,
            })
            .collect();
        if !missing.is_empty() {
            sink.report(i, MissingAlarms { missing });
        }
    }
}

/// The recommended alarms the component does not list, in kind order.
#[derive(Debug)]
struct MissingAlarms {
    missing: Vec<Missing>,
}

#[derive(Debug)]
struct Missing {
    kind: AlarmKind,
    threshold: Option<Duration>,
}

impl Detail for MissingAlarms {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{} lacks the alarm{} ",
            ctx.id(c),
            plural_s(self.missing.len())
        )?;
        list(w, "; ", &self.missing, |w, a| {
            w.write_str(a.kind.as_str())?;
            if let Some(t) = a.threshold {
                write!(w, " (threshold {})", Human(t))?;
            }
            if a.kind == AlarmKind::Errors {
                w.write_str(" on the calls to ")?;
                let callees = ops::sync_callees(ctx.arch, &ctx.assessment.core.graph, c);
                list(w, ", ", callees, |w, x| w.write_str(ctx.id(x)))?;
            }
            Ok(())
        })?;
        w.write_str(": a failure there is found late, and recovery starts late")
    }

    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let m = mechanisms::of(ctx.component(c));
        w.write_str("Create the alarms (")?;
        list(w, "; ", &self.missing, |w, a| {
            write!(w, "{}: {}", a.kind.as_str(), m.alarm(a.kind))
        })?;
        w.write_str(") and list them: \"observability\": {\"alarms\": [")?;
        // What the component lists already, and what it lacks.
        let mut listed: Vec<&str> = (ctx.component(c).observability.alarms.iter())
            .map(String::as_str)
            .chain(self.missing.iter().map(|a| a.kind.as_str()))
            .collect();
        listed.sort_unstable();
        listed.dedup();
        list(w, ", ", listed, |w, k| write!(w, "{k:?}"))?;
        w.write_str("]}.")
    }
}
