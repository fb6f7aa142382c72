//! Validation: raw serde types → checked `model` types. Applies the defaults of docs/input.md,
//! resolves edges, and collects every semantic problem with its JSON path.

use std::sync::Arc;
use std::time::Duration;

use rayon::prelude::*;

use super::locate::{JsonPath, LineIndex, Loc, locate};
use super::raw::{self, RawArchitecture, RawComponent, RawPolicy, Unknown};
use super::{Diagnostic, LoadOptions, did_you_mean, policy};
use crate::lists::Texts;
use crate::model::*;

/// Problems found so far; located in the text once, at the end.
#[derive(Default)]
pub struct Problems {
    items: Vec<(JsonPath, bool, String)>,
}

impl Problems {
    fn add(&mut self, path: Loc, message: impl Into<String>) {
        self.items.push((path.path(), false, message.into()));
    }

    /// A problem with a key itself (an unknown field): points at the key, not its value.
    fn add_at_key(&mut self, path: Loc, message: impl Into<String>) {
        self.items.push((path.path(), true, message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems with their paths, not yet placed in a text.
    pub fn into_unplaced(self) -> Vec<Diagnostic> {
        (self.items.into_iter())
            .map(|(path, at_key, message)| Diagnostic {
                file: None,
                position: None,
                path,
                message,
                at_key,
            })
            .collect()
    }

    pub fn into_diagnostics(self, text: &str, lines: &LineIndex) -> Vec<Diagnostic> {
        let paths: Vec<JsonPath> = self.items.iter().map(|(p, _, _)| p.clone()).collect();
        let found = locate(text, &paths);
        let mut out: Vec<Diagnostic> = self
            .items
            .into_iter()
            .map(|(path, at_key, message)| {
                let position = found.get(&path).map(|l| {
                    let offset = if at_key {
                        l.key.unwrap_or(l.value)
                    } else {
                        l.value
                    };
                    lines.position(offset)
                });
                Diagnostic {
                    file: None,
                    position,
                    path,
                    message,
                    at_key,
                }
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    fn unknown(&mut self, unknown: &Unknown, at: &Loc) {
        let known = unknown.known;
        for key in &unknown.keys {
            let hint = match did_you_mean(key, known.iter().copied()) {
                Some(k) => format!("; did you mean {k:?}?"),
                None => format!("; known fields: {}", known.join(", ")),
            };
            self.add_at_key(
                at.key(key),
                format!("unknown field {key:?}{hint} (extensions go under \"x-...\" keys)"),
            );
        }
    }

    fn non_negative(&mut self, value: Option<f64>, at: Loc, what: &str) -> Option<f64> {
        match value {
            Some(v) if !(v.is_finite() && v >= 0.0) => {
                self.add(at, format!("{what} must be a number ≥ 0, not {v}"));
                None
            }
            other => other,
        }
    }

    fn percent(&mut self, value: Option<f64>, at: Loc) -> Option<f64> {
        match value {
            Some(v) if !(v > 0.0 && v <= 100.0) => {
                self.add(
                    at,
                    format!("{v} is not a percentage in (0, 100]; write e.g. 99.95"),
                );
                None
            }
            other => other,
        }
    }
}

/// Checks the raw architecture, consuming it: its strings become the model's.
pub fn architecture(
    mut top: RawArchitecture,
    options: &LoadOptions,
    problems: &mut Problems,
) -> Architecture {
    let raw_components = top.components.take().unwrap_or_default();
    let ids: Texts = raw_components.iter().map(|c| Some(c.id.as_str())).collect();
    let checked = top_level(&top, &ids, options, problems);
    let checked = checked.map_index(|sorted| sorted.index());
    drop(ids);
    let ctx = checked.context();
    // Components are checked in parallel, each with its own problems, merged in order.
    let list = Loc::ROOT.key("components");
    let (components, found): (Vec<Component>, Vec<Problems>) = raw_components
        .into_par_iter()
        .enumerate()
        .map(|(i, c)| {
            let mut mine = Problems::default();
            let checked = component(c, &list.index(i), &ctx, &mut mine);
            (checked, mine)
        })
        .unzip();
    for mut p in found {
        problems.items.append(&mut p.items);
    }
    let TopLevel {
        currency,
        regions,
        app_policy,
        business,
        index,
    } = checked;
    Architecture {
        name: top.name,
        currency,
        regions,
        policy: Policy::clone(&app_policy),
        business,
        components,
        index,
    }
}

/// The problems of an architecture given as its top level, its components' ids and a way to
/// make each component (`make`), found as [`architecture`] finds them, each component and its
/// model dropped as soon as it is checked: a file being written is checked without holding its
/// components, nor their model.
pub fn problems(
    top: &RawArchitecture,
    ids: &Texts,
    make: &(dyn Fn(usize) -> RawComponent + Sync),
    options: &LoadOptions,
) -> Problems {
    let mut problems = Problems::default();
    let checked = top_level(top, ids, options, &mut problems);
    let ctx = checked.context();
    let list = Loc::ROOT.key("components");
    let found: Vec<Problems> = ((0..ids.len()).into_par_iter())
        .filter_map(|i| {
            let mut mine = Problems::default();
            component(make(i), &list.index(i), &ctx, &mut mine);
            (!mine.is_empty()).then_some(mine)
        })
        .collect();
    for mut p in found {
        problems.items.append(&mut p.items);
    }
    problems
}

/// What the whole architecture decides for each component: its currency, regions, policy,
/// business figures and the index of its components' ids (`ids`, in order).
struct TopLevel<I> {
    currency: String,
    regions: Regions,
    app_policy: Arc<Policy>,
    business: Business,
    index: I,
}

impl<I> TopLevel<I> {
    fn map_index<J>(self, f: impl FnOnce(I) -> J) -> TopLevel<J> {
        TopLevel {
            currency: self.currency,
            regions: self.regions,
            app_policy: self.app_policy,
            business: self.business,
            index: f(self.index),
        }
    }
}

impl<I: Find> TopLevel<I> {
    fn context(&self) -> Context<'_> {
        Context {
            index: &self.index,
            regions: &self.regions,
            app_policy: &self.app_policy,
        }
    }
}

/// The top level checked, and the components' ids.
fn top_level<'a>(
    top: &RawArchitecture,
    ids: &'a Texts,
    options: &LoadOptions,
    problems: &mut Problems,
) -> TopLevel<Sorted<'a>> {
    let root = Loc::ROOT;
    problems.unknown(&top.unknown, &root);
    if top.sources.is_some() {
        problems.add(
            root.key("sources"),
            "sources are imported with the files they name: load the file through drplan's commands",
        );
    }
    if top.name.trim().is_empty() {
        problems.add(root.key("name"), "the name must not be empty");
    }
    let currency = top.currency.clone().unwrap_or_else(|| "USD".into());
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        problems.add(
            root.key("currency"),
            format!("{currency:?} is not an ISO 4217 code such as \"USD\" or \"EUR\""),
        );
    }
    let regions = match &top.regions {
        Some(r) => {
            problems.unknown(&r.unknown, &root.key("regions"));
            Regions {
                primary: r.primary.clone(),
                secondary: r.secondary.clone(),
            }
        }
        None => Regions {
            primary: None,
            secondary: None,
        },
    };
    if let (Some(p), Some(s)) = (&regions.primary, &regions.secondary)
        && p == s
    {
        problems.add(
            root.key("regions").key("secondary"),
            "the secondary region must differ from the primary",
        );
    }

    let app_policy = Arc::new(match (&options.policy, &top.policy) {
        // A Resilience Hub document has targets only: the file's availability objective stays.
        (Some(p), raw) => Policy {
            availability_slo: raw.as_ref().and_then(|r| {
                problems.percent(
                    r.availability_slo,
                    root.key("policy").key("availability_slo"),
                )
            }),
            ..p.clone()
        },
        (None, Some(raw)) => resolve_policy(raw, &Policy::default(), &root.key("policy"), problems),
        (None, None) => Policy::default(),
    });
    let business = business(top, problems);

    if ids.is_empty() {
        problems.add(
            root.key("components"),
            "an architecture needs at least one component",
        );
    }

    // Ids first, so that edges can be resolved whatever their order.
    let id = |k: CompIdx| &ids[k];
    let order = id_order(ids.len(), id);
    let mut repeated = repeated_ids(&order, id).into_iter().peekable();
    let list = root.key("components");
    for i in 0..ids.len() {
        let id = &ids[i];
        let item = list.index(i);
        let at = || item.key("id");
        if !valid_id(id) {
            problems.add(at(), format!("{id:?} is not a valid id; use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit"));
        }
        if let Some(r) = repeated.next_if(|r| r.at == i) {
            problems.add(
                at(),
                format!(
                    "duplicate id {id:?} (first used by components[{}])",
                    r.first
                ),
            );
        }
    }
    let index = Sorted { ids, order };

    TopLevel {
        currency,
        regions,
        app_policy,
        business,
        index,
    }
}

/// Components found by id.
trait Find: Sync {
    fn find(&self, id: &str) -> Option<CompIdx>;
    /// Every id, for a hint.
    fn ids(&self) -> Box<dyn Iterator<Item = &str> + '_>;
}

impl Find for IdIndex {
    fn find(&self, id: &str) -> Option<CompIdx> {
        self.get(id).copied()
    }

    fn ids(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        Box::new(self.keys().map(String::as_str))
    }
}

/// The ids, and their positions in the ids' order ([`id_order`]): looked up by halving.
struct Sorted<'a> {
    ids: &'a Texts,
    order: Vec<CompIdx>,
}

impl Sorted<'_> {
    /// The index the model keeps: each id's first position.
    fn index(&self) -> IdIndex {
        let mut index = IdIndex::with_capacity_and_hasher(self.ids.len(), Default::default());
        for k in 0..self.ids.len() {
            index.entry(self.ids[k].to_string()).or_insert(k);
        }
        index
    }
}

