//! Reading either format: the JSON value or XML element under a document's root, and
//! the small field readers every resource shares.

use cloud_core::xml::Element;
use cloud_core::{Error, Result};
use serde_json::Value;

use super::Format;

/// One parsed document.
pub(crate) enum Doc<'a> {
    /// A JSON document.
    Json(Value),
    /// An XML document's root.
    Xml(Element<'a>),
}

impl<'a> Doc<'a> {
    /// Parses `body` as `format`.
    pub(crate) fn parse(format: Format, body: &'a [u8]) -> Result<Self> {
        match format {
            Format::Json => serde_json::from_slice(body).map(Doc::Json).map_err(|e| {
                Error::malformed(format!(
                    "the answer is not JSON: {e} (it starts {:?})",
                    String::from_utf8_lossy(&body[..body.len().min(80)])
                ))
            }),
            Format::Xml => Element::parse(body).map(Doc::Xml),
        }
    }
}

/// The items of a list document: `{"<list>": [..]}` or `<list><item/>..</list>`, or a
/// single `{"<item>": {..}}` / `<item/>`. `one` and `many` read one item of each format.
pub(crate) fn items<T>(
    doc: &Doc<'_>,
    list: &str,
    item: &str,
    json: impl Fn(&Value) -> Result<T>,
    xml: impl Fn(&Element<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    match doc {
        Doc::Json(value) => {
            if let Some(array) = value.get(list) {
                let array = array.as_array().ok_or_else(|| {
                    Error::malformed(format!("\"{list}\" in the answer is not a list"))
                })?;
                return array.iter().map(json).collect();
            }
            match value.get(item) {
                Some(one) => Ok(vec![json(one)?]),
                None => Err(Error::malformed(format!(
                    "expected {{\"{list}\": [..]}} or {{\"{item}\": {{..}}}} in the answer"
                ))),
            }
        }
        Doc::Xml(root) if root.name == list => root.children_named(item).map(xml).collect(),
        Doc::Xml(root) if root.name == item => Ok(vec![xml(root)?]),
        Doc::Xml(root) => Err(Error::malformed(format!(
            "expected a <{list}> or <{item}> document, got <{}>",
            root.name
        ))),
    }
}

/// Exactly one item of a list, else `MalformedResponse` naming what.
pub(crate) fn exactly_one<T>(mut items: Vec<T>, what: &str) -> Result<T> {
    match items.len() {
        1 => Ok(items.remove(0)),
        n => Err(Error::malformed(format!(
            "expected one {what} in the answer, found {n}"
        ))),
    }
}

/// A JSON id: a whole number or non-empty text.
pub(crate) fn json_id(value: &Value, what: &str) -> Result<String> {
    match value.get("id") {
        Some(Value::Number(n)) if n.is_u64() => Ok(n.to_string()),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        _ => Err(Error::malformed(format!(
            "a {what} without an id in the answer"
        ))),
    }
}

/// A JSON field as text: a string, or a number written out.
pub(crate) fn json_text(value: &Value, field: &str) -> Option<String> {
    match value.get(field)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A JSON whole number (or text holding one); `MalformedResponse` when present but not
/// one.
pub(crate) fn json_u64(value: &Value, field: &str, what: &str) -> Result<Option<u64>> {
    match value.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_u64().map(Some).ok_or_else(|| not_whole(what, n)),
        Some(Value::String(s)) => parse_u64(s, what).map(Some),
        Some(other) => Err(not_whole(what, other)),
    }
}

/// An XML attribute, trimmed, when non-empty.
pub(crate) fn xml_attr<'e>(el: &'e Element<'_>, name: &str) -> Option<&'e str> {
    el.attribute(name).map(str::trim).filter(|v| !v.is_empty())
}

/// A required XML `id` attribute.
pub(crate) fn xml_id(el: &Element<'_>, what: &str) -> Result<String> {
    xml_attr(el, "id")
        .map(str::to_string)
        .ok_or_else(|| Error::malformed(format!("a <{what}> without an id attribute")))
}

/// An XML attribute holding a whole number; `MalformedResponse` when present but not one.
pub(crate) fn xml_u64(el: &Element<'_>, name: &str, what: &str) -> Result<Option<u64>> {
    xml_attr(el, name).map(|v| parse_u64(v, what)).transpose()
}

/// Text as a whole number; `MalformedResponse` naming `what` otherwise.
pub(crate) fn parse_u64(text: &str, what: &str) -> Result<u64> {
    text.trim()
        .parse::<u64>()
        .map_err(|_| not_whole(what, &text.chars().take(40).collect::<String>()))
}

fn not_whole(what: &str, shown: &dyn std::fmt::Display) -> Error {
    Error::malformed(format!("{what} {shown} is not a whole number"))
}
