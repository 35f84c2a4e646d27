//! Registration with the facade's registry.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_aws_auth::AWS_CREDENTIALS;
use cloud_core::options::{CredentialSpec, OptionSpec};
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

use crate::settings::OPTIONS;
use crate::{Ec2Compute, PROVIDER_ID};

/// Where EC2's API reference lives.
const API_REFERENCE: &str = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/";

/// Builds [`Ec2Compute`] drivers for the registry, under the id `ec2`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Ec2Factory;

#[async_trait]
impl DriverFactory for Ec2Factory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.into(),
            name: "Amazon EC2".into(),
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
        AWS_CREDENTIALS
    }

    async fn connect(&self, config: &ProviderConfig) -> Result<Arc<dyn Session>> {
        Ok(AreaSession::of_compute(Arc::new(Ec2Compute::new(config)?)))
    }

    /// The regions `DescribeRegions` names (those enabled for the account), asked of the
    /// configured region's endpoint.
    async fn regions(&self, config: &ProviderConfig) -> Result<Vec<String>> {
        use futures::TryStreamExt;
        let compute = Ec2Compute::new(config)?;
        let regions: Vec<_> = compute.list_regions().try_collect().await?;
        Ok(regions.into_iter().map(|r| r.id).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;
    use cloud_core::env::MapEnv;

    #[tokio::test]
    async fn meta_and_compute() {
        let meta = Ec2Factory.meta();
        assert_eq!(meta.id, "ec2");
        assert_eq!(meta.name, "Amazon EC2");
        assert_eq!(meta.areas, vec![Area::Compute]);
        assert_eq!(meta.lifecycle, Lifecycle::Active);
        let config = ProviderConfig {
            env: Arc::new(MapEnv::default()),
            ..Default::default()
        };
        let session = Ec2Factory.connect(&config).await.unwrap();
        let compute = session.compute().unwrap();
        assert_eq!(compute.provider_id(), "ec2");
        assert!(compute.as_any().downcast_ref::<Ec2Compute>().is_some());
        assert_eq!(
            session.storage().unwrap_err().kind(),
            ErrorKind::Unsupported
        );
    }
}