impl Find for Sorted<'_> {
    fn find(&self, id: &str) -> Option<CompIdx> {
        let n = self.order.partition_point(|&k| &self.ids[k] < id);
        (self.order.get(n))
            .filter(|&&k| &self.ids[k] == id)
            .copied()
    }

    fn ids(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        Box::new((0..self.ids.len()).map(|k| &self.ids[k]))
    }
}

struct Context<'a> {
    index: &'a dyn Find,
    regions: &'a Regions,
    app_policy: &'a Arc<Policy>,
}

fn valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

fn business(top: &RawArchitecture, problems: &mut Problems) -> Business {
    let at = Loc::ROOT.key("business");
    let Some(b) = &top.business else {
        return Business {
            downtime_cost_per_hour: None,
            incidents_per_year: PerDisruption([None; 4]),
        };
    };
    problems.unknown(&b.unknown, &at);
    let downtime = problems.non_negative(
        b.downtime_cost_per_hour,
        at.key("downtime_cost_per_hour"),
        "downtime_cost_per_hour",
    );
    let mut incidents = PerDisruption([None; 4]);
    if let Some(i) = &b.incidents_per_year {
        let at = at.key("incidents_per_year");
        problems.unknown(&i.unknown, &at);
        for (d, v) in [
            (Disruption::Software, i.software),
            (Disruption::Hardware, i.hardware),
            (Disruption::Az, i.az),
            (Disruption::Region, i.region),
        ] {
            incidents[d] = problems.non_negative(v, at.key(d.as_str()), "an incident rate");
        }
    }
    Business {
        downtime_cost_per_hour: downtime,
        incidents_per_year: incidents,
    }
}

