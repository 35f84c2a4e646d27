//! What the `parsers` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the first byte picks the wire format (even: JSON, odd:
//! XML), the rest goes to every first-generation parser in that format, to the fault
//! parser and to the error parser under several HTTP statuses; none may panic.

use cloud_core::http::{ErrorParser, HeaderMap, StatusCode};
use cloud_rackspace_first_gen::FirstGenErrorParser;
use cloud_rackspace_first_gen::model::{self, Format};

/// Feeds one input to every parser.
pub fn feed(data: &[u8]) {
    let Some((selector, body)) = data.split_first() else {
        return;
    };
    let format = if selector % 2 == 0 {
        Format::Json
    } else {
        Format::Xml
    };
    let _ = model::parse_servers(format, body);
    let _ = model::parse_server(format, body);
    let _ = model::parse_flavors(format, body);
    let _ = model::parse_images(format, body);
    let _ = model::parse_image(format, body);
    let _ = model::parse_fault(body);
    for status in [400u16, 401, 404, 409, 413, 500, 503] {
        if let Ok(status) = StatusCode::from_u16(status) {
            let _ = FirstGenErrorParser.parse(status, &HeaderMap::new(), body);
        }
    }
}
