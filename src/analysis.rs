//! The whole analysis of a checked architecture, in one place: the assessment, the findings
//! and the plan. The planner needs only the assessment's core (estimates, graph, timing), so
//! it runs while the blast radius, the rest of the assessment and the rules are computed.

use std::sync::Arc;

use crate::assess::{self, Assessment};
use crate::graph::blast;
use crate::model::Architecture;
use crate::options::Options;
use crate::plan::{self, Plan, cost::Pricing};
use crate::rules::{self, Finding};
use crate::timings::Timings;

/// An architecture with everything drplan computes about it.
pub struct Analysis {
    pub arch: Architecture,
    pub options: Options,
    pub assessment: Assessment,
    pub findings: Vec<Finding>,
    pub plan: Plan,
}

impl Analysis {
    /// What the findings' words and keys are written from.
    pub fn ctx(&self) -> rules::Ctx<'_> {
        rules::Ctx {
            arch: &self.arch,
            assessment: &self.assessment,
            options: &self.options,
        }
    }
}

/// Assesses, checks and plans `arch`.
pub fn analyze(arch: Architecture, options: Options, pricing: Pricing) -> Analysis {
    let clock = Timings::start();
    let core = Arc::new(assess::core(&arch, &options));
    clock.lap("estimates and timing");
    let (plan, (assessment, findings)) = rayon::join(
        || plan::plan(&arch, &core, &options, pricing),
        || {
            let blast = blast::blast_radius(&arch, &core.graph);
            let assessment = assess::complete(&arch, &options, core.clone(), blast);
            let findings = rules::check(&arch, &assessment, &options);
            (assessment, findings)
        },
    );
    drop(core);
    clock.lap("blast radius, rules and plan");
    Analysis {
        arch,
        options,
        assessment,
        findings,
        plan,
    }
}
