//! Blob properties as headers: what `Get Blob Properties` and `Get Blob` answer
//! (`Content-Length`, `Content-Range`, `ETag`, `x-ms-meta-*`, `Content-MD5`,
//! `x-ms-blob-content-md5`, `x-ms-content-crc64`, `x-ms-copy-status`), and user
//! metadata going up.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloud_core::http::HeaderMap;
use cloud_core::storage::ObjectMeta;
use cloud_core::{Error, Result};
use serde_json::json;

use super::http_date;

/// The prefix of user metadata headers.
const META_PREFIX: &str = "x-ms-meta-";

fn text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// A base64 MD5 (16 bytes), when the text is one.
pub fn md5_of_header(value: &str) -> Option<[u8; 16]> {
    STANDARD.decode(value.trim()).ok()?.try_into().ok()
}

/// A base64 MD5 as lowercase hex.
pub(crate) fn md5_hex(value: &str) -> Option<String> {
    md5_of_header(value).map(hex::encode)
}

/// A base64 CRC64 (8 bytes), when the text is one.
pub fn crc64_of_header(value: &str) -> Option<[u8; 8]> {
    STANDARD.decode(value.trim()).ok()?.try_into().ok()
}

/// The blob's whole size: the total of `Content-Range` (`bytes 0-4/10`) when the
/// answer is partial, else `Content-Length`.
pub fn total_size(headers: &HeaderMap) -> Option<u64> {
    if let Some(range) = text(headers, "content-range") {
        let total = range.rsplit('/').next()?.trim();
        return total.parse().ok();
    }
    text(headers, "content-length")?.trim().parse().ok()
}

/// `x-ms-copy-status` (`pending`, `success`, `aborted`, `failed`), when present.
pub fn copy_status(headers: &HeaderMap) -> Option<String> {
    text(headers, "x-ms-copy-status").map(|s| s.trim().to_ascii_lowercase())
}

/// What the headers of `Get Blob Properties` or `Get Blob` say about `container/key`.
pub fn meta_of_headers(container: &str, key: &str, headers: &HeaderMap) -> Result<ObjectMeta> {
    let size = total_size(headers)
        .ok_or_else(|| Error::malformed(format!("no size in the answer for {container}/{key}")))?;
    let mut metadata = BTreeMap::new();
    for (name, value) in headers {
        if let Some(field) = name.as_str().strip_prefix(META_PREFIX)
            && let Ok(v) = value.to_str()
        {
            metadata.insert(field.to_string(), v.to_string());
        }
    }
    let mut extra = cloud_core::compute::Extra::new();
    for (header, field) in [
        ("x-ms-blob-type", "blob_type"),
        ("x-ms-access-tier", "access_tier"),
        ("x-ms-lease-state", "lease_state"),
        ("x-ms-copy-status", "copy_status"),
        ("x-ms-version-id", "version_id"),
    ] {
        if let Some(v) = text(headers, header) {
            extra.insert(field.into(), json!(v));
        }
    }
    // A ranged answer's Content-MD5 is the range's; the blob's own is in
    // x-ms-blob-content-md5.
    let whole_md5 = text(headers, "x-ms-blob-content-md5").or_else(|| {
        text(headers, "content-range")
            .is_none()
            .then(|| text(headers, "content-md5"))
            .flatten()
    });
    if let Some(md5) = whole_md5.and_then(md5_hex) {
        extra.insert("content_md5".into(), json!(md5));
    }
    if let Some(created) = text(headers, "x-ms-creation-time").and_then(http_date) {
        extra.insert("created_at".into(), json!(created.to_rfc3339()));
    }
    Ok(ObjectMeta {
        container: container.to_string(),
        name: key.to_string(),
        size,
        etag: text(headers, "etag").map(|e| e.trim().trim_matches('"').to_string()),
        content_type: text(headers, "content-type").map(str::to_string),
        last_modified: text(headers, "last-modified").and_then(http_date),
        metadata,
        extra,
    })
}

/// User metadata as `x-ms-meta-*` headers. Names must be C# identifiers (letters,
/// digits, `_`, not starting with a digit), as the service requires; values printable
/// ASCII (they travel as header values). Anything else is `InvalidInput`.
pub fn metadata_headers(metadata: &BTreeMap<String, String>) -> Result<Vec<(String, String)>> {
    let mut out = Vec::with_capacity(metadata.len());
    for (name, value) in metadata {
        let valid_name = name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !valid_name {
            return Err(Error::invalid_input(format!(
                "metadata name {name:?} is not a C# identifier (letters, digits, _), as Azure \
                 requires"
            )));
        }
        if !value
            .bytes()
            .all(|b| b == b' ' || b == b'\t' || b.is_ascii_graphic())
        {
            return Err(Error::invalid_input(format!(
                "metadata {name:?} holds characters other than printable ASCII"
            )));
        }
        out.push((
            format!("{META_PREFIX}{}", name.to_ascii_lowercase()),
            value.trim().to_string(),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use cloud_core::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn whole_and_partial_answers() {
        let h = headers(&[
            ("content-length", "5"),
            ("etag", "\"0x8DC\""),
            ("content-type", "text/plain"),
            ("content-md5", "XUFAKrxLKna5cZ2REBfFkg=="),
            ("x-ms-meta-color", "blue"),
            ("x-ms-blob-type", "BlockBlob"),
            ("last-modified", "Sun, 06 Dec 2026 18:00:00 GMT"),
        ]);
        let m = meta_of_headers("c", "k", &h).unwrap();
        assert_eq!(m.size, 5);
        assert_eq!(m.etag.as_deref(), Some("0x8DC"));
        assert_eq!(m.metadata["color"], "blue");
        assert_eq!(m.extra["content_md5"], "5d41402abc4b2a76b9719d911017c592");
        assert!(m.last_modified.is_some());
        let partial = headers(&[
            ("content-length", "2"),
            ("content-range", "bytes 1-2/5"),
            ("content-md5", "XUFAKrxLKna5cZ2REBfFkg=="),
        ]);
        let m = meta_of_headers("c", "k", &partial).unwrap();
        assert_eq!(m.size, 5);
        assert!(!m.extra.contains_key("content_md5"));
        assert!(meta_of_headers("c", "k", &headers(&[("content-range", "bytes x")])).is_err());
    }

    #[test]
    fn metadata_names_must_be_identifiers() {
        let ok = BTreeMap::from([("Color".to_string(), "blue".to_string())]);
        assert_eq!(
            metadata_headers(&ok).unwrap(),
            [("x-ms-meta-color".to_string(), "blue".to_string())]
        );
        for bad in ["1x", "a-b", "", "ü"] {
            let m = BTreeMap::from([(bad.to_string(), "v".to_string())]);
            assert!(metadata_headers(&m).is_err(), "{bad:?}");
        }
        let m = BTreeMap::from([("a".to_string(), "line\nbreak".to_string())]);
        assert!(metadata_headers(&m).is_err());
    }
}
