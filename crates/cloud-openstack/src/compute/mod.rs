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

pub use images::ImageApi;
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
    image_api: ImageApi,
    withheld: Vec<ComputeFeature>,
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
            image_api: ImageApi::default(),
            withheld: Vec::new(),
        })
    }

    /// The same driver without `features`, for a provider whose Nova does not offer
    /// them (Rackspace's Cloud Servers cannot stop a server): they leave the
    /// capabilities, and their calls fail `Unsupported` before anything is sent.
    pub fn without(mut self, features: impl IntoIterator<Item = ComputeFeature>) -> Self {
        self.withheld.extend(features);
        self
    }

    /// `Unsupported` for `operation` when `feature` was withheld.
    fn offers(&self, feature: ComputeFeature, operation: &str) -> Result<()> {
        if self.withheld.contains(&feature) {
            return Err(cloud_core::Error::unsupported(self.provider, operation));
        }
        Ok(())
    }

    /// `call`, sent only when `feature` is offered, with its error naming the provider.
    async fn gated<T>(
        &self,
        feature: ComputeFeature,
        operation: &str,
        call: impl std::future::Future<Output = Result<T>>,
    ) -> Result<T> {
        self.offers(feature, operation)?;
        self.tag(call.await)
    }

    /// `stream`, read only when `feature` is offered, with its errors naming the provider.
    fn gated_stream<'a, T: Send + 'a>(
        &self,
        feature: ComputeFeature,
        operation: &str,
        stream: BoxStream<'a, Result<T>>,
    ) -> BoxStream<'a, Result<T>> {
        match self.offers(feature, operation) {
            Ok(()) => self.tag_stream(stream),
            Err(e) => Box::pin(futures::stream::once(async move { Err(e) })),
        }
    }

    /// The same driver with images served by `api` (Glance unless changed).
    pub fn with_image_api(mut self, api: ImageApi) -> Self {
        self.image_api = api;
        self
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
        let mut caps = ComputeCapabilities::with([
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
        ]);
        for feature in &self.withheld {
            caps.features.remove(feature);
        }
        caps
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
        let call = self.action(id, "start_node", json!({ "os-start": null }));
        self.gated(ComputeFeature::StartStop, "start_node", call)
            .await
    }

    async fn stop_node(&self, id: &str) -> Result<()> {
        let call = self.action(id, "stop_node", json!({ "os-stop": null }));
        self.gated(ComputeFeature::StartStop, "stop_node", call)
            .await
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
        self.gated_stream(ComputeFeature::KeyPairs, "list_key_pairs", self.keys())
    }

    async fn get_key_pair(&self, name: &str) -> Result<KeyPair> {
        self.gated(ComputeFeature::KeyPairs, "get_key_pair", self.key(name))
            .await
    }

    async fn create_key_pair(&self, name: &str) -> Result<KeyPair> {
        let call = self.new_key("create_key_pair", name, None);
        self.gated(ComputeFeature::KeyPairCreate, "create_key_pair", call)
            .await
    }

    async fn import_key_pair(&self, name: &str, public_key: &str) -> Result<KeyPair> {
        let call = self.new_key("import_key_pair", name, Some(public_key));
        self.gated(ComputeFeature::KeyPairImport, "import_key_pair", call)
            .await
    }

    async fn delete_key_pair(&self, name: &str) -> Result<()> {
        self.gated(
            ComputeFeature::KeyPairs,
            "delete_key_pair",
            self.delete_key(name),
        )
        .await
    }

    fn list_volumes(&self) -> BoxStream<'_, Result<Volume>> {
        self.gated_stream(ComputeFeature::Volumes, "list_volumes", self.volumes())
    }

    async fn create_volume(&self, request: &CreateVolume) -> Result<Volume> {
        let call = self.new_volume(request);
        self.gated(ComputeFeature::Volumes, "create_volume", call)
            .await
    }

    async fn attach_volume(
        &self,
        volume_id: &str,
        node_id: &str,
        device: Option<&str>,
    ) -> Result<()> {
        let call = self.attach(volume_id, node_id, device);
        self.gated(ComputeFeature::Volumes, "attach_volume", call)
            .await
    }

    async fn detach_volume(&self, volume_id: &str) -> Result<()> {
        let call = self.detach(volume_id);
        self.gated(ComputeFeature::Volumes, "detach_volume", call)
            .await
    }

    async fn destroy_volume(&self, volume_id: &str) -> Result<()> {
        let call = self.delete_volume(volume_id);
        self.gated(ComputeFeature::Volumes, "destroy_volume", call)
            .await
    }

    fn list_snapshots(&self) -> BoxStream<'_, Result<Snapshot>> {
        self.gated_stream(
            ComputeFeature::Snapshots,
            "list_snapshots",
            self.snapshots(),
        )
    }

    async fn create_snapshot(&self, volume_id: &str, name: Option<&str>) -> Result<Snapshot> {
        let call = self.new_snapshot(volume_id, name);
        self.gated(ComputeFeature::Snapshots, "create_snapshot", call)
            .await
    }

    async fn destroy_snapshot(&self, snapshot_id: &str) -> Result<()> {
        let call = self.delete_snapshot(snapshot_id);
        self.gated(ComputeFeature::Snapshots, "destroy_snapshot", call)
            .await
    }

    async fn create_image(&self, node_id: &str, name: &str) -> Result<Image> {
        let call = self.image_from_node(node_id, name);
        self.gated(ComputeFeature::ImageCreate, "create_image", call)
            .await
    }

    async fn delete_image(&self, image_id: &str) -> Result<()> {
        let call = self.remove_image(image_id);
        self.gated(ComputeFeature::ImageCreate, "delete_image", call)
            .await
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
    async fn withheld_features_leave_the_capabilities_and_send_nothing() {
        use futures::StreamExt;

        let cfg = config(&[]);
        let identity = Identity::new(&cfg).unwrap();
        let driver = OpenStackCompute::new(&identity, &cfg)
            .unwrap()
            .without([ComputeFeature::StartStop, ComputeFeature::Volumes]);
        let caps = driver.capabilities();
        assert!(!caps.supports(ComputeFeature::StartStop));
        assert!(!caps.supports(ComputeFeature::Volumes));
        assert!(caps.supports(ComputeFeature::Reboot));
        // The login would go to keystone.example.com: an `Unsupported` answer proves
        // nothing was sent.
        for err in [
            driver.stop_node("n1").await.unwrap_err(),
            driver.start_node("n1").await.unwrap_err(),
            driver.destroy_volume("v1").await.unwrap_err(),
            driver.list_volumes().next().await.unwrap().unwrap_err(),
        ] {
            assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
            assert_eq!(err.provider(), Some("openstack"));
        }
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
