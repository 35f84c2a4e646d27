//! What an object storage driver supports, said up front.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// One optional object storage feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StorageFeature {
    /// Ranged reads.
    RangedGet,
    /// Server-side copy.
    Copy,
    /// User metadata.
    UserMetadata,
    /// Signed GET URLs.
    SignedGet,
    /// Signed PUT URLs.
    SignedPut,
    /// Common prefixes with a delimiter.
    Delimiter,
    /// Multipart uploads.
    Multipart,
    /// Publishing containers on a CDN (`enable_cdn`, `disable_cdn`, `cdn_container`).
    Cdn,
}

/// The set of optional features an object storage driver supports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageCapabilities {
    /// The supported features.
    pub features: BTreeSet<StorageFeature>,
}

impl StorageCapabilities {
    /// Capabilities with exactly these features.
    pub fn with(features: impl IntoIterator<Item = StorageFeature>) -> Self {
        StorageCapabilities {
            features: features.into_iter().collect(),
        }
    }

    /// The same capabilities with `feature` added when it is `Some`.
    pub fn and(mut self, feature: Option<StorageFeature>) -> Self {
        self.features.extend(feature);
        self
    }

    /// Whether `feature` is supported.
    pub fn supports(&self, feature: StorageFeature) -> bool {
        self.features.contains(&feature)
    }
}
