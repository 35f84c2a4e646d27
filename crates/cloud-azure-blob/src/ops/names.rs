//! Container names and blob names: the service's rules, checked before a name goes
//! into a URL, and the encoding of blob names into a path.

use cloud_core::storage::validate_object_key;
use cloud_core::{Error, Result};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters (`A–Z a–z 0–9 - . _ ~`).
const STRICT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Longest blob name the service takes, in characters.
const MAX_BLOB_NAME: usize = 1024;

/// A blob name as a URL path: each `/`-separated segment percent-encoded (unreserved
/// characters kept), the `/` kept, so `a+b`, `%2F`, spaces, `?` and `#` reach the
/// service as they are and empty segments (`a//b`, a trailing `/`) survive.
pub fn encode_blob_name(name: &str) -> String {
    name.split('/')
        .map(|segment| utf8_percent_encode(segment, STRICT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// A query value with every reserved character percent-encoded.
pub(crate) fn query_value(value: &str) -> String {
    utf8_percent_encode(value, STRICT).to_string()
}

/// Checks a container name against the service's rules: 3 to 63 characters, lowercase
/// letters, digits and single hyphens, starting and ending with a letter or digit; or
/// one of the special containers `$root`, `$web`, `$logs`.
pub fn validate_container(name: &str) -> Result<()> {
    if matches!(name, "$root" | "$web" | "$logs") {
        return Ok(());
    }
    let bytes = name.as_bytes();
    let valid = (3..=63).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && !name.contains("--");
    if valid {
        Ok(())
    } else {
        Err(Error::invalid_input(format!(
            "container name {name:?} is not 3 to 63 lowercase letters, digits and single \
             hyphens starting and ending with a letter or digit"
        )))
    }
}

/// Checks a blob name: the portable rules (no `.`/`..` segment, no leading `/`, no NUL)
/// and at most 1024 characters. A backslash is refused: the service turns it into `/`.
pub(crate) fn validate_key(key: &str) -> Result<()> {
    validate_object_key(key)?;
    if key.chars().count() > MAX_BLOB_NAME {
        return Err(Error::invalid_input(
            "blob name is longer than 1024 characters",
        ));
    }
    if key.contains('\\') {
        return Err(Error::invalid_input(format!(
            "blob name {key:?} contains a backslash, which the service stores as /"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_rules() {
        for good in ["abc", "a-b-c", "x1", "$root"] {
            if good.len() >= 3 {
                validate_container(good).unwrap();
            }
        }
        for bad in [
            "ab",
            "ABC",
            "a--b",
            "-ab",
            "ab-",
            "a_b",
            "a.b",
            "../x",
            &"a".repeat(64),
        ] {
            assert!(validate_container(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn keys() {
        validate_key("a//b/").unwrap();
        assert!(validate_key("../x").is_err());
        assert!(validate_key("a\\b").is_err());
        assert_eq!(encode_blob_name("a b/c+d"), "a%20b/c%2Bd");
    }
}
