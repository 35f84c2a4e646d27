//! TXT data: a record holds one or more character strings of at most 255 bytes each;
//! longer text is split across strings, and each string is quoted in presentation form
//! with `"` and `\` escaped and unprintable bytes written as `\DDD`.

use crate::{Error, Result};

/// The longest character string, in bytes.
pub const MAX_STRING: usize = 255;

/// Splits `text` into character strings of at most 255 bytes, never inside a UTF-8
/// character. Empty text is one empty string.
pub fn split_text(text: &str) -> Vec<String> {
    if text.is_empty() {
        return vec![String::new()];
    }
    let mut strings = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(MAX_STRING);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        strings.push(rest[..cut].to_string());
        rest = &rest[cut..];
    }
    strings
}

/// Checks that every string fits in a character string.
pub fn check_strings(strings: &[String]) -> Result<()> {
    if strings.is_empty() {
        return Err(Error::invalid_input("TXT data needs at least one string"));
    }
    match strings.iter().find(|s| s.len() > MAX_STRING) {
        Some(long) => Err(Error::invalid_input(format!(
            "a TXT string of {} bytes is longer than {MAX_STRING}; split it",
            long.len()
        ))),
        None => Ok(()),
    }
}

/// One character string in presentation form: quoted, `"` and `\` escaped, bytes outside
/// printable ASCII as `\DDD` (decimal, as RFC 1035 writes them).
pub fn quote(string: &str) -> String {
    quote_escaping(string, |byte| format!("\\{byte:03}"))
}

/// [`quote`] with bytes outside printable ASCII as `\ooo` in octal, the escape Route 53
/// reads and writes.
pub fn quote_octal(string: &str) -> String {
    quote_escaping(string, |byte| format!("\\{byte:03o}"))
}

fn quote_escaping(string: &str, escape: impl Fn(u8) -> String) -> String {
    let mut out = String::with_capacity(string.len() + 2);
    out.push('"');
    for byte in string.bytes() {
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(byte as char),
            _ => out.push_str(&escape(byte)),
        }
    }
    out.push('"');
    out
}

/// All strings of a TXT record, quoted and separated by spaces.
pub fn quote_all(strings: &[String]) -> String {
    strings
        .iter()
        .map(|s| quote(s))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_splits_at_255_bytes_on_character_boundaries() {
        let text = "a".repeat(600);
        let parts = split_text(&text);
        assert_eq!(
            parts.iter().map(String::len).collect::<Vec<_>>(),
            [255, 255, 90]
        );
        assert_eq!(parts.concat(), text);
        // 'é' is two bytes: 254 + 'é' would cross 255, so the cut comes before it.
        let text = format!("{}é{}", "b".repeat(254), "c".repeat(10));
        let parts = split_text(&text);
        assert_eq!(parts[0].len(), 254);
        assert_eq!(parts.concat(), text);
        assert_eq!(split_text(""), [""]);
    }

    #[test]
    fn quoting_escapes_quotes_backslashes_and_unprintables() {
        assert_eq!(quote(r#"say "hi" \o/"#), r#""say \"hi\" \\o/""#);
        assert_eq!(quote("tab\there"), r#""tab\009here""#);
        assert_eq!(quote("é"), r#""\195\169""#);
        assert_eq!(quote_octal("é"), r#""\303\251""#);
        assert_eq!(quote_octal(r#"a "b""#), r#""a \"b\"""#);
        assert_eq!(quote_all(&["a b".into(), "c".into()]), r#""a b" "c""#);
    }

    #[test]
    fn oversized_or_missing_strings_are_refused() {
        assert!(check_strings(&["x".repeat(255)]).is_ok());
        assert!(
            check_strings(&["x".repeat(256)])
                .unwrap_err()
                .message()
                .contains("256 bytes")
        );
        assert!(check_strings(&[]).is_err());
    }
}
