//! Slicehost compute for libcloud-rs.
//!
//! Slicehost offered Xen "slices" through a Rails-style XML API at
//! `https://api.slicehost.com`, authenticated with HTTP Basic using the account's API
//! key as the user name. This crate maps it onto [`cloud_core::compute::Compute`]:
//!
//! | Slicehost | libcloud-rs |
//! | --- | --- |
//! | slice (`/slices.xml`, `/slices/ID.xml`) | [`Node`](cloud_core::compute::Node) |
//! | flavor (`/flavors.xml`) | [`Size`](cloud_core::compute::Size); the price in cents a month becomes dollars an hour over a 730-hour month ([`parse::HOURS_PER_MONTH`]) |
//! | image (`/images.xml`, `/images/ID.xml`) | [`Image`](cloud_core::compute::Image) |
//! | — | one fixed [`Location`](cloud_core::compute::Location), [`driver::location`]: the API had none |
//!
//! Creating a slice (`POST /slices.xml` with name, flavor id and image id) answers
//! with the generated root password, which the returned node carries in
//! `extra["root_password"]`, exactly as the API gave it. Reboot is
//! `PUT /slices/ID/reboot.xml`; the hard reboot is the provider-only
//! [`SlicehostCompute::hard_reboot`]. Key pairs, volumes, snapshots and server images
//! are not offered and answer `Unsupported`.
//!
//! Slice statuses map to node states as `active` → running, `build` → pending,
//! `reboot`/`hard_reboot` → rebooting, `terminated` → terminated; any other word is
//! kept raw. Errors: `401` (`HTTP Basic: Access denied.`) is `InvalidCredentials`, an
//! `<errors><error>…</error></errors>` document takes its kind from the status (`422`
//! is `InvalidInput`), `404` is `NotFound`.
//!
//! The Slicehost API closed in 2012, after Slicehost's customers moved to Rackspace
//! Cloud Servers; the provider is declared [`Lifecycle::Defunct`]. The driver stays for
//! recorded traffic and old code; point `ProviderConfig.endpoint` at a server that
//! speaks the API to use it.

pub mod driver;
pub mod errors;
pub mod parse;

#[cfg(test)]
mod robustness;

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::options::CredentialSpec;
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

pub use driver::SlicehostCompute;

/// The provider id.
pub const PROVIDER_ID: &str = "slicehost";

/// The API's own endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://api.slicehost.com/";

/// The environment variable read when no `api_key` credential is configured.
pub const API_KEY_ENV: &str = "SLICEHOST_API_KEY";

/// Builds Slicehost drivers for the registry.
#[derive(Debug, Default, Clone, Copy)]
pub struct SlicehostFactory;

/// The credentials Slicehost takes.
const CREDENTIALS: &[CredentialSpec] = &[CredentialSpec::required(
    "api_key",
    "the account's API key, sent as the Basic auth user name",
    &[API_KEY_ENV],
)];

#[async_trait]
impl DriverFactory for SlicehostFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.to_string(),
            name: "Slicehost".to_string(),
            areas: vec![Area::Compute],
            lifecycle: Lifecycle::Defunct {
                since: "2012".to_string(),
                note: "the Slicehost API was shut down after Slicehost's customers moved to \
                       Rackspace Cloud Servers"
                    .to_string(),
            },
            api_reference: "https://api.slicehost.com/ (Slicehost API, ActiveResource XML)"
                .to_string(),
        }
    }

    fn credentials(&self) -> &'static [CredentialSpec] {
        CREDENTIALS
    }

    async fn connect(&self, config: &ProviderConfig) -> Result<Arc<dyn Session>> {
        Ok(AreaSession::of_compute(Arc::new(SlicehostCompute::new(
            config,
        )?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn meta_declares_defunct() {
        let meta = SlicehostFactory.meta();
        assert_eq!(meta.id, "slicehost");
        assert_eq!(meta.areas, vec![Area::Compute]);
        assert_eq!(meta.lifecycle.label(), "defunct");
        let mut config = ProviderConfig::default();
        config
            .credentials
            .insert("api_key".into(), cloud_core::Secret::new("k"));
        let session = SlicehostFactory.connect(&config).await.unwrap();
        assert!(session.compute().is_ok());
        assert!(session.storage().is_err());
    }
}
