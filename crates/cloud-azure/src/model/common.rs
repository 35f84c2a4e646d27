//! Pieces every Resource Manager answer shares: JSON reading, the list envelope
//! (`value`, `nextLink`), resource ids, tags and timestamps.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use cloud_core::paginate::Page;
use cloud_core::{Error, Result};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses a JSON answer; `MalformedResponse` naming `what` when it is not one.
pub(crate) fn parse_json<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| Error::malformed(format!("{what}: {e}")))
}

/// The list envelope.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct List<T> {
    #[serde(default = "Vec::new")]
    value: Vec<T>,
    #[serde(default)]
    next_link: Option<String>,
}

/// One page of a list, each wire item made portable with `convert` (items it returns
/// `None` for are left out).
pub(crate) fn list_page<W: DeserializeOwned, T>(
    body: &[u8],
    what: &str,
    convert: impl Fn(W) -> Option<T>,
) -> Result<Page<T>> {
    let list: List<W> = parse_json(body, what)?;
    Ok(Page {
        items: list.value.into_iter().filter_map(convert).collect(),
        next: list.next_link.filter(|t| !t.is_empty()),
    })
}

/// The last segment of a resource id (`…/disks/data-1` → `data-1`).
pub fn last_segment(id: &str) -> &str {
    id.trim_end_matches('/').rsplit('/').next().unwrap_or(id)
}

/// The segment after `collection` in a resource id, matched without regard to case as
/// Azure's ids are (`resourceGroups` in `/subscriptions/s/resourceGroups/rg/…` → `rg`).
pub fn segment_after<'a>(id: &'a str, collection: &str) -> Option<&'a str> {
    let mut parts = id.split('/');
    while let Some(part) = parts.next() {
        if part.eq_ignore_ascii_case(collection) {
            return parts.next().filter(|s| !s.is_empty());
        }
    }
    None
}

/// Tags as text: values that are not strings are written as JSON.
pub(crate) fn tags(raw: BTreeMap<String, Value>) -> BTreeMap<String, String> {
    raw.into_iter()
        .map(|(k, v)| match v {
            Value::String(s) => (k, s),
            other => (k, other.to_string()),
        })
        .collect()
}

/// An RFC 3339 timestamp; `None` when absent or unreadable.
pub(crate) fn timestamp(text: Option<&str>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// An object `{"id": …}` referring to another resource.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Reference {
    #[serde(default)]
    pub(crate) id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_split_into_their_parts() {
        let id = "/subscriptions/s/resourceGroups/Demo-RG/providers/Microsoft.Compute/disks/data-1";
        assert_eq!(last_segment(id), "data-1");
        assert_eq!(segment_after(id, "resourcegroups"), Some("Demo-RG"));
        assert_eq!(segment_after(id, "virtualMachines"), None);
        assert_eq!(last_segment(""), "");
    }

    #[test]
    fn pages_and_timestamps_read() {
        let page: Page<u32> = list_page(
            br#"{"value":[1,2,3],"nextLink":"https://management.azure.com/x"}"#,
            "numbers",
            |n: u32| (n != 2).then_some(n),
        )
        .unwrap();
        assert_eq!(page.items, [1, 3]);
        assert!(page.next.is_some());
        let t = timestamp(Some("2024-09-12T08:15:30.1234567+00:00")).unwrap();
        assert_eq!(t.timestamp(), 1_726_128_930);
        assert_eq!(timestamp(Some("soon")), None);
    }
}
