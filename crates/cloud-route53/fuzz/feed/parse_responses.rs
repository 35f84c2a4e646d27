//! What the `parse_responses` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the first byte picks a response parser of the Route 53
//! driver (or the value and name readers, or the error parser and its HTTP status), the
//! rest is the body. A parser may reject the input, but must never panic.

use cloud_core::dns::RecordType;
use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode};
use cloud_route53::{Route53ErrorParser, model};

/// The types the value reader is tried with.
const TYPES: [RecordType; 6] = [
    RecordType::Txt,
    RecordType::Mx,
    RecordType::Soa,
    RecordType::Caa,
    RecordType::Srv,
    RecordType::A,
];

/// Feeds one input to the parser its first byte picks.
pub fn feed(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 10 {
        0 => {
            if let Ok(page) = model::list_resource_record_sets(body) {
                for set in &page.sets {
                    let _ = model::records(set, "Z1", "example.org");
                }
            }
        }
        1 => {
            if let Ok(details) = model::get_hosted_zone(body) {
                let _ = details.zone.to_zone(&details.name_servers);
            }
        }
        2 => {
            let _ = model::create_hosted_zone(body);
        }
        3 => {
            if let Ok(page) = model::list_hosted_zones(body) {
                for zone in &page.zones {
                    let _ = zone.domain();
                }
            }
        }
        4 => {
            let _ = model::list_hosted_zones_by_name(body);
        }
        5 => {
            let _ = model::change_resource_record_sets(body);
        }
        6 => {
            let _ = model::get_change(body);
            let _ = model::delete_hosted_zone(body);
        }
        7 => {
            let text = String::from_utf8_lossy(body);
            let rtype = &TYPES[usize::from(selector / 10) % TYPES.len()];
            let data = model::values::record_data(rtype, &text);
            let _ = model::values::wire_value(&data);
            let _ = model::values::decode_name(&text);
        }
        8 => {
            let text = String::from_utf8_lossy(body);
            let _ = model::RecordKey::decode(&text);
        }
        _ => {
            let status = StatusCode::from_u16(400 + u16::from(selector) % 200)
                .unwrap_or(StatusCode::BAD_REQUEST);
            let _ = Route53ErrorParser.parse(status, &HeaderMap::new(), body);
        }
    }
}