/// A policy block over `base` targets: a tier replaces them with its preset, then each
/// declared target overrides its disruption (a missing rto or rpo is taken from below it).
fn resolve_policy(raw: &RawPolicy, base: &Policy, at: &Loc, problems: &mut Problems) -> Policy {
    problems.unknown(&raw.unknown, at);
    let mut targets = match raw.tier {
        Some(tier) => PerDisruption(policy::preset(tier).0.map(Some)),
        None => base.targets,
    };
    if let Some(raw_targets) = &raw.targets {
        let at = at.key("targets");
        problems.unknown(&raw_targets.unknown, &at);
        for d in Disruption::ALL {
            let Some(t) = raw_targets.get(d) else {
                continue;
            };
            let at = at.key(d.as_str());
            problems.unknown(&t.unknown, &at);
            let below = targets[d];
            let rto = t.rto.map(|r| r.0).or(below.map(|b| b.rto));
            let rpo = t.rpo.map(|r| r.0).or(below.map(|b| b.rpo));
            match (rto, rpo) {
                (Some(rto), Some(rpo)) => targets[d] = Some(Target { rto, rpo }),
                _ => problems.add(at, "a target needs both \"rto\" and \"rpo\" (or a tier that supplies the missing one)"),
            }
        }
    }
    // The availability objective is inherited like the targets.
    let availability_slo = problems
        .percent(raw.availability_slo, at.key("availability_slo"))
        .or(base.availability_slo);
    Policy {
        tier: raw.tier,
        targets,
        availability_slo,
    }
}

