//! Reading records: every record of a zone (one per value of each set), and one record
//! by the id that names its set and value.

use cloud_core::dns::{Record, RecordData};
use cloud_core::paginate::paginate_iter;
use cloud_core::{BoxStream, Error, Result};

use super::local;
use super::sets::absolute;
use crate::Route53Dns;
use crate::model::{self, NextRecord, RecordKey, ResourceRecordSet, record_extra};

/// A record of `set` that has not been read back: the one a write just made.
pub(crate) fn record_of(
    set: &ResourceRecordSet,
    zone_id: &str,
    name: &str,
    data: RecordData,
) -> Record {
    let key = RecordKey {
        name: name.to_string(),
        rtype: set.record_type(),
        set_identifier: set.routing.set_identifier.clone(),
        value: data.presentation(),
    };
    Record {
        id: key.encode(),
        zone_id: zone_id.to_string(),
        name: name.to_string(),
        ttl: set.ttl,
        data,
        extra: record_extra(set),
    }
}

/// The `NotFound` error for a record id.
pub(crate) fn missing_record(zone_id: &str, record_id: &str, operation: &str) -> Error {
    local(
        Error::not_found(format!(
            "zone {zone_id} has no record {:?}",
            record_id.chars().take(64).collect::<String>()
        )),
        operation,
    )
}

/// A set found again from a record id, with the record's place in it.
pub(crate) struct Found {
    /// The set as Route 53 has it now.
    pub(crate) set: ResourceRecordSet,
    /// The typed values of the set.
    pub(crate) values: Vec<RecordData>,
    /// Which value the record is.
    pub(crate) index: usize,
}

impl Route53Dns {
    /// Every record of zone `zone_id`: the zone's domain first (`NotFound` for a missing
    /// zone), then `ListResourceRecordSets` page after page.
    pub(crate) fn records<'a>(&'a self, zone_id: &'a str) -> BoxStream<'a, Result<Record>> {
        let op = "list_records";
        paginate_iter(move |token: Option<String>| async move {
            let id = super::zone_id(zone_id, op)?;
            let domain = self.domain(id, op).await?;
            let start = token.as_deref().map(NextRecord::from_token);
            let page = self
                .set_page(id, start.as_ref(), self.settings.page_size)
                .await?;
            let records: Vec<Record> = page
                .sets
                .iter()
                .flat_map(|set| model::records(set, id, &domain))
                .collect();
            Ok((records, page.next.map(|n| n.token())))
        })
    }

    /// The set and value record `record_id` names in zone `id` (a checked id of a zone
    /// of `domain`); `NotFound` when either is gone (or the id is not one of ours).
    pub(crate) async fn find_record(
        &self,
        id: &str,
        domain: &str,
        record_id: &str,
        operation: &str,
    ) -> Result<Found> {
        let missing = || missing_record(id, record_id, operation);
        let key = RecordKey::decode(record_id).ok_or_else(missing)?;
        let name = absolute(&key.name, domain);
        let set = self
            .find_set(id, &name, &key.rtype, key.set_identifier.as_deref())
            .await?
            .ok_or_else(missing)?;
        let values = set.data();
        let index = values
            .iter()
            .position(|v| v.presentation() == key.value)
            .ok_or_else(missing)?;
        Ok(Found { set, values, index })
    }

    /// One record by id.
    pub(crate) async fn record(&self, zone_id: &str, record_id: &str) -> Result<Record> {
        let op = "get_record";
        let id = super::zone_id(zone_id, op)?;
        let domain = self.domain(id, op).await?;
        let found = self.find_record(id, &domain, record_id, op).await?;
        let name = found.set.relative_name(&domain);
        Ok(record_of(
            &found.set,
            id,
            &name,
            found.values[found.index].clone(),
        ))
    }
}
