//! The persisted state of the simulated cloud and how each record looks to callers.
//!
//! Node states are not stored as words: a node stores what was last done to it and when
//! that action finishes, and the visible state is computed on every read. No background
//! task is needed to move a node from `pending` to `running`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use cloud_core::compute::{Extra, Image, KeyPair, Node, NodeState, Snapshot, Volume, VolumeState};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The version of the state file layout this crate writes.
pub(crate) const STATE_VERSION: u32 = 1;

fn current_version() -> u32 {
    STATE_VERSION
}

/// Everything the simulated cloud remembers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct State {
    /// Layout version.
    #[serde(default = "current_version")]
    pub version: u32,
    /// Nodes by id.
    #[serde(default)]
    pub nodes: BTreeMap<String, NodeRecord>,
    /// Key pairs by name.
    #[serde(default)]
    pub key_pairs: BTreeMap<String, KeyPairRecord>,
    /// Volumes by id.
    #[serde(default)]
    pub volumes: BTreeMap<String, VolumeRecord>,
    /// Snapshots by id.
    #[serde(default)]
    pub snapshots: BTreeMap<String, SnapshotRecord>,
    /// Server images made by users, by id (stock images live in the catalog).
    #[serde(default)]
    pub images: BTreeMap<String, ImageRecord>,
    /// Idempotency keys of node creates, by key.
    #[serde(default)]
    pub idempotency: BTreeMap<String, IdempotencyRecord>,
}

impl crate::state::StateLayout for State {
    const VERSION: u32 = STATE_VERSION;

    fn version(&self) -> u32 {
        self.version
    }
}

impl Default for State {
    fn default() -> Self {
        State {
            version: STATE_VERSION,
            nodes: BTreeMap::new(),
            key_pairs: BTreeMap::new(),
            volumes: BTreeMap::new(),
            snapshots: BTreeMap::new(),
            images: BTreeMap::new(),
            idempotency: BTreeMap::new(),
        }
    }
}

/// What a node is doing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub(crate) enum Power {
    /// Booting until `ready_at`, running after.
    Booting {
        /// When the boot finishes.
        ready_at: DateTime<Utc>,
    },
    /// Rebooting until `ready_at`, running after.
    Rebooting {
        /// When the reboot finishes.
        ready_at: DateTime<Utc>,
    },
    /// Powered off.
    Stopped {
        /// When it was stopped.
        since: DateTime<Utc>,
    },
}

impl Power {
    /// The state a caller sees at `now`.
    pub fn visible(&self, now: DateTime<Utc>) -> NodeState {
        match self {
            Power::Booting { ready_at } if now < *ready_at => NodeState::Pending,
            Power::Rebooting { ready_at } if now < *ready_at => NodeState::Rebooting,
            Power::Booting { .. } | Power::Rebooting { .. } => NodeState::Running,
            Power::Stopped { .. } => NodeState::Stopped,
        }
    }
}

/// How the first login to a node was authorised. Passwords are never stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub(crate) enum AuthRecord {
    /// An SSH public key given inline.
    SshKey {
        /// Its `SHA256:` fingerprint.
        fingerprint: String,
    },
    /// A stored key pair.
    KeyPair {
        /// The key pair's name.
        name: String,
    },
    /// A root password (the password itself is not kept).
    Password,
}

/// A node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct NodeRecord {
    pub id: String,
    pub name: String,
    pub size: String,
    pub image: String,
    pub location: String,
    pub created_at: DateTime<Utc>,
    pub power: Power,
    pub private_ip: String,
    pub public_ip: Option<String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    #[serde(default)]
    pub user_data: Option<String>,
    #[serde(default)]
    pub auth: Option<AuthRecord>,
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

