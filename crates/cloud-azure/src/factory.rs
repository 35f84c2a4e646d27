//! Registration with the facade's registry.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::options::{CredentialSpec, OptionSpec};
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

use crate::settings::{CREDENTIALS, OPTIONS};
use crate::{AzureCompute, PROVIDER_ID};

/// Where the Azure Resource Manager compute API reference lives.
const API_REFERENCE: &str = "https://learn.microsoft.com/en-us/rest/api/compute/";

/// Builds the Azure virtual machines driver ([`AzureCompute`]) for the registry, under
/// the id `azure`.
#[derive(Debug, Default, Clone, Copy)]
pub struct AzureFactory;

#[async_trait]
impl DriverFactory for AzureFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.into(),
            name: "Microsoft Azure Virtual Machines".into(),
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
        let compute = AzureCompute::new(config)?;
        Ok(Arc::new(
            AreaSession::new(PROVIDER_ID).with_compute(Ok(Arc::new(compute))),
        ))
    }
}
