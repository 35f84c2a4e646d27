//! Plain data types of the compute area. All serialize with stable, snake_case names:
//! they are the JSON the CLI prints.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::secret::Secret;

/// Provider-specific fields that do not fit the portable types.
pub type Extra = BTreeMap<String, serde_json::Value>;

/// The lifecycle state of a node.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NodeState {
    /// Being created or booted.
    Pending,
    /// Up.
    Running,
    /// Rebooting.
    Rebooting,
    /// Shutting down.
    Stopping,
    /// Powered off but still exists.
    Stopped,
    /// Suspended or paused.
    Suspended,
    /// Being destroyed.
    Terminating,
    /// Destroyed.
    Terminated,
    /// Failed.
    Error,
    /// Being changed (resized, migrated, rebuilt, …).
    Updating,
    /// A state this library does not know; keeps the provider's raw word.
    Unknown(String),
}

impl NodeState {
    /// The stable name (`running`, `pending`, …); the raw word for `Unknown`.
    pub fn as_str(&self) -> &str {
        match self {
            NodeState::Pending => "pending",
            NodeState::Running => "running",
            NodeState::Rebooting => "rebooting",
            NodeState::Stopping => "stopping",
            NodeState::Stopped => "stopped",
            NodeState::Suspended => "suspended",
            NodeState::Terminating => "terminating",
            NodeState::Terminated => "terminated",
            NodeState::Error => "error",
            NodeState::Updating => "updating",
            NodeState::Unknown(raw) => raw,
        }
    }

    /// Parses a stable name; anything else becomes `Unknown(raw)`.
    pub fn from_name(name: &str) -> Self {
        match name {
            "pending" => NodeState::Pending,
            "running" => NodeState::Running,
            "rebooting" => NodeState::Rebooting,
            "stopping" => NodeState::Stopping,
            "stopped" => NodeState::Stopped,
            "suspended" => NodeState::Suspended,
            "terminating" => NodeState::Terminating,
            "terminated" => NodeState::Terminated,
            "error" => NodeState::Error,
            "updating" => NodeState::Updating,
            other => NodeState::Unknown(other.to_string()),
        }
    }
}

impl fmt::Display for NodeState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for NodeState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for NodeState {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| NodeState::from_name(&s))
    }
}

/// A server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Provider id of the node.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Current state.
    pub state: NodeState,
    /// Public addresses.
    #[serde(default)]
    pub public_ips: Vec<String>,
    /// Private addresses.
    #[serde(default)]
    pub private_ips: Vec<String>,
    /// Size id, when known.
    pub size: Option<String>,
    /// Image id, when known.
    pub image: Option<String>,
    /// Location id, when known.
    pub location: Option<String>,
    /// When it was created, when known.
    pub created_at: Option<DateTime<Utc>>,
    /// Tags (key → value).
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Provider-specific fields.
    #[serde(default)]
    pub extra: Extra,
    /// The provider's long-running operation still at work on this node (a create, a
    /// resize, a delete it accepted but has not finished), when it reports one. Wait for
    /// it with [`wait_for_operation`](super::wait_for_operation): unlike the node's
    /// state, an operation that fails carries the provider's reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<crate::operation::OperationRef>,
}

/// A hardware profile (flavor, instance type, plan).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Size {
    /// Provider id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Virtual CPUs.
    pub vcpus: Option<u32>,
    /// Memory in MiB.
    pub ram_mib: u64,
    /// Disk in GiB.
    pub disk_gib: Option<u64>,
    /// Price per hour in US dollars, when known.
    pub price_per_hour: Option<f64>,
    /// Provider-specific fields.
    #[serde(default)]
    pub extra: Extra,
}

/// A bootable image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// Provider id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Provider-specific fields.
    #[serde(default)]
    pub extra: Extra,
}

/// A region, zone or data centre.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Provider id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// ISO country code, when known.
    pub country: Option<String>,
    /// Provider-specific fields.
    #[serde(default)]
    pub extra: Extra,
}

/// An SSH key pair known to the provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyPair {
    /// Name (the id of a key pair on most providers).
    pub name: String,
    /// Fingerprint, when known.
    pub fingerprint: Option<String>,
    /// Public key, when known.
    pub public_key: Option<String>,
    /// Private key: only present right after `create_key_pair`.
    pub private_key: Option<Secret>,
    /// Provider-specific fields.
    #[serde(default)]
    pub extra: Extra,
}

/// The state of a block volume.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VolumeState {
    /// Being created.
    Creating,
    /// Ready, not attached.
    Available,
    /// Attached to a node.
    InUse,
    /// Being attached or detached.
    Attaching,
    /// Being deleted.
    Deleting,
    /// Deleted.
    Deleted,
    /// Failed.
    Error,
    /// A state this library does not know; keeps the provider's raw word.
    Unknown(String),
}