impl NodeRecord {
    /// The node as callers see it at `now`.
    pub fn to_node(&self, now: DateTime<Utc>) -> Node {
        let mut extra = Extra::new();
        match &self.auth {
            Some(AuthRecord::SshKey { fingerprint }) => {
                extra.insert("auth_method".into(), json!("ssh_key"));
                extra.insert("ssh_key_fingerprint".into(), json!(fingerprint));
            }
            Some(AuthRecord::KeyPair { name }) => {
                extra.insert("auth_method".into(), json!("key_pair"));
                extra.insert("key_pair".into(), json!(name));
            }
            Some(AuthRecord::Password) => {
                extra.insert("auth_method".into(), json!("password"));
            }
            None => {}
        }
        if let Some(user_data) = &self.user_data {
            extra.insert("user_data".into(), json!(user_data));
        }
        if let Some(key) = &self.idempotency_key {
            extra.insert("idempotency_key".into(), json!(key));
        }
        Node {
            id: self.id.clone(),
            name: self.name.clone(),
            state: self.power.visible(now),
            public_ips: self.public_ip.iter().cloned().collect(),
            private_ips: vec![self.private_ip.clone()],
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

/// A stored key pair: the public half only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct KeyPairRecord {
    pub name: String,
    pub public_key: String,
    pub fingerprint: String,
    pub algorithm: String,
    pub created_at: DateTime<Utc>,
    /// Whether the provider generated it (rather than it being imported).
    pub generated: bool,
}

impl KeyPairRecord {
    /// The key pair as callers see it (never with a private key).
    pub fn to_key_pair(&self) -> KeyPair {
        let mut extra = Extra::new();
        extra.insert("algorithm".into(), json!(self.algorithm));
        extra.insert("created_at".into(), json!(self.created_at));
        extra.insert(
            "origin".into(),
            json!(if self.generated {
                "generated"
            } else {
                "imported"
            }),
        );
        KeyPair {
            name: self.name.clone(),
            fingerprint: Some(self.fingerprint.clone()),
            public_key: Some(self.public_key.clone()),
            private_key: None,
            extra,
        }
    }
}

/// A block volume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct VolumeRecord {
    pub id: String,
    pub name: String,
    pub size_gib: u64,
    pub location: String,
    pub created_at: DateTime<Utc>,
    pub attached_to: Option<String>,
    pub device: Option<String>,
    pub snapshot: Option<String>,
}

impl VolumeRecord {
    /// The volume as callers see it.
    pub fn to_volume(&self) -> Volume {
        let mut extra = Extra::new();
        extra.insert("created_at".into(), json!(self.created_at));
        if let Some(device) = &self.device {
            extra.insert("device".into(), json!(device));
        }
        if let Some(snapshot) = &self.snapshot {
            extra.insert("snapshot".into(), json!(snapshot));
        }
        Volume {
            id: self.id.clone(),
            name: self.name.clone(),
            size_gib: self.size_gib,
            state: if self.attached_to.is_some() {
                VolumeState::InUse
            } else {
                VolumeState::Available
            },
            attached_to: self.attached_to.clone(),
            location: Some(self.location.clone()),
            extra,
        }
    }
}

/// A volume snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SnapshotRecord {
    pub id: String,
    pub name: Option<String>,
    pub volume_id: String,
    pub size_gib: u64,
    pub location: String,
    pub created_at: DateTime<Utc>,
}

impl SnapshotRecord {
    /// The snapshot as callers see it.
    pub fn to_snapshot(&self) -> Snapshot {
        let mut extra = Extra::new();
        if let Some(name) = &self.name {
            extra.insert("name".into(), json!(name));
        }
        extra.insert("location".into(), json!(self.location));
        Snapshot {
            id: self.id.clone(),
            volume_id: Some(self.volume_id.clone()),
            size_gib: Some(self.size_gib),
            state: "completed".into(),
            created_at: Some(self.created_at),
            extra,
        }
    }
}

/// Where a user image came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub(crate) enum ImageSource {
    /// Made from a node.
    Node(String),
    /// Copied from another image.
    Image(String),
}

/// A server image made by a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ImageRecord {
    pub id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub source: ImageSource,
    /// The stock image at the root of its lineage.
    pub base_image: String,
    pub location: Option<String>,
}

impl ImageRecord {
    /// The image as callers see it.
    pub fn to_image(&self) -> Image {
        let mut extra = Extra::new();
        extra.insert("kind".into(), json!("user"));
        extra.insert("created_at".into(), json!(self.created_at));
        extra.insert("base_image".into(), json!(self.base_image));
        match &self.source {
            ImageSource::Node(id) => extra.insert("source_node".into(), json!(id)),
            ImageSource::Image(id) => extra.insert("copied_from".into(), json!(id)),
        };
        if let Some(location) = &self.location {
            extra.insert("location".into(), json!(location));
        }
        Image {
            id: self.id.clone(),
            name: self.name.clone(),
            extra,
        }
    }
}

/// A used idempotency key: the node it made and what was asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct IdempotencyRecord {
    pub node_id: String,
    /// `name`, `size`, `image`, `location` of the first request, to catch a key reused
    /// for a different request.
    pub request: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn power_becomes_running_when_ready() {
        let t0 = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        let later = t0 + TimeDelta::seconds(2);
        let boot = Power::Booting { ready_at: later };
        assert_eq!(boot.visible(t0), NodeState::Pending);
        assert_eq!(boot.visible(later), NodeState::Running);
        let reboot = Power::Rebooting { ready_at: later };
        assert_eq!(reboot.visible(t0), NodeState::Rebooting);
        assert_eq!(reboot.visible(later), NodeState::Running);
        assert_eq!(
            Power::Stopped { since: t0 }.visible(later),
            NodeState::Stopped
        );
    }

    #[test]
    fn empty_json_object_is_an_empty_state() {
        let state: State = serde_json::from_str("{}").unwrap();
        assert_eq!(state, State::default());
        assert_eq!(state.version, STATE_VERSION);
    }
}
