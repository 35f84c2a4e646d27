//! `<Error><Code>…</Code><Message>…</Message></Error>`.

use cloud_core::xml::Element;

/// The code and message of an error document, when the body is one.
pub fn error_document(body: &[u8]) -> Option<(Option<String>, Option<String>)> {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let root = Element::parse(body).ok()?;
    if root.name != "Error" {
        return None;
    }
    Some((
        root.child_value("Code").map(str::to_string),
        root.child_value("Message").map(str::to_string),
    ))
}
