//! The facts of compute and network components: instances, groups, services, functions,
//! load balancers, gateways and the edge.

use super::{managed, members};
use crate::import::aws::lookup::is;
use crate::import::aws::row::Is;
use crate::import::draft::Reach;
use crate::import::draft::{Draft, distinct, plural};
use crate::import::resource::Resource;
use crate::input::field::Field;
use crate::model::{DeployMethod, Scope};

/// A serverless cache is multi-AZ by design.
pub(super) fn multi_az_by_design(d: &mut Draft, _resources: &[Resource]) {
    managed(d, 2, "multi-AZ by design");
}

/// An EBS volume lives in one zone.
pub(super) fn ebs_volume(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    d.scope = Some(Scope::Zonal);
    d.instances = Some(1);
    d.data_gb = r.num("size");
    d.note(
        Field::Scope,
        format!("{a} is an EBS volume: it lives in one zone"),
    );
}

/// EC2 instances: how many, in how many zones.
pub(super) fn ec2_instances(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let n = d.members.len() as u32;
    d.instances = Some(n);
    d.capacity = Some(n);
    d.note(
        Field::DeploymentInstances,
        format!("{n} instance{} of {}", plural(n as usize), r.group()),
    );
    let zones: Vec<&str> = (d.members.iter())
        .filter_map(|&m| resources[m].str("availability_zone"))
        .collect();
    if !zones.is_empty() {
        let z = distinct(zones.iter().copied()) as u32;
        d.zones = Some(z);
        d.note(
            Field::DeploymentZones,
            format!("its instances are in {z} zone{}", plural(z as usize)),
        );
    }
    d.subnets = (d.members.iter())
        .flat_map(|&m| resources[m].links_at("subnet_id"))
        .collect();
}

/// An Auto Scaling group: its desired capacity and subnets.
pub(super) fn autoscaling_group(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    let desired = r.num("desired_capacity").or_else(|| r.num("min_size"));
    if let Some(n) = desired {
        let n = n as u32;
        d.capacity = Some(n);
        d.instances = Some(n.max(1));
        let which = if r.num("desired_capacity").is_some() {
            "desired_capacity"
        } else {
            "min_size"
        };
        d.note(Field::DeploymentInstances, format!("{a}: {which} = {n}"));
    }
    d.subnets = r.links_at("vpc_zone_identifier").collect();
}

/// An ECS service: its tasks, subnets and how it deploys.
pub(super) fn ecs_service(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    let (method, why) = match r.str("deployment_controller.type") {
        Some("CODE_DEPLOY") => (
            DeployMethod::BlueGreen,
            format!("{a}: deployment_controller CODE_DEPLOY (blue/green)"),
        ),
        _ => (
            DeployMethod::Rolling,
            format!("{a}: ECS services roll new tasks in by default"),
        ),
    };
    d.rare.deploy = Some(method);
    d.note(Field::DeployMethod, why);
    let n = r.num("desired_count").unwrap_or(1.0) as u32;
    d.capacity = Some(n);
    d.instances = Some(n.max(1));
    d.note(
        Field::DeploymentInstances,
        match r.num("desired_count") {
            Some(_) => format!("{a}: desired_count = {n}"),
            None => format!("{a} declares no desired_count: 1, CloudFormation's default"),
        },
    );
    d.subnets = r.links_at("network_configuration").collect();
}

/// An EKS node group: its desired size and subnets.
pub(super) fn eks_node_group(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    if let Some(n) = r.num("scaling_config.desired_size") {
        d.capacity = Some(n as u32);
        d.instances = Some((n as u32).max(1));
        d.note(
            Field::DeploymentInstances,
            format!("{a}: scaling_config.desired_size = {n}"),
        );
    }
    d.subnets = r.links_at("subnet_ids").collect();
}

