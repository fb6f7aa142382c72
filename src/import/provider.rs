//! The seam between the readers, the neutral middle and the clouds. A reader asks the
//! providers which resource types and attributes to keep; the middle asks them what a type is
//! and how to read a region or an identifier; a provider turns its resources into component
//! drafts. Adding a cloud is a folder beside `aws/` and one line in [`PROVIDERS`].

use super::draft::{Draft, Drafted};
use super::error::Error;
use super::resource::{Attributes, Handle, Region, Resource};
use crate::model::Kind;

/// What a resource type is to drplan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A component of this kind (`service` is its `aws:…` hint).
    Component(Kind, &'static str),
    /// Part of another component (a cluster's instance, a bucket's versioning, a listener).
    Member,
    /// Read for what it says of components (subnets for zones, backup plans, route tables).
    Informs,
    /// Known, and nothing to do with recovery (IAM users, log groups, security groups).
    NotModelled,
    /// Not in any provider's catalog: listed in the summary.
    Unknown,
}

/// What a reader keeps of a resource of a type a provider reads.
pub struct Wanted {
    pub handle: Handle,
    /// The type's name, as the table holds it.
    pub ty: &'static str,
    /// The attributes to parse (facts, references, identifiers), sorted; the others stay
    /// unread.
    pub attributes: &'static [&'static str],
}

/// One cloud: its types, its regions, its identifiers, and how its resources become drafts.
pub trait Provider: Sync {
    /// The cloud's short name, as its components' `service` starts (`aws`, before `aws:rds`).
    fn cloud(&self) -> &'static str;

    /// Whether a resource type is this provider's (`aws_…`, `AWS::…`).
    fn owns(&self, ty: &str) -> bool;

    /// The Terraform provider names whose configuration sets this provider's regions.
    fn terraform_providers(&self) -> &'static [&'static str];

    /// What to keep of a type this provider reads; `None` for the types it only counts.
    fn wants(&self, ty: &str, handle_provider: u8) -> Option<Wanted>;

    /// What a type is (for the summary, and for data sources that name components).
    fn role(&self, ty: &str) -> Role;

    /// The region of a resource from its own attributes (a `region` or `location`, an ARN, a
    /// zone), before or after the provider configuration's, as the provider documents.
    fn region(&self, values: &Attributes, configured: Option<Region>) -> Option<Region>;

    /// Whether a value is distinctive enough to stand for one resource when another holds it
    /// (not a region name, a boolean word or a short common name).
    fn identifies(&self, value: &str) -> bool;

    /// The resource a value names a part of, when the value is a part's id and the cloud
    /// writes it under its resource's (an Azure gateway's backend pool,
    /// `…/applicationGateways/web/backendAddressPools/pool`): that resource's id. None by
    /// default.
    fn whole_of<'a>(&self, _value: &'a str) -> Option<&'a str> {
        None
    }

    /// The attributes through which others name a resource of the type behind `handle`.
    fn identifiers(&self, handle: Handle) -> &'static [&'static str];

    /// Whether a location a copy names is a region, where something could run (not a storage
    /// location that spans regions, such as Google Cloud's `US`). Every name by default.
    fn is_region(&self, _location: &str) -> bool {
        true
    }

    /// A region name inside a text (its start and length), so that two copies of one
    /// resource in two regions can be told the same.
    fn region_in(&self, text: &str) -> Option<(usize, usize)>;

    /// The part of a Terraform type an id keeps: the type without the provider's prefix.
    fn short_type<'a>(&self, ty: &'a str) -> &'a str;

    /// Gives a resource that has no region of its own the region of the resource it belongs
    /// to (a database its server's), once references are known. Nothing by default.
    fn inherit_regions(&self, _resources: &mut [Resource]) {}

    /// Checks the numbers its mapping will read (exit 2 naming the attribute when one is
    /// impossible); clamps those past a limit the cloud documents, and says which.
    fn check(&self, resources: &mut [Resource]) -> Result<Vec<String>, Error>;

    /// The drafts of this provider's resources (`None` where one was folded into another),
    /// with their facts, zones and backups; the copies across regions the resources state
    /// explicitly (replicas, global tables, replication); and what its alarms, health
    /// checks, canaries and experiment templates watch or test.
    /// `now` is when schedules are read from (a cron's worst interval over the year after it).
    fn drafts(&self, resources: &[Resource], now: jiff::Timestamp) -> Drafted;

    /// The runtime edges between the drafts (every provider's), by the provider's own
    /// resources; `owner` is the draft each resource belongs to.
    fn edges(&self, drafts: &mut [Draft], resources: &[Resource], owner: &[Option<usize>]);

    /// How long callers wait on their sync edges (timeouts of load balancers and CDNs), once
    /// every edge is made.
    fn timeouts(&self, drafts: &mut [Draft], resources: &[Resource]);

    /// The name a component is shown with (a `Name` tag, the name the service knows it by).
    fn name(&self, root: &Resource) -> Option<String>;

    /// A DNS component whose records route to both regions (then both serve).
    fn routes_to_both(&self, drafts: &[Draft], resources: &[Resource]) -> Option<String>;
}

/// The providers an import reads with (`registry::PROVIDERS`), in the order their handles
/// number them.
#[derive(Clone, Copy)]
pub struct Providers(pub &'static [&'static dyn Provider]);

impl Providers {
    /// The provider of a handle.
    pub fn of(&self, handle: Handle) -> &'static dyn Provider {
        self.0[usize::from(handle.provider)]
    }

    /// The provider of a number (its place in the registry).
    pub fn of_number(&self, number: usize) -> &'static dyn Provider {
        self.0[number]
    }

    /// One provider alone (a cloud's own region names in its own addresses).
    pub fn only(&self, number: usize) -> Providers {
        Providers(std::slice::from_ref(&self.0[number]))
    }

    /// The provider that owns a type, with its number.
    pub fn owning(&self, ty: &str) -> Option<(u8, &'static dyn Provider)> {
        (self.0.iter().enumerate())
            .find(|(_, p)| p.owns(ty))
            .map(|(i, p)| (i as u8, *p))
    }

    /// What to keep of a type, from the provider that owns it.
    pub fn wants(&self, ty: &str) -> Option<Wanted> {
        let (i, p) = self.owning(ty)?;
        p.wants(ty, i)
    }

    /// What a type is, to whichever provider owns it.
    pub fn role(&self, ty: &str) -> Role {
        self.owning(ty).map_or(Role::Unknown, |(_, p)| p.role(ty))
    }

    /// The resource a value names a part of, to the first provider that says.
    pub fn whole_of<'a>(&self, value: &'a str) -> Option<&'a str> {
        self.0.iter().find_map(|p| p.whole_of(value))
    }

    /// Whether every provider takes a value for an identifier (none calls it a region name
    /// or a common word).
    pub fn identifies(&self, value: &str) -> bool {
        self.0.iter().all(|p| p.identifies(value))
    }

    /// The first region name any provider finds in a text.
    pub fn region_in(&self, text: &str) -> Option<(usize, usize)> {
        self.0.iter().find_map(|p| p.region_in(text))
    }

    /// The attributes that identify the resource to others.
    pub fn identifiers(&self, r: &Resource) -> &'static [&'static str] {
        r.handle.map_or(&[], |h| self.of(h).identifiers(h))
    }

    pub fn iter(&self) -> impl Iterator<Item = &'static dyn Provider> + '_ {
        self.0.iter().copied()
    }
}
