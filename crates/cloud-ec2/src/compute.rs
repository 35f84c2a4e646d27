//! The driver type: construction and the `Compute` implementation.

use async_trait::async_trait;
use cloud_core::compute::{
    Compute, ComputeCapabilities, ComputeFeature, CopyImage, CreateNode, CreateVolume, Image,
    KeyPair, Location, Node, NodeJson, Size, Snapshot, Volume,
};
use cloud_core::{BoxStream, ProviderConfig, Result};

use crate::PROVIDER_ID;
use crate::client::Api;
use crate::settings::Settings;

/// The Amazon EC2 compute driver for one region. Cheap to clone; safe to share
/// between tasks.
#[derive(Debug, Clone)]
pub struct Ec2Compute {
    pub(crate) api: Api,
    pub(crate) settings: Settings,
}

impl Ec2Compute {
    /// A driver configured from `config` (see the crate documentation for where the
    /// credentials, region and endpoint come from).
    ///
    /// Fails with `InvalidCredentials` when only half of an explicit key pair is
    /// given, and with `Configuration` for a bad region, endpoint or option.
    /// Credentials are looked up on the first request, not here.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        let settings =
            Settings::from_config(config).map_err(|e| e.in_context(PROVIDER_ID, "connect"))?;
        Ok(Ec2Compute {
            api: Api::connect(config)?,
            settings,
        })
    }

    /// The region this driver works in.
    pub fn region(&self) -> &str {
        self.api.region()
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &url::Url {
        self.api.endpoint()
    }

    /// Items per page of `DescribeInstances`.
    pub fn page_size(&self) -> u32 {
        self.settings.page_size
    }
}

#[async_trait]
impl Compute for Ec2Compute {
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
            ComputeFeature::Tags,
            ComputeFeature::UserData,
            ComputeFeature::IdempotentCreate,
            ComputeFeature::KeyPairs,
            ComputeFeature::KeyPairCreate,
            ComputeFeature::KeyPairImport,
            ComputeFeature::Volumes,
            ComputeFeature::Snapshots,
            ComputeFeature::ImageCreate,
            ComputeFeature::ImageCopy,
        ])
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_nodes(&self) -> BoxStream<'_, Result<Node>> {
        self.nodes()
    }

    fn list_nodes_json(&self) -> BoxStream<'_, Result<NodeJson>> {
        self.nodes_json()
    }

    async fn get_node(&self, id: &str) -> Result<Node> {
        self.node(id).await
    }

    async fn create_node(&self, request: &CreateNode) -> Result<Node> {
        self.run_instance(request).await
    }

    async fn destroy_node(&self, id: &str) -> Result<()> {
        self.instance_action("TerminateInstances", "destroy_node", id)
            .await
    }

    async fn reboot_node(&self, id: &str) -> Result<()> {
        self.instance_action("RebootInstances", "reboot_node", id)
            .await
    }

    async fn start_node(&self, id: &str) -> Result<()> {
        self.instance_action("StartInstances", "start_node", id)
            .await
    }

    async fn stop_node(&self, id: &str) -> Result<()> {
        self.instance_action("StopInstances", "stop_node", id).await
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
        self.zones()
    }

    fn list_key_pairs(&self) -> BoxStream<'_, Result<KeyPair>> {
        self.keys()
    }

    async fn get_key_pair(&self, name: &str) -> Result<KeyPair> {
        self.key(name).await
    }

    async fn create_key_pair(&self, name: &str) -> Result<KeyPair> {
        self.generate_key(name).await
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
        self.attach(volume_id, node_id, device).await
    }

    async fn detach_volume(&self, volume_id: &str) -> Result<()> {
        self.detach(volume_id).await
    }

    async fn destroy_volume(&self, volume_id: &str) -> Result<()> {
        self.delete_volume(volume_id).await
    }

    fn list_snapshots(&self) -> BoxStream<'_, Result<Snapshot>> {
        self.snapshots()
    }

    async fn create_snapshot(&self, volume_id: &str, name: Option<&str>) -> Result<Snapshot> {
        self.new_snapshot(volume_id, name).await
    }

    async fn destroy_snapshot(&self, snapshot_id: &str) -> Result<()> {
        self.delete_snapshot(snapshot_id).await
    }

    async fn create_image(&self, node_id: &str, name: &str) -> Result<Image> {
        self.image_from_node(node_id, name).await
    }

    async fn delete_image(&self, image_id: &str) -> Result<()> {
        self.deregister(image_id).await
    }

    async fn copy_image(&self, request: &CopyImage) -> Result<Image> {
        self.copy(request).await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use cloud_core::env::MapEnv;
    use cloud_core::{ErrorKind, Secret};

    fn config(env: MapEnv) -> ProviderConfig {
        ProviderConfig {
            env: Arc::new(env),
            ..Default::default()
        }
    }

    #[test]
    fn region_and_endpoint_resolution() {
        let d = Ec2Compute::new(&config(MapEnv::default())).unwrap();
        assert_eq!(d.region(), "us-east-1");
        assert_eq!(d.page_size(), 1000);
        let d = Ec2Compute::new(&config(MapEnv::from([("AWS_REGION", "eu-west-3")]))).unwrap();
        assert_eq!(d.region(), "eu-west-3");
        assert_eq!(
            d.endpoint().as_str(),
            "https://ec2.eu-west-3.amazonaws.com/"
        );
        let mut cfg = config(MapEnv::from([
            ("AWS_REGION", "eu-west-3"),
            ("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:9/"),
        ]));
        cfg.region = Some("ap-southeast-2".into());
        let d = Ec2Compute::new(&cfg).unwrap();
        assert_eq!(d.region(), "ap-southeast-2");
        assert_eq!(d.endpoint().as_str(), "http://127.0.0.1:9/");
        cfg.region = Some("not a region".into());
        let err = Ec2Compute::new(&cfg).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert_eq!(err.provider(), Some("ec2"));
    }

    #[test]
    fn half_a_key_pair_is_refused_and_secrets_never_print() {
        let mut cfg = config(MapEnv::default());
        cfg.credentials
            .insert("access_key_id".into(), Secret::new("AKIDEXAMPLE"));
        let err = Ec2Compute::new(&cfg).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        cfg.credentials.insert(
            "secret_access_key".into(),
            Secret::new("very-secret-key-material"),
        );
        let d = Ec2Compute::new(&cfg).unwrap();
        assert!(!format!("{d:?}").contains("very-secret-key-material"));
    }

    #[test]
    fn claims_the_whole_compute_surface_except_passwords() {
        let d = Ec2Compute::new(&config(MapEnv::default())).unwrap();
        let caps = d.capabilities();
        assert!(caps.supports(ComputeFeature::IdempotentCreate));
        assert!(caps.supports(ComputeFeature::ImageCopy));
        assert!(!caps.supports(ComputeFeature::AuthPassword));
        assert_eq!(d.provider_id(), "ec2");
    }
}
