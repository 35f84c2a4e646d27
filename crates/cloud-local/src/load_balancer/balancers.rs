//! Balancer operations on the load balancer state. Requests are checked with the core's
//! `CreateBalancer::validate` first; names are unique; each balancer gets the first free
//! address of 203.0.113.0/24 (a documentation range) as its public address.

use chrono::{DateTime, Utc};
use cloud_core::load_balancer::{
    Balancer, CreateBalancer, LoadBalancerCapabilities, UpdateBalancer, validate,
};
use cloud_core::{Error, ErrorKind, Result};

use super::members;
use super::records::{BalancerRecord, LbState};
use crate::PROVIDER_ID;
use crate::compute::records::State as ComputeState;

/// Every balancer, in name then id order.
pub(crate) fn list(state: &LbState) -> Vec<Balancer> {
    let mut records: Vec<(&String, &BalancerRecord)> = state.balancers.iter().collect();
    records.sort_by(|a, b| (&a.1.name, a.0).cmp(&(&b.1.name, b.0)));
    records
        .into_iter()
        .map(|(id, b)| b.to_balancer(id))
        .collect()
}

/// One balancer; `NotFound` naming it.
pub(crate) fn get(state: &LbState, id: &str) -> Result<Balancer> {
    Ok(balancer(state, id)?.to_balancer(id))
}

/// The stored balancer `id`; `NotFound` naming it.
pub(crate) fn balancer<'a>(state: &'a LbState, id: &str) -> Result<&'a BalancerRecord> {
    state.balancers.get(id).ok_or_else(|| missing(id))
}

/// The stored balancer `id`, to change; `NotFound` naming it.
pub(crate) fn balancer_mut<'a>(state: &'a mut LbState, id: &str) -> Result<&'a mut BalancerRecord> {
    state.balancers.get_mut(id).ok_or_else(|| missing(id))
}

fn missing(id: &str) -> Error {
    Error::not_found(format!("balancer {id:?} does not exist"))
}

/// Creates balancer `id` with its first members (`member_id` makes their ids). Bad
/// input, a taken name and a member naming a node missing from `compute` fail before
/// anything changes.
pub(crate) fn create(
    state: &mut LbState,
    compute: &ComputeState,
    caps: &LoadBalancerCapabilities,
    request: &CreateBalancer,
    id: String,
    now: DateTime<Utc>,
    mut member_id: impl FnMut() -> String,
) -> Result<Balancer> {
    request.validate(PROVIDER_ID, caps)?;
    check_name_free(state, &request.name, None)?;
    let listener = cloud_core::load_balancer::Listener {
        port: validate::check_port("listener port", request.port)?,
        protocol: request.protocol.clone(),
        target_port: validate::check_port("target port", request.target_port())?,
    };
    let mut record = BalancerRecord {
        name: request.name.clone(),
        listener,
        algorithm: request.algorithm.clone(),
        health_check: request.health_check.clone(),
        public_ip: free_public_ip(state),
        created_at: now,
        members: Default::default(),
    };
    for target in &request.members {
        let member = members::resolve(compute, target)?;
        if record.has_member_at(&member.ip, member.port) {
            return Err(Error::invalid_input(format!(
                "member {} is listed twice",
                members::endpoint(&member.ip, member.port)
            )));
        }
        record.members.insert(member_id(), member);
    }
    let out = record.to_balancer(&id);
    state.balancers.insert(id, record);
    Ok(out)
}

/// Changes a balancer's name, algorithm or health check.
pub(crate) fn update(
    state: &mut LbState,
    caps: &LoadBalancerCapabilities,
    id: &str,
    update: &UpdateBalancer,
) -> Result<Balancer> {
    balancer(state, id)?;
    update.validate(PROVIDER_ID, caps)?;
    if let Some(name) = &update.name {
        check_name_free(state, name, Some(id))?;
    }
    let record = balancer_mut(state, id)?;
    if let Some(name) = &update.name {
        record.name = name.clone();
    }
    if let Some(algorithm) = &update.algorithm {
        record.algorithm = algorithm.clone();
    }
    if let Some(check) = &update.health_check {
        record.health_check = Some(check.clone());
    }
    Ok(record.to_balancer(id))
}

/// Deletes a balancer with its members.
pub(crate) fn destroy(state: &mut LbState, id: &str) -> Result<()> {
    state
        .balancers
        .remove(id)
        .map(|_| ())
        .ok_or_else(|| missing(id))
}

