//! Records, one value of an RRset each: listed and read from the zone, and created,
//! changed and deleted by replacing their set (keeping its other values, disabled ones
//! included).

use cloud_core::compute::Extra;
use cloud_core::dns::validate::{normalize_data, normalize_record};
use cloud_core::dns::{Dns, NewRecord, Record, RecordData, RecordType, RecordUpdate, names};
use cloud_core::paginate::stream_of_list;
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use serde_json::Value;

use crate::errors::local;
use crate::model::{RRsetChange, RecordEntry, RecordKey, data_of_content};
use crate::{PROVIDER_ID, PowerDnsDns};

/// Whether `entries` (of type `rtype` in zone `domain`) hold `data`.
fn holds(entries: &[RecordEntry], rtype: &RecordType, domain: &str, data: &RecordData) -> bool {
    entries
        .iter()
        .any(|e| &data_of_content(rtype, &e.content, domain) == data)
}

/// The `disabled` flag a new record's extra settings ask for (the only one PowerDNS
/// records take).
fn disabled_of(extra: &Extra) -> Result<bool> {
    let mut disabled = false;
    for (key, value) in extra {
        match (key.as_str(), value) {
            ("disabled", Value::Bool(flag)) => disabled = *flag,
            _ => {
                return Err(Error::invalid_input(format!(
                    "PowerDNS records take no extra setting {key:?} with that value (they \
                     take: disabled, true or false)"
                )));
            }
        }
    }
    Ok(disabled)
}

/// The record a write leaves.
fn written(zone_id: &str, name: String, ttl: u32, data: RecordData, disabled: bool) -> Record {
    let mut extra = Extra::new();
    if disabled {
        extra.insert("disabled".into(), Value::from(true));
    }
    Record {
        id: RecordKey::new(&name, &data).id(),
        zone_id: zone_id.to_string(),
        name,
        ttl: Some(ttl),
        data,
        extra,
    }
}

/// Refuses an id this driver cannot have made, before any request.
fn check_id(zone: &str, id: &str, operation: &str) -> Result<()> {
    match RecordKey::parse(id) {
        Some(_) => Ok(()),
        None => {
            let shown: String = id.chars().take(80).collect();
            Err(local(
                Error::not_found(format!("no record {shown:?} in zone {zone}")),
                operation,
            ))
        }
    }
}

impl PowerDnsDns {
    pub(crate) fn records<'a>(&'a self, zone: &'a str) -> BoxStream<'a, Result<Record>> {
        stream_of_list(async move { Ok(self.fetch(zone, "list_records", true).await?.records()) })
    }

    pub(crate) async fn record(&self, zone: &str, id: &str) -> Result<Record> {
        const OP: &str = "get_record";
        check_id(zone, id, OP)?;
        let doc = self.fetch(zone, OP, true).await?;
        let (_, _, record) = doc.find_id(id).map_err(|e| local(e, OP))?;
        Ok(record)
    }

    /// Adds a value to the set of the record's name and type (creating the set); a value
    /// the set has is `AlreadyExists`. The set takes the record's TTL when it has one.
    pub(crate) async fn add_record(&self, zone: &str, record: &NewRecord) -> Result<Record> {
        const OP: &str = "create_record";
        self.capabilities()
            .check_data(PROVIDER_ID, &record.data)
            .map_err(|e| local(e, OP))?;
        let disabled = disabled_of(&record.extra).map_err(|e| local(e, OP))?;
        let doc = self.fetch(zone, OP, true).await?;
        let domain = doc.domain();
        let record = normalize_record(record, domain).map_err(|e| local(e, OP))?;
        let rtype = record.data.rtype();
        let set = doc.set(&record.name, &rtype);
        let mut entries = set.map(|s| s.records.clone()).unwrap_or_default();
        if holds(&entries, &rtype, domain, &record.data) {
            return Err(local(
                Error::new(
                    ErrorKind::AlreadyExists,
                    format!(
                        "{} {rtype} {} already exists in zone {}",
                        record.name, record.data, doc.zone.id
                    ),
                ),
                OP,
            ));
        }
        entries.push(RecordEntry {
            content: record.data.presentation(),
            disabled,
        });
        let ttl = record
            .ttl
            .or(set.map(|s| s.ttl))
            .unwrap_or(self.default_ttl);
        let name = names::absolute_name(&record.name, domain);
        let change = RRsetChange::set_to(name, rtype.to_string(), ttl, entries);
        self.send(&doc, OP, &[change]).await?;
        Ok(written(
            &doc.zone.id,
            record.name,
            ttl,
            record.data,
            disabled,
        ))
    }

