//! What the notebook file holds, and how a written-down node reads as a portable
//! [`Node`].

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use libcloud::{Node, NodeState};
use serde::{Deserialize, Serialize};

/// The version of the file's layout this crate reads and writes.
pub(crate) const FORMAT: u32 = 1;

/// The whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Page {
    /// The layout version, [`FORMAT`].
    pub format: u32,
    /// The number in the next node's id; ids are never reused.
    pub next_id: u64,
    /// The nodes, oldest first.
    pub nodes: Vec<NodeRecord>,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            format: FORMAT,
            next_id: 1,
            nodes: Vec::new(),
        }
    }
}

/// One node as written down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct NodeRecord {
    /// `nb-<number>`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Size id.
    pub size: String,
    /// Image id.
    pub image: String,
    /// Location id.
    pub location: String,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// When it was written down.
    pub created_at: DateTime<Utc>,
    /// How often it was rebooted.
    #[serde(default)]
    pub reboots: u64,
    /// When it was last rebooted.
    #[serde(default)]
    pub rebooted_at: Option<DateTime<Utc>>,
}

impl NodeRecord {
    /// The node as the portable API shows it: always running (a notebook boots
    /// nothing), with the reboot count and time in `extra`.
    pub(crate) fn to_node(&self) -> Node {
        let mut extra = BTreeMap::new();
        extra.insert("reboots".to_string(), self.reboots.into());
        if let Some(at) = self.rebooted_at {
            extra.insert("rebooted_at".to_string(), at.to_rfc3339().into());
        }
        Node {
            id: self.id.clone(),
            name: self.name.clone(),
            state: NodeState::Running,
            public_ips: Vec::new(),
            private_ips: Vec::new(),
            size: Some(self.size.clone()),
            image: Some(self.image.clone()),
            location: Some(self.location.clone()),
            created_at: Some(self.created_at),
            tags: self.tags.clone(),
            extra,
            operation: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> NodeRecord {
        NodeRecord {
            id: "nb-7".into(),
            name: "web-1".into(),
            size: "small".into(),
            image: "debian-12".into(),
            location: "desk".into(),
            tags: [("team".to_string(), "blue".to_string())].into(),
            created_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            reboots: 0,
            rebooted_at: None,
        }
    }

    #[test]
    fn a_record_reads_as_a_running_node() {
        let node = record().to_node();
        assert_eq!(node.id, "nb-7");
        assert_eq!(node.state, NodeState::Running);
        assert_eq!(node.size.as_deref(), Some("small"));
        assert_eq!(node.location.as_deref(), Some("desk"));
        assert_eq!(node.tags.get("team").map(String::as_str), Some("blue"));
        assert_eq!(node.extra.get("reboots"), Some(&serde_json::json!(0)));
        assert!(!node.extra.contains_key("rebooted_at"));

        let mut rebooted = record();
        rebooted.reboots = 2;
        rebooted.rebooted_at = DateTime::from_timestamp(1_700_000_060, 0);
        let node = rebooted.to_node();
        assert_eq!(node.extra["reboots"], serde_json::json!(2));
        assert_eq!(
            node.extra["rebooted_at"],
            serde_json::json!("2023-11-14T22:14:20+00:00")
        );
    }

    #[test]
    fn a_page_round_trips_through_json() {
        let page = Page {
            format: FORMAT,
            next_id: 8,
            nodes: vec![record()],
        };
        let text = serde_json::to_string(&page).unwrap();
        assert_eq!(serde_json::from_str::<Page>(&text).unwrap(), page);
        assert_eq!(Page::default().next_id, 1);
    }
}
