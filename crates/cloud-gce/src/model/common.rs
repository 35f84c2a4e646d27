//! Pieces every Compute Engine answer shares: JSON reading, 64-bit integers sent as
//! strings, resource URLs and timestamps.

use chrono::{DateTime, Utc};
use cloud_core::{Error, Result};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

/// Parses a JSON answer; `MalformedResponse` naming `what` when it is not one.
pub(crate) fn parse_json<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| Error::malformed(format!("{what}: {e}")))
}

/// An `int64`/`uint64` field: Compute Engine sends them as decimal strings, but numbers
/// are taken too. `null` or absent is `None`; anything else is an error.
pub(crate) fn int64<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Wire {
        Text(String),
        Number(u64),
    }
    match Option::<Wire>::deserialize(d)? {
        None => Ok(None),
        Some(Wire::Number(n)) => Ok(Some(n)),
        Some(Wire::Text(text)) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("{text:?} is not a whole number"))),
    }
}

/// The last segment of a resource URL (`…/zones/us-central1-a` → `us-central1-a`).
pub fn last_segment(url: &str) -> &str {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or(url)
}

/// The segment after `collection` in a resource URL (`zones` in
/// `…/projects/p/zones/z/instances/i` → `z`).
pub fn segment_after<'a>(url: &'a str, collection: &str) -> Option<&'a str> {
    let mut parts = url.split('/');
    while let Some(part) = parts.next() {
        if part == collection {
            return parts.next().filter(|s| !s.is_empty());
        }
    }
    None
}

/// The project-relative path of a resource URL, from `projects/` on
/// (`https://…/compute/v1/projects/p/global/images/i` → `projects/p/global/images/i`);
/// a partial path starting with `projects/` is kept.
pub fn resource_path(url: &str) -> Option<&str> {
    if url.starts_with("projects/") {
        return Some(url);
    }
    url.find("/projects/").map(|at| &url[at + 1..])
}

/// An RFC 3339 timestamp (`2024-05-14T09:21:03.512-07:00`); `None` when absent or
/// unreadable.
pub(crate) fn timestamp(text: Option<&str>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_their_parts() {
        let url = "https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-a/instances/web-1";
        assert_eq!(last_segment(url), "web-1");
        assert_eq!(segment_after(url, "zones"), Some("us-central1-a"));
        assert_eq!(segment_after(url, "regions"), None);
        assert_eq!(
            resource_path(url),
            Some("projects/demo-project/zones/us-central1-a/instances/web-1")
        );
        assert_eq!(resource_path("zones/z/x"), None);
        assert_eq!(last_segment(""), "");
        assert_eq!(segment_after("a/zones/", "zones"), None);
    }

    #[test]
    fn timestamps_read_with_offsets() {
        let t = timestamp(Some("2024-05-14T09:21:03.512-07:00")).unwrap();
        assert_eq!(t.to_rfc3339(), "2024-05-14T16:21:03.512+00:00");
        assert_eq!(timestamp(Some("yesterday")), None);
        assert_eq!(timestamp(None), None);
    }
}