/// A Lambda function: spread over the region unless pinned to subnets.
pub(super) fn lambda_function(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let subnets: Vec<usize> = r.links_at("vpc_config").collect();
    if subnets.is_empty()
        && r.list("vpc_config.subnet_ids").is_empty()
        && !r.more.unknown.contains_key("vpc_config")
    {
        managed(
            d,
            3,
            "Lambda runs a function in several zones of its region unless it is pinned to subnets",
        );
    } else {
        d.subnets = subnets.into();
    }
    d.capacity = Some(3);
    // A public function URL is a way in; an event source invokes the function instead.
    let public = members(&d.members, resources, Is::FunctionUrl)
        .find(|u| u.str("authorization_type").or(u.str("auth_type")) == Some("NONE"));
    let sourced = members(&d.members, resources, Is::EventSourceMapping).next();
    if let Some(url) = public {
        d.reached(
            Reach::Users,
            format!(
                "{}: a function URL with authorization NONE: anyone on the internet reaches it",
                url.origin.address
            ),
        );
    } else if let Some(m) = sourced {
        d.reached(
            Reach::Never,
            format!(
                "{} invokes it with what its event source delivers: users do not reach it",
                m.origin.address
            ),
        );
    }
}

/// A regional managed service (Step Functions, API Gateway).
pub(super) fn regional_service(d: &mut Draft, _resources: &[Resource]) {
    managed(
        d,
        3,
        "a regional managed service, spread over the region's zones",
    );
    d.capacity = Some(3);
}

/// A load balancer: its subnets or zones, type and protection.
pub(super) fn load_balancer(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    d.subnets = ["subnets", "subnet_mapping"]
        .iter()
        .flat_map(|k| r.links_at(k))
        .collect();
    d.service = match (is(r), r.str("load_balancer_type")) {
        (Is::ClassicLoadBalancer, _) => "aws:elb".into(),
        (_, Some(t)) => format!("aws:elbv2:{t}").into(),
        _ => "aws:elbv2:application".into(),
    };
    if let Some(p) = r.bool("enable_deletion_protection") {
        d.deletion_protection = Some(p);
    }
    let internal = r.bool("internal").unwrap_or(false) || r.str("scheme") == Some("internal");
    if internal {
        d.reached(
            Reach::IfUnreached,
            format!(
                "{a} is internal: users do not reach it, so it is an entry point only when nothing in the sources does"
            ),
        );
    } else {
        d.reached(
            Reach::Users,
            format!("{a} is internet-facing (the default scheme): users reach it"),
        );
    }
    if d.subnets.is_empty() {
        let n = r.list("availability_zones").len() as u32;
        if n > 0 {
            d.instances = Some(n);
            d.zones = Some(n);
            d.note(Field::DeploymentZones, format!("{a} spans {n} zones"));
        }
    }
    d.capacity = Some(1);
}

/// A NAT gateway lives in the zone of its subnet.
pub(super) fn nat_gateway(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    d.instances = Some(1);
    d.zones = Some(1);
    d.scope = Some(Scope::Zonal);
    d.subnets = r.links_at("subnet_id").collect();
    d.note(
        Field::Scope,
        format!("{a} is a NAT gateway: it lives in the zone of its subnet"),
    );
    // Its type's reach stands (a path is an entry point only when nothing reaches it).
    let reach = d.reach;
    d.reached(
        reach,
        format!(
            "{a} is a NAT gateway: a path out of the VPC for what runs in it, which users never reach"
        ),
    );
}

/// Served from AWS's global edge network.
pub(super) fn edge_network(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    d.scope = Some(Scope::Global);
    d.note(
        Field::Scope,
        format!("{a} is served from AWS's global edge network"),
    );
}

/// A DNS record is global.
pub(super) fn dns_record(d: &mut Draft, _resources: &[Resource]) {
    d.scope = Some(Scope::Global);
}

/// An MSK cluster: its brokers and subnets.
pub(super) fn msk_cluster(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    if let Some(n) = r.num("number_of_broker_nodes") {
        d.instances = Some(n as u32);
    }
    d.subnets = r.links_at("broker_node_group_info").collect();
}

/// An Amazon MQ broker: single instance or active/standby.
pub(super) fn mq_broker(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let a = &r.origin.address;
    let mode = r.str("deployment_mode").unwrap_or("SINGLE_INSTANCE");
    let (n, z) = if mode == "SINGLE_INSTANCE" {
        (1, 1)
    } else {
        (2, 2)
    };
    d.instances = Some(n);
    d.zones = Some(z);
    d.note(
        Field::DeploymentInstances,
        format!("{a}: deployment_mode = {mode}"),
    );
}
