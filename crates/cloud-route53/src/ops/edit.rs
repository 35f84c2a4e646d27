//! Writing one record: Route 53 keeps whole sets, so each call reads the record's set,
//! rewrites it with the value added, changed or removed, and sends the result in one
//! change batch (`CREATE` for a new set, `UPSERT` of the rewritten set, `DELETE` of the
//! set as read when its last value goes). A change to the same set by someone else
//! between the read and the write is overwritten by the `UPSERT`.

use cloud_core::dns::validate::{normalize_data, normalize_record};
use cloud_core::dns::{Dns, NewRecord, Record, RecordData, RecordUpdate, names};
use cloud_core::{Error, ErrorKind, Result};

use super::records::{Found, record_of};
use super::sets::{absolute, plain_set};
use super::{local, zone_id};
use crate::model::{Change, ChangeAction, ResourceRecordSet};
use crate::options::RoutingOptions;
use crate::{PROVIDER_ID, Route53Dns};

fn change(action: ChangeAction, set: ResourceRecordSet) -> Change {
    Change { action, set }
}

/// `set` holding `values` (in Route 53's form, sorted) with TTL `ttl`; routing and name
/// kept.
fn with_values(
    set: &ResourceRecordSet,
    ttl: Option<u32>,
    mut values: Vec<RecordData>,
) -> ResourceRecordSet {
    values.sort();
    values.dedup();
    ResourceRecordSet {
        ttl,
        values: values
            .iter()
            .map(crate::model::values::wire_value)
            .collect(),
        ..set.clone()
    }
}

fn already(name: &str, data: &RecordData, operation: &str) -> Error {
    local(
        Error::new(
            ErrorKind::AlreadyExists,
            format!("{name} already has the {} record {data}", data.rtype()),
        ),
        operation,
    )
}

impl Route53Dns {
    /// Adds a record: a new set (`CREATE`), or its value added to the set of its name,
    /// type and set identifier (`UPSERT`, the record's TTL, if given, becoming the set's).
    /// With `extra.alias_target`, an alias set of the data's type (see the crate
    /// documentation).
    pub(crate) async fn add_record(&self, zone: &str, record: &NewRecord) -> Result<Record> {
        let op = "create_record";
        let id = zone_id(zone, op)?;
        let domain = self.domain(id, op).await?;
        let record = normalize_record(record, &domain).map_err(|e| local(e, op))?;
        self.capabilities()
            .check_data(PROVIDER_ID, &record.data)
            .map_err(|e| local(e, op))?;
        let options = RoutingOptions::from_extra(&record.extra).map_err(|e| local(e, op))?;
        let rtype = record.data.rtype();
        let name = names::absolute_name(&record.name, &domain);
        let current = self
            .find_set(id, &name, &rtype, options.routing.set_identifier.as_deref())
            .await?;
        let written = match (options.alias_target, current) {
            (Some(_), Some(_))
            | (
                None,
                Some(ResourceRecordSet {
                    alias_target: Some(_),
                    ..
                }),
            ) => {
                return Err(local(
                    Error::new(
                        ErrorKind::AlreadyExists,
                        format!("{} already has a {rtype} set", record.name),
                    ),
                    op,
                ));
            }
            (Some(alias), None) => change(
                ChangeAction::Create,
                ResourceRecordSet {
                    name,
                    rtype: rtype.to_string(),
                    routing: options.routing,
                    alias_target: Some(alias),
                    ..Default::default()
                },
            ),
            (None, None) => change(
                ChangeAction::Create,
                plain_set(
                    &record.name,
                    &domain,
                    &rtype,
                    options.routing,
                    record.ttl.unwrap_or(self.settings.default_ttl),
                    vec![record.data.clone()],
                ),
            ),
            (None, Some(current)) => {
                let mut values = current.data();
                if values.contains(&record.data) {
                    return Err(already(&record.name, &record.data, op));
                }
                values.push(record.data.clone());
                let ttl = record
                    .ttl
                    .or(current.ttl)
                    .unwrap_or(self.settings.default_ttl);
                change(
                    ChangeAction::Upsert,
                    with_values(&current, Some(ttl), values),
                )
            }
        };
        let set = written.set.clone();
        self.send_changes(id, vec![written], op).await?;
        let data = if set.alias_target.is_some() {
            set.data().remove(0)
        } else {
            record.data
        };
        Ok(record_of(&set, id, &record.name, data))
    }

