//! A small XML element tree, read with `quick-xml`, for the Rails-style documents the
//! Slicehost API answers with (`<slices type="array"><slice>…</slice></slices>`).
//!
//! Elements are named by their local name (any namespace prefix dropped). Text is
//! collected per element with character and predefined entity references resolved.
//! Nesting is limited to [`MAX_DEPTH`], so a hostile document cannot exhaust the stack.

use cloud_core::{Error, Result};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// Deepest nesting accepted. Slicehost documents are three levels deep.
pub const MAX_DEPTH: usize = 32;

/// One element: its local name, attributes, text and child elements.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// Local name (`slice`, `flavor-id`).
    pub name: String,
    /// Attributes by local name, in document order.
    pub attrs: Vec<(String, String)>,
    /// The element's own text, entity references resolved.
    pub text: String,
    /// Child elements in document order.
    pub children: Vec<Element>,
}

impl Element {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child named `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child named `name`, when present and not empty.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
    }

    /// The value of the attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a whole document into its root element.
///
/// Fails with `MalformedResponse` on invalid UTF-8, malformed or truncated XML, an
/// unknown entity, nesting deeper than [`MAX_DEPTH`], a second root element, or no root
/// element at all.
pub fn parse(body: &[u8]) -> Result<Element> {
    let text = std::str::from_utf8(body)
        .map_err(|e| Error::malformed(format!("XML answer is not UTF-8: {e}")))?;
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| malformed(format!("invalid XML: {e}"), &reader))?;
        match event {
            Event::Start(start) => {
                if root.is_some() {
                    return Err(malformed("a second root element", &reader));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(malformed(
                        format!("elements nested deeper than {MAX_DEPTH}"),
                        &reader,
                    ));
                }
                stack.push(element(&start, &reader)?);
            }
            Event::Empty(start) => {
                if root.is_some() {
                    return Err(malformed("a second root element", &reader));
                }
                let el = element(&start, &reader)?;
                attach(&mut stack, &mut root, el);
            }
            Event::End(_) => {
                let el = stack
                    .pop()
                    .ok_or_else(|| malformed("an end tag with no start", &reader))?;
                attach(&mut stack, &mut root, el);
            }
            Event::Text(t) => {
                let s = t
                    .decode()
                    .map_err(|e| malformed(format!("undecodable text: {e}"), &reader))?;
                push_text(&mut stack, &s, &reader)?;
            }
            Event::CData(c) => {
                let s = c
                    .decode()
                    .map_err(|e| malformed(format!("undecodable CDATA: {e}"), &reader))?;
                push_text(&mut stack, &s, &reader)?;
            }
            Event::GeneralRef(r) => {
                let ch = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| malformed(format!("bad character reference: {e}"), &reader))?
                } else {
                    let name = r
                        .decode()
                        .map_err(|e| malformed(format!("bad entity reference: {e}"), &reader))?;
                    predefined_entity(&name)
                };
                let ch = ch.ok_or_else(|| malformed("an unknown entity reference", &reader))?;
                push_text(&mut stack, ch.encode_utf8(&mut [0; 4]), &reader)?;
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(Error::malformed(format!(
            "XML answer ends inside <{}>: truncated",
            stack.last().map(|e| e.name.as_str()).unwrap_or("?")
        )));
    }
    root.ok_or_else(|| Error::malformed("XML answer has no root element"))
}

fn element(start: &BytesStart<'_>, reader: &Reader<&[u8]>) -> Result<Element> {
    let name = local(start.local_name().as_ref());
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| malformed(format!("bad attribute: {e}"), reader))?;
        let value = attr
            .decode_and_unescape_value(reader.decoder())
            .map_err(|e| malformed(format!("bad attribute value: {e}"), reader))?;
        attrs.push((local(attr.key.local_name().as_ref()), value.into_owned()));
    }
    Ok(Element {
        name,
        attrs,
        ..Element::default()
    })
}

fn local(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => *root = Some(el),
    }
}

fn push_text(stack: &mut [Element], s: &str, reader: &Reader<&[u8]>) -> Result<()> {
    match stack.last_mut() {
        Some(el) => {
            el.text.push_str(s);
            Ok(())
        }
        None if s.trim().is_empty() => Ok(()),
        None => Err(malformed("text outside the root element", reader)),
    }
}

fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

fn malformed(what: impl std::fmt::Display, reader: &Reader<&[u8]>) -> Error {
    Error::malformed(format!(
        "XML answer is malformed at byte {}: {what}",
        reader.buffer_position()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn reads_rails_document_with_entities() {
        let doc = br#"<?xml version="1.0" encoding="UTF-8"?>
<slices type="array">
  <slice><id type="integer">7</id><name>a &amp; b &#x41;</name><addresses type="array">
    <address>1.2.3.4</address><address>10.0.0.1</address></addresses></slice>
  <slice><id type="integer">8</id><name><![CDATA[<raw>]]></name><empty/></slice>
</slices>"#;
        let root = parse(doc).unwrap();
        assert_eq!(root.name, "slices");
        assert_eq!(root.attr("type"), Some("array"));
        let slices: Vec<_> = root.children_named("slice").collect();
        assert_eq!(slices.len(), 2);
        assert_eq!(slices[0].child_text("name"), Some("a & b A"));
        assert_eq!(slices[0].child_text("id"), Some("7"));
        let addrs: Vec<_> = slices[0]
            .child("addresses")
            .unwrap()
            .children_named("address")
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(addrs, ["1.2.3.4", "10.0.0.1"]);
        assert_eq!(slices[1].child_text("name"), Some("<raw>"));
        assert!(slices[1].child("empty").is_some());
        assert_eq!(slices[1].child_text("empty"), None);
    }

    #[test]
    fn strips_namespace_prefixes() {
        let root = parse(br#"<a:errors xmlns:a="urn:x"><a:error>x</a:error></a:errors>"#).unwrap();
        assert_eq!(root.name, "errors");
        assert_eq!(root.child_text("error"), Some("x"));
    }

    #[test]
    fn rejects_bad_documents() {
        let cases: &[&[u8]] = &[
            b"",
            b"   ",
            b"<slices><slice>",
            b"<slices></slice>",
            b"<a/><b/>",
            b"text only",
            b"<a>&bogus;</a>",
            b"<a>\xff\xfe</a>",
            b"<a x=\"1></a>",
        ];
        for case in cases {
            let err = parse(case).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{case:?}: {err}");
        }
    }

    #[test]
    fn limits_depth() {
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(
            parse(deep.as_bytes()).unwrap_err().kind(),
            ErrorKind::MalformedResponse
        );
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse(ok.as_bytes()).is_ok());
    }
}
