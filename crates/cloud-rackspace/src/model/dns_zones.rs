//! Domains: one (`GET /domains/{id}`, and each item of a listing or of a finished create
//! job), a page of the listing (`GET /domains`), and the bodies that create and change
//! one.

use cloud_core::compute::Extra;
use cloud_core::dns::Zone;
use cloud_core::{Error, Result};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Link, NumericId, Page, next_page, parse_json};

/// A domain as Cloud DNS describes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Domain {
    /// The numeric domain id.
    pub id: NumericId,
    /// The domain name (`example.com`).
    pub name: String,
    /// The default TTL of its records.
    #[serde(default)]
    pub ttl: Option<u32>,
    /// The responsible person's mail address.
    #[serde(default)]
    pub email_address: Option<String>,
    /// A free comment.
    #[serde(default)]
    pub comment: Option<String>,
    /// The account the domain belongs to.
    #[serde(default)]
    pub account_id: Option<NumericId>,
    /// When it was created (ISO 8601).
    #[serde(default)]
    pub created: Option<String>,
    /// When it was last changed (ISO 8601).
    #[serde(default)]
    pub updated: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DomainsAnswer {
    domains: Vec<Domain>,
    #[serde(default)]
    total_entries: Option<u64>,
    #[serde(default)]
    links: Vec<Link>,
}

/// One domain (`GET /domains/{id}`).
pub fn parse_domain(body: &[u8]) -> Result<Domain> {
    parse_json(body, "a domain")
}

/// A page of `GET /domains`, or the `response` of a finished create job (same shape).
pub fn parse_domains_page(body: &[u8]) -> Result<Page<Domain>> {
    let answer: DomainsAnswer = parse_json(body, "a domain list")?;
    Ok(Page {
        next: next_page(&answer.links),
        items: answer.domains,
        total_entries: answer.total_entries,
    })
}

/// The core's zone for `domain`: the domain lowercase without a trailing dot; the
/// comment, account and times in `extra`. A name that is no domain name is
/// `MalformedResponse`.
pub fn to_zone(domain: &Domain) -> Result<Zone> {
    let name = cloud_core::dns::names::zone_domain(&domain.name).map_err(|e| {
        Error::malformed(format!(
            "Cloud DNS named domain {} {:?}: {}",
            domain.id.0,
            domain.name,
            e.message()
        ))
        .with_provider(crate::PROVIDER_ID)
    })?;
    let mut extra = Extra::new();
    let texts = [
        ("comment", &domain.comment),
        ("created", &domain.created),
        ("updated", &domain.updated),
    ];
    for (key, value) in texts {
        if let Some(value) = value {
            extra.insert(key.into(), Value::String(value.clone()));
        }
    }
    if let Some(account) = domain.account_id {
        extra.insert("account_id".into(), json!(account.0));
    }
    Ok(Zone {
        id: domain.id.0.to_string(),
        domain: name,
        ttl: domain.ttl,
        email: domain.email_address.clone(),
        extra,
    })
}

/// The body of `POST /domains` creating one domain with no records.
pub fn create_body(domain: &str, email: &str, ttl: Option<u32>, comment: Option<&str>) -> Value {
    let mut item = json!({
        "name": domain,
        "emailAddress": email,
        "recordsList": {"records": []},
    });
    if let Some(ttl) = ttl {
        item["ttl"] = json!(ttl);
    }
    if let Some(comment) = comment {
        item["comment"] = json!(comment);
    }
    json!({ "domains": [item] })
}

/// The body of `PUT /domains/{id}`: only what changes.
pub fn update_body(ttl: Option<u32>, email: Option<&str>) -> Value {
    let mut body = json!({});
    if let Some(ttl) = ttl {
        body["ttl"] = json!(ttl);
    }
    if let Some(email) = email {
        body["emailAddress"] = json!(email);
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    const PAGE: &str = r#"{
        "domains": [
            {"name": "Example.COM", "id": 2725233, "accountId": 123456,
             "emailAddress": "hostmaster@example.com", "ttl": 3600,
             "comment": "primary", "created": "2026-01-05T18:00:00.000+0000",
             "updated": "2026-01-05T18:00:01.000+0000"},
            {"name": "example.org", "id": "2725234"}
        ],
        "totalEntries": 3,
        "links": [{"href": "https://dns.api.rackspacecloud.com/v1.0/123456/domains?limit=2&offset=2", "rel": "next"}]
    }"#;

    #[test]
    fn a_page_of_domains_reads_into_zones() {
        let page = parse_domains_page(PAGE.as_bytes()).unwrap();
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.total_entries, Some(3));
        assert_eq!(page.next.unwrap().offset, 2);
        let zone = to_zone(&page.items[0]).unwrap();
        assert_eq!(zone.id, "2725233");
        assert_eq!(zone.domain, "example.com");
        assert_eq!(zone.ttl, Some(3600));
        assert_eq!(zone.email.as_deref(), Some("hostmaster@example.com"));
        assert_eq!(zone.extra["comment"], "primary");
        assert_eq!(zone.extra["account_id"], 123456);
        let bare = to_zone(&page.items[1]).unwrap();
        assert_eq!((bare.id.as_str(), bare.ttl), ("2725234", None));
    }

    #[test]
    fn garbage_and_truncated_bodies_are_malformed() {
        let cut = &PAGE.as_bytes()[..PAGE.len() / 2];
        for body in [
            cut,
            b"".as_slice(),
            b"<html>503</html>",
            br#"{"domains": {}}"#,
            br#"{"domains": [{"name": "x"}]}"#,
            br#"{"domains": [{"name": "x", "id": -5}]}"#,
            br#"{"domains": [{"name": "x", "id": 1, "ttl": "long"}]}"#,
        ] {
            let err = parse_domains_page(body).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{body:?}");
        }
        let odd = parse_domain(br#"{"id": 1, "name": "a..b"}"#).unwrap();
        assert_eq!(
            to_zone(&odd).unwrap_err().kind(),
            ErrorKind::MalformedResponse
        );
    }

    #[test]
    fn bodies_carry_only_what_is_set() {
        let body = create_body("example.com", "hostmaster@example.com", Some(300), None);
        assert_eq!(body["domains"][0]["name"], "example.com");
        assert_eq!(body["domains"][0]["ttl"], 300);
        assert!(body["domains"][0].get("comment").is_none());
        assert_eq!(
            update_body(None, Some("a@b.c")),
            json!({"emailAddress": "a@b.c"})
        );
    }
}
