//! Splitting zone file text into entries (one record or directive each) of tokens: words
//! and quoted strings separated by spaces and tabs, `;` comments to the end of the line
//! (not inside quotes), parentheses joining lines, `\` escaping the next character, CR LF
//! and LF line ends. Escapes are checked and decoded later, by what reads each token.

/// The longest token, in bytes: anything longer is refused rather than read.
pub(crate) const MAX_TOKEN: usize = 64 * 1024;

/// A word or a quoted string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    /// The text as written, escapes kept; without the quotes of a quoted string.
    pub(crate) raw: &'a str,
    /// Whether it was a quoted string.
    pub(crate) quoted: bool,
    /// The 1-based line it is on.
    pub(crate) line: usize,
}

impl Token<'_> {
    /// The token as written, quotes included.
    pub(crate) fn written(&self) -> String {
        if self.quoted {
            format!("\"{}\"", self.raw)
        } else {
            self.raw.to_string()
        }
    }
}

/// The tokens of one record or directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry<'a> {
    /// The 1-based line of its first token.
    pub(crate) line: usize,
    /// Whether its first line starts with a space or a tab: the owner is left out.
    pub(crate) blank_owner: bool,
    /// Its tokens, never empty.
    pub(crate) tokens: Vec<Token<'a>>,
}

/// What is wrong, and on which line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexError {
    /// The 1-based line.
    pub(crate) line: usize,
    /// What is wrong.
    pub(crate) message: String,
}

/// How line ends and `;` are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A master file: a line end outside parentheses ends an entry, `;` starts a comment.
    ZoneFile,
    /// The data of one record: line ends are spaces, and `;` outside quotes is refused
    /// (in a zone file it would silently cut the data short).
    Data,
}

/// Reads entries off a text, one at a time.
#[derive(Debug)]
pub(crate) struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    mode: Mode,
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `text`.
    pub(crate) fn new(text: &'a str, mode: Mode) -> Self {
        Lexer {
            text,
            pos: 0,
            line: 1,
            mode,
        }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    fn error(&self, line: usize, message: impl Into<String>) -> LexError {
        LexError {
            line,
            message: message.into(),
        }
    }

    /// The next entry; `None` at the end of the text.
    pub(crate) fn next_entry(&mut self) -> Result<Option<Entry<'a>>, LexError> {
        let mut tokens: Vec<Token<'a>> = Vec::new();
        let mut paren: Option<usize> = None;
        let mut blank_owner = false;
        let mut line_starts_blank = self.at_line_start() && self.line_starts_blank();
        while let Some(b) = self.byte(self.pos) {
            match b {
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    line_starts_blank = self.line_starts_blank();
                    if self.mode == Mode::ZoneFile && paren.is_none() && !tokens.is_empty() {
                        break;
                    }
                }
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b';' => {
                    if self.mode == Mode::Data {
                        return Err(self.error(
                            self.line,
                            "\";\" outside quotes starts a comment in a zone file; quote text \
                             that holds one",
                        ));
                    }
                    while self.byte(self.pos).is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                b'(' => {
                    if let Some(open) = paren {
                        return Err(self.error(
                            self.line,
                            format!("\"(\" inside the parentheses opened on line {open}"),
                        ));
                    }
                    paren = Some(self.line);
                    self.pos += 1;
                }
                b')' => {
                    if paren.take().is_none() {
                        return Err(self.error(self.line, "\")\" without a matching \"(\""));
                    }
                    self.pos += 1;
                }
                _ => {
                    if tokens.is_empty() {
                        blank_owner = line_starts_blank;
                    }
                    let token = if b == b'"' {
                        self.quoted()?
                    } else {
                        self.word()?
                    };
                    tokens.push(token);
                }
            }
        }
        if let Some(open) = paren {
            return Err(self.error(open, "\"(\" is never closed with \")\""));
        }
        let Some(first) = tokens.first() else {
            return Ok(None);
        };
        Ok(Some(Entry {
            line: first.line,
            blank_owner,
            tokens,
        }))
    }

    fn at_line_start(&self) -> bool {
        self.pos == 0 || self.byte(self.pos.wrapping_sub(1)) == Some(b'\n')
    }

    fn line_starts_blank(&self) -> bool {
        matches!(self.byte(self.pos), Some(b' ' | b'\t'))
    }

    /// A quoted string starting at the opening quote under `pos`.
    fn quoted(&mut self) -> Result<Token<'a>, LexError> {
        let open = self.line;
        let unterminated = |lexer: &Self| {
            lexer.error(
                open,
                "unterminated quoted string (a string must close on the line it starts on)",
            )
        };
        let start = self.pos + 1;
        let mut at = start;
        loop {
            match self.byte(at) {
                None | Some(b'\n') => return Err(unterminated(self)),
                Some(b'"') => break,
                Some(b'\\') => match self.byte(at + 1) {
                    None | Some(b'\n') => return Err(unterminated(self)),
                    Some(_) => at += 2,
                },
                Some(_) => at += 1,
            }
            if at - start > MAX_TOKEN {
                return Err(self.error(open, too_long("a quoted string")));
            }
        }
        self.pos = at + 1;
        Ok(Token {
            raw: self.text.get(start..at).unwrap_or_default(),
            quoted: true,
            line: open,
        })
    }

    /// A word starting under `pos`.
    fn word(&mut self) -> Result<Token<'a>, LexError> {
        let start = self.pos;
        let mut at = start;
        loop {
            match self.byte(at) {
                None | Some(b' ' | b'\t' | b'\r' | b'\n' | b';' | b'(' | b')' | b'"') => break,
                Some(b'\\') => match self.byte(at + 1) {
                    None | Some(b'\n' | b'\r') => {
                        return Err(self.error(
                            self.line,
                            "a \\ at the end of a line or of the text escapes nothing",
                        ));
                    }
                    Some(_) => at += 2,
                },
                Some(_) => at += 1,
            }
            if at - start > MAX_TOKEN {
                return Err(self.error(self.line, too_long("a word")));
            }
        }
        self.pos = at;
        Ok(Token {
            raw: self.text.get(start..at).unwrap_or_default(),
            quoted: false,
            line: self.line,
        })
    }
}

