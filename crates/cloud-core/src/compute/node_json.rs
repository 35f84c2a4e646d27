//! A node as JSON, for tools that print nodes or pass them on without reading them:
//! a driver that can write a node's JSON straight from the provider's answer spares
//! them making every [`Node`] (a few dozen strings and maps each) only to write it.

use serde::Serialize;

use super::Node;
use crate::{Error, Result, json_writer};

/// One node as JSON: exactly the bytes `serde_json` writes for the [`Node`] (compact,
/// its fields in their declared order, maps in key order), UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeJson {
    bytes: Vec<u8>,
}

impl NodeJson {
    /// The JSON of `node`.
    pub fn of(node: &Node) -> Result<Self> {
        let mut bytes = Vec::new();
        write(node, &mut bytes)?;
        Ok(NodeJson { bytes })
    }

    /// The JSON text's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The JSON text's bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The node's fields as a JSON value.
    pub fn to_value(&self) -> Result<serde_json::Value> {
        serde_json::from_slice(&self.bytes)
            .map_err(|e| Error::malformed(format!("a node's JSON does not read back: {e}")))
    }
}

/// Writes the JSON of node after node, each straight into its own buffer, sized from
/// the node before so that it is seldom grown and never copied out.
#[derive(Debug, Default)]
pub struct NodeJsonWriter {
    /// The capacity the next node's buffer starts with.
    expected: usize,
}

impl NodeJsonWriter {
    /// The JSON of `view`, a value that serializes exactly as some [`Node`] does (a
    /// driver's borrowed view of a node not yet made).
    pub fn write(&mut self, view: &impl Serialize) -> Result<NodeJson> {
        let mut bytes = Vec::with_capacity(self.expected);
        write(view, &mut bytes)?;
        // A quarter more than this node took, so a slightly larger one still fits.
        self.expected = bytes.len() + bytes.len() / 4;
        Ok(NodeJson { bytes })
    }
}

fn write(value: &impl Serialize, out: &mut Vec<u8>) -> Result<()> {
    json_writer::write(out, value)
        .map_err(|e| Error::malformed(format!("cannot write a node as JSON: {e}")))
}

impl AsRef<[u8]> for NodeJson {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::compute::NodeState;

    fn node() -> Node {
        Node {
            id: "i-1".into(),
            name: "web \"one\"".into(),
            state: NodeState::Running,
            public_ips: vec!["203.0.113.5".into()],
            private_ips: Vec::new(),
            size: Some("t3.micro".into()),
            image: None,
            location: Some("us-east-1a".into()),
            created_at: None,
            tags: BTreeMap::from([("Name".to_string(), "web".to_string())]),
            extra: BTreeMap::from([("vpc_id".to_string(), serde_json::json!("vpc-1"))]),
            operation: None,
        }
    }

    #[test]
    fn a_node_is_written_as_serde_json_writes_it() {
        let node = node();
        let json = NodeJson::of(&node).unwrap();
        assert_eq!(json.as_bytes(), serde_json::to_vec(&node).unwrap());
        assert_eq!(
            json.to_value().unwrap(),
            serde_json::to_value(&node).unwrap()
        );
        assert_eq!(json.clone().into_bytes(), json.as_bytes());
    }

    #[test]
    fn views_are_written_one_after_another_each_whole() {
        let mut writer = NodeJsonWriter::default();
        let mut long = node();
        long.name = "n".repeat(5_000);
        for node in [node(), long, node()] {
            let json = writer.write(&node).unwrap();
            assert_eq!(json, NodeJson::of(&node).unwrap());
            assert_eq!(json.as_bytes(), serde_json::to_vec(&node).unwrap());
        }
    }

    #[test]
    fn a_view_that_cannot_be_written_is_a_malformed_error() {
        struct Broken;
        impl Serialize for Broken {
            fn serialize<S: serde::Serializer>(
                &self,
                _: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no such field"))
            }
        }
        let err = NodeJsonWriter::default().write(&Broken).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::MalformedResponse);
        assert!(err.to_string().contains("no such field"), "{err}");
    }
}