/// A region a copy names for itself (`backup.copy_region`, `replication.region`): a name, and
/// not the primary region it is a copy out of.
fn other_region(
    problems: &mut Problems,
    region: &Option<String>,
    at: Loc,
    primary: Option<&str>,
) -> Option<String> {
    let r = region.as_deref()?;
    if r.trim().is_empty() {
        problems.add(at, "a region name cannot be empty");
        return None;
    }
    if Some(r) == primary {
        problems.add(
            at,
            format!("{r:?} is regions.primary: a copy out of the region names another region"),
        );
        return None;
    }
    Some(r.to_string())
}

fn component(c: RawComponent, at: &Loc, ctx: &Context, problems: &mut Problems) -> Component {
    problems.unknown(&c.unknown, at);
    let kind = c.kind;
    let stateful = c.stateful.unwrap_or(kind.stateful_by_default());
    let data_gb = problems
        .non_negative(c.data_gb, at.key("data_gb"), "data_gb")
        .unwrap_or(0.0);
    let monthly_cost =
        problems.non_negative(c.monthly_cost, at.key("monthly_cost"), "monthly_cost");
    let scope = c.scope.unwrap_or(if kind == Kind::Dns {
        Scope::Global
    } else {
        Scope::Regional
    });
    let has_secondary = ctx.regions.secondary.is_some();
    // `or`: the field that names the copy's own region instead, where there is one.
    let needs_secondary = |problems: &mut Problems, path: Loc, what: &str, or: &str| {
        if !has_secondary {
            problems.add(path, format!("{what} needs regions.secondary: add \"regions\": {{\"secondary\": \"...\"}} at the top level{or}"));
        }
    };

    let deployment = deployment(&c, kind, &at.key("deployment"), problems);
    // A component whose copy names its own region (a multi-region bucket, backups kept in a
    // region of the cloud's choosing) recovers there, whatever the architecture's secondary.
    let own_copy_region = c.replication.as_ref().is_some_and(|r| r.region.is_some())
        || c.backup.as_ref().is_some_and(|b| b.copy_region.is_some());
    if deployment.region_strategy != Strategy::None && !own_copy_region {
        needs_secondary(
            problems,
            at.key("deployment").key("region_strategy"),
            &format!("region_strategy {:?}", deployment.region_strategy.as_str()),
            ", or name the region its copy is in: \"replication\": {\"region\": \"...\"} or \"backup\": {\"copy_region\": \"...\"}",
        );
    }

    let backup = c.backup.as_ref().map(|b| {
        let at = at.key("backup");
        problems.unknown(&b.unknown, &at);
        let pitr = b.pitr.unwrap_or(false);
        let frequency = match (b.frequency, pitr) {
            (Some(f), _) if f.0.is_zero() => {
                problems.add(
                    at.key("frequency"),
                    "the backup interval must be longer than 0s",
                );
                None
            }
            (Some(f), _) => Some(f.0),
            (None, true) => Some(Duration::from_secs(24 * 3600)),
            (None, false) => None,
        };
        let copy_region = other_region(
            problems,
            &b.copy_region,
            at.key("copy_region"),
            ctx.regions.primary.as_deref(),
        );
        let cross_region_copy = match (b.cross_region_copy, &copy_region) {
            (Some(false), Some(r)) => {
                problems.add(
                    at.key("cross_region_copy"),
                    format!("cross_region_copy is false but copy_region names {r:?}: drop one"),
                );
                false
            }
            (declared, Some(_)) => declared.unwrap_or(true),
            (declared, None) => declared.unwrap_or(false),
        };
        if cross_region_copy && b.copy_region.is_none() {
            needs_secondary(
                problems,
                at.key("cross_region_copy"),
                "cross_region_copy",
                ", or name where the copies go: \"copy_region\"",
            );
        }
        if let Some(r) = b.restore_mb_per_sec
            && !(r.is_finite() && r > 0.0)
        {
            problems.add(
                at.key("restore_mb_per_sec"),
                format!("restore throughput must be a number > 0 (MB/s), not {r}"),
            );
        }
        let mut location = |key: &str, text: &Option<String>| {
            let text = text.as_deref()?;
            S3Location::parse(text)
                .map_err(|_| {
                    problems.add(
                        at.key(key),
                        format!("{text:?} is not an S3 location; write \"s3://bucket/prefix/\""),
                    )
                })
                .ok()
        };
        let (location, copy_location) = (
            location("location", &b.location),
            location("copy_location", &b.copy_location),
        );
        Box::new(Backup {
            frequency,
            retention: b.retention.map(|r| r.0),
            pitr,
            cross_region_copy,
            copy_region,
            immutable: b.immutable.unwrap_or(false),
            location,
            copy_location,
            restore_mb_per_sec: b.restore_mb_per_sec.filter(|r| r.is_finite() && *r > 0.0),
            last_restore_test: b.last_restore_test.map(|d| d.0),
            time_from: b.time_from.unwrap_or(TimeFrom::LastModified),
            layout: b.layout.unwrap_or(Layout::Object),
            versioning: b.versioning,
            version_retention: b.version_retention.map(|r| r.0),
            one_off: b.one_off.unwrap_or(false),
        })
    });

    let replication = c.replication.as_ref().map(|r| {
        let at = at.key("replication");
        problems.unknown(&r.unknown, &at);
        let region = other_region(
            problems,
            &r.region,
            at.key("region"),
            ctx.regions.primary.as_deref(),
        );
        if r.region.is_none() {
            needs_secondary(
                problems,
                at,
                "replication to another region",
                ", or name where the copy is: \"region\"",
            );
        }
        RegionReplication {
            mode: r.mode,
            lag: r.lag.map(|l| l.0),
            region,
        }
    });

    let recovery = match &c.recovery {
        Some(r) => {
            problems.unknown(&r.unknown, &at.key("recovery"));
            Recovery {
                detection: r.detection.map(|d| d.0),
                provision: r.provision.map(|d| d.0),
                startup: r.startup.map_or(Duration::ZERO, |d| d.0),
            }
        }
        None => Recovery::default(),
    };
    let deploy = match &c.deploy {
        Some(d) => {
            problems.unknown(&d.unknown, &at.key("deploy"));
            d.method.unwrap_or(DeployMethod::InPlace)
        }
        None => DeployMethod::InPlace,
    };
    let (throttling, load_shedding) = match &c.traffic {
        Some(t) => {
            problems.unknown(&t.unknown, &at.key("traffic"));
            (
                t.throttling.unwrap_or(false),
                t.load_shedding.unwrap_or(false),
            )
        }
        None => (false, false),
    };
    let observability = observability(&c, at, problems);
    let availability = problems.percent(c.availability, at.key("availability"));
    let (policy, policy_overridden) = match &c.policy {
        Some(p) => (
            Arc::new(resolve_policy(
                p,
                ctx.app_policy,
                &at.key("policy"),
                problems,
            )),
            true,
        ),
        None => (Arc::clone(ctx.app_policy), false),
    };
    let depends_on = edges(&c, at, ctx, problems);
    let imported_from = (c.imported_from.into_iter().flatten().enumerate())
        .map(|(i, o)| {
            problems.unknown(&o.unknown, &at.key("imported_from").index(i));
            Origin {
                file: o.file,
                address: o.address,
                region: o.region,
                line: o.line,
            }
        })
        .collect();

    let resources = resources(c.resources.unwrap_or_default(), at, ctx, problems);

    Component {
        id: c.id,
        kind,
        name: c.name,
        description: c.description,
        owner: c.owner,
        service: c.service,
        tags: c.tags.unwrap_or_default(),
        stateful,
        data_gb,
        monthly_cost,
        entry: c.entry,
        cell: c.cell,
        scope,
        deployment,
        backup,
        replication,
        recovery,
        deploy,
        throttling,
        load_shedding,
        observability,
        availability,
        policy,
        policy_overridden,
        depends_on,
        deletion_protection: c.deletion_protection,
        on_delete: match &c.on_delete {
            Some(d) => {
                problems.unknown(&d.unknown, &at.key("on_delete"));
                Deletion {
                    destroy: d.destroy,
                    replace: d.replace,
                }
            }
            None => Deletion::default(),
        },
        imported_from,
        resources,
    }
}

