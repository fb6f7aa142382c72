//! `drplan ops --emit`: the operational recommendations (src/ops.rs) as artifacts a team can
//! deploy (docs/operations.md): CloudWatch alarms and AWS FIS experiment templates as
//! CloudFormation or Terraform, one template per region; a Markdown runbook per recommended
//! SOP from the recovery plan; a manual procedure where no documented metric or FIS action
//! applies; a manifest and a README. Pure: the files are returned, `app/ops.rs` writes them.
//!
//! Every emitted resource carries the tags [`TAG_COMPONENT`] (the component's id) and
//! [`TAG_ITEM`] (the recommendation's key), so an import can credit it to the component
//! and `verify` can find the experiments run from it.

mod builder;
mod cfn;
mod docs;
mod hcl;
pub mod names;
pub mod spec;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::analysis::Analysis;
use crate::model::{CompIdx, Disruption};
use crate::ops::{self, AlarmKind, ExperimentKind, SopKind};
use builder::Builder;
use spec::{AlarmSpec, Artifact, ExperimentSpec, Value};

/// The tag that names the component an emitted resource watches or targets.
pub const TAG_COMPONENT: &str = "drplan:component";
/// The tag that names the recommendation an emitted resource implements (`ops` keys).
pub const TAG_ITEM: &str = "drplan:item";
/// Version of the manifest's shape.
pub const SCHEMA_VERSION: u32 = 1;
/// How many stop conditions an experiment template gets at most.
const MAX_STOP_CONDITIONS: usize = 5;

/// The name of a region's template when the architecture names no region.
const NO_REGION: &str = "default";

/// The template language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    CloudFormation,
    Terraform,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::CloudFormation => "cloudformation",
            Format::Terraform => "terraform",
        }
    }
}

/// What `drplan ops` writes: files by path relative to the output directory, and how many
/// artifacts the manifest lists.
pub struct Emitted {
    pub files: BTreeMap<String, String>,
    pub artifacts: usize,
}

/// One line of the manifest: an artifact and the recommendation it implements.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The recommendation's stable key (`alarm:health:web`).
    pub key: String,
    /// The finding it resolves (`DR401:web`), when that finding fires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<String>,
    pub component: String,
    /// `alarm`, `sop` or `experiment`.
    pub category: &'static str,
    pub kind: &'static str,
    /// The callee, for latency injection on an edge; the callees, for an errors alarm.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<String>,
    pub disruptions: Vec<Disruption>,
    /// `cloudwatch-alarm`, `fis-experiment-template`, `runbook`, `manual-alarm` or
    /// `manual-game-day`.
    pub artifact: &'static str,
    /// The architecture already declares it (written because of `--all`).
    pub implemented: bool,
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The CloudFormation logical id, or the Terraform address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logical_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alarm_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<MetricView>,
    /// drplan's threshold (`ops`), in seconds, where it sets one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold_secs: Option<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<&'static str>,
    /// The logical names of the alarms that stop the experiment.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stop_conditions: Vec<String>,
    /// Why it is a manual procedure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The metric an alarm watches, as a credit would match it.
#[derive(Debug, Clone, Serialize)]
pub struct MetricView {
    pub namespace: &'static str,
    pub name: &'static str,
    pub statistic: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'static str>,
    pub dimensions: Vec<&'static str>,
    pub period: u64,
    pub evaluation_periods: u64,
    pub threshold: u64,
    pub comparison: &'static str,
}

#[derive(Serialize)]
struct Manifest<'a> {
    schema_version: u32,
    architecture: &'a str,
    format: &'static str,
    all: bool,
    tags: BTreeMap<&'static str, &'static str>,
    templates: Vec<TemplateView>,
    artifacts: &'a [Entry],
}

#[derive(Serialize)]
struct TemplateView {
    region: String,
    file: String,
    parameters: Vec<String>,
}

