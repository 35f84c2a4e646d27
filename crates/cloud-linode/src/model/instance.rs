//! Linode instances as nodes.

use std::collections::BTreeMap;
use std::net::IpAddr;

use cloud_core::Result;
use cloud_core::compute::Node;
use serde::Deserialize;
use serde_json::Value;

use super::{Convert, extra_from, parse_time};
use crate::state::node_state;

/// A Linode instance as the API returns it.
#[derive(Debug, Deserialize)]
pub(crate) struct RawInstance {
    id: u64,
    label: String,
    status: String,
    #[serde(default, rename = "type")]
    type_id: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    image: Option<String>,
    #[serde(default)]
    ipv4: Vec<String>,
    #[serde(default)]
    ipv6: Option<String>,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(flatten)]
    rest: serde_json::Map<String, Value>,
}

impl Convert for RawInstance {
    type Item = Node;

    fn convert(self) -> Result<Node> {
        let mut public_ips = Vec::new();
        let mut private_ips = Vec::new();
        for ip in self.ipv4 {
            match ip.parse::<IpAddr>() {
                Ok(IpAddr::V4(v4)) if v4.is_private() || v4.is_link_local() => private_ips.push(ip),
                _ => public_ips.push(ip),
            }
        }
        if let Some(v6) = self.ipv6.as_deref().filter(|s| !s.is_empty()) {
            let addr = v6.split('/').next().unwrap_or(v6);
            public_ips.push(addr.to_string());
        }
        let mut extra = extra_from(self.rest);
        extra.insert("status".into(), Value::String(self.status.clone()));
        if let Some(v6) = self.ipv6 {
            extra.insert("ipv6".into(), Value::String(v6));
        }
        Ok(Node {
            id: self.id.to_string(),
            name: self.label,
            state: node_state(&self.status),
            public_ips,
            private_ips,
            size: self.type_id,
            image: self.image,
            location: self.region,
            created_at: parse_time("created", self.created.as_deref())?,
            tags: tags_from_linode(&self.tags),
            extra,
            operation: None,
        })
    }
}

/// Linode's tag strings as the portable map: `key=value`, or `key` with an empty value.
pub(crate) fn tags_from_linode(tags: &[String]) -> BTreeMap<String, String> {
    tags.iter()
        .map(|t| match t.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (t.clone(), String::new()),
        })
        .collect()
}

/// The portable tag map as Linode tag strings; the inverse of [`tags_from_linode`].
pub(crate) fn tags_to_linode(tags: &BTreeMap<String, String>) -> Vec<String> {
    tags.iter()
        .map(|(k, v)| {
            if v.is_empty() {
                k.clone()
            } else {
                format!("{k}={v}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::compute::NodeState;

    #[test]
    fn converts_an_instance() {
        let raw: RawInstance = serde_json::from_str(
            r#"{"id": 123, "label": "web-1", "status": "running", "type": "g6-standard-1",
                "region": "us-east", "image": "linode/debian12",
                "ipv4": ["203.0.113.7", "192.168.133.2"],
                "ipv6": "2001:db8::f03c:91ff:fe24:3a2f/128",
                "created": "2024-03-01T10:00:00", "tags": ["suite=conformance", "web"],
                "hypervisor": "kvm", "group": null,
                "specs": {"disk": 51200, "memory": 2048, "vcpus": 1}}"#,
        )
        .unwrap();
        let node = raw.convert().unwrap();
        assert_eq!(node.id, "123");
        assert_eq!(node.name, "web-1");
        assert_eq!(node.state, NodeState::Running);
        assert_eq!(
            node.public_ips,
            vec!["203.0.113.7", "2001:db8::f03c:91ff:fe24:3a2f"]
        );
        assert_eq!(node.private_ips, vec!["192.168.133.2"]);
        assert_eq!(node.size.as_deref(), Some("g6-standard-1"));
        assert_eq!(node.location.as_deref(), Some("us-east"));
        assert_eq!(node.tags["suite"], "conformance");
        assert_eq!(node.tags["web"], "");
        assert_eq!(node.extra["hypervisor"], "kvm");
        assert_eq!(node.extra["status"], "running");
        assert!(!node.extra.contains_key("group"));
        assert_eq!(node.extra["specs"]["vcpus"], 1);
    }

    #[test]
    fn tags_round_trip() {
        let map = BTreeMap::from([
            ("suite".to_string(), "conformance".to_string()),
            ("web".to_string(), String::new()),
        ]);
        let tags = tags_to_linode(&map);
        assert_eq!(tags, vec!["suite=conformance", "web"]);
        assert_eq!(tags_from_linode(&tags), map);
    }
}
