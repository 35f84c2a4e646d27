//! What the `parse_responses` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs` and `tests/parsers_hostile.rs`: the first byte picks a
//! parser of the PowerDNS driver (the zone list, one zone with its records and record
//! lookups by id, the error parser and its HTTP status, record ids, SOA mailboxes, record
//! content of a type) and the rest is its input. A parser may reject the input, but must
//! never panic.

use bytes::Bytes;
use cloud_core::dns::RecordType;
use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, HttpResponse, StatusCode};
use cloud_powerdns::{PowerDnsErrorParser, model};

/// The statuses the error parser is fed with.
const STATUSES: [u16; 8] = [400, 401, 403, 404, 409, 422, 500, 503];

/// The record types content is read as.
const TYPES: [&str; 8] = ["A", "AAAA", "MX", "TXT", "SRV", "SOA", "CAA", "NAPTR"];

/// Feeds one input to the parser its first byte picks.
pub fn feed(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let resp = HttpResponse {
        status: StatusCode::OK,
        headers: HeaderMap::new(),
        body: Bytes::copy_from_slice(body),
    };
    let text = String::from_utf8_lossy(body);
    let pick = usize::from(selector >> 3);
    match selector % 8 {
        0 => {
            let _ = model::zones(&resp);
        }
        1 | 2 => {
            if let Ok(doc) = model::zone(&resp) {
                for record in doc.records() {
                    let _ = doc.find_id(&record.id);
                }
                let _ = doc.find_id(&text);
            }
        }
        3 => {
            let status = StatusCode::from_u16(STATUSES[pick % STATUSES.len()])
                .unwrap_or(StatusCode::BAD_REQUEST);
            let _ = PowerDnsErrorParser.parse(status, &HeaderMap::new(), body);
        }
        4 => {
            let _ = model::RecordKey::parse(&text);
        }
        5 => {
            let _ = model::email_of_rname(&text);
            let _ = model::rname_of_email(&text);
        }
        _ => {
            let rtype: RecordType = TYPES[pick % TYPES.len()].parse().unwrap_or(RecordType::A);
            let _ = model::data_of_content(&rtype, &text, "example.org");
        }
    }
}
