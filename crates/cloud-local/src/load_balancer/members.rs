//! Member operations on the load balancer state. A member by node takes the node's
//! private address and must name a node of the compute state; its health follows the
//! node (healthy while it runs, unhealthy otherwise or once it is gone). A member by
//! address has no node to look at: its health is unknown. One balancer has at most one
//! member per address and port.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use cloud_core::compute::NodeState;
use cloud_core::load_balancer::{
    LoadBalancerCapabilities, Member, MemberHealth, MemberTarget, validate,
};
use cloud_core::{Error, ErrorKind, Result};

use super::balancers::{balancer, balancer_mut};
use super::records::{LbState, MemberRecord};
use crate::PROVIDER_ID;
use crate::compute::records::State as ComputeState;

/// `ip:port`, with brackets around an IPv6 address.
pub(crate) fn endpoint(ip: &str, port: u16) -> String {
    if ip.contains(':') {
        format!("[{ip}]:{port}")
    } else {
        format!("{ip}:{port}")
    }
}

/// The stored member for `target`; `NotFound` when it names a node `compute` lacks.
/// The target's port must already be checked.
pub(crate) fn resolve(compute: &ComputeState, target: &MemberTarget) -> Result<MemberRecord> {
    let port = validate::check_port("member port", target.port())?;
    Ok(match target {
        MemberTarget::Node {
            node_id, weight, ..
        } => {
            let node = compute.nodes.get(node_id).ok_or_else(|| {
                Error::not_found(format!("member node {node_id:?} does not exist"))
            })?;
            MemberRecord {
                node_id: Some(node_id.clone()),
                ip: node.private_ip.clone(),
                port,
                weight: *weight,
            }
        }
        MemberTarget::Address { ip, weight, .. } => MemberRecord {
            node_id: None,
            ip: canonical_ip(*ip),
            port,
            weight: *weight,
        },
    })
}

/// An IPv4-mapped IPv6 address as the IPv4 address it maps, so one host is one key.
fn canonical_ip(ip: IpAddr) -> String {
    ip.to_canonical().to_string()
}

/// What a member's node says of its health at `now`.
pub(crate) fn health(
    compute: &ComputeState,
    member: &MemberRecord,
    now: DateTime<Utc>,
) -> MemberHealth {
    match &member.node_id {
        None => MemberHealth::Unknown,
        Some(id) => match compute.nodes.get(id) {
            Some(node) if node.power.visible(now) == NodeState::Running => MemberHealth::Healthy,
            _ => MemberHealth::Unhealthy,
        },
    }
}

