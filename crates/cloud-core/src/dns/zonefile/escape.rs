//! Escapes in zone file text, both ways: `\X` stands for the character `X` itself and
//! `\DDD` for the byte of decimal value `DDD` (RFC 1035 section 5.1).

use std::str::Chars;

/// What one escape stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escaped {
    /// `\DDD`: one byte.
    Byte(u8),
    /// `\X`: the character itself.
    Char(char),
}

/// Reads the escape after a backslash from `chars`.
pub(crate) fn read_escape(chars: &mut Chars<'_>) -> Result<Escaped, String> {
    let Some(first) = chars.next() else {
        return Err("a \\ at the end escapes nothing".to_string());
    };
    let Some(d0) = first.to_digit(10) else {
        return Ok(Escaped::Char(first));
    };
    let d1 = chars.next().and_then(|c| c.to_digit(10));
    let d2 = chars.next().and_then(|c| c.to_digit(10));
    let (Some(d1), Some(d2)) = (d1, d2) else {
        return Err(format!(
            "the escape \\{first}… needs three decimal digits (\\DDD)"
        ));
    };
    let value = d0 * 100 + d1 * 10 + d2;
    u8::try_from(value)
        .map(Escaped::Byte)
        .map_err(|_| format!("the escape \\{value:03} is not a byte (over 255)"))
}

/// Appends what `escaped` stands for to `out`.
pub(crate) fn push_escaped(out: &mut Vec<u8>, escaped: Escaped) {
    match escaped {
        Escaped::Byte(b) => out.push(b),
        Escaped::Char(c) => push_char(out, c),
    }
}

/// Appends the UTF-8 bytes of `c` to `out`.
pub(crate) fn push_char(out: &mut Vec<u8>, c: char) {
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// The bytes `raw` stands for, its escapes decoded.
pub(crate) fn decode(raw: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            push_escaped(&mut out, read_escape(&mut chars)?);
        } else {
            push_char(&mut out, c);
        }
    }
    Ok(out)
}

/// The text `raw` stands for, its escapes decoded; the bytes must form UTF-8. `what`
/// names the text in the error (`a TXT string`).
pub(crate) fn decode_utf8(raw: &str, what: &str) -> Result<String, String> {
    String::from_utf8(decode(raw)?).map_err(|_| {
        format!(
            "{what} {} is not valid UTF-8 once its \\DDD escapes are decoded",
            shown(raw)
        )
    })
}

/// `bytes` as a quoted character string: `"` and `\` escaped, bytes outside printable
/// ASCII as `\DDD` (what [`crate::dns::txt::quote`] writes for text).
pub(crate) fn quote_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for &byte in bytes {
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(char::from(byte)),
            _ => out.push_str(&format!("\\{byte:03}")),
        }
    }
    out.push('"');
    out
}

/// One label of a domain name in presentation form: bytes special in zone files (`.`,
/// `\`, `"`, `;`, `(`, `)`, `@`, `$`) behind a backslash, bytes outside printable ASCII
/// (space included) as `\DDD`.
pub(crate) fn escape_label(label: &[u8]) -> String {
    let mut out = String::with_capacity(label.len());
    for &byte in label {
        match byte {
            b'.' | b'\\' | b'"' | b';' | b'(' | b')' | b'@' | b'$' => {
                out.push('\\');
                out.push(char::from(byte));
            }
            0x21..=0x7e => out.push(char::from(byte)),
            _ => out.push_str(&format!("\\{byte:03}")),
        }
    }
    out
}

/// Text for an error message: quoted with Rust's escapes, cut to about 60 characters.
pub(crate) fn shown(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{:?}…", text.get(..cut).unwrap_or_default()),
        None => format!("{text:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode_to_characters_and_bytes() {
        assert_eq!(decode(r#"a\"b\\c\.d"#).unwrap(), br#"a"b\c.d"#);
        assert_eq!(decode(r"\065\032z").unwrap(), b"A z");
        assert_eq!(decode(r"\195\169").unwrap(), "é".as_bytes());
        assert_eq!(decode("é").unwrap(), "é".as_bytes());
        assert_eq!(decode(r"\255").unwrap(), [255]);
    }

    #[test]
    fn bad_escapes_are_refused() {
        assert!(decode(r"\256").unwrap_err().contains("not a byte"));
        assert!(decode(r"\12").unwrap_err().contains("three decimal digits"));
        assert!(
            decode(r"\1a0")
                .unwrap_err()
                .contains("three decimal digits")
        );
        assert!(decode("abc\\").unwrap_err().contains("escapes nothing"));
        let err = decode_utf8(r"\255", "a TXT string").unwrap_err();
        assert!(err.contains("not valid UTF-8"), "{err}");
        assert_eq!(decode_utf8(r"\195\169t\195\169", "x").unwrap(), "été");
    }

    #[test]
    fn quoting_matches_the_txt_module() {
        for text in ["plain", "say \"hi\" \\o/", "tab\there", "é;()"] {
            assert_eq!(quote_bytes(text.as_bytes()), crate::dns::txt::quote(text));
        }
        assert_eq!(quote_bytes(&[0xff]), r#""\255""#);
    }

    #[test]
    fn labels_escape_what_zone_files_treat_specially() {
        assert_eq!(escape_label(b"www"), "www");
        assert_eq!(escape_label(b"_sip"), "_sip");
        assert_eq!(escape_label(b"*"), "*");
        assert_eq!(escape_label(b"a.b"), r"a\.b");
        assert_eq!(escape_label(b"a b"), r"a\032b");
        assert_eq!(escape_label(b"@$;()\"\\"), r#"\@\$\;\(\)\"\\"#);
        assert_eq!(escape_label("é".as_bytes()), r"\195\169");
    }

    #[test]
    fn shown_text_is_cut_on_a_character_boundary() {
        assert_eq!(shown("mail"), "\"mail\"");
        let long = "é".repeat(100);
        let s = shown(&long);
        assert!(s.ends_with('…') && s.chars().count() < 70, "{s}");
    }
}
