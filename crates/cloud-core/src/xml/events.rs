//! The bounded reader under [`Element::parse`](super::Element::parse), which hands a
//! document's content to an [`XmlVisitor`], for parsers that build their results
//! straight from the document without a tree.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::attributes::Attributes;
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::{document_text, malformed};
use crate::Result;

/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = 64;
/// Most elements accepted in one document.
pub const MAX_ELEMENTS: usize = 5_000_000;

/// Receives a document's content, in order, from [`visit`].
///
/// An empty element (`<a/>`) is an [`open`](XmlVisitor::open) followed by a
/// [`close`](XmlVisitor::close). Text, CDATA and references are only reported inside
/// the root element. An error a method returns stops the reading and is what
/// [`visit`] returns.
pub trait XmlVisitor<'a> {
    /// An element opens: its local name (prefix removed) and its attributes by local
    /// name, values unescaped, in document order.
    fn open(&mut self, name: &'a str, attributes: Vec<(Cow<'a, str>, Cow<'a, str>)>) -> Result<()>;
    /// The innermost open element closes.
    fn close(&mut self) -> Result<()>;
    /// Character data, untrimmed; entity and character references come separately,
    /// through [`XmlVisitor::char`].
    fn text(&mut self, text: Cow<'a, str>);
    /// The content of a CDATA section.
    fn cdata(&mut self, text: Cow<'a, str>);
    /// A resolved entity or character reference (`&amp;`, `&#x263A;`).
    fn char(&mut self, c: char);
}

/// Reads a whole document into `visitor`, with the checks of
/// [`Element::parse`](super::Element::parse): UTF-8 only, matching tags, known entities,
/// well-formed attributes, at most [`MAX_DEPTH`] levels and [`MAX_ELEMENTS`]
/// elements, nothing but whitespace, comments and processing instructions around the
/// root. Every failure is a `MalformedResponse`; none panics. `Ok` means the visitor
/// has seen a whole, well-formed document.
pub fn visit<'a>(bytes: &'a [u8], visitor: &mut impl XmlVisitor<'a>) -> Result<()> {
    // Checked once here, so names and text are sliced from `doc` without another
    // check each.
    let doc = document_text(bytes)?;
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(false);
    // Local names of the open elements, outermost first.
    let mut open_names: Vec<&'a str> = Vec::new();
    let mut count = 0usize;
    loop {
        // Matched in place: moving each event out of the result costs more than reading
        // the few fields used.
        let result = reader.read_event();
        let event = match &result {
            Ok(event) => event,
            Err(e) => {
                return Err(malformed(format!(
                    "at byte {}: {e}",
                    reader.buffer_position()
                )));
            }
        };
        match event {
            Event::Start(start) => {
                count += 1;
                if open_names.len() >= MAX_DEPTH || count > MAX_ELEMENTS {
                    return Err(malformed("document too deep or too large".into()));
                }
                let (name, attributes) = open(doc, start)?;
                open_names.push(name);
                visitor.open(name, attributes)?;
            }
            Event::Empty(start) => {
                count += 1;
                let (name, attributes) = open(doc, start)?;
                visitor.open(name, attributes)?;
                if open_names.is_empty() {
                    finish(&mut reader)?;
                    return visitor.close();
                }
                visitor.close()?;
            }
            Event::End(_) => {
                if open_names.pop().is_none() {
                    return Err(malformed("closing tag without an opening one".into()));
                }
                if open_names.is_empty() {
                    finish(&mut reader)?;
                    return visitor.close();
                }
                visitor.close()?;
            }
            Event::Text(t) => {
                if !open_names.is_empty() {
                    visitor.text(text_of(doc, t)?);
                } else if !t.iter().all(u8::is_ascii_whitespace) {
                    return Err(malformed("text before the root element".into()));
                }
            }
            Event::CData(t) if !open_names.is_empty() => {
                visitor.cdata(text_of(doc, t)?);
            }
            Event::GeneralRef(r) if !open_names.is_empty() => visitor.char(resolve_ref(r)?),
            Event::Eof => {
                return Err(malformed(match open_names.last() {
                    None => "empty document".into(),
                    Some(open) => format!("document ends inside <{open}>"),
                }));
            }
            _ => {}
        }
    }
}

/// After the root closes, only whitespace, comments and processing instructions may
/// follow: reads the rest of the document and fails on anything else.
pub fn finish(reader: &mut Reader<&[u8]>) -> Result<()> {
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return Ok(()),
            Ok(Event::Text(t)) if t.iter().all(u8::is_ascii_whitespace) => {}
            Ok(Event::Comment(_) | Event::PI(_)) => {}
            Ok(_) => return Err(malformed("content after the root element".into())),
            Err(e) => return Err(malformed(e.to_string())),
        }
    }
}