/// An alarm placed in a template.
pub struct PlacedAlarm {
    pub logical: String,
    pub name: String,
    pub description: String,
    pub spec: AlarmSpec,
    pub tags: Tags,
    /// The Route 53 health check emitted beside it, when it watches one.
    pub health_check: Option<HealthCheck>,
    pub kind: AlarmKind,
    pub component: CompIdx,
}

/// A Route 53 health check: its logical name and its two parameters.
pub struct HealthCheck {
    pub logical: String,
    pub domain_param: String,
    pub path_param: String,
}

/// An experiment placed in a template.
pub struct PlacedExperiment {
    pub logical: String,
    pub description: String,
    pub spec: ExperimentSpec,
    pub tags: Tags,
    /// Alarms of the same template (logical names), or empty: the stop alarm parameter.
    pub stop: Vec<String>,
}

/// The tags of an emitted resource.
#[derive(Clone)]
pub struct Tags {
    pub component: String,
    pub item: String,
}

impl Tags {
    /// The tags of an item: values longer than AWS takes are shortened ([`names::tag_value`]).
    fn new(component: &str, item: &str) -> Tags {
        Tags {
            component: names::tag_value(component),
            item: names::tag_value(item),
        }
    }

    pub fn pairs(&self) -> [(&'static str, &str); 2] {
        [(TAG_COMPONENT, &self.component), (TAG_ITEM, &self.item)]
    }
}

/// One region's template (or one part of it: a region's artifacts are split into templates of
/// at most [`MAX_RESOURCES`] resources and [`MAX_PARAMS`] parameters).
#[derive(Default)]
pub struct Template {
    pub region: String,
    /// The file name: the region, then `-2`, `-3`… for the further parts of a region.
    pub name: String,
    pub alarms: Vec<PlacedAlarm>,
    pub experiments: Vec<PlacedExperiment>,
    /// Parameters the resources name, by logical name, with their descriptions.
    pub params: BTreeMap<String, String>,
    /// Experiments waiting for every alarm of the template (their stop conditions).
    pending: Vec<(usize, PlacedExperimentDraft)>,
}

impl Template {
    fn has_experiments(&self) -> bool {
        !self.experiments.is_empty()
    }

    fn uses_duration(&self) -> bool {
        self.experiments.iter().any(|e| {
            e.spec.actions.iter().any(|a| {
                a.parameters.iter().any(|(_, p)| {
                    matches!(
                        p,
                        spec::ActionParam::Duration | spec::ActionParam::LatencyDocument { .. }
                    )
                })
            })
        })
    }

    fn uses_latency(&self) -> bool {
        self.experiments.iter().any(|e| {
            e.spec.actions.iter().any(|a| {
                a.parameters
                    .iter()
                    .any(|(_, p)| matches!(p, spec::ActionParam::LatencyDocument { .. }))
            })
        })
    }

    fn needs_stop_param(&self) -> bool {
        self.experiments.iter().any(|e| e.stop.is_empty())
    }

    /// The region for words: its name, or what to do when the architecture names none.
    pub fn region_words(&self) -> &str {
        if self.region == NO_REGION {
            "the region you choose (the architecture names none)"
        } else {
            &self.region
        }
    }

    /// The region for commands: its name, or a placeholder.
    pub fn region_arg(&self) -> &str {
        if self.region == NO_REGION {
            "REGION"
        } else {
            &self.region
        }
    }

