//! Checking ids before they go into a URL path: an id that cannot name a resource is
//! refused without a request, and nothing a caller passes can change the path's shape
//! (no `/`, `..`, `?` or `#` sneaks in).

use crate::{Error, Result};

/// Most characters shown of a refused id.
const SHOWN: usize = 64;

/// A numeric id (decimal digits, at most 20): anything else cannot name a resource of a
/// provider whose ids are numbers, so it is `NotFound` naming `what`.
pub fn numeric(provider: &str, what: &str, id: &str, operation: &str) -> Result<u64> {
    let digits = !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit());
    match id.parse::<u64>() {
        Ok(n) if digits => Ok(n),
        _ => Err(Error::not_found(format!(
            "no {what} {:?}: {provider} {what} ids are numbers",
            shown(id)
        ))
        .with_provider(provider)
        .with_operation(operation)),
    }
}

/// One path segment: letters, digits, `-`, `_`, `.` and `~` (no `.` or `..` alone), at
/// most 255 characters. Anything else cannot name a resource: `NotFound` naming `what`.
pub fn segment<'a>(provider: &str, what: &str, id: &'a str, operation: &str) -> Result<&'a str> {
    if is_segment(id) {
        Ok(id)
    } else {
        Err(not_found(provider, what, id, operation))
    }
}

/// Segments joined by `/` (`linode/debian12`, `private/123`), each as [`segment`] takes.
pub fn segments<'a>(provider: &str, what: &str, id: &'a str, operation: &str) -> Result<&'a str> {
    if id.len() <= 1024 && id.split('/').all(is_segment) {
        Ok(id)
    } else {
        Err(not_found(provider, what, id, operation))
    }
}

fn is_segment(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 255
        && s != "."
        && s != ".."
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
}

fn not_found(provider: &str, what: &str, id: &str, operation: &str) -> Error {
    Error::not_found(format!("no {what} {:?}", shown(id)))
        .with_provider(provider)
        .with_operation(operation)
}

fn shown(id: &str) -> String {
    id.chars().take(SHOWN).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn numbers_only_for_numeric_ids() {
        assert_eq!(numeric("linode", "volume", "8001", "op").unwrap(), 8001);
        for bad in [
            "",
            "8001/../x",
            "-1",
            "1e3",
            "99999999999999999999999",
            "12 ",
        ] {
            let err = numeric("linode", "volume", bad, "op").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::NotFound, "{bad:?}");
            assert_eq!(err.operation(), Some("op"));
        }
        let err = numeric("slicehost", "slice", "abc", "get_node").unwrap_err();
        assert_eq!(
            err.message(),
            r#"no slice "abc": slicehost slice ids are numbers"#
        );
    }

    #[test]
    fn segments_cannot_change_the_path() {
        assert_eq!(segment("p", "image", "ami-0a1b", "op").unwrap(), "ami-0a1b");
        assert_eq!(
            segments("p", "image", "linode/debian12", "op").unwrap(),
            "linode/debian12"
        );
        for bad in ["", ".", "..", "a/b", "a?b", "a#b", "a%2F", "a b", "ä"] {
            let err = segment("p", "image", bad, "op").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::NotFound, "{bad:?}");
        }
        for bad in ["a//b", "a/../b", "/a", "a/", "a/b?c"] {
            assert!(segments("p", "image", bad, "op").is_err(), "{bad:?}");
        }
    }
}
