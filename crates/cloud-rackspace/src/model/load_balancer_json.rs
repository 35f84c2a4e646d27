//! Reading fields of Cloud Load Balancers documents, each a typed error when absent or
//! of the wrong type.

use cloud_core::{Error, Result};
use serde_json::{Map, Value};

/// Bytes as one JSON document; `MalformedResponse` with an excerpt otherwise.
pub(crate) fn document(body: &[u8]) -> Result<Value> {
    serde_json::from_slice(body).map_err(|e| {
        let shown: String = String::from_utf8_lossy(&body[..body.len().min(80)]).into_owned();
        malformed(format!(
            "Cloud Load Balancers answer is not JSON: {e} (body starts {shown:?})"
        ))
    })
}

/// `value` as an object, naming `what` when it is not one.
pub(crate) fn object<'a>(value: &'a Value, what: &str) -> Result<&'a Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| malformed(format!("{what} is not a JSON object")))
}

/// A string field.
pub(crate) fn text<'a>(value: Option<&'a Value>, what: &str) -> Result<&'a str> {
    value
        .and_then(Value::as_str)
        .ok_or_else(|| malformed(format!("{what} is missing or not a string")))
}

/// An id: a whole number (as the API writes ids) or a string of digits.
pub(crate) fn id_of(value: Option<&Value>, what: &str) -> Result<String> {
    match value {
        Some(Value::Number(n)) if n.is_u64() => Ok(n.to_string()),
        Some(Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(s.clone())
        }
        _ => Err(malformed(format!("{what} is missing or not a number"))),
    }
}

/// A port 1–65535 (a number, or a string of digits).
pub(crate) fn port_of(value: Option<&Value>, what: &str) -> Result<u16> {
    let n = match value {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.parse::<u64>().ok(),
        _ => None,
    };
    match n.and_then(|n| u16::try_from(n).ok()) {
        Some(p) if p > 0 => Ok(p),
        _ => Err(malformed(format!("{what} is missing or not a port"))),
    }
}

/// A `MalformedResponse` error naming the provider.
pub(crate) fn malformed(message: String) -> Error {
    Error::malformed(message).with_provider(crate::PROVIDER_ID)
}
