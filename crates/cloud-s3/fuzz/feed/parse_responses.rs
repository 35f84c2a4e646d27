//! What the `parse_responses` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the first byte picks a response parser of the S3 driver
//! (or the object-header parser, or the error parser and its HTTP status), the rest is
//! the body. A parser may reject the input, but must never panic.

use cloud_core::http::header::{HeaderMap, HeaderName, HeaderValue};
use cloud_core::http::{ErrorParser, StatusCode};
use cloud_s3::{S3ErrorParser, model};

/// Headers the object metadata parser reads, each given the same fuzzed value.
const HEADERS: &[&str] = &[
    "content-length",
    "content-range",
    "etag",
    "last-modified",
    "x-amz-meta-fuzz",
    "x-amz-checksum-sha256",
];

/// Feeds one input to the parser its first byte picks.
pub fn feed(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 10 {
        0 => {
            let _ = model::buckets(body);
        }
        1 => {
            let _ = model::objects(body, "bucket");
        }
        2 => {
            let _ = model::upload_id(body);
        }
        3 => {
            let _ = model::completed(body);
        }
        4 => {
            let _ = model::copied(body);
        }
        5 => {
            let _ = model::delete_failures(body);
        }
        6 => {
            let _ = model::uploads(body);
        }
        7 => {
            let mut headers = HeaderMap::new();
            if let Ok(value) = HeaderValue::from_bytes(body) {
                for name in HEADERS {
                    headers.insert(HeaderName::from_static(name), value.clone());
                }
            }
            let _ = model::object_meta("bucket", "key", &headers, selector & 0x80 != 0);
            if let Ok(text) = std::str::from_utf8(body) {
                let _ = model::content_range_total(text);
            }
        }
        _ => {
            let status = StatusCode::from_u16(300 + u16::from(selector) % 300)
                .unwrap_or(StatusCode::BAD_REQUEST);
            let mut headers = HeaderMap::new();
            if selector & 1 == 1 {
                headers.insert("x-amz-bucket-region", HeaderValue::from_static("eu-west-1"));
            }
            let _ = S3ErrorParser.parse(status, &headers, body);
        }
    }
}
