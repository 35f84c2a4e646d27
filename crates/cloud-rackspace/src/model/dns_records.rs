//! Records: one (`GET /domains/{id}/records/{recordId}`), a page of the listing, the
//! core's typed data from Cloud DNS's `type`, `data` and `priority` and back.
//!
//! Cloud DNS names records and hosts in full without the trailing dot
//! (`www.example.com`); an MX record's preference and an SRV record's priority are the
//! `priority` field, and an SRV record's `data` is `weight port target` ("Supported
//! record types" in the API reference).

use std::net::{Ipv4Addr, Ipv6Addr};

use cloud_core::compute::Extra;
use cloud_core::dns::{NewRecord, Record, RecordData, RecordType, names};
use cloud_core::{Error, Result};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Link, Page, next_page, parse_json};

/// A record as Cloud DNS describes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WireRecord {
    /// The record id (`A-1234`).
    pub id: String,
    /// The full name, without the trailing dot.
    pub name: String,
    /// The type (`A`, `MX`, …).
    #[serde(rename = "type")]
    pub rtype: String,
    /// The value; for SRV, `weight port target`.
    pub data: String,
    /// Seconds resolvers may cache it.
    #[serde(default)]
    pub ttl: Option<u32>,
    /// MX preference or SRV priority.
    #[serde(default)]
    pub priority: Option<u16>,
    /// A free comment.
    #[serde(default)]
    pub comment: Option<String>,
    /// When it was created (ISO 8601).
    #[serde(default)]
    pub created: Option<String>,
    /// When it was last changed (ISO 8601).
    #[serde(default)]
    pub updated: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RecordsAnswer {
    records: Vec<WireRecord>,
    #[serde(default)]
    total_entries: Option<u64>,
    #[serde(default)]
    links: Vec<Link>,
}

/// One record.
pub fn parse_record(body: &[u8]) -> Result<WireRecord> {
    parse_json(body, "a record")
}

/// A page of `GET /domains/{id}/records`, or the `response` of a finished job that added
/// records (same shape).
pub fn parse_records_page(body: &[u8]) -> Result<Page<WireRecord>> {
    let answer: RecordsAnswer = parse_json(body, "a record list")?;
    Ok(Page {
        next: next_page(&answer.links),
        items: answer.records,
        total_entries: answer.total_entries,
    })
}

fn malformed(record: &WireRecord, why: impl std::fmt::Display) -> Error {
    Error::malformed(format!(
        "Cloud DNS record {:?} ({} {:?}): {why}",
        record.id, record.rtype, record.data
    ))
    .with_provider(crate::PROVIDER_ID)
}

/// The core's record for `wire`, a record of the zone `zone_id` whose domain is `zone`
/// (canonical: lowercase, no trailing dot). A value its type cannot hold (an A record
/// that is no address, an MX record without a priority) or a name outside the zone is
/// `MalformedResponse`.
pub fn to_record(zone_id: &str, zone: &str, wire: &WireRecord) -> Result<Record> {
    let name = names::relative_name(&format!("{}.", wire.name.trim_end_matches('.')), zone)
        .map_err(|e| malformed(wire, e.message()))?;
    let mut extra = Extra::new();
    let texts = [
        ("comment", &wire.comment),
        ("created", &wire.created),
        ("updated", &wire.updated),
    ];
    for (key, value) in texts {
        if let Some(value) = value {
            extra.insert(key.into(), Value::String(value.clone()));
        }
    }
    Ok(Record {
        id: wire.id.clone(),
        zone_id: zone_id.to_string(),
        name,
        ttl: wire.ttl,
        data: data_of(wire)?,
        extra,
    })
}

/// A host name of the data, made fully qualified and lowercase.
fn host(wire: &WireRecord, text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(malformed(wire, "the host name is empty"));
    }
    let absolute = format!("{}.", text.trim_end_matches('.'));
    names::qualified_host(&absolute, "").map_err(|e| malformed(wire, e.message()))
}

fn priority(wire: &WireRecord) -> Result<u16> {
    wire.priority
        .ok_or_else(|| malformed(wire, "the record has no priority"))
}

