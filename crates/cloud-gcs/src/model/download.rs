//! What a media download's headers say about the object: size, generation, hashes,
//! content type and user metadata (`x-goog-meta-*`).

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloud_core::http::HeaderMap;
use cloud_core::storage::ObjectMeta;
use cloud_core::{Error, Result};
use serde_json::Value;

/// A header holding a whole number.
pub fn number_header(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

fn text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// The whole object's size: the total of `Content-Range`, else
/// `x-goog-stored-content-length`, else `Content-Length` of an unencoded answer.
fn size(headers: &HeaderMap) -> Option<u64> {
    if let Some(range) = text(headers, "content-range") {
        return range
            .rsplit_once('/')
            .and_then(|(_, t)| t.trim().parse().ok());
    }
    if let Some(n) = number_header(headers, "x-goog-stored-content-length") {
        return Some(n);
    }
    let encoded = text(headers, "content-encoding").is_some_and(|e| e != "identity");
    if encoded {
        return None;
    }
    number_header(headers, "content-length")
}

/// The object a download answer describes; `MalformedResponse` without a size.
pub fn meta_of_download(bucket: &str, key: &str, headers: &HeaderMap) -> Result<ObjectMeta> {
    let size = size(headers)
        .ok_or_else(|| Error::malformed("the download answer gives no size for the object"))?;
    let hashes = text(headers, "x-goog-hash").unwrap_or("");
    let md5_hex = hashes
        .split(',')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case("md5"))
        .and_then(|(_, v)| STANDARD.decode(v.trim()).ok())
        .filter(|b| b.len() == 16)
        .map(hex::encode);
    let mut metadata = BTreeMap::new();
    for (name, value) in headers {
        if let (Some(k), Ok(v)) = (name.as_str().strip_prefix("x-goog-meta-"), value.to_str()) {
            metadata.insert(k.to_string(), v.to_string());
        }
    }
    let mut extra = cloud_core::compute::Extra::new();
    for (header, field) in [
        ("x-goog-generation", "generation"),
        ("x-goog-metageneration", "metageneration"),
        ("x-goog-storage-class", "storage_class"),
        ("etag", "gcs_etag"),
    ] {
        if let Some(v) = text(headers, header) {
            extra.insert(field.into(), Value::String(v.trim_matches('"').to_string()));
        }
    }
    if let Some(crc) = super::crc32c_of_header(hashes) {
        extra.insert("crc32c".into(), Value::String(crc.to_string()));
    }
    Ok(ObjectMeta {
        container: bucket.to_string(),
        name: key.to_string(),
        size,
        etag: md5_hex.or_else(|| text(headers, "etag").map(|e| e.trim_matches('"').to_string())),
        content_type: text(headers, "content-type").map(str::to_string),
        last_modified: text(headers, "last-modified")
            .and_then(|t| chrono::DateTime::parse_from_rfc2822(t).ok())
            .map(|t| t.with_timezone(&chrono::Utc)),
        metadata,
        extra,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_describe_the_object() {
        let mut h = HeaderMap::new();
        h.insert("content-range", "bytes 5-9/262144".parse().unwrap());
        h.insert("x-goog-generation", "17".parse().unwrap());
        h.insert(
            "x-goog-hash",
            "crc32c=AAAAAQ==,md5=IsNoOwlBNsM5g5GucbIPBA=="
                .parse()
                .unwrap(),
        );
        h.insert("x-goog-meta-color", "blue".parse().unwrap());
        h.insert(
            "last-modified",
            "Sun, 06 Dec 2026 18:30:19 GMT".parse().unwrap(),
        );
        let m = meta_of_download("b", "k", &h).unwrap();
        assert_eq!(m.size, 262_144);
        assert_eq!(m.etag.as_deref(), Some("22c3683b094136c3398391ae71b20f04"));
        assert_eq!(m.metadata["color"], "blue");
        assert_eq!(m.extra["generation"], "17");
        assert!(m.last_modified.is_some());
        assert_eq!(number_header(&h, "x-goog-generation"), Some(17));
        assert!(meta_of_download("b", "k", &HeaderMap::new()).is_err());
        let mut bad = HeaderMap::new();
        bad.insert("content-range", "bytes 0-1/*".parse().unwrap());
        assert!(meta_of_download("b", "k", &bad).is_err());
    }
}
