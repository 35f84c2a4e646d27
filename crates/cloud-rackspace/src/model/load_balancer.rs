//! Cloud Load Balancers (API v1.0) answers: balancers (`{"loadBalancer": {…}}`, one page
//! of `{"loadBalancers": […]}`), their nodes (`{"nodes": […]}`), the status, protocol
//! and algorithm words, and error documents. Every parser takes arbitrary bytes and
//! answers a typed error, never a panic.

#[path = "load_balancer_errors.rs"]
mod errors;
#[path = "load_balancer_json.rs"]
mod json;
#[path = "load_balancer_nodes.rs"]
mod nodes;
#[path = "load_balancer_words.rs"]
mod words;

use cloud_core::load_balancer::{Balancer, BalancerState, Listener};
use cloud_core::operation::OperationRef;
use cloud_core::{Error, Result};
use serde_json::Value;

pub use errors::{ClbErrorParser, IMMUTABLE, is_immutable, parse_error};
pub use nodes::{parse_member, parse_members};
pub use words::{
    ALGORITHMS, PROTOCOLS, algorithm_of, algorithm_word, balancer_state, protocol_of, protocol_word,
};

use json::{document, id_of, object, port_of, text};

/// The operation kind a balancer still being built carries.
pub const CREATE_OPERATION: &str = "create_balancer";

/// One balancer from `{"loadBalancer": {…}}` (the answer to a create or a get).
pub fn parse_balancer(body: &[u8]) -> Result<Balancer> {
    let doc = document(body)?;
    let inner = doc
        .get("loadBalancer")
        .ok_or_else(|| missing("loadBalancer"))?;
    balancer(inner)
}

/// One page of `{"loadBalancers": […]}` (the answer to a list).
pub fn parse_balancers(body: &[u8]) -> Result<Vec<Balancer>> {
    let doc = document(body)?;
    let list = doc
        .get("loadBalancers")
        .and_then(Value::as_array)
        .ok_or_else(|| missing("loadBalancers list"))?;
    list.iter().map(balancer).collect()
}

/// A balancer object as the API writes it.
pub fn balancer(value: &Value) -> Result<Balancer> {
    let lb = object(value, "load balancer")?;
    let id = id_of(lb.get("id"), "load balancer id")?;
    let name = text(lb.get("name"), "load balancer name")?.to_string();
    let status = text(lb.get("status"), "load balancer status")?.to_string();
    let port = port_of(lb.get("port"), "load balancer port")?;
    let protocol = protocol_of(text(lb.get("protocol"), "load balancer protocol")?)?;
    let algorithm = match lb.get("algorithm").and_then(Value::as_str) {
        Some(word) => algorithm_of(word)?,
        None => cloud_core::load_balancer::Algorithm::Random,
    };
    let state = balancer_state(&status);
    let public_ips = lb
        .get("virtualIps")
        .and_then(Value::as_array)
        .map(|vips| {
            vips.iter()
                .filter(|v| v.get("type").and_then(Value::as_str) == Some("PUBLIC"))
                .filter_map(|v| v.get("address").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let operation = (state == BalancerState::Pending && words::is_building(&status)).then(|| {
        OperationRef::new(crate::PROVIDER_ID, CREATE_OPERATION, id.clone()).with_resource(&id)
    });
    let mut extra = cloud_core::compute::Extra::new();
    extra.insert("status".into(), Value::String(status));
    for (key, name) in [
        ("nodeCount", "node_count"),
        ("timeout", "timeout"),
        ("created", "created"),
        ("updated", "updated"),
        ("virtualIps", "virtual_ips"),
        ("metadata", "metadata"),
    ] {
        if let Some(v) = lb.get(key) {
            extra.insert(name.into(), v.clone());
        }
    }
    Ok(Balancer {
        id,
        name,
        state,
        listeners: vec![Listener {
            port,
            protocol,
            target_port: port,
        }],
        algorithm,
        health_check: None,
        public_ips,
        operation,
        extra,
    })
}

/// The answer lacks `what`.
fn missing(what: &str) -> Error {
    Error::malformed(format!("Cloud Load Balancers answer has no {what}"))
        .with_provider(crate::PROVIDER_ID)
}

#[cfg(test)]
#[path = "load_balancer_tests.rs"]
mod tests;
