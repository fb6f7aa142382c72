//! What AWS resources mean for recovery: which become components and which fold into one
//! (`catalog`), each component's facts (`facts`: kind, copies, zones, backups, protection),
//! the backups AWS Backup takes (`backup`), the edges between components (`edges`), the pairs
//! of one component in two regions and the region strategies they make (`regions`). Every
//! inferred fact keeps the reason for it, written beside the component as `x-why`.

mod backup;
mod catalog;
pub mod cfn;
mod cron;
mod edges;
mod facts;
mod ids;
pub mod numbers;
mod regions;
mod zones;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::{Map, Value, json};

use super::resource::Resource;
use super::summary::Summary;
use crate::input::compose::Imported;
use crate::model::{DeployMethod, Kind, Mode, Scope, Strategy};
pub use catalog::{COMMON, Role, attributes, reads, role};

/// A component being made from its resources.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The resource it is named after.
    pub root: usize,
    /// Every resource folded into it, the root first.
    pub members: Vec<usize>,
    pub kind: Kind,
    pub service: String,
    pub stateful: Option<bool>,
    pub instances: Option<u32>,
    pub zones: Option<u32>,
    pub scope: Option<Scope>,
    pub managed_failover: Option<bool>,
    /// How copies inside the region are kept.
    pub in_region: Option<Mode>,
    pub data_gb: Option<f64>,
    pub deletion_protection: Option<bool>,
    pub backup: Backup,
    /// How new versions roll out, when the service says.
    pub deploy: Option<(DeployMethod, String)>,
    /// Continuous replication to another region.
    pub replication: Option<(Mode, Option<Duration>)>,
    pub region: Option<String>,
    /// Its copy in another region, when the sources describe one.
    pub secondary: Option<Secondary>,
    pub strategy: Option<Strategy>,
    /// What it runs when it is compute (to compare with a copy in another region).
    pub capacity: Option<u32>,
    /// Subnets it runs in, for its zones.
    pub subnets: Vec<usize>,
    /// Edges by target draft.
    pub edges: BTreeMap<usize, Edge>,
    /// Why each inferred field is what it is, by field path.
    pub why: BTreeMap<String, String>,
    /// When the component only exists with a condition that could not be decided offline.
    pub conditional: Option<String>,
    /// Its members that exist only under such a condition.
    pub conditional_members: Vec<String>,
}

/// The backups a component gets, from its service and from AWS Backup.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Backup {
    pub frequency: Option<Duration>,
    pub retention: Option<Duration>,
    pub pitr: bool,
    /// The region its recovery points are copied to (`None`: they stay in the region, or the
    /// copy's region is not known).
    pub copy_region: Option<String>,
    pub immutable: bool,
    pub versioning: Option<bool>,
}

/// A component's copy in another region.
#[derive(Debug, Clone, PartialEq)]
pub struct Secondary {
    pub region: String,
    /// What the copy runs (compute), when known.
    pub capacity: Option<u32>,
    /// Whether the copy is a data replica kept in step (a read replica, a global table).
    pub replica: bool,
}

/// An edge being made.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub mode: Mode,
    pub why: String,
    /// How long the caller waits, when its configuration says (a load balancer's idle timeout).
    pub timeout: Option<Duration>,
    /// `false` for what is only needed when something else fails (a failover target).
    pub critical: bool,
}

/// What the readers noted on the way.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    pub parameters_without_value: Vec<String>,
    /// References to what the sources do not hold.
    pub outside: Vec<String>,
    /// Logical ids whose condition could not be decided, by resource index.
    pub conditional: BTreeMap<usize, String>,
    /// Stack names by file, for ids that two sources share.
    pub stacks: BTreeMap<String, String>,
}

/// The components and the summary.
pub struct Mapped {
    pub imported: Imported,
    pub summary: Summary,
}

