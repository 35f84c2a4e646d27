//! Bucket names and object names: checks before they go into a URL, and their
//! encoding as one path segment.

use cloud_core::storage::validate_object_key;
use cloud_core::{Error, Result};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded,
/// `/` included: an object name is one path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `name` percent-encoded as one URL path segment (`a/b c` → `a%2Fb%20c`), exactly as
/// the JSON API wants object names in paths.
pub fn encode_object_name(name: &str) -> String {
    utf8_percent_encode(name, SEGMENT).to_string()
}

/// A query value, encoded like a path segment.
pub(crate) fn query_value(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// Checks a bucket name against Cloud Storage's rules: 3 to 63 characters (222 with
/// dots, each dot-separated part at most 63), lowercase letters, digits, `-`, `_` and
/// `.`, starting and ending with a letter or digit, not an IP address, not starting
/// with `goog`.
pub fn validate_bucket(name: &str) -> Result<()> {
    let bad = |why: &str| Err(Error::invalid_input(format!("bucket name {name:?} {why}")));
    let max = if name.contains('.') { 222 } else { 63 };
    if name.len() < 3 || name.len() > max {
        return bad(&format!("must have 3 to {max} characters"));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'))
    {
        return bad("may hold only lowercase letters, digits, '-', '_' and '.'");
    }
    let edge = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if !edge(name.bytes().next()) || !edge(name.bytes().last()) {
        return bad("must start and end with a letter or a digit");
    }
    if name
        .split('.')
        .any(|part| part.is_empty() || part.len() > 63)
    {
        return bad("has an empty or over-long dot-separated part");
    }
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        return bad("is an IP address");
    }
    if name.starts_with("goog") {
        return bad("starts with \"goog\"");
    }
    Ok(())
}

/// Checks an object name: the portable rules (no empty name, no `.`/`..` segment, no
/// leading `/`, no NUL, at most 1024 bytes), and no carriage return or line feed, which
/// Cloud Storage refuses.
pub(crate) fn validate_key(key: &str) -> Result<()> {
    validate_object_key(key)?;
    if key.contains(['\r', '\n']) {
        return Err(Error::invalid_input(format!(
            "object name {key:?} holds a carriage return or line feed"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names() {
        for good in ["abc", "my-bucket_1", "a.b.c", "conformance-container"] {
            validate_bucket(good).unwrap();
        }
        for bad in [
            "ab",
            "Upper",
            "-a-",
            "a..b",
            "192.168.1.1",
            "goog-x",
            "a/b",
            &"x".repeat(64),
        ] {
            assert!(validate_bucket(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn keys() {
        for good in ["a+b", "a%2Fb", "a//b", "dir/", "with space/ünï+%.txt"] {
            validate_key(good).unwrap();
        }
        for bad in ["../x", "", "a\nb", "/abs"] {
            assert!(validate_key(bad).is_err(), "{bad:?}");
        }
    }
}
