//! The texts of a parsed answer, copied one after another into one `String` while the
//! answer is read, and found again by [`Span`]: a page then keeps only the texts it
//! uses, packed together, and none of the answer.

use cloud_core::{Error, Result};

/// Where a text is in its [`Texts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    start: u32,
    end: u32,
}

/// About how many times larger an answer is than the texts kept from it (a sixth to a
/// tenth of a `DescribeInstances` page is kept): the store starts at that size, so it
/// is seldom grown (and copied) while a page is read.
const KEPT_SHARE: usize = 6;

/// Copies texts into a [`Texts`] while an answer is read.
#[derive(Debug, Default)]
pub(super) struct SpanMaker {
    text: String,
}

impl SpanMaker {
    /// For the texts of an answer of `len` bytes; a `MalformedResponse` when it is too
    /// large for a [`Span`] to address (texts taken from an answer are never longer
    /// than it).
    pub fn new(len: usize) -> Result<Self> {
        if u32::try_from(len).is_err() {
            return Err(Error::malformed(format!(
                "an answer of {len} bytes is too large"
            )));
        }
        Ok(SpanMaker {
            text: String::with_capacity(len / KEPT_SHARE),
        })
    }

    /// Keeps `text`; where it is.
    pub fn span(&mut self, text: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(text);
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            start: at(start),
            end: at(self.text.len()),
        }
    }

    /// Keeps an element's text, when it was read.
    pub fn text(&mut self, text: &Option<std::borrow::Cow<'_, str>>) -> Option<Span> {
        text.as_deref().map(|t| self.span(t))
    }

    /// The texts kept.
    pub fn finish(self) -> Texts {
        Texts { text: self.text }
    }
}

/// The texts a [`SpanMaker`] kept.
#[derive(Debug, Default)]
pub(super) struct Texts {
    text: String,
}

impl Texts {
    /// The text at `span`; empty if it points nowhere (which a [`SpanMaker`] never
    /// makes).
    pub fn get(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default()
    }

    /// The text at `span`, when there is one.
    pub fn opt(&self, span: Option<Span>) -> Option<&str> {
        span.map(|s| self.get(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_found_again() {
        let mut maker = SpanMaker::new(100).unwrap();
        let a = maker.span("text");
        let empty = maker.span("");
        let b = maker.span("é & ☺");
        let none = maker.text(&None);
        let some = maker.text(&Some("x".into()));
        let texts = maker.finish();
        assert_eq!(texts.get(a), "text");
        assert_eq!(texts.get(empty), "");
        assert_eq!(texts.get(b), "é & ☺");
        assert_eq!(texts.opt(none), None);
        assert_eq!(texts.opt(some), Some("x"));
    }

    #[test]
    fn a_span_of_other_texts_reads_as_empty() {
        let mut maker = SpanMaker::new(10).unwrap();
        let long = maker.span("a longer text");
        let texts = SpanMaker::new(10).unwrap().finish();
        assert_eq!(texts.get(long), "");
    }

    #[test]
    fn answers_too_large_to_address_are_refused() {
        if let Ok(len) = usize::try_from(u64::from(u32::MAX) + 1) {
            assert!(SpanMaker::new(len).is_err());
        }
        assert!(SpanMaker::new(u32::MAX as usize).is_ok());
    }
}
