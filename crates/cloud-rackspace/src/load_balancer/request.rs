//! The bodies of creates and member additions, checked beyond the core's checks for what
//! Cloud Load Balancers takes: weights 1–100, no target port of its own (each node has
//! its own port), and `metadata` as the one provider setting.

use cloud_core::load_balancer::{CreateBalancer, MemberTarget};
use cloud_core::{Error, Result};
use serde_json::{Map, Value, json};

use crate::model::load_balancer::{algorithm_word, protocol_word};

/// The provider settings a create takes in `CreateBalancer::extra`.
const CREATE_SETTINGS: &[&str] = &["metadata"];

/// `{"loadBalancer": {name, port, protocol, algorithm, virtualIps, nodes, metadata}}`.
pub(super) fn create_body(request: &CreateBalancer) -> Result<Value> {
    if request.target_port() != request.port {
        return Err(Error::invalid_input(format!(
            "Cloud Load Balancers send traffic to each member's own port: leave the target \
             port unset (got {} for listener port {})",
            request.target_port(),
            request.port
        )));
    }
    let protocol = protocol_word(&request.protocol).ok_or_else(|| {
        Error::invalid_input(format!("protocol {} has no API word", request.protocol))
    })?;
    let algorithm = algorithm_word(&request.algorithm).ok_or_else(|| {
        Error::invalid_input(format!("algorithm {} has no API word", request.algorithm))
    })?;
    let nodes = request
        .members
        .iter()
        .map(node)
        .collect::<Result<Vec<Value>>>()?;
    let mut lb = Map::new();
    lb.insert("name".into(), json!(request.name));
    lb.insert("port".into(), json!(request.port));
    lb.insert("protocol".into(), json!(protocol));
    lb.insert("algorithm".into(), json!(algorithm));
    lb.insert("virtualIps".into(), json!([{"type": "PUBLIC"}]));
    if !nodes.is_empty() {
        lb.insert("nodes".into(), Value::Array(nodes));
    }
    for (key, value) in &request.extra {
        match key.as_str() {
            "metadata" => {
                lb.insert("metadata".into(), metadata(value)?);
            }
            other => {
                return Err(Error::invalid_input(format!(
                    "unknown Cloud Load Balancers create setting {other:?} (known: {})",
                    CREATE_SETTINGS.join(", ")
                )));
            }
        }
    }
    Ok(json!({ "loadBalancer": Value::Object(lb) }))
}

/// One node: `{address, port, condition: "ENABLED", weight}`.
pub(super) fn node(target: &MemberTarget) -> Result<Value> {
    let MemberTarget::Address { ip, port, weight } = target else {
        return Err(Error::unsupported(crate::PROVIDER_ID, "members by node id"));
    };
    let mut node = json!({
        "address": ip.to_canonical().to_string(),
        "port": port,
        "condition": "ENABLED",
    });
    if let Some(w) = weight {
        if !(1..=100).contains(w) {
            return Err(Error::invalid_input(format!(
                "member weight {w} is outside 1-100"
            )));
        }
        node["weight"] = json!(w);
    }
    Ok(node)
}

/// `metadata` given as an object of text values, as the API's `[{key, value}]`.
fn metadata(value: &Value) -> Result<Value> {
    let refuse = || {
        Error::invalid_input(
            "the metadata setting must be an object of text values ({\"key\": \"value\"})",
        )
    };
    let map = value.as_object().ok_or_else(refuse)?;
    let mut items = Vec::with_capacity(map.len());
    for (key, v) in map {
        let text = v.as_str().ok_or_else(refuse)?;
        if key.is_empty() || key.len() > 256 || text.len() > 256 {
            return Err(Error::invalid_input(format!(
                "metadata key {key:?} and its value must be 1 to 256 characters"
            )));
        }
        items.push(json!({"key": key, "value": text}));
    }
    Ok(Value::Array(items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;
    use cloud_core::load_balancer::{Algorithm, Protocol};

    fn ip() -> std::net::IpAddr {
        "192.0.2.10".parse().unwrap()
    }

    #[test]
    fn a_create_body_has_the_api_words_and_nodes() {
        let mut request = CreateBalancer::new("web", 80, Protocol::Http)
            .with_algorithm(Algorithm::WeightedLeastConnections)
            .with_member(MemberTarget::address(ip(), 8080).with_weight(7));
        request
            .extra
            .insert("metadata".into(), json!({"team": "blue"}));
        let body = create_body(&request).unwrap();
        assert_eq!(
            body,
            json!({"loadBalancer": {
                "name": "web", "port": 80, "protocol": "HTTP",
                "algorithm": "WEIGHTED_LEAST_CONNECTIONS",
                "virtualIps": [{"type": "PUBLIC"}],
                "nodes": [{"address": "192.0.2.10", "port": 8080, "condition": "ENABLED", "weight": 7}],
                "metadata": [{"key": "team", "value": "blue"}],
            }})
        );
        let mysql = CreateBalancer::new("db", 3306, Protocol::Other("imapv4".into()));
        assert_eq!(
            create_body(&mysql).unwrap()["loadBalancer"]["protocol"],
            "IMAPv4"
        );
    }

    #[test]
    fn what_the_api_cannot_take_is_refused() {
        let mut own_port = CreateBalancer::new("web", 80, Protocol::Http);
        own_port.target_port = Some(8080);
        let err = create_body(&own_port).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.message().contains("8080"), "{err}");
        let heavy = MemberTarget::address(ip(), 80).with_weight(101);
        assert!(node(&heavy).unwrap_err().message().contains("101"));
        let mut odd = CreateBalancer::new("web", 80, Protocol::Http);
        odd.extra.insert("flavor".into(), json!("big"));
        assert!(create_body(&odd).unwrap_err().message().contains("flavor"));
        odd.extra.clear();
        odd.extra.insert("metadata".into(), json!({"n": 1}));
        assert_eq!(
            create_body(&odd).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
        let by_node = MemberTarget::node("42", 80);
        assert_eq!(node(&by_node).unwrap_err().kind(), ErrorKind::Unsupported);
    }
}
