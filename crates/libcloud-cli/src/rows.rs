//! How each core type prints as a table row.

use libcloud::{
    Container, Image, KeyPair, ListEntry, Location, Node, ObjectMeta, ProviderMeta, Size, Snapshot,
    Volume,
};

use libcloud::core::dns::{Record, Zone};
use libcloud::core::load_balancer::{Balancer, Member};
use libcloud::core::storage::CdnContainer;
use serde::Serialize;

use crate::output::{Tabular, joined, opt};

fn time(t: &Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

impl Tabular for ProviderMeta {
    const HEADERS: &'static [&'static str] = &["id", "name", "areas", "lifecycle"];
    fn row(&self) -> Vec<String> {
        let areas: Vec<String> = self.areas.iter().map(|a| a.as_str().to_string()).collect();
        let lifecycle = match &self.lifecycle {
            libcloud::Lifecycle::Defunct { since, .. } => format!("defunct since {since}"),
            other => other.label().to_string(),
        };
        vec![
            self.id.clone(),
            self.name.clone(),
            joined(&areas),
            lifecycle,
        ]
    }
}

impl Tabular for Node {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "name",
        "state",
        "public_ips",
        "private_ips",
        "size",
        "image",
        "location",
    ];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            self.state.to_string(),
            joined(&self.public_ips),
            joined(&self.private_ips),
            opt(&self.size),
            opt(&self.image),
            opt(&self.location),
        ]
    }
}

impl Tabular for Size {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "name",
        "vcpus",
        "ram_mib",
        "disk_gib",
        "price_per_hour",
    ];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            opt(&self.vcpus),
            self.ram_mib.to_string(),
            opt(&self.disk_gib),
            opt(&self.price_per_hour),
        ]
    }
}

impl Tabular for Image {
    const HEADERS: &'static [&'static str] = &["id", "name"];
    fn row(&self) -> Vec<String> {
        vec![self.id.clone(), self.name.clone()]
    }
}

impl Tabular for Location {
    const HEADERS: &'static [&'static str] = &["id", "name", "country"];
    fn row(&self) -> Vec<String> {
        vec![self.id.clone(), self.name.clone(), opt(&self.country)]
    }
}

impl Tabular for KeyPair {
    const HEADERS: &'static [&'static str] = &["name", "fingerprint"];
    fn row(&self) -> Vec<String> {
        vec![self.name.clone(), opt(&self.fingerprint)]
    }
}

/// A balancer as the command line shows it: its first listener's port and protocol at
/// the top level, beside every field of the balancer.
#[derive(Debug, Clone, Serialize)]
pub struct BalancerRow {
    /// The port clients connect to.
    pub port: Option<u16>,
    /// What that listener speaks.
    pub protocol: Option<String>,
    /// The balancer.
    #[serde(flatten)]
    pub balancer: Balancer,
}

impl From<Balancer> for BalancerRow {
    fn from(balancer: Balancer) -> Self {
        let listener = balancer.listeners.first();
        BalancerRow {
            port: listener.map(|l| l.port),
            protocol: listener.map(|l| l.protocol.to_string()),
            balancer,
        }
    }
}

impl Tabular for BalancerRow {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "name",
        "state",
        "port",
        "protocol",
        "algorithm",
        "public_ips",
    ];
    fn row(&self) -> Vec<String> {
        let b = &self.balancer;
        vec![
            b.id.clone(),
            b.name.clone(),
            b.state.to_string(),
            opt(&self.port),
            opt(&self.protocol),
            b.algorithm.to_string(),
            joined(&b.public_ips),
        ]
    }
}

impl Tabular for Member {
    const HEADERS: &'static [&'static str] = &["id", "node_id", "ip", "port", "weight", "health"];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            opt(&self.node_id),
            self.ip.clone(),
            self.port.to_string(),
            opt(&self.weight),
            self.health.to_string(),
        ]
    }
}

impl Tabular for Zone {
    const HEADERS: &'static [&'static str] = &["id", "domain", "ttl", "email"];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.domain.clone(),
            opt(&self.ttl),
            opt(&self.email),
        ]
    }
}

/// A record as the command line shows it: its data in zone-file form.
#[derive(Debug, Clone, Serialize)]
pub struct RecordRow {
    /// Record id.
    pub id: String,
    /// Zone id.
    pub zone_id: String,
    /// Name relative to the zone, `@` for the apex.
    pub name: String,
    /// Record type.
    #[serde(rename = "type")]
    pub rtype: String,
    /// TTL in seconds, when set.
    pub ttl: Option<u32>,
    /// The data as a zone file writes it.
    pub data: String,
    /// Provider-specific fields.
    pub extra: libcloud::Extra,
}

