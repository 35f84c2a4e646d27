//! Servers as nodes.

use std::collections::BTreeMap;

use cloud_core::Result;
use cloud_core::compute::{Extra, Node};
use cloud_core::xml::Element;
use serde_json::Value;

use super::Format;
use super::wire::{
    Doc, exactly_one, items, json_id, json_text, json_u64, xml_attr, xml_id, xml_u64,
};
use crate::state::server_state;

/// A `servers` list (`GET /servers/detail`) or a single `server` as nodes.
pub fn parse_servers(format: Format, body: &[u8]) -> Result<Vec<Node>> {
    let doc = Doc::parse(format, body)?;
    items(&doc, "servers", "server", from_json, from_xml)
}

/// A single `server` document (`GET /servers/ID`, the answer to `POST /servers`) as a
/// node.
pub fn parse_server(format: Format, body: &[u8]) -> Result<Node> {
    exactly_one(parse_servers(format, body)?, "server")
}

/// What both formats say about one server.
struct Fields {
    id: String,
    name: String,
    status: String,
    flavor: Option<String>,
    image: Option<String>,
    progress: Option<u64>,
    host_id: Option<String>,
    admin_pass: Option<String>,
    public: Vec<String>,
    private: Vec<String>,
    metadata: BTreeMap<String, String>,
}

fn from_json(v: &Value) -> Result<Node> {
    let addresses = |kind: &str| -> Vec<String> {
        v.get("addresses")
            .and_then(|a| a.get(kind))
            .and_then(Value::as_array)
            .map(|ips| {
                ips.iter()
                    .filter_map(|ip| match ip {
                        Value::String(s) => Some(s.trim().to_string()),
                        // Some answers wrap each address: {"addr": "…", "version": 4}.
                        other => other
                            .get("addr")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                    })
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    let metadata = v
        .get("metadata")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                .collect()
        })
        .unwrap_or_default();
    Ok(Fields {
        id: json_id(v, "server")?,
        name: json_text(v, "name").unwrap_or_default(),
        status: json_text(v, "status").unwrap_or_else(|| "UNKNOWN".into()),
        flavor: json_text(v, "flavorId"),
        image: json_text(v, "imageId"),
        progress: json_u64(v, "progress", "server progress")?,
        host_id: json_text(v, "hostId"),
        admin_pass: json_text(v, "adminPass"),
        public: addresses("public"),
        private: addresses("private"),
        metadata,
    }
    .into_node())
}

fn from_xml(el: &Element<'_>) -> Result<Node> {
    let addresses = |kind: &str| -> Vec<String> {
        el.child("addresses")
            .and_then(|a| a.child(kind))
            .map(|list| {
                list.children_named("ip")
                    .filter_map(|ip| xml_attr(ip, "addr"))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let metadata = el
        .child("metadata")
        .map(|m| {
            m.children_named("meta")
                .filter_map(|meta| {
                    xml_attr(meta, "key").map(|k| (k.to_string(), meta.text.trim().to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    let text = |name: &str| xml_attr(el, name).map(str::to_string);
    Ok(Fields {
        id: xml_id(el, "server")?,
        name: text("name").unwrap_or_default(),
        status: text("status").unwrap_or_else(|| "UNKNOWN".into()),
        flavor: text("flavorId"),
        image: text("imageId"),
        progress: xml_u64(el, "progress", "server progress")?,
        host_id: text("hostId"),
        admin_pass: text("adminPass"),
        public: addresses("public"),
        private: addresses("private"),
        metadata,
    }
    .into_node())
}

impl Fields {
    fn into_node(self) -> Node {
        let mut extra = Extra::new();
        extra.insert("status".into(), Value::from(self.status.as_str()));
        if let Some(p) = self.progress {
            extra.insert("progress".into(), Value::from(p));
        }
        if let Some(h) = self.host_id {
            extra.insert("host_id".into(), Value::from(h));
        }
        // Only the answer to a create carries the generated root password; it is kept as
        // the API gave it, for the caller, and never logged.
        if let Some(pw) = self.admin_pass {
            extra.insert("admin_pass".into(), Value::from(pw));
        }
        Node {
            id: self.id,
            name: self.name,
            state: server_state(&self.status),
            public_ips: self.public,
            private_ips: self.private,
            size: self.flavor,
            image: self.image,
            location: None,
            created_at: None,
            tags: self.metadata,
            extra,
            operation: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::compute::NodeState;

    const JSON: &[u8] = br#"{"server": {"id": 21034274, "name": "api-test-server",
        "imageId": 119, "flavorId": 2, "status": "BUILD", "progress": 60,
        "hostId": "2d66db781ce490432f55ada17610173e", "adminPass": "api-test-serverG9h",
        "metadata": {"My Server Name": "API Test Server"},
        "addresses": {"public": ["198.51.100.60"], "private": ["10.178.54.11"]}}}"#;

    const XML: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<server xmlns="http://docs.rackspacecloud.com/servers/api/v1.0" status="BUILD" progress="60"
  hostId="2d66db781ce490432f55ada17610173e" flavorId="2" imageId="119" id="21034274"
  name="api-test-server" adminPass="api-test-serverG9h">
  <metadata><meta key="My Server Name">API Test Server</meta></metadata>
  <addresses><public><ip addr="198.51.100.60"/></public><private><ip addr="10.178.54.11"/></private></addresses>
</server>"#;

    #[test]
    fn both_formats_give_the_same_node() {
        let json = parse_server(Format::Json, JSON).unwrap();
        let xml = parse_server(Format::Xml, XML).unwrap();
        assert_eq!(json, xml);
        assert_eq!(json.id, "21034274");
        assert_eq!(json.name, "api-test-server");
        assert_eq!(json.state, NodeState::Pending);
        assert_eq!(json.public_ips, ["198.51.100.60"]);
        assert_eq!(json.private_ips, ["10.178.54.11"]);
        assert_eq!(json.size.as_deref(), Some("2"));
        assert_eq!(json.image.as_deref(), Some("119"));
        assert_eq!(json.tags["My Server Name"], "API Test Server");
        assert_eq!(json.extra["progress"], 60);
        assert_eq!(json.extra["admin_pass"], "api-test-serverG9h");
        assert_eq!(json.extra["status"], "BUILD");
    }

    #[test]
    fn lists_of_servers() {
        let nodes = parse_servers(
            Format::Json,
            br#"{"servers": [{"id": 1, "name": "a", "status": "ACTIVE"}, {"id": "2", "status": "SUSPENDED"}]}"#,
        )
        .unwrap();
        assert_eq!(nodes.len(), 2);
        assert_eq!(nodes[1].state, NodeState::Suspended);
        let nodes = parse_servers(
            Format::Xml,
            br#"<servers xmlns="http://docs.rackspacecloud.com/servers/api/v1.0"><server id="1" status="ACTIVE"/></servers>"#,
        )
        .unwrap();
        assert_eq!(nodes[0].state, NodeState::Running);
        assert!(
            parse_servers(Format::Json, br#"{"servers": []}"#)
                .unwrap()
                .is_empty()
        );
    }
}
