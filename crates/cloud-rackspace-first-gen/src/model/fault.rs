//! Fault documents: `{"itemNotFound": {"code": 404, "message": "…", "details": "…"}}` or
//! `<itemNotFound xmlns="…" code="404"><message>…</message><details>…</details></itemNotFound>`;
//! `overLimit` adds `retryAfter`.

use cloud_core::xml::Element;
use serde_json::Value;

/// Longest message or detail kept from a fault.
const MAX_TEXT: usize = 500;

/// A parsed fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The fault's name: its JSON key or XML root (`itemNotFound`, `overLimit`, …).
    pub name: String,
    /// The `code` it gives, when it gives a valid one.
    pub code: Option<u16>,
    /// The human-readable message (may be empty).
    pub message: String,
    /// The optional details.
    pub details: Option<String>,
    /// `retryAfter` of an `overLimit` fault, as written (an ISO 8601 time).
    pub retry_after: Option<String>,
}

/// The fault in `body`, in either format, when the body is one: a JSON object with one
/// key whose value is an object, or an XML document whose root has a `<message>` child
/// or a `code` attribute.
pub fn parse_fault(body: &[u8]) -> Option<Fault> {
    from_json(body).or_else(|| from_xml(body))
}

fn from_json(body: &[u8]) -> Option<Fault> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let object = value.as_object()?;
    if object.len() != 1 {
        return None;
    }
    let (name, inner) = object.iter().next()?;
    let inner = inner.as_object()?;
    let text = |field: &str| match inner.get(field) {
        Some(Value::String(s)) => Some(clip(s)),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let code = text("code").and_then(|c| c.parse::<u16>().ok());
    let message = text("message");
    if code.is_none() && message.is_none() {
        return None;
    }
    Some(Fault {
        name: clip(name),
        code,
        message: message.unwrap_or_default(),
        details: text("details").filter(|d| !d.is_empty()),
        retry_after: text("retryAfter").filter(|r| !r.is_empty()),
    })
}

fn from_xml(body: &[u8]) -> Option<Fault> {
    let root = Element::parse(body).ok()?;
    let code = root
        .attribute("code")
        .and_then(|c| c.trim().parse::<u16>().ok());
    let message = root.child("message").map(|m| clip(m.text.trim()));
    if code.is_none() && message.is_none() {
        return None;
    }
    Some(Fault {
        name: clip(&root.name),
        code,
        message: message.unwrap_or_default(),
        details: root.child_value("details").map(clip),
        retry_after: root
            .attribute("retryAfter")
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(clip),
    })
}

/// At most [`MAX_TEXT`] characters.
fn clip(text: &str) -> String {
    text.chars().take(MAX_TEXT).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_in_both_formats() {
        let json = parse_fault(
            br#"{"overLimit": {"code": 413, "message": "Too many requests...",
                "details": "Error Details...", "retryAfter": "2010-08-01T00:00:00Z"}}"#,
        )
        .unwrap();
        let xml = parse_fault(
            br#"<overLimit xmlns="http://docs.rackspacecloud.com/servers/api/v1.0" code="413"
                retryAfter="2010-08-01T00:00:00Z"><message>Too many requests...</message>
                <details>Error Details...</details></overLimit>"#,
        )
        .unwrap();
        assert_eq!(json, xml);
        assert_eq!(json.name, "overLimit");
        assert_eq!(json.code, Some(413));
        assert_eq!(json.retry_after.as_deref(), Some("2010-08-01T00:00:00Z"));
    }

    #[test]
    fn other_documents_are_not_faults() {
        for body in [
            &br#"{"servers": []}"#[..],
            br#"{"a": {}, "b": {}}"#,
            br#"{"server": {"id": 1}}"#,
            br#"<servers><server id="1"/></servers>"#,
            b"Bad username or password",
            b"",
        ] {
            assert_eq!(parse_fault(body), None, "{}", String::from_utf8_lossy(body));
        }
    }
}
