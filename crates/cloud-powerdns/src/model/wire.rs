//! The JSON PowerDNS sends for zones, RRsets and records (the `Zone`, `RRSet` and
//! `Record` objects of its API).

use serde::Deserialize;

/// A zone as the API sends it; `rrsets` only comes with one zone, not in the list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WireZone {
    /// The opaque zone id, safe in URLs (`example.org.`).
    pub id: String,
    /// The zone's name, absolute (`example.org.`).
    pub name: String,
    /// `Native`, `Master` or `Slave` (`Primary`, `Secondary` in newer servers).
    #[serde(default)]
    pub kind: String,
    /// The SOA serial.
    #[serde(default)]
    pub serial: Option<u64>,
    /// The account the zone belongs to, a local policy value.
    #[serde(default)]
    pub account: Option<String>,
    /// Whether the zone is signed.
    #[serde(default)]
    pub dnssec: Option<bool>,
    /// The zone's RRsets.
    #[serde(default)]
    pub rrsets: Option<Vec<RRset>>,
}

/// All records of one name and type, with their one TTL.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RRset {
    /// The owner name, absolute (`www.example.org.`).
    pub name: String,
    /// The type mnemonic (`A`, `MX`, …).
    #[serde(rename = "type")]
    pub rtype: String,
    /// The TTL in seconds.
    pub ttl: u32,
    /// The records, each value as PowerDNS writes it.
    #[serde(default)]
    pub records: Vec<RecordEntry>,
}

/// One record of an RRset.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RecordEntry {
    /// The value in presentation form, host names absolute, TXT quoted.
    pub content: String,
    /// A disabled record is kept but not served.
    #[serde(default)]
    pub disabled: bool,
}
