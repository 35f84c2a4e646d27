//! A small, bounded XML reader for provider responses (EC2, S3, Slicehost, …).
//!
//! Responses are read into a tree of [`Element`]s keyed by *local* name, so namespace
//! prefixes and namespace URI variants (with or without a trailing slash) make no
//! difference. Malformed, truncated or hostile documents give
//! [`ErrorKind::MalformedResponse`](crate::ErrorKind), never a panic: depth and element
//! count are bounded.

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::{Error, Result};

/// Deepest nesting accepted.
const MAX_DEPTH: usize = 64;
/// Most elements accepted in one document.
const MAX_ELEMENTS: usize = 5_000_000;

/// One XML element: local name, attributes, text and children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// Local name (prefix removed).
    pub name: String,
    /// Attributes by local name, in document order.
    pub attributes: Vec<(String, String)>,
    /// The element's own text (entities resolved), untrimmed.
    pub text: String,
    /// Child elements, in document order.
    pub children: Vec<Element>,
}

impl Element {
    /// Parses a whole document and returns its root element.
    pub fn parse(bytes: &[u8]) -> Result<Element> {
        let mut reader = Reader::from_reader(bytes);
        reader.config_mut().trim_text(false);
        let mut stack: Vec<Element> = Vec::new();
        let mut count = 0usize;
        let mut buf = Vec::new();
        loop {
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|e| malformed(format!("at byte {}: {e}", reader.buffer_position())))?;
            match event {
                Event::Start(start) => {
                    count += 1;
                    if stack.len() >= MAX_DEPTH || count > MAX_ELEMENTS {
                        return Err(malformed("document too deep or too large".into()));
                    }
                    stack.push(open(&start)?);
                }
                Event::Empty(start) => {
                    count += 1;
                    let el = open(&start)?;
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(el),
                        None => return finish(&mut reader, el),
                    }
                }
                Event::End(_) => {
                    let el = stack
                        .pop()
                        .ok_or_else(|| malformed("closing tag without an opening one".into()))?;
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(el),
                        None => return finish(&mut reader, el),
                    }
                }
                Event::Text(t) => match stack.last_mut() {
                    Some(top) => {
                        let text = t.decode().map_err(|e| malformed(e.to_string()))?;
                        top.text.push_str(&text);
                    }
                    None if t.iter().all(u8::is_ascii_whitespace) => {}
                    None => return Err(malformed("text before the root element".into())),
                },
                Event::CData(t) => {
                    if let Some(top) = stack.last_mut() {
                        let text = t.decode().map_err(|e| malformed(e.to_string()))?;
                        top.text.push_str(&text);
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some(top) = stack.last_mut() {
                        top.text.push(resolve_ref(&r)?);
                    }
                }
                Event::Eof => {
                    return Err(malformed(if stack.is_empty() {
                        "empty document".into()
                    } else {
                        format!("document ends inside <{}>", stack[stack.len() - 1].name)
                    }));
                }
                _ => {}
            }
            buf.clear();
        }
    }

    /// The first child with this local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child with this local name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the first child with this name.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }

    /// The trimmed text of the first child with this name, when non-empty.
    pub fn child_value(&self, name: &str) -> Option<&str> {
        self.child_text(name)
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }

    /// Follows a path of child names.
    pub fn path(&self, names: &[&str]) -> Option<&Element> {
        names.iter().try_fold(self, |el, n| el.child(n))
    }

    /// The first child with this name, or a `MalformedResponse` error naming it.
    pub fn require(&self, name: &str) -> Result<&Element> {
        self.child(name)
            .ok_or_else(|| malformed(format!("<{}> has no <{name}>", self.name)))
    }

    /// The trimmed text of a required, non-empty child.
    pub fn require_value(&self, name: &str) -> Result<&str> {
        self.child_value(name)
            .ok_or_else(|| malformed(format!("<{}> has no <{name}> value", self.name)))
    }

    /// An attribute by local name.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Searches the whole subtree, depth first, for the first element with this name.
    pub fn find(&self, name: &str) -> Option<&Element> {
        if self.name == name {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find(name))
    }
}

/// Escapes text for use inside an XML element or attribute.
pub fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

