//! A balancer's nodes (`{"nodes": […]}`) as the core's members.

use cloud_core::Result;
use cloud_core::load_balancer::{Member, MemberHealth};
use serde_json::Value;

use super::json::{document, id_of, malformed, object, port_of, text};

/// Every node of `{"nodes": […]}` (a listing, or the answer to adding nodes) as a
/// member of balancer `balancer_id`.
pub fn parse_members(body: &[u8], balancer_id: &str) -> Result<Vec<Member>> {
    let doc = document(body)?;
    let nodes = doc
        .get("nodes")
        .and_then(Value::as_array)
        .ok_or_else(|| malformed("Cloud Load Balancers answer has no nodes list".into()))?;
    nodes.iter().map(|n| parse_member(n, balancer_id)).collect()
}

/// One node object as a member of balancer `balancer_id`: its address in canonical
/// form, `ONLINE` as healthy and `OFFLINE` as unhealthy, and its condition and type in
/// `extra`.
pub fn parse_member(value: &Value, balancer_id: &str) -> Result<Member> {
    let node = object(value, "node")?;
    let id = id_of(node.get("id"), "node id")?;
    let address = text(node.get("address"), "node address")?;
    let ip = match address.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.to_canonical().to_string(),
        Err(_) => address.to_string(),
    };
    let port = port_of(node.get("port"), "node port")?;
    let weight = node
        .get("weight")
        .and_then(Value::as_u64)
        .and_then(|w| u32::try_from(w).ok());
    let status = node.get("status").and_then(Value::as_str);
    let health = match status {
        Some("ONLINE") => MemberHealth::Healthy,
        Some("OFFLINE") => MemberHealth::Unhealthy,
        _ => MemberHealth::Unknown,
    };
    let mut extra = cloud_core::compute::Extra::new();
    for key in ["condition", "type", "status"] {
        if let Some(v) = node.get(key) {
            extra.insert(key.into(), v.clone());
        }
    }
    Ok(Member {
        id,
        balancer_id: balancer_id.to_string(),
        node_id: None,
        ip,
        port,
        weight,
        health,
        extra,
    })
}
