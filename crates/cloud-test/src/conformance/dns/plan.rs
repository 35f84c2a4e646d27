//! What the DNS suite creates, and with which names.

use cloud_core::operation::WaitOptions;

/// The inputs of the DNS conformance suite (see `CONFORMANCE.md`).
#[derive(Debug, Clone)]
pub struct DnsPlan {
    /// The domain of the zone the suite creates (and deletes at the end).
    pub domain: String,
    /// A zone id that does not exist.
    pub missing_zone_id: String,
    /// A record id that does not exist in the suite's zone.
    pub missing_record_id: String,
    /// How long to wait for a change operation, for providers that return one.
    pub wait: WaitOptions,
}

impl DnsPlan {
    /// A plan for a zone of `domain`, with every other field at its documented default.
    pub fn new(domain: impl Into<String>) -> Self {
        DnsPlan {
            domain: domain.into(),
            missing_zone_id: "no-such-zone".into(),
            missing_record_id: "no-such-record".into(),
            wait: WaitOptions::default(),
        }
    }
}
