//! The clouds drplan reads: one line each. A provider's number is its place here.

use super::aws::Aws;
use super::azure::Azure;
use super::gcp::Gcp;
use super::provider::Providers;

/// Every provider, in the order their handles number them.
pub static PROVIDERS: Providers = Providers(&[&Aws, &Azure, &Gcp]);

/// A resource of a type a provider reads, with its handle, for tests.
#[cfg(test)]
pub fn test_resource(ty: &str, values: serde_json::Value) -> super::resource::Resource {
    let mut r = super::resource::Resource::fixture(ty, values);
    r.handle = PROVIDERS.wants(ty).map(|w| w.handle);
    r
}