    fn resources(&self) -> usize {
        self.alarms.len()
            + self
                .alarms
                .iter()
                .filter(|a| a.health_check.is_some())
                .count()
            + self.pending.len()
            + self.experiments.len()
    }
}

/// CloudFormation allows 500 resources and 200 parameters in a template, and 1 MB of it: a
/// region's artifacts are split into templates below these figures (a component's artifacts
/// stay together, so an experiment's stop conditions are in its template).
const MAX_RESOURCES: usize = 200;
const MAX_PARAMS: usize = 150;

/// One component's artifacts in one region, before they are placed in a template.
#[derive(Default)]
struct Group {
    alarms: Vec<(usize, PlacedAlarm)>,
    experiments: Vec<(usize, PlacedExperimentDraft)>,
    params: BTreeMap<String, String>,
}

/// Places a component's groups in the current template of their regions, or in a new part
/// when the current one is full. Returns where each alarm went (entry, template, slot).
fn place(
    templates: &mut BTreeMap<String, Template>,
    current: &mut BTreeMap<String, (String, usize)>,
    staged: BTreeMap<String, Group>,
    alarm_slots: &mut Vec<(usize, String, usize)>,
) {
    for (region, group) in staged {
        let cost = group.alarms.len()
            + group
                .alarms
                .iter()
                .filter(|(_, a)| a.health_check.is_some())
                .count()
            + group.experiments.len();
        let (name, parts) = current
            .entry(region.clone())
            .or_insert_with(|| (region.clone(), 1))
            .clone();
        let full = templates.get(&name).is_some_and(|t| {
            let new_params = group
                .params
                .keys()
                .filter(|k| !t.params.contains_key(*k))
                .count();
            t.resources() > 0
                && (t.resources() + cost > MAX_RESOURCES
                    || t.params.len() + new_params > MAX_PARAMS)
        });
        let name = if full {
            let next = format!("{region}-{}", parts + 1);
            current.insert(region.clone(), (next.clone(), parts + 1));
            next
        } else {
            name
        };
        let t = templates.entry(name.clone()).or_insert_with(|| Template {
            region: region.clone(),
            name: name.clone(),
            ..Template::default()
        });
        t.params.extend(group.params);
        for (entry, alarm) in group.alarms {
            t.alarms.push(alarm);
            alarm_slots.push((entry, name.clone(), t.alarms.len() - 1));
        }
        t.pending.extend(group.experiments);
    }
}

/// The shared parameters, by logical name.
pub const TOPIC_PARAM: &str = "AlarmTopicArn";
pub const ROLE_PARAM: &str = "FisRoleArn";
pub const DURATION_PARAM: &str = "FaultDuration";
pub const STOP_PARAM: &str = "StopConditionAlarmArn";
/// The fault durations the templates allow (ISO 8601), the default first.
pub const DURATIONS: [(&str, u64); 7] = [
    ("PT10M", 600),
    ("PT1M", 60),
    ("PT2M", 120),
    ("PT5M", 300),
    ("PT15M", 900),
    ("PT20M", 1200),
    ("PT30M", 1800),
];

/// Builds every artifact for the recommendations of an analysis.
pub fn emit(analysis: &Analysis, format: Format, all: bool) -> Emitted {
    let mut b = Builder::new(analysis, all);
    for &c in &analysis.assessment.ops.order {
        b.component(c);
    }
    let Builder {
        mut templates,
        alarm_slots,
        mut entries,
        mut docs_files,
        ..
    } = b;
    let arch = &analysis.arch;
    link_game_days(&entries, &mut docs_files);

    let experiment_slots = place_experiments(&mut templates);
    // Final names: unique within each template (resource names share one namespace in
    // CloudFormation), then written into the entries.
    for t in templates.values_mut() {
        finalize_names(t);
    }
    point_entries(
        &mut entries,
        &templates,
        (alarm_slots, experiment_slots),
        format,
    );

    let mut files = docs_files;
    let mut views = Vec::new();
    for t in templates.values() {
        let file = template_file(format, &t.name);
        let text = match format {
            Format::CloudFormation => cfn::render(t, &arch.name),
            Format::Terraform => hcl::render(t, &arch.name),
        };
        views.push(TemplateView {
            region: t.region.clone(),
            file: file.clone(),
            parameters: template_params(t, format),
        });
        files.insert(file, text);
    }
    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        architecture: &arch.name,
        format: format.as_str(),
        all,
        tags: BTreeMap::from([("component", TAG_COMPONENT), ("item", TAG_ITEM)]),
        templates: views,
        artifacts: &entries,
    };
    let mut manifest_text =
        serde_json::to_string_pretty(&manifest).expect("the manifest serializes");
    manifest_text.push('\n');
    files.insert("manifest.json".into(), manifest_text);
    files.insert(
        "README.md".into(),
        docs::readme(arch, format, &entries, &templates, all),
    );
    Emitted {
        files,
        artifacts: entries.len(),
    }
}

