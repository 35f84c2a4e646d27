//! Batched changes to record sets, and the state of a submitted change.
//!
//! `apply_changes` sends each upsert as `UPSERT` and each delete as `DELETE` of the set as
//! given. When the batch does not fit one request (Route 53 counts every value of an
//! `UPSERT` twice), or a delete does not say its TTL, the zone's sets are read first:
//! upserts of sets the zone does not have go as `CREATE` (counted once), upserts that
//! change nothing are left out, and deletes take what they lack from the set as read.
//! The changes are then cut into as few requests as the limits allow, sent in order.

use std::collections::HashMap;

use cloud_core::dns::validate::normalize_data;
use cloud_core::dns::{Dns, RecordData, RecordSetChange, RecordType, names};
use cloud_core::operation::{OperationRef, OperationStatus};
use cloud_core::{Error, ErrorKind, Result};

use super::batch::{fits_one_request, split};
use super::sets::plain_set;
use super::{local, zone_id};
use crate::model::values::decode_name;
use crate::model::{self, Change, ChangeAction, ChangeInfo, ResourceRecordSet, Routing};
use crate::state::change_status;
use crate::{PROVIDER_ID, Route53Dns};

/// The operation kind of the change `apply_changes` returns.
const APPLY: &str = "apply_changes";

/// A set of the batch, checked and canonical.
struct Wanted {
    /// Upsert or delete.
    upsert: bool,
    /// Relative name.
    name: String,
    /// Type.
    rtype: RecordType,
    /// TTL as given.
    ttl: Option<u32>,
    /// Values, normalised.
    values: Vec<RecordData>,
}

impl Wanted {
    /// The key of the set: absolute name (as decoded from Route 53's form) and type.
    fn key(&self, domain: &str) -> (String, RecordType) {
        (names::absolute_name(&self.name, domain), self.rtype.clone())
    }

    /// Whether the set as given is enough to send (a delete needs its TTL and values,
    /// and an alias's target is only known from the zone).
    fn complete(&self) -> bool {
        self.upsert
            || (self.ttl.is_some()
                && !self.values.is_empty()
                && !self.values.iter().any(is_alias_form))
    }
}

impl Route53Dns {
    /// Checks one change: names relative, values canonical and of the set's type, types
    /// the driver supports.
    fn wanted(&self, domain: &str, change: &RecordSetChange) -> Result<Wanted> {
        let set = change.set();
        let upsert = matches!(change, RecordSetChange::Upsert(_));
        let name = names::relative_name(&set.name, domain)?;
        if upsert && set.values.is_empty() {
            return Err(Error::invalid_input(format!(
                "the upsert of {name} {} has no values; delete the set instead",
                set.rtype
            )));
        }
        let values = set
            .values
            .iter()
            .map(|v| {
                let v = normalize_data(v, domain)?;
                if v.rtype() != set.rtype {
                    return Err(Error::invalid_input(format!(
                        "a {} set cannot hold {} data",
                        set.rtype,
                        v.rtype()
                    )));
                }
                self.capabilities().check_data(PROVIDER_ID, &v)?;
                Ok(v)
            })
            .collect::<Result<Vec<_>>>()?;
        if upsert && values.iter().any(is_alias_form) {
            return Err(Error::invalid_input(format!(
                "the upsert of {name} {} holds alias data; alias records are made with \
                 create_record and extra.alias_target",
                set.rtype
            )));
        }
        if set.values.is_empty() && !self.capabilities().supports_type(&set.rtype) {
            return Err(Error::invalid_input(format!(
                "{} is not a record type of a Route 53 set",
                set.rtype
            )));
        }
        Ok(Wanted {
            upsert,
            name,
            rtype: set.rtype.clone(),
            ttl: set.ttl,
            values,
        })
    }

    /// The batch as changes of sets given whole, without reading the zone.
    fn as_given(&self, domain: &str, wanted: &[Wanted]) -> Vec<Change> {
        wanted
            .iter()
            .map(|w| Change {
                action: if w.upsert {
                    ChangeAction::Upsert
                } else {
                    ChangeAction::Delete
                },
                set: plain_set(
                    &w.name,
                    domain,
                    &w.rtype,
                    Routing::default(),
                    w.ttl.unwrap_or(self.settings.default_ttl),
                    w.values.clone(),
                ),
            })
            .collect()
    }

