//! Cloud DNS answers: domains, records (each a page of a paged listing, or one), the
//! asynchronous jobs every change answers with, and error documents; read into wire
//! types here and into the core's zones and records by [`records`] and [`zones`].
//!
//! From the Cloud DNS API v1.0 reference: "Domains operations", "Records operations",
//! "Synchronous and asynchronous responses" and "Paginated collections"
//! (<https://docs.rackspace.com/docs/cloud-dns/v1/>).

#[path = "dns_errors.rs"]
pub mod errors;
#[path = "dns_jobs.rs"]
pub mod jobs;
#[path = "dns_records.rs"]
pub mod records;
#[path = "dns_zones.rs"]
pub mod zones;

use cloud_core::{Error, Result};
use serde::Deserialize;
use serde::de::DeserializeOwned;

pub use errors::{error_answer, job_failure};
pub use jobs::{Job, JobError, JobFault, JobStatus, parse_job};
pub use records::{parse_record, parse_records_page, record_body, to_record};
pub use zones::{parse_domain, parse_domains_page, to_zone};

/// Most characters of a body quoted in a parse error.
const EXCERPT: usize = 120;

/// One link of a paged listing (`rel` is `next` or `previous`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Link {
    /// Where the page is.
    pub href: String,
    /// `next` or `previous`.
    pub rel: String,
}

/// One page of a paged listing: its items, how many there are in all, and the links to
/// the pages around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// How many items the whole listing holds, when the answer says.
    pub total_entries: Option<u64>,
    /// The `offset` and `limit` of the next page, from its `next` link; `None` on the
    /// last page.
    pub next: Option<PageRef>,
}

/// Where a page starts and how long it is, as a `next` link names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRef {
    /// The index of the page's first item.
    pub offset: u64,
    /// The page's length, when the link gives one.
    pub limit: Option<u64>,
}

impl PageRef {
    /// The page a `next` link points at: its `offset` (required) and `limit` query
    /// parameters. Only the parameters are taken, never the link's host, so a listing
    /// cannot send the driver elsewhere. `None` when the link has no usable offset.
    pub fn from_link(href: &str) -> Option<PageRef> {
        let query = href.split_once('?')?.1;
        let query = query.split('#').next().unwrap_or_default();
        let mut offset = None;
        let mut limit = None;
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "offset" => offset = value.parse::<u64>().ok(),
                "limit" => limit = value.parse::<u64>().ok(),
                _ => {}
            }
        }
        Some(PageRef {
            offset: offset?,
            limit,
        })
    }

    /// The page as a token for the core's paging helper (`offset:limit`).
    pub fn token(&self) -> String {
        match self.limit {
            Some(limit) => format!("{}:{limit}", self.offset),
            None => self.offset.to_string(),
        }
    }

    /// The page a token of [`PageRef::token`] names.
    pub fn from_token(token: &str) -> Option<PageRef> {
        let (offset, limit) = match token.split_once(':') {
            Some((offset, limit)) => (offset, Some(limit.parse().ok()?)),
            None => (token, None),
        };
        Some(PageRef {
            offset: offset.parse().ok()?,
            limit,
        })
    }
}

/// The `next` page of `links`, when there is one.
pub(crate) fn next_page(links: &[Link]) -> Option<PageRef> {
    links
        .iter()
        .find(|l| l.rel == "next")
        .and_then(|l| PageRef::from_link(&l.href))
}

/// Parses `body` as the JSON document `T`; `MalformedResponse` naming `what` and quoting
/// the start of the body otherwise.
pub(crate) fn parse_json<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| {
        let start = String::from_utf8_lossy(&body[..body.len().min(EXCERPT)]).into_owned();
        Error::malformed(format!(
            "Cloud DNS answered with something that is not {what}: {e} (body starts {start:?})"
        ))
        .with_provider(crate::PROVIDER_ID)
    })
}

/// A numeric id that may come as a JSON number or a string of digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumericId(pub u64);

impl<'de> Deserialize<'de> for NumericId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(n) => Ok(NumericId(n)),
            Raw::Text(t) => t
                .parse::<u64>()
                .map(NumericId)
                .map_err(|_| serde::de::Error::custom(format!("id {t:?} is not a number"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_links_give_offset_and_limit_only() {
        let page = PageRef::from_link(
            "https://dns.api.rackspacecloud.com/v1.0/123456/domains?limit=2&offset=4",
        )
        .unwrap();
        assert_eq!(
            page,
            PageRef {
                offset: 4,
                limit: Some(2)
            }
        );
        assert_eq!(PageRef::from_token(&page.token()), Some(page));
        assert_eq!(
            PageRef::from_link("/domains?offset=100"),
            Some(PageRef {
                offset: 100,
                limit: None
            })
        );
        for bad in [
            "/domains",
            "/domains?limit=2",
            "/domains?offset=-1",
            "?offset=x",
        ] {
            assert_eq!(PageRef::from_link(bad), None, "{bad}");
        }
        for bad in ["", "x", "1:x", ":2"] {
            assert_eq!(PageRef::from_token(bad), None, "{bad}");
        }
    }

    #[test]
    fn ids_are_numbers_or_digit_strings() {
        let id: NumericId = serde_json::from_str("2725233").unwrap();
        assert_eq!(id, NumericId(2725233));
        let id: NumericId = serde_json::from_str("\"42\"").unwrap();
        assert_eq!(id, NumericId(42));
        assert!(serde_json::from_str::<NumericId>("\"4x\"").is_err());
        assert!(serde_json::from_str::<NumericId>("-1").is_err());
    }

    #[test]
    fn parse_errors_are_typed_and_quote_the_body() {
        let err = parse_json::<Vec<u8>>(b"{\"domains\": [", "a domain list").unwrap_err();
        assert_eq!(err.kind(), cloud_core::ErrorKind::MalformedResponse);
        assert!(err.message().contains("a domain list"), "{err}");
        assert!(err.message().contains("{\\\"domains\\\""), "{err}");
    }
}
