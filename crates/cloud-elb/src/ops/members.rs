//! Members: the targets registered in a balancer's target groups, with their health
//! from `DescribeTargetHealth`. A member's id is `TARGET:PORT` (`i-0abc…:8080`,
//! `10.0.1.5:8080`), so two ports of one address are two members.

use std::net::IpAddr;

use cloud_core::compute::Extra;
use cloud_core::load_balancer::{Member, MemberTarget};
use cloud_core::{Error, ErrorKind, Result};
use serde_json::json;

use crate::PROVIDER_ID;
use crate::client::Api;
use crate::model::{self, TargetGroupRecord, TargetHealthRecord};
use crate::ops::balancers::{self, Parts};
use crate::ops::network;
use crate::settings::TargetType;
use crate::state as words;

/// A member's id: the target and its port.
pub(crate) fn member_id(target: &str, port: u16) -> String {
    format!("{target}:{port}")
}

/// The target and port of a member id; `None` when it is not `TARGET:PORT`.
pub(crate) fn split_member_id(id: &str) -> Option<(&str, u16)> {
    let (target, port) = id.rsplit_once(':')?;
    let port: u16 = port.parse().ok().filter(|p| *p > 0)?;
    (!target.is_empty()).then_some((target, port))
}

/// The registered targets of one group.
async fn targets(api: &Api, group: &TargetGroupRecord) -> Result<Vec<TargetHealthRecord>> {
    let query = Api::query("DescribeTargetHealth").param("TargetGroupArn", &group.arn);
    let found = api.call(query, model::describe_target_health).await?;
    Ok(found
        .into_iter()
        .filter(|t| t.reason.as_deref() != Some("Target.NotRegistered"))
        .collect())
}

/// Every member of every target group of the balancer, in group order.
pub(crate) async fn list(api: &Api, balancer_id: &str) -> Result<Vec<Member>> {
    let lb = balancers::find(api, balancer_id).await?;
    let parts = balancers::parts(api, lb).await?;
    let mut members = Vec::new();
    for group in &parts.groups {
        let found = targets(api, group).await?;
        members.extend(portable_members(api, &parts, group, found).await?);
    }
    Ok(members)
}

/// Portable members for `found` targets of `group`; instance targets get the private
/// address EC2 reports (none when the instance is gone).
async fn portable_members(
    api: &Api,
    parts: &Parts,
    group: &TargetGroupRecord,
    found: Vec<TargetHealthRecord>,
) -> Result<Vec<Member>> {
    let by_instance = group.target_type == TargetType::Instance.api_word();
    let instances = if by_instance {
        let ids: Vec<String> = found.iter().map(|t| t.id.clone()).collect();
        network::instances(api, &ids).await?
    } else {
        Vec::new()
    };
    Ok(found
        .into_iter()
        .map(|t| {
            let ip = if by_instance {
                instances
                    .iter()
                    .find(|i| i.id == t.id)
                    .and_then(|i| i.private_ip.clone())
                    .unwrap_or_default()
            } else {
                t.id.clone()
            };
            let mut extra = Extra::new();
            extra.insert("target_group".into(), json!(group.arn));
            extra.insert("state".into(), json!(t.state));
            if let Some(reason) = &t.reason {
                extra.insert("reason".into(), json!(reason));
            }
            if let Some(zone) = &t.zone {
                extra.insert("zone".into(), json!(zone));
            }
            Member {
                id: member_id(&t.id, t.port),
                balancer_id: parts.lb.arn.clone(),
                node_id: by_instance.then(|| t.id.clone()),
                ip,
                port: t.port,
                weight: None,
                health: words::member_health(&t.state),
                extra,
            }
        })
        .collect())
}

/// The `Targets.member.N` parameters of one target.
pub(crate) fn target_params(index: usize, id: &str, port: u16) -> [(String, String); 2] {
    [
        (format!("Targets.member.{index}.Id"), id.to_string()),
        (format!("Targets.member.{index}.Port"), port.to_string()),
    ]
}

/// What a portable target registers as in a group of `target_type`: the instance id or
/// the address, and the port. A target of the other kind is `InvalidInput` saying which
/// kind the balancer takes.
pub(crate) fn registration(
    target: &MemberTarget,
    target_type: TargetType,
) -> Result<(String, u16)> {
    let port = cloud_core::load_balancer::validate::check_port("member port", target.port())?;
    match (target, target_type) {
        (MemberTarget::Node { node_id, .. }, TargetType::Instance) => Ok((node_id.clone(), port)),
        (MemberTarget::Address { ip, .. }, TargetType::Ip) => Ok((canonical(ip), port)),
        (MemberTarget::Node { .. }, TargetType::Ip) => Err(Error::invalid_input(
            "this balancer's target group takes addresses (target type ip): attach IP:PORT, \
             not a node",
        )
        .with_provider(PROVIDER_ID)),
        (MemberTarget::Address { .. }, TargetType::Instance) => Err(Error::invalid_input(
            "this balancer's target group takes nodes (target type instance): attach a node \
             id, not an address",
        )
        .with_provider(PROVIDER_ID)),
    }
}

