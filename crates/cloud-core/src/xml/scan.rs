//! A strict, zero-copy XML tokenizer for parsers that read one large answer straight
//! into their results (a `DescribeInstances` page of a thousand instances holds millions
//! of tokens, so what is done per token is what such a listing costs).
//!
//! It keeps the rules of [`visit`](super::visit): UTF-8 only, matching tags, known
//! entities and valid character references, well-formed attributes (quoted, unique, no
//! `<` in values), at most [`MAX_DEPTH`] levels and [`MAX_ELEMENTS`] elements, one root
//! with nothing but whitespace, comments and processing instructions around it. It
//! refuses document type declarations outright, so no entity can be declared. Every
//! failure is a `MalformedResponse`; nothing panics, and every call moves forward, so a
//! scan always ends.

use memchr::{memchr, memmem};

use super::scan_bytes::{first_low_byte_where, starts_with_at, text_end};
use super::{MAX_DEPTH, MAX_ELEMENTS, document_text, malformed};
use crate::Result;

/// One step of a document, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    /// An element opens: its local name (after the first `:` of its name). Its
    /// attributes are checked, not reported. An empty element (`<a/>`) is an `Open`
    /// followed by a [`Token::Close`].
    Open(&'a str),
    /// The innermost open element closes.
    Close,
    /// Character data inside the root element, untrimmed, up to the next tag or
    /// reference.
    Text(&'a str),
    /// The content of a CDATA section inside the root element.
    CData(&'a str),
    /// A resolved entity or character reference inside the root element.
    Char(char),
    /// The root element has closed and only whitespace, comments and processing
    /// instructions follow it: the document is whole.
    End,
}

/// Reads a document token by token; see the [module docs](self) for its rules.
#[derive(Debug)]
pub struct Scanner<'a> {
    doc: &'a str,
    pos: usize,
    /// Full names of the open elements, outermost first.
    open: Vec<&'a str>,
    elements: usize,
    /// An empty element was reported open and is still to be reported closed.
    empty_pending: bool,
    /// The root has closed and the rest was checked.
    finished: bool,
}

impl<'a> Scanner<'a> {
    /// A scanner at the start of `bytes`; a `MalformedResponse` if they are not UTF-8.
    pub fn new(bytes: &'a [u8]) -> Result<Self> {
        let doc = document_text(bytes)?;
        Ok(Scanner {
            doc,
            // A byte order mark is not text before the root.
            pos: if doc.starts_with('\u{FEFF}') { 3 } else { 0 },
            open: Vec::with_capacity(16),
            elements: 0,
            empty_pending: false,
            finished: false,
        })
    }

    /// How many elements are open.
    pub fn depth(&self) -> usize {
        self.open.len() + usize::from(self.empty_pending)
    }

    /// The next token; after [`Token::End`], `End` again.
    ///
    /// Inlined into its caller's loop: the common tokens (a start tag without
    /// attributes, the end tag of the innermost element, text inside the root) take a
    /// short path; everything else goes through the general, out-of-line one.
    // Not an `Iterator`: the tokens end with `End`, and an error is not an item.
    #[allow(clippy::should_implement_trait)]
    #[inline]
    pub fn next(&mut self) -> Result<Token<'a>> {
        if self.empty_pending {
            self.empty_pending = false;
            return self.closed();
        }
        let bytes = self.doc.as_bytes();
        match bytes.get(self.pos) {
            Some(b'<') => match bytes.get(self.pos + 1) {
                Some(b'/') => self.end_tag(),
                Some(b'!' | b'?') => self.next_in_general(),
                _ => self.start_tag(),
            },
            Some(b'&') | None => self.next_in_general(),
            Some(_) if !self.open.is_empty() => {
                let end = text_end(bytes, self.pos);
                let text = slice(self.doc, self.pos, end)?;
                self.pos = end;
                Ok(Token::Text(text))
            }
            Some(_) => self.next_in_general(),
        }
    }

    /// The next token, whatever is at `pos`: markup, references, what surrounds the
    /// root, the end.
    #[inline(never)]
    fn next_in_general(&mut self) -> Result<Token<'a>> {
        if self.finished {
            return Ok(Token::End);
        }
        let bytes = self.doc.as_bytes();
        loop {
            let Some(&b) = bytes.get(self.pos) else {
                return Err(self.ended());
            };
            match b {
                b'<' => match bytes.get(self.pos + 1) {
                    Some(b'/') => return self.end_tag(),
                    Some(b'!') => {
                        if let Some(cdata) = self.markup()? {
                            return Ok(Token::CData(cdata));
                        }
                    }
                    Some(b'?') => self.skip_pi()?,
                    _ => return self.start_tag(),
                },
                b'&' => {
                    if self.open.is_empty() {
                        return Err(malformed("text before the root element".into()));
                    }
                    let (c, next) = reference(self.doc, self.pos)?;
                    self.pos = next;
                    return Ok(Token::Char(c));
                }
                _ => {
                    let end = text_end(bytes, self.pos);
                    let text = slice(self.doc, self.pos, end)?;
                    self.pos = end;
                    if !self.open.is_empty() {
                        return Ok(Token::Text(text));
                    }
                    if !is_space(text.as_bytes()) {
                        return Err(malformed("text before the root element".into()));
                    }
                }
            }
        }
    }

    /// The error for a document that stops before its root closes.
    #[cold]
    fn ended(&self) -> crate::Error {
        malformed(match self.open.last() {
            None => "empty document".into(),
            Some(name) => format!("document ends inside <{name}>"),
        })
    }

    /// `<name attributes>` or `<name attributes/>` at `pos`.
    #[inline]
    fn start_tag(&mut self) -> Result<Token<'a>> {
        let bytes = self.doc.as_bytes();
        let start = self.pos + 1;
        // Every byte that ends a name, or may not be in one, is below `0x40`, as is
        // the `:` before a local name.
        let mut colon = None;
        let i = first_low_byte_where(bytes, start, |at, b| {
            if b == b':' && colon.is_none() {
                colon = Some(at);
            }
            NAME_BYTES[usize::from(b)] != IN_NAME
        });
        let (empty, next) = match (bytes.get(i), bytes.get(i + 1)) {
            (Some(b'>'), _) if i > start => (false, i + 1),
            (Some(b'/'), Some(b'>')) if i > start => (true, i + 2),
            _ => self.unusual_start_tag(start, i)?,
        };
        let name = slice(self.doc, start, i)?;
        self.elements += 1;
        if self.open.len() >= MAX_DEPTH || self.elements > MAX_ELEMENTS {
            return Err(too_large());
        }
        self.pos = next;
        if empty {
            self.empty_pending = true;
        } else {
            self.open.push(name);
        }
        let local = match colon {
            Some(at) => slice(self.doc, at + 1, i)?,
            None => name,
        };
        Ok(Token::Open(local))
    }

    /// A start tag whose name, from `start`, stops at `i` on something other than `>`
    /// or `/>`: a bad name, or attributes. Whether the element is empty, and where the
    /// tag ends.
    #[inline(never)]
    fn unusual_start_tag(&self, start: usize, i: usize) -> Result<(bool, usize)> {
        let bytes = self.doc.as_bytes();
        if bytes
            .get(i)
            .is_some_and(|&b| NAME_BYTES[usize::from(b)] == NOT_IN_NAME)
        {
            return Err(malformed(format!(
                "bad character in a tag name at byte {i}"
            )));
        }
        if i == start {
            return Err(malformed(format!("a tag without a name at byte {start}")));
        }
        let name = slice(self.doc, start, i)?;
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(b'>'), _) => Ok((false, i + 1)),
            (Some(b'/'), Some(b'>')) => Ok((true, i + 2)),
            (None, _) => Err(malformed(format!("document ends inside <{name}"))),
            _ => attributes(self.doc, i, name),
        }
    }

    /// `</name>` at `pos`.
    #[inline]
    fn end_tag(&mut self) -> Result<Token<'a>> {
        let bytes = self.doc.as_bytes();
        let start = self.pos + 2;
        // Almost always the tag is exactly `</name>` for the innermost open `name`.
        if let Some(&open) = self.open.last() {
            let end = start + open.len();
            if bytes.get(end) == Some(&b'>') && starts_with_at(bytes, start, open.as_bytes()) {
                self.open.pop();
                self.pos = end + 1;
                return self.closed();
            }
        }
        self.unusual_end_tag()
    }

    /// `</name>` at `pos`, spaced, or not closing the innermost open element.
    #[inline(never)]
    fn unusual_end_tag(&mut self) -> Result<Token<'a>> {
        let bytes = self.doc.as_bytes();
        let start = self.pos + 2;
        let Some(gt) = memchr(b'>', &bytes[start.min(bytes.len())..]).map(|i| start + i) else {
            return Err(self.ended());
        };
        let name = slice(self.doc, start, gt)?.trim_end_matches([' ', '\t', '\n', '\r']);
        match self.open.pop() {
            None => return Err(malformed("closing tag without an opening one".into())),
            Some(open) if open != name => {
                let shown: String = name.chars().take(60).collect();
                return Err(malformed(format!(
                    "</{shown}> closes <{open}> at byte {}",
                    self.pos
                )));
            }
            Some(_) => {}
        }
        self.pos = gt + 1;
        self.closed()
    }

    /// The `Close` of an element; when it was the root, the rest of the document is
    /// checked first.
    #[inline]
    fn closed(&mut self) -> Result<Token<'a>> {
        if self.open.is_empty() {
            self.finish()?;
        }
        Ok(Token::Close)
    }

    /// Checks that only whitespace, comments and processing instructions follow the
    /// root.
    #[inline(never)]
    fn finish(&mut self) -> Result<()> {
        let bytes = self.doc.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            match (b, bytes.get(self.pos + 1)) {
                (b' ' | b'\t' | b'\n' | b'\r', _) => self.pos += 1,
                (b'<', Some(b'?')) if !is_declaration(&bytes[self.pos..]) => self.skip_pi()?,
                (b'<', Some(b'!')) if bytes[self.pos..].starts_with(b"<!--") => {
                    self.skip_past(4, "-->", "comment")?;
                }
                _ => {
                    return Err(malformed(format!(
                        "content after the root element at byte {}",
                        self.pos
                    )));
                }
            }
        }
        self.finished = true;
        Ok(())
    }

    /// `<!...>` at `pos`: a comment is skipped, a CDATA section inside the root is
    /// returned; anything else (a DTD) is refused.
    fn markup(&mut self) -> Result<Option<&'a str>> {
        let rest = &self.doc.as_bytes()[self.pos..];
        if rest.starts_with(b"<!--") {
            self.skip_past(4, "-->", "comment")?;
            Ok(None)
        } else if rest.starts_with(b"<![CDATA[") {
            if self.open.is_empty() {
                return Err(malformed("CDATA before the root element".into()));
            }
            let start = self.pos + 9;
            let end = find(self.doc, start, "]]>").ok_or_else(|| self.ended())?;
            self.pos = end + 3;
            slice(self.doc, start, end).map(Some)
        } else if rest.starts_with(b"<!DOCTYPE") {
            Err(malformed(
                "document type declarations are not accepted".into(),
            ))
        } else {
            Err(malformed(format!("unknown markup at byte {}", self.pos)))
        }
    }

    /// Moves past a processing instruction (`<?target data?>`, the XML declaration
    /// among them); `<?>` is not one.
    fn skip_pi(&mut self) -> Result<()> {
        let at = find(self.doc, self.pos + 1, "?>")
            .filter(|&at| at > self.pos + 1)
            .ok_or_else(|| {
                malformed(format!(
                    "an unclosed processing instruction at byte {}",
                    self.pos
                ))
            })?;
        self.pos = at + 2;
        Ok(())
    }

    /// Moves past the next `end` at least `open` bytes on (past `<!--` or `<?`): the
    /// close of a comment or processing instruction.
    fn skip_past(&mut self, open: usize, end: &str, what: &str) -> Result<()> {
        let at = find(self.doc, self.pos + open, end)
            .ok_or_else(|| malformed(format!("document ends inside a {what}")))?;
        self.pos = at + end.len();
        Ok(())
    }
}

