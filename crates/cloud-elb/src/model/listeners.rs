//! `DescribeListeners` and `CreateListener` answers.

use cloud_core::xml::Element;
use cloud_core::{Error, Result};

use super::{Listing, listing, members, require_number};

/// One listener as the API describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListenerRecord {
    /// `ListenerArn`.
    pub arn: String,
    /// `LoadBalancerArn`.
    pub load_balancer_arn: String,
    /// `Port`.
    pub port: u16,
    /// `Protocol` (`HTTP`, `TCP`, …).
    pub protocol: String,
    /// The target groups its default actions forward to, in order, without repeats
    /// (`TargetGroupArn` of a `forward` action, or each of its `ForwardConfig`'s).
    pub target_groups: Vec<String>,
}

/// One page of `DescribeListeners`.
pub fn describe_listeners(body: &[u8]) -> Result<Listing<ListenerRecord>> {
    listing(body, "DescribeListeners", "Listeners", listener)
}

/// The listener a `CreateListener` answer describes.
pub fn created_listener(body: &[u8]) -> Result<ListenerRecord> {
    let page = listing(body, "CreateListener", "Listeners", listener)?;
    page.items
        .into_iter()
        .next()
        .ok_or_else(|| Error::malformed("CreateListener answered no listener"))
}

fn listener(el: &Element<'_>) -> Result<ListenerRecord> {
    let mut target_groups: Vec<String> = Vec::new();
    let mut add = |arn: &str| {
        if !target_groups.iter().any(|t| t == arn) {
            target_groups.push(arn.to_string());
        }
    };
    for action in members(el, "DefaultActions") {
        if let Some(arn) = action.child_value("TargetGroupArn") {
            add(arn);
        }
        if let Some(config) = action.child("ForwardConfig") {
            for group in members(config, "TargetGroups") {
                if let Some(arn) = group.child_value("TargetGroupArn") {
                    add(arn);
                }
            }
        }
    }
    Ok(ListenerRecord {
        arn: el.require_value("ListenerArn")?.to_string(),
        load_balancer_arn: el.require_value("LoadBalancerArn")?.to_string(),
        port: require_number(el, "Port")?,
        protocol: el.require_value("Protocol")?.to_string(),
        target_groups,
    })
}