/// Makes the components of a set of resources.
pub fn map(resources: &[Resource], notes: Notes, now: jiff::Timestamp) -> Mapped {
    let mut summary = Summary {
        parameters_without_value: notes.parameters_without_value,
        outside: notes.outside,
        ..Summary::default()
    };
    for r in resources {
        let bucket = match role(&r.ty) {
            Role::Component(..) => None,
            Role::Member | Role::Informs => Some(&mut summary.informing),
            Role::NotModelled => Some(&mut summary.not_modelled),
            Role::Unknown => Some(&mut summary.unknown),
        };
        if let Some(b) = bucket {
            *b.entry(r.source_type.clone()).or_default() += 1;
        }
    }
    let mut drafts = facts::drafts(resources);
    for d in drafts.iter_mut().flatten() {
        if let Some(c) = notes.conditional.get(&d.root) {
            d.conditional = Some(c.clone());
        }
        // Members that exist only under an undecided condition are counted, and said so.
        let undecided: Vec<String> = (d.members.iter().skip(1))
            .filter_map(|m| {
                let c = notes.conditional.get(m)?;
                Some(format!("{} (condition {c})", resources[*m].origin.address))
            })
            .collect();
        if !undecided.is_empty() {
            let note = format!(
                "counts {}, which exist only under conditions drplan could not decide offline",
                undecided.join(", ")
            );
            let why = d.why.entry("deployment.instances".into()).or_default();
            if !why.is_empty() {
                why.push_str("; ");
            }
            why.push_str(&note);
            d.conditional_members = undecided;
        }
    }
    zones::apply(&mut drafts, resources);
    backup::apply(&mut drafts, resources, now);
    let (primary, secondary) = regions::pair(&mut drafts, resources);
    let mut drafts: Vec<Draft> = drafts.into_iter().flatten().collect();
    let owner = owners(drafts.iter().map(Some), resources.len());
    edges::apply(&mut drafts, resources, &owner);
    regions::strategies(&mut drafts, resources, secondary.as_deref());
    let ids = ids::assign(&drafts, resources, &notes.stacks);
    let components: Vec<Map<String, Value>> = (drafts.iter().zip(&ids))
        .map(|(d, id)| emit(d, id, &ids, resources, secondary.as_deref()))
        .collect();
    for d in &drafts {
        *summary
            .components
            .entry(d.kind.as_str().to_string())
            .or_default() += 1;
    }
    for (d, id) in drafts.iter().zip(&ids) {
        if let Some(c) = &d.conditional {
            summary.conditional.push(format!("{id} (condition {c})"));
        }
        for m in &d.conditional_members {
            summary.conditional.push(format!("{id}: {m}"));
        }
        for (field, why) in &d.why {
            if why.contains("not known offline") {
                summary.unknown_facts.push(format!("{id} {field}"));
            }
        }
    }
    summary.outside.sort();
    summary.outside.dedup();
    summary.primary_region = primary.clone();
    summary.secondary_region = secondary.clone();
    Mapped {
        imported: Imported {
            components,
            primary,
            secondary,
        },
        summary,
    }
}

/// The draft each resource belongs to (`None` for those that belong to none), of drafts in
/// order (`None` where one was folded into another).
fn owners<'a>(drafts: impl Iterator<Item = Option<&'a Draft>>, n: usize) -> Vec<Option<usize>> {
    let mut owner = vec![None; n];
    for (k, d) in drafts.enumerate() {
        for &m in d.iter().flat_map(|d| &d.members) {
            owner[m] = Some(k);
        }
    }
    owner
}

/// A duration as the architecture format writes it.
fn duration(d: Duration) -> String {
    crate::duration::Human(d).to_string().replace(' ', "")
}

