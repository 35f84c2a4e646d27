//! Linode's JSON documents as this driver reads them (compute resources, Domains and
//! Domain Records for DNS, NodeBalancers for load balancing), their conversion to the
//! portable types, and the parsers of whole answers built on them. Unknown fields are ignored; fields a conversion does not
//! use go to `extra`.
//!
//! The parsers are public so the same code can be fuzzed and used on stored answers.
//! None of them panics: a body that is not the expected JSON, or holds an impossible
//! value, is a `MalformedResponse` error. The list parsers take the page number that
//! was asked for and return a [`Page`](cloud_core::paginate::Page) whose `next` token is
//! the following page number while Linode reports more pages.

mod catalog;
mod domain;
mod fingerprint;
mod image;
mod instance;
mod nodebalancer;
mod page;
mod parsers;
mod record;
mod sshkey;
mod volume;

pub(crate) use catalog::{RawRegion, RawType};
pub(crate) use domain::RawDomain;
pub(crate) use image::{RawDisk, RawImage};
pub(crate) use instance::{RawInstance, tags_to_linode};
pub(crate) use nodebalancer::{RawConfig, RawNode, RawNodeBalancer};
pub(crate) use page::RawPage;
pub(crate) use record::RawRecord;
pub(crate) use sshkey::RawSshKey;
pub(crate) use volume::RawVolume;

pub use nodebalancer::member_health;
pub use parsers::{
    image, imageable_disks, images, key_pair, key_pairs, locations, node, nodes, record, records,
    sizes, volume, volumes, zone, zones,
};

use chrono::{DateTime, NaiveDateTime, Utc};
use cloud_core::compute::Extra;
use cloud_core::{Error, Result};
use serde_json::Value;

/// A document Linode returned that can be turned into a portable item.
pub(crate) trait Convert {
    /// The portable item.
    type Item;

    /// Converts; `MalformedResponse` when a field holds something impossible.
    fn convert(self) -> Result<Self::Item>;
}

/// Parses Linode's timestamps: `2018-01-01T00:01:01` (UTC, no zone) or RFC 3339.
pub(crate) fn parse_time(field: &str, value: Option<&str>) -> Result<Option<DateTime<Utc>>> {
    let Some(text) = value.filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(Some(t.with_timezone(&Utc)));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .map(|t| Some(t.and_utc()))
        .map_err(|_| {
            let shown: String = text.chars().take(40).collect();
            Error::malformed(format!("{field} is not a timestamp: {shown:?}"))
        })
}

/// Fields left over after a conversion, keyed as Linode names them, nulls dropped.
pub(crate) fn extra_from(rest: serde_json::Map<String, Value>) -> Extra {
    rest.into_iter().filter(|(_, v)| !v.is_null()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_linode_and_rfc3339_times() {
        let t = parse_time("created", Some("2018-01-01T00:01:01"))
            .unwrap()
            .unwrap();
        assert_eq!(t.to_rfc3339(), "2018-01-01T00:01:01+00:00");
        let z = parse_time("created", Some("2018-01-01T02:01:01+02:00"))
            .unwrap()
            .unwrap();
        assert_eq!(z, t);
        assert_eq!(parse_time("created", None).unwrap(), None);
        assert_eq!(parse_time("created", Some("")).unwrap(), None);
        let err = parse_time("created", Some("yesterday")).unwrap_err();
        assert_eq!(err.kind(), cloud_core::ErrorKind::MalformedResponse);
        assert!(err.message().contains("created"));
    }
}
