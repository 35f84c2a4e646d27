//! The wire types of the JSON API and their parsing: bucket and object resources,
//! listing pages, rewrite answers, `x-goog-hash` values and the committed range of a
//! resumable upload. Every parser takes untrusted bytes and answers a typed error,
//! never a panic (the `parse_responses` fuzz target feeds them).

mod buckets;
mod download;
mod hash;
mod objects;
mod resume;

pub use buckets::{BucketResource, BucketsPage, bucket, buckets_page};
pub use download::{meta_of_download, number_header};
pub use hash::{Crc32c, crc32c_of_header, encode_crc32c};
pub use objects::{ObjectResource, ObjectsPage, RewriteAnswer, object, objects_page, rewrite};
pub use resume::ResumeIncomplete;

use cloud_core::{Error, Result};

/// Parses `body` as JSON of type `T`; `MalformedResponse` naming `what` otherwise.
pub(crate) fn json<T: serde::de::DeserializeOwned>(body: &[u8], what: &str) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| {
        let start = String::from_utf8_lossy(&body[..body.len().min(80)]).into_owned();
        Error::malformed(format!(
            "{what} is not the expected JSON: {e} (starts {start:?})"
        ))
    })
}

/// A JSON number or a string holding one (the JSON API writes 64-bit numbers as
/// strings); `None` when absent or not a number.
pub(crate) fn number(value: &Option<serde_json::Value>) -> Option<u64> {
    match value.as_ref()? {
        serde_json::Value::String(s) => s.trim().parse().ok(),
        serde_json::Value::Number(n) => n.as_u64(),
        _ => None,
    }
}
