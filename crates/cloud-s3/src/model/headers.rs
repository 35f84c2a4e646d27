//! What an object is, read from the headers of a `HEAD` or `GET` answer.

use chrono::{DateTime, Utc};
use cloud_core::compute::Extra;
use cloud_core::http::header::HeaderMap;
use cloud_core::storage::ObjectMeta;
use cloud_core::{Error, Result};

use super::etag;

/// Prefix of user metadata headers.
pub const META_PREFIX: &str = "x-amz-meta-";

/// Headers copied into `ObjectMeta::extra`, under the name given.
const EXTRA_HEADERS: &[(&str, &str)] = &[
    ("x-amz-storage-class", "storage_class"),
    ("x-amz-version-id", "version_id"),
    ("x-amz-server-side-encryption", "server_side_encryption"),
    ("x-amz-mp-parts-count", "parts_count"),
    ("x-amz-checksum-crc32", "checksum_crc32"),
    ("x-amz-checksum-crc32c", "checksum_crc32c"),
    ("x-amz-checksum-crc64nvme", "checksum_crc64nvme"),
    ("x-amz-checksum-sha1", "checksum_sha1"),
    ("x-amz-checksum-sha256", "checksum_sha256"),
    ("cache-control", "cache_control"),
    ("content-encoding", "content_encoding"),
    ("content-disposition", "content_disposition"),
];

/// The object's metadata from a `HEAD` answer, or from a `GET` answer (`partial` when
/// it answered a range: the size then comes from `Content-Range`).
pub fn object_meta(
    bucket: &str,
    key: &str,
    headers: &HeaderMap,
    partial: bool,
) -> Result<ObjectMeta> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let size = if partial {
        text("content-range")
            .and_then(content_range_total)
            .ok_or_else(|| Error::malformed("a ranged answer without a usable Content-Range"))?
    } else {
        let raw = text("content-length")
            .ok_or_else(|| Error::malformed("the answer has no Content-Length"))?;
        raw.trim().parse::<u64>().map_err(|_| {
            Error::malformed(format!(
                "Content-Length {:?} is not a size",
                raw.chars().take(30).collect::<String>()
            ))
        })?
    };
    let mut metadata = std::collections::BTreeMap::new();
    for (name, value) in headers {
        if let Some(meta_key) = name.as_str().strip_prefix(META_PREFIX) {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            metadata.insert(meta_key.to_string(), value);
        }
    }
    let mut extra = Extra::new();
    for (header, field) in EXTRA_HEADERS {
        if let Some(v) = text(header) {
            extra.insert((*field).into(), v.into());
        }
    }
    Ok(ObjectMeta {
        container: bucket.to_string(),
        name: key.to_string(),
        size,
        etag: text("etag").map(etag),
        content_type: text("content-type").map(str::to_string),
        last_modified: text("last-modified").and_then(http_date),
        metadata,
        extra,
    })
}

/// The total size in a `Content-Range: bytes A-B/TOTAL` header.
pub fn content_range_total(value: &str) -> Option<u64> {
    let rest = value.trim().strip_prefix("bytes")?.trim_start();
    let (range, total) = rest.split_once('/')?;
    let (a, b) = range.split_once('-')?;
    let (a, b): (u64, u64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    let total: u64 = total.trim().parse().ok()?;
    (a <= b && b < total).then_some(total)
}

fn http_date(text: &str) -> Option<DateTime<Utc>> {
    httpdate::parse_http_date(text.trim())
        .ok()
        .map(DateTime::<Utc>::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;
    use cloud_core::http::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn head_answer() {
        let h = headers(&[
            ("content-length", "434234"),
            ("etag", "\"fba9dede5f27731c9771645a39863328\""),
            ("content-type", "text/plain"),
            ("last-modified", "Sun, 01 Jan 2006 12:00:00 GMT"),
            ("x-amz-meta-color", "blue"),
            ("x-amz-storage-class", "STANDARD_IA"),
        ]);
        let m = object_meta("b", "k", &h, false).unwrap();
        assert_eq!(m.size, 434234);
        assert_eq!(m.etag.as_deref(), Some("fba9dede5f27731c9771645a39863328"));
        assert_eq!(m.content_type.as_deref(), Some("text/plain"));
        assert_eq!(m.metadata["color"], "blue");
        assert_eq!(m.extra["storage_class"], "STANDARD_IA");
        assert_eq!(
            m.last_modified.unwrap().to_rfc3339(),
            "2006-01-01T12:00:00+00:00"
        );
    }

    #[test]
    fn ranged_answer_takes_the_total() {
        let h = headers(&[("content-length", "5"), ("content-range", "bytes 7-11/13")]);
        assert_eq!(object_meta("b", "k", &h, true).unwrap().size, 13);
        for bad in [
            "bytes 7-11/*",
            "bytes 9-3/13",
            "bytes 0-13/13",
            "items 0-1/2",
            "",
        ] {
            assert_eq!(content_range_total(bad), None, "{bad}");
        }
    }

    #[test]
    fn missing_or_bad_lengths_are_malformed() {
        for h in [
            headers(&[]),
            headers(&[("content-length", "-5")]),
            headers(&[("content-length", "lots")]),
        ] {
            let err = object_meta("b", "k", &h, false).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse);
        }
        let err = object_meta("b", "k", &headers(&[("content-length", "1")]), true).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedResponse);
    }
}