/// An address as targets and member ids write it.
fn canonical(ip: &IpAddr) -> String {
    ip.to_canonical().to_string()
}

/// Registers one member in the balancer's primary target group. The node of a member by
/// node must exist (`NotFound`), and a target already registered on that port is
/// `AlreadyExists`.
pub(crate) async fn attach(api: &Api, balancer_id: &str, target: &MemberTarget) -> Result<Member> {
    let lb = balancers::find(api, balancer_id).await?;
    if let MemberTarget::Node { node_id, .. } = target {
        network::existing_nodes(api, std::slice::from_ref(node_id)).await?;
    }
    let parts = balancers::parts(api, lb).await?;
    let group = parts.primary_group().ok_or_else(|| {
        Error::new(
            ErrorKind::Conflict,
            format!("balancer {balancer_id} has no target group to attach members to"),
        )
        .with_provider(PROVIDER_ID)
    })?;
    let target_type = TargetType::from_api_word(&group.target_type).ok_or_else(|| {
        Error::unsupported(
            PROVIDER_ID,
            &format!("members of a target group of type {}", group.target_type),
        )
    })?;
    let (id, port) = registration(target, target_type)?;
    let registered = targets(api, group).await?;
    if registered.iter().any(|t| t.id == id && t.port == port) {
        return Err(Error::new(
            ErrorKind::AlreadyExists,
            format!(
                "balancer {balancer_id} already has member {}",
                member_id(&id, port)
            ),
        )
        .with_provider(PROVIDER_ID));
    }
    let mut query = Api::query("RegisterTargets").param("TargetGroupArn", &group.arn);
    for (key, value) in target_params(1, &id, port) {
        query.push(key, value);
    }
    api.act(query, true).await?;
    let mut query = Api::query("DescribeTargetHealth").param("TargetGroupArn", &group.arn);
    for (key, value) in target_params(1, &id, port) {
        query.push(key, value);
    }
    let found = api.call(query, model::describe_target_health).await?;
    let member = portable_members(api, &parts, group, found)
        .await?
        .into_iter()
        .next();
    member.ok_or_else(|| {
        Error::malformed(format!(
            "DescribeTargetHealth did not report the target {} just registered",
            member_id(&id, port)
        ))
    })
}

/// Deregisters a member from whichever of the balancer's target groups holds it.
pub(crate) async fn detach(api: &Api, balancer_id: &str, member: &str) -> Result<()> {
    let missing = || {
        Error::not_found(format!("balancer {balancer_id} has no member {member}"))
            .with_provider(PROVIDER_ID)
    };
    let lb = balancers::find(api, balancer_id).await?;
    let (id, port) = split_member_id(member).ok_or_else(missing)?;
    let parts = balancers::parts(api, lb).await?;
    for group in &parts.groups {
        let registered = targets(api, group).await?;
        if registered.iter().any(|t| t.id == id && t.port == port) {
            let mut query = Api::query("DeregisterTargets").param("TargetGroupArn", &group.arn);
            for (key, value) in target_params(1, id, port) {
                query.push(key, value);
            }
            return api.act(query, true).await;
        }
    }
    Err(missing())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_ids_round_trip_with_ipv6_too() {
        assert_eq!(member_id("i-0abc", 8080), "i-0abc:8080");
        assert_eq!(split_member_id("i-0abc:8080"), Some(("i-0abc", 8080)));
        assert_eq!(
            split_member_id("2001:db8::1:443"),
            Some(("2001:db8::1", 443))
        );
        for bad in [
            "",
            "i-0abc",
            ":80",
            "i-0abc:0",
            "i-0abc:70000",
            "no-such-member",
        ] {
            assert_eq!(split_member_id(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn targets_must_fit_the_group() {
        let node = MemberTarget::node("i-1", 80);
        let addr = MemberTarget::address("10.0.0.5".parse().unwrap(), 8080);
        assert_eq!(
            registration(&node, TargetType::Instance).unwrap(),
            ("i-1".to_string(), 80)
        );
        assert_eq!(
            registration(&addr, TargetType::Ip).unwrap(),
            ("10.0.0.5".to_string(), 8080)
        );
        for (target, kind) in [(&node, TargetType::Ip), (&addr, TargetType::Instance)] {
            let err = registration(target, kind).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
            assert!(err.message().contains("target type"), "{err}");
        }
        let mapped = MemberTarget::address("::ffff:10.0.0.7".parse().unwrap(), 80);
        assert_eq!(registration(&mapped, TargetType::Ip).unwrap().0, "10.0.0.7");
    }
}