/// The component in the architecture format.
fn emit(
    d: &Draft,
    id: &str,
    ids: &[String],
    resources: &[Resource],
    secondary: Option<&str>,
) -> Map<String, Value> {
    let has_secondary = secondary.is_some();
    let root = &resources[d.root];
    let mut c = Map::new();
    c.insert("id".into(), json!(id));
    c.insert("kind".into(), json!(d.kind.as_str()));
    if let Some(name) = facts::name(root) {
        c.insert("name".into(), json!(name));
    }
    c.insert("service".into(), json!(d.service));
    if let Some(s) = d.stateful
        && s != d.kind.stateful_by_default()
    {
        c.insert("stateful".into(), json!(s));
    }
    if let Some(gb) = d.data_gb {
        c.insert("data_gb".into(), json!(gb));
    }
    if let Some(scope) = d.scope {
        c.insert("scope".into(), json!(scope.as_str()));
    }
    let mut deployment = Map::new();
    if let Some(i) = d.instances {
        deployment.insert("instances".into(), json!(i.max(1)));
    }
    if let Some(z) = d.zones {
        let cap = d.instances.unwrap_or(z).max(1);
        deployment.insert("zones".into(), json!(z.clamp(1, cap)));
    }
    if let Some(s) = d.strategy.filter(|_| has_secondary) {
        deployment.insert("region_strategy".into(), json!(s.as_str()));
    }
    if let Some(m) = d.managed_failover {
        deployment.insert("managed_failover".into(), json!(m));
    }
    if let Some(m) = d.in_region {
        deployment.insert("replication".into(), json!(m.as_str()));
    }
    if !deployment.is_empty() {
        c.insert("deployment".into(), Value::Object(deployment));
    }
    let b = &d.backup;
    let mut backup = Map::new();
    if let Some(f) = b.frequency {
        backup.insert("frequency".into(), json!(duration(f)));
    }
    if let Some(r) = b.retention {
        backup.insert("retention".into(), json!(duration(r)));
    }
    if b.pitr {
        backup.insert("pitr".into(), json!(true));
    }
    if b.copy_region.is_some()
        && b.copy_region.as_deref() == secondary
        && (b.frequency.is_some() || b.pitr)
    {
        backup.insert("cross_region_copy".into(), json!(true));
    }
    if b.immutable && (b.frequency.is_some() || b.pitr || b.versioning == Some(true)) {
        backup.insert("immutable".into(), json!(true));
    }
    if let Some(v) = b.versioning {
        backup.insert("versioning".into(), json!(v));
    }
    if !backup.is_empty() {
        c.insert("backup".into(), Value::Object(backup));
    }
    if let Some((mode, lag)) = d.replication.filter(|_| has_secondary) {
        let mut r = Map::new();
        r.insert("mode".into(), json!(mode.as_str()));
        if let Some(l) = lag {
            r.insert("lag".into(), json!(duration(l)));
        }
        c.insert("replication".into(), Value::Object(r));
    }
    if let Some(p) = d.deletion_protection {
        c.insert("deletion_protection".into(), json!(p));
    }
    let mut why: BTreeMap<String, String> = d.why.clone();
    if let Some((method, said)) = &d.deploy {
        c.insert("deploy".into(), json!({ "method": method.as_str() }));
        why.insert("deploy.method".into(), said.clone());
    }
    if !d.edges.is_empty() {
        let edges: Vec<Value> = (d.edges.iter())
            .map(|(&to, e)| {
                let mut edge = Map::new();
                edge.insert("id".into(), json!(ids[to]));
                if e.mode == Mode::Async {
                    edge.insert("mode".into(), json!("async"));
                }
                if let Some(t) = e.timeout.filter(|_| e.mode == Mode::Sync) {
                    edge.insert("timeout".into(), json!(duration(t)));
                }
                if !e.critical {
                    edge.insert("critical".into(), json!(false));
                }
                match edge.len() {
                    1 => json!(ids[to]),
                    _ => Value::Object(edge),
                }
            })
            .collect();
        c.insert("depends_on".into(), Value::Array(edges));
    }
    let mut origins: Vec<(String, u32, Value)> = (d.members.iter())
        .map(|&m| {
            let r = &resources[m];
            let mut o = Map::new();
            o.insert("file".into(), json!(r.origin.file));
            o.insert("address".into(), json!(r.origin.address));
            if let Some(region) = r.region() {
                o.insert("region".into(), json!(region));
            }
            if let Some(l) = r.origin.line {
                o.insert("line".into(), json!(l));
            }
            (
                r.origin.file.clone(),
                r.origin.line.unwrap_or(0),
                Value::Object(o),
            )
        })
        .collect();
    // The root first, then the others in file order.
    let root_origin = origins.remove(0);
    origins.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let list: Vec<Value> = std::iter::once(root_origin)
        .chain(origins)
        .map(|(_, _, v)| v)
        .collect();
    c.insert("imported_from".into(), Value::Array(list));
    for (&to, e) in &d.edges {
        why.insert(format!("depends_on.{}", ids[to]), e.why.clone());
    }
    if let Some(cond) = &d.conditional {
        why.insert(
            "exists".into(),
            format!("only when the condition {cond} holds, which drplan could not decide offline"),
        );
    }
    if !why.is_empty() {
        c.insert(
            "x-why".into(),
            Value::Object(why.into_iter().map(|(k, v)| (k, json!(v))).collect()),
        );
    }
    c
}

pub use crate::words::plural_s as plural;

/// Distinct values, counted (for the number of zones a set of subnets spans).
pub fn distinct<'a>(values: impl IntoIterator<Item = &'a str>) -> usize {
    values.into_iter().collect::<BTreeSet<_>>().len()
}
