//! The first-generation Cloud Servers compute driver: its type, its constructor and the
//! `Compute` implementation, which delegates to the calls in `ops/`.

use async_trait::async_trait;
use cloud_core::compute::{
    Compute, ComputeCapabilities, ComputeFeature, CreateNode, Image, Location, Node, Size,
};
use cloud_core::{BoxStream, ProviderConfig, Result};

use crate::PROVIDER_ID;
use crate::client::Api;
use crate::settings::Account;

/// Compute over Cloud Servers API v1.0: servers as nodes, flavors as sizes, images
/// (server images included), and the account's one location. Reach
/// [`RackspaceFirstGenCompute::hard_reboot`] by downcasting a `dyn Compute` through
/// [`Compute::as_any`].
#[derive(Debug, Clone)]
pub struct RackspaceFirstGenCompute {
    pub(crate) api: Api,
    pub(crate) account: Account,
}

impl RackspaceFirstGenCompute {
    /// A driver from a configuration: the `username` and `api_key` credentials (or
    /// `RACKSPACE_USERNAME` and `RACKSPACE_API_KEY`), `region` (`us`, the default, or
    /// `uk`) choosing the authentication endpoint, `endpoint` overriding it, and the
    /// `format` option. Nothing is sent until the first call, which logs in.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        Ok(RackspaceFirstGenCompute {
            api: Api::connect(config)?,
            account: Account::from_config(config)?,
        })
    }
}

#[async_trait]
impl Compute for RackspaceFirstGenCompute {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    /// Reboot, get_image, metadata as tags, an SSH key written by personality file, and
    /// server images. No root password (the API makes one and answers it), no stored
    /// key pairs, no user data, no volumes.
    fn capabilities(&self) -> ComputeCapabilities {
        ComputeCapabilities::with([
            ComputeFeature::Reboot,
            ComputeFeature::GetImage,
            ComputeFeature::Tags,
            ComputeFeature::AuthSshKey,
            ComputeFeature::ImageCreate,
        ])
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_nodes(&self) -> BoxStream<'_, Result<Node>> {
        self.nodes()
    }

    async fn get_node(&self, id: &str) -> Result<Node> {
        self.node(id).await
    }

    async fn create_node(&self, request: &CreateNode) -> Result<Node> {
        self.create(request).await
    }

    async fn destroy_node(&self, id: &str) -> Result<()> {
        self.destroy(id).await
    }

    async fn reboot_node(&self, id: &str) -> Result<()> {
        self.reboot(id).await
    }

    fn list_sizes(&self) -> BoxStream<'_, Result<Size>> {
        self.sizes()
    }

    fn list_images(&self) -> BoxStream<'_, Result<Image>> {
        self.images()
    }

    async fn get_image(&self, id: &str) -> Result<Image> {
        self.image(id).await
    }

    fn list_locations(&self) -> BoxStream<'_, Result<Location>> {
        self.locations()
    }

    async fn create_image(&self, node_id: &str, name: &str) -> Result<Image> {
        self.image_of(node_id, name).await
    }

    async fn delete_image(&self, image_id: &str) -> Result<()> {
        self.remove_image(image_id).await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::{API_KEY_ENV, USERNAME_ENV};
    use cloud_core::{ErrorKind, MapEnv, Secret};

    #[test]
    fn new_needs_both_credentials() {
        let config = ProviderConfig {
            env: Arc::new(MapEnv::default()),
            ..ProviderConfig::default()
        };
        let err = RackspaceFirstGenCompute::new(&config).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(err.to_string().contains(USERNAME_ENV), "{err}");
        let mut env = MapEnv::default();
        env.set(USERNAME_ENV, "bob");
        let config = ProviderConfig {
            env: Arc::new(env),
            ..ProviderConfig::default()
        };
        let err = RackspaceFirstGenCompute::new(&config).unwrap_err();
        assert!(err.to_string().contains(API_KEY_ENV), "{err}");
    }

    #[test]
    fn debug_never_shows_the_key() {
        let mut config = ProviderConfig {
            endpoint: Some("http://127.0.0.1:9/".parse().unwrap()),
            ..ProviderConfig::default()
        };
        config
            .credentials
            .insert("username".into(), Secret::new("bob"));
        config
            .credentials
            .insert("api_key".into(), Secret::new("sekrit-key-77"));
        let driver = RackspaceFirstGenCompute::new(&config).unwrap();
        let shown = format!("{driver:?}");
        assert!(!shown.contains("sekrit-key-77"), "{shown}");
    }
}
