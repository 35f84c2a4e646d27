//! What a compute driver supports, said up front.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{CreateNode, NodeAuth};
use crate::{Error, ErrorKind, Result};

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

impl ComputeCapabilities {
    /// Refuses what `request` asks for that these capabilities do not declare: a kind
    /// of first-login authorisation, tags or user data. The `Unsupported` error names
    /// the provider and what it lacks, so no driver writes this check itself and none
    /// silently drops a setting.
    pub fn check_create(&self, provider: &str, request: &CreateNode) -> Result<()> {
        let auth = request.auth.as_ref().map(|auth| match auth {
            NodeAuth::SshKey { .. } => (ComputeFeature::AuthSshKey, "an SSH public key"),
            NodeAuth::KeyPairName { .. } => {
                (ComputeFeature::AuthKeyPairName, "a stored key pair name")
            }
            NodeAuth::Password { .. } => (ComputeFeature::AuthPassword, "a root password"),
        });
        let asked = [
            auth,
            (!request.tags.is_empty()).then_some((ComputeFeature::Tags, "tags")),
            request
                .user_data
                .as_ref()
                .map(|_| (ComputeFeature::UserData, "user data")),
        ];
        match asked
            .into_iter()
            .flatten()
            .find(|(feature, _)| !self.supports(*feature))
        {
            None => Ok(()),
            Some((_, what)) => Err(Error::new(
                ErrorKind::Unsupported,
                format!("{provider} does not take {what} when creating a node"),
            )
            .with_provider(provider)
            .with_operation("create_node")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_requests_are_checked_against_declared_features() {
        let caps = ComputeCapabilities::with([ComputeFeature::AuthSshKey, ComputeFeature::Tags]);
        let mut request = CreateNode::new("n", "s", "i");
        caps.check_create("p", &request).unwrap();
        request.auth = Some(NodeAuth::SshKey {
            public_key: "ssh-ed25519 AAAA".into(),
        });
        request.tags.insert("team".into(), "blue".into());
        caps.check_create("p", &request).unwrap();

        request.user_data = Some("#!/bin/sh".into());
        let err = caps.check_create("p", &request).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert_eq!(err.provider(), Some("p"));
        assert!(err.message().contains("user data"), "{err}");

        request.user_data = None;
        request.auth = Some(NodeAuth::KeyPairName { name: "k".into() });
        let err = caps.check_create("p", &request).unwrap_err();
        assert!(err.message().contains("key pair name"), "{err}");
        let none = ComputeCapabilities::default();
        let err = none
            .check_create(
                "p",
                &CreateNode {
                    tags: [("a".to_string(), String::new())].into(),
                    ..CreateNode::new("n", "s", "i")
                },
            )
            .unwrap_err();
        assert!(err.message().contains("tags"), "{err}");
    }
}
