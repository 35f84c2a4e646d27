//! `DescribeLoadBalancers` and `CreateLoadBalancer` answers.

use cloud_core::Result;
use cloud_core::xml::Element;

use super::{Listing, listing, member_values, members, text};

/// One load balancer as the API describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadBalancerRecord {
    /// `LoadBalancerArn`: the portable balancer's id.
    pub arn: String,
    /// `LoadBalancerName`.
    pub name: String,
    /// `Type`: `application`, `network` or `gateway`.
    pub kind: String,
    /// `State/Code`: `provisioning`, `active`, `active_impaired` or `failed`.
    pub state: String,
    /// `State/Reason`, when the state has one.
    pub state_reason: Option<String>,
    /// `DNSName`: where clients reach it.
    pub dns_name: Option<String>,
    /// `Scheme`: `internet-facing` or `internal`.
    pub scheme: Option<String>,
    /// `VpcId`.
    pub vpc_id: Option<String>,
    /// The `(zone, subnet)` of each `AvailabilityZones` member.
    pub zones: Vec<(String, String)>,
    /// `SecurityGroups`.
    pub security_groups: Vec<String>,
    /// `CreatedTime`, as the API wrote it.
    pub created: Option<String>,
}

/// One page of `DescribeLoadBalancers`.
pub fn describe_load_balancers(body: &[u8]) -> Result<Listing<LoadBalancerRecord>> {
    listing(
        body,
        "DescribeLoadBalancers",
        "LoadBalancers",
        load_balancer,
    )
}

/// The balancer a `CreateLoadBalancer` answer describes.
pub fn created_load_balancer(body: &[u8]) -> Result<LoadBalancerRecord> {
    let page = listing(body, "CreateLoadBalancer", "LoadBalancers", load_balancer)?;
    page.items
        .into_iter()
        .next()
        .ok_or_else(|| cloud_core::Error::malformed("CreateLoadBalancer answered no load balancer"))
}

fn load_balancer(el: &Element<'_>) -> Result<LoadBalancerRecord> {
    let state = el.child("State");
    Ok(LoadBalancerRecord {
        arn: el.require_value("LoadBalancerArn")?.to_string(),
        name: el.require_value("LoadBalancerName")?.to_string(),
        kind: text(el, "Type").unwrap_or_else(|| "application".into()),
        state: state
            .and_then(|s| s.child_value("Code"))
            .unwrap_or("unknown")
            .to_string(),
        state_reason: state.and_then(|s| text(s, "Reason")),
        dns_name: text(el, "DNSName"),
        scheme: text(el, "Scheme"),
        vpc_id: text(el, "VpcId"),
        zones: members(el, "AvailabilityZones")
            .filter_map(|z| {
                Some((
                    z.child_value("ZoneName")?.to_string(),
                    z.child_value("SubnetId").unwrap_or_default().to_string(),
                ))
            })
            .collect(),
        security_groups: member_values(el, "SecurityGroups"),
        created: text(el, "CreatedTime"),
    })
}
