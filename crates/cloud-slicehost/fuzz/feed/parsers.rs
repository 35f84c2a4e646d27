//! What the `parsers` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the input goes to the XML reader, every Slicehost
//! parser and the error parser under several HTTP statuses; none may panic.

use cloud_core::http::{ErrorParser, StatusCode, header::HeaderMap};
use cloud_slicehost::SlicehostErrorParser;
use cloud_slicehost::model::{self, parse_error_document};

/// Feeds one input to every parser.
pub fn feed(data: &[u8]) {
    let _ = cloud_core::xml::Element::parse(data);
    let _ = model::parse_slices(data);
    let _ = model::parse_slice(data);
    let _ = model::parse_flavors(data);
    let _ = model::parse_images(data);
    let _ = parse_error_document(data);
    for status in [400u16, 401, 404, 422, 500] {
        if let Ok(status) = StatusCode::from_u16(status) {
            let _ = SlicehostErrorParser.parse(status, &HeaderMap::new(), data);
        }
    }
}
