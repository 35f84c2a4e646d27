//! Registration with the facade's registry.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::options::{CredentialSpec, OptionSpec};
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};
use cloud_google_auth::GOOGLE_CREDENTIALS;

use crate::settings::OPTIONS;
use crate::{GcsStorage, PROVIDER_ID};

/// Where the JSON API's reference lives.
const API_REFERENCE: &str = "https://cloud.google.com/storage/docs/json_api/v1";

/// Builds [`GcsStorage`] drivers for the registry, under the id `gcs`.
#[derive(Debug, Default, Clone, Copy)]
pub struct GcsFactory;

#[async_trait]
impl DriverFactory for GcsFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.into(),
            name: "Google Cloud Storage".into(),
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
        GOOGLE_CREDENTIALS
    }

    async fn connect(&self, config: &ProviderConfig) -> Result<Arc<dyn Session>> {
        Ok(AreaSession::of_storage(Arc::new(
            GcsStorage::connect(config).await?,
        )))
    }
}

#[cfg(test)]
mod tests {
    use cloud_core::ErrorKind;
    use cloud_core::env::MapEnv;

    use super::*;

    #[tokio::test]
    async fn an_emulator_session_is_storage_only() {
        let meta = GcsFactory.meta();
        assert_eq!(meta.id, "gcs");
        assert_eq!(meta.areas, vec![Area::Storage]);
        let config = ProviderConfig {
            env: Arc::new(MapEnv::from([("STORAGE_EMULATOR_HOST", "127.0.0.1:4443")])),
            ..Default::default()
        };
        let session = GcsFactory.connect(&config).await.unwrap();
        let storage = session.storage().unwrap();
        assert_eq!(storage.provider_id(), "gcs");
        let gcs = storage.as_any().downcast_ref::<GcsStorage>().unwrap();
        assert!(gcs.settings().anonymous);
        assert_eq!(
            session.compute().unwrap_err().kind(),
            ErrorKind::Unsupported
        );
    }
}
