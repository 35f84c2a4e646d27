//! The event loop under the `DescribeInstances` parser: quick-xml's events handed to a
//! [`TextSink`] with the checks and limits of `cloud_core::xml::visit` (UTF-8 only,
//! matching tags, known entities, well-formed attributes, at most `MAX_DEPTH` levels and
//! `MAX_ELEMENTS` elements, nothing but whitespace, comments and processing
//! instructions around the root), but none of the work the sink does not need: text is
//! only turned into `str` where the sink keeps it, and attributes, which it never
//! reads, are only checked.
//!
//! An answer of a thousand instances holds millions of events, so what is done per
//! event is what a large listing costs.

use std::borrow::Cow;

use cloud_core::Result;
use cloud_core::xml::raw::{self, finish, malformed, resolve_ref};
use cloud_core::xml::{MAX_DEPTH, MAX_ELEMENTS, XmlVisitor};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// An [`XmlVisitor`] that says when it wants an element's text.
pub(super) trait TextSink<'a>: XmlVisitor<'a> {
    /// Whether text, CDATA and references in the element open now are wanted.
    fn wants_text(&self) -> bool;
}

/// Reads a whole document into `sink`; `Ok` means the sink has seen a whole,
/// well-formed document. Every failure is a `MalformedResponse`; none panics.
pub(super) fn read<'a>(bytes: &'a [u8], sink: &mut impl TextSink<'a>) -> Result<()> {
    let doc =
        std::str::from_utf8(bytes).map_err(|e| malformed(format!("document is not UTF-8: {e}")))?;
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(false);
    let mut open_names: Vec<&'a str> = Vec::with_capacity(16);
    let mut count = 0usize;
    loop {
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
                let name = open(doc, start)?;
                open_names.push(name);
                sink.open(name, Vec::new())?;
            }
            Event::Empty(start) => {
                count += 1;
                sink.open(open(doc, start)?, Vec::new())?;
                if open_names.is_empty() {
                    finish(&mut reader)?;
                    return sink.close();
                }
                sink.close()?;
            }
            Event::End(_) => {
                if open_names.pop().is_none() {
                    return Err(malformed("closing tag without an opening one".into()));
                }
                if open_names.is_empty() {
                    finish(&mut reader)?;
                    return sink.close();
                }
                sink.close()?;
            }
            Event::Text(t) => {
                if open_names.is_empty() {
                    if !t.iter().all(u8::is_ascii_whitespace) {
                        return Err(malformed("text before the root element".into()));
                    }
                } else if sink.wants_text() {
                    sink.text(Cow::Borrowed(slice_of(doc, t)?));
                }
            }
            Event::CData(t) if !open_names.is_empty() && sink.wants_text() => {
                sink.cdata(Cow::Borrowed(slice_of(doc, t)?));
            }
            Event::GeneralRef(r) if !open_names.is_empty() => {
                let c = resolve_ref(r)?;
                if sink.wants_text() {
                    sink.char(c);
                }
            }
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

/// The part of `doc` that `part` (a slice the reader handed out of it) covers.
fn slice_of<'a>(doc: &'a str, part: &[u8]) -> Result<&'a str> {
    raw::slice_of(doc, part).ok_or_else(|| malformed("text is not part of the document".into()))
}

/// The local name of a tag (after the first `:` of its name), borrowed from `doc`; its
/// attributes, when it has any, are checked and dropped.
fn open<'a>(doc: &'a str, start: &BytesStart<'_>) -> Result<&'a str> {
    let qname = start.name().into_inner();
    let local = match qname.iter().position(|&b| b == b':') {
        Some(i) => &qname[i + 1..],
        None => qname,
    };
    let name = slice_of(doc, local)?;
    let rest = &start.as_ref()[qname.len()..];
    if !rest.iter().all(u8::is_ascii_whitespace) {
        for attr in start.attributes() {
            let attr = attr.map_err(|e| malformed(format!("bad attribute in <{name}>: {e}")))?;
            attr.unescape_value()
                .map_err(|e| malformed(format!("bad attribute value in <{name}>: {e}")))?;
        }
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes what it is told as a compact trace; wants text everywhere but in `<s>`.
    #[derive(Default)]
    struct Trace {
        out: String,
        open: Vec<String>,
    }

    impl<'a> XmlVisitor<'a> for Trace {
        fn open(&mut self, name: &'a str, _: Vec<(Cow<'a, str>, Cow<'a, str>)>) -> Result<()> {
            self.out.push_str(&format!("<{name}"));
            self.open.push(name.to_string());
            Ok(())
        }
        fn close(&mut self) -> Result<()> {
            self.open.pop();
            self.out.push('>');
            Ok(())
        }
        fn text(&mut self, text: Cow<'a, str>) {
            self.out.push_str(&format!("t{text:?}"));
        }
        fn cdata(&mut self, text: Cow<'a, str>) {
            self.out.push_str(&format!("c{text:?}"));
        }
        fn char(&mut self, c: char) {
            self.out.push_str(&format!("r{c:?}"));
        }
    }

    impl TextSink<'_> for Trace {
        fn wants_text(&self) -> bool {
            self.open.last().is_none_or(|n| n != "s")
        }
    }

    fn trace(doc: &str) -> Result<String> {
        let mut t = Trace::default();
        read(doc.as_bytes(), &mut t)?;
        Ok(t.out)
    }

    #[test]
    fn reports_local_names_text_references_and_empty_elements() {
        let doc = "<?xml version=\"1.0\"?>\n<p:a x=\"1\"><b>t&amp;<![CDATA[<c>]]></b><d/><s>no&lt;</s></p:a>\n<!-- end -->";
        assert_eq!(trace(doc).unwrap(), r#"<a<bt"t"r'&'c"<c>"><d><s>>"#);
    }

    #[test]
    fn malformed_documents_are_refused() {
        for bad in [
            "",
            "  ",
            "x<a/>",
            "<a>",
            "<a></b>",
            "</a>",
            "<a/><b/>",
            "<a></a>x",
            "<a>&bogus;</a>",
            "<s>&bogus;</s>",
            "<a b=></a>",
            "<a b=\"&bogus;\"></a>",
        ] {
            let err = trace(bad).unwrap_err();
            assert_eq!(
                err.kind(),
                cloud_core::ErrorKind::MalformedResponse,
                "{bad}"
            );
        }
        assert!(read(b"\xff<a/>", &mut Trace::default()).is_err());
        assert_eq!(trace("<a/>\n<!-- c --><?pi?>\n").unwrap(), "<a>");
    }

    #[test]
    fn depth_is_bounded() {
        let deep = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(trace(&deep).is_ok());
        let n = MAX_DEPTH + 1;
        let deeper = format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
        assert!(trace(&deeper).is_err());
    }
}
