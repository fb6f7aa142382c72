//! What Azure resources (the `azurerm` Terraform provider) mean for recovery. Each type is a
//! row of `types.rs`; its facts a function of `facts.rs`. Across types: Azure Backup's vaults
//! and policies and the resource locks (`backup`), the copies in other regions the resources
//! state (`replicas`), the edges between components (`edges`), and region names and pairs
//! (`region`). Every inferred fact keeps its reason, as `x-why`.

mod backup;
mod credits;
mod edges;
mod facts;
mod lookup;
mod not_modelled;
mod region;
mod replicas;
mod row;
mod types;

use crate::import::resource::Value;

use super::draft::{Draft, Drafted};
use super::error::Error;
use super::provider::{Provider, Role, Wanted};
use super::resource::{Attributes, Handle, Region, Resource};

/// The Azure provider.
pub struct Azure;

impl Provider for Azure {
    fn cloud(&self) -> &'static str {
        "azure"
    }

    fn owns(&self, ty: &str) -> bool {
        ty.starts_with("azurerm_")
    }

    fn terraform_providers(&self) -> &'static [&'static str] {
        &["azurerm"]
    }

    fn wants(&self, ty: &str, provider: u8) -> Option<Wanted> {
        lookup::TABLE.wants(ty, provider)
    }

    fn role(&self, ty: &str) -> Role {
        lookup::TABLE.role(ty)
    }

    /// Its own `location` (a display name such as `East US` reads as `eastus`); the azurerm
    /// provider configuration has no region.
    fn region(&self, values: &Attributes, configured: Option<Region>) -> Option<Region> {
        match values.get("location").and_then(Value::as_str) {
            Some(l) if !l.trim().is_empty() => {
                let r = region::normalise(l);
                let why = if r == l {
                    "its location".into()
                } else {
                    "its location (Azure's name for it)".into()
                };
                Some((r, why))
            }
            _ => configured,
        }
    }

    /// Region names (`westeurope`, `East US 2`) name no one resource.
    fn identifies(&self, value: &str) -> bool {
        // A region's name is letters, digits and spaces, and short: anything else (an id, a
        // URL, an ARN) is passed at once.
        let could_be_region = value.len() <= 32
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b' ');
        !(could_be_region && region::known(&region::normalise(value)))
    }

    /// A sub-resource's id (`/subscriptions/…/providers/Microsoft.Network/applicationGateways/
    /// web/backendAddressPools/pool`) is its resource's id with a type and a name after it.
    fn whole_of<'a>(&self, value: &'a str) -> Option<&'a str> {
        let (_, after) = value.split_once("/providers/")?;
        // `Namespace/type/name` is the resource; anything after it is a part.
        let parts = after.split('/').count();
        if !value.starts_with("/subscriptions/") || parts < 5 {
            return None;
        }
        let mut end = value.len();
        for _ in 0..parts - 3 {
            end = value[..end].rfind('/')?;
        }
        Some(&value[..end])
    }

    fn identifiers(&self, handle: Handle) -> &'static [&'static str] {
        lookup::TABLE.identifiers(handle.row)
    }

    fn region_in(&self, text: &str) -> Option<(usize, usize)> {
        region::find_region(text)
    }

    fn short_type<'a>(&self, ty: &'a str) -> &'a str {
        ty.strip_prefix("azurerm_").unwrap_or(ty)
    }

    /// A resource without a `location` (an SQL database, a node pool, a storage container) is
    /// where the resource its parent attribute names is.
    fn inherit_regions(&self, resources: &mut [Resource]) {
        // Parents first: a chain (a slot of an app on a plan) settles in a few passes.
        for _ in 0..3 {
            let mut found = Vec::new();
            for (i, r) in resources.iter().enumerate() {
                if r.region.is_some() {
                    continue;
                }
                let Some(t) = lookup::row(r) else { continue };
                let parent = (t.parent.iter())
                    .flat_map(|a| r.links_at(a))
                    .find_map(|p| Some((p, resources[p].region()?.to_string())));
                if let Some((p, region)) = parent {
                    let why = format!("the region of {}", resources[p].origin.address);
                    found.push((i, region, why));
                }
            }
            if found.is_empty() {
                break;
            }
            for (i, region, why) in found {
                resources[i].region = Some(std::sync::Arc::new((region, why.into())));
            }
        }
    }

    /// Checks the numbers, after reading an empty string as no value: the provider writes an
    /// optional string left unset as `""` (a virtual machine's `availability_set_id`, `zone`).
    fn check(&self, resources: &mut [Resource]) -> Result<Vec<String>, Error> {
        for r in resources.iter_mut().filter(|r| lookup::row(r).is_some()) {
            r.drop_blank_strings();
        }
        crate::import::numbers::check(resources, |r| lookup::row(r).map(|t| t.numbers))
    }

    fn drafts(&self, resources: &[Resource], _now: jiff::Timestamp) -> Drafted {
        let mut drafts = facts::drafts(resources);
        backup::apply(&mut drafts, resources);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parts_id_names_its_resource() {
        let gateway = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationGateways/web";
        assert_eq!(
            Azure.whole_of(&format!("{gateway}/backendAddressPools/pool")),
            Some(gateway)
        );
        assert_eq!(
            Azure.whole_of(&format!("{gateway}/backendAddressPools/pool/x/y")),
            Some(gateway)
        );
        assert_eq!(Azure.whole_of(gateway), None);
        assert_eq!(Azure.whole_of("arn:aws:s3:::bucket/key"), None);
        assert_eq!(
            Azure.whole_of("/subscriptions/s/providers/é/a/b/c/d"),
            Some("/subscriptions/s/providers/é/a/b")
        );
    }
}
