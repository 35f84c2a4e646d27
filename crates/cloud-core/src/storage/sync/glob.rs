//! Glob patterns over object keys: `*` (any characters but `/`), `**` (any characters),
//! `**/` (any number of whole folders, none included), `?` (one character but `/`) and
//! `[a-z]` / `[!a-z]` classes; everything else matches itself.

use crate::{Error, Result};

/// One piece of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(char),
    One,
    Star,
    DoubleStar,
    Folders,
    Class {
        ranges: Vec<(char, char)>,
        negated: bool,
    },
}

/// A compiled glob pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    text: String,
    tokens: Vec<Token>,
}

impl Glob {
    /// Compiles `pattern`; an unclosed `[` is an `InvalidInput` error.
    pub fn new(pattern: &str) -> Result<Glob> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '*' if chars.get(i + 1) == Some(&'*') => {
                    let at_start = i == 0 || chars[i - 1] == '/';
                    if at_start && chars.get(i + 2) == Some(&'/') {
                        tokens.push(Token::Folders);
                        i += 3;
                    } else {
                        tokens.push(Token::DoubleStar);
                        i += 2;
                    }
                    continue;
                }
                '*' => tokens.push(Token::Star),
                '?' => tokens.push(Token::One),
                '[' => {
                    let (token, next) = class(&chars, i).ok_or_else(|| {
                        Error::invalid_input(format!("pattern {pattern:?} has an unclosed '['"))
                    })?;
                    tokens.push(token);
                    i = next;
                    continue;
                }
                c => tokens.push(Token::Literal(c)),
            }
            i += 1;
        }
        Ok(Glob {
            text: pattern.to_string(),
            tokens,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the pattern names a path (has a `/`) rather than a file name.
    pub fn has_slash(&self) -> bool {
        self.text.contains('/')
    }

    /// Whether the whole of `text` matches.
    pub fn matches(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        let mut memo = vec![None; (self.tokens.len() + 1) * (text.len() + 1)];
        self.at(0, 0, &text, &mut memo)
    }

    /// Whether `tokens[i..]` matches `text[j..]`, remembered per `(i, j)` so that no
    /// pattern takes more than `tokens × text` steps.
    fn at(&self, i: usize, j: usize, text: &[char], memo: &mut [Option<bool>]) -> bool {
        let slot = i * (text.len() + 1) + j;
        if let Some(known) = memo[slot] {
            return known;
        }
        let next = text.get(j).copied();
        let result = match self.tokens.get(i) {
            None => j == text.len(),
            Some(Token::Literal(c)) => next == Some(*c) && self.at(i + 1, j + 1, text, memo),
            Some(Token::One) => next.is_some_and(|c| c != '/') && self.at(i + 1, j + 1, text, memo),
            Some(Token::Class { ranges, negated }) => {
                next.is_some_and(|c| {
                    c != '/' && ranges.iter().any(|&(a, b)| a <= c && c <= b) != *negated
                }) && self.at(i + 1, j + 1, text, memo)
            }
            Some(Token::Star) => {
                self.at(i + 1, j, text, memo)
                    || (next.is_some_and(|c| c != '/') && self.at(i, j + 1, text, memo))
            }
            Some(Token::DoubleStar) => {
                self.at(i + 1, j, text, memo) || (next.is_some() && self.at(i, j + 1, text, memo))
            }
            Some(Token::Folders) => {
                self.at(i + 1, j, text, memo)
                    || (j..text.len()).any(|k| text[k] == '/' && self.at(i + 1, k + 1, text, memo))
            }
        };
        memo[slot] = Some(result);
        result
    }
}

/// Reads the class starting at `chars[open]` (`[`); the token and the index after `]`.
fn class(chars: &[char], open: usize) -> Option<(Token, usize)> {
    let mut i = open + 1;
    let negated = matches!(chars.get(i), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    while let Some(&c) = chars.get(i) {
        if c == ']' && !first {
            return Some((Token::Class { ranges, negated }, i + 1));
        }
        first = false;
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&e| e != ']') {
            ranges.push((c, chars[i + 2]));
            i += 3;
        } else {
            ranges.push((c, c));
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, text: &str) -> bool {
        Glob::new(pattern).unwrap().matches(text)
    }

    #[test]
    fn stars_stay_within_a_folder_and_double_stars_do_not() {
        assert!(m("*.log", "app.log"));
        assert!(!m("*.log", "logs/app.log"));
        assert!(m("logs/*.log", "logs/app.log"));
        assert!(m("logs/**", "logs/a/b/c.txt"));
        assert!(m("**.log", "a/b.log"));
        assert!(!m("logs/*", "logs/a/b"));
    }

    #[test]
    fn leading_folders_may_be_none() {
        assert!(m("**/cache/*", "cache/x"));
        assert!(m("**/cache/*", "a/b/cache/x"));
        assert!(!m("**/cache/*", "acache/x"));
        assert!(m("a/**/z", "a/z"));
        assert!(m("a/**/z", "a/b/c/z"));
    }

    #[test]
    fn question_marks_and_classes() {
        assert!(m("file?.txt", "file1.txt"));
        assert!(!m("file?.txt", "file/.txt"));
        assert!(m("[a-c]*.bin", "b1.bin"));
        assert!(!m("[a-c]*.bin", "d1.bin"));
        assert!(m("[!a-c]*.bin", "d1.bin"));
        assert!(m("[]]x", "]x"));
        assert!(m("a[-]b", "a-b"));
    }

    #[test]
    fn an_unclosed_class_is_refused() {
        let err = Glob::new("a[bc").unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidInput);
    }

    #[test]
    fn long_inputs_stay_fast() {
        let text = "a".repeat(2_000);
        assert!(!m("*a*a*a*a*a*a*a*a*a*b", &text));
        assert!(m("**a**a**a", &text));
    }

    #[test]
    fn arbitrary_patterns_and_keys_never_panic() {
        use super::super::test_text::random_strings;
        let patterns = random_strings(0x9E37_79B9_7F4A_7C15, "ab/*?[]!^-\\\\.é", 12, 2_000);
        let keys = random_strings(0x2545_F491_4F6C_DD1D, "ab/*?[]!^-\\\\.é", 16, 2_000);
        for (pattern, key) in patterns.zip(keys) {
            if let Ok(glob) = Glob::new(&pattern) {
                let _ = glob.matches(&key);
            }
        }
    }
}
