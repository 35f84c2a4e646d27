//! What the `parse_responses` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the first byte picks a parser (Keystone's login answer,
//! Swift's listings, the error parser with an HTTP status, the clouds.yaml reader), the
//! rest is the body. A parser may reject the input, but must never panic.

use std::path::Path;

use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode};
use cloud_openstack::identity::{clouds_yaml, parse_login};
use cloud_openstack::{OpenStackErrorParser, swift_model};

/// Feeds one input to the parser its first byte picks.
pub fn feed(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 5 {
        0 => drop(parse_login(body)),
        1 => drop(swift_model::containers_page(body)),
        2 => drop(swift_model::objects_page("c", body)),
        3 => {
            let text = String::from_utf8_lossy(body);
            drop(clouds_yaml::cloud_entry(
                &text,
                "test",
                Path::new("clouds.yaml"),
            ));
            drop(clouds_yaml::cloud_names(&text));
        }
        _ => {
            let status = StatusCode::from_u16(400 + u16::from(selector) % 200)
                .unwrap_or(StatusCode::BAD_REQUEST);
            drop(OpenStackErrorParser.parse(status, &HeaderMap::new(), body));
        }
    }
}
