//! Swift's answers: JSON listings of containers and objects, and an object's headers.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use cloud_core::compute::Extra;
use cloud_core::http::HeaderMap;
use cloud_core::storage::{Container, ListEntry, ObjectMeta};
use cloud_core::{Error, Result};
use serde::Deserialize;
use serde_json::json;

/// The prefix of user metadata headers on objects.
pub const OBJECT_META: &str = "x-object-meta-";

#[derive(Deserialize)]
struct ContainerEntry {
    name: String,
    #[serde(default)]
    count: Option<u64>,
    #[serde(default)]
    bytes: Option<u64>,
    #[serde(default)]
    last_modified: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ObjectEntry {
    Prefix {
        subdir: String,
    },
    Object {
        name: String,
        #[serde(default)]
        hash: Option<String>,
        #[serde(default)]
        bytes: u64,
        #[serde(default)]
        content_type: Option<String>,
        #[serde(default)]
        last_modified: Option<String>,
    },
}

/// Swift's listing times: `2026-12-06T12:00:00.123456` (UTC, no zone).
fn listing_time(text: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|t| t.and_utc())
}

/// One page of an account listing (`GET /v1/AUTH_x?format=json`).
pub fn containers_page(body: &[u8]) -> Result<Vec<Container>> {
    let entries: Vec<ContainerEntry> = serde_json::from_slice(body)
        .map_err(|e| Error::malformed(format!("the container listing is not Swift's JSON: {e}")))?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let mut extra = Extra::new();
            if let Some(count) = e.count {
                extra.insert("object_count".into(), json!(count));
            }
            if let Some(bytes) = e.bytes {
                extra.insert("bytes".into(), json!(bytes));
            }
            Container {
                name: e.name,
                created_at: e.last_modified.as_deref().and_then(listing_time),
                location: None,
                extra,
            }
        })
        .collect())
}

/// One page of a container listing (`GET …/CONTAINER?format=json`): objects, and
/// common prefixes (`subdir`) when a delimiter was given.
pub fn objects_page(container: &str, body: &[u8]) -> Result<Vec<ListEntry>> {
    let entries: Vec<ObjectEntry> = serde_json::from_slice(body)
        .map_err(|e| Error::malformed(format!("the object listing is not Swift's JSON: {e}")))?;
    Ok(entries
        .into_iter()
        .map(|e| match e {
            ObjectEntry::Prefix { subdir } => ListEntry::Prefix { prefix: subdir },
            ObjectEntry::Object {
                name,
                hash,
                bytes,
                content_type,
                last_modified,
            } => ListEntry::Object(ObjectMeta {
                container: container.to_string(),
                name,
                size: bytes,
                etag: hash,
                content_type,
                last_modified: last_modified.as_deref().and_then(listing_time),
                metadata: BTreeMap::new(),
                extra: Extra::new(),
            }),
        })
        .collect())
}

/// The name a listing page ends with, to ask for the next page after it.
pub fn last_name(entry: &ListEntry) -> &str {
    match entry {
        ListEntry::Object(meta) => &meta.name,
        ListEntry::Prefix { prefix } => prefix,
    }
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// An object's description from the headers of a `HEAD` or `GET` answer. For a
/// partial answer the size is the whole object's, from `Content-Range`.
pub fn object_meta(
    container: &str,
    key: &str,
    headers: &HeaderMap,
    partial: bool,
) -> Result<ObjectMeta> {
    let size = if partial {
        header(headers, "content-range")
            .and_then(|r| r.rsplit_once('/'))
            .and_then(|(_, total)| total.trim().parse().ok())
            .ok_or_else(|| Error::malformed("a partial answer without a Content-Range total"))?
    } else {
        header(headers, "content-length")
            .and_then(|l| l.trim().parse().ok())
            .ok_or_else(|| Error::malformed("an object answer without Content-Length"))?
    };
    let metadata = headers
        .iter()
        .filter_map(|(name, value)| {
            let key = name.as_str().strip_prefix(OBJECT_META)?;
            Some((key.to_string(), value.to_str().ok()?.to_string()))
        })
        .collect();
    let mut extra = Extra::new();
    if let Some(manifest) = header(headers, "x-static-large-object") {
        extra.insert(
            "static_large_object".into(),
            json!(manifest == "True" || manifest == "true"),
        );
    }
    Ok(ObjectMeta {
        container: container.to_string(),
        name: key.to_string(),
        size,
        etag: header(headers, "etag").map(|e| e.trim_matches('"').to_string()),
        content_type: header(headers, "content-type").map(str::to_string),
        last_modified: header(headers, "last-modified")
            .and_then(|t| DateTime::parse_from_rfc2822(t).ok())
            .map(|t| t.with_timezone(&Utc)),
        metadata,
        extra,
    })
}

#[cfg(test)]
mod tests {
    use cloud_core::ErrorKind;
    use cloud_core::http::HeaderValue;

    use super::*;

    #[test]
    fn listings_of_containers_objects_and_prefixes() {
        let containers = containers_page(
            br#"[{"name": "photos", "count": 2, "bytes": 10, "last_modified": "2026-12-06T12:00:00.123456"}]"#,
        )
        .unwrap();
        assert_eq!(containers[0].name, "photos");
        assert_eq!(containers[0].extra["object_count"], 2);
        assert!(containers[0].created_at.is_some());
        let entries = objects_page(
            "photos",
            br#"[{"subdir": "2026/"}, {"name": "a.txt", "hash": "0cc175b9c0f1b6a831c399e269772661", "bytes": 1,
                 "content_type": "text/plain", "last_modified": "2026-12-06T12:00:01.5"}]"#,
        )
        .unwrap();
        assert_eq!(
            entries[0],
            ListEntry::Prefix {
                prefix: "2026/".into()
            }
        );
        let ListEntry::Object(meta) = &entries[1] else {
            panic!("not an object");
        };
        assert_eq!((meta.name.as_str(), meta.size), ("a.txt", 1));
        assert_eq!(last_name(&entries[1]), "a.txt");
        for bad in [&b""[..], b"{}", b"[{\"bytes\": 1}]", b"<html>"] {
            assert_eq!(
                objects_page("c", bad).unwrap_err().kind(),
                ErrorKind::MalformedResponse,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn object_headers() {
        let mut h = HeaderMap::new();
        h.insert("content-length", HeaderValue::from_static("11"));
        h.insert(
            "etag",
            HeaderValue::from_static("\"5eb63bbbe01eeed093cb22bb8f5acdc3\""),
        );
        h.insert("content-type", HeaderValue::from_static("text/plain"));
        h.insert(
            "last-modified",
            HeaderValue::from_static("Sun, 06 Dec 2026 12:00:00 GMT"),
        );
        h.insert("x-object-meta-color", HeaderValue::from_static("blue"));
        let meta = object_meta("c", "k", &h, false).unwrap();
        assert_eq!(meta.size, 11);
        assert_eq!(
            meta.etag.as_deref(),
            Some("5eb63bbbe01eeed093cb22bb8f5acdc3")
        );
        assert_eq!(meta.metadata["color"], "blue");
        assert!(meta.last_modified.is_some());
        h.insert("content-range", HeaderValue::from_static("bytes 0-3/11"));
        h.insert("content-length", HeaderValue::from_static("4"));
        assert_eq!(object_meta("c", "k", &h, true).unwrap().size, 11);
        assert!(object_meta("c", "k", &HeaderMap::new(), false).is_err());
    }
}
