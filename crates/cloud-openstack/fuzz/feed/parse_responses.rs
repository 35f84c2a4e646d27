//! What the `parse_responses` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the first byte picks a parser (the v3 and v2.0 login answers,
//! Swift's listings, the clouds.yaml reader, Nova's, Glance's and Cinder's answers, the
//! error parser with an HTTP status), the rest is the body. A parser may reject the
//! input, but must never panic.

use std::path::Path;

use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode};
use cloud_openstack::identity::{clouds_yaml, parse_login, parse_v2_login};
use cloud_openstack::{OpenStackErrorParser, compute_model, swift_model};

/// Feeds one input to the parser its first byte picks.
pub fn feed(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 16 {
        0 => {
            drop(parse_login(body));
            drop(parse_v2_login(body));
        }
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
        4 => drop(compute_model::servers_page(body)),
        5 => {
            drop(compute_model::server(body));
            drop(compute_model::created_server_id(body));
        }
        6 => drop(compute_model::flavors_page(body)),
        7 => {
            drop(compute_model::images_page(body));
            drop(compute_model::image(body));
        }
        8 => {
            drop(compute_model::keypairs_page(body));
            drop(compute_model::keypair(body));
        }
        9 => drop(compute_model::zones(body)),
        10 => {
            drop(compute_model::volumes_page(body));
            drop(compute_model::volume(body));
            drop(compute_model::volume_server(body));
        }
        11 => {
            drop(compute_model::snapshots_page(body));
            drop(compute_model::snapshot(body));
        }
        12 => {
            drop(compute_model::version_document(body));
            let text = String::from_utf8_lossy(body);
            let _ = compute_model::max_from_refusal(&text);
            let _ = compute_model::Microversion::parse(&text);
        }
        13 => {
            let text = String::from_utf8_lossy(body);
            drop(compute_model::node_state(&text, Some(&text)));
            drop(compute_model::volume_state(&text));
        }
        14 => {
            let mut headers = HeaderMap::new();
            if let Ok(value) = cloud_core::http::HeaderValue::from_bytes(body) {
                headers.insert("location", value);
            }
            drop(compute_model::created_image_id(&headers, body));
        }
        _ => {
            let status = StatusCode::from_u16(400 + u16::from(selector) % 200)
                .unwrap_or(StatusCode::BAD_REQUEST);
            drop(OpenStackErrorParser.parse(status, &HeaderMap::new(), body));
        }
    }
}
