//! Registration with the facade's registry.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::options::CredentialSpec;
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

use crate::settings::CREDENTIALS;
use crate::{PROVIDER_ID, SlicehostCompute};

/// Builds Slicehost drivers for the registry.
#[derive(Debug, Default, Clone, Copy)]
pub struct SlicehostFactory;

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
            package: cloud_core::this_crate!(),
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
