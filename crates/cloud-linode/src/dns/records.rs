//! Domain Records: listed page by page, read, created, updated and deleted one at a time.

use cloud_core::dns::validate::{normalize_data, normalize_record};
use cloud_core::dns::{Dns, NewRecord, Record, RecordUpdate, names};
use cloud_core::http::Method;
use cloud_core::{BoxStream, Result, ids};
use futures::StreamExt;
use serde_json::json;

use super::LinodeDns;
use super::body::{create_body, update_body};
use super::ttl::record_ttl;
use super::zones::zone_id;
use crate::errors::local;
use crate::{PROVIDER_ID, model};

/// A record id, which on Linode is a number; anything else is `NotFound` without a
/// request.
fn record_id(id: &str, operation: &str) -> Result<u64> {
    ids::numeric(PROVIDER_ID, "record", id, operation)
}

impl LinodeDns {
    pub(crate) fn records(&self, zone: &str) -> BoxStream<'static, Result<Record>> {
        const OP: &str = "list_records";
        let id = match zone_id(zone, OP) {
            Ok(id) => id,
            Err(e) => return futures::stream::once(async move { Err(e) }).boxed(),
        };
        let zone = id.to_string();
        self.api.list(
            OP,
            format!("domains/{id}/records"),
            None,
            move |resp, page| model::records(resp, page, &zone),
        )
    }

    pub(crate) async fn record(&self, zone: &str, id: &str) -> Result<Record> {
        const OP: &str = "get_record";
        let (zone, id) = (zone_id(zone, OP)?, record_id(id, OP)?);
        self.api
            .get(OP, &format!("domains/{zone}/records/{id}"), |resp| {
                model::record(resp, &zone.to_string())
            })
            .await
    }

    /// Refuses types Linode does not serve, makes the record canonical against the
    /// zone's domain, then sends it.
    pub(crate) async fn add_record(&self, zone: &str, record: &NewRecord) -> Result<Record> {
        const OP: &str = "create_record";
        let zone = zone_id(zone, OP)?;
        self.capabilities()
            .check_data(PROVIDER_ID, &record.data)
            .map_err(|e| local(e, OP))?;
        let domain = self.domain_of(zone, OP).await?;
        let body = normalize_record(record, &domain)
            .and_then(|r| create_body(&r))
            .map_err(|e| local(e, OP))?;
        self.api
            .post(OP, &format!("domains/{zone}/records"), &body, |resp| {
                model::record(resp, &zone.to_string())
            })
            .await
    }

    /// A TTL alone is sent straight away; a new name or data needs the record's type
    /// (read first) and the zone's domain.
    pub(crate) async fn change_record(
        &self,
        zone: &str,
        id: &str,
        update: &RecordUpdate,
    ) -> Result<Record> {
        const OP: &str = "update_record";
        let (zone, id) = (zone_id(zone, OP)?, record_id(id, OP)?);
        let path = format!("domains/{zone}/records/{id}");
        let body = if update.name.is_none() && update.data.is_none() {
            let Some(ttl) = update.ttl else {
                return self.record(&zone.to_string(), &id.to_string()).await;
            };
            json!({ "ttl_sec": record_ttl(ttl).map_err(|e| local(e, OP))? })
        } else {
            let current = self
                .api
                .get(OP, &path, |resp| model::record(resp, &zone.to_string()))
                .await?;
            let domain = self.domain_of(zone, OP).await?;
            self.changed_fields(&current, update, &domain)
                .map_err(|e| local(e, OP))?
        };
        self.api
            .put(OP, &path, &body, |resp| {
                model::record(resp, &zone.to_string())
            })
            .await
    }

    /// The `PUT` body changing `current` as `update` says, names and hosts made canonical
    /// against `domain`.
    fn changed_fields(
        &self,
        current: &Record,
        update: &RecordUpdate,
        domain: &str,
    ) -> Result<serde_json::Value> {
        let name = update
            .name
            .as_deref()
            .map(|n| names::relative_name(n, domain))
            .transpose()?;
        let data = match &update.data {
            Some(data) => {
                self.capabilities().check_data(PROVIDER_ID, data)?;
                Some(normalize_data(data, domain)?)
            }
            None => None,
        };
        update_body(&current.rtype(), name.as_deref(), update.ttl, data.as_ref())
    }

    pub(crate) async fn remove_record(&self, zone: &str, id: &str) -> Result<()> {
        const OP: &str = "delete_record";
        let (zone, id) = (zone_id(zone, OP)?, record_id(id, OP)?);
        let request = self
            .api
            .request(OP, Method::DELETE, &format!("domains/{zone}/records/{id}"));
        self.api.action(request).await
    }
}
