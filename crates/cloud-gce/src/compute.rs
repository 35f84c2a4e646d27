//! The compute driver type, its constructors and `impl Compute`: plumbing that
//! delegates to the calls in `ops/`.

use async_trait::async_trait;
use cloud_core::auth::TokenCache;
use cloud_core::compute::{
    Compute, ComputeCapabilities, ComputeFeature, CreateNode, CreateVolume, Image, Location, Node,
    Size, Snapshot, Volume,
};
use cloud_core::operation::{OperationRef, OperationStatus, WaitOptions};
use cloud_core::{BoxStream, ProviderConfig, Result};
use cloud_google_auth::GoogleAuth;

use crate::PROVIDER_ID;
use crate::client::Api;
use crate::settings::{Settings, check_project};

/// The OAuth2 scope the driver asks for.
pub const COMPUTE_SCOPE: &str = "https://www.googleapis.com/auth/compute";

/// The scopes the driver's tokens are requested with.
const SCOPES: &[&str] = &[COMPUTE_SCOPE];

/// The Compute Engine driver of one project. Cheap to clone; safe to share between
/// tasks.
#[derive(Debug, Clone)]
pub struct GceCompute {
    pub(crate) api: Api,
    pub(crate) zone: Option<String>,
    pub(crate) image_projects: Vec<String>,
    pub(crate) wait: WaitOptions,
}

impl GceCompute {
    /// A driver for the credentials and project `config` names (see
    /// `cloud-google-auth`: an access token, a key file, application-default
    /// credentials), at `config.endpoint` or Google's own.
    ///
    /// Fails with `Configuration` when the endpoint is invalid, and with `InvalidInput`
    /// for an option value it cannot take. Without a project (neither the `project`
    /// option nor the credentials name one) it connects, and every call fails with
    /// `Configuration` saying how to name one, before anything is sent.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        let settings = Settings::read(config)?;
        let auth = GoogleAuth::from_config(PROVIDER_ID, config, SCOPES)?;
        let project = auth.project_id().map(str::to_string);
        GceCompute::build(config, &settings, auth.token_cache(), project)
    }

    /// [`new`](GceCompute::new), and when neither the options nor the credentials name
    /// a project but the tokens come from the metadata server (on Compute Engine), the
    /// instance's project as that server tells it. The factory connects this way.
    pub async fn connect(config: &ProviderConfig) -> Result<Self> {
        let settings = Settings::read(config)?;
        let mut auth = GoogleAuth::from_config(PROVIDER_ID, config, SCOPES)?;
        let project = auth.discover_project_id().await.map(str::to_string);
        GceCompute::build(config, &settings, auth.token_cache(), project)
    }

    /// A driver for `project` signing with tokens from `tokens` (credentials obtained
    /// elsewhere), with the rest of its settings from `config`.
    pub fn with_token_cache(
        config: &ProviderConfig,
        tokens: TokenCache,
        project: &str,
    ) -> Result<Self> {
        let settings = Settings::read(config)?;
        GceCompute::build(config, &settings, tokens, Some(project.to_string()))
    }

    fn build(
        config: &ProviderConfig,
        settings: &Settings,
        tokens: TokenCache,
        project: Option<String>,
    ) -> Result<Self> {
        if let Some(project) = &project {
            check_project(project).map_err(|e| e.in_context(PROVIDER_ID, "connect"))?;
        }
        let api = Api::connect(config, tokens, project, settings.page_size)?;
        Ok(GceCompute {
            api,
            zone: settings.zone.clone(),
            image_projects: settings.image_projects.clone(),
            wait: settings.wait.clone(),
        })
    }

    /// The project the driver works in (empty when none is known).
    pub fn project(&self) -> &str {
        self.api.project()
    }

    /// The zone new instances and disks go in when a request names none.
    pub fn default_zone(&self) -> Option<&str> {
        self.zone.as_deref()
    }
}

#[async_trait]
impl Compute for GceCompute {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    /// SSH keys are instance metadata (`ssh-keys`), not a stored resource, so there is
    /// no key pair feature; passwords are not taken either.
    fn capabilities(&self) -> ComputeCapabilities {
        ComputeCapabilities::with([
            ComputeFeature::Reboot,
            ComputeFeature::StartStop,
            ComputeFeature::GetImage,
            ComputeFeature::AuthSshKey,
            ComputeFeature::Tags,
            ComputeFeature::UserData,
            ComputeFeature::IdempotentCreate,
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
        self.node(id).await
    }

    async fn create_node(&self, request: &CreateNode) -> Result<Node> {
        self.create(request).await
    }

    async fn destroy_node(&self, id: &str) -> Result<()> {
        self.destroy(id).await
    }

    async fn reboot_node(&self, id: &str) -> Result<()> {
        self.power(id, "reboot_node", "reset").await
    }

    async fn start_node(&self, id: &str) -> Result<()> {
        self.power(id, "start_node", "start").await
    }

    async fn stop_node(&self, id: &str) -> Result<()> {
        self.power(id, "stop_node", "stop").await
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
        self.poll_operation(operation).await
    }
}