/// A byte that may be part of a tag name, in [`NAME_BYTES`].
const IN_NAME: u8 = 0;
/// A byte that ends a tag name (whitespace, `/`, `>`).
const ENDS_NAME: u8 = 1;
/// A byte no tag name may hold (`<`, `&`, quotes, `=`).
const NOT_IN_NAME: u8 = 2;

/// What each byte is to a tag name: one load per byte instead of a chain of compares.
static NAME_BYTES: [u8; 256] = {
    let mut table = [IN_NAME; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = match i as u8 {
            b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>' => ENDS_NAME,
            b'<' | b'&' | b'"' | b'\'' | b'=' => NOT_IN_NAME,
            _ => IN_NAME,
        };
        i += 1;
    }
    table
};

/// Where `needle` next starts in `doc` at or after `from`.
fn find(doc: &str, from: usize, needle: &str) -> Option<usize> {
    let hay = doc.as_bytes().get(from..)?;
    memmem::find(hay, needle.as_bytes()).map(|i| from + i)
}

/// `doc[start..end]`, as an error rather than a panic if that is not a slice of it.
#[inline]
fn slice(doc: &str, start: usize, end: usize) -> Result<&str> {
    doc.get(start..end).ok_or_else(|| no_slice(start, end))
}

#[cold]
fn no_slice(start: usize, end: usize) -> crate::Error {
    malformed(format!("no text between bytes {start} and {end}"))
}

