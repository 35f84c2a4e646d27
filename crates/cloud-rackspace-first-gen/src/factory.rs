//! Registration with the facade's registry.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::options::{CredentialSpec, OptionSpec};
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

use crate::settings::{CREDENTIALS, OPTIONS};
use crate::{PROVIDER_ID, RackspaceFirstGenCompute};

/// When the first-generation API stopped: Rackspace moved every first-generation server
/// to the next generation during 2015.
pub(crate) const DEFUNCT_SINCE: &str = "2015";

/// Builds first-generation Cloud Servers drivers for the registry.
#[derive(Debug, Default, Clone, Copy)]
pub struct RackspaceFirstGenFactory;

#[async_trait]
impl DriverFactory for RackspaceFirstGenFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.to_string(),
            name: "Rackspace Cloud Servers (first generation)".to_string(),
            areas: vec![Area::Compute],
            lifecycle: Lifecycle::Defunct {
                since: DEFUNCT_SINCE.to_string(),
                note: "Rackspace migrated every first-generation server to the OpenStack-based \
                       next generation during 2015 and retired the v1.0 API; its successor is the rackspace provider"
                    .to_string(),
            },
            api_reference: "https://docs.rackspace.com/docs/first-generation-cloud-servers-sample-code \
                            (Cloud Servers Developer Guide, API v1.0)"
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
        Ok(AreaSession::of_compute(Arc::new(
            RackspaceFirstGenCompute::new(config)?,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::Secret;

    #[tokio::test]
    async fn meta_declares_defunct_since_2015() {
        let meta = RackspaceFirstGenFactory.meta();
        assert_eq!(meta.id, "rackspace_first_gen");
        assert_eq!(meta.areas, vec![Area::Compute]);
        assert_eq!(meta.lifecycle.label(), "defunct");
        let Lifecycle::Defunct { since, note } = &meta.lifecycle else {
            panic!("not defunct: {:?}", meta.lifecycle);
        };
        assert_eq!(since, "2015");
        assert!(note.contains("next generation"), "{note}");
        assert_eq!(meta.package.name, "cloud-rackspace-first-gen");
        let names: Vec<_> = RackspaceFirstGenFactory
            .credentials()
            .iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, ["username", "api_key"]);
        assert_eq!(RackspaceFirstGenFactory.options()[0].name, "format");

        let mut config = ProviderConfig::default();
        config
            .credentials
            .insert("username".into(), Secret::new("u"));
        config
            .credentials
            .insert("api_key".into(), Secret::new("k"));
        let session = RackspaceFirstGenFactory.connect(&config).await.unwrap();
        assert!(session.compute().is_ok());
        assert!(session.storage().is_err());
    }
}
