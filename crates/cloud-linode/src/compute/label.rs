//! Linode's rules for instance labels, checked before any request is sent.

use cloud_core::{Error, Result};

/// Shortest label Linode accepts.
const MIN_LEN: usize = 3;
/// Longest label Linode accepts.
const MAX_LEN: usize = 64;

/// Checks an instance label the way Linode does: 3–64 characters, only ASCII letters,
/// digits, `-`, `_` and `.`, beginning and ending with a letter or digit, and no `--`,
/// `__` or `..`. Fails with `InvalidInput` naming the field (`label: …`).
pub fn validate_label(label: &str) -> Result<()> {
    let len = label.chars().count();
    if !(MIN_LEN..=MAX_LEN).contains(&len) {
        return Err(invalid(format!(
            "Label must be between {MIN_LEN} and {MAX_LEN} characters (got {len})"
        )));
    }
    if let Some(bad) = label
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(invalid(format!(
            "Label may only contain letters, digits, '-', '_' and '.' (found {bad:?})"
        )));
    }
    let bytes = label.as_bytes();
    let alnum = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    if !alnum(bytes.first()) || !alnum(bytes.last()) {
        return Err(invalid(
            "Label must begin and end with a letter or digit".to_string(),
        ));
    }
    if let Some(pair) = bytes
        .windows(2)
        .find(|w| w[0] == w[1] && matches!(w[0], b'-' | b'_' | b'.'))
    {
        let c = pair[0] as char;
        return Err(invalid(format!(
            "Label must not have two {c:?} characters in a row"
        )));
    }
    Ok(())
}

fn invalid(reason: String) -> Error {
    Error::invalid_input(format!("label: {reason}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn accepts_valid_labels() {
        for ok in [
            "web",
            "web-1",
            "a.b_c-d",
            "conformance-node",
            "A1-b2_c3.d4",
            "a-_-b",
            &"x".repeat(64),
        ] {
            assert!(validate_label(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_invalid_labels_naming_the_field() {
        for (bad, why) in [
            ("ab", "between 3 and 64"),
            ("", "between 3 and 64"),
            (&"x".repeat(65), "between 3 and 64"),
            ("web 1", "may only contain"),
            ("wéb", "may only contain"),
            ("web/1", "may only contain"),
            ("-web", "begin and end"),
            ("web.", "begin and end"),
            ("_web", "begin and end"),
            ("we--b", "two '-'"),
            ("we__b", "two '_'"),
            ("we..b", "two '.'"),
        ] {
            let err = validate_label(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad}");
            assert!(
                err.message().starts_with("label: Label "),
                "{}",
                err.message()
            );
            assert!(err.message().contains(why), "{bad}: {}", err.message());
        }
    }
}
