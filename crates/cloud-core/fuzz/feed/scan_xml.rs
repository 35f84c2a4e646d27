//! What the `scan_xml` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`. The input goes to the XML scanner
//! (`cloud_core::xml::scan`) and to the tree reader's `visit` (quick-xml): the scanner may
//! refuse the input, but must never panic nor loop, and a document it reads whole must
//! read the same, token for token, through `visit`.

use std::borrow::Cow;

use cloud_core::Result;
use cloud_core::xml::scan::{Scanner, Token};
use cloud_core::xml::{XmlVisitor, visit};

/// Feeds one input to both readers.
pub fn feed(data: &[u8]) {
    if let Some(ours) = scanned(data) {
        let theirs = visited(data);
        assert_eq!(
            Some(&ours),
            theirs.as_ref(),
            "the scanner read a document quick-xml reads otherwise"
        );
    }
}

/// The scanner's tokens as a trace, when it reads the whole document.
fn scanned(data: &[u8]) -> Option<String> {
    let mut scanner = Scanner::new(data).ok()?;
    let mut trace = String::new();
    // Every token moves forward by at least a byte, or closes an empty element.
    for _ in 0..=2 * data.len() + 2 {
        match scanner.next().ok()? {
            Token::Open(name) => trace.push_str(&format!("<{name}")),
            Token::Close => trace.push('>'),
            Token::Text(t) | Token::CData(t) => trace.push_str(t),
            Token::Char(c) => trace.push(c),
            Token::End => return Some(trace),
        }
    }
    panic!("the scanner did not end");
}

/// What `visit` reports, as the same trace, when it reads the document.
fn visited(data: &[u8]) -> Option<String> {
    #[derive(Default)]
    struct Trace(String);
    impl<'a> XmlVisitor<'a> for Trace {
        fn open(&mut self, name: &'a str, _: Vec<(Cow<'a, str>, Cow<'a, str>)>) -> Result<()> {
            self.0.push_str(&format!("<{name}"));
            Ok(())
        }
        fn close(&mut self) -> Result<()> {
            self.0.push('>');
            Ok(())
        }
        fn text(&mut self, t: Cow<'a, str>) {
            self.0.push_str(&t);
        }
        fn cdata(&mut self, t: Cow<'a, str>) {
            self.0.push_str(&t);
        }
        fn char(&mut self, c: char) {
            self.0.push(c);
        }
    }
    let mut trace = Trace::default();
    visit(data, &mut trace).ok()?;
    Some(trace.0)
}
