//! A small, bounded XML reader for provider responses (EC2, S3, Slicehost, …).
//!
//! Responses are read into a tree of [`Element`]s keyed by *local* name, so namespace
//! prefixes and namespace URI variants (with or without a trailing slash) make no
//! difference. Malformed, truncated or hostile documents give
//! [`ErrorKind::MalformedResponse`](crate::ErrorKind), never a panic: depth and element
//! count are bounded.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::{Error, Result};

/// Deepest nesting accepted.
const MAX_DEPTH: usize = 64;
/// Most elements accepted in one document.
const MAX_ELEMENTS: usize = 5_000_000;

/// One XML element: local name, attributes, text and children. It borrows from the
/// document it was parsed from, so reading a large response allocates little more than
/// the list of each element's children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element<'a> {
    /// Local name (prefix removed).
    pub name: Cow<'a, str>,
    /// Attributes by local name, in document order.
    pub attributes: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// The element's own text (entities resolved), untrimmed. An element with children
    /// keeps only non-blank text: the indentation between children is dropped.
    pub text: Cow<'a, str>,
    /// Child elements, in document order.
    pub children: Vec<Element<'a>>,
}

impl<'a> Element<'a> {
    /// Parses a whole document and returns its root element.
    pub fn parse(bytes: &'a [u8]) -> Result<Element<'a>> {
        // Checked once here, so names and text are sliced from `doc` without another
        // check each.
        let doc = std::str::from_utf8(bytes)
            .map_err(|e| malformed(format!("document is not UTF-8: {e}")))?;
        let mut reader = Reader::from_reader(bytes);
        reader.config_mut().trim_text(false);
        let mut stack: Vec<Element<'a>> = Vec::new();
        let mut count = 0usize;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| malformed(format!("at byte {}: {e}", reader.buffer_position())))?;
            match event {
                Event::Start(start) => {
                    count += 1;
                    if stack.len() >= MAX_DEPTH || count > MAX_ELEMENTS {
                        return Err(malformed("document too deep or too large".into()));
                    }
                    stack.push(open(doc, &start)?);
                }
                Event::Empty(start) => {
                    count += 1;
                    let el = open(doc, &start)?;
                    match stack.last_mut() {
                        Some(parent) => adopt(parent, el),
                        None => return finish(&mut reader, el),
                    }
                }
                Event::End(_) => {
                    let el = stack
                        .pop()
                        .ok_or_else(|| malformed("closing tag without an opening one".into()))?;
                    match stack.last_mut() {
                        Some(parent) => adopt(parent, el),
                        None => return finish(&mut reader, el),
                    }
                }
                Event::Text(t) => {
                    let blank = t.iter().all(u8::is_ascii_whitespace);
                    match stack.last_mut() {
                        Some(top) if blank && !top.children.is_empty() => {}
                        Some(top) => append(&mut top.text, text_of(doc, t.into_inner())?),
                        None if blank => {}
                        None => return Err(malformed("text before the root element".into())),
                    }
                }
                Event::CData(t) => {
                    if let Some(top) = stack.last_mut() {
                        append(&mut top.text, text_of(doc, t.into_inner())?);
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some(top) = stack.last_mut() {
                        let c = resolve_ref(&r)?;
                        top.text.to_mut().push(c);
                    }
                }
                Event::Eof => {
                    return Err(malformed(match stack.last() {
                        None => "empty document".into(),
                        Some(open) => format!("document ends inside <{}>", open.name),
                    }));
                }
                _ => {}
            }
        }
    }

    /// The first child with this local name.
    pub fn child(&self, name: &str) -> Option<&Element<'a>> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child with this local name.
    pub fn children_named<'s>(
        &'s self,
        name: &'s str,
    ) -> impl Iterator<Item = &'s Element<'a>> + 's {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the first child with this name.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_ref())
    }

    /// The trimmed text of the first child with this name, when non-empty.
    pub fn child_value(&self, name: &str) -> Option<&str> {
        self.child_text(name)
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }

    /// Follows a path of child names.
    pub fn path(&self, names: &[&str]) -> Option<&Element<'a>> {
        names.iter().try_fold(self, |el, n| el.child(n))
    }

    /// The first child with this name, or a `MalformedResponse` error naming it.
    pub fn require(&self, name: &str) -> Result<&Element<'a>> {
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
            .map(|(_, v)| v.as_ref())
    }

    /// The same tree, owning all its text, so it can outlive the document.
    pub fn into_owned(self) -> Element<'static> {
        Element {
            name: Cow::Owned(self.name.into_owned()),
            attributes: self
                .attributes
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k.into_owned()), Cow::Owned(v.into_owned())))
                .collect(),
            text: Cow::Owned(self.text.into_owned()),
            children: self.children.into_iter().map(Element::into_owned).collect(),
        }
    }

    /// Searches the whole subtree, depth first, for the first element with this name.
    pub fn find(&self, name: &str) -> Option<&Element<'a>> {
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