fn is_space(bytes: &[u8]) -> bool {
    bytes.iter().all(is_xml_space)
}

/// Whether `rest` starts with an XML declaration (`<?xml` and a space or `?`), which
/// may not follow the root.
fn is_declaration(rest: &[u8]) -> bool {
    rest.starts_with(b"<?xml") && rest.get(5).is_none_or(|b| is_xml_space(b) || *b == b'?')
}

/// XML's whitespace: space, tab, line feed, carriage return (not form feed).
fn is_xml_space(b: &u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The error for a document past [`MAX_DEPTH`] or [`MAX_ELEMENTS`].
#[cold]
fn too_large() -> crate::Error {
    malformed("document too deep or too large".into())
}

/// Checks the attributes of `<name` from byte `at` (just after the name) to the end of
/// the tag; whether the element is empty, and where the tag ends.
#[inline(never)]
fn attributes(doc: &str, at: usize, name: &str) -> Result<(bool, usize)> {
    let bytes = doc.as_bytes();
    let bad = |what: &str| malformed(format!("bad attribute in <{name}>: {what}"));
    let mut seen: Vec<&str> = Vec::new();
    let mut i = at;
    loop {
        let spaced = bytes.get(i).is_some_and(is_xml_space);
        while bytes.get(i).is_some_and(is_xml_space) {
            i += 1;
        }
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(b'>'), _) => return Ok((false, i + 1)),
            (Some(b'/'), Some(b'>')) => return Ok((true, i + 2)),
            (None, _) => return Err(malformed(format!("document ends inside <{name}"))),
            _ if !spaced => return Err(bad("no space before it")),
            _ => {}
        }
        let start = i;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'=' | b' ' | b'\t' | b'\n' | b'\r' => break,
                b'<' | b'>' | b'&' | b'"' | b'\'' | b'/' => return Err(bad("a bad name")),
                _ => i += 1,
            }
        }
        let key = slice(doc, start, i)?;
        if key.is_empty() {
            return Err(bad("no name"));
        }
        if seen.contains(&key) {
            return Err(bad(&format!("{key} given twice")));
        }
        seen.push(key);
        while bytes.get(i).is_some_and(is_xml_space) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            return Err(bad(&format!("{key} has no value")));
        }
        i += 1;
        while bytes.get(i).is_some_and(is_xml_space) {
            i += 1;
        }
        let quote = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Err(bad(&format!("the value of {key} is not quoted"))),
        };
        let value_start = i + 1;
        let value_end = memchr(quote, bytes.get(value_start..).unwrap_or_default())
            .map(|n| value_start + n)
            .ok_or_else(|| malformed(format!("document ends inside <{name}")))?;
        if memchr(b'<', &bytes[value_start..value_end]).is_some() {
            return Err(bad(&format!("a `<` in the value of {key}")));
        }
        check_references(doc, value_start, value_end)?;
        i = value_end + 1;
    }
}

