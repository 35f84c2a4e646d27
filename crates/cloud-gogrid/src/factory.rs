//! The registry entry: GoGrid's meta, options and credentials, and `connect`.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::options::{CredentialSpec, OptionSpec};
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

use crate::settings::{CREDENTIALS, OPTIONS};
use crate::{GoGridCompute, GoGridLoadBalancer, PROVIDER_ID};

/// Builds GoGrid drivers for the registry.
#[derive(Debug, Default, Clone, Copy)]
pub struct GoGridFactory;

#[async_trait]
impl DriverFactory for GoGridFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.to_string(),
            name: "GoGrid".to_string(),
            areas: vec![Area::Compute, Area::LoadBalancer],
            lifecycle: Lifecycle::Defunct {
                since: "2019-05-31".to_string(),
                note: "GoGrid was acquired by Datapipe (2015), then Rackspace (2017), which \
                       discontinued all GoGrid services"
                    .to_string(),
            },
            api_reference: "https://wiki.gogrid.com/index.php/API:Anatomy_of_a_GoGrid_API_Call"
                .to_string(),
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
        let compute = GoGridCompute::new(config)?;
        // One client, so both areas share the signer, the settings and the connections.
        let load_balancer = GoGridLoadBalancer::from_client(compute.client.clone());
        Ok(Arc::new(
            AreaSession::new(PROVIDER_ID)
                .with_compute(Ok(Arc::new(compute)))
                .with_load_balancer(Ok(Arc::new(load_balancer))),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_declares_defunct() {
        let meta = GoGridFactory.meta();
        assert_eq!(meta.id, "gogrid");
        assert_eq!(meta.areas, vec![Area::Compute, Area::LoadBalancer]);
        assert!(matches!(
            meta.lifecycle,
            Lifecycle::Defunct { ref since, .. } if since == "2019-05-31"
        ));
    }
}
