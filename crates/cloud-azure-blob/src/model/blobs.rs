//! `List Blobs` pages, and the body of `Put Block List`.

use std::collections::BTreeMap;

use cloud_core::storage::ObjectMeta;
use cloud_core::xml::{Element, escape};
use cloud_core::{Error, Result};
use serde_json::json;

use super::headers::md5_hex;
use super::http_date;

/// One page of `List Blobs`.
#[derive(Debug, Clone, PartialEq)]
pub struct BlobsPage {
    /// The blobs on the page, in name order.
    pub blobs: Vec<BlobItem>,
    /// The `BlobPrefix` names (with a delimiter).
    pub prefixes: Vec<String>,
    /// `NextMarker`: where the next page starts; `None` on the last.
    pub next_marker: Option<String>,
}

/// One `<Blob>` of a listing.
#[derive(Debug, Clone, PartialEq)]
pub struct BlobItem {
    /// The blob's name (decoded when the service sent it percent-encoded).
    pub name: String,
    /// What is known about it.
    pub meta: ObjectMeta,
}

/// A `<Name>`'s text, percent-decoded when it says `Encoded="true"` (names holding
/// characters XML cannot carry).
fn name_of(element: &Element<'_>) -> Result<String> {
    let name = element.require("Name")?;
    let text = name.text.as_ref();
    if name.attribute("Encoded") == Some("true") {
        let decoded = percent_encoding::percent_decode_str(text)
            .decode_utf8()
            .map_err(|_| Error::malformed("an encoded blob name is not UTF-8"))?;
        return Ok(decoded.into_owned());
    }
    if text.is_empty() {
        return Err(Error::malformed("a listed blob has an empty <Name>"));
    }
    Ok(text.to_string())
}

/// Parses an `EnumerationResults` document of `List Blobs`.
pub fn blobs_page(container: &str, body: &[u8]) -> Result<BlobsPage> {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let root = Element::parse(body)?;
    if root.name != "EnumerationResults" {
        return Err(Error::malformed(format!(
            "expected <EnumerationResults>, got <{}>",
            root.name
        )));
    }
    let mut blobs = Vec::new();
    let mut prefixes = Vec::new();
    if let Some(list) = root.child("Blobs") {
        for item in &list.children {
            match item.name.as_ref() {
                "Blob" => {
                    let name = name_of(item)?;
                    let meta = meta_of_item(container, &name, item)?;
                    blobs.push(BlobItem { name, meta });
                }
                "BlobPrefix" => prefixes.push(name_of(item)?),
                _ => {}
            }
        }
    }
    Ok(BlobsPage {
        blobs,
        prefixes,
        next_marker: root.child_value("NextMarker").map(str::to_string),
    })
}

fn meta_of_item(container: &str, name: &str, item: &Element<'_>) -> Result<ObjectMeta> {
    let props = item.require("Properties")?;
    let size = match props.child_value("Content-Length") {
        Some(text) => text
            .parse::<u64>()
            .map_err(|_| Error::malformed(format!("blob {name:?} has a bad Content-Length")))?,
        None => 0,
    };
    let mut extra = cloud_core::compute::Extra::new();
    for (field, key) in [
        ("BlobType", "blob_type"),
        ("AccessTier", "access_tier"),
        ("LeaseState", "lease_state"),
        ("CopyStatus", "copy_status"),
    ] {
        if let Some(v) = props.child_value(field) {
            extra.insert(key.into(), json!(v));
        }
    }
    if let Some(md5) = props.child_value("Content-MD5").and_then(md5_hex) {
        extra.insert("content_md5".into(), json!(md5));
    }
    if let Some(created) = props.child_value("Creation-Time").and_then(http_date) {
        extra.insert("created_at".into(), json!(created.to_rfc3339()));
    }
    let metadata: BTreeMap<String, String> = item
        .child("Metadata")
        .map(|m| {
            m.children
                .iter()
                .map(|c| (c.name.to_ascii_lowercase(), c.text.to_string()))
                .collect()
        })
        .unwrap_or_default();
    Ok(ObjectMeta {
        container: container.to_string(),
        name: name.to_string(),
        size,
        etag: props
            .child_value("Etag")
            .map(|e| e.trim_matches('"').to_string()),
        content_type: props.child_value("Content-Type").map(str::to_string),
        last_modified: props.child_value("Last-Modified").and_then(http_date),
        metadata,
        extra,
    })
}

/// The body of `Put Block List`: every id as `<Latest>`, in order.
pub fn block_list_xml(ids: &[String]) -> String {
    let mut out = String::with_capacity(64 + ids.len() * 60);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
    for id in ids {
        out.push_str("<Latest>");
        out.push_str(&escape(id));
        out.push_str("</Latest>");
    }
    out.push_str("</BlockList>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &[u8] = br#"<?xml version="1.0" encoding="utf-8"?>
<EnumerationResults ServiceEndpoint="http://127.0.0.1:10000/devstoreaccount1" ContainerName="c">
  <Prefix>dir/</Prefix><Delimiter>/</Delimiter>
  <Blobs>
    <Blob><Name>dir/a</Name><Properties><Last-Modified>Sun, 06 Dec 2026 18:00:00 GMT</Last-Modified><Etag>0x8DC</Etag><Content-Length>5</Content-Length><Content-Type>text/plain</Content-Type><Content-MD5>XUFAKrxLKna5cZ2REBfFkg==</Content-MD5><BlobType>BlockBlob</BlobType></Properties><Metadata><Color>blue</Color></Metadata></Blob>
    <BlobPrefix><Name>dir/sub/</Name></BlobPrefix>
    <Blob><Name Encoded="true">dir/%EF%BF%BE</Name><Properties><Content-Length>0</Content-Length></Properties></Blob>
  </Blobs>
  <NextMarker>2!80!MDAw</NextMarker>
</EnumerationResults>"#;

    #[test]
    fn blobs_prefixes_and_markers() {
        let page = blobs_page("c", PAGE).unwrap();
        assert_eq!(page.blobs.len(), 2);
        let a = &page.blobs[0].meta;
        assert_eq!(a.name, "dir/a");
        assert_eq!(a.size, 5);
        assert_eq!(a.etag.as_deref(), Some("0x8DC"));
        assert_eq!(a.metadata["color"], "blue");
        assert_eq!(a.extra["content_md5"], "5d41402abc4b2a76b9719d911017c592");
        assert_eq!(page.blobs[1].name, "dir/\u{fffe}");
        assert_eq!(page.prefixes, ["dir/sub/"]);
        assert_eq!(page.next_marker.as_deref(), Some("2!80!MDAw"));
    }

    #[test]
    fn truncations_are_errors() {
        for end in (0..PAGE.len()).step_by(7) {
            let _ = blobs_page("c", &PAGE[..end]);
        }
        assert!(blobs_page("c", &PAGE[..PAGE.len() - 30]).is_err());
        assert!(blobs_page("c", b"<EnumerationResults><Blobs><Blob><Name>x</Name></Blob></Blobs></EnumerationResults>").is_err());
    }

    #[test]
    fn block_lists_are_escaped_xml() {
        let xml = block_list_xml(&["QUE=".into(), "<&>".into()]);
        assert!(xml.ends_with(
            "<BlockList><Latest>QUE=</Latest><Latest>&lt;&amp;&gt;</Latest></BlockList>"
        ));
    }
}