    /// Replaces the value (and the set's TTL) in place, or, for a new name, moves the
    /// value to the set of that name: both sets change in one `PATCH`.
    pub(crate) async fn change_record(
        &self,
        zone: &str,
        id: &str,
        update: &RecordUpdate,
    ) -> Result<Record> {
        const OP: &str = "update_record";
        check_id(zone, id, OP)?;
        let doc = self.fetch(zone, OP, true).await?;
        let domain = doc.domain();
        let (set, index, current) = doc.find_id(id).map_err(|e| local(e, OP))?;
        let rtype = current.rtype();
        let name = match &update.name {
            Some(name) => names::relative_name(name, domain).map_err(|e| local(e, OP))?,
            None => current.name.clone(),
        };
        let data = match &update.data {
            Some(data) => self
                .new_value(&rtype, data, domain)
                .map_err(|e| local(e, OP))?,
            None => current.data.clone(),
        };
        let mut entry = set.records[index].clone();
        entry.content = data.presentation();
        let mut rest = set.records.clone();
        rest.remove(index);
        let (changes, ttl) = if name == current.name {
            if !holds(&rest, &rtype, domain, &data) {
                rest.insert(index, entry.clone());
            }
            let ttl = update.ttl.unwrap_or(set.ttl);
            let change = RRsetChange::set_to(set.name.clone(), set.rtype.clone(), ttl, rest);
            (vec![change], ttl)
        } else {
            let target = doc.set(&name, &rtype);
            let mut entries = target.map(|t| t.records.clone()).unwrap_or_default();
            if !holds(&entries, &rtype, domain, &data) {
                entries.push(entry.clone());
            }
            let ttl = update.ttl.or(target.map(|t| t.ttl)).unwrap_or(set.ttl);
            let from = RRsetChange::set_to(set.name.clone(), set.rtype.clone(), set.ttl, rest);
            let to = names::absolute_name(&name, domain);
            (
                vec![
                    from,
                    RRsetChange::set_to(to, set.rtype.clone(), ttl, entries),
                ],
                ttl,
            )
        };
        self.send(&doc, OP, &changes).await?;
        Ok(written(&doc.zone.id, name, ttl, data, entry.disabled))
    }

    /// A record's new value: of its type, supported, canonical.
    fn new_value(&self, rtype: &RecordType, data: &RecordData, domain: &str) -> Result<RecordData> {
        if &data.rtype() != rtype {
            return Err(Error::invalid_input(format!(
                "a record's type cannot change ({rtype} to {}): delete it and create another",
                data.rtype()
            )));
        }
        self.capabilities().check_data(PROVIDER_ID, data)?;
        normalize_data(data, domain)
    }

    /// Removes the value from its set (the set goes when it was the last value).
    pub(crate) async fn remove_record(&self, zone: &str, id: &str) -> Result<()> {
        const OP: &str = "delete_record";
        check_id(zone, id, OP)?;
        let doc = self.fetch(zone, OP, true).await?;
        let (set, index, _) = doc.find_id(id).map_err(|e| local(e, OP))?;
        let mut rest = set.records.clone();
        rest.remove(index);
        let change = RRsetChange::set_to(set.name.clone(), set.rtype.clone(), set.ttl, rest);
        self.send(&doc, OP, &[change]).await
    }
}
