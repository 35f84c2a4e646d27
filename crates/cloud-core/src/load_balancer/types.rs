//! Balancers, listeners, health checks and members.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::{Algorithm, BalancerState, LoadBalancerCapabilities, MemberHealth, Protocol, validate};
use crate::Result;
use crate::compute::Extra;
use crate::operation::OperationRef;

/// Where a balancer takes traffic and where it sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listener {
    /// The port clients connect to.
    pub port: u16,
    /// What the listener speaks.
    pub protocol: Protocol,
    /// The port on each member traffic goes to.
    pub target_port: u16,
}

/// How a balancer checks its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthCheck {
    /// What the check speaks (`http` checks request [`HealthCheck::path`]).
    pub protocol: Protocol,
    /// The member port checked (1–65535).
    pub port: u32,
    /// The path an HTTP(S) check requests, starting with `/`.
    pub path: Option<String>,
    /// Seconds between checks (at least 1).
    pub interval_secs: u32,
    /// Seconds a check may take (at least 1, less than the interval).
    pub timeout_secs: u32,
    /// Passed checks in a row that make a member healthy (at least 1).
    pub healthy_threshold: u32,
    /// Failed checks in a row that make a member unhealthy (at least 1).
    pub unhealthy_threshold: u32,
}

impl HealthCheck {
    /// A TCP connect check of `port`: every 30 s, 5 s timeout, 3 passes or 3 failures.
    pub fn tcp(port: u32) -> Self {
        HealthCheck {
            protocol: Protocol::Tcp,
            port,
            path: None,
            interval_secs: 30,
            timeout_secs: 5,
            healthy_threshold: 3,
            unhealthy_threshold: 3,
        }
    }

    /// An HTTP check of `path` on `port`, with the timings of [`HealthCheck::tcp`].
    pub fn http(port: u32, path: impl Into<String>) -> Self {
        HealthCheck {
            protocol: Protocol::Http,
            path: Some(path.into()),
            ..HealthCheck::tcp(port)
        }
    }
}

/// A load balancer at the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balancer {
    /// The provider's id for the balancer.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Where it stands.
    pub state: BalancerState,
    /// Where it takes traffic.
    pub listeners: Vec<Listener>,
    /// How it picks members.
    pub algorithm: Algorithm,
    /// How it checks members, when it does.
    pub health_check: Option<HealthCheck>,
    /// The addresses clients reach it at.
    pub public_ips: Vec<String>,
    /// The create still running at the provider, when it finishes asynchronously.
    pub operation: Option<OperationRef>,
    /// Provider-specific fields.
    #[serde(default)]
    pub extra: Extra,
}

/// One backend a balancer sends traffic to: an address and port, and the node behind it
/// where the provider knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The provider's id for the member; two ports of one address are two members with
    /// two ids.
    pub id: String,
    /// The balancer's id.
    pub balancer_id: String,
    /// The node behind the member, when it was attached by node.
    pub node_id: Option<String>,
    /// The address traffic goes to.
    pub ip: String,
    /// The port traffic goes to.
    pub port: u16,
    /// Its weight, where the provider keeps weights.
    pub weight: Option<u32>,
    /// What the health checks last said.
    pub health: MemberHealth,
    /// Provider-specific fields.
    #[serde(default)]
    pub extra: Extra,
}

/// What a new member is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum MemberTarget {
    /// A node of the provider, by id; traffic goes to its private address.
    Node {
        /// The node's id.
        node_id: String,
        /// The port on the node (1–65535).
        port: u32,
        /// Its weight, where the provider keeps weights.
        weight: Option<u32>,
    },
    /// Any address and port.
    Address {
        /// The address.
        ip: IpAddr,
        /// The port (1–65535).
        port: u32,
        /// Its weight, where the provider keeps weights.
        weight: Option<u32>,
    },
}

impl MemberTarget {
    /// Node `node_id` on `port`, with no weight.
    pub fn node(node_id: impl Into<String>, port: u32) -> Self {
        MemberTarget::Node {
            node_id: node_id.into(),
            port,
            weight: None,
        }
    }