    /// The batch planned against the zone's sets as they are: `CREATE` for new sets,
    /// nothing for unchanged ones, deletes completed from the sets as read.
    async fn against_zone(&self, id: &str, domain: &str, wanted: &[Wanted]) -> Result<Vec<Change>> {
        let mut current: HashMap<(String, RecordType), ResourceRecordSet> = self
            .all_sets(id, APPLY)
            .await?
            .into_iter()
            .filter(|s| s.routing.set_identifier.is_none())
            .map(|s| ((decode_name(&s.name), s.record_type()), s))
            .collect();
        let mut changes = Vec::new();
        for w in wanted {
            let key = w.key(domain);
            let existing = current.remove(&key);
            if w.upsert {
                let ttl = w.ttl.unwrap_or(self.settings.default_ttl);
                let set = plain_set(
                    &w.name,
                    domain,
                    &w.rtype,
                    Routing::default(),
                    ttl,
                    w.values.clone(),
                );
                let action = match &existing {
                    None => Some(ChangeAction::Create),
                    Some(cur) if unchanged(cur, &set) => None,
                    Some(_) => Some(ChangeAction::Upsert),
                };
                if let Some(action) = action {
                    changes.push(Change {
                        action,
                        set: set.clone(),
                    });
                }
                current.insert(key, set);
            } else if w.complete() {
                changes.push(self.as_given(domain, std::slice::from_ref(w)).remove(0));
            } else {
                let set = existing.ok_or_else(|| {
                    Error::new(
                        ErrorKind::Conflict,
                        format!("zone has no {} {} set to delete", w.name, w.rtype),
                    )
                })?;
                changes.push(Change {
                    action: ChangeAction::Delete,
                    set,
                });
            }
        }
        Ok(changes)
    }

    /// Applies `changes` to zone `zone` (see the module documentation); the operation of
    /// the last request sent, to wait for, or `None` when nothing needed sending.
    pub(crate) async fn apply(
        &self,
        zone: &str,
        changes: &[RecordSetChange],
    ) -> Result<Option<OperationRef>> {
        let id = zone_id(zone, APPLY)?;
        let domain = self.domain(id, APPLY).await?;
        let wanted = changes
            .iter()
            .map(|c| self.wanted(&domain, c))
            .collect::<Result<Vec<_>>>()
            .map_err(|e| local(e, APPLY))?;
        let given = self.as_given(&domain, &wanted);
        let planned = if fits_one_request(&given) && wanted.iter().all(Wanted::complete) {
            given
        } else {
            self.against_zone(id, &domain, &wanted)
                .await
                .map_err(|e| local(e, APPLY))?
        };
        let last = self.send_changes(id, planned, APPLY).await?;
        Ok(last.map(|info| OperationRef::new(PROVIDER_ID, APPLY, info.id).with_resource(id)))
    }

    /// Sends `changes` to zone `id` in as few requests as the limits allow, one after
    /// another; the last request's change, or `None` when there was nothing to send.
    pub(crate) async fn send_changes(
        &self,
        id: &str,
        changes: Vec<Change>,
        operation: &str,
    ) -> Result<Option<ChangeInfo>> {
        let requests = split(changes).map_err(|e| local(e, operation))?;
        let path = format!("hostedzone/{id}/rrset/");
        let mut last = None;
        for request in requests {
            let document = model::change_batch_document(&request, None);
            let info = self
                .api
                .post(
                    "ChangeResourceRecordSets",
                    &path,
                    document,
                    false,
                    model::change_resource_record_sets,
                )
                .await
                .map_err(|e| e.in_context(PROVIDER_ID, operation))?;
            last = Some(info);
        }
        Ok(last)
    }

    /// Where a change stands (`GetChange`): `INSYNC` is done, `PENDING` running.
    pub(crate) async fn change_state(&self, operation: &OperationRef) -> Result<OperationStatus> {
        let op = "operation_status";
        if operation.provider != PROVIDER_ID {
            return Err(local(
                Error::invalid_input(format!(
                    "operation {} belongs to provider {}, not {PROVIDER_ID}",
                    operation.id, operation.provider
                )),
                op,
            ));
        }
        let id = change_id(&operation.id, op)?;
        let info = self
            .api
            .get("GetChange", &format!("change/{id}"), &[], model::get_change)
            .await?;
        Ok(change_status(&info.status))
    }
}

/// Whether `data` is how an alias record reads: [`RecordData::Other`] of a type that has
/// a variant of its own.
fn is_alias_form(data: &RecordData) -> bool {
    matches!(data, RecordData::Other { rtype, .. } if !matches!(rtype, RecordType::Other(_)))
}

/// Whether the zone's set `current` already is `wanted` (TTL and values).
fn unchanged(current: &ResourceRecordSet, wanted: &ResourceRecordSet) -> bool {
    if current.alias_target.is_some() || current.ttl != wanted.ttl {
        return false;
    }
    let mut values = current.data();
    values.sort();
    values.dedup();
    let canonical: Vec<String> = values.iter().map(model::values::wire_value).collect();
    canonical == wanted.values
}

/// A change id for a URL path: the `/change/` prefix taken off, then letters and digits.
fn change_id<'a>(id: &'a str, operation: &str) -> Result<&'a str> {
    let bare = id.strip_prefix("/change/").unwrap_or(id);
    if !bare.is_empty() && bare.len() <= 64 && bare.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(bare)
    } else {
        Err(local(
            Error::not_found(format!("no Route 53 change {id:?}")),
            operation,
        ))
    }
}
