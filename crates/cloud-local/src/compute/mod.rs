//! The simulated compute cloud.

mod catalog;
mod images;
mod keys;
mod names;
mod nodes;
pub(crate) mod records;
mod volumes;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use cloud_core::compute::{
    Compute, ComputeCapabilities, ComputeFeature, CopyImage, CreateNode, CreateVolume, Image,
    KeyPair, Location, Node, Size, Snapshot, Volume,
};
use cloud_core::paginate::stream_of_list;
use cloud_core::{BoxStream, Clock, Error, Result, SystemClock};

use self::nodes::Timing;
use self::records::State;
use crate::PROVIDER_ID;

/// The compute state directory's store.
type Store = crate::state::Store<State>;

/// How the simulated cloud behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalComputeOptions {
    /// How long a node stays `pending` after create or start, and `rebooting` after a
    /// reboot, before it shows `running`.
    pub boot_delay: Duration,
}

impl Default for LocalComputeOptions {
    /// A boot delay of 1.5 s ([`crate::DEFAULT_BOOT_DELAY`]).
    fn default() -> Self {
        LocalComputeOptions {
            boot_delay: crate::DEFAULT_BOOT_DELAY,
        }
    }
}

/// A compute driver over a simulated cloud whose state lives on disk.
///
/// All state is in `<state_dir>/compute/state.json`. Any number of drivers, in this
/// process or others, may use one state directory at once: each operation locks the
/// state, reads it, and replaces it atomically. Nodes need no background task: their
/// state is computed from timestamps on every read.
pub struct LocalCompute {
    store: Store,
    boot_delay: TimeDelta,
    options: LocalComputeOptions,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for LocalCompute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalCompute")
            .field("state_dir", &self.store.dir())
            .field("boot_delay", &self.options.boot_delay)
            .finish()
    }
}

impl LocalCompute {
    /// Opens the simulated cloud under `<state_dir>/compute/`, creating it when absent.
    ///
    /// Fails with `Io` when the directory cannot be created or the state file is
    /// unreadable, and with `InvalidInput` when the boot delay is out of range.
    pub fn open(state_dir: impl Into<PathBuf>, options: LocalComputeOptions) -> Result<Self> {
        let boot_delay = TimeDelta::from_std(options.boot_delay).map_err(|_| {
            Error::invalid_input(format!("boot delay {:?} is too long", options.boot_delay))
                .in_context(PROVIDER_ID, "open")
        })?;
        let store = Store::open(state_dir.into().join("compute"))
            .map_err(|e| e.in_context(PROVIDER_ID, "open"))?;
        Ok(LocalCompute {
            store,
            boot_delay,
            options,
            clock: Arc::new(SystemClock),
        })
    }

    /// Uses `clock` for every timestamp from now on (node boots, creation times); for
    /// tests that step time instead of sleeping.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The directory the compute state lives in (`<state_dir>/compute`).
    pub fn state_dir(&self) -> &Path {
        self.store.dir()
    }

    /// The options this driver was opened with.
    pub fn options(&self) -> &LocalComputeOptions {
        &self.options
    }

    fn now(&self) -> DateTime<Utc> {
        DateTime::<Utc>::from(self.clock.now())
    }

    fn timing(&self) -> Timing {
        Timing {
            now: self.now(),
            boot_delay: self.boot_delay,
        }
    }
}

#[async_trait]
impl Compute for LocalCompute {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    fn capabilities(&self) -> ComputeCapabilities {
        use ComputeFeature::*;
        ComputeCapabilities::with([
            Reboot,
            StartStop,
            GetImage,
            AuthSshKey,
            AuthKeyPairName,
            AuthPassword,
            Tags,
            UserData,
            IdempotentCreate,
            KeyPairs,
            KeyPairCreate,
            KeyPairImport,
            Volumes,
            Snapshots,
            ImageCreate,
            ImageCopy,
        ])
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_nodes(&self) -> BoxStream<'_, Result<Node>> {
        let now = self.now();
        stream_of_list(
            self.store
                .read_in_background("list_nodes", move |s| Ok(nodes::list(s, now))),
        )
    }

    async fn get_node(&self, id: &str) -> Result<Node> {
        let (id, now) = (id.to_string(), self.now());
        self.store
            .read_in_background("get_node", move |s| nodes::get(s, &id, now))
            .await
    }

    async fn create_node(&self, request: &CreateNode) -> Result<Node> {
        let (request, timing) = (request.clone(), self.timing());
        self.store
            .update_in_background("create_node", move |s| nodes::create(s, &request, timing))
            .await
    }

    async fn destroy_node(&self, id: &str) -> Result<()> {
        let id = id.to_string();
        self.store
            .update_in_background("destroy_node", move |s| nodes::destroy(s, &id))
            .await
    }

    async fn reboot_node(&self, id: &str) -> Result<()> {
        let (id, timing) = (id.to_string(), self.timing());
        self.store
            .update_in_background("reboot_node", move |s| nodes::reboot(s, &id, timing))
            .await
    }

    async fn start_node(&self, id: &str) -> Result<()> {
        let (id, timing) = (id.to_string(), self.timing());
        self.store
            .update_in_background("start_node", move |s| nodes::start(s, &id, timing))
            .await
    }

    async fn stop_node(&self, id: &str) -> Result<()> {
        let (id, timing) = (id.to_string(), self.timing());
        self.store
            .update_in_background("stop_node", move |s| nodes::stop(s, &id, timing))
            .await
    }