    /// Address `ip` on `port`, with no weight.
    pub fn address(ip: IpAddr, port: u32) -> Self {
        MemberTarget::Address {
            ip,
            port,
            weight: None,
        }
    }

    /// The same target with a weight.
    pub fn with_weight(mut self, value: u32) -> Self {
        match &mut self {
            MemberTarget::Node { weight, .. } | MemberTarget::Address { weight, .. } => {
                *weight = Some(value)
            }
        }
        self
    }

    /// The port asked for.
    pub fn port(&self) -> u32 {
        match self {
            MemberTarget::Node { port, .. } | MemberTarget::Address { port, .. } => *port,
        }
    }

    /// The weight asked for.
    pub fn weight(&self) -> Option<u32> {
        match self {
            MemberTarget::Node { weight, .. } | MemberTarget::Address { weight, .. } => *weight,
        }
    }
}

/// What a new balancer is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateBalancer {
    /// Its name (see [`validate::check_name`]).
    pub name: String,
    /// The port clients connect to (1–65535).
    pub port: u32,
    /// What the listener speaks.
    pub protocol: Protocol,
    /// The port on each member; `None` for [`CreateBalancer::port`].
    pub target_port: Option<u32>,
    /// How it picks members; [`Algorithm::RoundRobin`] from [`CreateBalancer::new`].
    pub algorithm: Algorithm,
    /// Its first members.
    pub members: Vec<MemberTarget>,
    /// How it checks members, where the provider has health checks.
    pub health_check: Option<HealthCheck>,
    /// Provider-specific settings.
    pub extra: Extra,
}

impl CreateBalancer {
    /// A round-robin balancer `name` taking `protocol` on `port` and sending it to the
    /// same port of its members, with no members and no health check.
    pub fn new(name: impl Into<String>, port: u32, protocol: Protocol) -> Self {
        CreateBalancer {
            name: name.into(),
            port,
            protocol,
            target_port: None,
            algorithm: Algorithm::RoundRobin,
            members: Vec::new(),
            health_check: None,
            extra: Extra::default(),
        }
    }

    /// The same request with another algorithm.
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// The same request with one more first member.
    pub fn with_member(mut self, member: MemberTarget) -> Self {
        self.members.push(member);
        self
    }

    /// The port on each member: [`CreateBalancer::target_port`], else the listener's.
    pub fn target_port(&self) -> u32 {
        self.target_port.unwrap_or(self.port)
    }

    /// Checks the request against what `provider` supports, before anything is sent or
    /// stored: the name, every port 1–65535, the protocol and algorithm among the
    /// capabilities (`Unsupported` naming the ones there are), each member, the health
    /// check. Every driver calls it first in `create_balancer`.
    pub fn validate(&self, provider: &str, caps: &LoadBalancerCapabilities) -> Result<()> {
        validate::check_name(&self.name)?;
        validate::check_port("listener port", self.port)?;
        validate::check_port("target port", self.target_port())?;
        caps.check_protocol(provider, &self.protocol)?;
        caps.check_algorithm(provider, &self.algorithm)?;
        for member in &self.members {
            validate::check_member(provider, caps, member)?;
        }
        if let Some(check) = &self.health_check {
            validate::check_health_check(provider, caps, check)?;
        }
        Ok(())
    }
}

/// Changes to a balancer; `None` leaves a setting as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateBalancer {
    /// A new name.
    pub name: Option<String>,
    /// A new algorithm.
    pub algorithm: Option<Algorithm>,
    /// A new health check.
    pub health_check: Option<HealthCheck>,
}

impl UpdateBalancer {
    /// Checks the changes as [`CreateBalancer::validate`] checks a create.
    pub fn validate(&self, provider: &str, caps: &LoadBalancerCapabilities) -> Result<()> {
        if let Some(name) = &self.name {
            validate::check_name(name)?;
        }
        if let Some(algorithm) = &self.algorithm {
            caps.check_algorithm(provider, algorithm)?;
        }
        if let Some(check) = &self.health_check {
            validate::check_health_check(provider, caps, check)?;
        }
        Ok(())
    }
}
