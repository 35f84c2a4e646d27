//! Domains as zones: listed, read, created as master zones, updated, deleted.

use cloud_core::dns::{CreateZone, UpdateZone, Zone, names};
use cloud_core::http::Method;
use cloud_core::{BoxStream, Error, Result, ids};
use futures::{StreamExt, TryStreamExt};
use serde_json::{Map, Value, json};

use super::ttl::zone_ttl;
use super::{LinodeDns, remember};
use crate::errors::local;
use crate::{PROVIDER_ID, model};

/// The collection's path under the endpoint.
const PATH: &str = "domains";

/// Domain fields a `CreateZone::extra` may set, sent as given.
const CREATE_EXTRA: [&str; 7] = [
    "description",
    "tags",
    "refresh_sec",
    "retry_sec",
    "expire_sec",
    "axfr_ips",
    "status",
];

/// A zone id, which on Linode is a number; anything else is `NotFound` without a request.
pub(super) fn zone_id(id: &str, operation: &str) -> Result<u64> {
    ids::numeric(PROVIDER_ID, "zone", id, operation)
}

impl LinodeDns {
    pub(crate) fn zones(&self) -> BoxStream<'static, Result<Zone>> {
        let domains = self.domains.clone();
        self.api
            .list("list_zones", PATH, None, model::zones)
            .inspect_ok(move |zone| remember(&domains, zone))
            .boxed()
    }

    pub(crate) async fn zone(&self, id: &str) -> Result<Zone> {
        const OP: &str = "get_zone";
        let id = zone_id(id, OP)?;
        let zone = self
            .api
            .get(OP, &format!("{PATH}/{id}"), model::zone)
            .await?;
        self.remember(&zone);
        Ok(zone)
    }

    /// A master zone, with `hostmaster@<domain>` as its SOA email unless the request
    /// names one (Linode requires one for master zones).
    pub(crate) async fn new_zone(&self, request: &CreateZone) -> Result<Zone> {
        const OP: &str = "create_zone";
        let body = create_body(request).map_err(|e| local(e, OP))?;
        let zone = self.api.post(OP, PATH, &body, model::zone).await?;
        self.remember(&zone);
        Ok(zone)
    }

    /// `PUT /domains/{id}` with the new `soa_email` and `ttl_sec`; with nothing to change,
    /// the zone as it is.
    pub(crate) async fn change_zone(&self, id: &str, update: &UpdateZone) -> Result<Zone> {
        const OP: &str = "update_zone";
        let numeric = zone_id(id, OP)?;
        let mut body = Map::new();
        if let Some(email) = &update.email {
            body.insert(
                "soa_email".into(),
                json!(email_of(email).map_err(|e| local(e, OP))?),
            );
        }
        if let Some(ttl) = update.ttl {
            body.insert(
                "ttl_sec".into(),
                json!(zone_ttl(ttl).map_err(|e| local(e, OP))?),
            );
        }
        if body.is_empty() {
            return self.zone(id).await;
        }
        let path = format!("{PATH}/{numeric}");
        let zone = self
            .api
            .put(OP, &path, &Value::Object(body), model::zone)
            .await?;
        self.remember(&zone);
        Ok(zone)
    }

    pub(crate) async fn remove_zone(&self, id: &str) -> Result<()> {
        const OP: &str = "delete_zone";
        let id = zone_id(id, OP)?;
        let request = self
            .api
            .request(OP, Method::DELETE, &format!("{PATH}/{id}"));
        self.api.action(request).await?;
        self.forget(id);
        Ok(())
    }

    /// The domain of zone `id`: remembered, or read from Linode.
    pub(super) async fn domain_of(&self, id: u64, operation: &str) -> Result<String> {
        if let Some(domain) = self.known_domain(id) {
            return Ok(domain);
        }
        let zone = self
            .api
            .get(operation, &format!("{PATH}/{id}"), model::zone)
            .await?;
        self.remember(&zone);
        Ok(zone.domain)
    }
}

/// The body of `POST /domains`: a master zone for the canonical domain, its SOA email,
/// its TTL rounded up to one Linode takes, and the Linode fields `extra` may set.
fn create_body(request: &CreateZone) -> Result<Value> {
    let domain = names::zone_domain(&request.domain)?;
    let email = match &request.email {
        Some(email) => email_of(email)?,
        None => format!("hostmaster@{domain}"),
    };
    let mut body = Map::new();
    body.insert("domain".into(), json!(domain));
    body.insert("type".into(), json!("master"));
    body.insert("soa_email".into(), json!(email));
    if let Some(ttl) = request.ttl {
        body.insert("ttl_sec".into(), json!(zone_ttl(ttl)?));
    }
    for (name, value) in &request.extra {
        if !CREATE_EXTRA.contains(&name.as_str()) {
            return Err(Error::invalid_input(format!(
                "extra: Linode zones take {} in extra, not {name:?}",
                CREATE_EXTRA.join(", ")
            )));
        }
        body.insert(name.clone(), value.clone());
    }
    Ok(Value::Object(body))
}

/// A mail address as Linode's `soa_email` takes it: a local part, `@`, a domain, no
/// spaces. `InvalidInput` otherwise.
fn email_of(email: &str) -> Result<String> {
    let email = email.trim();
    let valid = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && !domain.is_empty() && !domain.contains('@')
    }) && !email.chars().any(char::is_whitespace);
    if valid {
        Ok(email.to_string())
    } else {
        Err(Error::invalid_input(format!(
            "email: {email:?} is not a mail address"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn a_new_zone_is_master_with_hostmaster_email_by_default() {
        let body = create_body(&CreateZone::new("Example.ORG.")).unwrap();
        assert_eq!(
            body,
            json!({"domain": "example.org", "type": "master",
                   "soa_email": "hostmaster@example.org"})
        );
        let mut request = CreateZone::new("example.org");
        request.email = Some(" dns@example.net ".into());
        request.ttl = Some(1800);
        request.extra.insert("tags".into(), json!(["prod"]));
        let body = create_body(&request).unwrap();
        assert_eq!(body["soa_email"], "dns@example.net");
        assert_eq!(body["ttl_sec"], 3600);
        assert_eq!(body["tags"], json!(["prod"]));
    }

    #[test]
    fn bad_zone_requests_are_invalid_input() {
        let mut bad_extra = CreateZone::new("example.org");
        bad_extra.extra.insert("master_ips".into(), json!([]));
        let mut bad_email = CreateZone::new("example.org");
        bad_email.email = Some("hostmaster".into());
        let mut long_ttl = CreateZone::new("example.org");
        long_ttl.ttl = Some(3_000_000);
        for request in [
            CreateZone::new("a..example"),
            bad_extra,
            bad_email,
            long_ttl,
        ] {
            let err = create_body(&request).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{request:?}");
        }
        for bad in ["", "@example.org", "dns@", "a b@example.org", "a@b@c"] {
            assert!(email_of(bad).is_err(), "{bad:?}");
        }
    }
}
