//! Registration with the facade's registry.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::options::{CredentialSpec, OptionSpec};
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

use crate::settings::{CREDENTIALS, OPTIONS};
use crate::{AzureBlobStorage, PROVIDER_ID};

/// Where the Blob service's REST reference lives.
const API_REFERENCE: &str =
    "https://learn.microsoft.com/rest/api/storageservices/blob-service-rest-api";

/// Builds [`AzureBlobStorage`] drivers for the registry, under the id `azure_blobs`.
#[derive(Debug, Default, Clone, Copy)]
pub struct AzureBlobFactory;

#[async_trait]
impl DriverFactory for AzureBlobFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.into(),
            name: "Azure Blob Storage".into(),
            areas: vec![Area::Storage],
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
        Ok(AreaSession::of_storage(Arc::new(AzureBlobStorage::new(
            config,
        )?)))
    }
}

#[cfg(test)]
mod tests {
    use cloud_core::ErrorKind;
    use cloud_core::env::MapEnv;

    use super::*;

    #[tokio::test]
    async fn a_development_session_is_storage_only() {
        let config = ProviderConfig {
            env: Arc::new(MapEnv::from([(
                "AZURE_STORAGE_CONNECTION_STRING",
                "UseDevelopmentStorage=true",
            )])),
            ..Default::default()
        };
        let session = AzureBlobFactory.connect(&config).await.unwrap();
        let storage = session.storage().unwrap();
        assert_eq!(storage.provider_id(), "azure_blobs");
        let azure = storage.as_any().downcast_ref::<AzureBlobStorage>().unwrap();
        assert_eq!(
            azure.settings().endpoint.as_str(),
            "http://127.0.0.1:10000/devstoreaccount1"
        );
        assert!(!format!("{azure:?}").contains("Eby8"));
        assert_eq!(
            session.compute().unwrap_err().kind(),
            ErrorKind::Unsupported
        );
    }
}
