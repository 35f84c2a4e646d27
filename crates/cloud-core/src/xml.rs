//! A small, bounded XML reader for provider responses (EC2, S3, Slicehost, …).
//!
//! Responses are read into a tree of [`Element`]s keyed by *local* name, so namespace
//! prefixes and namespace URI variants (with or without a trailing slash) make no
//! difference. Malformed, truncated or hostile documents give
//! [`ErrorKind::MalformedResponse`](crate::ErrorKind), never a panic: depth and element
//! count are bounded.

mod events;
pub mod scan;
mod scan_bytes;
#[cfg(test)]
mod trace;

use std::borrow::Cow;

use crate::{Error, Result};

pub use events::{MAX_DEPTH, MAX_ELEMENTS, XmlVisitor, visit};

/// Building blocks for a driver that drives quick-xml itself (a parser specialised for
/// one large answer), with the same rules and errors as [`visit`].
pub mod raw {
    pub use super::events::{finish, resolve_ref, slice_of};
    pub use super::malformed;
}

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
        let mut tree = TreeBuilder::default();
        visit(bytes, &mut tree)?;
        tree.root.ok_or_else(|| malformed("empty document".into()))
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

/// Builds the tree of [`Element::parse`] from the reader's events.
#[derive(Default)]
struct TreeBuilder<'a> {
    /// The open elements, outermost first.
    stack: Vec<Element<'a>>,
    root: Option<Element<'a>>,
}

impl<'a> XmlVisitor<'a> for TreeBuilder<'a> {
    fn open(&mut self, name: &'a str, attributes: Vec<(Cow<'a, str>, Cow<'a, str>)>) -> Result<()> {
        self.stack.push(Element {
            name: Cow::Borrowed(name),
            attributes,
            ..Default::default()
        });
        Ok(())
    }

    fn close(&mut self) -> Result<()> {
        let el = self
            .stack
            .pop()
            .ok_or_else(|| malformed("closing tag without an opening one".into()))?;
        match self.stack.last_mut() {
            Some(parent) => adopt(parent, el),
            None => self.root = Some(el),
        }
        Ok(())
    }

    fn text(&mut self, text: Cow<'a, str>) {
        if let Some(top) = self.stack.last_mut()
            && (top.children.is_empty() || !is_blank(&text))
        {
            append(&mut top.text, text);
        }
    }

    fn cdata(&mut self, text: Cow<'a, str>) {
        if let Some(top) = self.stack.last_mut() {
            append(&mut top.text, text);
        }
    }

    fn char(&mut self, c: char) {
        if let Some(top) = self.stack.last_mut() {
            top.text.to_mut().push(c);
        }
    }
}

/// Escapes text for use inside an XML element or attribute.
pub fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// Adds a finished child; indentation text its parent gathered so far is dropped.
fn adopt<'a>(parent: &mut Element<'a>, child: Element<'a>) {
    if parent.children.is_empty() && is_blank(&parent.text) {
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

/// Whether a text chunk is only ASCII whitespace (indentation between elements).
pub fn is_blank(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_whitespace())
}

/// The whole document as text; a `MalformedResponse` saying where it stops being
/// UTF-8 if it is not. The fast check says only whether the bytes are UTF-8; the
/// standard one, run when they are not, says where.
pub(crate) fn document_text(bytes: &[u8]) -> Result<&str> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(doc) => Ok(doc),
        Err(_) => {
            std::str::from_utf8(bytes).map_err(|e| malformed(format!("document is not UTF-8: {e}")))
        }
    }
}

/// A `MalformedResponse` error about the document: `invalid XML: {detail}`.
pub fn malformed(detail: String) -> Error {
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
