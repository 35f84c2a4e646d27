//! The compute area: servers, flavors, key pairs and availability zones from Nova
//! (v2.1, microversion 2.79 with fallback, see [`nova`]), images from Glance v2,
//! volumes and snapshots from Cinder v3. The driver type, its constructor and the
//! `Compute` implementation are here; the calls are beside it, one file per resource.

mod base64;
mod call;
mod catalog;
mod images;
mod keys;
pub mod model;
mod nodes;
mod nova;
mod options;
mod paths;
mod service;
mod snapshots;
mod volumes;

use async_trait::async_trait;
use cloud_core::compute::{
    Compute, ComputeCapabilities, ComputeFeature, CreateNode, CreateVolume, Image, KeyPair,
    Location, Node, Size, Snapshot, Volume,
};
use cloud_core::{BoxStream, ProviderConfig, Result};
use serde_json::json;

pub use nova::WANTED as NOVA_MICROVERSION;
pub use options::{Networks, OpenStackCreateOptions};

use crate::PROVIDER_ID;
use crate::client::ServiceClient;
use crate::identity::Identity;
use crate::settings::{OPTIONS, endpoint_option};
use model::Microversion;
use nova::Nova;
use service::Service;

/// The OpenStack compute driver. Cheap to clone; safe to share between tasks. Nothing
/// is sent until the first call, which logs in (when the session has not yet) and
/// takes each service's endpoint from the catalog.
#[derive(Debug, Clone)]
pub struct OpenStackCompute {
    provider: &'static str,
    identity: Identity,
    nova: Nova,
    glance: Service,
    cinder: Service,
    networks: Networks,
}

impl OpenStackCompute {
    /// The driver of the session `identity` logs in for, with the endpoint overrides
    /// `compute_endpoint`, `image_endpoint` and `volume_endpoint` and the default
    /// `networks` of `config`. A bad override or `networks` value fails here.
    pub fn new(identity: &Identity, config: &ProviderConfig) -> Result<Self> {
        let client = |service: &'static str, option: &str| -> Result<ServiceClient> {
            ServiceClient::new(identity, config, service, endpoint_option(config, option)?)
        };
        let nova = Nova::new(Service::new(vec![client("compute", "compute_endpoint")?]));
        let glance = Service::new(vec![client("image", "image_endpoint")?]).under_version("v2");
        let cinder = Service::new(vec![
            client("volumev3", "volume_endpoint")?,
            client("block-storage", "volume_endpoint")?,
        ]);
        let networks = match OPTIONS.iter().find(|s| s.name == "networks") {
            Some(spec) => match config.option_text(PROVIDER_ID, spec)? {
                Some(text) => Networks::parse(&text)?,
                None => Networks::default(),
            },
            None => Networks::default(),
        };
        Ok(OpenStackCompute {
            provider: identity.provider(),
            identity: identity.clone(),
            nova,
            glance,
            cinder,
            networks,
        })
    }

    /// `result` with its error naming this driver's provider id.
    fn tag<T>(&self, result: Result<T>) -> Result<T> {
        crate::errors::relabel(self.provider, result)
    }

    /// `stream` with its errors naming this driver's provider id.
    fn tag_stream<'a, T: 'a>(&self, stream: BoxStream<'a, Result<T>>) -> BoxStream<'a, Result<T>> {
        crate::errors::relabel_stream(self.provider, stream)
    }

    /// The Nova microversion requests are sent with: [`NOVA_MICROVERSION`] until a
    /// server refuses it, then the one the driver stepped down to.
    pub fn microversion(&self) -> Microversion {
        self.nova.microversion()
    }
}

#[async_trait]
impl Compute for OpenStackCompute {
    fn provider_id(&self) -> &str {
        self.provider
    }

    fn capabilities(&self) -> ComputeCapabilities {
        ComputeCapabilities::with([
            ComputeFeature::Reboot,
            ComputeFeature::StartStop,
            ComputeFeature::GetImage,
            ComputeFeature::AuthKeyPairName,
            ComputeFeature::AuthPassword,
            ComputeFeature::Tags,
            ComputeFeature::UserData,
            ComputeFeature::KeyPairs,
            ComputeFeature::KeyPairCreate,
            ComputeFeature::KeyPairImport,
            ComputeFeature::Volumes,
            ComputeFeature::Snapshots,
            ComputeFeature::ImageCreate,
        ])
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_nodes(&self) -> BoxStream<'_, Result<Node>> {
        self.tag_stream(self.nodes())
    }

    async fn get_node(&self, id: &str) -> Result<Node> {
        self.tag(self.node(id).await)
    }

    async fn create_node(&self, request: &CreateNode) -> Result<Node> {
        self.tag(self.create(request).await)
    }

    async fn destroy_node(&self, id: &str) -> Result<()> {
        self.tag(self.destroy(id).await)
    }

    async fn reboot_node(&self, id: &str) -> Result<()> {
        self.tag(self.reboot(id, false).await)
    }

    async fn start_node(&self, id: &str) -> Result<()> {
        self.tag(
            async {
                self.action(id, "start_node", json!({ "os-start": null }))
                    .await
            }
            .await,
        )
    }

