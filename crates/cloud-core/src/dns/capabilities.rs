//! What a DNS driver supports, said up front.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{RecordData, RecordType};
use crate::{Error, ErrorKind, Result};

/// One optional DNS feature. Listing, getting, creating and deleting zones and records
/// are required of every driver and have no flag here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DnsFeature {
    /// A default TTL per zone (`CreateZone::ttl`).
    ZoneTtl,
    /// A mail address per zone (`CreateZone::email`).
    ZoneEmail,
    /// `update_zone`.
    UpdateZone,
    /// `apply_changes` sends a batch in few requests (not one per record).
    BatchedChanges,
    /// Each batch request is applied whole or not at all.
    AtomicChanges,
    /// Changes propagate asynchronously: `apply_changes` returns an operation to wait for.
    ChangeOperations,
    /// Provider alias records (in `extra`).
    AliasRecords,
}

/// The record types and optional features a DNS driver supports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnsCapabilities {
    /// The record types it can create.
    pub record_types: BTreeSet<RecordType>,
    /// The optional features.
    pub features: BTreeSet<DnsFeature>,
    /// The only TTLs the provider stores, ascending, when it keeps a fixed set (a TTL in
    /// between is stored as the next one up); empty when it stores any TTL.
    #[serde(default)]
    pub ttl_steps: Vec<u32>,
}

impl DnsCapabilities {
    /// Capabilities with exactly these record types and features.
    pub fn with(
        record_types: impl IntoIterator<Item = RecordType>,
        features: impl IntoIterator<Item = DnsFeature>,
    ) -> Self {
        DnsCapabilities {
            record_types: record_types.into_iter().collect(),
            features: features.into_iter().collect(),
            ttl_steps: Vec::new(),
        }
    }

    /// The same capabilities for a provider that stores only these TTLs.
    pub fn with_ttl_steps(mut self, steps: impl IntoIterator<Item = u32>) -> Self {
        self.ttl_steps = steps.into_iter().collect();
        self.ttl_steps.sort_unstable();
        self.ttl_steps.dedup();
        self
    }

    /// The TTL the provider stores when asked for `requested`: the smallest of
    /// [`DnsCapabilities::ttl_steps`] at least as large, or `requested` itself when the
    /// provider stores any TTL (or when it is above every step, which the driver refuses).
    pub fn stored_ttl(&self, requested: u32) -> u32 {
        self.ttl_steps
            .iter()
            .copied()
            .find(|step| *step >= requested)
            .unwrap_or(requested)
    }

    /// Whether `feature` is supported.
    pub fn supports(&self, feature: DnsFeature) -> bool {
        self.features.contains(&feature)
    }

    /// Whether records of `rtype` can be created.
    pub fn supports_type(&self, rtype: &RecordType) -> bool {
        self.record_types.contains(rtype)
    }

    /// Refuses data of a type the provider does not take, with an `Unsupported` error
    /// naming the provider, the type and the types it does take.
    pub fn check_data(&self, provider: &str, data: &RecordData) -> Result<()> {
        let rtype = data.rtype();
        if self.supports_type(&rtype) {
            return Ok(());
        }
        let known: Vec<&str> = self.record_types.iter().map(RecordType::as_str).collect();
        Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "provider {provider} does not support {rtype} records (it supports {})",
                known.join(", ")
            ),
        )
        .with_provider(provider))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_ttls_round_up_to_the_next_step() {
        let any = DnsCapabilities::with([RecordType::A], []);
        assert_eq!(any.stored_ttl(1800), 1800);
        let steps = any.with_ttl_steps([3600, 300, 86400]);
        assert_eq!(steps.ttl_steps, [300, 3600, 86400]);
        assert_eq!(steps.stored_ttl(120), 300);
        assert_eq!(steps.stored_ttl(300), 300);
        assert_eq!(steps.stored_ttl(1800), 3600);
        assert_eq!(steps.stored_ttl(100_000), 100_000);
    }

    #[test]
    fn unsupported_types_are_named_with_the_supported_ones() {
        let caps = DnsCapabilities::with([RecordType::A, RecordType::Mx], []);
        let a = RecordData::A {
            address: "192.0.2.1".parse().unwrap(),
        };
        assert!(caps.check_data("p", &a).is_ok());
        let err = caps.check_data("p", &RecordData::txt("x")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert!(
            err.message()
                .contains("does not support TXT records (it supports A, MX)"),
            "{err}"
        );
    }
}
