//! Errors of Rackspace's own making: a region it does not have, no credentials. Answers
//! of its services are read by the OpenStack family's parser.

use cloud_core::{Error, ErrorKind};

use crate::PROVIDER_ID;
use crate::settings::REGIONS;

/// A region Rackspace's public cloud does not have.
pub(crate) fn unknown_region(region: &str) -> Error {
    Error::new(
        ErrorKind::Configuration,
        format!(
            "Rackspace has no region {region:?}: use one of {}",
            REGIONS.join(", ")
        ),
    )
    .with_provider(PROVIDER_ID)
}

/// Neither an API key nor a password, or no user name.
pub(crate) fn missing_login(what: &str) -> Error {
    Error::new(
        ErrorKind::Configuration,
        format!("no {what}: set RACKSPACE_USERNAME and RACKSPACE_API_KEY (or RACKSPACE_PASSWORD)"),
    )
    .with_provider(PROVIDER_ID)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_to_do() {
        let e = unknown_region("XYZ");
        assert!(e.message().contains("DFW, ORD, IAD, LON, HKG, SYD"), "{e}");
        assert_eq!(e.provider(), Some(PROVIDER_ID));
        assert!(
            missing_login("API key")
                .message()
                .contains("RACKSPACE_API_KEY")
        );
    }
}
