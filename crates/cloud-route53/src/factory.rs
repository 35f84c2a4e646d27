//! Registration with the facade's registry.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_aws_auth::AWS_CREDENTIALS;
use cloud_core::options::{CredentialSpec, OptionSpec};
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

use crate::settings::OPTIONS;
use crate::{PROVIDER_ID, Route53Dns};

/// Where Route 53's API reference lives.
const API_REFERENCE: &str = "https://docs.aws.amazon.com/Route53/latest/APIReference/";

/// Builds [`Route53Dns`] drivers for the registry, under the id `route53`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Route53Factory;

#[async_trait]
impl DriverFactory for Route53Factory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.into(),
            name: "Amazon Route 53".into(),
            areas: vec![Area::Dns],
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
        Ok(AreaSession::of_dns(Arc::new(Route53Dns::new(config)?)))
    }
}

#[cfg(test)]
mod tests {
    use cloud_core::ErrorKind;
    use cloud_core::env::MapEnv;

    use super::*;

    #[tokio::test]
    async fn meta_and_dns_session() {
        let meta = Route53Factory.meta();
        assert_eq!(meta.id, "route53");
        assert_eq!(meta.name, "Amazon Route 53");
        assert_eq!(meta.areas, vec![Area::Dns]);
        assert_eq!(meta.package.name, "cloud-route53");
        let config = ProviderConfig {
            env: Arc::new(MapEnv::default()),
            ..Default::default()
        };
        let session = Route53Factory.connect(&config).await.unwrap();
        let dns = session.dns().unwrap();
        assert_eq!(dns.provider_id(), "route53");
        assert!(dns.as_any().downcast_ref::<Route53Dns>().is_some());
        assert_eq!(
            session.compute().unwrap_err().kind(),
            ErrorKind::Unsupported
        );
    }

    #[test]
    fn the_secret_key_never_shows_in_debug_output() {
        let secret = "r53-secret-access-key-9c1e";
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
        let driver = Route53Dns::new(&config).unwrap();
        let shown = format!("{driver:?}");
        assert!(shown.contains("Route53Dns"), "{shown}");
        assert!(!shown.contains(secret), "{shown}");
        let half = ProviderConfig {
            credentials: [(
                "access_key_id".to_string(),
                cloud_core::Secret::new("AKIDEXAMPLE"),
            )]
            .into_iter()
            .collect(),
            env: Arc::new(MapEnv::default()),
            ..Default::default()
        };
        assert_eq!(
            Route53Dns::new(&half).unwrap_err().kind(),
            ErrorKind::InvalidCredentials
        );
    }
}
