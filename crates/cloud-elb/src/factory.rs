//! Registration with the facade's registry.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_aws_auth::AWS_CREDENTIALS;
use cloud_core::options::{CredentialSpec, OptionSpec};
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

use crate::settings::OPTIONS;
use crate::{ElbLoadBalancer, PROVIDER_ID};

/// Where the Elastic Load Balancing v2 API reference lives.
const API_REFERENCE: &str = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/";

/// Builds [`ElbLoadBalancer`] drivers for the registry, under the id `elb`.
#[derive(Debug, Default, Clone, Copy)]
pub struct ElbFactory;

#[async_trait]
impl DriverFactory for ElbFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.into(),
            name: "Elastic Load Balancing v2".into(),
            areas: vec![Area::LoadBalancer],
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
        Ok(AreaSession::of_load_balancer(Arc::new(
            ElbLoadBalancer::new(config)?,
        )))
    }
}

#[cfg(test)]
mod tests {
    use cloud_core::ErrorKind;
    use cloud_core::env::MapEnv;

    use super::*;

    #[tokio::test]
    async fn meta_and_load_balancer_session() {
        let meta = ElbFactory.meta();
        assert_eq!(meta.id, "elb");
        assert_eq!(meta.areas, vec![Area::LoadBalancer]);
        assert_eq!(meta.package.name, "cloud-elb");
        let config = ProviderConfig {
            env: Arc::new(MapEnv::default()),
            ..Default::default()
        };
        let session = ElbFactory.connect(&config).await.unwrap();
        let lb = session.load_balancer().unwrap();
        assert_eq!(lb.provider_id(), "elb");
        assert!(lb.as_any().downcast_ref::<ElbLoadBalancer>().is_some());
        assert_eq!(
            session.compute().unwrap_err().kind(),
            ErrorKind::Unsupported
        );
    }

    #[test]
    fn the_secret_key_never_shows_in_debug_output() {
        let secret = "elb-secret-access-key-4b7d";
        let mut config = ProviderConfig {
            env: Arc::new(MapEnv::default()),
            ..Default::default()
        };
        for (name, value) in [
            ("access_key_id", "AKIDEXAMPLE"),
            ("secret_access_key", secret),
        ] {
            config
                .credentials
                .insert(name.into(), cloud_core::Secret::new(value));
        }
        let driver = ElbLoadBalancer::new(&config).unwrap();
        let shown = format!("{driver:?}");
        assert!(shown.contains("ElbLoadBalancer"), "{shown}");
        assert!(!shown.contains(secret), "{shown}");
    }
}
