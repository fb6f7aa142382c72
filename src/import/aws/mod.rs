//! What AWS resources mean for recovery. Each type is a row of `types/`; its facts a
//! function of `facts/`. Across types: the zones subnets give (`zones`), the backups AWS
//! Backup takes (`backup`), the copies in other regions the resources state (`replicas`), the
//! edges between components (`edges`), and CloudFormation's types and properties in
//! Terraform's words (`cfn`, `cfn_shapes`). Every inferred fact keeps its reason, as `x-why`.

mod backup;
pub mod cfn;
mod cfn_shapes;
mod credits;
mod cron;
mod deletion;
mod edges;
mod facts;
mod lookup;
mod not_modelled;
mod region;
mod replicas;
mod row;
mod snapshots;
mod types;
mod versions;
mod zones;

use std::borrow::Cow;

use crate::import::resource::Value;

use super::draft::{Draft, Drafted};
use super::error::Error;
use super::provider::{Provider, Role, Wanted};
use super::resource::Resource;
use super::resource::{Attributes, Handle, Region};
use region::{arn_region, find_region, zone_region};

/// The AWS provider.
pub struct Aws;

impl Provider for Aws {
    fn cloud(&self) -> &'static str {
        "aws"
    }

    fn owns(&self, ty: &str) -> bool {
        ty.starts_with("aws_")
            || ty.starts_with("AWS::")
            || ty == row::EXPORT_TYPE
            || not_modelled::UTILITY.iter().any(|p| ty.starts_with(p))
    }

    fn terraform_providers(&self) -> &'static [&'static str] {
        &["aws"]
    }

    fn wants(&self, ty: &str, provider: u8) -> Option<Wanted> {
        lookup::TABLE.wants(ty, provider)
    }

    fn role(&self, ty: &str) -> Role {
        lookup::TABLE.role(ty)
    }

    /// Its own `region` attribute (provider 6), its provider's configuration, its ARN, its
    /// availability zone.
    fn region(&self, values: &Attributes, configured: Option<Region>) -> Option<Region> {
        if let Some(r) = values.get("region").and_then(Value::as_str) {
            return Some((r.to_string(), "its region attribute".into()));
        }
        if configured.is_some() {
            return configured;
        }
        if let Some(r) = values
            .get("arn")
            .and_then(Value::as_str)
            .and_then(arn_region)
        {
            return Some((r.to_string(), "its ARN".into()));
        }
        for key in ["availability_zone", "availability_zone_name"] {
            if let Some(r) = values
                .get(key)
                .and_then(Value::as_str)
                .and_then(zone_region)
            {
                return Some((r.to_string(), Cow::Owned(format!("its {key}"))));
            }
        }
        None
    }

    /// Region names (`us-east-1`) name no one resource.
    fn identifies(&self, value: &str) -> bool {
        !value.starts_with("us-")
    }

    fn identifiers(&self, handle: Handle) -> &'static [&'static str] {
        lookup::TABLE.identifiers(handle.row)
    }

    fn region_in(&self, text: &str) -> Option<(usize, usize)> {
        find_region(text)
    }

    fn short_type<'a>(&self, ty: &'a str) -> &'a str {
        ty.strip_prefix("aws_").unwrap_or(ty)
    }

    fn check(&self, resources: &mut [Resource]) -> Result<Vec<String>, Error> {
        crate::import::numbers::check(resources, |r| lookup::row(r).map(|t| t.numbers))
    }

    fn drafts(&self, resources: &[Resource], now: jiff::Timestamp) -> Drafted {
        let (mut drafts, plumbing) = facts::drafts(resources);
        zones::apply(&mut drafts, resources);
        backup::apply(&mut drafts, resources, now);
        snapshots::apply(&mut drafts, resources, now);
        let explicit = replicas::read(&mut drafts, resources);
        let credits = credits::credits(resources);
        Drafted {
            drafts,
            explicit,
            credits,
            plumbing,
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
        edges::dns_routes_to_both(drafts, resources)
    }
}
