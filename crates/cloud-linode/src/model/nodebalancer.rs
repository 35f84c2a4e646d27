//! NodeBalancers, their port Configs and the Nodes behind a Config, as Linode sends them.
//! A portable balancer is put together from a NodeBalancer and its Configs by the load
//! balancer area; a Node converts to a member on its own.

use std::net::SocketAddr;

use cloud_core::load_balancer::{Member, MemberHealth};
use cloud_core::{Error, Result};
use serde::Deserialize;
use serde_json::Value;

use super::extra_from;

/// A NodeBalancer (`GET /nodebalancers/{id}`).
#[derive(Debug, Deserialize)]
pub(crate) struct RawNodeBalancer {
    pub(crate) id: u64,
    pub(crate) label: String,
    #[serde(default)]
    pub(crate) ipv4: Option<String>,
    #[serde(default)]
    pub(crate) ipv6: Option<String>,
    #[serde(flatten)]
    pub(crate) rest: serde_json::Map<String, Value>,
}

/// A NodeBalancer Config: one port with its protocol, algorithm and checks.
#[derive(Debug, Deserialize)]
pub(crate) struct RawConfig {
    pub(crate) id: u64,
    pub(crate) port: u32,
    pub(crate) protocol: String,
    pub(crate) algorithm: String,
    #[serde(default)]
    pub(crate) check: Option<String>,
    #[serde(default)]
    pub(crate) check_interval: Option<u32>,
    #[serde(default)]
    pub(crate) check_timeout: Option<u32>,
    #[serde(default)]
    pub(crate) check_attempts: Option<u32>,
    #[serde(default)]
    pub(crate) check_path: Option<String>,
}

/// A NodeBalancer Node: one backend `address` (`IP:PORT`) of a Config.
#[derive(Debug, Deserialize)]
pub(crate) struct RawNode {
    id: u64,
    address: String,
    #[serde(default)]
    weight: Option<u32>,
    #[serde(default)]
    status: Option<String>,
    #[serde(flatten)]
    rest: serde_json::Map<String, Value>,
}

impl RawNode {
    /// The Node's `address` as Linode sent it (`IP:PORT`).
    pub(crate) fn address(&self) -> &str {
        &self.address
    }

    /// The member of balancer `balancer_id`; `MalformedResponse` when `address` is not
    /// `IP:PORT`.
    pub(crate) fn into_member(self, balancer_id: &str) -> Result<Member> {
        let addr: SocketAddr = self.address.parse().map_err(|_| {
            let shown: String = self.address.chars().take(60).collect();
            Error::malformed(format!("node address {shown:?} is not IP:PORT"))
        })?;
        let mut extra = extra_from(self.rest);
        if let Some(status) = &self.status {
            extra.insert("status".into(), Value::String(status.clone()));
        }
        Ok(Member {
            id: self.id.to_string(),
            balancer_id: balancer_id.to_string(),
            node_id: None,
            ip: addr.ip().to_canonical().to_string(),
            port: addr.port(),
            weight: self.weight,
            health: member_health(self.status.as_deref().unwrap_or("unknown")),
            extra,
        })
    }
}

/// A Node's `status` (`UP`, `DOWN`, `unknown`) as the member's health.
pub fn member_health(status: &str) -> MemberHealth {
    if status.eq_ignore_ascii_case("up") {
        MemberHealth::Healthy
    } else if status.eq_ignore_ascii_case("down") {
        MemberHealth::Unhealthy
    } else {
        MemberHealth::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn node_status_is_member_health() {
        assert_eq!(member_health("UP"), MemberHealth::Healthy);
        assert_eq!(member_health("DOWN"), MemberHealth::Unhealthy);
        assert_eq!(member_health("unknown"), MemberHealth::Unknown);
        assert_eq!(member_health("maintenance"), MemberHealth::Unknown);
    }

    #[test]
    fn nodes_become_members_or_malformed_errors() {
        let node: RawNode = serde_json::from_value(json!({
            "id": 7, "address": "192.168.130.10:8080", "label": "web", "weight": 50,
            "mode": "accept", "status": "UP", "config_id": 3, "nodebalancer_id": 2
        }))
        .unwrap();
        let member = node.into_member("2").unwrap();
        assert_eq!(
            (member.id.as_str(), member.ip.as_str(), member.port),
            ("7", "192.168.130.10", 8080)
        );
        assert_eq!(member.weight, Some(50));
        assert_eq!(member.health, MemberHealth::Healthy);
        assert_eq!(member.extra["mode"], "accept");
        for bad in ["192.168.130.10", "web:80", "192.168.130.10:99999"] {
            let node: RawNode = serde_json::from_value(json!({"id": 7, "address": bad})).unwrap();
            let err = node.into_member("2").unwrap_err();
            assert_eq!(
                err.kind(),
                cloud_core::ErrorKind::MalformedResponse,
                "{bad}"
            );
        }
    }
}