/// Every member of balancer `balancer_id`, by address then port.
pub(crate) fn list(
    state: &LbState,
    compute: &ComputeState,
    balancer_id: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Member>> {
    let record = balancer(state, balancer_id)?;
    let mut members: Vec<(&String, &MemberRecord)> = record.members.iter().collect();
    members.sort_by(|a, b| (&a.1.ip, a.1.port, a.0).cmp(&(&b.1.ip, b.1.port, b.0)));
    Ok(members
        .into_iter()
        .map(|(id, m)| m.to_member(balancer_id, id, health(compute, m, now)))
        .collect())
}

/// Attaches `target` to balancer `balancer_id` as member `id`.
pub(crate) fn attach(
    state: &mut LbState,
    compute: &ComputeState,
    caps: &LoadBalancerCapabilities,
    balancer_id: &str,
    target: &MemberTarget,
    id: String,
    now: DateTime<Utc>,
) -> Result<Member> {
    balancer(state, balancer_id)?;
    validate::check_member(PROVIDER_ID, caps, target)?;
    let member = resolve(compute, target)?;
    let record = balancer_mut(state, balancer_id)?;
    if record.has_member_at(&member.ip, member.port) {
        return Err(Error::new(
            ErrorKind::AlreadyExists,
            format!(
                "balancer {balancer_id} already has a member at {}",
                endpoint(&member.ip, member.port)
            ),
        ));
    }
    let out = member.to_member(balancer_id, &id, health(compute, &member, now));
    record.members.insert(id, member);
    Ok(out)
}

/// Detaches member `member_id`; `NotFound` naming the balancer or the member.
pub(crate) fn detach(state: &mut LbState, balancer_id: &str, member_id: &str) -> Result<()> {
    balancer_mut(state, balancer_id)?
        .members
        .remove(member_id)
        .map(|_| ())
        .ok_or_else(|| {
            Error::not_found(format!(
                "balancer {balancer_id} has no member {member_id:?}"
            ))
        })
}

#[cfg(test)]
mod tests {
    use cloud_core::load_balancer::{CreateBalancer, Protocol};

    use super::*;
    use crate::compute::records::{NodeRecord, Power};
    use crate::load_balancer::{LocalLoadBalancer, balancers};

    fn setup() -> (LbState, ComputeState, LoadBalancerCapabilities) {
        let (mut state, compute, caps) = (
            LbState::default(),
            ComputeState::default(),
            LocalLoadBalancer::local_capabilities(),
        );
        let request = CreateBalancer::new("web", 80, Protocol::Tcp);
        balancers::create(
            &mut state,
            &compute,
            &caps,
            &request,
            "lb-1".into(),
            Utc::now(),
            || unreachable!("no members"),
        )
        .unwrap();
        (state, compute, caps)
    }

    #[test]
    fn two_ports_of_one_address_are_two_members_and_duplicates_are_refused() {
        let (mut state, compute, caps) = setup();
        let now = Utc::now();
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        let a = attach(
            &mut state,
            &compute,
            &caps,
            "lb-1",
            &MemberTarget::address(ip, 80),
            "m-1".into(),
            now,
        )
        .unwrap();
        let b = attach(
            &mut state,
            &compute,
            &caps,
            "lb-1",
            &MemberTarget::address(ip, 81),
            "m-2".into(),
            now,
        )
        .unwrap();
        assert_ne!(a.id, b.id);
        assert_eq!(a.health, MemberHealth::Unknown);
        let err = attach(
            &mut state,
            &compute,
            &caps,
            "lb-1",
            &MemberTarget::address(mapped, 80),
            "m-3".into(),
            now,
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AlreadyExists);
        assert!(err.message().contains("192.0.2.7:80"), "{err}");
        let listed = list(&state, &compute, "lb-1", now).unwrap();
        assert_eq!(listed.iter().map(|m| m.port).collect::<Vec<_>>(), [80, 81]);
        detach(&mut state, "lb-1", "m-1").unwrap();
        let err = detach(&mut state, "lb-1", "m-1").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(list(&state, &compute, "lb-1", now).unwrap().len(), 1);
    }

    #[test]
    fn node_members_take_the_node_address_and_follow_its_state() {
        let (mut state, _, caps) = setup();
        let now = Utc::now();
        let node_id = "node-1".to_string();
        let mut compute = ComputeState::default();
        compute.nodes.insert(
            node_id.clone(),
            NodeRecord {
                id: node_id.clone(),
                name: "n".into(),
                size: "small".into(),
                image: "debian-12".into(),
                location: "local-1".into(),
                created_at: now,
                power: Power::Booting { ready_at: now },
                private_ip: "10.0.0.5".into(),
                public_ip: None,
                tags: Default::default(),
                user_data: None,
                auth: None,
                idempotency_key: None,
            },
        );
        let member = attach(
            &mut state,
            &compute,
            &caps,
            "lb-1",
            &MemberTarget::node(&node_id, 8080),
            "m-1".into(),
            now,
        )
        .unwrap();
        assert_eq!(member.node_id.as_deref(), Some(node_id.as_str()));
        assert_eq!(member.ip, compute.nodes[&node_id].private_ip);
        assert_eq!(member.health, MemberHealth::Healthy);
        compute.nodes.get_mut(&node_id).unwrap().power = Power::Stopped { since: now };
        let listed = list(&state, &compute, "lb-1", now).unwrap();
        assert_eq!(listed[0].health, MemberHealth::Unhealthy);
        compute.nodes.clear();
        let listed = list(&state, &compute, "lb-1", now).unwrap();
        assert_eq!(listed[0].health, MemberHealth::Unhealthy);
        let err = attach(
            &mut state,
            &compute,
            &caps,
            "lb-1",
            &MemberTarget::node(&node_id, 8081),
            "m-2".into(),
            now,
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        let err = attach(
            &mut state,
            &compute,
            &caps,
            "lb-9",
            &MemberTarget::node(&node_id, 1),
            "m-3".into(),
            now,
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert!(err.message().contains("lb-9"), "{err}");
    }
}
