//! What the `parse_responses` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the first byte picks a parser of the Google Cloud
//! Storage driver (an object, bucket, listing or rewrite answer, header values, or the
//! error parser with an HTTP status), the rest is the body. A parser may reject the
//! input, but must never panic.

use cloud_core::http::header::{HeaderMap, HeaderValue};
use cloud_core::http::{ErrorParser, StatusCode};
use cloud_gcs::{GcsErrorParser, model};

/// Feeds one input to the parser its first byte picks.
pub fn feed(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 9 {
        0 => {
            if let Ok(o) = model::object(body) {
                let _ = o.generation();
                let _ = o.crc32c();
                drop(o.into_meta("fuzz-bucket"));
            }
        }
        1 => {
            if let Ok(page) = model::objects_page(body) {
                for item in page.items {
                    drop(item.into_meta("fuzz-bucket"));
                }
            }
        }
        2 => drop(model::bucket(body).map(model::BucketResource::into_container)),
        3 => {
            if let Ok(page) = model::buckets_page(body) {
                page.items
                    .into_iter()
                    .for_each(|b| drop(b.into_container()));
            }
        }
        4 => drop(model::rewrite(body)),
        5 => drop(model::crc32c_of_header(&String::from_utf8_lossy(body))),
        6 | 7 => {
            let mut headers = HeaderMap::new();
            let text = String::from_utf8_lossy(body);
            let names = ["content-range", "x-goog-hash", "range", "x-goog-generation"];
            for (name, value) in names.iter().zip(text.split('\n')) {
                if let Ok(v) = HeaderValue::from_str(value) {
                    headers.insert(*name, v);
                }
            }
            if selector % 9 == 6 {
                drop(model::meta_of_download("b", "k", &headers));
            } else {
                let _ = model::ResumeIncomplete::from_headers(&headers);
            }
        }
        _ => {
            let status = StatusCode::from_u16(300 + u16::from(selector) % 300)
                .unwrap_or(StatusCode::BAD_REQUEST);
            drop(GcsErrorParser.parse(status, &HeaderMap::new(), body));
        }
    }
}
