//! What the `parse_responses` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the first byte picks a parser of the Azure Blob storage
//! driver (a blob or container listing, a user delegation key, an error document,
//! header values, or the error parser with an HTTP status), the rest is the body. A
//! parser may reject the input, but must never panic.

use cloud_azure_blob::{AzureBlobErrorParser, model};
use cloud_core::http::header::{HeaderMap, HeaderValue};
use cloud_core::http::{ErrorParser, StatusCode};

/// Feeds one input to the parser its first byte picks.
pub fn feed(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 7 {
        0 => drop(model::blobs_page("fuzz-container", body)),
        1 => drop(model::containers_page(body)),
        2 => drop(model::user_delegation_key(body)),
        3 => drop(model::error_document(body)),
        4 | 5 => {
            let mut headers = HeaderMap::new();
            let text = String::from_utf8_lossy(body);
            let names = [
                "content-length",
                "content-range",
                "content-md5",
                "x-ms-blob-content-md5",
                "etag",
                "last-modified",
                "x-ms-meta-color",
                "x-ms-copy-status",
                "x-ms-error-code",
            ];
            for (name, value) in names.iter().zip(text.split('\n')) {
                if let Ok(v) = HeaderValue::from_str(value) {
                    headers.insert(*name, v);
                }
            }
            if selector % 7 == 4 {
                drop(model::meta_of_headers("c", "k", &headers));
                drop(model::container_of_headers("c", &headers));
                let _ = model::copy_status(&headers);
            } else {
                let _ = model::md5_of_header(&text);
                let _ = model::crc64_of_header(&text);
                let status = StatusCode::from_u16(400 + u16::from(selector) % 200)
                    .unwrap_or(StatusCode::BAD_REQUEST);
                drop(AzureBlobErrorParser.parse(status, &headers, &[]));
            }
        }
        _ => {
            let status = StatusCode::from_u16(300 + u16::from(selector) % 300)
                .unwrap_or(StatusCode::BAD_REQUEST);
            drop(AzureBlobErrorParser.parse(status, &HeaderMap::new(), body));
        }
    }
}