/// The part of `doc` that `part` (a slice the reader handed out of it) covers.
pub fn slice_of<'a>(doc: &'a str, part: &[u8]) -> Option<&'a str> {
    let start = (part.as_ptr() as usize).checked_sub(doc.as_ptr() as usize)?;
    doc.get(start..start.checked_add(part.len())?)
}

/// A text chunk as `str`: borrowed from `doc` when the reader borrowed it.
fn text_of<'a>(doc: &'a str, bytes: &[u8]) -> Result<Cow<'a, str>> {
    let text = match slice_of(doc, bytes) {
        Some(t) => Some(Cow::Borrowed(t)),
        None => std::str::from_utf8(bytes)
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

/// The local name and attributes of a tag, borrowed from `doc`.
type Tag<'a> = (&'a str, Vec<(Cow<'a, str>, Cow<'a, str>)>);

/// Reads a tag; its name and attributes borrow from `doc`.
fn open<'a>(doc: &'a str, start: &BytesStart<'_>) -> Result<Tag<'a>> {
    let tag =
        slice_of(doc, start).ok_or_else(|| malformed("tag is not part of the document".into()))?;
    let name_len = start.name().as_ref().len();
    let name = local_name(
        tag.get(..name_len)
            .ok_or_else(|| malformed("tag name is cut".into()))?,
    );
    let mut attributes = Vec::new();
    if tag.len() > name_len && !tag[name_len..].trim().is_empty() {
        for attr in Attributes::new(tag, name_len) {
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
    Ok((name, attributes))
}

/// The character a reference stands for: `&#NN;`, `&#xNN;` or one of XML's five named
/// entities; anything else is malformed.
pub fn resolve_ref(r: &BytesRef<'_>) -> Result<char> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::xml::trace::Trace;

    fn trace(doc: &str) -> Result<String> {
        let mut t = Trace::with_attributes();
        visit(doc.as_bytes(), &mut t)?;
        Ok(t.out)
    }

    #[test]
    fn reports_local_names_text_references_and_empty_elements() {
        let doc = "<?xml version=\"1.0\"?>\n<p:a x=\"1\"><b>t&amp;<![CDATA[<c>]]></b><d/></p:a>\n<!-- end -->";
        assert_eq!(
            trace(doc).unwrap(),
            r#"<a[("x", "1")]<b[]t"t"r'&'c"<c>"><d[]>>"#
        );
    }

    #[test]
    fn an_empty_root_is_a_whole_document() {
        assert_eq!(trace("<a/>").unwrap(), "<a[]>");
        assert!(trace("<a/><b/>").is_err());
    }

    #[test]
    fn a_visitor_error_stops_the_reading() {
        struct Refuse;
        impl<'a> XmlVisitor<'a> for Refuse {
            fn open(&mut self, _: &'a str, _: Vec<(Cow<'a, str>, Cow<'a, str>)>) -> Result<()> {
                Err(crate::Error::malformed("no"))
            }
            fn close(&mut self) -> Result<()> {
                unreachable!("nothing was opened")
            }
            fn text(&mut self, _: Cow<'a, str>) {}
            fn cdata(&mut self, _: Cow<'a, str>) {}
            fn char(&mut self, _: char) {}
        }
        assert_eq!(
            visit(b"<a></a>", &mut Refuse).unwrap_err().to_string(),
            "no"
        );
    }

    #[test]
    fn depth_is_bounded() {
        let deep = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(trace(&deep).is_ok());
        let deeper = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(
            trace(&deeper).unwrap_err().kind(),
            ErrorKind::MalformedResponse
        );
    }
}
