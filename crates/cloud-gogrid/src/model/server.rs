//! GoGrid server objects as nodes.

use cloud_core::compute::{Extra, Node, NodeState};
use cloud_core::{Error, Result};
use serde_json::Value;

use super::fields::{id_text, object, option_name, text};
use crate::state::server_state;

/// A server object as a node. GoGrid may answer an add before it has given the server
/// an id; the node's id is then the server's name (every call of this driver names a
/// server by id or name), and `extra["id_pending"]` is `true`.
pub fn server_to_node(item: &Value, password: Option<&str>) -> Result<Node> {
    object(item, "server")?;
    let name = text(item, "name")
        .ok_or_else(|| Error::malformed("a GoGrid server without a name"))?
        .to_string();
    let id = id_text(item.get("id"));
    let mut extra = Extra::new();
    if id.is_none() {
        extra.insert("id_pending".into(), Value::Bool(true));
    }
    let state = match option_name(item, "state") {
        Some(s) => {
            extra.insert("state".into(), Value::from(s));
            server_state(s)
        }
        None => NodeState::Unknown(String::new()),
    };
    let (mut public_ips, mut private_ips) = (Vec::new(), Vec::new());
    if let Some(ip) = item.get("ip").and_then(|ip| text(ip, "ip")) {
        let public = item
            .get("ip")
            .and_then(|ip| ip.get("public"))
            .and_then(Value::as_bool)
            .unwrap_or(true);
        if public {
            public_ips.push(ip.to_string());
        } else {
            private_ips.push(ip.to_string());
        }
    }
    if let Some(d) = text(item, "description") {
        extra.insert("description".into(), Value::from(d));
    }
    for (field, key) in [("os", "os"), ("type", "server_type"), ("ram", "ram")] {
        if let Some(v) = option_name(item, field) {
            extra.insert(key.into(), Value::from(v));
        }
    }
    if let Some(b) = item.get("isSandbox").and_then(Value::as_bool) {
        extra.insert("is_sandbox".into(), Value::Bool(b));
    }
    if let Some(pw) = password {
        extra.insert("password".into(), Value::from(pw));
    }
    Ok(Node {
        id: id.unwrap_or_else(|| name.clone()),
        name,
        state,
        public_ips,
        private_ips,
        size: option_name(item, "ram").map(str::to_string),
        image: item.get("image").and_then(|i| id_text(i.get("id"))),
        location: item.get("datacenter").and_then(|d| id_text(d.get("id"))),
        created_at: None,
        tags: Default::default(),
        extra,
        operation: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn server() -> Value {
        json!({
            "id": 3212, "name": "ws01", "description": "web",
            "image": {"id": 117, "name": "centos5.3_64_base", "object": "serverimage"},
            "ip": {"id": 65667, "ip": "208.113.110.130", "public": true,
                   "state": {"id": 2, "name": "Assigned", "object": "option"}},
            "datacenter": {"id": 1, "name": "US-West-1", "object": "option"},
            "isSandbox": false, "object": "server",
            "os": {"id": 47, "name": "CentOS 5.3 (64-bit)", "object": "option"},
            "ram": {"id": 2, "name": "1GB", "object": "option"},
            "state": {"id": 1, "name": "On", "object": "option"},
            "type": {"id": 1, "name": "Web Server", "object": "option"}
        })
    }

    #[test]
    fn server_becomes_node() {
        let node = server_to_node(&server(), Some("pw1")).unwrap();
        assert_eq!(node.id, "3212");
        assert_eq!(node.name, "ws01");
        assert_eq!(node.state, NodeState::Running);
        assert_eq!(node.public_ips, ["208.113.110.130"]);
        assert_eq!(node.size.as_deref(), Some("1GB"));
        assert_eq!(node.image.as_deref(), Some("117"));
        assert_eq!(node.location.as_deref(), Some("1"));
        assert_eq!(node.extra["password"], "pw1");
        assert_eq!(node.extra["os"], "CentOS 5.3 (64-bit)");
        assert!(!node.extra.contains_key("id_pending"));
    }

    #[test]
    fn server_without_id_is_named_by_name() {
        let mut s = server();
        s.as_object_mut().unwrap().remove("id");
        let node = server_to_node(&s, None).unwrap();
        assert_eq!(node.id, "ws01");
        assert_eq!(node.extra["id_pending"], true);
        assert!(!node.extra.contains_key("password"));
    }

    #[test]
    fn wrong_shapes_are_malformed() {
        for v in [json!(null), json!([1]), json!("server"), json!({"id": 1})] {
            assert!(server_to_node(&v, None).is_err(), "{v}");
        }
    }
}
