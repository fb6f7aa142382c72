//! What Google Cloud resources mean for recovery (the `google` and `google-beta` Terraform
//! providers). Each type is a row of `types.rs`; its facts a function of `facts.rs`. Across
//! types: the snapshot schedules of persistent disks (`snapshots`), the copies in other
//! regions the resources state (`replicas`), the edges between components (`edges`), and
//! region and zone names, with the locations that span regions (`region`). Every inferred fact
//! keeps its reason, as `x-why`.

mod credits;
mod edges;
mod facts;
mod lookup;
mod not_modelled;
mod region;
mod replicas;
mod row;
mod snapshots;
mod types;

use crate::import::resource::Value;

use super::draft::{Draft, Drafted};
use super::error::Error;
use super::provider::{Provider, Role, Wanted};
use super::resource::{Attributes, Handle, Region, Resource};
use region::{find_region, is_region, path_region, region_of, zone_region};

/// The Google Cloud provider.
pub struct Gcp;

impl Provider for Gcp {
    fn owns(&self, ty: &str) -> bool {
        ty.starts_with("google_")
    }

    fn terraform_providers(&self) -> &'static [&'static str] {
        &["google", "google-beta"]
    }

    fn wants(&self, ty: &str, provider: u8) -> Option<Wanted> {
        lookup::TABLE.wants(ty, provider)
    }

    fn role(&self, ty: &str) -> Role {
        lookup::TABLE.role(ty)
    }

    /// Its own `region`, `zone` or `location` (a region or a zone; a dual- or multi-region
    /// places it nowhere), its provider's `region` (or `zone`), its link.
    fn region(&self, values: &Attributes, configured: Option<Region>) -> Option<Region> {
        let own = |key: &'static str| {
            let v = values.get(key).and_then(Value::as_str)?;
            Some((region_of(v)?, format!("its {key}").into()))
        };
        if let Some(r) = own("region")
            .or_else(|| own("zone"))
            .or_else(|| own("location"))
        {
            return Some(r);
        }
        // Where a resource without a region of its own runs: a Spanner instance's regional
        // configuration (`regional-europe-west1`), a Bigtable instance's first cluster's zone.
        let regional = (values.get("config").and_then(Value::as_str))
            .and_then(|c| c.strip_prefix("regional-"))
            .filter(|r| is_region(r))
            .map(|r| (r.to_string(), "its config".into()));
        let clustered = (values.get("cluster").and_then(Value::as_array))
            .and_then(|c| c.first()?.get("zone")?.as_str())
            .and_then(region_of)
            .map(|r| (r, "its first cluster's zone".into()));
        if let Some(r) = regional.or(clustered) {
            return Some(r);
        }
        if let Some((name, why)) = configured {
            // A provider configured with a zone only places its resources in that zone's
            // region.
            if let Some(r) = region_of(&name) {
                return Some((r, why));
            }
        }
        ["self_link", "id"].iter().find_map(|key| {
            let link = values.get(key).and_then(Value::as_str)?;
            Some((path_region(link)?, format!("its {key}").into()))
        })
    }

    fn cloud(&self) -> &'static str {
        "gcp"
    }

    /// Regions only: not a multi-region (`US`, `us`) or a dual-region (`NAM4`), where data is
    /// kept and nothing runs.
    fn is_region(&self, location: &str) -> bool {
        is_region(location)
    }

    /// Region and zone names (`us-central1`, `us-central1-a`) name no one resource.
    fn identifies(&self, value: &str) -> bool {
        !is_region(value) && zone_region(value).is_none()
    }

    fn identifiers(&self, handle: Handle) -> &'static [&'static str] {
        lookup::TABLE.identifiers(handle.row)
    }

    fn region_in(&self, text: &str) -> Option<(usize, usize)> {
        find_region(text)
    }

    fn short_type<'a>(&self, ty: &'a str) -> &'a str {
        ty.strip_prefix("google_").unwrap_or(ty)
    }

    /// Checks the numbers, after reading an empty string as no value: the provider writes an
    /// optional string left unset as `""` (a Cloud SQL instance's backup `location`).
    fn check(&self, resources: &mut [Resource]) -> Result<Vec<String>, Error> {
        for r in resources.iter_mut().filter(|r| lookup::row(r).is_some()) {
            r.drop_blank_strings();
        }
        super::numbers::check(resources, |r| lookup::row(r).map(|t| t.numbers))
    }

    fn drafts(&self, resources: &[Resource], _now: jiff::Timestamp) -> Drafted {
        let mut drafts = facts::drafts(resources);
        snapshots::apply(&mut drafts, resources);
        let explicit = replicas::explicit(&drafts, resources);
        Drafted {
            drafts,
            explicit,
            credits: credits::credits(resources),
            plumbing: Vec::new(),
        }
    }

    fn edges(&self, drafts: &mut [Draft], resources: &[Resource], owner: &[Option<usize>]) {
        edges::apply(drafts, resources, owner);
    }

    fn timeouts(&self, drafts: &mut [Draft], resources: &[Resource]) {
        edges::timeouts(drafts, resources);
    }

    fn name(&self, root: &Resource) -> Option<String> {
        facts::name(root)
    }

    fn routes_to_both(&self, drafts: &[Draft], resources: &[Resource]) -> Option<String> {
        edges::routes_to_both(drafts, resources)
    }
}
