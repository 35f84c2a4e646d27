//! A GoGrid balancer's real IPs as members: listed from `grid/loadbalancer/get`, added
//! and removed by sending the whole list back with `grid/loadbalancer/edit`.

use cloud_core::http::Method;
use cloud_core::load_balancer::{LoadBalancerCapabilities, Member, MemberTarget, validate};
use cloud_core::paginate::stream_of_list;
use cloud_core::{BoxStream, Error, ErrorKind, Result};

use super::balancers::fetch;
use crate::PROVIDER_ID;
use crate::client::GoGridClient;
use crate::model::{IpPort, WireBalancer, member_id, wire_balancer};
use crate::ops::invalid;

/// The `realiplist.N.ip` and `realiplist.N.port` parameters of `real`.
pub(super) fn real_ip_params(real: &[IpPort]) -> Vec<(String, String)> {
    real.iter()
        .enumerate()
        .flat_map(|(n, r)| {
            [
                (format!("realiplist.{n}.ip"), r.ip.clone()),
                (format!("realiplist.{n}.port"), r.port.to_string()),
            ]
        })
        .collect()
}

/// A member target as a real IP: an IPv4 address (or an IPv4-mapped IPv6 one) and a
/// port. GoGrid has no members by node.
pub(super) fn real_ip(operation: &str, target: &MemberTarget) -> Result<IpPort> {
    let port = validate::check_port("member port", target.port())
        .map_err(|e| e.in_context(PROVIDER_ID, operation))?;
    match target {
        MemberTarget::Address { ip, .. } => match ip.to_canonical() {
            std::net::IpAddr::V4(v4) => Ok(IpPort {
                ip: v4.to_string(),
                port,
            }),
            std::net::IpAddr::V6(v6) => Err(invalid(
                operation,
                format!("GoGrid balances IPv4 addresses only, got {v6}"),
            )),
        },
        MemberTarget::Node { .. } => Err(Error::new(
            ErrorKind::Unsupported,
            "provider gogrid does not support members by node id (load balancer feature \
             AttachByNode)",
        )
        .with_provider(PROVIDER_ID)
        .with_operation(operation)),
    }
}

/// A member id (`address:port`) as a real IP; `None` when it is not one.
fn parse_member_id(member: &str) -> Option<IpPort> {
    let (ip, port) = member.trim().rsplit_once(':')?;
    let ip: std::net::Ipv4Addr = ip.parse().ok()?;
    let port: u16 = port.parse().ok().filter(|p| *p > 0)?;
    Some(IpPort {
        ip: ip.to_string(),
        port,
    })
}

/// The real IPs of a balancer.
pub(super) fn list<'a>(
    client: &'a GoGridClient,
    balancer: &'a str,
) -> BoxStream<'a, Result<Member>> {
    stream_of_list(async move {
        let (wire, id) = fetch(client, "list_members", balancer).await?;
        Ok(wire.to_members(&id))
    })
}

/// Sends balancer `id`'s whole real IP list (`grid/loadbalancer/edit`).
async fn edit(
    client: &GoGridClient,
    operation: &str,
    id: &str,
    real: &[IpPort],
) -> Result<WireBalancer> {
    let mut params: Vec<(String, String)> = vec![("loadbalancer".into(), id.to_string())];
    params.extend(real_ip_params(real));
    let params: Vec<(&str, String)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    client
        .call_one(
            operation,
            Method::POST,
            "grid/loadbalancer/edit",
            &params,
            wire_balancer,
        )
        .await
}

/// Adds a real IP; `AlreadyExists` when the balancer has that address and port.
pub(super) async fn attach(
    client: &GoGridClient,
    caps: &LoadBalancerCapabilities,
    balancer: &str,
    target: &MemberTarget,
) -> Result<Member> {
    const OP: &str = "attach_member";
    validate::check_member(PROVIDER_ID, caps, target).map_err(|e| e.in_context(PROVIDER_ID, OP))?;
    let new = real_ip(OP, target)?;
    let (wire, id) = fetch(client, OP, balancer).await?;
    if wire.real_ips.contains(&new) {
        return Err(Error::new(
            ErrorKind::AlreadyExists,
            format!(
                "GoGrid load balancer {id} already has real IP {}",
                member_id(&new.ip, new.port)
            ),
        )
        .with_provider(PROVIDER_ID)
        .with_operation(OP));
    }
    let mut real = wire.real_ips;
    real.push(new.clone());
    let edited = edit(client, OP, &id, &real).await?;
    edited
        .to_members(&id)
        .into_iter()
        .find(|m| m.ip == new.ip && m.port == new.port)
        .ok_or_else(|| {
            Error::malformed(format!(
                "GoGrid's answer to the edit of load balancer {id} lacks the new real IP {}",
                member_id(&new.ip, new.port)
            ))
            .with_provider(PROVIDER_ID)
            .with_operation(OP)
        })
}

/// Removes a real IP; `NotFound` when the balancer has none with that id, `InvalidInput`
/// for its last one (GoGrid keeps at least one).
pub(super) async fn detach(client: &GoGridClient, balancer: &str, member: &str) -> Result<()> {
    const OP: &str = "detach_member";
    let missing = || {
        Error::not_found(format!(
            "GoGrid load balancer {balancer} has no member {member:?} (members are address:port)"
        ))
        .with_provider(PROVIDER_ID)
        .with_operation(OP)
    };
    let gone = parse_member_id(member).ok_or_else(missing)?;
    let (wire, id) = fetch(client, OP, balancer).await?;
    if !wire.real_ips.contains(&gone) {
        return Err(missing());
    }
    let rest: Vec<IpPort> = wire.real_ips.into_iter().filter(|r| *r != gone).collect();
    if rest.is_empty() {
        return Err(invalid(
            OP,
            format!(
                "{member} is the last real IP of GoGrid load balancer {id}, which keeps at \
                 least one: destroy the balancer instead"
            ),
        ));
    }
    edit(client, OP, &id, &rest).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_ids_read_back() {
        let ip = parse_member_id("192.0.2.20:8081").unwrap();
        assert_eq!((ip.ip.as_str(), ip.port), ("192.0.2.20", 8081));
        for bad in [
            "no-such-member",
            "192.0.2.20",
            "192.0.2.20:0",
            "192.0.2.20:70000",
            "x:80",
        ] {
            assert!(parse_member_id(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn targets_become_ipv4_real_ips() {
        let mapped: std::net::IpAddr = "::ffff:192.0.2.9".parse().unwrap();
        let ip = real_ip("t", &MemberTarget::address(mapped, 80)).unwrap();
        assert_eq!(ip.ip, "192.0.2.9");
        let v6: std::net::IpAddr = "2001:db8::1".parse().unwrap();
        let err = real_ip("t", &MemberTarget::address(v6, 80)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        let err = real_ip("t", &MemberTarget::node("3212", 80)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        let params = real_ip_params(&[ip]);
        assert_eq!(params[0], ("realiplist.0.ip".into(), "192.0.2.9".into()));
        assert_eq!(params[1], ("realiplist.0.port".into(), "80".into()));
    }
}
