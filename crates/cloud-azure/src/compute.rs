//! The compute driver type, its constructors and `impl Compute`: plumbing that
//! delegates to the calls in `ops/`.

use async_trait::async_trait;
use cloud_azure_auth::{AzureAuth, cloud_of};
use cloud_core::auth::TokenCache;
use cloud_core::compute::{
    Compute, ComputeCapabilities, ComputeFeature, CreateNode, CreateVolume, Image, KeyPair,
    Location, Node, Size, Snapshot, Volume,
};
use cloud_core::operation::{OperationRef, OperationStatus, WaitOptions};
use cloud_core::{BoxStream, Error, ErrorKind, ProviderConfig, Result};
use url::Url;

use crate::PROVIDER_ID;
use crate::client::Api;
use crate::settings::Settings;

/// The Azure virtual machines driver of one subscription and resource group. Cheap to
/// clone; safe to share between tasks.
#[derive(Debug, Clone)]
pub struct AzureCompute {
    pub(crate) api: Api,
    pub(crate) location: Option<String>,
    pub(crate) image_offers: Vec<(String, String)>,
    pub(crate) admin_username: String,
    pub(crate) vnet: String,
    pub(crate) subnet: String,
    pub(crate) wait: WaitOptions,
}

impl AzureCompute {
    /// A driver for the Azure AD credentials `config` names (see `cloud-azure-auth`),
    /// at `config.endpoint` or the cloud's Resource Manager.
    ///
    /// Fails with `Configuration` when the endpoint is invalid, and with `InvalidInput`
    /// for an option value it cannot take. Without a subscription or resource group it
    /// connects, and every call needing one fails with `Configuration` naming the
    /// option, before anything is sent.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        let settings = Settings::read(config)?;
        let cloud = cloud_of(PROVIDER_ID, config)?;
        let scope = scope_for(&cloud.resource_manager)?;
        let auth = AzureAuth::from_config(PROVIDER_ID, config, scope)?;
        let resource_manager = auth.cloud().resource_manager.clone();
        AzureCompute::build(config, &settings, auth.token_cache(), resource_manager)
    }

    /// A driver signing with tokens from `tokens` (credentials obtained elsewhere), for
    /// Resource Manager at `resource_manager` (`https://management.azure.com/`), with
    /// the rest of its settings from `config`.
    pub fn with_token_cache(
        config: &ProviderConfig,
        tokens: TokenCache,
        resource_manager: Url,
    ) -> Result<Self> {
        let settings = Settings::read(config)?;
        AzureCompute::build(config, &settings, tokens, resource_manager)
    }

    fn build(
        config: &ProviderConfig,
        settings: &Settings,
        tokens: TokenCache,
        resource_manager: Url,
    ) -> Result<Self> {
        let api = Api::connect(
            config,
            resource_manager,
            tokens,
            settings.subscription.clone(),
            settings.resource_group.clone(),
        )?;
        Ok(AzureCompute {
            api,
            location: settings.location.clone(),
            image_offers: settings.image_offers.clone(),
            admin_username: settings.admin_username.clone(),
            vnet: settings.vnet.clone(),
            subnet: settings.subnet.clone(),
            wait: settings.wait.clone(),
        })
    }

    /// The location new resources go in when a request names none (the region
    /// setting).
    pub fn default_location(&self) -> Option<&str> {
        self.location.as_deref()
    }
}

/// The token scope of the Resource Manager at `url`.
fn scope_for(url: &Url) -> Result<&'static str> {
    match url.host_str().unwrap_or_default() {
        "management.azure.com" => Ok("https://management.azure.com/.default"),
        "management.chinacloudapi.cn" => Ok("https://management.chinacloudapi.cn/.default"),
        "management.usgovcloudapi.net" => Ok("https://management.usgovcloudapi.net/.default"),
        other => Err(Error::new(
            ErrorKind::Configuration,
            format!("no known token scope for Resource Manager at {other:?}"),
        )
        .with_provider(PROVIDER_ID)
        .with_operation("connect")),
    }
}

#[async_trait]
impl Compute for AzureCompute {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    /// Passwords are not taken (password login is turned off on every VM), images are
    /// not copied, and a retried create is made idempotent by the VM's name (a PUT),
    /// not by an idempotency key.
    fn capabilities(&self) -> ComputeCapabilities {
        ComputeCapabilities::with([
            ComputeFeature::Reboot,
            ComputeFeature::StartStop,
            ComputeFeature::GetImage,
            ComputeFeature::AuthSshKey,
            ComputeFeature::AuthKeyPairName,
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
        self.nodes()
    }

    async fn get_node(&self, id: &str) -> Result<Node> {
        self.node(id, "get_node").await
    }

    async fn create_node(&self, request: &CreateNode) -> Result<Node> {
        self.create(request).await
    }

    async fn destroy_node(&self, id: &str) -> Result<()> {
        self.destroy(id).await
    }

    async fn reboot_node(&self, id: &str) -> Result<()> {
        self.power(id, "reboot_node", "restart").await
    }

    async fn start_node(&self, id: &str) -> Result<()> {
        self.power(id, "start_node", "start").await
    }

    /// Deallocates the VM: it stops and its compute is no longer billed (its dynamic
    /// public addresses may change). `power_off_node` keeps it allocated.
    async fn stop_node(&self, id: &str) -> Result<()> {
        self.power(id, "stop_node", "deallocate").await
    }

    fn list_sizes(&self) -> BoxStream<'_, Result<Size>> {
        self.sizes()
    }

    fn list_sizes_in<'a>(&'a self, location: &'a str) -> BoxStream<'a, Result<Size>> {
        self.sizes_in(location)
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
        self.key_pairs()
    }

    async fn get_key_pair(&self, name: &str) -> Result<KeyPair> {
        self.key_pair(name, "get_key_pair").await
    }

    async fn create_key_pair(&self, name: &str) -> Result<KeyPair> {
        self.generate_key_pair(name).await
    }

    async fn import_key_pair(&self, name: &str, public_key: &str) -> Result<KeyPair> {
        self.put_key_pair(name, public_key).await
    }

    async fn delete_key_pair(&self, name: &str) -> Result<()> {
        self.remove_key_pair(name).await
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
        self.remove_image(image_id).await
    }

    async fn operation_status(&self, operation: &OperationRef) -> Result<OperationStatus> {
        self.poll_operation(operation)
            .await
            .map(|(status, _)| status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_follow_the_cloud() {
        let public = Url::parse("https://management.azure.com/").unwrap();
        assert_eq!(
            scope_for(&public).unwrap(),
            "https://management.azure.com/.default"
        );
        let odd = Url::parse("https://arm.example/").unwrap();
        assert_eq!(
            scope_for(&odd).unwrap_err().kind(),
            ErrorKind::Configuration
        );
    }
}
