//! The token loop under the `DescribeInstances` parser: the tokens of
//! `cloud_core::xml::scan` (the rules and limits of `cloud_core::xml::visit`, and no
//! element tree) handed to a [`TextSink`], text only where the sink keeps it.
//!
//! An answer of a thousand instances holds millions of tokens, so what is done per
//! token is what a large listing costs.

use std::borrow::Cow;

use cloud_core::Result;
use cloud_core::xml::XmlVisitor;
use cloud_core::xml::scan::{Scanner, Token};

/// An [`XmlVisitor`] that says when it wants an element's text.
pub(super) trait TextSink<'a>: XmlVisitor<'a> {
    /// Whether text, CDATA and references in the element open now are wanted.
    fn wants_text(&self) -> bool;
}

/// Reads a whole document into `sink`; `Ok` means the sink has seen a whole,
/// well-formed document. Every failure is a `MalformedResponse`; none panics.
pub(super) fn read<'a>(bytes: &'a [u8], sink: &mut impl TextSink<'a>) -> Result<()> {
    let mut scanner = Scanner::new(bytes)?;
    loop {
        match scanner.next()? {
            Token::Open(name) => sink.open(name, Vec::new())?,
            Token::Close => sink.close()?,
            Token::Text(text) if sink.wants_text() => sink.text(Cow::Borrowed(text)),
            Token::CData(text) if sink.wants_text() => sink.cdata(Cow::Borrowed(text)),
            Token::Char(c) if sink.wants_text() => sink.char(c),
            Token::End => return Ok(()),
            Token::Text(_) | Token::CData(_) | Token::Char(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::xml::MAX_DEPTH;

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
