//! Registration with the facade's registry.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::options::{CredentialSpec, OptionSpec};
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

use crate::client::Api;
use crate::settings::{CREDENTIALS, OPTIONS, Settings};
use crate::{LinodeCompute, LinodeDns, LinodeLoadBalancer, PROVIDER_ID};

/// Where Linode's API reference lives.
const API_REFERENCE: &str = "https://techdocs.akamai.com/linode-api/reference/api";

/// Builds the Linode drivers for the registry, under the id `linode`: one session whose
/// compute ([`LinodeCompute`]), DNS ([`LinodeDns`]) and load balancer
/// ([`LinodeLoadBalancer`]) areas share one HTTP client and token.
#[derive(Debug, Default, Clone, Copy)]
pub struct LinodeFactory;

#[async_trait]
impl DriverFactory for LinodeFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.into(),
            name: "Linode".into(),
            areas: vec![Area::Compute, Area::Dns, Area::LoadBalancer],
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
        let settings = Settings::read(config)?;
        let api = Api::connect(config, &settings)?;
        let compute = LinodeCompute::with_api(api.clone(), &settings);
        let load_balancer = LinodeLoadBalancer::with_api(api.clone(), &settings);
        let dns = LinodeDns::with_api(api);
        Ok(Arc::new(
            AreaSession::new(PROVIDER_ID)
                .with_compute(Ok(Arc::new(compute)))
                .with_dns(Ok(Arc::new(dns)))
                .with_load_balancer(Ok(Arc::new(load_balancer))),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::env::MapEnv;
    use cloud_core::{ErrorKind, Secret};

    #[tokio::test]
    async fn meta_compute_dns_and_load_balancer() {
        let meta = LinodeFactory.meta();
        assert_eq!(meta.id, "linode");
        assert_eq!(meta.name, "Linode");
        assert_eq!(
            meta.areas,
            vec![Area::Compute, Area::Dns, Area::LoadBalancer]
        );
        assert_eq!(meta.lifecycle, Lifecycle::Active);
        assert_eq!(meta.api_reference, API_REFERENCE);

        let mut config = ProviderConfig {
            env: Arc::new(MapEnv::default()),
            ..Default::default()
        };
        config.credentials.insert("token".into(), Secret::new("t"));
        let session = LinodeFactory.connect(&config).await.unwrap();
        let compute = session.compute().unwrap();
        assert_eq!(compute.provider_id(), "linode");
        assert!(compute.as_any().downcast_ref::<LinodeCompute>().is_some());
        let dns = session.dns().unwrap();
        assert_eq!(dns.provider_id(), "linode");
        assert!(dns.as_any().downcast_ref::<LinodeDns>().is_some());
        let lb = session.load_balancer().unwrap();
        assert_eq!(lb.provider_id(), "linode");
        assert!(lb.as_any().downcast_ref::<LinodeLoadBalancer>().is_some());
        let storage = session.storage().unwrap_err();
        assert_eq!(storage.kind(), ErrorKind::Unsupported);
    }
}
