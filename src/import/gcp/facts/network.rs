//! The network's facts: load balancers (URL maps, backend services, forwarding rules) and
//! Cloud DNS records.

use super::*;

/// A URL map is the load balancer (its forwarding rules and proxies fold into it): a global
/// one is served by Google's front ends everywhere, a regional one over its region's zones.
pub(super) fn url_map(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    if r.ty == "google_compute_url_map" {
        d.scope = Some(Scope::Global);
        d.note(
            Field::Scope,
            format!("{a} is a global load balancer's URL map: Google's front ends serve it from every region"),
        );
    } else {
        managed(
            d,
            3,
            format!(
                "{a} is a regional load balancer's URL map: its proxies run over the region's zones"
            ),
        );
    }
    d.capacity = Some(1);
}
/// A backend service: global or regional, with the timeout its callers wait.
pub(super) fn backend_service(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    if r.ty == "google_compute_backend_service" {
        d.scope = Some(Scope::Global);
        d.note(
            Field::Scope,
            format!(
                "{a} is a global backend service: served by Google's front ends from every region"
            ),
        );
    } else {
        managed(
            d,
            3,
            format!("{a} is a regional backend service, run over the region's zones"),
        );
    }
    d.capacity = Some(1);
}
/// A forwarding rule that is a load balancer of its own (a passthrough or a TCP/SSL proxy).
pub(super) fn forwarding_rule(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    if r.ty == "google_compute_global_forwarding_rule" {
        d.scope = Some(Scope::Global);
        d.note(
            Field::Scope,
            format!("{a} is a global forwarding rule: an anycast address served from every region"),
        );
    } else {
        managed(
            d,
            3,
            format!("{a} is a regional forwarding rule, served over the region's zones"),
        );
    }
    d.capacity = Some(1);
}
/// A Cloud DNS record set is global.
pub(super) fn dns_record(d: &mut Draft, resources: &[Resource]) {
    d.scope = Some(Scope::Global);
    d.note(
        Field::Scope,
        format!(
            "{} is a Cloud DNS record: served from Google's global name servers",
            resources[d.root].origin.address
        ),
    );
}
