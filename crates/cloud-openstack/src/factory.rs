//! Registration with the facade's registry.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::options::{CredentialSpec, OptionSpec};
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

use crate::PROVIDER_ID;
use crate::compute::OpenStackCompute;
use crate::identity::Identity;
use crate::settings::{CREDENTIALS, OPTIONS};
use crate::storage::SwiftStorage;

/// Where the OpenStack API references live.
const API_REFERENCE: &str = "https://docs.openstack.org/api-ref/";

/// Builds OpenStack sessions for the registry, under the id `openstack`: a login to
/// Keystone, then Nova, Glance and Cinder (compute) and Swift (storage) at the
/// catalog's endpoints.
#[derive(Debug, Default, Clone, Copy)]
pub struct OpenStackFactory;

#[async_trait]
impl DriverFactory for OpenStackFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.into(),
            name: "OpenStack".into(),
            areas: vec![Area::Compute, Area::Storage],
            lifecycle: Lifecycle::Active,
            api_reference: API_REFERENCE.into(),
            package: cloud_core::this_crate!(),
        }
    }

    fn options(&self) -> &'static [OptionSpec] {
        OPTIONS
    }

    fn credentials(&self) -> &'static [CredentialSpec] {
        CREDENTIALS
    }

    /// Reads the login settings (missing or wrong ones fail here) without sending
    /// anything: the login happens at the first request, where a wrong password or a
    /// service the catalog lacks is one clear error.
    async fn connect(&self, config: &ProviderConfig) -> Result<Arc<dyn Session>> {
        let identity = Identity::new(config)?;
        let temp_url_key = config.credential("temp_url_key", &["LIBCLOUD_OPENSTACK_TEMP_URL_KEY"]);
        let storage: Arc<dyn cloud_core::storage::ObjectStorage> =
            Arc::new(SwiftStorage::connect(&identity, config, temp_url_key)?);
        let compute: Arc<dyn cloud_core::compute::Compute> =
            Arc::new(OpenStackCompute::new(&identity, config)?);
        Ok(Arc::new(
            AreaSession::new(PROVIDER_ID)
                .with_compute(Ok(compute))
                .with_storage(Ok(storage)),
        ))
    }
}
