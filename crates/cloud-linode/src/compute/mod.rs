//! The compute area: the driver type, its constructor and the `Compute` implementation,
//! which delegates to the calls beside it, one file per resource (each adds methods to
//! [`LinodeCompute`]).

mod catalog;
mod images;
mod keys;
mod label;
mod nodes;
mod volumes;

pub use label::validate_label;

pub(crate) use crate::errors::local;

use async_trait::async_trait;
use cloud_core::compute::{
    Compute, ComputeCapabilities, ComputeFeature, CreateNode, CreateVolume, Image, KeyPair,
    Location, Node, Size, Volume,
};
use cloud_core::{BoxStream, Error, ErrorKind, ProviderConfig, Result};

use crate::PROVIDER_ID;
use crate::client::Api;
use crate::settings::Settings;

/// The Linode compute driver. Cheap to clone; safe to share between tasks.
#[derive(Debug, Clone)]
pub struct LinodeCompute {
    pub(crate) api: Api,
    pub(crate) default_region: Option<String>,
}

impl LinodeCompute {
    /// A driver for the account whose token is in `config.credentials["token"]` (or the
    /// `LINODE_TOKEN` environment variable), at `config.endpoint` or Linode's own.
    ///
    /// Fails with `InvalidCredentials` when no token is configured, with
    /// `Configuration` when the endpoint is invalid and with `InvalidInput` when the
    /// `page_size` option is not a number from 25 to 500.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        let settings = Settings::read(config)?;
        let api = Api::connect(config, &settings)?;
        Ok(LinodeCompute::with_api(api, &settings))
    }

    /// A driver over an existing client (the session's, shared with DNS).
    pub(crate) fn with_api(api: Api, settings: &Settings) -> Self {
        LinodeCompute {
            api,
            default_region: settings.default_region.clone(),
        }
    }

    /// Items per page on list calls.
    pub fn page_size(&self) -> u32 {
        self.api.page_size()
    }
}

#[async_trait]
impl Compute for LinodeCompute {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    fn capabilities(&self) -> ComputeCapabilities {
        ComputeCapabilities::with([
            ComputeFeature::Reboot,
            ComputeFeature::StartStop,
            ComputeFeature::GetImage,
            ComputeFeature::AuthSshKey,
            ComputeFeature::AuthKeyPairName,
            ComputeFeature::AuthPassword,
            ComputeFeature::Tags,
            ComputeFeature::UserData,
            ComputeFeature::KeyPairs,
            ComputeFeature::KeyPairImport,
            ComputeFeature::Volumes,
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
        self.power(id, "reboot_node", "reboot").await
    }

    async fn start_node(&self, id: &str) -> Result<()> {
        self.power(id, "start_node", "boot").await
    }

    async fn stop_node(&self, id: &str) -> Result<()> {
        self.power(id, "stop_node", "shutdown").await
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

    fn list_key_pairs(&self) -> BoxStream<'_, Result<KeyPair>> {
        self.keys()
    }

    async fn get_key_pair(&self, name: &str) -> Result<KeyPair> {
        self.key(name, "get_key_pair").await.map(|(_, key)| key)
    }

    async fn create_key_pair(&self, name: &str) -> Result<KeyPair> {
        let _ = name;
        Err(Error::new(
            ErrorKind::Unsupported,
            "Linode does not generate key pairs; make one locally and use import_key_pair",
        )
        .with_provider(PROVIDER_ID)
        .with_operation("create_key_pair"))
    }

    async fn import_key_pair(&self, name: &str, public_key: &str) -> Result<KeyPair> {
        self.import_key(name, public_key).await
    }

    async fn delete_key_pair(&self, name: &str) -> Result<()> {
        self.delete_key(name).await
    }

    fn list_volumes(&self) -> BoxStream<'_, Result<Volume>> {
        self.volumes()
    }

    async fn create_volume(&self, request: &CreateVolume) -> Result<Volume> {
        self.new_volume(request).await
    }

    async fn attach_volume(
        &self,
        volume_id: &str,
        node_id: &str,
        device: Option<&str>,
    ) -> Result<()> {
        let _ = device;
        self.attach(volume_id, node_id).await
    }

    async fn detach_volume(&self, volume_id: &str) -> Result<()> {
        self.detach(volume_id).await
    }

    async fn destroy_volume(&self, volume_id: &str) -> Result<()> {
        self.delete_volume(volume_id).await
    }

    async fn create_image(&self, node_id: &str, name: &str) -> Result<Image> {
        self.image_from_node(node_id, name).await
    }

    async fn delete_image(&self, image_id: &str) -> Result<()> {
        self.remove_image(image_id).await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::DEFAULT_PAGE_SIZE;
    use crate::settings::TOKEN_ENV;
    use cloud_core::Secret;
    use cloud_core::env::MapEnv;
    use futures::StreamExt;

    fn config(env: MapEnv) -> ProviderConfig {
        ProviderConfig {
            env: Arc::new(env),
            ..Default::default()
        }
    }

    #[test]
    fn token_comes_from_config_or_environment() {
        let err = LinodeCompute::new(&config(MapEnv::default())).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(err.to_string().contains("LINODE_TOKEN"), "{err}");
        assert!(LinodeCompute::new(&config(MapEnv::from([(TOKEN_ENV, "env-tok")]))).is_ok());
        let mut cfg = config(MapEnv::default());
        cfg.credentials
            .insert("token".into(), Secret::new("cfg-tok-secret"));
        let driver = LinodeCompute::new(&cfg).unwrap();
        assert!(!format!("{driver:?}").contains("cfg-tok-secret"));
        assert_eq!(driver.page_size(), DEFAULT_PAGE_SIZE);
    }

    #[test]
    fn page_size_is_checked_against_linode_limits() {
        let driver = |page: Option<&str>| {
            let mut c = config(MapEnv::from([(TOKEN_ENV, "t")]));
            if let Some(page) = page {
                c.options.insert("page_size".into(), page.into());
            }
            LinodeCompute::new(&c)
        };
        assert_eq!(driver(None).unwrap().page_size(), 500);
        assert_eq!(driver(Some("25")).unwrap().page_size(), 25);
        assert_eq!(driver(Some(" 100 ")).unwrap().page_size(), 100);
        for bad in ["24", "501", "0", "-5", "ten", ""] {
            let err = driver(Some(bad)).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad}");
            assert!(err.message().contains("25 to 500"), "{err}");
        }
    }

    #[tokio::test]
    async fn create_key_pair_is_unsupported() {
        let driver = LinodeCompute::new(&config(MapEnv::from([(TOKEN_ENV, "t")]))).unwrap();
        let caps = driver.capabilities();
        assert!(!caps.supports(ComputeFeature::KeyPairCreate));
        assert!(!caps.supports(ComputeFeature::Snapshots));
        assert!(!caps.supports(ComputeFeature::ImageCopy));
        let err = driver.create_key_pair("k").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert!(err.message().contains("import_key_pair"));
        let first = driver.list_snapshots().next().await.unwrap();
        assert_eq!(first.unwrap_err().kind(), ErrorKind::Unsupported);
    }
}
