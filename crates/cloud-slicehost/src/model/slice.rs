//! Slices as nodes.

use std::net::Ipv4Addr;

use cloud_core::compute::{Extra, Node};
use cloud_core::xml::Element;
use cloud_core::{Error, Result};
use serde_json::Value;

use super::{LOCATION_ID, required, unexpected_root};
use crate::state::slice_state;

/// A `<slices>` list or a single `<slice>` as nodes.
pub fn parse_slices(body: &[u8]) -> Result<Vec<Node>> {
    let root = Element::parse(body)?;
    match root.name.as_ref() {
        "slices" => root.children_named("slice").map(slice_to_node).collect(),
        "slice" => Ok(vec![slice_to_node(&root)?]),
        other => Err(unexpected_root("slices", other)),
    }
}

/// A single `<slice>` document as a node.
pub fn parse_slice(body: &[u8]) -> Result<Node> {
    let mut nodes = parse_slices(body)?;
    match nodes.len() {
        1 => Ok(nodes.remove(0)),
        n => Err(Error::malformed(format!(
            "expected one slice in the answer, found {n}"
        ))),
    }
}

fn slice_to_node(el: &Element<'_>) -> Result<Node> {
    let id = required(el, "slice", "id")?;
    let name = el.child_value("name").unwrap_or_default().to_string();
    let status = el.child_value("status").unwrap_or("unknown");
    let mut addresses: Vec<&str> = Vec::new();
    if let Some(list) = el.child("addresses") {
        addresses.extend(list.children_named("address").map(|a| a.text.trim()));
    }
    addresses.extend(el.child_value("ip-address"));
    let (mut public_ips, mut private_ips) = (Vec::new(), Vec::new());
    for addr in addresses {
        let Ok(ip) = addr.parse::<Ipv4Addr>() else {
            continue;
        };
        let bucket = if ip.is_private() {
            &mut private_ips
        } else {
            &mut public_ips
        };
        if !bucket.contains(&addr.to_string()) {
            bucket.push(addr.to_string());
        }
    }
    let mut extra = Extra::new();
    extra.insert("status".into(), Value::from(status));
    for (field, key) in [
        ("progress", "progress"),
        ("bw-in", "bw_in"),
        ("bw-out", "bw_out"),
        ("backup-id", "backup_id"),
    ] {
        if let Some(v) = el.child_value(field) {
            extra.insert(key.into(), number_or_text(v));
        }
    }
    // The root password is only in the answer to a create; it is kept as the API gave
    // it, for the caller, and never logged.
    if let Some(pw) = el.child_value("root-password") {
        extra.insert("root_password".into(), Value::from(pw));
    }
    Ok(Node {
        id: id.to_string(),
        name,
        state: slice_state(status),
        public_ips,
        private_ips,
        size: el.child_value("flavor-id").map(str::to_string),
        image: el.child_value("image-id").map(str::to_string),
        location: Some(LOCATION_ID.to_string()),
        created_at: None,
        tags: Default::default(),
        extra,
        operation: None,
    })
}

/// A field's text as a JSON number when it is one, else as text.
fn number_or_text(v: &str) -> Value {
    if let Ok(n) = v.parse::<i64>() {
        return Value::from(n);
    }
    match v.parse::<f64>() {
        Ok(f) if f.is_finite() => Value::from(f),
        _ => Value::from(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::compute::NodeState;

    const SLICE: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<slice>
  <name>web-1</name>
  <image-id type="integer">10</image-id>
  <addresses type="array"><address>174.143.1.2</address><address>10.176.3.4</address></addresses>
  <progress type="integer">0</progress>
  <id type="integer">4521</id>
  <bw-out type="float">0.0</bw-out>
  <bw-in type="float">0.0</bw-in>
  <flavor-id type="integer">1</flavor-id>
  <status>build</status>
  <root-password>web-1Xq9z</root-password>
</slice>"#;

    #[test]
    fn slice_becomes_node() {
        let node = parse_slice(SLICE).unwrap();
        assert_eq!(node.id, "4521");
        assert_eq!(node.name, "web-1");
        assert_eq!(node.state, NodeState::Pending);
        assert_eq!(node.public_ips, ["174.143.1.2"]);
        assert_eq!(node.private_ips, ["10.176.3.4"]);
        assert_eq!(node.size.as_deref(), Some("1"));
        assert_eq!(node.image.as_deref(), Some("10"));
        assert_eq!(node.location.as_deref(), Some(LOCATION_ID));
        assert_eq!(node.extra["root_password"], "web-1Xq9z");
        assert_eq!(node.extra["progress"], 0);
        assert_eq!(node.extra["bw_in"], 0.0);
    }
}
