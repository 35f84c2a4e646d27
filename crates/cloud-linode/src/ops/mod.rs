//! The driver's calls, grouped by resource. Each module adds methods to
//! [`LinodeCompute`](crate::LinodeCompute); the `Compute` implementation delegates to
//! them.

mod catalog;
mod images;
mod keys;
mod nodes;
mod volumes;

use cloud_core::{Error, Result};

use crate::driver::PROVIDER_ID;

/// A numeric Linode id (instances, volumes, SSH keys). Anything else cannot name an
/// existing resource: `NotFound`, without a request.
pub(crate) fn numeric_id(what: &str, id: &str, operation: &str) -> Result<u64> {
    id.parse::<u64>().map_err(|_| {
        let shown: String = id.chars().take(64).collect();
        Error::not_found(format!(
            "no {what} {shown:?}: Linode {what} ids are numbers"
        ))
        .with_provider(PROVIDER_ID)
        .with_operation(operation)
    })
}

/// An image id as a path (`linode/debian12`, `private/123`): letters, digits, `-`, `_`,
/// `.` in non-empty segments joined by `/`, with no `.` or `..` segment. Anything else
/// cannot name an existing image: `NotFound`, without a request.
pub(crate) fn image_path(id: &str, operation: &str) -> Result<String> {
    let valid_segment = |s: &str| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    if id.split('/').all(valid_segment) {
        Ok(format!("images/{id}"))
    } else {
        let shown: String = id.chars().take(64).collect();
        Err(Error::not_found(format!("no image {shown:?}"))
            .with_provider(PROVIDER_ID)
            .with_operation(operation))
    }
}

/// Puts this driver's name and the operation on an error raised before any request.
pub(crate) fn local(err: Error, operation: &str) -> Error {
    err.in_context(PROVIDER_ID, operation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn numeric_ids_only() {
        assert_eq!(numeric_id("instance", "123", "get_node").unwrap(), 123);
        for bad in ["", "abc", "-1", "1/../2", "12 ", "99999999999999999999999"] {
            let err = numeric_id("instance", bad, "get_node").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::NotFound, "{bad:?}");
            assert_eq!(err.operation(), Some("get_node"));
        }
    }

    #[test]
    fn image_ids_stay_inside_the_images_path() {
        assert_eq!(
            image_path("linode/debian12", "get_image").unwrap(),
            "images/linode/debian12"
        );
        assert_eq!(
            image_path("private/123", "get_image").unwrap(),
            "images/private/123"
        );
        for bad in [
            "",
            "/x",
            "x/",
            "a//b",
            "../regions",
            "linode/..",
            "a?b",
            "a b",
            "ü",
        ] {
            let err = image_path(bad, "get_image").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::NotFound, "{bad:?}");
        }
    }
}
