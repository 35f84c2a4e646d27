//! Zones and records.

use serde::{Deserialize, Serialize};

use super::{RecordData, RecordType};
use crate::compute::Extra;

/// A DNS zone (a hosted zone, a domain) at the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Zone {
    /// The provider's id for the zone.
    pub id: String,
    /// The domain, lowercase, without the trailing dot (`example.org`).
    pub domain: String,
    /// The default TTL of records, where the provider keeps one per zone.
    pub ttl: Option<u32>,
    /// The responsible person's mail address, where the provider keeps one.
    pub email: Option<String>,
    /// Provider-specific fields.
    #[serde(default)]
    pub extra: Extra,
}

/// What a new zone is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreateZone {
    /// The domain (a trailing dot and upper case are accepted).
    pub domain: String,
    /// The default TTL, where the provider keeps one.
    pub ttl: Option<u32>,
    /// The responsible person's mail address, where the provider keeps one.
    pub email: Option<String>,
    /// Provider-specific settings.
    pub extra: Extra,
}

impl CreateZone {
    /// A zone for `domain` with the provider's defaults.
    pub fn new(domain: impl Into<String>) -> Self {
        CreateZone {
            domain: domain.into(),
            ..CreateZone::default()
        }
    }
}

/// Changes to a zone's settings; `None` leaves a setting as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateZone {
    /// A new default TTL.
    pub ttl: Option<u32>,
    /// A new mail address.
    pub email: Option<String>,
}

/// One record: a name, a TTL and one value. Several records with the same name and type
/// form a record set (see [`RecordSet`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The provider's id for the record (for providers that keep whole record sets, an
    /// id that names the set and the value).
    pub id: String,
    /// The zone's id.
    pub zone_id: String,
    /// The name relative to the zone, `@` for the apex.
    pub name: String,
    /// Seconds resolvers may cache the record; `None` for the zone's default.
    pub ttl: Option<u32>,
    /// The typed value.
    pub data: RecordData,
    /// Provider-specific fields (Route53 alias targets, health-check ids, …).
    #[serde(default)]
    pub extra: Extra,
}

impl Record {
    /// The record's type.
    pub fn rtype(&self) -> RecordType {
        self.data.rtype()
    }
}

/// What a new record is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecord {
    /// The name: relative to the zone, `@` for the apex, or absolute (ending in `.`).
    pub name: String,
    /// Seconds resolvers may cache it; `None` for the zone's (or provider's) default.
    pub ttl: Option<u32>,
    /// The value.
    pub data: RecordData,
    /// Provider-specific settings.
    pub extra: Extra,
}

impl NewRecord {
    /// A record `name` with `data` and the default TTL.
    pub fn new(name: impl Into<String>, data: RecordData) -> Self {
        NewRecord {
            name: name.into(),
            ttl: None,
            data,
            extra: Extra::default(),
        }
    }

    /// The same record with a TTL.
    pub fn with_ttl(mut self, ttl: u32) -> Self {
        self.ttl = Some(ttl);
        self
    }
}

/// Changes to a record; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordUpdate {
    /// A new name (relative, `@` or absolute).
    pub name: Option<String>,
    /// A new TTL.
    pub ttl: Option<u32>,
    /// A new value, of the same type.
    pub data: Option<RecordData>,
}

/// All records of one name and type: the unit DNS serves, and the unit of batched
/// changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RecordSet {
    /// The name relative to the zone, `@` for the apex.
    pub name: String,
    /// The type every value has.
    pub rtype: RecordType,
    /// The TTL; `None` for the zone's default.
    pub ttl: Option<u32>,
    /// The values, sorted, without duplicates.
    pub values: Vec<RecordData>,
}

impl RecordSet {
    /// A set of `values` (sorted and deduplicated here) under `name`.
    pub fn new(name: impl Into<String>, ttl: Option<u32>, mut values: Vec<RecordData>) -> Self {
        values.sort();
        values.dedup();
        let rtype = values
            .first()
            .map(RecordData::rtype)
            .unwrap_or(RecordType::Other("NONE".into()));
        RecordSet {
            name: name.into(),
            rtype,
            ttl,
            values,
        }
    }

    /// The set's key: its name and type.
    pub fn key(&self) -> (String, RecordType) {
        (self.name.clone(), self.rtype.clone())
    }
}

/// One change to a zone's record sets, as a batch carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordSetChange {
    /// Makes the set of this name and type exactly this (creating or replacing it).
    Upsert(RecordSet),
    /// Removes the set of this name and type (its values as last seen, which providers
    /// that check them, such as Route53, compare).
    Delete(RecordSet),
}

impl RecordSetChange {
    /// The set the change is about.
    pub fn set(&self) -> &RecordSet {
        match self {
            RecordSetChange::Upsert(set) | RecordSetChange::Delete(set) => set,
        }
    }
}
