//! What every operational item's artifact is built from: one component at a time, its
//! alarms, its SOP and its experiments placed in its region's template, with the words of the
//! threshold's arithmetic and of the pass criterion.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::*;

/// What every item's artifact is built from, and what has been built so far.
pub(super) struct Builder<'a> {
    pub(super) analysis: &'a Analysis,
    pub(super) all: bool,
    pub(super) findings: HashSet<String>,
    pub(super) parts: HashMap<&'a str, String>,
    pub(super) arch_slug: String,
    pub(super) books: Vec<docs::Book<'a>>,
    pub(super) templates: BTreeMap<String, Template>,
    /// Per region: the template being filled and how many parts the region has.
    pub(super) current: BTreeMap<String, (String, usize)>,
    /// Where each placed alarm went: (entry, template, slot).
    pub(super) alarm_slots: Vec<(usize, String, usize)>,
    pub(super) entries: Vec<Entry>,
    pub(super) docs_files: BTreeMap<String, String>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(analysis: &'a Analysis, all: bool) -> Builder<'a> {
        let arch = &analysis.arch;
        let ctx = analysis.ctx();
        let inputs =
            crate::plan::runbook::Inputs::new(arch, &analysis.assessment, &analysis.options);
        Builder {
            analysis,
            all,
            findings: analysis.findings.iter().map(|f| f.key(&ctx)).collect(),
            parts: names::unique_parts(arch.components.iter().map(|c| c.id.as_str())),
            arch_slug: names::aws_name(&arch.name, 60),
            books: Disruption::ALL
                .into_iter()
                .map(|d| {
                    let recovery = crate::plan::runbook::recovery(inputs, d);
                    docs::Book::new(d, recovery, arch.components.len())
                })
                .collect(),
            templates: BTreeMap::new(),
            current: BTreeMap::new(),
            alarm_slots: Vec::new(),
            entries: Vec::new(),
            docs_files: BTreeMap::new(),
        }
    }

    fn arch(&self) -> &'a crate::model::Architecture {
        &self.analysis.arch
    }

    fn part(&self, c: CompIdx) -> &str {
        self.parts[self.arch().components[c].id.as_str()].as_str()
    }

    /// The finding `key` when it fires.
    fn finding(&self, key: String) -> Option<String> {
        Some(key).filter(|k| self.findings.contains(k))
    }

    /// The region a component's resources live in.
    fn region_of(&self, c: CompIdx) -> String {
        let arch = self.arch();
        arch.components[c]
            .imported_from
            .iter()
            .find_map(|o| o.region.clone())
            .or_else(|| arch.regions.primary.clone())
            .unwrap_or_else(|| NO_REGION.to_string())
    }

    /// Writes a procedure by hand and points the entry at it.
    fn manual(
        &mut self,
        dir: &str,
        entry: &mut Entry,
        c: CompIdx,
        reason: String,
        steps: &[String],
    ) {
        let file = format!("{dir}/{}.md", file_name(&entry.key));
        let comp = &self.arch().components[c];
        let text = docs::manual(comp, &entry.key, &entry.kind_title(), &reason, steps);
        self.docs_files.insert(file.clone(), text);
        entry.artifact = if dir == "alarms" {
            "manual-alarm"
        } else {
            "manual-game-day"
        };
        entry.file = file;
        entry.reason = Some(reason);
    }

    /// Every artifact of one component, placed in its region's template.
    pub(super) fn component(&mut self, c: CompIdx) {
        let (arch, g) = (self.arch(), &self.analysis.assessment.core.graph);
        let mut staged: BTreeMap<String, Group> = BTreeMap::new();
        for alarm in ops::alarms_of(arch, g, c) {
            if !alarm.implemented || self.all {
                self.alarm(alarm, &mut staged);
            }
        }
        if let Some(sop) = ops::sop_of(arch, g, c)
            && (!sop.implemented || self.all)
        {
            self.sop(sop);
        }
        let all = self.all;
        for exp in ops::experiments_of(arch, g, c).filter(|e| !e.implemented || all) {
            self.experiment(exp, &mut staged);
        }
        place(
            &mut self.templates,
            &mut self.current,
            staged,
            &mut self.alarm_slots,
        );
    }

    fn alarm(&mut self, alarm: ops::Alarm, staged: &mut BTreeMap<String, Group>) {
        let (arch, g) = (self.arch(), &self.analysis.assessment.core.graph);
        let c = alarm.component;
        let comp = &arch.components[c];
        let id = comp.id.as_str();
        let key = alarm.key(arch);
        let callees: Vec<String> = if alarm.kind == AlarmKind::Errors {
            ops::sync_callees(arch, g, c)
                .into_iter()
                .map(|x| arch.components[x].id.clone())
                .collect()
        } else {
            Vec::new()
        };
        let rpo_note = rpo_note(comp, alarm.kind);
        let part = self.part(c).to_string();
        let secondary = arch.regions.secondary.as_deref();
        let artifact = match (comp.beyond_aws(), alarm.kind) {
            (Some(cloud), kind) => spec::alarm_beyond_aws(comp, cloud, alarm_metric(kind)),
            (None, kind) => match kind {
                AlarmKind::Health => {
                    spec::health(comp, &part, self.analysis.options.assumptions.detection)
                }
                AlarmKind::ReplicationLag => {
                    spec::replication_lag(comp, &part, alarm.threshold, &rpo_note, secondary)
                }
                AlarmKind::BackupFreshness => {
                    spec::backup_freshness(comp, alarm.threshold, &part, &rpo_note)
                }
                AlarmKind::Errors => spec::errors(comp, &part, &callees.join(", ")),
            },
        };
        let mut entry = Entry::new(
            key.clone(),
            self.finding(format!("DR401:{id}")),
            id,
            ("alarm", alarm.kind.as_str()),
            alarm_disruptions(comp, alarm.kind),
        );
        entry.artifact = "cloudwatch-alarm";
        entry.implemented = alarm.implemented;
        entry.dependencies = callees;
        entry.threshold_secs = alarm.threshold.map(crate::duration::secs);
        let spec = match artifact {
            Artifact::Alarm(spec) => spec,
            Artifact::Manual { reason, steps } => {
                self.manual("alarms", &mut entry, c, reason, &steps);
                self.entries.push(entry);
                return;
            }
            Artifact::Experiment(_) => unreachable!("an alarm's spec is never an experiment"),
        };
        let region = spec.region.clone().unwrap_or_else(|| self.region_of(c));
        let name = names::aws_name(
            &format!("drplan-{}-{id}-{}", self.arch_slug, alarm.kind.as_str()),
            255,
        );
        let description = names::clip(
            &format!(
                "drplan {} alarm for {id}{}: {} {} ({}). Recommendation {key}.",
                alarm.kind.as_str(),
                comp.name
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default(),
                spec.namespace,
                spec.metric,
                spec.arithmetic,
            ),
            1000,
        );
        entry.region = Some(region.clone());
        entry.alarm_name = Some(name.clone());
        entry.metric = Some(MetricView {
            namespace: spec.namespace,
            name: spec.metric,
            statistic: spec.statistic,
            unit: spec.unit,
            dimensions: spec.dimensions.iter().map(|(n, _)| *n).collect(),
            period: spec.period,
            evaluation_periods: spec.evaluation_periods,
            threshold: spec.threshold,
            comparison: spec.comparison,
        });
        let group = staged.entry(region).or_default();
        for (_, v) in &spec.dimensions {
            if let Value::Param(p, d) = v {
                group.params.insert(p.clone(), d.clone());
            }
        }
        let health_check = spec.health_check.then(|| HealthCheck {
            logical: format!("{part}HealthCheck"),
            domain_param: format!("{part}HealthCheckDomainName"),
            path_param: format!("{part}HealthCheckPath"),
        });
        if let Some(hc) = &health_check {
            group.params.insert(
                hc.domain_param.clone(),
                format!("The domain name the health check of {id} requests (HTTPS)"),
            );
            group.params.insert(
                hc.path_param.clone(),
                format!("The path the health check of {id} requests"),
            );
        }
        group.alarms.push((
            self.entries.len(),
            PlacedAlarm {
                logical: format!("{part}{}Alarm", names::pascal(alarm.kind.as_str())),
                name,
                description,
                spec,
                tags: Tags::new(id, &key),
                health_check,
                kind: alarm.kind,
                component: c,
            },
        ));
        self.entries.push(entry);
    }

    fn sop(&mut self, sop: ops::Sop) {
        let arch = self.arch();
        let c = sop.component;
        let id = arch.components[c].id.as_str();
        let key = sop.key(arch);
        let about = match sop.kind {
            SopKind::RecoverData => "data",
            SopKind::RestoreService => "service",
        };
        let file = format!("runbooks/{}.md", file_name(id));
        let (text, disruptions) = docs::runbook(arch, c, &key, sop.kind, &self.books);
        self.docs_files.insert(file.clone(), text);
        let mut entry = Entry::new(
            key,
            self.finding(format!("DR402:{id}:{about}")),
            id,
            ("sop", sop.kind.as_str()),
            disruptions,
        );
        entry.artifact = "runbook";
        entry.implemented = sop.implemented;
        entry.file = file;
        self.entries.push(entry);
    }

    fn experiment(&mut self, exp: ops::Experiment, staged: &mut BTreeMap<String, Group>) {
        let arch = self.arch();
        let c = exp.component;
        let comp = &arch.components[c];
        let id = comp.id.as_str();
        let key = exp.key(arch);
        let disruption = experiment_disruption(exp.kind);
        let judge = judge(comp, disruption);
        let callee = exp.dependency.map(|x| arch.components[x].id.clone());
        let artifact = match (exp.kind, exp.dependency, comp.beyond_aws()) {
            (_, _, Some(cloud)) => spec::game_day_beyond_aws(comp, cloud, disruption, &judge),
            (ExperimentKind::InstanceLoss, _, None) => spec::instance_loss(comp, judge),
            (ExperimentKind::AzLoss, _, None) => spec::az_loss(comp, judge),
            (ExperimentKind::RegionFailover, _, None) => {
                spec::region_failover(comp, arch.regions.secondary.as_deref(), judge)
            }
            (ExperimentKind::LatencyInjection, None, None) => {
                unreachable!("ops names the callee of every latency injection")
            }
            (ExperimentKind::LatencyInjection, Some(x), None) => {
                let timeout = comp
                    .depends_on
                    .iter()
                    .filter(|e| e.to == x && e.mode == crate::model::Mode::Sync)
                    .find_map(|e| e.timeout);
                spec::latency(comp, &arch.components[x], timeout, judge)
            }
        };
        let mut entry = Entry::new(
            key.clone(),
            self.finding(format!("DR403:{id}")),
            id,
            ("experiment", exp.kind.as_str()),
            vec![disruption],
        );
        entry.artifact = "fis-experiment-template";
        entry.dependencies = callee.iter().cloned().collect();
        let spec = match artifact {
            Artifact::Experiment(spec) => spec,
            Artifact::Manual { reason, steps } => {
                self.manual("game-days", &mut entry, c, reason, &steps);
                self.entries.push(entry);
                return;
            }
            Artifact::Alarm(_) => unreachable!("an experiment's spec is never an alarm"),
        };
        let region = self.region_of(c);
        let kind_word = match exp.dependency {
            Some(x) => format!("LatencyTo{}", self.part(x)),
            None => names::pascal(exp.kind.as_str()),
        };
        entry.region = Some(region.clone());
        entry.actions = spec.actions.iter().map(|a| a.action_id).collect();
        let description = names::clip(
            &format!(
                "drplan {} experiment on {id}{}: {}. Pass: {}. Recommendation {key}.",
                exp.kind.as_str(),
                callee
                    .as_deref()
                    .map(|x| format!(" (calls to {x})"))
                    .unwrap_or_default(),
                spec.actions
                    .iter()
                    .map(|a| a.description.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                spec.judge,
            ),
            500,
        );
        let logical = format!("{}{kind_word}Experiment", self.part(c));
        let group = staged.entry(region).or_default();
        for target in &spec.targets {
            if let Some((_, Value::Param(p, d))) = &target.filter {
                group.params.insert(p.clone(), d.clone());
            }
        }
        group.experiments.push((
            self.entries.len(),
            PlacedExperimentDraft {
                logical,
                description,
                spec,
                tags: Tags::new(id, &key),
                component: c,
            },
        ));
        self.entries.push(entry);
    }
}

