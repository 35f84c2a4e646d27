//! `List Containers` pages and `Get Container Properties` answers.

use cloud_core::http::HeaderMap;
use cloud_core::storage::Container;
use cloud_core::xml::Element;
use cloud_core::{Error, Result};
use serde_json::json;

use super::http_date;

/// One page of `List Containers`.
#[derive(Debug, Clone, PartialEq)]
pub struct ContainersPage {
    /// The containers on the page.
    pub containers: Vec<Container>,
    /// `NextMarker`: where the next page starts; `None` on the last.
    pub next_marker: Option<String>,
}

/// Parses an `EnumerationResults` document of `List Containers`.
pub fn containers_page(body: &[u8]) -> Result<ContainersPage> {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let root = Element::parse(body)?;
    if root.name != "EnumerationResults" {
        return Err(Error::malformed(format!(
            "expected <EnumerationResults>, got <{}>",
            root.name
        )));
    }
    let mut containers = Vec::new();
    if let Some(list) = root.child("Containers") {
        for item in list.children_named("Container") {
            let name = item.require_value("Name")?.to_string();
            let props = item.child("Properties");
            let mut extra = cloud_core::compute::Extra::new();
            if let Some(etag) = props.and_then(|p| p.child_value("Etag")) {
                extra.insert("etag".into(), json!(etag.trim_matches('"')));
            }
            let modified = props
                .and_then(|p| p.child_value("Last-Modified"))
                .and_then(http_date);
            if let Some(m) = modified {
                extra.insert("last_modified".into(), json!(m.to_rfc3339()));
            }
            containers.push(Container {
                name,
                created_at: None,
                location: None,
                extra,
            });
        }
    }
    Ok(ContainersPage {
        containers,
        next_marker: root.child_value("NextMarker").map(str::to_string),
    })
}

/// A container from the headers of `Get Container Properties`.
pub fn container_of_headers(name: &str, headers: &HeaderMap) -> Container {
    let text = |h: &str| headers.get(h).and_then(|v| v.to_str().ok());
    let mut extra = cloud_core::compute::Extra::new();
    if let Some(etag) = text("etag") {
        extra.insert("etag".into(), json!(etag.trim_matches('"')));
    }
    if let Some(m) = text("last-modified").and_then(http_date) {
        extra.insert("last_modified".into(), json!(m.to_rfc3339()));
    }
    for (header, field) in [
        ("x-ms-blob-public-access", "public_access"),
        ("x-ms-lease-state", "lease_state"),
    ] {
        if let Some(v) = text(header) {
            extra.insert(field.into(), json!(v));
        }
    }
    Container {
        name: name.to_string(),
        created_at: None,
        location: None,
        extra,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_with_and_without_markers() {
        let doc = br#"<?xml version="1.0" encoding="utf-8"?>
<EnumerationResults ServiceEndpoint="http://127.0.0.1:10000/devstoreaccount1">
  <Containers>
    <Container><Name>a</Name><Properties><Last-Modified>Sun, 06 Dec 2026 18:00:00 GMT</Last-Modified><Etag>"0x1"</Etag></Properties></Container>
    <Container><Name>b</Name></Container>
  </Containers>
  <NextMarker>/devstoreaccount1/c</NextMarker>
</EnumerationResults>"#;
        let page = containers_page(doc).unwrap();
        let names: Vec<&str> = page.containers.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(page.containers[0].extra["etag"], "0x1");
        assert_eq!(page.next_marker.as_deref(), Some("/devstoreaccount1/c"));
        let last =
            containers_page(b"<EnumerationResults><Containers/><NextMarker/></EnumerationResults>")
                .unwrap();
        assert!(last.containers.is_empty() && last.next_marker.is_none());
        assert!(containers_page(b"<Error/>").is_err());
        assert!(containers_page(&doc[..doc.len() / 2]).is_err());
    }
}
