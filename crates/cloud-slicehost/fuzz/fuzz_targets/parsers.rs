//! Feeds arbitrary bytes to every Slicehost parser; none may panic.
//!
//! Run with `cargo +nightly fuzz run parsers` in `crates/cloud-slicehost/fuzz`.

#![no_main]

use cloud_core::http::{ErrorParser, StatusCode, header::HeaderMap};
use cloud_slicehost::SlicehostErrorParser;
use cloud_slicehost::model::{self, parse_error_document};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
