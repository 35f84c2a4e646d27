//! Bucket names and object keys, checked before any request is sent.

use cloud_core::storage::{validate_container_name, validate_object_key};
use cloud_core::{Error, Result};

/// Prefixes S3 reserves for itself; a new bucket may not start with them.
const RESERVED_PREFIXES: &[&str] = &["xn--", "sthree-", "amzn-s3-demo-"];

/// Suffixes S3 reserves for access points, directory and table buckets.
const RESERVED_SUFFIXES: &[&str] = &["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/// Checks a bucket name used to reach an existing bucket.
///
/// Lenient enough for the legacy `us-east-1` names (up to 255 characters, capitals and
/// underscores), strict enough that the name cannot change the meaning of a URL: ASCII
/// letters, digits, `.`, `-` and `_` only.
pub fn validate_bucket(name: &str) -> Result<()> {
    validate_container_name(name)?;
    if name.len() < 3 {
        return Err(Error::invalid_input(format!(
            "bucket name {name:?} is shorter than 3 characters"
        )));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        return Err(Error::invalid_input(format!(
            "bucket name {name:?} contains {c:?}; only letters, digits, '.', '-' and '_' \
             can appear in one"
        )));
    }
    Ok(())
}

/// Checks a name for a new bucket against S3's naming rules: 3 to 63 characters of
/// lowercase letters, digits, `.` and `-`; starting and ending with a letter or digit;
/// no `..`; not an IP address; none of S3's reserved prefixes and suffixes.
pub fn validate_new_bucket(name: &str) -> Result<()> {
    validate_bucket(name)?;
    let rule = |why: &str| {
        Err(Error::invalid_input(format!(
            "bucket name {name:?} breaks S3's naming rules: {why}"
        )))
    };
    if name.len() > 63 {
        return rule("it is longer than 63 characters");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return rule("only lowercase letters, digits, '.' and '-' are allowed");
    }
    let edge_ok = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if !edge_ok(name.bytes().next()) || !edge_ok(name.bytes().last()) {
        return rule("it must start and end with a letter or digit");
    }
    if name.contains("..") {
        return rule("it has two adjacent periods");
    }
    if looks_like_ipv4(name) {
        return rule("it is formatted as an IP address");
    }
    if let Some(p) = RESERVED_PREFIXES.iter().find(|p| name.starts_with(*p)) {
        return rule(&format!("the prefix {p:?} is reserved"));
    }
    if let Some(s) = RESERVED_SUFFIXES.iter().find(|s| name.ends_with(*s)) {
        return rule(&format!("the suffix {s:?} is reserved"));
    }
    Ok(())
}

/// Checks an object key: the portable rules of `cloud_core`, which also keep keys
/// from escaping a filesystem root on S3-compatible servers backed by one.
pub fn validate_key(key: &str) -> Result<()> {
    validate_object_key(key)
}

/// Whether the bucket name can be a DNS label of a virtual-hosted URL.
pub fn is_dns_compatible(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        && !looks_like_ipv4(name)
}

fn looks_like_ipv4(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn new_bucket_rules() {
        for good in ["abc", "my-bucket.1", "a1b2c3", "x".repeat(63).as_str()] {
            validate_new_bucket(good).unwrap();
        }
        for bad in [
            "ab",
            "My-Bucket",
            "under_score",
            "-start",
            "end-",
            "a..b",
            "192.168.5.4",
            "xn--abc",
            "sthree-x",
            "amzn-s3-demo-x",
            "name-s3alias",
            "name--x-s3",
            "x".repeat(64).as_str(),
            "a/b",
            "a b",
        ] {
            let err = validate_new_bucket(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
        }
    }

    #[test]
    fn existing_buckets_may_be_legacy_names() {
        validate_bucket("Legacy_Bucket").unwrap();
        for bad in ["a b", "a/b", "a?b", "é-bucket", "..", "ab", "a#b"] {
            assert!(validate_bucket(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn dns_compatibility() {
        assert!(is_dns_compatible("my-bucket"));
        assert!(is_dns_compatible("my.bucket"));
        assert!(!is_dns_compatible("My-Bucket"));
        assert!(!is_dns_compatible("a_b"));
        assert!(!is_dns_compatible("a..b"));
        assert!(!is_dns_compatible("a.-b"));
        assert!(!is_dns_compatible("10.0.0.1"));
    }
}