/// `resources`: each an ARN, or a service and an id (and a region, else `regions.primary`).
fn resources(
    list: Vec<raw::RawResource>,
    at: &Loc,
    ctx: &Context,
    problems: &mut Problems,
) -> Vec<Resource> {
    let mut out: Vec<Resource> = Vec::with_capacity(list.len());
    let list_at = at.key("resources");
    for (i, r) in list.into_iter().enumerate() {
        let at = list_at.index(i);
        problems.unknown(&r.unknown, &at);
        let checked = match (r.arn, r.service, r.id) {
            (Some(arn), None, None) => {
                if r.region.is_some() {
                    problems.add(
                        at.key("region"),
                        "an ARN names its own region: leave \"region\" out",
                    );
                }
                Resource::from_arn(&arn)
                    .map_err(|e| problems.add(at.key("arn"), e.to_string()))
                    .ok()
            }
            (None, Some(kind), Some(id)) => {
                let region = r.region.or_else(|| ctx.regions.primary.clone());
                match region {
                    None => {
                        problems.add(
                            at,
                            "a resource named by service and id needs a \"region\" (or regions.primary)",
                        );
                        None
                    }
                    Some(region) => Resource::named(kind, &id, &region)
                        .map_err(|e| {
                            let key = match e {
                                NamedError::Id { .. } => "id",
                                NamedError::Region(_) => "region",
                            };
                            problems.add(at.key(key), e.to_string());
                        })
                        .ok(),
                }
            }
            (Some(_), _, _) => {
                problems.add(
                    at,
                    "write either \"arn\" or \"service\" and \"id\", not both",
                );
                None
            }
            (None, Some(_), None) => {
                problems.add(at, "\"service\" needs an \"id\"");
                None
            }
            (None, None, Some(_)) => {
                problems.add(
                    at,
                    "\"id\" needs a \"service\" (rds-instance, rds-cluster, dynamodb-table, ebs-volume, efs-file-system, s3-bucket)",
                );
                None
            }
            (None, None, None) => {
                problems.add(
                    at,
                    "write {\"arn\": ...} or {\"service\": ..., \"id\": ...}",
                );
                None
            }
        };
        if let Some(resource) = checked {
            if out.contains(&resource) {
                problems.add(at, format!("{resource} is listed twice"));
            } else {
                out.push(resource);
            }
        }
    }
    out
}