/// Which RPO target an alarm's threshold is half of, or equal to, in words.
fn rpo_note(c: &crate::model::Component, kind: AlarmKind) -> String {
    let targets = &c.policy.targets;
    let show = |d: Disruption| {
        targets[d]
            .map(|t| format!("{d} RPO target {}", crate::duration::Human(t.rpo)))
            .unwrap_or_default()
    };
    match kind {
        AlarmKind::ReplicationLag => {
            let mut notes = Vec::new();
            if c.replication.is_some() {
                notes.push(show(Disruption::Region));
            }
            if c.deployment.instances >= 2 && c.deployment.replication == crate::model::Mode::Async
            {
                notes.push(show(Disruption::Hardware));
                notes.push(show(Disruption::Az));
            }
            notes.retain(|n| !n.is_empty());
            format!("smallest of: {}", notes.join(", "))
        }
        AlarmKind::BackupFreshness => {
            if targets[Disruption::Software].is_some() {
                show(Disruption::Software)
            } else {
                show(Disruption::Region)
            }
        }
        _ => String::new(),
    }
}

fn alarm_disruptions(c: &crate::model::Component, kind: AlarmKind) -> Vec<Disruption> {
    use Disruption::*;
    match kind {
        AlarmKind::Health => vec![Software, Hardware, Az],
        AlarmKind::Errors | AlarmKind::BackupFreshness => vec![Software],
        AlarmKind::ReplicationLag => {
            let mut d = Vec::new();
            if c.deployment.instances >= 2 && c.deployment.replication == crate::model::Mode::Async
            {
                d.extend([Hardware, Az]);
            }
            if c.replication.is_some() {
                d.push(Region);
            }
            d
        }
    }
}

/// What an alarm of a kind watches, in words for an alert made by hand.
fn alarm_metric(kind: AlarmKind) -> &'static str {
    match kind {
        AlarmKind::Health => "the health of the endpoints",
        AlarmKind::ReplicationLag => "the replication lag",
        AlarmKind::BackupFreshness => "the age of the newest backup",
        AlarmKind::Errors => "the error rate of its calls",
    }
}

fn experiment_disruption(kind: ExperimentKind) -> Disruption {
    match kind {
        ExperimentKind::InstanceLoss => Disruption::Hardware,
        ExperimentKind::AzLoss => Disruption::Az,
        ExperimentKind::RegionFailover => Disruption::Region,
        ExperimentKind::LatencyInjection => Disruption::Software,
    }
}

/// What passing an experiment means: back within the component's RTO target.
fn judge(c: &crate::model::Component, d: Disruption) -> String {
    match c.policy.targets[d] {
        Some(t) => format!(
            "{} serves again within its {d} RTO target of {}",
            c.id,
            crate::duration::Human(t.rto)
        ),
        None => format!(
            "{} serves again (no {d} RTO target: record the time it took)",
            c.id
        ),
    }
}