fn too_long(what: &str) -> String {
    format!("{what} longer than {MAX_TOKEN} bytes; no record holds one")
}

/// Every entry of `text`, or the first error.
#[cfg(test)]
pub(crate) fn entries(text: &str, mode: Mode) -> Result<Vec<Entry<'_>>, LexError> {
    let mut lexer = Lexer::new(text, mode);
    let mut out = Vec::new();
    while let Some(entry) = lexer.next_entry()? {
        out.push(entry);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(entry: &Entry<'_>) -> Vec<String> {
        entry.tokens.iter().map(Token::written).collect()
    }

    fn lex(text: &str) -> Vec<(usize, bool, Vec<String>)> {
        entries(text, Mode::ZoneFile)
            .unwrap()
            .iter()
            .map(|e| (e.line, e.blank_owner, words(e)))
            .collect()
    }

    fn lex_err(text: &str) -> LexError {
        entries(text, Mode::ZoneFile).unwrap_err()
    }

    #[test]
    fn lines_become_entries_and_blank_owners_are_seen() {
        let got =
            lex("www IN A 192.0.2.1\n\tIN A 192.0.2.2\n\n  ; only a comment\nmail MX 10 mx\n");
        assert_eq!(
            got,
            [
                (
                    1,
                    false,
                    vec!["www".into(), "IN".into(), "A".into(), "192.0.2.1".into()]
                ),
                (2, true, vec!["IN".into(), "A".into(), "192.0.2.2".into()]),
                (
                    5,
                    false,
                    vec!["mail".into(), "MX".into(), "10".into(), "mx".into()]
                ),
            ]
        );
    }

    #[test]
    fn comments_end_at_the_line_end_but_not_inside_quotes() {
        let got = lex("a TXT \"x; y\" ; a comment \"with quotes\"\nb TXT z;comment\n");
        assert_eq!(got[0].2, ["a", "TXT", "\"x; y\""]);
        assert_eq!(got[1].2, ["b", "TXT", "z"]);
    }

    #[test]
    fn parentheses_join_lines_and_comments_inside_them_work() {
        let text =
            "@ SOA ns1 host ( 1 ; serial\n  7200 ; refresh\n\n 3600 1w\n 300 )\nnext A 192.0.2.1";
        let got = lex(text);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, 1);
        assert_eq!(
            got[0].2,
            ["@", "SOA", "ns1", "host", "1", "7200", "3600", "1w", "300"]
        );
        assert_eq!(got[1].0, 6);
        // Token lines are where each token is.
        let entries = entries(text, Mode::ZoneFile).unwrap();
        assert_eq!(entries[0].tokens[5].line, 2);
    }

    #[test]
    fn crlf_line_ends_are_line_ends() {
        let got = lex("a A 192.0.2.1\r\n\tA 192.0.2.2\r\nb TXT \"x\"\r\n");
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].2, ["a", "A", "192.0.2.1"]);
        assert!(got[1].1);
        assert_eq!(got[2].2, ["b", "TXT", "\"x\""]);
    }

    #[test]
    fn escapes_keep_delimiters_inside_words_and_strings() {
        let got = lex(r#"a\ b TXT "say \"hi\"" semi\;colon paren\(\) q\"uote"#);
        assert_eq!(
            got[0].2,
            [
                r"a\ b",
                "TXT",
                r#""say \"hi\"""#,
                r"semi\;colon",
                r"paren\(\)",
                r#"q\"uote"#
            ]
        );
    }

    #[test]
    fn quoted_strings_hold_spaces_and_may_touch_words() {
        let got = lex("a TXT \"one two\"\"three\" x\"y\"");
        assert_eq!(
            got[0].2,
            ["a", "TXT", "\"one two\"", "\"three\"", "x", "\"y\""]
        );
    }

    #[test]
    fn unclosed_parentheses_name_the_line_they_opened_on() {
        let err = lex_err("a A 192.0.2.1\nb TXT ( \"x\"\n\"y\"\nc A 192.0.2.2\n");
        assert_eq!(err.line, 2);
        assert!(err.message.contains("never closed"), "{err:?}");
        let err = lex_err("a A 1\nb TXT x )\n");
        assert_eq!(err.line, 2);
        assert!(err.message.contains("without a matching"), "{err:?}");
        let err = lex_err("a TXT ( x\n ( y ) )\n");
        assert_eq!(err.line, 2);
        assert!(err.message.contains("opened on line 1"), "{err:?}");
    }

    #[test]
    fn unterminated_quotes_name_the_line_they_opened_on() {
        let err = lex_err("a A 192.0.2.1\nb TXT ( \"x\"\n \"y\n z\" )\n");
        assert_eq!(err.line, 3);
        assert!(
            err.message.contains("unterminated quoted string"),
            "{err:?}"
        );
        let err = lex_err("a TXT \"x");
        assert_eq!(err.line, 1);
        let err = lex_err("a TXT \"x\\");
        assert_eq!(err.line, 1);
    }

    #[test]
    fn a_backslash_at_a_line_end_is_refused() {
        let err = lex_err("a TXT x\\\nb A 1");
        assert_eq!(err.line, 1);
        assert!(err.message.contains("escapes nothing"));
    }

    #[test]
    fn huge_tokens_are_refused() {
        let text = format!("a TXT {}", "x".repeat(MAX_TOKEN + 1));
        assert!(lex_err(&text).message.contains("longer than 65536"));
        let text = format!("a TXT \"{}\"", "x".repeat(MAX_TOKEN + 1));
        assert!(lex_err(&text).message.contains("longer than 65536"));
        let fits = format!("a TXT {}", "x".repeat(MAX_TOKEN));
        assert_eq!(lex(&fits)[0].2[2].len(), MAX_TOKEN);
    }

    #[test]
    fn data_mode_joins_lines_and_refuses_semicolons() {
        let got = entries("10\n mail", Mode::Data).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(words(&got[0]), ["10", "mail"]);
        let err = entries("v=DKIM1; k=rsa", Mode::Data).unwrap_err();
        assert!(err.message.contains("quote text"), "{err:?}");
        assert!(entries("\"v=DKIM1; k=rsa\"", Mode::Data).is_ok());
        assert!(entries("  ", Mode::Data).unwrap().is_empty());
    }

    #[test]
    fn non_ascii_text_stays_whole() {
        let got = lex("é TXT \"ünïcödé\" \\ü");
        assert_eq!(got[0].2, ["é", "TXT", "\"ünïcödé\"", "\\ü"]);
    }
}