fn data_of(wire: &WireRecord) -> Result<RecordData> {
    let rtype: RecordType = wire
        .rtype
        .parse()
        .map_err(|e: Error| malformed(wire, e.message()))?;
    let data = wire.data.as_str();
    Ok(match rtype {
        RecordType::A => RecordData::A {
            address: data
                .trim()
                .parse::<Ipv4Addr>()
                .map_err(|e| malformed(wire, e))?,
        },
        RecordType::Aaaa => RecordData::Aaaa {
            address: data
                .trim()
                .parse::<Ipv6Addr>()
                .map_err(|e| malformed(wire, e))?,
        },
        RecordType::Cname => RecordData::Cname {
            target: host(wire, data)?,
        },
        RecordType::Ns => RecordData::Ns {
            host: host(wire, data)?,
        },
        RecordType::Ptr => RecordData::Ptr {
            target: host(wire, data)?,
        },
        RecordType::Mx => RecordData::Mx {
            priority: priority(wire)?,
            exchange: host(wire, data)?,
        },
        RecordType::Srv => {
            let mut parts = data.split_whitespace();
            let (Some(weight), Some(port), Some(target), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(malformed(wire, "SRV data is not `weight port target`"));
            };
            RecordData::Srv {
                priority: priority(wire)?,
                weight: weight.parse().map_err(|e| malformed(wire, e))?,
                port: port.parse().map_err(|e| malformed(wire, e))?,
                target: host(wire, target)?,
            }
        }
        RecordType::Txt => RecordData::txt(data),
        RecordType::Spf => RecordData::Spf {
            strings: cloud_core::dns::txt::split_text(data),
        },
        other => RecordData::Other {
            rtype: other,
            data: data.to_string(),
        },
    })
}

/// A host name as Cloud DNS takes it: in full, without the trailing dot.
fn bare(host: &str) -> &str {
    host.strip_suffix('.').unwrap_or(host)
}

/// Cloud DNS's `data` and `priority` for `data`; `None` for data of a type the driver
/// does not write (the driver refuses those before this point).
pub fn wire_data(data: &RecordData) -> Option<(String, Option<u16>)> {
    Some(match data {
        RecordData::A { address } => (address.to_string(), None),
        RecordData::Aaaa { address } => (address.to_string(), None),
        RecordData::Cname { target } | RecordData::Ptr { target } => (bare(target).into(), None),
        RecordData::Ns { host } => (bare(host).into(), None),
        RecordData::Mx { priority, exchange } => (bare(exchange).into(), Some(*priority)),
        RecordData::Srv {
            priority,
            weight,
            port,
            target,
        } => (format!("{weight} {port} {}", bare(target)), Some(*priority)),
        RecordData::Txt { strings } => (strings.concat(), None),
        _ => return None,
    })
}