fn deployment(c: &RawComponent, kind: Kind, at: &Loc, problems: &mut Problems) -> Deployment {
    let replicated_by_default = matches!(kind, Kind::Storage | Kind::Queue);
    let raw = c.deployment.as_ref();
    if let Some(d) = raw {
        problems.unknown(&d.unknown, at);
    }
    let instances = raw
        .and_then(|d| d.instances)
        .unwrap_or(if replicated_by_default { 3 } else { 1 });
    let zones = raw
        .and_then(|d| d.zones)
        .unwrap_or(if replicated_by_default { instances } else { 1 });
    if instances == 0 {
        problems.add(at.key("instances"), "instances must be at least 1");
    }
    if zones == 0 {
        problems.add(at.key("zones"), "zones must be at least 1");
    }
    if zones > instances && instances > 0 {
        problems.add(at.key("zones"), format!("zones ({zones}) cannot exceed instances ({instances}): each zone needs a running copy"));
    }
    Deployment {
        instances: instances.max(1),
        zones: zones.clamp(1, instances.max(1)),
        region_strategy: raw
            .and_then(|d| d.region_strategy)
            .unwrap_or(Strategy::None),
        managed_failover: raw.and_then(|d| d.managed_failover).unwrap_or(true),
        replication: raw.and_then(|d| d.replication).unwrap_or(Mode::Sync),
    }
}

