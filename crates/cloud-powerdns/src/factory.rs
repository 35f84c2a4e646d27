//! Registration with the facade's registry.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::options::{CredentialSpec, OptionSpec};
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

use crate::settings::{CREDENTIALS, OPTIONS};
use crate::{PROVIDER_ID, PowerDnsDns};

/// Where the PowerDNS Authoritative HTTP API reference lives.
const API_REFERENCE: &str = "https://doc.powerdns.com/authoritative/http-api/";

/// Builds the PowerDNS driver for the registry, under the id `powerdns`: a session with
/// one area, DNS ([`PowerDnsDns`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct PowerDnsFactory;

#[async_trait]
impl DriverFactory for PowerDnsFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.into(),
            name: "PowerDNS".into(),
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
        CREDENTIALS
    }

    async fn connect(&self, config: &ProviderConfig) -> Result<Arc<dyn Session>> {
        Ok(AreaSession::of_dns(Arc::new(PowerDnsDns::new(config)?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::env::MapEnv;
    use cloud_core::{ErrorKind, Secret};

    #[tokio::test]
    async fn meta_and_a_dns_only_session() {
        let meta = PowerDnsFactory.meta();
        assert_eq!(meta.id, "powerdns");
        assert_eq!(meta.areas, vec![Area::Dns]);
        assert_eq!(meta.package.name, "cloud-powerdns");
        let mut config = ProviderConfig {
            env: Arc::new(MapEnv::default()),
            endpoint: Some("http://127.0.0.1:8081".parse().unwrap()),
            ..Default::default()
        };
        config
            .credentials
            .insert("api_key".into(), Secret::new("k"));
        let session = PowerDnsFactory.connect(&config).await.unwrap();
        let dns = session.dns().unwrap();
        assert_eq!(dns.provider_id(), "powerdns");
        assert!(dns.as_any().downcast_ref::<PowerDnsDns>().is_some());
        assert_eq!(
            session.compute().unwrap_err().kind(),
            ErrorKind::Unsupported
        );
        assert_eq!(
            session.storage().unwrap_err().kind(),
            ErrorKind::Unsupported
        );
    }
}