    /// Changes a record's name, TTL or value. Within its set, an `UPSERT` of the set with
    /// the value replaced (a new TTL is the whole set's); to another name, one batch that
    /// takes the value out of its set and adds it to the set of the new name.
    pub(crate) async fn change_record(
        &self,
        zone: &str,
        record_id: &str,
        update: &RecordUpdate,
    ) -> Result<Record> {
        let op = "update_record";
        let id = zone_id(zone, op)?;
        let domain = self.domain(id, op).await?;
        let Found {
            set,
            mut values,
            index,
        } = self.find_record(id, &domain, record_id, op).await?;
        if set.alias_target.is_some() {
            return Err(local(
                Error::invalid_input(
                    "an alias record is changed by deleting it and creating the new one",
                ),
                op,
            ));
        }
        let old_name = set.relative_name(&domain);
        let new_name = match &update.name {
            Some(n) => names::relative_name(n, &domain).map_err(|e| local(e, op))?,
            None => old_name.clone(),
        };
        let old = values[index].clone();
        let data = match &update.data {
            Some(d) => {
                let d = normalize_data(d, &domain).map_err(|e| local(e, op))?;
                if d.rtype() != old.rtype() {
                    return Err(local(
                        Error::invalid_input(format!(
                            "record is {}; its data cannot become {}",
                            old.rtype(),
                            d.rtype()
                        )),
                        op,
                    ));
                }
                d
            }
            None => old.clone(),
        };
        let ttl = update.ttl.or(set.ttl).unwrap_or(self.settings.default_ttl);
        let mut changes = Vec::new();
        let target = if new_name == old_name {
            if data != old && values.contains(&data) {
                return Err(already(&new_name, &data, op));
            }
            values[index] = data.clone();
            let target = with_values(&set, Some(ttl), values);
            changes.push(change(ChangeAction::Upsert, target.clone()));
            target
        } else {
            values.remove(index);
            changes.push(if values.is_empty() {
                change(ChangeAction::Delete, set.clone())
            } else {
                change(ChangeAction::Upsert, with_values(&set, set.ttl, values))
            });
            let (action, target) = self
                .joined(id, &domain, &set, &new_name, ttl, &data, op)
                .await?;
            changes.push(change(action, target.clone()));
            target
        };
        self.send_changes(id, changes, op).await?;
        Ok(record_of(&target, id, &new_name, data))
    }

    /// How `data` joins the set of `name` (relative) of `from`'s type and set identifier
    /// in zone `id`: a `CREATE` of a new set, or an `UPSERT` of the set there with the
    /// value added and TTL `ttl`.
    #[allow(clippy::too_many_arguments)]
    async fn joined(
        &self,
        id: &str,
        domain: &str,
        from: &ResourceRecordSet,
        name: &str,
        ttl: u32,
        data: &RecordData,
        op: &str,
    ) -> Result<(ChangeAction, ResourceRecordSet)> {
        let rtype = from.record_type();
        let existing = self
            .find_set(
                id,
                &absolute(name, domain),
                &rtype,
                from.routing.set_identifier.as_deref(),
            )
            .await?;
        match existing {
            Some(there) if there.alias_target.is_some() => Err(already(name, data, op)),
            Some(there) => {
                let mut values = there.data();
                if values.contains(data) {
                    return Err(already(name, data, op));
                }
                values.push(data.clone());
                Ok((ChangeAction::Upsert, with_values(&there, Some(ttl), values)))
            }
            None => Ok((
                ChangeAction::Create,
                plain_set(
                    name,
                    domain,
                    &rtype,
                    from.routing.clone(),
                    ttl,
                    vec![data.clone()],
                ),
            )),
        }
    }

    /// Deletes a record: the set without its value (`UPSERT`), or the whole set as read
    /// (`DELETE`) when it was the last value or an alias.
    pub(crate) async fn remove_record(&self, zone: &str, record_id: &str) -> Result<()> {
        let op = "delete_record";
        let id = zone_id(zone, op)?;
        let domain = self.domain(id, op).await?;
        let Found {
            set,
            mut values,
            index,
        } = self.find_record(id, &domain, record_id, op).await?;
        values.remove(index);
        let written = if values.is_empty() || set.alias_target.is_some() {
            change(ChangeAction::Delete, set)
        } else {
            let ttl = set.ttl;
            change(ChangeAction::Upsert, with_values(&set, ttl, values))
        };
        self.send_changes(id, vec![written], op).await?;
        Ok(())
    }
}
