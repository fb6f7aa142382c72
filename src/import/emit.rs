//! Drafts written as the architecture format's own types (`input::raw`), each with where it
//! comes from (`imported_from`) and why each inferred field is what it is (`x-why`, keyed by
//! the field's typed path).

use super::draft::{Credit, Draft, Watched};
use super::resource::Resource;
use crate::input::InputError;
use crate::input::compose::{self, ImportedComponent};
use crate::input::field::Field;
use crate::input::raw::{
    Dur, RawBackup, RawComponent, RawDeploy, RawDeployment, RawEdge, RawEdgeObject, RawOnDelete,
    RawOrigin, RawReplication, Unknown,
};
use crate::lists::Texts;
use crate::model::Mode;

/// The architecture's two regions, as the components are written against them.
#[derive(Debug, Clone, Copy)]
pub struct Regions<'a> {
    pub primary: Option<&'a str>,
    pub secondary: Option<&'a str>,
}

impl Regions<'_> {
    /// Whether a copy of the draft in `region` is one out of its region the format can say:
    /// somewhere else than the draft, and not the architecture's primary (a copy of a
    /// component of the secondary back into the primary is not a copy out of the primary).
    fn out_of(&self, d: &Draft, region: &str) -> bool {
        !region.is_empty() && Some(region) != d.region.as_deref() && Some(region) != self.primary
    }
}

/// The components of an import, each made from its draft when it is asked for: checked, then
/// written, one at a time, so that an import of a million resources never holds a million
/// components (nor their notes written out whole) at once.
pub struct Made {
    pub(super) drafts: Vec<Draft>,
    /// The components' ids, by draft.
    pub(super) ids: Texts,
    pub(super) names: Texts,
    /// The resources, their attributes freed: where each is written, for `imported_from`.
    pub(super) resources: Vec<Resource>,
    /// By component id, sorted.
    pub(super) credits: Vec<compose::Credit>,
    pub(super) primary: Option<String>,
    pub(super) secondary: Option<String>,
}

impl Made {
    pub fn len(&self) -> usize {
        self.drafts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.drafts.is_empty()
    }

    /// Component `k`, made now (what the sources credit it is added by the architecture it is
    /// written in).
    pub fn component(&self, k: usize) -> ImportedComponent {
        let regions = Regions {
            primary: self.primary.as_deref(),
            secondary: self.secondary.as_deref(),
        };
        let name = self.names.get(k).map(str::to_string);
        component(
            &self.drafts[k],
            &self.ids[k],
            name,
            &self.ids,
            &self.resources,
            regions,
        )
    }

    /// The architecture they make under the top level of a file (`bytes`, declaring no
    /// component), each component made when it is checked and again when it is written.
    pub fn streamed(
        &self,
        bytes: &[u8],
        source_name: &str,
    ) -> Result<compose::Streamed<'_, impl Fn(usize) -> ImportedComponent + Sync>, InputError> {
        let (primary, secondary) = (self.primary.as_deref(), self.secondary.as_deref());
        compose::stream_imported(
            bytes,
            source_name,
            &self.ids,
            &self.credits,
            (primary, secondary),
            |k| self.component(k),
        )
    }

    /// Every component made at once (for an architecture that lays its own components over
    /// them).
    pub fn into_imported(self) -> compose::Imported {
        let components = (0..self.len()).map(|k| self.component(k)).collect();
        compose::Imported {
            components,
            credits: self.credits,
            primary: self.primary,
            secondary: self.secondary,
        }
    }
}

/// The component of a draft, made when it is checked and again when it is written (the draft
/// is left as it is).
fn component(
    d: &Draft,
    id: &str,
    name: Option<String>,
    ids: &Texts,
    resources: &[Resource],
    regions: Regions,
) -> ImportedComponent {
    let secondary = regions.secondary;
    let has_secondary = secondary.is_some();
    let mut why = d.why.written(&resources[d.root].origin.address);
    let deploy = d.rare.deploy.map(|method| {
        Box::new(RawDeploy {
            method: Some(method),
            unknown: Unknown::default(),
        })
    });
    for (&to, e) in d.edges.iter() {
        why.insert(Field::DependsOn(ids[to].to_string()), e.why.clone());
    }
    if let Some(cond) = &d.rare.conditional {
        why.insert(
            Field::ImportedFrom,
            format!(
                "exists only when the condition {cond} holds, which drplan could not decide offline"
            ),
        );
    }
    let backup = backup(d, regions);
    let replication = replication(d, regions);
    // A copy in a region of its own (a multi-region bucket) recovers there without a secondary.
    let recovers_somewhere = has_secondary
        || replication.as_ref().is_some_and(|r| r.region.is_some())
        || backup.as_ref().is_some_and(|b| b.copy_region.is_some());
    let component = RawComponent {
        id: id.to_string(),
        kind: d.kind,
        name,
        description: None,
        owner: None,
        service: Some(d.service.to_string()),
        tags: None,
        stateful: d.stateful.filter(|&s| s != d.kind.stateful_by_default()),
        data_gb: d.data_gb,
        monthly_cost: None,
        entry: d.entry,
        cell: None,
        scope: d.scope,
        deployment: deployment(d, recovers_somewhere),
        backup,
        replication,
        recovery: None,
        deploy,
        traffic: None,
        observability: None,
        availability: None,
        policy: None,
        depends_on: (!d.edges.is_empty()).then(|| edges(d, ids)),
        deletion_protection: d.deletion_protection,
        on_delete: (d.on_delete != crate::model::Deletion::default()).then(|| {
            Box::new(RawOnDelete {
                destroy: d.on_delete.destroy,
                replace: d.on_delete.replace,
                unknown: Unknown::default(),
            })
        }),
        resources: d.resource.as_deref().map(|r| vec![r.raw()]),
        imported_from: Some(origins(d, resources)),
        unknown: Unknown::default(),
    };
    ImportedComponent { component, why }
}

