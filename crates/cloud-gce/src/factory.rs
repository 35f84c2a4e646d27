//! Registration with the facade's registry.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::options::{CredentialSpec, OptionSpec};
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

use crate::settings::{CREDENTIALS, OPTIONS};
use crate::{GceCompute, PROVIDER_ID};

/// Where Compute Engine's API reference lives.
const API_REFERENCE: &str = "https://cloud.google.com/compute/docs/reference/rest/v1";

/// Builds the Compute Engine driver ([`GceCompute`]) for the registry, under the id
/// `gce`.
#[derive(Debug, Default, Clone, Copy)]
pub struct GceFactory;

#[async_trait]
impl DriverFactory for GceFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.into(),
            name: "Google Compute Engine".into(),
            areas: vec![Area::Compute],
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

    async fn connect(&self, config: &ProviderConfig) -> Result<Arc<dyn Session>> {
        let compute = GceCompute::connect(config).await?;
        Ok(Arc::new(
            AreaSession::new(PROVIDER_ID).with_compute(Ok(Arc::new(compute))),
        ))
    }
}
