//! What the `parse_responses` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the first byte picks a response parser of the Linode
//! driver (compute resources, Domains and Domain Records) and the page number (or the
//! error parser and its HTTP status), the rest is the body. A parser may reject the
//! input, but must never panic.

use bytes::Bytes;
use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, HttpResponse, StatusCode};
use cloud_linode::{LinodeErrorParser, model};

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
    let page = u64::from(selector >> 4) + 1;
    match selector % 16 {
        0 => {
            let _ = model::node(&resp);
        }
        1 => {
            let _ = model::nodes(&resp, page);
        }
        2 => {
            let _ = model::sizes(&resp, page);
        }
        3 => {
            let _ = model::locations(&resp, page);
        }
        4 => {
            let _ = model::image(&resp);
        }
        5 => {
            let _ = model::images(&resp, page);
        }
        6 => {
            let _ = model::key_pair(&resp);
        }
        7 => {
            let _ = model::key_pairs(&resp, page);
        }
        8 => {
            let _ = model::volume(&resp);
        }
        9 => {
            let _ = model::volumes(&resp, page);
        }
        10 => {
            let _ = model::imageable_disks(&resp, page);
        }
        11 => {
            let _ = model::zone(&resp);
        }
        12 => {
            let _ = model::zones(&resp, page);
        }
        13 => {
            let _ = model::record(&resp, "1234");
        }
        14 => {
            let _ = model::records(&resp, page, "1234");
        }
        _ => {
            let status = StatusCode::from_u16(400 + u16::from(selector) % 200)
                .unwrap_or(StatusCode::BAD_REQUEST);
            let _ = LinodeErrorParser.parse(status, &HeaderMap::new(), body);
        }
    }
}
