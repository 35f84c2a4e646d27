//! The two list envelopes: a plain list (`items`, `nextPageToken`) and an aggregated
//! list (`items` keyed by scope, each with its resources or a `warning` when the zone or
//! region has none).

use std::collections::BTreeMap;

use cloud_core::Result;
use cloud_core::paginate::Page;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::common::parse_json;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct List<T> {
    #[serde(default = "Vec::new")]
    items: Vec<T>,
    #[serde(default)]
    next_page_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Aggregated {
    #[serde(default)]
    items: BTreeMap<String, Value>,
    #[serde(default)]
    next_page_token: Option<String>,
    #[serde(default)]
    unreachables: Vec<String>,
}

/// One page of a plain list, each wire item made portable with `convert`.
pub(crate) fn list_page<W: DeserializeOwned, T>(
    body: &[u8],
    what: &str,
    convert: impl Fn(W) -> T,
) -> Result<Page<T>> {
    let list: List<W> = parse_json(body, what)?;
    Ok(Page {
        items: list.items.into_iter().map(convert).collect(),
        next: list.next_page_token.filter(|t| !t.is_empty()),
    })
}

/// One page of an aggregated list: the resources under `field` of every scope, in scope
/// order. Scopes holding only a `warning` (`NO_RESULTS_ON_PAGE` for an empty zone) are
/// skipped; other warnings and unreachable scopes are logged.
pub(crate) fn aggregated_page<W: DeserializeOwned, T>(
    body: &[u8],
    field: &str,
    what: &str,
    convert: impl Fn(W) -> T,
) -> Result<Page<T>> {
    let list: Aggregated = parse_json(body, what)?;
    let mut items = Vec::new();
    for (scope, entry) in list.items {
        if let Some(warning) = entry.get("warning") {
            let code = warning.get("code").and_then(Value::as_str).unwrap_or("");
            if code != "NO_RESULTS_ON_PAGE" {
                tracing::warn!(%scope, code, "Compute Engine warned about a scope");
            }
        }
        let Some(found) = entry.get(field) else {
            continue;
        };
        let wire: Vec<W> = serde_json::from_value(found.clone())
            .map_err(|e| cloud_core::Error::malformed(format!("{what}: {scope}: {e}")))?;
        items.extend(wire.into_iter().map(&convert));
    }
    for scope in &list.unreachables {
        tracing::warn!(%scope, "Compute Engine could not reach a scope; its resources are missing");
    }
    Ok(Page {
        items,
        next: list.next_page_token.filter(|t| !t.is_empty()),
    })
}
