//! The Slicehost compute driver: its type, its constructor and the `Compute`
//! implementation, which delegates to the calls in `ops/`.

use async_trait::async_trait;
use cloud_core::compute::{
    Compute, ComputeCapabilities, ComputeFeature, CreateNode, Image, Location, Node, Size,
};
use cloud_core::{BoxStream, ProviderConfig, Result};

use crate::PROVIDER_ID;
use crate::client::Api;
use crate::settings;

/// Compute over the Slicehost API: slices as nodes, flavors as sizes, images, and one
/// fixed location. Reach [`SlicehostCompute::hard_reboot`] by downcasting a
/// `dyn Compute` through [`Compute::as_any`].
#[derive(Debug, Clone)]
pub struct SlicehostCompute {
    pub(crate) api: Api,
}

impl SlicehostCompute {
    /// A driver from a configuration: the `api_key` credential (or `SLICEHOST_API_KEY`),
    /// and `endpoint` when set.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        let api_key = settings::api_key(config)?;
        Ok(SlicehostCompute {
            api: Api::connect(config, &api_key)?,
        })
    }
}

#[async_trait]
impl Compute for SlicehostCompute {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    /// Reboot and get_image only: no first-login credentials, tags or user data on
    /// create, so `ComputeCapabilities::check_create` refuses all of them.
    fn capabilities(&self) -> ComputeCapabilities {
        ComputeCapabilities::with([ComputeFeature::Reboot, ComputeFeature::GetImage])
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
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::API_KEY_ENV;
    use cloud_core::ErrorKind;

    #[test]
    fn new_needs_an_api_key() {
        let config = ProviderConfig {
            env: Arc::new(cloud_core::MapEnv::default()),
            ..ProviderConfig::default()
        };
        let err = SlicehostCompute::new(&config).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(err.to_string().contains(API_KEY_ENV));
    }

    #[test]
    fn debug_never_shows_the_key() {
        let mut config = ProviderConfig {
            endpoint: Some("http://127.0.0.1:9/".parse().unwrap()),
            ..ProviderConfig::default()
        };
        config
            .credentials
            .insert("api_key".into(), cloud_core::Secret::new("sekrit-key-77"));
        let driver = SlicehostCompute::new(&config).unwrap();
        let shown = format!("{driver:?}");
        assert!(!shown.contains("sekrit-key-77"), "{shown}");
        use base64::Engine;
        let encoded = base64::engine::general_purpose::STANDARD.encode("sekrit-key-77:");
        assert!(!shown.contains(&encoded), "{shown}");
    }
}
