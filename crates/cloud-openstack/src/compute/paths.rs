//! Ids and names checked before they go into a URL path.

use cloud_core::{Error, Result, ids};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::PROVIDER_ID;

/// What is percent-encoded in a key pair name: everything but unreserved characters.
const NAME: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A server, image, volume or snapshot id as one path segment; an id that could not
/// be one is `NotFound` without a request.
pub(crate) fn id<'a>(what: &str, id: &'a str, op: &str) -> Result<&'a str> {
    ids::segment(PROVIDER_ID, what, id, op)
}

/// A key pair name as one percent-encoded path segment (Nova allows spaces and `@`);
/// an empty name, `.` or `..` is `NotFound` without a request.
pub(crate) fn key_name(name: &str, op: &str) -> Result<String> {
    if name.trim().is_empty() || name == "." || name == ".." || name.len() > 255 {
        return Err(Error::not_found(format!(
            "no key pair {:?}",
            name.chars().take(64).collect::<String>()
        ))
        .with_provider(PROVIDER_ID)
        .with_operation(op));
    }
    Ok(utf8_percent_encode(name, NAME).to_string())
}

/// `err` with this provider and `op` named.
pub(crate) fn local(err: Error, op: &str) -> Error {
    err.with_provider(PROVIDER_ID).with_operation(op)
}

#[cfg(test)]
mod tests {
    use cloud_core::ErrorKind;

    use super::*;

    #[test]
    fn names_are_encoded_and_ids_checked() {
        assert_eq!(key_name("my key@home", "x").unwrap(), "my%20key%40home");
        assert_eq!(key_name("conformance-key", "x").unwrap(), "conformance-key");
        for bad in ["", " ", ".", ".."] {
            assert_eq!(key_name(bad, "x").unwrap_err().kind(), ErrorKind::NotFound);
        }
        assert!(id("server", "9168b536-cd40", "x").is_ok());
        assert_eq!(
            id("server", "../x", "x").unwrap_err().kind(),
            ErrorKind::NotFound
        );
    }
}
