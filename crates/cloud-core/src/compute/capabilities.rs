//! What a compute driver supports, said up front.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// One optional compute feature. Listing nodes, getting a node, creating and destroying
/// nodes, and listing sizes, images and locations are required of every driver and have
/// no flag here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComputeFeature {
    /// `reboot_node`.
    Reboot,
    /// `start_node` and `stop_node`.
    StartStop,
    /// `get_image`.
    GetImage,
    /// SSH public key in `NodeAuth::SshKey`.
    AuthSshKey,
    /// A stored key pair named in `NodeAuth::KeyPairName`.
    AuthKeyPairName,
    /// A root password in `NodeAuth::Password`.
    AuthPassword,
    /// Tags on create.
    Tags,
    /// User data on create.
    UserData,
    /// Idempotency keys honoured by the provider.
    IdempotentCreate,
    /// List, get and delete key pairs.
    KeyPairs,
    /// `create_key_pair` (the provider generates the key).
    KeyPairCreate,
    /// `import_key_pair`.
    KeyPairImport,
    /// List, create, attach, detach and destroy volumes.
    Volumes,
    /// List, create and destroy snapshots.
    Snapshots,
    /// `create_image` from a node, and `delete_image`.
    ImageCreate,
    /// `copy_image`.
    ImageCopy,
}

/// The set of optional features a compute driver supports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComputeCapabilities {
    /// The supported features.
    pub features: BTreeSet<ComputeFeature>,
}

impl ComputeCapabilities {
    /// Capabilities with exactly these features.
    pub fn with(features: impl IntoIterator<Item = ComputeFeature>) -> Self {
        ComputeCapabilities {
            features: features.into_iter().collect(),
        }
    }

    /// Whether `feature` is supported.
    pub fn supports(&self, feature: ComputeFeature) -> bool {
        self.features.contains(&feature)
    }
}
