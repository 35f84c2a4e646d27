//! The GoGrid compute driver: its construction and `impl Compute`, delegating to
//! [`ops`](crate::ops).

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::compute::{
    Compute, ComputeCapabilities, ComputeFeature, CreateNode, Image, Location, Node, Size,
};
use cloud_core::{BoxStream, Clock, ProviderConfig, Result, SystemClock};

use crate::PROVIDER_ID;
use crate::client::GoGridClient;
use crate::ops::{catalog, images, nodes};
use crate::settings::Settings;

/// Compute over the GoGrid API v1.8. Provider-only calls (server edit, the IP pool,
/// passwords) are inherent methods; reach them from a `dyn Compute`
/// through [`Compute::as_any`](cloud_core::compute::Compute::as_any).
#[derive(Debug, Clone)]
pub struct GoGridCompute {
    pub(crate) client: GoGridClient,
}

impl GoGridCompute {
    /// A driver from a configuration: credentials `api_key` and `secret` (or
    /// `GOGRID_API_KEY` / `GOGRID_SECRET`), `endpoint` when set, and the `page_size`
    /// option (1–1000, default 100). Signatures use the system clock.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        GoGridCompute::with_clock(config, Arc::new(SystemClock))
    }

    /// Like [`GoGridCompute::new`], with signatures (and `Retry-After` dates) read from
    /// `clock`.
    pub fn with_clock(config: &ProviderConfig, clock: Arc<dyn Clock>) -> Result<Self> {
        let settings = Settings::read(config)?;
        let client = GoGridClient::new(settings, config.http_settings()?, clock)?;
        Ok(GoGridCompute { client })
    }
}

#[async_trait]
impl Compute for GoGridCompute {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    /// Power actions and server images; no first-login credentials (GoGrid generates
    /// the password), tags or user data on create.
    fn capabilities(&self) -> ComputeCapabilities {
        ComputeCapabilities::with([
            ComputeFeature::Reboot,
            ComputeFeature::StartStop,
            ComputeFeature::GetImage,
            ComputeFeature::ImageCreate,
        ])
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    /// Servers, each with `extra["password"]` when the password list has one for it.
    fn list_nodes(&self) -> BoxStream<'_, Result<Node>> {
        nodes::list(&self.client)
    }

    async fn get_node(&self, id: &str) -> Result<Node> {
        nodes::get(&self.client, id).await
    }

    async fn create_node(&self, request: &CreateNode) -> Result<Node> {
        nodes::create(&self.client, &self.capabilities(), request).await
    }

    async fn destroy_node(&self, id: &str) -> Result<()> {
        nodes::destroy(&self.client, id).await
    }

    async fn reboot_node(&self, id: &str) -> Result<()> {
        nodes::power(&self.client, "reboot_node", id, "restart").await
    }

    async fn start_node(&self, id: &str) -> Result<()> {
        nodes::power(&self.client, "start_node", id, "start").await
    }

    async fn stop_node(&self, id: &str) -> Result<()> {
        nodes::power(&self.client, "stop_node", id, "stop").await
    }

    /// The `server.ram` options; an option whose RAM cannot be read is left out.
    fn list_sizes(&self) -> BoxStream<'_, Result<Size>> {
        catalog::sizes(&self.client)
    }

    fn list_images(&self) -> BoxStream<'_, Result<Image>> {
        images::list(&self.client)
    }

    async fn get_image(&self, id: &str) -> Result<Image> {
        images::get(&self.client, id).await
    }

    fn list_locations(&self) -> BoxStream<'_, Result<Location>> {
        catalog::locations(&self.client)
    }

    /// Saves a server image (`grid/image/save`) from the node, which GoGrid requires to
    /// be an image sandbox server.
    async fn create_image(&self, node_id: &str, name: &str) -> Result<Image> {
        images::save(&self.client, node_id, name).await
    }

    async fn delete_image(&self, image_id: &str) -> Result<()> {
        images::delete(&self.client, image_id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::{MapEnv, Secret};

    #[test]
    fn debug_hides_credentials() {
        let mut config = ProviderConfig {
            endpoint: Some("http://127.0.0.1:9/".parse().unwrap()),
            env: Arc::new(MapEnv::default()),
            ..ProviderConfig::default()
        };
        for (k, v) in [("api_key", "key-4433"), ("secret", "shh-9911")] {
            config.credentials.insert(k.into(), Secret::new(v));
        }
        let shown = format!("{:?}", GoGridCompute::new(&config).unwrap());
        assert!(
            !shown.contains("key-4433") && !shown.contains("shh-9911"),
            "{shown}"
        );
    }
}
