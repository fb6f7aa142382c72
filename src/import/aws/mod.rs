//! What AWS resources mean for recovery. Each type is a row of `types.rs`; its facts a
//! function of `facts.rs`. Across types: the zones subnets give (`zones`), the backups AWS
//! Backup takes (`backup`), the copies in other regions the resources state (`replicas`), the
//! edges between components (`edges`), and CloudFormation's types and properties in
//! Terraform's words (`cfn`, `cfn_shapes`). Every inferred fact keeps its reason, as `x-why`.

mod backup;
pub mod cfn;
mod cfn_shapes;
mod edges;
mod facts;
mod replicas;
mod types;
mod zones;

use std::borrow::Cow;

use serde_json::Value;

use super::draft::{Draft, Explicit, Notes, conditional};
use super::provider::{Handle, Provider, Region, Role, Wanted};
use super::resource::Resource;
use types::{Is, TYPES, Type};

/// The AWS provider.
pub struct Aws;

impl Provider for Aws {
    fn owns(&self, ty: &str) -> bool {
        ty.starts_with("aws_")
            || ty.starts_with("AWS::")
            || ty == types::EXPORT_TYPE
            || types::UTILITY.iter().any(|p| ty.starts_with(p))
    }

    fn terraform_providers(&self) -> &'static [&'static str] {
        &["aws"]
    }

    fn wants(&self, ty: &str, provider: u8) -> Option<Wanted> {
        let row = types::row_index(ty)?;
        matches!(
            TYPES[usize::from(row)].role,
            Role::Component(..) | Role::Member | Role::Informs
        )
        .then(|| Wanted {
            handle: Handle { provider, row },
            attributes: types::kept(row),
        })
    }

    fn role(&self, ty: &str) -> Role {
        types::role(ty)
    }

    /// Its own `region` attribute (provider 6), its provider's configuration, its ARN, its
    /// availability zone.
    fn region(&self, values: &Value, configured: Option<Region>) -> Option<Region> {
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
        types::identifiers(handle.row)
    }

    fn region_in(&self, text: &str) -> Option<(usize, usize)> {
        find_region(text)
    }

    fn short_type<'a>(&self, ty: &'a str) -> &'a str {
        ty.strip_prefix("aws_").unwrap_or(ty)
    }

    fn drafts(&self, resources: &[Resource], notes: &Notes) -> (Vec<Option<Draft>>, Vec<Explicit>) {
        let mut drafts = facts::drafts(resources);
        for d in drafts.iter_mut().flatten() {
            conditional(d, resources, notes);
        }
        zones::apply(&mut drafts, resources);
        backup::apply(&mut drafts, resources);
        let explicit = replicas::explicit(&drafts, resources);
        (drafts, explicit)
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

/// The row of a resource's type, when AWS reads it.
pub(crate) fn row(r: &Resource) -> Option<&'static Type> {
    let t = TYPES.get(usize::from(r.handle?.row))?;
    (t.tf == r.ty).then_some(t)
}

/// What a resource's type is to the logic across types.
pub(crate) fn is(r: &Resource) -> Is {
    row(r).map_or(Is::Other, |t| t.is)
}

/// The region in an ARN (`arn:aws:rds:us-east-1:…`), when it has one.
pub fn arn_region(arn: &str) -> Option<&str> {
    let mut parts = arn.split(':');
    (parts.next()? == "arn").then_some(())?;
    let (_partition, _service, region) = (parts.next()?, parts.next()?, parts.next()?);
    (!region.is_empty()).then_some(region)
}

/// The region of an availability zone name (`us-east-1a` → `us-east-1`).
pub fn zone_region(zone: &str) -> Option<&str> {
    let trimmed = zone.trim_end_matches(|c: char| c.is_ascii_lowercase());
    (trimmed.len() < zone.len() && trimmed.ends_with(|c: char| c.is_ascii_digit()))
        .then_some(trimmed)
}

/// A region name inside a text (`us-east-1`, `eu-central-2`, `us-gov-west-1`): its start and
/// length, at character boundaries.
fn find_region(text: &str) -> Option<(usize, usize)> {
    for (at, _) in text.char_indices() {
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            continue;
        }
        let rest = &text[at..];
        let mut parts = rest.splitn(4, '-');
        let (Some(a), Some(b), Some(c)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let (b, c, extra) = if b == "gov" || b == "iso" || b == "isob" {
            let Some(d) = parts.next() else { continue };
            (c, d, b.len() + 1)
        } else {
            (b, c, 0)
        };
        let digits = c.bytes().take_while(u8::is_ascii_digit).count();
        if a.len() == 2
            && a.bytes().all(|x| x.is_ascii_lowercase())
            && b.len() >= 4
            && b.bytes().all(|x| x.is_ascii_lowercase())
            && digits >= 1
        {
            return Some((at, a.len() + 1 + extra + b.len() + 1 + digits));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_from_arns_zones_and_texts() {
        assert_eq!(
            arn_region("arn:aws:rds:us-east-1:111122223333:db:orders"),
            Some("us-east-1")
        );
        assert_eq!(arn_region("arn:aws:s3:::assets"), None);
        assert_eq!(arn_region("orders"), None);
        assert_eq!(zone_region("us-east-1a"), Some("us-east-1"));
        assert_eq!(zone_region("eu-west-3c"), Some("eu-west-3"));
        assert_eq!(zone_region("us-east-1"), None);
        assert_eq!(find_region("app.us-west-2.web"), Some((4, 9)));
        assert_eq!(find_region("café-us-gov-west-1"), Some((6, 13)));
        assert_eq!(find_region("useast"), None);
    }
}
