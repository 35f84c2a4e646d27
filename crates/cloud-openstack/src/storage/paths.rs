//! Swift URLs: `ACCOUNT/CONTAINER/OBJECT`, each part percent-encoded (an object name's
//! `/` kept), so names with spaces, `%`, `?` or `#` reach the server as they are.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but unreserved characters is encoded in a container name.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Object names keep their `/`.
const OBJECT: &AsciiSet = &SEGMENT.remove(b'/');

/// The path of a container below the account.
pub fn container_path(container: &str) -> String {
    utf8_percent_encode(container, SEGMENT).to_string()
}

/// The path of an object below the account.
pub fn object_path(container: &str, key: &str) -> String {
    format!(
        "{}/{}",
        container_path(container),
        utf8_percent_encode(key, OBJECT)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_encoded_and_object_slashes_kept() {
        assert_eq!(container_path("photos 2026"), "photos%202026");
        assert_eq!(
            object_path("c", "a b/100%/q?x#y/ü.txt"),
            "c/a%20b/100%25/q%3Fx%23y/%C3%BC.txt"
        );
        assert_eq!(container_path("a/b"), "a%2Fb");
    }
}