    fn list_sizes(&self) -> BoxStream<'_, Result<Size>> {
        stream_of_list(async { Ok(catalog::sizes()) })
    }

    fn list_images(&self) -> BoxStream<'_, Result<Image>> {
        stream_of_list(
            self.store
                .read_in_background("list_images", |s| Ok(images::list(s))),
        )
    }

    async fn get_image(&self, id: &str) -> Result<Image> {
        let id = id.to_string();
        self.store
            .read_in_background("get_image", move |s| images::get(s, &id))
            .await
    }

    fn list_locations(&self) -> BoxStream<'_, Result<Location>> {
        stream_of_list(async { Ok(catalog::locations()) })
    }

    fn list_key_pairs(&self) -> BoxStream<'_, Result<KeyPair>> {
        stream_of_list(
            self.store
                .read_in_background("list_key_pairs", |s| Ok(keys::list(s))),
        )
    }

    async fn get_key_pair(&self, name: &str) -> Result<KeyPair> {
        let name = name.to_string();
        self.store
            .read_in_background("get_key_pair", move |s| keys::get(s, &name))
            .await
    }

    async fn create_key_pair(&self, name: &str) -> Result<KeyPair> {
        names::check_name("key pair", name)
            .map_err(|e| e.in_context(PROVIDER_ID, "create_key_pair"))?;
        let generated =
            keys::generate(name).map_err(|e| e.in_context(PROVIDER_ID, "create_key_pair"))?;
        let (name, public, now) = (name.to_string(), generated.public, self.now());
        let mut pair = self
            .store
            .update_in_background("create_key_pair", move |s| {
                keys::insert(s, &name, public, true, now)
            })
            .await?;
        pair.private_key = Some(generated.private_pem);
        Ok(pair)
    }

    async fn import_key_pair(&self, name: &str, public_key: &str) -> Result<KeyPair> {
        let checked = keys::check_public_key(public_key)
            .map_err(|e| e.in_context(PROVIDER_ID, "import_key_pair"))?;
        let (name, now) = (name.to_string(), self.now());
        self.store
            .update_in_background("import_key_pair", move |s| {
                keys::insert(s, &name, checked, false, now)
            })
            .await
    }

    async fn delete_key_pair(&self, name: &str) -> Result<()> {
        let name = name.to_string();
        self.store
            .update_in_background("delete_key_pair", move |s| keys::delete(s, &name))
            .await
    }

    fn list_volumes(&self) -> BoxStream<'_, Result<Volume>> {
        stream_of_list(
            self.store
                .read_in_background("list_volumes", |s| Ok(volumes::list(s))),
        )
    }

    async fn create_volume(&self, request: &CreateVolume) -> Result<Volume> {
        let (request, now) = (request.clone(), self.now());
        self.store
            .update_in_background("create_volume", move |s| volumes::create(s, &request, now))
            .await
    }

    async fn attach_volume(
        &self,
        volume_id: &str,
        node_id: &str,
        device: Option<&str>,
    ) -> Result<()> {
        let (volume_id, node_id) = (volume_id.to_string(), node_id.to_string());
        let device = device.map(str::to_string);
        self.store
            .update_in_background("attach_volume", move |s| {
                volumes::attach(s, &volume_id, &node_id, device.as_deref())
            })
            .await
    }

    async fn detach_volume(&self, volume_id: &str) -> Result<()> {
        let volume_id = volume_id.to_string();
        self.store
            .update_in_background("detach_volume", move |s| volumes::detach(s, &volume_id))
            .await
    }

    async fn destroy_volume(&self, volume_id: &str) -> Result<()> {
        let volume_id = volume_id.to_string();
        self.store
            .update_in_background("destroy_volume", move |s| volumes::destroy(s, &volume_id))
            .await
    }

    fn list_snapshots(&self) -> BoxStream<'_, Result<Snapshot>> {
        stream_of_list(
            self.store
                .read_in_background("list_snapshots", |s| Ok(volumes::list_snapshots(s))),
        )
    }

    async fn create_snapshot(&self, volume_id: &str, name: Option<&str>) -> Result<Snapshot> {
        let (volume_id, now) = (volume_id.to_string(), self.now());
        let name = name.map(str::to_string);
        self.store
            .update_in_background("create_snapshot", move |s| {
                volumes::snapshot(s, &volume_id, name.as_deref(), now)
            })
            .await
    }

    async fn destroy_snapshot(&self, snapshot_id: &str) -> Result<()> {
        let snapshot_id = snapshot_id.to_string();
        self.store
            .update_in_background("destroy_snapshot", move |s| {
                volumes::destroy_snapshot(s, &snapshot_id)
            })
            .await
    }

    async fn create_image(&self, node_id: &str, name: &str) -> Result<Image> {
        let (node_id, name, now) = (node_id.to_string(), name.to_string(), self.now());
        self.store
            .update_in_background("create_image", move |s| {
                images::create(s, &node_id, &name, now)
            })
            .await
    }

    async fn delete_image(&self, image_id: &str) -> Result<()> {
        let image_id = image_id.to_string();
        self.store
            .update_in_background("delete_image", move |s| images::delete(s, &image_id))
            .await
    }

    async fn copy_image(&self, request: &CopyImage) -> Result<Image> {
        let (request, now) = (request.clone(), self.now());
        self.store
            .update_in_background("copy_image", move |s| images::copy(s, &request, now))
            .await
    }
}
