//! The driver's calls, grouped by resource. Each module adds methods to
//! [`Route53Dns`](crate::Route53Dns); the `Dns` implementation delegates to them.

mod batch;
mod changes;
mod edit;
mod records;
mod sets;
mod zones;

use cloud_core::{Error, Result};

pub use batch::{MAX_RECORDS_PER_REQUEST, MAX_VALUE_CHARS_PER_REQUEST};

use crate::PROVIDER_ID;

/// The longest hosted zone id Route 53 issues.
const MAX_ZONE_ID: usize = 32;

/// `id` as a hosted zone id for a URL path: the `/hostedzone/` prefix taken off, then
/// letters and digits only. Anything else names no zone: `NotFound` without a request.
pub(crate) fn zone_id<'a>(id: &'a str, operation: &str) -> Result<&'a str> {
    let bare = id.trim().strip_prefix("/hostedzone/").unwrap_or(id.trim());
    let plausible = !bare.is_empty()
        && bare.len() <= MAX_ZONE_ID
        && bare.bytes().all(|b| b.is_ascii_alphanumeric());
    if plausible {
        Ok(bare)
    } else {
        Err(Error::not_found(format!(
            "no hosted zone {:?}: Route 53 zone ids are letters and digits",
            id.chars().take(64).collect::<String>()
        ))
        .with_provider(PROVIDER_ID)
        .with_operation(operation))
    }
}

/// Gives an error made here (not by the pipeline) the provider and operation.
pub(crate) fn local(err: Error, operation: &str) -> Error {
    err.in_context(PROVIDER_ID, operation)
}

#[cfg(test)]
mod tests {
    use cloud_core::ErrorKind;

    use super::*;

    #[test]
    fn zone_ids_are_letters_and_digits() {
        assert_eq!(zone_id("Z1D633PJN98FT9", "t").unwrap(), "Z1D633PJN98FT9");
        assert_eq!(zone_id("/hostedzone/Z1", "t").unwrap(), "Z1");
        for bad in [
            "",
            "no-such-zone",
            "example.org.",
            "Z1/rrset",
            &"Z".repeat(33),
        ] {
            let err = zone_id(bad, "get_zone").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::NotFound, "{bad:?}");
            assert_eq!(err.operation(), Some("get_zone"));
        }
    }
}