fn open(start: &quick_xml::events::BytesStart<'_>) -> Result<Element> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| malformed(format!("bad attribute in <{name}>: {e}")))?;
        let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned();
        let value = attr
            .unescape_value()
            .map_err(|e| malformed(format!("bad attribute value in <{name}>: {e}")))?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element {
        name,
        attributes,
        ..Default::default()
    })
}

fn resolve_ref(r: &quick_xml::events::BytesRef<'_>) -> Result<char> {
    if let Some(c) = r
        .resolve_char_ref()
        .map_err(|e| malformed(format!("bad character reference: {e}")))?
    {
        return Ok(c);
    }
    let name = r.decode().map_err(|e| malformed(e.to_string()))?;
    match name.as_ref() {
        "amp" => Ok('&'),
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "quot" => Ok('"'),
        "apos" => Ok('\''),
        other => Err(malformed(format!("unknown entity &{other};"))),
    }
}

/// After the root closes, only whitespace, comments and processing instructions may follow.
fn finish(reader: &mut Reader<&[u8]>, root: Element) -> Result<Element> {
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => return Ok(root),
            Ok(Event::Text(t)) if t.iter().all(u8::is_ascii_whitespace) => {}
            Ok(Event::Comment(_) | Event::PI(_)) => {}
            Ok(_) => return Err(malformed("content after the root element".into())),
            Err(e) => return Err(malformed(e.to_string())),
        }
        buf.clear();
    }
}

fn malformed(detail: String) -> Error {
    Error::malformed(format!("invalid XML: {detail}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>abc</requestId>
  <reservationSet>
    <item><instancesSet><item><instanceId>i-1</instanceId></item></instancesSet></item>
    <item><instancesSet><item><instanceId>i-2</instanceId></item></instancesSet></item>
  </reservationSet>
  <ns:key xmlns:ns="urn:x" ns:attr="v&amp;w"> a &amp; b &#x263A; <![CDATA[<raw>]]></ns:key>
  <empty/>
</DescribeInstancesResponse>
"#;

    #[test]
    fn reads_by_local_name_and_resolves_entities() {
        let root = Element::parse(DOC.as_bytes()).unwrap();
        assert_eq!(root.name, "DescribeInstancesResponse");
        assert_eq!(root.child_value("requestId"), Some("abc"));
        let ids: Vec<&str> = root
            .require("reservationSet")
            .unwrap()
            .children_named("item")
            .filter_map(|r| r.path(&["instancesSet", "item"]))
            .filter_map(|i| i.child_value("instanceId"))
            .collect();
        assert_eq!(ids, ["i-1", "i-2"]);
        let key = root.child("key").unwrap();
        assert_eq!(key.text, " a & b \u{263A} <raw>");
        assert_eq!(key.attribute("attr"), Some("v&w"));
        assert!(root.child("empty").unwrap().text.is_empty());
        assert_eq!(root.find("instanceId").unwrap().text, "i-1");
    }

    #[test]
    fn keeps_significant_whitespace_in_leaves() {
        let root = Element::parse(b"<a><Key>  spaced key/ </Key></a>").unwrap();
        assert_eq!(root.child_text("Key"), Some("  spaced key/ "));
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        for end in 0..DOC.len() {
            if !DOC.is_char_boundary(end) {
                continue;
            }
            let prefix = &DOC.as_bytes()[..end];
            if let Err(e) = Element::parse(prefix) {
                assert_eq!(e.kind(), ErrorKind::MalformedResponse);
            }
        }
        assert!(Element::parse(&DOC.as_bytes()[..DOC.len() / 2]).is_err());
    }

    #[test]
    fn garbage_and_hostile_input_are_rejected() {
        for bad in [
            &b""[..],
            b"not xml at all",
            b"<a><b></a>",
            b"</a>",
            b"<a>&bogus;</a>",
            b"<a></a><b></b>",
            b"\xff\xfe<a/>",
        ] {
            let err = Element::parse(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{bad:?}");
        }
        let deep = "<a>".repeat(1000);
        assert!(Element::parse(deep.as_bytes()).is_err());
    }

    #[test]
    fn escape_round_trips() {
        let text = "a<b>&\"c'";
        let doc = format!("<x>{}</x>", escape(text));
        assert_eq!(Element::parse(doc.as_bytes()).unwrap().text, text);
    }
}
