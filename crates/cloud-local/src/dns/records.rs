//! The persisted state of the simulated DNS service.

use std::collections::BTreeMap;

use cloud_core::compute::Extra;
use cloud_core::dns::{Record, RecordData, Zone};
use serde::{Deserialize, Serialize};

/// The version of the DNS state file layout this crate writes.
pub(crate) const DNS_STATE_VERSION: u32 = 1;

fn current_version() -> u32 {
    DNS_STATE_VERSION
}

/// Every zone the simulated DNS service holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct DnsState {
    /// Layout version.
    #[serde(default = "current_version")]
    pub version: u32,
    /// Zones by id.
    #[serde(default)]
    pub zones: BTreeMap<String, ZoneRecord>,
}

impl Default for DnsState {
    fn default() -> Self {
        DnsState {
            version: DNS_STATE_VERSION,
            zones: BTreeMap::new(),
        }
    }
}

impl crate::state::StateLayout for DnsState {
    const VERSION: u32 = DNS_STATE_VERSION;

    fn version(&self) -> u32 {
        self.version
    }
}

/// One zone and its records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ZoneRecord {
    /// The domain, canonical.
    pub domain: String,
    /// The default TTL.
    pub ttl: Option<u32>,
    /// The responsible person's address.
    pub email: Option<String>,
    /// Records by id.
    #[serde(default)]
    pub records: BTreeMap<String, StoredRecord>,
}

impl ZoneRecord {
    /// The zone as callers see it.
    pub fn to_zone(&self, id: &str) -> Zone {
        let mut extra = Extra::new();
        extra.insert("records".into(), self.records.len().into());
        Zone {
            id: id.to_string(),
            domain: self.domain.clone(),
            ttl: self.ttl,
            email: self.email.clone(),
            extra,
        }
    }
}

/// One stored record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredRecord {
    /// Relative name, `@` for the apex.
    pub name: String,
    /// TTL, when set.
    pub ttl: Option<u32>,
    /// The value.
    pub data: RecordData,
}

impl StoredRecord {
    /// The record as callers see it.
    pub fn to_record(&self, zone_id: &str, id: &str) -> Record {
        Record {
            id: id.to_string(),
            zone_id: zone_id.to_string(),
            name: self.name.clone(),
            ttl: self.ttl,
            data: self.data.clone(),
            extra: Extra::new(),
        }
    }
}
