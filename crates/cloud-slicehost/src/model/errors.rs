//! Slicehost's error document, `<errors><error>…</error></errors>`.

/// Most error messages read from one document.
const MAX_MESSAGES: usize = 10;

/// The messages of an `<errors><error>…</error></errors>` document, when the body is one.
pub fn parse_error_document(body: &[u8]) -> Option<Vec<String>> {
    let root = cloud_core::xml::Element::parse(body).ok()?;
    if root.name != "errors" {
        return None;
    }
    Some(
        root.children_named("error")
            .map(|e| e.text.trim().to_string())
            .filter(|m| !m.is_empty())
            .take(MAX_MESSAGES)
            .collect(),
    )
}
