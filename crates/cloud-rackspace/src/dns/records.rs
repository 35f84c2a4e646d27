//! Records of a domain: listed page by page, read, added, changed and deleted (each
//! change waiting for its job).

use cloud_core::dns::{Dns, NewRecord, Record, RecordUpdate, names, validate};
use cloud_core::http::Method;
use cloud_core::paginate::{Page as CorePage, paginate};
use cloud_core::{BoxStream, Error, Result, ids};
use serde_json::json;

use super::zones::{missing_answer, zone_id};
use super::{RackspaceDns, paging, stored_ttl};
use crate::PROVIDER_ID;
use crate::model::dns::records::wire_data;
use crate::model::dns::{parse_record, parse_records_page, record_body, to_record};

/// Checks a record id (`A-1234`) before it goes into a path.
fn record_id<'a>(id: &'a str, operation: &str) -> Result<&'a str> {
    ids::segment(PROVIDER_ID, "record", id, operation)
}

impl RackspaceDns {
    /// Every record of zone `id`, page after page.
    pub(super) fn records<'a>(&'a self, id: &'a str) -> BoxStream<'a, Result<Record>> {
        paginate(move |token| async move {
            let operation = "list_records";
            let zone = zone_id(id, operation)?;
            let domain = self.zone_domain(zone).await?;
            let query = paging::query(token.as_deref())?;
            let answer = self
                .client
                .get(operation, &format!("domains/{zone}/records"), &query)
                .await?;
            let page = parse_records_page(&answer.body)
                .map_err(|e| e.in_context(PROVIDER_ID, operation))?;
            let next = paging::next_token(&page);
            let items = page
                .items
                .iter()
                .map(|r| to_record(zone, &domain, r))
                .collect::<Result<Vec<_>>>()
                .map_err(|e| e.in_context(PROVIDER_ID, operation))?;
            Ok(CorePage { items, next })
        })
    }

    /// One record.
    pub(super) async fn record(&self, zone: &str, id: &str) -> Result<Record> {
        let operation = "get_record";
        let zone = zone_id(zone, operation)?;
        let id = record_id(id, operation)?;
        let domain = self.zone_domain(zone).await?;
        let answer = self
            .client
            .get(operation, &format!("domains/{zone}/records/{id}"), &[])
            .await?;
        parse_record(&answer.body)
            .and_then(|r| to_record(zone, &domain, &r))
            .map_err(|e| e.in_context(PROVIDER_ID, operation))
    }

    /// Adds one record: a type Cloud DNS does not take is `Unsupported` and a bad name
    /// `InvalidInput`, both before anything is sent; a TTL under 300 is raised to 300.
    pub(super) async fn new_record(&self, zone: &str, record: &NewRecord) -> Result<Record> {
        let operation = "create_record";
        let checked = |e: Error| e.in_context(PROVIDER_ID, operation);
        self.capabilities()
            .check_data(PROVIDER_ID, &record.data)
            .map_err(checked)?;
        let zone = zone_id(zone, operation)?;
        let domain = self.zone_domain(zone).await?;
        let mut normal = validate::normalize_record(record, &domain).map_err(checked)?;
        normal.ttl = normal.ttl.map(stored_ttl);
        let item = record_body(&normal, &domain).ok_or_else(|| {
            checked(self.unsupported(&format!("{} records", normal.data.rtype())))
        })?;
        let body = json!({ "records": [item] });
        let job = self
            .client
            .start_job(
                operation,
                Method::POST,
                &format!("domains/{zone}/records"),
                Some(&body),
            )
            .await?;
        let done = self.finish(job, operation).await?;
        let created = done
            .and_then(|job| job.response)
            .ok_or_else(|| missing_answer(operation, "the created record"))?;
        let bytes = serde_json::to_vec(&created).unwrap_or_default();
        let page = parse_records_page(&bytes).map_err(checked)?;
        let first = page
            .items
            .first()
            .ok_or_else(|| missing_answer(operation, "the created record"))?;
        to_record(zone, &domain, first).map_err(checked)
    }

    /// Changes a record's name, TTL (raised to 300 at least) or value (of the same type),
    /// then reads it back. Cloud DNS wants the name in every change, so the record is
    /// read first.
    pub(super) async fn change_record(
        &self,
        zone: &str,
        id: &str,
        update: &RecordUpdate,
    ) -> Result<Record> {
        let operation = "update_record";
        let checked = |e: Error| e.in_context(PROVIDER_ID, operation);
        let zone = zone_id(zone, operation)?;
        let id = record_id(id, operation)?;
        let current = self.record(zone, id).await?;
        if update.name.is_none() && update.ttl.is_none() && update.data.is_none() {
            return Ok(current);
        }
        let domain = self.zone_domain(zone).await?;
        let name = match &update.name {
            Some(name) => names::relative_name(name, &domain).map_err(checked)?,
            None => current.name.clone(),
        };
        let mut body =
            json!({ "name": names::absolute_name(&name, &domain).trim_end_matches('.') });
        if let Some(data) = &update.data {
            if data.rtype() != current.rtype() {
                return Err(checked(Error::invalid_input(format!(
                    "record {id} is {}; its value cannot become {}",
                    current.rtype(),
                    data.rtype()
                ))));
            }
            let data = validate::normalize_data(data, &domain).map_err(checked)?;
            let (text, priority) = wire_data(&data)
                .ok_or_else(|| checked(self.unsupported(&format!("{} records", data.rtype()))))?;
            body["data"] = json!(text);
            if let Some(priority) = priority {
                body["priority"] = json!(priority);
            }
        }
        if let Some(ttl) = update.ttl {
            body["ttl"] = json!(stored_ttl(ttl));
        }
        let job = self
            .client
            .start_job(
                operation,
                Method::PUT,
                &format!("domains/{zone}/records/{id}"),
                Some(&body),
            )
            .await?;
        self.finish(job, operation).await?;
        self.record(zone, id).await
    }

    /// Deletes one record.
    pub(super) async fn remove_record(&self, zone: &str, id: &str) -> Result<()> {
        let operation = "delete_record";
        let zone = zone_id(zone, operation)?;
        let id = record_id(id, operation)?;
        let job = self
            .client
            .start_job(
                operation,
                Method::DELETE,
                &format!("domains/{zone}/records/{id}"),
                None,
            )
            .await?;
        self.finish(job, operation).await?;
        Ok(())
    }
}
