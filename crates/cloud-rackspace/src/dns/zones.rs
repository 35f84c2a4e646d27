//! Domains: listed page by page, read, created, changed and deleted (each change waiting
//! for its job).

use cloud_core::dns::{CreateZone, UpdateZone, Zone, names};
use cloud_core::http::Method;
use cloud_core::paginate::{Page as CorePage, paginate};
use cloud_core::{BoxStream, Error, Result, ids};

use super::{RackspaceDns, jobs, paging, stored_ttl};
use crate::PROVIDER_ID;
use crate::model::dns::{parse_domain, parse_domains_page, to_zone, zones as wire};

/// Checks a zone id (Cloud DNS's are numbers) before it goes into a path.
pub(super) fn zone_id<'a>(id: &'a str, operation: &str) -> Result<&'a str> {
    ids::numeric(PROVIDER_ID, "zone", id, operation)?;
    Ok(id)
}

impl RackspaceDns {
    /// Every domain, page after page.
    pub(super) fn zones(&self) -> BoxStream<'_, Result<Zone>> {
        paginate(move |token| async move {
            let operation = "list_zones";
            let query = paging::query(token.as_deref())?;
            let answer = self.client.get(operation, "domains", &query).await?;
            let page = parse_domains_page(&answer.body)
                .map_err(|e| e.in_context(PROVIDER_ID, operation))?;
            let next = paging::next_token(&page);
            let items = page
                .items
                .iter()
                .map(|d| {
                    let zone = to_zone(d)?;
                    self.remember(&zone);
                    Ok(zone)
                })
                .collect::<Result<Vec<_>>>()
                .map_err(|e| e.in_context(PROVIDER_ID, operation))?;
            Ok(CorePage { items, next })
        })
    }

    /// One domain, without its records.
    pub(super) async fn zone(&self, id: &str) -> Result<Zone> {
        let operation = "get_zone";
        let id = zone_id(id, operation)?;
        let query = [
            ("showRecords", "false".to_string()),
            ("showSubdomains", "false".to_string()),
        ];
        let answer = self
            .client
            .get(operation, &format!("domains/{id}"), &query)
            .await?;
        let zone = parse_domain(&answer.body)
            .and_then(|d| to_zone(&d))
            .map_err(|e| e.in_context(PROVIDER_ID, operation))?;
        self.remember(&zone);
        Ok(zone)
    }

    /// The domain of zone `id`: remembered, or asked for.
    pub(super) async fn zone_domain(&self, id: &str) -> Result<String> {
        match self.remembered(id) {
            Some(domain) => Ok(domain),
            None => Ok(self.zone(id).await?.domain),
        }
    }

    /// Creates a domain with no records. Cloud DNS needs a mail address: the request's,
    /// else `hostmaster@<domain>`. A TTL under 300 is raised to 300; a `comment` in
    /// `extra` is the domain's comment.
    pub(super) async fn new_zone(&self, request: &CreateZone) -> Result<Zone> {
        let operation = "create_zone";
        let checked = |e: Error| e.in_context(PROVIDER_ID, operation);
        let domain = names::zone_domain(&request.domain).map_err(checked)?;
        let email = match &request.email {
            Some(email) => check_email(email).map_err(checked)?,
            None => format!("hostmaster@{domain}"),
        };
        let comment =
            match request.extra.get("comment") {
                None => None,
                Some(value) => Some(value.as_str().ok_or_else(|| {
                    checked(Error::invalid_input("the zone's comment must be text"))
                })?),
            };
        let body = wire::create_body(&domain, &email, request.ttl.map(stored_ttl), comment);
        let job = self
            .client
            .start_job(operation, Method::POST, "domains", Some(&body))
            .await?;
        let done = self.finish(job, operation).await?;
        let created = done
            .and_then(|job| job.response)
            .ok_or_else(|| missing_answer(operation, "the created domain"))?;
        let bytes = serde_json::to_vec(&created).unwrap_or_default();
        let page = parse_domains_page(&bytes).map_err(checked)?;
        let first = page
            .items
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(&domain))
            .or(page.items.first())
            .ok_or_else(|| missing_answer(operation, "the created domain"))?;
        let zone = to_zone(first).map_err(checked)?;
        self.remember(&zone);
        Ok(zone)
    }

    /// Changes a domain's TTL (raised to 300 at least) or mail address, then reads it
    /// back.
    pub(super) async fn change_zone(&self, id: &str, update: &UpdateZone) -> Result<Zone> {
        let operation = "update_zone";
        let id = zone_id(id, operation)?;
        let email = match &update.email {
            Some(email) => {
                Some(check_email(email).map_err(|e| e.in_context(PROVIDER_ID, operation))?)
            }
            None => None,
        };
        if update.ttl.is_none() && email.is_none() {
            return self.zone(id).await;
        }
        let body = wire::update_body(update.ttl.map(stored_ttl), email.as_deref());
        let job = self
            .client
            .start_job(
                operation,
                Method::PUT,
                &format!("domains/{id}"),
                Some(&body),
            )
            .await?;
        self.finish(job, operation).await?;
        self.zone(id).await
    }

    /// Deletes a domain and its records.
    pub(super) async fn remove_zone(&self, id: &str) -> Result<()> {
        let operation = "delete_zone";
        let id = zone_id(id, operation)?;
        let job = self
            .client
            .start_job(operation, Method::DELETE, &format!("domains/{id}"), None)
            .await?;
        self.finish(job, operation).await?;
        self.forget(id);
        Ok(())
    }

    /// Waits for `job` when the call started one (`None`: it finished at once).
    pub(super) async fn finish(
        &self,
        job: Option<crate::model::dns::Job>,
        operation: &str,
    ) -> Result<Option<crate::model::dns::Job>> {
        match job {
            Some(job) => Ok(Some(
                jobs::wait(&self.client, job, &self.wait, operation).await?,
            )),
            None => Ok(None),
        }
    }
}

/// A mail address, trimmed; `InvalidInput` unless it looks like one.
fn check_email(email: &str) -> Result<String> {
    let email = email.trim();
    match email.split_once('@') {
        Some((user, host)) if !user.is_empty() && host.contains('.') && !email.contains(' ') => {
            Ok(email.to_string())
        }
        _ => Err(Error::invalid_input(format!(
            "{email:?} is not a mail address (Cloud DNS needs one per zone)"
        ))),
    }
}

/// A finished job that should have answered with `what` and did not.
pub(super) fn missing_answer(operation: &str, what: &str) -> Error {
    Error::malformed(format!("the finished Cloud DNS job did not return {what}"))
        .with_provider(PROVIDER_ID)
        .with_operation(operation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_addresses_are_checked() {
        assert_eq!(
            check_email(" hostmaster@example.com ").unwrap(),
            "hostmaster@example.com"
        );
        for bad in ["", "hostmaster", "@example.com", "a@b", "a b@example.com"] {
            assert!(check_email(bad).is_err(), "{bad:?}");
        }
    }
}