    async fn stop_node(&self, id: &str) -> Result<()> {
        self.tag(
            async {
                self.action(id, "stop_node", json!({ "os-stop": null }))
                    .await
            }
            .await,
        )
    }

    fn list_sizes(&self) -> BoxStream<'_, Result<Size>> {
        self.tag_stream(self.sizes())
    }

    fn list_images(&self) -> BoxStream<'_, Result<Image>> {
        self.tag_stream(self.images())
    }

    async fn get_image(&self, id: &str) -> Result<Image> {
        self.tag(self.image(id).await)
    }

    fn list_locations(&self) -> BoxStream<'_, Result<Location>> {
        self.tag_stream(self.locations())
    }

    fn list_key_pairs(&self) -> BoxStream<'_, Result<KeyPair>> {
        self.tag_stream(self.keys())
    }

    async fn get_key_pair(&self, name: &str) -> Result<KeyPair> {
        self.tag(self.key(name).await)
    }

    async fn create_key_pair(&self, name: &str) -> Result<KeyPair> {
        self.tag(self.new_key("create_key_pair", name, None).await)
    }

    async fn import_key_pair(&self, name: &str, public_key: &str) -> Result<KeyPair> {
        self.tag(
            async {
                self.new_key("import_key_pair", name, Some(public_key))
                    .await
            }
            .await,
        )
    }

    async fn delete_key_pair(&self, name: &str) -> Result<()> {
        self.tag(self.delete_key(name).await)
    }

    fn list_volumes(&self) -> BoxStream<'_, Result<Volume>> {
        self.tag_stream(self.volumes())
    }

    async fn create_volume(&self, request: &CreateVolume) -> Result<Volume> {
        self.tag(self.new_volume(request).await)
    }

    async fn attach_volume(
        &self,
        volume_id: &str,
        node_id: &str,
        device: Option<&str>,
    ) -> Result<()> {
        self.tag(self.attach(volume_id, node_id, device).await)
    }

    async fn detach_volume(&self, volume_id: &str) -> Result<()> {
        self.tag(self.detach(volume_id).await)
    }

    async fn destroy_volume(&self, volume_id: &str) -> Result<()> {
        self.tag(self.delete_volume(volume_id).await)
    }

    fn list_snapshots(&self) -> BoxStream<'_, Result<Snapshot>> {
        self.tag_stream(self.snapshots())
    }

    async fn create_snapshot(&self, volume_id: &str, name: Option<&str>) -> Result<Snapshot> {
        self.tag(self.new_snapshot(volume_id, name).await)
    }

    async fn destroy_snapshot(&self, snapshot_id: &str) -> Result<()> {
        self.tag(self.delete_snapshot(snapshot_id).await)
    }

    async fn create_image(&self, node_id: &str, name: &str) -> Result<Image> {
        self.tag(self.image_from_node(node_id, name).await)
    }

    async fn delete_image(&self, image_id: &str) -> Result<()> {
        self.tag(self.remove_image(image_id).await)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cloud_core::{ErrorKind, MapEnv, Secret};

    use super::*;

    fn config(options: &[(&str, &str)]) -> ProviderConfig {
        let mut config = ProviderConfig {
            env: Arc::new(MapEnv::from([
                ("OS_AUTH_URL", "https://keystone.example.com/v3"),
                ("OS_USERNAME", "demo"),
                ("OS_PROJECT_NAME", "demo"),
            ])),
            ..Default::default()
        };
        config
            .credentials
            .insert("password".into(), Secret::new("pw-never-shown"));
        for (k, v) in options {
            config.options.insert((*k).into(), (*v).into());
        }
        config
    }

    #[test]
    fn settings_are_read_without_sending_anything() {
        let cfg = config(&[("networks", "n1, n2")]);
        let identity = Identity::new(&cfg).unwrap();
        let driver = OpenStackCompute::new(&identity, &cfg).unwrap();
        assert_eq!(
            driver.networks,
            Networks::Ids(vec!["n1".into(), "n2".into()])
        );
        assert_eq!(driver.microversion(), NOVA_MICROVERSION);
        assert!(!format!("{driver:?}").contains("pw-never-shown"));

        let cfg = config(&[("compute_endpoint", "not a url")]);
        let identity = Identity::new(&cfg).unwrap();
        let err = OpenStackCompute::new(&identity, &cfg).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.message().contains("compute_endpoint"), "{err}");
    }

    #[tokio::test]
    async fn a_ssh_key_is_refused_before_any_request() {
        use cloud_core::compute::NodeAuth;

        let cfg = config(&[]);
        let identity = Identity::new(&cfg).unwrap();
        let driver = OpenStackCompute::new(&identity, &cfg).unwrap();
        let mut request = CreateNode::new("n", "1", "i");
        request.auth = Some(NodeAuth::SshKey {
            public_key: "ssh-ed25519 AAAA".into(),
        });
        let err = driver.create_node(&request).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        let err = driver.get_node("../etc").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
    }
}