/// Checks every reference in `doc[start..end]` (an attribute value) is known and ends
/// inside it.
fn check_references(doc: &str, start: usize, end: usize) -> Result<()> {
    let mut at = start;
    while let Some(amp) = memchr(b'&', &doc.as_bytes()[at..end]) {
        let (_, next) = reference(doc, at + amp)?;
        if next > end {
            return Err(malformed(format!(
                "a reference runs past its attribute value at byte {}",
                at + amp
            )));
        }
        at = next;
    }
    Ok(())
}

/// Longest reference accepted between `&` and `;` (`#x10FFFF` and every named one fit).
const MAX_REFERENCE: usize = 10;

/// The character of the reference at `at` (an `&`), and the byte after its `;`.
fn reference(doc: &str, at: usize) -> Result<(char, usize)> {
    let bytes = doc.as_bytes();
    let body = bytes.get(at + 1..).unwrap_or_default();
    let window = &body[..body.len().min(MAX_REFERENCE + 1)];
    let semi = memchr(b';', window)
        .ok_or_else(|| malformed(format!("an unterminated reference at byte {at}")))?;
    let name = slice(doc, at + 1, at + 1 + semi)?;
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => character(name).ok_or_else(|| {
            let shown: String = name.chars().take(MAX_REFERENCE).collect();
            malformed(format!("unknown entity &{shown};"))
        })?,
    };
    Ok((c, at + semi + 2))
}

/// The character of a character reference's body (`#65`, `#x41`), when it names a
/// character XML allows.
fn character(name: &str) -> Option<char> {
    let digits = name.strip_prefix('#')?;
    let code = match digits.strip_prefix('x') {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u32::from_str_radix(hex, 16).ok()?
        }
        Some(_) => return None,
        None if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            digits.parse().ok()?
        }
        None => return None,
    };
    let allowed = matches!(code, 0x9 | 0xA | 0xD | 0x20..);
    char::from_u32(code).filter(|_| allowed)
}

#[cfg(test)]
#[path = "scan_tests.rs"]
mod tests;