/// One item of `POST /domains/{id}/records` for `record` (normalised: name relative to
/// `zone`, hosts fully qualified), its TTL as given (the caller rounds it).
pub fn record_body(record: &NewRecord, zone: &str) -> Option<Value> {
    let (data, priority) = wire_data(&record.data)?;
    let mut item = json!({
        "name": bare(&names::absolute_name(&record.name, zone)),
        "type": record.data.rtype().as_str(),
        "data": data,
    });
    if let Some(ttl) = record.ttl {
        item["ttl"] = json!(ttl);
    }
    if let Some(priority) = priority {
        item["priority"] = json!(priority);
    }
    Some(item)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    const ZONE: &str = "example.com";

    fn wire(rtype: &str, name: &str, data: &str, priority: Option<u16>) -> WireRecord {
        WireRecord {
            id: format!("{rtype}-1"),
            name: name.into(),
            rtype: rtype.into(),
            data: data.into(),
            ttl: Some(300),
            priority,
            comment: None,
            created: None,
            updated: None,
        }
    }

    #[test]
    fn each_type_reads_typed_and_qualified() {
        let cases = [
            (
                wire("A", "www.example.com", "192.0.2.1", None),
                "www",
                "192.0.2.1",
            ),
            (
                wire("AAAA", "Example.com", "2001:db8::1", None),
                "@",
                "2001:db8::1",
            ),
            (
                wire("CNAME", "alias.example.com", "WWW.example.com", None),
                "alias",
                "www.example.com.",
            ),
            (
                wire("MX", "example.com", "mail.example.com", Some(10)),
                "@",
                "10 mail.example.com.",
            ),
            (
                wire(
                    "SRV",
                    "_sip._tcp.example.com",
                    "5 5060 sip.example.com",
                    Some(0),
                ),
                "_sip._tcp",
                "0 5 5060 sip.example.com.",
            ),
            (
                wire("NS", "sub.example.com", "dns1.stabletransit.com", None),
                "sub",
                "dns1.stabletransit.com.",
            ),
            (
                wire("TXT", "txt.example.com", "v=spf1 -all", None),
                "txt",
                "\"v=spf1 -all\"",
            ),
        ];
        for (wire, name, data) in cases {
            let record = to_record("2725233", ZONE, &wire).unwrap();
            assert_eq!(record.name, name, "{wire:?}");
            assert_eq!(record.data.presentation(), data, "{wire:?}");
            assert_eq!(record.zone_id, "2725233");
            assert_eq!(record.ttl, Some(300));
        }
    }

    #[test]
    fn values_a_type_cannot_hold_are_malformed() {
        for bad in [
            wire("A", "www.example.com", "not-an-address", None),
            wire("AAAA", "www.example.com", "192.0.2.1", None),
            wire("MX", "example.com", "mail.example.com", None),
            wire("SRV", "_x._tcp.example.com", "5 sip.example.com", Some(1)),
            wire(
                "SRV",
                "_x._tcp.example.com",
                "5 99999 sip.example.com",
                Some(1),
            ),
            wire("CNAME", "alias.example.com", " ", None),
            wire("A", "www.example.net", "192.0.2.1", None),
            wire("", "www.example.com", "x", None),
        ] {
            let err = to_record("1", ZONE, &bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{bad:?}");
            assert_eq!(err.provider(), Some("rackspace"));
        }
    }

    #[test]
    fn truncated_and_garbage_pages_are_malformed() {
        let page = br#"{"records": [{"id": "A-1", "name": "www.example.com", "type": "A",
            "data": "192.0.2.1", "ttl": 300}], "totalEntries": 1}"#;
        assert_eq!(parse_records_page(page).unwrap().items.len(), 1);
        for body in [
            &page[..page.len() / 2],
            b"null".as_slice(),
            br#"{"records": [{"id": "A-1"}]}"#,
            br#"{"records": [{"id": 1, "name": "a", "type": "A", "data": "x"}]}"#,
            br#"{"records": [{"id": "MX-1", "name": "a", "type": "MX", "data": "x", "priority": 70000}]}"#,
        ] {
            let err = parse_records_page(body).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{body:?}");
        }
    }

    #[test]
    fn bodies_name_records_in_full_without_the_dot() {
        let mx = NewRecord::new(
            "@",
            RecordData::Mx {
                priority: 10,
                exchange: "mail.example.com.".into(),
            },
        )
        .with_ttl(300);
        assert_eq!(
            record_body(&mx, ZONE).unwrap(),
            json!({"name": "example.com", "type": "MX", "data": "mail.example.com",
                   "priority": 10, "ttl": 300})
        );
        let srv = NewRecord::new(
            "_sip._tcp",
            RecordData::Srv {
                priority: 0,
                weight: 5,
                port: 5060,
                target: "sip.example.com.".into(),
            },
        );
        assert_eq!(
            record_body(&srv, ZONE).unwrap(),
            json!({"name": "_sip._tcp.example.com", "type": "SRV",
                   "data": "5 5060 sip.example.com", "priority": 0})
        );
        let caa = NewRecord::new(
            "@",
            RecordData::Caa {
                flags: 0,
                tag: "issue".into(),
                value: "ca".into(),
            },
        );
        assert!(record_body(&caa, ZONE).is_none());
    }
}
