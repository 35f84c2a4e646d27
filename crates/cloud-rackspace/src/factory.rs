//! Registration with the facade's registry.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::options::{CredentialSpec, OptionSpec};
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

use crate::settings::{CREDENTIALS, OPTIONS, REGIONS};
use crate::{PROVIDER_ID, client, compute, dns, load_balancer, storage};

/// Where Rackspace's API documentation lives.
const API_REFERENCE: &str = "https://docs.rackspace.com/docs/";

/// Builds Rackspace Cloud sessions for the registry, under the id `rackspace`: an
/// identity v2.0 login with the user name and API key, then Cloud Servers (next
/// generation) and Cloud Files at the catalog's endpoints in the chosen region (the
/// user's default region when none is chosen).
#[derive(Debug, Default, Clone, Copy)]
pub struct RackspaceFactory;

#[async_trait]
impl DriverFactory for RackspaceFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.into(),
            name: "Rackspace Cloud".into(),
            areas: vec![Area::Compute, Area::Storage, Area::Dns, Area::LoadBalancer],
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

    /// Reads the login settings (missing ones and unknown regions fail here) without
    /// sending anything: the login happens at the first request.
    async fn connect(&self, config: &ProviderConfig) -> Result<Arc<dyn Session>> {
        let identity = client::identity(config)?;
        let compute: Arc<dyn cloud_core::compute::Compute> =
            Arc::new(compute::compute(&identity, config)?);
        let storage: Arc<dyn cloud_core::storage::ObjectStorage> =
            Arc::new(storage::storage(&identity, config)?);
        let dns: Arc<dyn cloud_core::dns::Dns> = Arc::new(dns::dns(&identity, config)?);
        let load_balancer: Arc<dyn cloud_core::load_balancer::LoadBalancer> =
            Arc::new(load_balancer::load_balancer(&identity, config)?);
        Ok(Arc::new(
            AreaSession::new(PROVIDER_ID)
                .with_compute(Ok(compute))
                .with_storage(Ok(storage))
                .with_dns(Ok(dns))
                .with_load_balancer(Ok(load_balancer)),
        ))
    }

    /// Rackspace's public-cloud regions.
    async fn regions(&self, _config: &ProviderConfig) -> Result<Vec<String>> {
        Ok(REGIONS.iter().map(|r| r.to_string()).collect())
    }
}
