//! The persisted state of the simulated load balancers and how each record looks to
//! callers.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use cloud_core::compute::Extra;
use cloud_core::load_balancer::{
    Algorithm, Balancer, BalancerState, HealthCheck, Listener, Member, MemberHealth,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The version of the load balancer state file layout this crate writes.
pub(crate) const LB_STATE_VERSION: u32 = 1;

fn current_version() -> u32 {
    LB_STATE_VERSION
}

/// Every balancer the simulation holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct LbState {
    /// Layout version.
    #[serde(default = "current_version")]
    pub version: u32,
    /// Balancers by id.
    #[serde(default)]
    pub balancers: BTreeMap<String, BalancerRecord>,
}

impl Default for LbState {
    fn default() -> Self {
        LbState {
            version: LB_STATE_VERSION,
            balancers: BTreeMap::new(),
        }
    }
}

impl crate::state::StateLayout for LbState {
    const VERSION: u32 = LB_STATE_VERSION;

    fn version(&self) -> u32 {
        self.version
    }
}

/// One balancer and its members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct BalancerRecord {
    pub name: String,
    pub listener: Listener,
    pub algorithm: Algorithm,
    pub health_check: Option<HealthCheck>,
    pub public_ip: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Members by id.
    #[serde(default)]
    pub members: BTreeMap<String, MemberRecord>,
}

impl BalancerRecord {
    /// The balancer as callers see it: always `running` (the simulation finishes a
    /// create at once).
    pub fn to_balancer(&self, id: &str) -> Balancer {
        let mut extra = Extra::new();
        extra.insert("created_at".into(), json!(self.created_at));
        extra.insert("member_count".into(), json!(self.members.len()));
        Balancer {
            id: id.to_string(),
            name: self.name.clone(),
            state: BalancerState::Running,
            listeners: vec![self.listener.clone()],
            algorithm: self.algorithm.clone(),
            health_check: self.health_check.clone(),
            public_ips: self.public_ip.iter().cloned().collect(),
            operation: None,
            extra,
        }
    }

    /// Whether a member sends traffic to `ip` and `port` already.
    pub fn has_member_at(&self, ip: &str, port: u16) -> bool {
        self.members.values().any(|m| m.ip == ip && m.port == port)
    }
}

/// One member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct MemberRecord {
    pub node_id: Option<String>,
    pub ip: String,
    pub port: u16,
    pub weight: Option<u32>,
}

impl MemberRecord {
    /// The member as callers see it, with the health its node gives it.
    pub fn to_member(&self, balancer_id: &str, id: &str, health: MemberHealth) -> Member {
        Member {
            id: id.to_string(),
            balancer_id: balancer_id.to_string(),
            node_id: self.node_id.clone(),
            ip: self.ip.clone(),
            port: self.port,
            weight: self.weight,
            health,
            extra: Extra::new(),
        }
    }
}
