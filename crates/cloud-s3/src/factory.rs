//! Registration with the facade's registry.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_aws_auth::AWS_CREDENTIALS;
use cloud_core::options::{CredentialSpec, OptionSpec};
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

use crate::settings::OPTIONS;
use crate::{PROVIDER_ID, S3Storage};

/// Where S3's API reference lives.
const API_REFERENCE: &str = "https://docs.aws.amazon.com/AmazonS3/latest/API/";

/// Builds [`S3Storage`] drivers for the registry, under the id `s3`.
#[derive(Debug, Default, Clone, Copy)]
pub struct S3Factory;

#[async_trait]
impl DriverFactory for S3Factory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.into(),
            name: "Amazon S3".into(),
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
        AWS_CREDENTIALS
    }

    async fn connect(&self, config: &ProviderConfig) -> Result<Arc<dyn Session>> {
        Ok(AreaSession::of_storage(Arc::new(S3Storage::new(config)?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;
    use cloud_core::env::MapEnv;

    #[tokio::test]
    async fn meta_and_storage() {
        let meta = S3Factory.meta();
        assert_eq!(meta.id, "s3");
        assert_eq!(meta.name, "Amazon S3");
        assert_eq!(meta.areas, vec![Area::Storage]);
        assert_eq!(meta.lifecycle, Lifecycle::Active);
        assert_eq!(meta.api_reference, API_REFERENCE);

        let config = ProviderConfig {
            env: Arc::new(MapEnv::from([("AWS_REGION", "eu-central-1")])),
            ..Default::default()
        };
        let session = S3Factory.connect(&config).await.unwrap();
        let storage = session.storage().unwrap();
        assert_eq!(storage.provider_id(), "s3");
        let s3 = storage.as_any().downcast_ref::<S3Storage>().unwrap();
        assert_eq!(s3.region(), "eu-central-1");
        let compute = session.compute().unwrap_err();
        assert_eq!(compute.kind(), ErrorKind::Unsupported);
    }
}
