//! Instances: the wire form and the portable [`Node`].

use std::collections::BTreeMap;

use cloud_core::Result;
use cloud_core::compute::{Extra, Node};
use cloud_core::paginate::Page;
use serde::Deserialize;
use serde_json::json;

use super::common::{int64, last_segment, parse_json, timestamp};
use super::list::{aggregated_page, list_page};
use crate::state::node_state;

/// An instance as Compute Engine sends it (the fields this driver reads).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Instance {
    #[serde(default, deserialize_with = "int64")]
    pub(crate) id: Option<u64>,
    #[serde(default)]
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) zone: String,
    #[serde(default)]
    pub(crate) machine_type: String,
    #[serde(default)]
    pub(crate) status: String,
    #[serde(default)]
    pub(crate) status_message: Option<String>,
    #[serde(default)]
    pub(crate) creation_timestamp: Option<String>,
    #[serde(default)]
    pub(crate) network_interfaces: Vec<NetworkInterface>,
    #[serde(default)]
    pub(crate) disks: Vec<AttachedDisk>,
    #[serde(default)]
    pub(crate) labels: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) tags: Option<NetworkTags>,
    #[serde(default)]
    pub(crate) self_link: Option<String>,
}

/// One network interface.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NetworkInterface {
    #[serde(rename = "networkIP", default)]
    pub(crate) network_ip: Option<String>,
    #[serde(default)]
    pub(crate) ipv6_address: Option<String>,
    #[serde(default)]
    pub(crate) access_configs: Vec<AccessConfig>,
    #[serde(default)]
    pub(crate) ipv6_access_configs: Vec<AccessConfig>,
}

/// An external address of an interface.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AccessConfig {
    #[serde(rename = "natIP", default)]
    pub(crate) nat_ip: Option<String>,
    #[serde(default)]
    pub(crate) external_ipv6: Option<String>,
}

/// A disk attached to an instance.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AttachedDisk {
    #[serde(default)]
    pub(crate) source: Option<String>,
    #[serde(default)]
    pub(crate) device_name: Option<String>,
    #[serde(default)]
    pub(crate) boot: bool,
}

/// Network tags (`tags.items`).
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct NetworkTags {
    #[serde(default)]
    pub(crate) items: Vec<String>,
}

impl Instance {
    /// The portable node: id `zone/name`, addresses from the interfaces, labels as
    /// tags, the raw status and Compute Engine's own id in `extra`.
    pub(crate) fn into_node(self) -> Node {
        let zone = last_segment(&self.zone).to_string();
        let mut public_ips = Vec::new();
        let mut private_ips = Vec::new();
        for nic in &self.network_interfaces {
            private_ips.extend(nic.network_ip.iter().cloned());
            private_ips.extend(nic.ipv6_address.iter().cloned());
            for config in &nic.access_configs {
                public_ips.extend(config.nat_ip.iter().cloned());
            }
            for config in &nic.ipv6_access_configs {
                public_ips.extend(config.external_ipv6.iter().cloned());
            }
        }
        let mut extra = Extra::new();
        extra.insert("status".into(), json!(self.status));
        if let Some(id) = self.id {
            extra.insert("gce_id".into(), json!(id.to_string()));
        }
        if let Some(message) = &self.status_message {
            extra.insert("status_message".into(), json!(message));
        }
        if let Some(tags) = &self.tags {
            extra.insert("network_tags".into(), json!(tags.items));
        }
        if let Some(link) = &self.self_link {
            extra.insert("self_link".into(), json!(link));
        }
        let boot_disk = self
            .disks
            .iter()
            .find(|d| d.boot)
            .and_then(|d| d.source.clone());
        if let Some(disk) = boot_disk {
            extra.insert("boot_disk".into(), json!(disk));
        }
        let size = Some(last_segment(&self.machine_type).to_string()).filter(|s| !s.is_empty());
        Node {
            id: node_id(&zone, &self.name),
            name: self.name,
            state: node_state(&self.status),
            public_ips,
            private_ips,
            size,
            image: None,
            location: Some(zone).filter(|z| !z.is_empty()),
            created_at: timestamp(self.creation_timestamp.as_deref()),
            tags: self.labels,
            extra,
            operation: None,
        }
    }
}

/// The portable id of an instance or disk: `zone/name`.
pub fn node_id(zone: &str, name: &str) -> String {
    format!("{zone}/{name}")
}

/// Reads an instance answer in its wire form.
pub(crate) fn instance_wire(body: &[u8]) -> Result<Instance> {
    let instance: Instance = parse_json(body, "instance")?;
    if instance.name.is_empty() {
        return Err(cloud_core::Error::malformed("instance: no name"));
    }
    Ok(instance)
}

/// Parses an instance answer.
pub fn instance(body: &[u8]) -> Result<Node> {
    instance_wire(body).map(Instance::into_node)
}

/// Parses one page of `instances.aggregatedList`.
pub fn aggregated_instances(body: &[u8]) -> Result<Page<Node>> {
    aggregated_page(body, "instances", "instance list", Instance::into_node)
}

/// Parses one page of a zone's `instances.list`.
pub fn instances(body: &[u8]) -> Result<Page<Node>> {
    list_page(body, "instance list", Instance::into_node)
}

#[cfg(test)]
mod tests {
    use cloud_core::compute::NodeState;

    use super::*;

    const WEB: &str = r#"{"kind":"compute#instance","id":"4567890123456789012","name":"web-1",
        "creationTimestamp":"2024-05-14T09:21:03.512-07:00",
        "zone":"https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-a",
        "machineType":"https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-a/machineTypes/e2-small",
        "status":"RUNNING",
        "networkInterfaces":[{"networkIP":"10.128.0.5","accessConfigs":[{"type":"ONE_TO_ONE_NAT","natIP":"203.0.113.10"}]}],
        "disks":[{"boot":true,"deviceName":"web-1","source":"https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-a/disks/web-1"}],
        "labels":{"team":"blue"},"tags":{"items":["http-server"]}}"#;

    #[test]
    fn an_instance_becomes_a_node() {
        let node = instance(WEB.as_bytes()).unwrap();
        assert_eq!(node.id, "us-central1-a/web-1");
        assert_eq!(node.name, "web-1");
        assert_eq!(node.state, NodeState::Running);
        assert_eq!(node.public_ips, ["203.0.113.10"]);
        assert_eq!(node.private_ips, ["10.128.0.5"]);
        assert_eq!(node.size.as_deref(), Some("e2-small"));
        assert_eq!(node.location.as_deref(), Some("us-central1-a"));
        assert_eq!(node.tags["team"], "blue");
        assert_eq!(node.extra["gce_id"], "4567890123456789012");
        assert_eq!(node.extra["network_tags"], json!(["http-server"]));
        assert_eq!(
            node.created_at.unwrap().to_rfc3339(),
            "2024-05-14T16:21:03.512+00:00"
        );
    }

    #[test]
    fn broken_instances_are_refused() {
        assert!(instance(b"{}").is_err());
        assert!(instance(br#"{"name":"x","id":"twelve"}"#).is_err());
        assert!(instance(b"[1,2]").is_err());
    }
}