/// The experiments of every template, with the health and error alarms of their template as
/// stop conditions (their own component's first). Returns where each went (entry, template,
/// slot).
fn place_experiments(templates: &mut BTreeMap<String, Template>) -> Vec<(usize, String, usize)> {
    let mut slots = Vec::new();
    for t in templates.values_mut() {
        for (entry_index, draft) in std::mem::take(&mut t.pending) {
            let mut stop: Vec<&PlacedAlarm> = t
                .alarms
                .iter()
                .filter(|al| matches!(al.kind, AlarmKind::Health | AlarmKind::Errors))
                .collect();
            stop.sort_by_key(|al| al.component != draft.component);
            let stop: Vec<String> = stop
                .into_iter()
                .take(MAX_STOP_CONDITIONS)
                .map(|al| al.logical.clone())
                .collect();
            t.experiments.push(PlacedExperiment {
                logical: draft.logical,
                description: draft.description,
                spec: draft.spec,
                tags: draft.tags,
                stop,
            });
            slots.push((entry_index, t.name.clone(), t.experiments.len() - 1));
        }
    }
    slots
}

/// A template's file, by its name.
fn template_file(format: Format, name: &str) -> String {
    match format {
        Format::CloudFormation => format!("cloudformation/{name}.json"),
        Format::Terraform => format!("terraform/{name}/main.tf"),
    }
}

type Slots = Vec<(usize, String, usize)>;

/// Writes into each entry where its resource is: file, logical name, type, stop conditions.
fn point_entries(
    entries: &mut [Entry],
    templates: &BTreeMap<String, Template>,
    (alarm_slots, experiment_slots): (Slots, Slots),
    format: Format,
) {
    let cfn = format == Format::CloudFormation;
    for (entry_index, name, index) in alarm_slots {
        let al = &templates[&name].alarms[index];
        let e = &mut entries[entry_index];
        e.logical_name = Some(if cfn {
            al.logical.clone()
        } else {
            format!("aws_cloudwatch_metric_alarm.{}", names::snake(&al.logical))
        });
        e.resource_type = Some(if cfn {
            "AWS::CloudWatch::Alarm"
        } else {
            "aws_cloudwatch_metric_alarm"
        });
        e.file = template_file(format, &name);
    }
    for (entry_index, name, slot) in experiment_slots {
        let ex = &templates[&name].experiments[slot];
        let e = &mut entries[entry_index];
        e.logical_name = Some(if cfn {
            ex.logical.clone()
        } else {
            format!("aws_fis_experiment_template.{}", names::snake(&ex.logical))
        });
        e.resource_type = Some(if cfn {
            "AWS::FIS::ExperimentTemplate"
        } else {
            "aws_fis_experiment_template"
        });
        e.stop_conditions = ex.stop.clone();
        e.file = template_file(format, &name);
    }
}

/// Ends each runbook: the component's game days by hand, then how to make the SOP count.
fn link_game_days(entries: &[Entry], docs_files: &mut BTreeMap<String, String>) {
    let mut by_component: HashMap<&str, Vec<&Entry>> = HashMap::new();
    for e in entries.iter().filter(|e| e.artifact == "manual-game-day") {
        by_component
            .entry(e.component.as_str())
            .or_default()
            .push(e);
    }
    for runbook in entries.iter().filter(|e| e.artifact == "runbook") {
        let days = by_component
            .remove(runbook.component.as_str())
            .unwrap_or_default();
        let Some(text) = docs_files.get_mut(&runbook.file) else {
            continue;
        };
        if days.is_empty() {
            text.push_str(&docs::runbook_footer(&runbook.component));
            continue;
        }
        text.push_str("## Game days by hand\n\nFIS has no action for these; run them as the procedures say:\n\n");
        for d in days {
            text.push_str(&format!(
                "- [{}](../{}): {}\n",
                crate::report::markdown::code(&d.key),
                d.file,
                crate::report::markdown::escape(d.reason.as_deref().unwrap_or(""))
            ));
        }
        text.push('\n');
        text.push_str(&docs::runbook_footer(&runbook.component));
    }
}