fn observability(c: &RawComponent, at: &Loc, problems: &mut Problems) -> Observability {
    let Some(o) = &c.observability else {
        return Observability::default();
    };
    let at = at.key("observability");
    problems.unknown(&o.unknown, &at);
    let drills = o
        .drills
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, d)| {
            problems.unknown(&d.unknown, &at.key("drills").index(i));
            Drill {
                date: d.date.0,
                disruption: d.disruption,
                rto: d.rto.map(|r| r.0),
                rpo: d.rpo.map(|r| r.0),
            }
        })
        .collect();
    let mut alarms = o.alarms.clone().unwrap_or_default();
    alarms.sort();
    alarms.dedup();
    let mut experiments = o.experiments.clone().unwrap_or_default();
    experiments.sort();
    experiments.dedup();
    Observability {
        alarms,
        experiments,
        runbook: o.runbook.clone(),
        last_tested: o.last_tested.map(|d| d.0),
        drills,
    }
}

const BACKOFFS: &[&str] = &["exponential", "linear", "constant", "fixed", "none"];

fn edges(c: &RawComponent, at: &Loc, ctx: &Context, problems: &mut Problems) -> Vec<Edge> {
    let mut out: Vec<Edge> = Vec::with_capacity(c.depends_on.as_ref().map_or(0, Vec::len));
    for (i, e) in c.depends_on.iter().flatten().enumerate() {
        let list = at.key("depends_on");
        let at = list.index(i);
        let target = e.target();
        let target_at = if matches!(e, raw::RawEdge::Object(_)) {
            at.key("id")
        } else {
            at
        };
        let Some(to) = ctx.index.find(target) else {
            let hint = did_you_mean(target, ctx.index.ids())
                .map(|s| format!("; did you mean {s:?}?"))
                .unwrap_or_default();
            problems.add(
                target_at,
                format!("depends on {target:?}, which is not a component id{hint}"),
            );
            continue;
        };
        if target == c.id {
            problems.add(target_at, format!("{target:?} depends on itself"));
            continue;
        }
        if out.iter().any(|x| x.to == to) {
            problems.add(
                target_at,
                format!("{target:?} is listed twice in depends_on"),
            );
            continue;
        }
        let edge = match e {
            raw::RawEdge::Id(_) => Edge {
                to,
                mode: Mode::Sync,
                critical: true,
                timeout: None,
                retry: None,
                circuit_breaker: false,
                fallback: None,
            },
            raw::RawEdge::Object(o) => {
                problems.unknown(&o.unknown, &at);
                let mode = o.mode.unwrap_or(Mode::Sync);
                if let Some(t) = o.timeout
                    && t.0.is_zero()
                {
                    problems.add(at.key("timeout"), "a timeout must be longer than 0s");
                }
                let retry = o.retry.as_ref().map(|r| {
                    let at = at.key("retry");
                    problems.unknown(&r.unknown, &at);
                    if r.max_attempts == Some(0) {
                        problems.add(at.key("max_attempts"), "max_attempts must be at least 1");
                    }
                    if let Some(b) = &r.backoff
                        && !BACKOFFS.contains(&b.as_str())
                    {
                        problems.add(
                            at.key("backoff"),
                            format!("{b:?} is not a backoff; use one of {}", BACKOFFS.join(", ")),
                        );
                    }
                    Box::new(Retry {
                        max_attempts: r.max_attempts,
                        backoff: r.backoff.clone(),
                        jitter: r.jitter.unwrap_or(false),
                    })
                });
                Edge {
                    to,
                    mode,
                    critical: o.critical.unwrap_or(mode == Mode::Sync),
                    timeout: o.timeout.map(|t| t.0),
                    retry,
                    circuit_breaker: o.circuit_breaker.unwrap_or(false),
                    fallback: o.fallback.clone(),
                }
            }
        };
        out.push(edge);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repeated id is reported at each later place with its first, and edges find their
    /// targets (or a hint), alike when the components are held and when they are made one at
    /// a time.
    #[test]
    fn repeated_ids_and_edges_are_checked_alike_held_or_made() {
        let components = serde_json::json!([
            {"id": "b", "kind": "compute", "depends_on": ["a"]},
            {"id": "a", "kind": "compute"},
            {"id": "b", "kind": "compute", "depends_on": ["aa"]},
            {"id": "c", "kind": "compute", "depends_on": ["b"]},
            {"id": "b", "kind": "compute"}
        ]);
        let top = || -> RawArchitecture {
            serde_json::from_value(serde_json::json!({"name": "x"})).expect("a top level")
        };
        let raw: Vec<RawComponent> =
            serde_json::from_value(components.clone()).expect("components");
        let said = |p: &Problems| -> Vec<String> {
            (p.items.iter())
                .map(|(path, _, message)| format!("{path}: {message}"))
                .collect()
        };
        let expected = [
            "components[2].id: duplicate id \"b\" (first used by components[0])",
            "components[4].id: duplicate id \"b\" (first used by components[0])",
            "components[2].depends_on[0]: depends on \"aa\", which is not a component id; did you mean \"a\"?",
        ];
        let ids: Texts = raw.iter().map(|c| Some(c.id.as_str())).collect();
        let make = |k: usize| raw[k].clone();
        let made = problems(&top(), &ids, &make, &LoadOptions::default());
        assert_eq!(said(&made), expected);
        let mut whole = top();
        whole.components = Some(raw.clone());
        let mut held = Problems::default();
        let arch = architecture(whole, &LoadOptions::default(), &mut held);
        assert_eq!(said(&held), expected);
        assert_eq!(arch.find("b"), Some(0), "the first b");
        assert_eq!(arch.components[3].depends_on[0].to, 0);
    }
}
