//! CloudFormation shapes that do not translate to Terraform's key by key; each is named by its
//! type's row in `types/`.

use serde_json::{Map, Value as Json};

use super::row::Shape;

/// Fixes a translated resource's shape, given the stack's region.
pub fn adjust(shape: Shape, map: &mut Map<String, Json>, region: Option<&str>) {
    match shape {
        Shape::GlobalTable => global_table(map, region),
        Shape::LoadBalancerAttributes => load_balancer_attributes(map),
        Shape::BucketArn => bucket_arn(map),
        Shape::RecordPolicies => record_policies(map),
    }
}

/// A global table's replicas include the stack's own region: that one is the table itself.
fn global_table(map: &mut Map<String, Json>, region: Option<&str>) {
    let strong = map.get("multi_region_consistency").and_then(Json::as_str) == Some("STRONG");
    let replicas = match map.remove("replica") {
        Some(Json::Array(r)) => r,
        _ => Vec::new(),
    };
    let mut others = Vec::new();
    for mut r in replicas {
        let here = r.get("region_name").and_then(Json::as_str) == region && region.is_some();
        if here {
            for key in ["point_in_time_recovery", "deletion_protection_enabled"] {
                if let Some(v) = r.get(key) {
                    map.insert(key.to_string(), v.clone());
                }
            }
        } else {
            if strong && let Json::Object(o) = &mut r {
                o.insert("consistency_mode".into(), Json::String("STRONG".into()));
            }
            others.push(r);
        }
    }
    map.insert("replica".into(), Json::Array(others));
}

/// A load balancer's attributes list carries what Terraform has as arguments.
fn load_balancer_attributes(map: &mut Map<String, Json>) {
    let attribute = |key: &str| {
        (map.get("load_balancer_attributes").and_then(Json::as_array))
            .into_iter()
            .flatten()
            .find(|a| a.get("key").and_then(Json::as_str) == Some(key))
            .and_then(|a| a.get("value"))
            .cloned()
    };
    let on = attribute("deletion_protection.enabled")
        .and_then(|v| v.as_str().map(|s| s == "true").or_else(|| v.as_bool()));
    let idle = attribute("idle_timeout.timeout_seconds");
    if let Some(on) = on {
        map.insert("enable_deletion_protection".into(), Json::Bool(on));
    }
    if let Some(idle) = idle {
        map.insert("idle_timeout".into(), idle);
    }
}

/// Other templates and states name a bucket by its ARN.
fn bucket_arn(map: &mut Map<String, Json>) {
    if let Some(name) = map.get("bucket").and_then(Json::as_str) {
        let arn = format!("arn:aws:s3:::{name}");
        map.insert("arn".into(), Json::String(arn));
    }
}

/// A record's routing policy is a block of its own in Terraform.
fn record_policies(map: &mut Map<String, Json>) {
    for (from, block, key) in [
        ("failover", "failover_routing_policy", "type"),
        ("weight", "weighted_routing_policy", "weight"),
        ("region", "latency_routing_policy", "region"),
    ] {
        if let Some(v) = map.remove(from) {
            let mut o = Map::new();
            o.insert(key.to_string(), v);
            map.insert(block.to_string(), Json::Array(vec![Json::Object(o)]));
        }
    }
}