/// An experiment before its template's alarms are all known.
struct PlacedExperimentDraft {
    logical: String,
    description: String,
    spec: ExperimentSpec,
    tags: Tags,
    component: CompIdx,
}

impl Entry {
    /// An entry with what every artifact has; the rest is filled in by its kind.
    fn new(
        key: String,
        finding: Option<String>,
        component: &str,
        (category, kind): (&'static str, &'static str),
        disruptions: Vec<Disruption>,
    ) -> Entry {
        Entry {
            key,
            finding,
            component: component.to_string(),
            category,
            kind,
            dependencies: Vec::new(),
            disruptions,
            artifact: "",
            implemented: false,
            file: String::new(),
            region: None,
            logical_name: None,
            resource_type: None,
            alarm_name: None,
            metric: None,
            threshold_secs: None,
            actions: Vec::new(),
            stop_conditions: Vec::new(),
            reason: None,
        }
    }

    /// `replication-lag alarm`, `az-loss game day`: how the documents title it.
    fn kind_title(&self) -> String {
        let what = match self.category {
            "alarm" => "alarm",
            "sop" => "runbook",
            _ => "game day",
        };
        format!("{} {what}", self.kind)
    }
}

/// The parameters a template declares, by the name the format gives them.
fn template_params(t: &Template, format: Format) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    if !t.alarms.is_empty() {
        names.push(TOPIC_PARAM.into());
    }
    if t.has_experiments() {
        names.push(ROLE_PARAM.into());
    }
    if t.uses_duration() {
        names.push(DURATION_PARAM.into());
    }
    if t.needs_stop_param() {
        names.push(STOP_PARAM.into());
    }
    names.extend(t.params.keys().cloned());
    if format == Format::Terraform {
        names = names.iter().map(|n| names::snake(n)).collect();
    }
    names.sort();
    names
}

/// Makes the resource names of a template unique, and the stop conditions follow.
fn finalize_names(t: &mut Template) {
    let mut wanted: Vec<(String, String)> = Vec::new();
    for al in &t.alarms {
        wanted.push((al.logical.clone(), al.tags.item.clone()));
        if let Some(hc) = &al.health_check {
            wanted.push((hc.logical.clone(), format!("{}#health-check", al.tags.item)));
        }
    }
    for ex in &t.experiments {
        wanted.push((ex.logical.clone(), ex.tags.item.clone()));
    }
    let old: Vec<String> = wanted.iter().map(|(n, _)| n.clone()).collect();
    let new = names::dedupe(wanted);
    if old == new {
        return;
    }
    let mut it = new.into_iter();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for al in &mut t.alarms {
        let n = it.next().expect("one name per alarm");
        renamed.insert(al.logical.clone(), n.clone());
        al.logical = n;
        if let Some(hc) = &mut al.health_check {
            let n = it.next().expect("one name per health check");
            hc.logical = n.clone();
            for (_, v) in &mut al.spec.dimensions {
                if let Value::HealthCheck(h) = v {
                    *h = n.clone();
                }
            }
        }
    }
    for ex in &mut t.experiments {
        ex.logical = it.next().expect("one name per experiment");
        for s in &mut ex.stop {
            if let Some(n) = renamed.get(s) {
                *s = n.clone();
            }
        }
    }
}

/// A file name from an id or key: its safe characters, shortened with a hash when long.
fn file_name(text: &str) -> String {
    let safe: String = text
        .chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() || ch == '-' || ch == '_' || ch == '.' {
                ch
            } else {
                '-'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.').to_string();
    if safe.len() <= 100 && safe == text.replace(':', "-") {
        safe
    } else {
        format!("{}-{}", &safe[..safe.len().min(90)], names::hash8(text))
    }
}
