//! Reading the fields every GoGrid object shares: number-or-text ids, nested option
//! objects, non-empty strings.

use cloud_core::{Error, Result};
use serde_json::Value;

/// An id or number field as text: numbers and non-empty strings.
pub fn id_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// The `name` of a nested option object (`state`, `ram`, `type`, `os`, …).
pub fn option_name<'a>(item: &'a Value, field: &str) -> Option<&'a str> {
    item.get(field)?.get("name")?.as_str()
}

/// A string field, when present and not empty.
pub(crate) fn text<'a>(item: &'a Value, field: &str) -> Option<&'a str> {
    item.get(field)?.as_str().filter(|s| !s.is_empty())
}

/// `item` as a JSON object, or `MalformedResponse` naming `what` it should have been.
pub(crate) fn object<'a>(
    item: &'a Value,
    what: &str,
) -> Result<&'a serde_json::Map<String, Value>> {
    item.as_object()
        .ok_or_else(|| Error::malformed(format!("a GoGrid {what} that is not a JSON object")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_and_option_names() {
        assert_eq!(id_text(Some(&json!(3212))), Some("3212".into()));
        assert_eq!(id_text(Some(&json!(" ws01 "))), Some("ws01".into()));
        assert_eq!(id_text(Some(&json!(" "))), None);
        assert_eq!(id_text(Some(&json!(null))), None);
        assert_eq!(id_text(None), None);
        let item = json!({"state": {"id": 1, "name": "On"}, "ram": "1GB"});
        assert_eq!(option_name(&item, "state"), Some("On"));
        assert_eq!(option_name(&item, "ram"), None);
    }
}