fn check_name_free(state: &LbState, name: &str, except: Option<&str>) -> Result<()> {
    let taken = state
        .balancers
        .iter()
        .any(|(id, b)| b.name == name && Some(id.as_str()) != except);
    if taken {
        return Err(Error::new(
            ErrorKind::AlreadyExists,
            format!("a balancer named {name:?} exists"),
        ));
    }
    Ok(())
}

/// The first address of 203.0.113.1–254 no balancer has; `None` when all are taken.
fn free_public_ip(state: &LbState) -> Option<String> {
    (1..=254u8).map(|n| format!("203.0.113.{n}")).find(|ip| {
        !state
            .balancers
            .values()
            .any(|b| b.public_ip.as_deref() == Some(ip.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use cloud_core::load_balancer::{Algorithm, MemberTarget, Protocol};

    use super::*;
    use crate::load_balancer::LocalLoadBalancer;

    fn caps() -> LoadBalancerCapabilities {
        LocalLoadBalancer::local_capabilities()
    }

    fn ids(prefix: &'static str) -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("{prefix}-{n}")
        }
    }

    #[test]
    fn creates_get_addresses_in_turn_and_names_are_unique() {
        let (mut state, compute, now) = (LbState::default(), ComputeState::default(), Utc::now());
        let request = CreateBalancer::new("web", 80, Protocol::Http);
        let first = create(
            &mut state,
            &compute,
            &caps(),
            &request,
            "lb-1".into(),
            now,
            ids("m"),
        )
        .unwrap();
        assert_eq!(first.public_ips, ["203.0.113.1"]);
        assert_eq!(first.listeners[0].target_port, 80);
        let err = create(
            &mut state,
            &compute,
            &caps(),
            &request,
            "lb-2".into(),
            now,
            ids("m"),
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AlreadyExists);
        let other = CreateBalancer::new("api", 443, Protocol::Https);
        let second = create(
            &mut state,
            &compute,
            &caps(),
            &other,
            "lb-2".into(),
            now,
            ids("m"),
        )
        .unwrap();
        assert_eq!(second.public_ips, ["203.0.113.2"]);
        assert_eq!(
            list(&state).iter().map(|b| &b.name).collect::<Vec<_>>(),
            ["api", "web"]
        );
    }

    #[test]
    fn a_bad_member_or_algorithm_creates_nothing() {
        let (mut state, compute, now) = (LbState::default(), ComputeState::default(), Utc::now());
        let ip = "192.0.2.1".parse().unwrap();
        let twice = CreateBalancer::new("web", 80, Protocol::Tcp)
            .with_member(MemberTarget::address(ip, 80))
            .with_member(MemberTarget::address(ip, 80));
        let ghost = CreateBalancer::new("web", 80, Protocol::Tcp)
            .with_member(MemberTarget::node("node-nope", 80));
        let odd = CreateBalancer::new("web", 80, Protocol::Tcp)
            .with_algorithm(Algorithm::Other("maglev".into()));
        for (request, kind) in [
            (twice, ErrorKind::InvalidInput),
            (ghost, ErrorKind::NotFound),
            (odd, ErrorKind::Unsupported),
        ] {
            let err = create(
                &mut state,
                &compute,
                &caps(),
                &request,
                "lb-1".into(),
                now,
                ids("m"),
            )
            .unwrap_err();
            assert_eq!(err.kind(), kind, "{err}");
        }
        assert!(state.balancers.is_empty());
    }

    #[test]
    fn updates_change_name_and_algorithm() {
        let (mut state, compute, now) = (LbState::default(), ComputeState::default(), Utc::now());
        let request = CreateBalancer::new("web", 80, Protocol::Http);
        create(
            &mut state,
            &compute,
            &caps(),
            &request,
            "lb-1".into(),
            now,
            ids("m"),
        )
        .unwrap();
        let change = UpdateBalancer {
            name: Some("web-2".into()),
            algorithm: Some(Algorithm::LeastConnections),
            ..UpdateBalancer::default()
        };
        let updated = update(&mut state, &caps(), "lb-1", &change).unwrap();
        assert_eq!(updated.name, "web-2");
        assert_eq!(updated.algorithm, Algorithm::LeastConnections);
        let err = update(&mut state, &caps(), "lb-9", &change).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(destroy(&mut state, "lb-1").map_err(|e| e.kind()), Ok(()));
        assert_eq!(
            destroy(&mut state, "lb-1").unwrap_err().kind(),
            ErrorKind::NotFound
        );
    }
}
