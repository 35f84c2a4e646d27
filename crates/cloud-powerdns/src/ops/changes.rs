//! Batched changes: every record-set change of one `apply_changes` in one `PATCH`, which
//! PowerDNS applies whole or not at all.

use cloud_core::dns::validate::normalize_data;
use cloud_core::dns::{Dns, RecordSetChange, RecordType, names};
use cloud_core::{Error, Result};

use crate::errors::local;
use crate::model::{RRsetChange, RecordEntry};
use crate::{PROVIDER_ID, PowerDnsDns};

impl PowerDnsDns {
    /// Checks every change, reads the zone's domain, and sends them all at once. An
    /// upsert's set takes its TTL, or the `default_ttl` option's without one.
    pub(crate) async fn apply(&self, zone: &str, changes: &[RecordSetChange]) -> Result<()> {
        const OP: &str = "apply_changes";
        if changes.is_empty() {
            return Ok(());
        }
        let doc = self.fetch(zone, OP, false).await?;
        let rrsets = changes
            .iter()
            .map(|c| self.rrset_change(c, doc.domain()))
            .collect::<Result<Vec<_>>>()
            .map_err(|e| local(e, OP))?;
        self.send(&doc, OP, &rrsets).await
    }

    /// One portable change as an RRset change in zone `domain`.
    fn rrset_change(&self, change: &RecordSetChange, domain: &str) -> Result<RRsetChange> {
        let set = change.set();
        let relative = names::relative_name(&set.name, domain)?;
        let name = names::absolute_name(&relative, domain);
        if set.rtype == RecordType::Other("NONE".into()) {
            return Err(Error::invalid_input(format!(
                "the change to {relative} names no record type (its set has no values)"
            )));
        }
        let rtype = set.rtype.to_string();
        match change {
            RecordSetChange::Delete(_) => Ok(RRsetChange::Delete { name, rtype }),
            RecordSetChange::Upsert(_) => {
                let mut records: Vec<RecordEntry> = Vec::new();
                for value in &set.values {
                    if value.rtype() != set.rtype {
                        return Err(Error::invalid_input(format!(
                            "the {} set {relative} holds a {} value",
                            set.rtype,
                            value.rtype()
                        )));
                    }
                    self.capabilities().check_data(PROVIDER_ID, value)?;
                    let content = normalize_data(value, domain)?.presentation();
                    if !records.iter().any(|r| r.content == content) {
                        records.push(RecordEntry {
                            content,
                            disabled: false,
                        });
                    }
                }
                let ttl = set.ttl.unwrap_or(self.default_ttl);
                Ok(RRsetChange::Replace {
                    name,
                    rtype,
                    ttl,
                    records,
                })
            }
        }
    }
}
