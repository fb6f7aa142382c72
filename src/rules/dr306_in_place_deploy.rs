//! DR306 `in-place-deploy`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use super::{Ctx, Detail, Sink};
use crate::model::{CompIdx, DeployMethod, Kind};

declare_rule! {
    "DR306" "in-place-deploy" {
        severity: Low,
        category: Patterns,
        summary: "Fires on a `compute` component whose `deploy.method` is `in-place` (the default when `deploy` is absent).",
        why: r#"Most outages start with a change. An in-place deploy mutates every running instance, so a bad
build reaches all traffic at once, and rolling back means deploying the old version over the
broken one (drplan assumes 10m after detection). Immutable deployments (blue/green: new
instances, switch the traffic, keep the old ones to switch back) and fractional ones (canary:
a few percent first, bake, then widen) limit the blast radius of a bad change and make rollback
a traffic switch (drplan assumes 2m). The software RTO of every stateless component depends on
it."#,
        fix: r#"- Deploy immutably and fractionally: `"deploy": {"method": "canary"}` or `"blue-green"`. On
  AWS: CodeDeploy blue/green for EC2 and ECS, canary or linear traffic shifting for Lambda
  aliases and ECS, the ECS deployment circuit breaker with automatic rollback, Argo Rollouts
  on EKS.
- Roll back automatically on alarms (CodeDeploy alarm-based rollback on the new version's error
  rate and latency).
- Bake before widening, and deploy one zone, one cell, one region at a time."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    for (i, c) in ctx.arch.components.iter().enumerate() {
        if c.kind == Kind::Compute && c.deploy == DeployMethod::InPlace {
            sink.report(i, InPlace);
        }
    }
}

/// Deployed in place.
#[derive(Debug)]
struct InPlace;

impl Detail for InPlace {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        write!(
            w,
            "{} is deployed in place: a bad release reaches every instance at once and rolling back takes a redeploy",
            ctx.id(c)
        )
    }

    fn remediation(&self, _: &Ctx, _: CompIdx, w: &mut dyn Write) -> fmt::Result {
        w.write_str("Deploy immutably and fractionally: blue/green or canary (\"deploy\": {\"method\": \"canary\"}) so that a rollback is a traffic switch.")
    }
}
