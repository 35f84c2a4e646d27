//! Checks on container names and object keys that every driver applies before a call.

use crate::{Error, Result};

/// Rejects container names that are empty, too long, contain NUL, a path separator, or
/// are `.`/`..`.
pub fn validate_container_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::invalid_input("container name is empty"));
    }
    if name.len() > 255 {
        return Err(Error::invalid_input(
            "container name is longer than 255 bytes",
        ));
    }
    if name.contains('\0') {
        return Err(Error::invalid_input("container name contains a NUL byte"));
    }
    if name.contains('/') || name.contains('\\') {
        return Err(Error::invalid_input(format!(
            "container name {name:?} contains a path separator"
        )));
    }
    if name == "." || name == ".." {
        return Err(Error::invalid_input(format!(
            "container name {name:?} is not allowed"
        )));
    }
    Ok(())
}

/// Rejects object keys that are empty, longer than 1024 bytes, contain NUL, start with
/// `/`, or have a `.` or `..` path segment (which could escape a filesystem root).
pub fn validate_object_key(key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(Error::invalid_input("object key is empty"));
    }
    if key.len() > 1024 {
        return Err(Error::invalid_input("object key is longer than 1024 bytes"));
    }
    if key.contains('\0') {
        return Err(Error::invalid_input("object key contains a NUL byte"));
    }
    if key.starts_with('/') || key.starts_with('\\') {
        return Err(Error::invalid_input(format!(
            "object key {key:?} is an absolute path"
        )));
    }
    if key.split(['/', '\\']).any(|seg| seg == ".." || seg == ".") {
        return Err(Error::invalid_input(format!(
            "object key {key:?} has a '.' or '..' segment"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn keys_that_escape_are_rejected() {
        for bad in [
            "../x",
            "a/../../b",
            "/etc/passwd",
            "a\0b",
            "",
            "./a",
            "a\\..\\b",
        ] {
            let err = validate_object_key(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
        }
        for good in [
            "a",
            "a/b/c",
            "dir/",
            "with space",
            "ünï+%",
            "a//b",
            "..a",
            "a..",
        ] {
            validate_object_key(good).unwrap();
        }
    }

    #[test]
    fn container_names() {
        for bad in ["", "..", ".", "a/b", "a\0"] {
            assert!(validate_container_name(bad).is_err(), "{bad:?}");
        }
        validate_container_name("my-bucket.1").unwrap();
    }
}