fn deployment(d: &Draft, recovers_somewhere: bool) -> Option<Box<RawDeployment>> {
    let deployment = RawDeployment {
        instances: d.instances.map(|i| i.max(1)),
        zones: d.zones.map(|z| z.clamp(1, d.instances.unwrap_or(z).max(1))),
        region_strategy: d.strategy.filter(|_| recovers_somewhere),
        managed_failover: d.managed_failover,
        replication: d.in_region,
        unknown: Unknown::default(),
    };
    let empty = deployment.instances.is_none()
        && deployment.zones.is_none()
        && deployment.region_strategy.is_none()
        && deployment.managed_failover.is_none()
        && deployment.replication.is_none();
    (!empty).then(|| Box::new(deployment))
}

/// Its copy in another region, kept in step: written with the copy's region when that is not
/// the secondary (a cloud's fixed paired region).
fn replication(d: &Draft, regions: Regions) -> Option<Box<RawReplication>> {
    let secondary = regions.secondary;
    let (mode, lag) = d.rare.replication?;
    let there = (d.secondary.as_ref())
        .map(|s| s.region.as_str())
        .filter(|r| regions.out_of(d, r));
    if secondary.is_none() && there.is_none() {
        return None;
    }
    Some(Box::new(RawReplication {
        mode,
        lag: lag.map(Dur),
        region: there.filter(|r| Some(*r) != secondary).map(str::to_string),
        unknown: Unknown::default(),
    }))
}

fn backup(d: &Draft, regions: Regions) -> Option<Box<RawBackup>> {
    let secondary = regions.secondary;
    let b = &d.backup;
    let kept = b.frequency.is_some() || b.pitr;
    // A copy out of the primary region, whether or not it lands in the secondary (a one-off
    // snapshot's too).
    let copied_to =
        (b.copy_region.as_deref()).filter(|r| (kept || b.one_off) && regions.out_of(d, r));
    let backup = RawBackup {
        frequency: b.frequency.map(Dur),
        retention: b.retention.map(Dur),
        pitr: b.pitr.then_some(true),
        cross_region_copy: copied_to.is_some().then_some(true),
        copy_region: copied_to
            .filter(|r| Some(*r) != secondary)
            .map(str::to_string),
        immutable: (b.immutable && (kept || b.versioning == Some(true))).then_some(true),
        location: None,
        copy_location: None,
        restore_mb_per_sec: None,
        last_restore_test: None,
        time_from: None,
        layout: None,
        versioning: b.versioning,
        version_retention: b
            .version_retention
            .filter(|_| b.versioning == Some(true))
            .map(Dur),
        one_off: (b.one_off && !kept).then_some(true),
        unknown: Unknown::default(),
    };
    let empty = backup.frequency.is_none()
        && backup.retention.is_none()
        && backup.pitr.is_none()
        && backup.cross_region_copy.is_none()
        && backup.copy_region.is_none()
        && backup.immutable.is_none()
        && backup.versioning.is_none()
        && backup.one_off.is_none();
    (!empty).then(|| Box::new(backup))
}

/// Its edges: a bare id for a sync, critical edge without a timeout; an object otherwise.
fn edges(d: &Draft, ids: &Texts) -> Vec<RawEdge> {
    (d.edges.iter())
        .map(|(&to, e)| {
            let timeout = e.timeout.filter(|_| e.mode == Mode::Sync);
            if e.mode == Mode::Sync && timeout.is_none() && e.critical {
                return RawEdge::Id(ids[to].to_string());
            }
            RawEdge::Object(Box::new(RawEdgeObject {
                id: ids[to].to_string(),
                mode: (e.mode == Mode::Async).then_some(Mode::Async),
                critical: (!e.critical).then_some(false),
                timeout: timeout.map(Dur),
                retry: None,
                circuit_breaker: None,
                fallback: None,
                unknown: Unknown::default(),
            }))
        })
        .collect()
}

/// Where it comes from: the root first, then the others in file order.
fn origins(d: &Draft, resources: &[Resource]) -> Vec<RawOrigin> {
    let origin = |m: usize| {
        let r = &resources[m];
        RawOrigin {
            file: r.origin.file.to_string(),
            address: r.origin.address.to_string(),
            region: r.region().map(str::to_string),
            line: r.origin.line,
            unknown: Unknown::default(),
        }
    };
    let mut others: Vec<usize> = d.members[1..].to_vec();
    others.sort_by(|&a, &b| {
        let (a, b) = (&resources[a].origin, &resources[b].origin);
        (&a.file, a.line.unwrap_or(0)).cmp(&(&b.file, b.line.unwrap_or(0)))
    });
    std::iter::once(d.root).chain(others).map(origin).collect()
}

/// The credits of alarms, health checks, canaries and experiment templates, by the id of the
/// component they watch or test (each credit given with the draft its resource belongs to);
/// those that watch nothing the sources make a component of are left out. Sorted, once each.
pub fn credits(credits: Vec<(Option<usize>, Credit)>, ids: &Texts) -> Vec<compose::Credit> {
    let mut out: Vec<compose::Credit> = credits
        .into_iter()
        .filter_map(|(owner, c)| {
            let component = match c.watched {
                Watched::Resource(_) => ids[owner?].to_string(),
                Watched::Component(id) => id,
            };
            Some(compose::Credit {
                component,
                field: c.field,
                kind: c.kind,
                why: c.why,
            })
        })
        .collect();
    out.sort();
    out.dedup();
    out
}
