//! Record sets from records, and changes to record sets applied one record at a time for
//! providers without batches.

use std::collections::BTreeMap;

use futures::TryStreamExt;

use super::{Dns, NewRecord, Record, RecordSet, RecordSetChange, RecordType, RecordUpdate};
use crate::Result;
use crate::operation::{OperationRef, WaitOptions, wait_for_operation};

/// Waits until the change operation `operation` (from [`Dns::apply_changes`]) is done:
/// `Ok` once the provider reports it applied, a `Provider` error when it failed, a
/// `Timeout` error after `options.timeout`.
pub async fn wait_for_changes<D: Dns + ?Sized>(
    dns: &D,
    operation: &OperationRef,
    options: &WaitOptions,
) -> Result<()> {
    wait_for_operation(
        operation,
        options,
        || dns.operation_status(operation),
        |_| {},
    )
    .await
}

/// Groups records into sets by name and type, in name-then-type order. A set's TTL is the
/// lowest of its records' TTLs (RFC 2181 §5.2 wants one per set; providers that keep one
/// per record may differ, and resolvers then use the lowest), `None` when none has one.
pub fn record_sets(records: &[Record]) -> Vec<RecordSet> {
    let mut grouped: BTreeMap<(String, RecordType), (Option<u32>, Vec<_>)> = BTreeMap::new();
    for record in records {
        let entry = grouped
            .entry((record.name.clone(), record.rtype()))
            .or_insert((record.ttl, Vec::new()));
        entry.0 = match (entry.0, record.ttl) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        entry.1.push(record.data.clone());
    }
    grouped
        .into_iter()
        .map(|((name, _), (ttl, values))| RecordSet::new(name, ttl, values))
        .collect()
}

/// Applies `changes` through the record calls of `dns`: for an upsert, records whose value
/// the set no longer has are deleted, missing values created and changed TTLs updated (a
/// TTL counts as changed when it differs from what the provider would store for the set's,
/// [`DnsCapabilities::stored_ttl`](super::DnsCapabilities::stored_ttl));
/// for a delete, every record of the set's name and type goes. Not atomic: a failure stops
/// at the change it happened in, with the earlier ones applied.
pub async fn apply_record_by_record<D: Dns + ?Sized>(
    dns: &D,
    zone_id: &str,
    changes: &[RecordSetChange],
) -> Result<()> {
    let caps = dns.capabilities();
    let records: Vec<Record> = dns.list_records(zone_id).try_collect().await?;
    let mut by_set: BTreeMap<(String, RecordType), Vec<Record>> = BTreeMap::new();
    for record in records {
        by_set
            .entry((record.name.clone(), record.rtype()))
            .or_default()
            .push(record);
    }
    for change in changes {
        let set = change.set();
        let current = by_set.remove(&set.key()).unwrap_or_default();
        match change {
            RecordSetChange::Delete(_) => {
                for record in &current {
                    dns.delete_record(zone_id, &record.id).await?;
                }
            }
            RecordSetChange::Upsert(set) => {
                for record in &current {
                    if !set.values.contains(&record.data) {
                        dns.delete_record(zone_id, &record.id).await?;
                    } else if let Some(wanted) = set.ttl
                        && record.ttl != Some(caps.stored_ttl(wanted))
                    {
                        let update = RecordUpdate {
                            ttl: set.ttl,
                            ..RecordUpdate::default()
                        };
                        dns.update_record(zone_id, &record.id, &update).await?;
                    }
                }
                for value in &set.values {
                    if !current.iter().any(|r| &r.data == value) {
                        let record = NewRecord {
                            name: set.name.clone(),
                            ttl: set.ttl,
                            data: value.clone(),
                            extra: Default::default(),
                        };
                        dns.create_record(zone_id, &record).await?;
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::RecordData;

    fn a(name: &str, ip: &str, ttl: u32) -> Record {
        Record {
            id: format!("{name}-{ip}"),
            zone_id: "z".into(),
            name: name.into(),
            ttl: Some(ttl),
            data: RecordData::A {
                address: ip.parse().unwrap(),
            },
            extra: Default::default(),
        }
    }

    #[test]
    fn records_group_into_sorted_sets() {
        let records = [
            a("www", "192.0.2.2", 60),
            a("@", "192.0.2.9", 300),
            a("www", "192.0.2.1", 30),
        ];
        let sets = record_sets(&records);
        assert_eq!(sets.len(), 2);
        assert_eq!(sets[0].name, "@");
        assert_eq!(sets[1].name, "www");
        assert_eq!(sets[1].ttl, Some(30), "the lowest TTL of the set");
        assert_eq!(
            sets[1]
                .values
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>(),
            ["192.0.2.1", "192.0.2.2"]
        );
    }
}
