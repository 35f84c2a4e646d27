//! A visitor that writes what it is told as a compact trace, for the reader's and the
//! scanner's tests: `<name` for an opening (with its attributes when asked), `>` for a
//! closing, `t"…"` for text, `c"…"` for CDATA and `r'…'` for a reference.

use std::borrow::Cow;

use super::XmlVisitor;
use crate::Result;

/// The trace so far; see the module documentation.
#[derive(Debug, Default)]
pub(crate) struct Trace {
    pub(crate) out: String,
    /// Whether openings show their attributes (`<a[("x", "1")]`).
    pub(crate) attributes: bool,
}

impl Trace {
    /// A trace whose openings show their attributes.
    pub(crate) fn with_attributes() -> Self {
        Trace {
            out: String::new(),
            attributes: true,
        }
    }
}

impl<'a> XmlVisitor<'a> for Trace {
    fn open(&mut self, name: &'a str, attributes: Vec<(Cow<'a, str>, Cow<'a, str>)>) -> Result<()> {
        self.out.push('<');
        self.out.push_str(name);
        if self.attributes {
            self.out.push_str(&format!("{attributes:?}"));
        }
        Ok(())
    }
    fn close(&mut self) -> Result<()> {
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