/// Adds a finished child; indentation text its parent gathered so far is dropped.
fn adopt<'a>(parent: &mut Element<'a>, child: Element<'a>) {
    if parent.children.is_empty() && parent.text.bytes().all(|b| b.is_ascii_whitespace()) {
        parent.text = Cow::Borrowed("");
    }
    parent.children.push(child);
}

/// Appends a text chunk, borrowing when it is the first.
fn append<'a>(text: &mut Cow<'a, str>, chunk: Cow<'a, str>) {
    if text.is_empty() {
        *text = chunk;
    } else {
        text.to_mut().push_str(&chunk);
    }
}

/// The part of `doc` that `part` (a slice the reader handed out) covers.
fn slice_of<'a>(doc: &'a str, part: &[u8]) -> Option<&'a str> {
    let start = (part.as_ptr() as usize).checked_sub(doc.as_ptr() as usize)?;
    doc.get(start..start.checked_add(part.len())?)
}

/// A text chunk as `str`: borrowed from `doc` when the reader borrowed it.
fn text_of<'a>(doc: &'a str, bytes: Cow<'_, [u8]>) -> Result<Cow<'a, str>> {
    let text = match &bytes {
        Cow::Borrowed(b) => slice_of(doc, b).map(Cow::Borrowed),
        Cow::Owned(v) => std::str::from_utf8(v)
            .ok()
            .map(|t| Cow::Owned(t.to_string())),
    };
    text.ok_or_else(|| malformed("text is not part of the document".into()))
}

fn local_name(qname: &str) -> &str {
    match qname.find(':') {
        Some(i) => &qname[i + 1..],
        None => qname,
    }
}

/// Opens an element from its tag; the element borrows its name and attributes from
/// `doc`.
fn open<'a>(doc: &'a str, start: &quick_xml::events::BytesStart<'_>) -> Result<Element<'a>> {
    let tag =
        slice_of(doc, start).ok_or_else(|| malformed("tag is not part of the document".into()))?;
    let name_len = start.name().as_ref().len();
    let name = local_name(
        tag.get(..name_len)
            .ok_or_else(|| malformed("tag name is cut".into()))?,
    );
    let mut attributes = Vec::new();
    if tag.len() > name_len && !tag[name_len..].trim().is_empty() {
        for attr in quick_xml::events::attributes::Attributes::new(tag, name_len) {
            let attr = attr.map_err(|e| malformed(format!("bad attribute in <{name}>: {e}")))?;
            let key = slice_of(doc, attr.key.into_inner())
                .map(local_name)
                .ok_or_else(|| malformed(format!("bad attribute name in <{name}>")))?;
            let value = attr
                .unescape_value()
                .map_err(|e| malformed(format!("bad attribute value in <{name}>: {e}")))?;
            attributes.push((Cow::Borrowed(key), value));
        }
    }
    Ok(Element {
        name: Cow::Borrowed(name),
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
fn finish<'a>(reader: &mut Reader<&'a [u8]>, root: Element<'a>) -> Result<Element<'a>> {
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return Ok(root),
            Ok(Event::Text(t)) if t.iter().all(u8::is_ascii_whitespace) => {}
            Ok(Event::Comment(_) | Event::PI(_)) => {}
            Ok(_) => return Err(malformed("content after the root element".into())),
            Err(e) => return Err(malformed(e.to_string())),
        }
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
    fn owned_copy_outlives_the_document() {
        let owned = {
            let doc = DOC.to_string();
            Element::parse(doc.as_bytes()).unwrap().into_owned()
        };
        assert_eq!(owned.child_value("requestId"), Some("abc"));
        assert_eq!(owned.find("instanceId").unwrap().text, "i-1");
    }

    #[test]
    fn indentation_between_children_is_dropped() {
        let root = Element::parse(DOC.as_bytes()).unwrap();
        assert_eq!(root.text, "");
        assert_eq!(root.child("reservationSet").unwrap().text, "");
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