impl VolumeState {
    /// The stable name; the raw word for `Unknown`.
    pub fn as_str(&self) -> &str {
        match self {
            VolumeState::Creating => "creating",
            VolumeState::Available => "available",
            VolumeState::InUse => "in_use",
            VolumeState::Attaching => "attaching",
            VolumeState::Deleting => "deleting",
            VolumeState::Deleted => "deleted",
            VolumeState::Error => "error",
            VolumeState::Unknown(raw) => raw,
        }
    }

    /// Parses a stable name; anything else becomes `Unknown(raw)`.
    pub fn from_name(name: &str) -> Self {
        match name {
            "creating" => VolumeState::Creating,
            "available" => VolumeState::Available,
            "in_use" => VolumeState::InUse,
            "attaching" => VolumeState::Attaching,
            "deleting" => VolumeState::Deleting,
            "deleted" => VolumeState::Deleted,
            "error" => VolumeState::Error,
            other => VolumeState::Unknown(other.to_string()),
        }
    }
}

impl fmt::Display for VolumeState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for VolumeState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for VolumeState {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| VolumeState::from_name(&s))
    }
}

/// A block storage volume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Volume {
    /// Provider id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Size in GiB.
    pub size_gib: u64,
    /// State.
    pub state: VolumeState,
    /// The node it is attached to, if any.
    pub attached_to: Option<String>,
    /// Location id, when known.
    pub location: Option<String>,
    /// Provider-specific fields.
    #[serde(default)]
    pub extra: Extra,
}

/// A point-in-time copy of a volume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Provider id.
    pub id: String,
    /// The volume it was taken from.
    pub volume_id: Option<String>,
    /// Size in GiB, when known.
    pub size_gib: Option<u64>,
    /// Provider state word (`pending`, `completed`, …).
    pub state: String,
    /// When it was taken, when known.
    pub created_at: Option<DateTime<Utc>>,
    /// Provider-specific fields.
    #[serde(default)]
    pub extra: Extra,
}

/// How the first login to a new node is authorised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeAuth {
    /// An SSH public key (OpenSSH format).
    SshKey {
        /// The public key text.
        public_key: String,
    },
    /// A name of a key pair already stored at the provider.
    KeyPairName {
        /// The key pair's name.
        name: String,
    },
    /// A root password.
    Password {
        /// The password.
        password: Secret,
    },
}

/// A request to create a node.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateNode {
    /// Display name.
    pub name: String,
    /// Size id.
    pub size: String,
    /// Image id.
    pub image: String,
    /// Location id; the provider default when `None`.
    pub location: Option<String>,
    /// First-login authorisation.
    pub auth: Option<NodeAuth>,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// User data (cloud-init), as text.
    pub user_data: Option<String>,
    /// A token that makes a retried create return the first node instead of making a
    /// second one, where the provider supports it. Drivers generate one when `None`.
    pub idempotency_key: Option<String>,
    /// Provider-specific options, as the driver's typed option struct in JSON form.
    #[serde(default)]
    pub options: serde_json::Map<String, serde_json::Value>,
}

impl CreateNode {
    /// A request with the three required fields.
    pub fn new(name: impl Into<String>, size: impl Into<String>, image: impl Into<String>) -> Self {
        CreateNode {
            name: name.into(),
            size: size.into(),
            image: image.into(),
            ..Default::default()
        }
    }
}

/// A request to create a volume.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateVolume {
    /// Display name.
    pub name: String,
    /// Size in GiB.
    pub size_gib: u64,
    /// Location id; the provider default when `None`.
    pub location: Option<String>,
    /// Create from this snapshot.
    pub snapshot: Option<String>,
    /// Provider-specific options.
    #[serde(default)]
    pub options: serde_json::Map<String, serde_json::Value>,
}

/// A request to copy an image (to another region, or under another name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CopyImage {
    /// The image to copy.
    pub source_image: String,
    /// Region or location the source lives in; the driver's own when `None`.
    pub source_location: Option<String>,
    /// Name of the copy.
    pub name: String,
    /// Provider-specific options.
    #[serde(default)]
    pub options: serde_json::Map<String, serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_state_keeps_raw_word() {
        let s: NodeState = serde_json::from_str("\"migrating-weirdly\"").unwrap();
        assert_eq!(s, NodeState::Unknown("migrating-weirdly".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"migrating-weirdly\"");
        let r: NodeState = serde_json::from_str("\"running\"").unwrap();
        assert_eq!(r, NodeState::Running);
    }

    #[test]
    fn password_auth_never_serializes_secret() {
        let auth = NodeAuth::Password {
            password: Secret::new("p4ss-word-xyz"),
        };
        let json = serde_json::to_string(&auth).unwrap();
        assert!(!json.contains("p4ss-word-xyz"), "{json}");
        assert!(!format!("{auth:?}").contains("p4ss-word-xyz"));
    }

    #[test]
    fn volume_state_round_trips() {
        for name in ["available", "in_use", "creating"] {
            assert_eq!(VolumeState::from_name(name).as_str(), name);
        }
        assert_eq!(
            VolumeState::from_name("optimizing"),
            VolumeState::Unknown("optimizing".into())
        );
    }
}
