//! What the load balancer suite creates, and with which names and addresses.

use std::net::IpAddr;

use cloud_core::load_balancer::{MemberTarget, Protocol};
use cloud_core::operation::WaitOptions;

/// The inputs of the load balancer conformance suite (see `CONFORMANCE.md`).
#[derive(Debug, Clone)]
pub struct LoadBalancerPlan {
    /// The name of the balancer the suite creates (and destroys at the end).
    pub name: String,
    /// The listener port.
    pub port: u32,
    /// The listener protocol; `None` for `http`, else `tcp`, else the first the driver
    /// offers.
    pub protocol: Option<Protocol>,
    /// The two first members of the balancer.
    pub members: [MemberTarget; 2],
    /// The address L3 attaches twice, on ports 8081 and 8082.
    pub extra_ip: IpAddr,
    /// Where L3 attaches its second member (port 8082) instead of [`Self::extra_ip`],
    /// for a server that keeps one member per address whatever the port (moto's ELBv2
    /// does; AWS does not). `None` keeps the check that two ports of one address are
    /// two members.
    pub second_extra_ip: Option<IpAddr>,
    /// A balancer id that does not exist.
    pub missing_balancer_id: String,
    /// A member id that does not exist in the suite's balancer.
    pub missing_member_id: String,
    /// A node id that does not exist.
    pub missing_node_id: String,
    /// How long to wait for a create operation, for providers that return one.
    pub wait: WaitOptions,
}

impl LoadBalancerPlan {
    /// A plan for a balancer `name`, with every other field at its documented default.
    pub fn new(name: impl Into<String>) -> Self {
        let ip = |text: &str| text.parse::<IpAddr>().expect("a documentation address");
        LoadBalancerPlan {
            name: name.into(),
            port: 80,
            protocol: None,
            members: [
                MemberTarget::address(ip("192.0.2.10"), 8080),
                MemberTarget::address(ip("192.0.2.11"), 8080),
            ],
            extra_ip: ip("192.0.2.20"),
            second_extra_ip: None,
            missing_balancer_id: "no-such-balancer".into(),
            missing_member_id: "no-such-member".into(),
            missing_node_id: "no-such-node".into(),
            wait: WaitOptions::default(),
        }
    }

    /// The same plan with `member` in place of the first member.
    pub fn with_first_member(mut self, member: MemberTarget) -> Self {
        self.members[0] = member;
        self
    }
}