impl From<Record> for RecordRow {
    fn from(record: Record) -> Self {
        RecordRow {
            rtype: record.rtype().to_string(),
            data: record.data.presentation(),
            id: record.id,
            zone_id: record.zone_id,
            name: record.name,
            ttl: record.ttl,
            extra: record.extra,
        }
    }
}

impl Tabular for RecordRow {
    const HEADERS: &'static [&'static str] = &["id", "name", "type", "ttl", "data"];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            self.rtype.clone(),
            opt(&self.ttl),
            self.data.clone(),
        ]
    }
}

impl Tabular for Volume {
    const HEADERS: &'static [&'static str] =
        &["id", "name", "size_gib", "state", "attached_to", "location"];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            self.size_gib.to_string(),
            self.state.to_string(),
            opt(&self.attached_to),
            opt(&self.location),
        ]
    }
}

impl Tabular for Snapshot {
    const HEADERS: &'static [&'static str] =
        &["id", "volume_id", "size_gib", "state", "created_at"];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            opt(&self.volume_id),
            opt(&self.size_gib),
            self.state.clone(),
            time(&self.created_at),
        ]
    }
}

impl Tabular for Container {
    const HEADERS: &'static [&'static str] = &["name", "location", "created_at"];
    fn row(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            opt(&self.location),
            time(&self.created_at),
        ]
    }
}

impl Tabular for CdnContainer {
    const HEADERS: &'static [&'static str] = &["container", "enabled", "ttl_secs", "http", "https"];
    fn row(&self) -> Vec<String> {
        vec![
            self.container.clone(),
            self.enabled.to_string(),
            opt(&self.ttl_secs),
            opt(&self.http),
            opt(&self.https),
        ]
    }
}

impl Tabular for ObjectMeta {
    const HEADERS: &'static [&'static str] = &[
        "container",
        "name",
        "size",
        "content_type",
        "last_modified",
        "etag",
    ];
    fn row(&self) -> Vec<String> {
        vec![
            self.container.clone(),
            self.name.clone(),
            self.size.to_string(),
            opt(&self.content_type),
            time(&self.last_modified),
            opt(&self.etag),
        ]
    }
}

impl Tabular for ListEntry {
    const HEADERS: &'static [&'static str] = &[
        "type",
        "name",
        "size",
        "content_type",
        "last_modified",
        "etag",
    ];
    fn row(&self) -> Vec<String> {
        match self {
            ListEntry::Object(o) => vec![
                "object".into(),
                o.name.clone(),
                o.size.to_string(),
                opt(&o.content_type),
                time(&o.last_modified),
                opt(&o.etag),
            ],
            ListEntry::Prefix { prefix } => vec![
                "prefix".into(),
                prefix.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcloud::{Area, Lifecycle, NodeState};

    fn assert_width<T: Tabular>(item: &T) {
        assert_eq!(item.row().len(), T::HEADERS.len());
    }

    #[test]
    fn rows_match_headers() {
        let node = Node {
            id: "n-1".into(),
            name: "web".into(),
            state: NodeState::Running,
            public_ips: vec!["192.0.2.1".into(), "192.0.2.2".into()],
            private_ips: vec![],
            size: Some("small".into()),
            image: None,
            location: None,
            created_at: None,
            tags: Default::default(),
            extra: Default::default(),
            operation: None,
        };
        assert_width(&node);
        assert_eq!(node.row()[2], "running");
        assert_eq!(node.row()[3], "192.0.2.1,192.0.2.2");
        let meta = ProviderMeta {
            id: "old".into(),
            name: "Old".into(),
            areas: vec![Area::Compute, Area::LoadBalancer],
            lifecycle: Lifecycle::Defunct {
                since: "2012-11-01".into(),
                note: "gone".into(),
            },
            api_reference: String::new(),
            package: Default::default(),
        };
        assert_width(&meta);
        assert_eq!(meta.row()[2], "compute,load_balancer");
        assert_eq!(meta.row()[3], "defunct since 2012-11-01");
        let prefix = ListEntry::Prefix {
            prefix: "a/".into(),
        };
        assert_width(&prefix);
        assert_eq!(prefix.row()[0], "prefix");
    }
}
