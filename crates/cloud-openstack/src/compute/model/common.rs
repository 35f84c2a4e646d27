//! What the parsers share: reading a JSON body, fields of an object as text, numbers and
//! times, and the `marker` of a collection's `next` link.

use chrono::{DateTime, Utc};
use cloud_core::compute::Extra;
use cloud_core::{Error, Result};
use serde_json::{Map, Value};
use url::Url;

/// A JSON object as the parsers see it.
pub(crate) type Object = Map<String, Value>;

/// The body as JSON; `MalformedResponse` naming `what` otherwise.
pub(crate) fn document(body: &[u8], what: &str) -> Result<Value> {
    serde_json::from_slice(body)
        .map_err(|e| Error::malformed(format!("the {what} answer is not JSON: {e}")))
}

/// The object under `key` of a document (`{"server": {...}}`).
pub(crate) fn wrapped<'a>(doc: &'a Value, key: &str, what: &str) -> Result<&'a Object> {
    doc.get(key)
        .and_then(Value::as_object)
        .ok_or_else(|| Error::malformed(format!("the {what} answer has no {key:?} object")))
}

/// The array under `key` of a document (`{"servers": [...]}`).
pub(crate) fn listed<'a>(doc: &'a Value, key: &str, what: &str) -> Result<&'a Vec<Value>> {
    doc.get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| Error::malformed(format!("the {what} answer has no {key:?} list")))
}

/// Each element of a list as an object; an element that is not one is malformed.
pub(crate) fn objects<'a>(items: &'a [Value], what: &str) -> Result<Vec<&'a Object>> {
    items
        .iter()
        .map(|v| {
            v.as_object()
                .ok_or_else(|| Error::malformed(format!("a {what} entry is not an object")))
        })
        .collect()
}

/// A field as text: strings as they are, numbers in their JSON spelling (flavor ids
/// are numbers on old clouds); `None` for anything else or an empty string.
pub(crate) fn text(obj: &Object, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A required text field; `MalformedResponse` naming it when missing.
pub(crate) fn required(obj: &Object, key: &str, what: &str) -> Result<String> {
    text(obj, key).ok_or_else(|| Error::malformed(format!("a {what} has no {key:?}")))
}

/// A whole, non-negative number, also when written as a string (`"20"`).
pub(crate) fn number(obj: &Object, key: &str) -> Option<u64> {
    match obj.get(key)? {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| *f >= 0.0 && f.is_finite())
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A time field: RFC 3339, or OpenStack's zone-less `2026-12-06T12:00:00.000000`
/// (UTC). `None` when absent or unreadable.
pub(crate) fn time(obj: &Object, key: &str) -> Option<DateTime<Utc>> {
    let raw = obj.get(key)?.as_str()?;
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|t| t.and_utc())
}

/// Copies the listed fields that are present (and not null) into `extra`.
pub(crate) fn keep(obj: &Object, keys: &[&str], extra: &mut Extra) {
    for key in keys {
        if let Some(v) = obj.get(*key).filter(|v| !v.is_null()) {
            extra.insert((*key).to_string(), v.clone());
        }
    }
}

/// The `marker` query parameter of the `rel: next` link in `links` (Nova's and
/// Cinder's `servers_links`, `volumes_links`, …). `None` when there is no next link or
/// it carries no marker.
pub(crate) fn next_marker(links: Option<&Value>) -> Option<String> {
    let href = links?
        .as_array()?
        .iter()
        .filter_map(Value::as_object)
        .find(|l| l.get("rel").and_then(Value::as_str) == Some("next"))?
        .get("href")?
        .as_str()?;
    marker_of(href)
}

/// Whether `links` has a `rel: next` link at all.
pub(crate) fn has_next(links: Option<&Value>) -> bool {
    links.and_then(Value::as_array).is_some_and(|l| {
        l.iter()
            .any(|l| l.get("rel").and_then(Value::as_str) == Some("next"))
    })
}

/// The `marker` query parameter of an absolute or relative link.
pub(crate) fn marker_of(href: &str) -> Option<String> {
    let base = Url::parse("http://link.invalid/").ok()?;
    let url = base.join(href).ok()?;
    url.query_pairs()
        .find(|(k, _)| k == "marker")
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn next_links_give_their_marker() {
        let links = json!([
            {"rel": "self", "href": "http://x/v2.1/servers?marker=no"},
            {"rel": "next", "href": "http://x/v2.1/servers/detail?limit=2&marker=abc-1"}
        ]);
        assert_eq!(next_marker(Some(&links)).as_deref(), Some("abc-1"));
        assert_eq!(
            marker_of("/v2/images?marker=i%201&limit=5").as_deref(),
            Some("i 1")
        );
        assert_eq!(next_marker(Some(&json!([{"rel": "next"}]))), None);
        assert_eq!(next_marker(Some(&json!("x"))), None);
        assert!(has_next(Some(&links)));
        assert!(!has_next(None));
    }

    #[test]
    fn times_with_and_without_zones() {
        let obj =
            json!({"a": "2026-12-06T12:00:00Z", "b": "2026-12-06T12:00:00.000000", "c": "soon"});
        let obj = obj.as_object().unwrap();
        assert_eq!(time(obj, "a"), time(obj, "b"));
        assert!(time(obj, "a").is_some());
        assert_eq!(time(obj, "c"), None);
    }
}
