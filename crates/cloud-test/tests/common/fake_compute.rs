//! An in-memory compute driver that behaves like a small, correct cloud, with switches
//! that break one behaviour each, to show the conformance suite notices.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;
use cloud_core::compute::{
    Compute, ComputeCapabilities, ComputeFeature, CopyImage, CreateNode, CreateVolume, Image,
    KeyPair, Location, Node, NodeState, Size, Snapshot, Volume, VolumeState,
};
use cloud_core::{BoxStream, Error, ErrorKind, Result, Secret};

/// One deliberate bug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bug {
    /// `get_node` after `destroy_node` still answers with a running node.
    GhostAfterDestroy,
    /// `list_nodes` leaves out every node.
    ListForgetsNodes,
    /// `reboot_node` succeeds although `Reboot` is not in the capabilities.
    SilentReboot,
    /// `create_volume` makes a volume one GiB larger than asked.
    VolumeTooBig,
}

#[derive(Debug, Default)]
struct State {
    next_id: u64,
    nodes: BTreeMap<String, Node>,
    /// Nodes the ghost bug keeps answering for.
    ghosts: BTreeMap<String, Node>,
    key_pairs: BTreeMap<String, KeyPair>,
    volumes: BTreeMap<String, Volume>,
    snapshots: BTreeMap<String, Snapshot>,
    images: BTreeMap<String, Image>,
}

impl State {
    fn id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}-{}", self.next_id)
    }
}

/// The fake driver.
#[derive(Debug)]
pub struct FakeCompute {
    caps: ComputeCapabilities,
    bug: Option<Bug>,
    state: Mutex<State>,
}

fn not_found(what: &str, id: &str) -> Error {
    Error::not_found(format!("{what} {id:?} does not exist")).with_provider("fake")
}

fn stream<T: Send + 'static>(items: Vec<T>) -> BoxStream<'static, Result<T>> {
    Box::pin(futures::stream::iter(items.into_iter().map(Ok)))
}

impl FakeCompute {
    /// A driver supporting every feature.
    pub fn full() -> Self {
        use ComputeFeature::*;
        Self::with(
            [
                Reboot,
                StartStop,
                GetImage,
                AuthSshKey,
                Tags,
                KeyPairs,
                KeyPairCreate,
                KeyPairImport,
                Volumes,
                Snapshots,
                ImageCreate,
                ImageCopy,
            ],
            None,
        )
    }

    /// A driver supporting only the required calls.
    pub fn minimal() -> Self {
        Self::with([], None)
    }

    /// A driver with these features and this bug.
    pub fn with(features: impl IntoIterator<Item = ComputeFeature>, bug: Option<Bug>) -> Self {
        FakeCompute {
            caps: ComputeCapabilities::with(features),
            bug,
            state: Mutex::new(State::default()),
        }
    }

    /// How many nodes exist.
    pub fn node_count(&self) -> usize {
        self.state().nodes.len()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().expect("fake state lock")
    }

    fn require(&self, feature: ComputeFeature, operation: &str) -> Result<()> {
        if self.caps.supports(feature) {
            Ok(())
        } else {
            Err(self.unsupported(operation))
        }
    }

    fn sizes() -> Vec<Size> {
        [("small", 1024), ("large", 8192)]
            .into_iter()
            .map(|(id, ram)| Size {
                id: id.into(),
                name: id.into(),
                vcpus: Some(1),
                ram_mib: ram,
                disk_gib: Some(10),
                price_per_hour: None,
                extra: Default::default(),
            })
            .collect()
    }

    fn base_images() -> Vec<Image> {
        vec![Image {
            id: "debian-12".into(),
            name: "Debian 12".into(),
            extra: Default::default(),
        }]
    }

    fn locations() -> Vec<Location> {
        vec![Location {
            id: "zone-a".into(),
            name: "Zone A".into(),
            country: Some("DE".into()),
            extra: Default::default(),
        }]
    }

    fn with_node(&self, id: &str, f: impl FnOnce(&mut Node)) -> Result<()> {
        let mut state = self.state();
        let node = state
            .nodes
            .get_mut(id)
            .ok_or_else(|| not_found("node", id))?;
        f(node);
        Ok(())
    }
}

#[async_trait]
impl Compute for FakeCompute {
    fn provider_id(&self) -> &str {
        "fake"
    }

    fn capabilities(&self) -> ComputeCapabilities {
        self.caps.clone()
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_nodes(&self) -> BoxStream<'_, Result<Node>> {
        if self.bug == Some(Bug::ListForgetsNodes) {
            return stream(Vec::new());
        }
        stream(self.state().nodes.values().cloned().collect())
    }

    async fn get_node(&self, id: &str) -> Result<Node> {
        let mut state = self.state();
        if let Some(ghost) = state.ghosts.get(id) {
            return Ok(ghost.clone());
        }
        let node = state
            .nodes
            .get_mut(id)
            .ok_or_else(|| not_found("node", id))?;
        let seen = node.clone();
        // A node boots while it is watched: pending once, running afterwards.
        if node.state == NodeState::Pending {
            node.state = NodeState::Running;
        }
        Ok(seen)
    }

    async fn create_node(&self, request: &CreateNode) -> Result<Node> {
        if request.name.is_empty() {
            return Err(Error::invalid_input("node name is empty"));
        }
        if !Self::sizes().iter().any(|s| s.id == request.size) {
            return Err(Error::invalid_input(format!("no size {:?}", request.size)));
        }
        if !Self::base_images().iter().any(|i| i.id == request.image) {
            return Err(not_found("image", &request.image));
        }
        if let Some(loc) = &request.location
            && !Self::locations().iter().any(|l| &l.id == loc)
        {
            return Err(not_found("location", loc));
        }
        let mut state = self.state();
        let id = state.id("node");
        let node = Node {
            id: id.clone(),
            name: request.name.clone(),
            state: NodeState::Pending,
            public_ips: vec!["192.0.2.10".into()],
            private_ips: Vec::new(),
            size: Some(request.size.clone()),
            image: Some(request.image.clone()),
            location: request.location.clone(),
            created_at: None,
            tags: request.tags.clone(),
            extra: Default::default(),
            operation: None,
        };
        state.nodes.insert(id, node.clone());
        Ok(node)
    }

    async fn destroy_node(&self, id: &str) -> Result<()> {
        let mut state = self.state();
        let mut node = state
            .nodes
            .remove(id)
            .ok_or_else(|| not_found("node", id))?;
        if self.bug == Some(Bug::GhostAfterDestroy) {
            node.state = NodeState::Running;
            state.ghosts.insert(id.to_string(), node);
        }
        Ok(())
    }

    async fn reboot_node(&self, id: &str) -> Result<()> {
        if self.bug != Some(Bug::SilentReboot) {
            self.require(ComputeFeature::Reboot, "reboot_node")?;
        }
        self.with_node(id, |n| n.state = NodeState::Running)
    }

    async fn start_node(&self, id: &str) -> Result<()> {
        self.require(ComputeFeature::StartStop, "start_node")?;
        self.with_node(id, |n| n.state = NodeState::Running)
    }

    async fn stop_node(&self, id: &str) -> Result<()> {
        self.require(ComputeFeature::StartStop, "stop_node")?;
        self.with_node(id, |n| n.state = NodeState::Stopped)
    }

    fn list_sizes(&self) -> BoxStream<'_, Result<Size>> {
        stream(Self::sizes())
    }

    fn list_images(&self) -> BoxStream<'_, Result<Image>> {
        let mut all = Self::base_images();
        all.extend(self.state().images.values().cloned());
        stream(all)
    }

    async fn get_image(&self, id: &str) -> Result<Image> {
        self.require(ComputeFeature::GetImage, "get_image")?;
        let state = self.state();
        Self::base_images()
            .into_iter()
            .chain(state.images.values().cloned())
            .find(|i| i.id == id)
            .ok_or_else(|| not_found("image", id))
    }

    fn list_locations(&self) -> BoxStream<'_, Result<Location>> {
        stream(Self::locations())
    }

    fn list_key_pairs(&self) -> BoxStream<'_, Result<KeyPair>> {
        if let Err(e) = self.require(ComputeFeature::KeyPairs, "list_key_pairs") {
            return cloud_core::compute::unsupported_stream(e);
        }
        stream(self.state().key_pairs.values().cloned().collect())
    }

    async fn get_key_pair(&self, name: &str) -> Result<KeyPair> {
        self.require(ComputeFeature::KeyPairs, "get_key_pair")?;
        let state = self.state();
        let kp = state
            .key_pairs
            .get(name)
            .ok_or_else(|| not_found("key pair", name))?;
        Ok(kp.clone())
    }

    async fn create_key_pair(&self, name: &str) -> Result<KeyPair> {
        self.require(ComputeFeature::KeyPairCreate, "create_key_pair")?;
        let mut state = self.state();
        if state.key_pairs.contains_key(name) {
            return Err(Error::new(
                ErrorKind::AlreadyExists,
                format!("key pair {name:?} exists"),
            ));
        }
        let stored = KeyPair {
            name: name.into(),
            fingerprint: Some("SHA256:fake".into()),
            public_key: Some("ssh-ed25519 AAAAfake".into()),
            private_key: None,
            extra: Default::default(),
        };
        state.key_pairs.insert(name.into(), stored.clone());
        Ok(KeyPair {
            private_key: Some(Secret::new("-----BEGIN OPENSSH PRIVATE KEY-----fake")),
            ..stored
        })
    }

    async fn import_key_pair(&self, name: &str, public_key: &str) -> Result<KeyPair> {
        self.require(ComputeFeature::KeyPairImport, "import_key_pair")?;
        if !public_key.starts_with("ssh-") {
            return Err(Error::invalid_input("not an OpenSSH public key"));
        }
        let mut state = self.state();
        if state.key_pairs.contains_key(name) {
            return Err(Error::new(
                ErrorKind::AlreadyExists,
                format!("key pair {name:?} exists"),
            ));
        }
        let kp = KeyPair {
            name: name.into(),
            fingerprint: None,
            public_key: Some(public_key.into()),
            private_key: None,
            extra: Default::default(),
        };
        state.key_pairs.insert(name.into(), kp.clone());
        Ok(kp)
    }

    async fn delete_key_pair(&self, name: &str) -> Result<()> {
        self.require(ComputeFeature::KeyPairs, "delete_key_pair")?;
        let mut state = self.state();
        state
            .key_pairs
            .remove(name)
            .map(|_| ())
            .ok_or_else(|| not_found("key pair", name))
    }

    fn list_volumes(&self) -> BoxStream<'_, Result<Volume>> {
        if let Err(e) = self.require(ComputeFeature::Volumes, "list_volumes") {
            return cloud_core::compute::unsupported_stream(e);
        }
        stream(self.state().volumes.values().cloned().collect())
    }

    async fn create_volume(&self, request: &CreateVolume) -> Result<Volume> {
        self.require(ComputeFeature::Volumes, "create_volume")?;
        if request.size_gib == 0 {
            return Err(Error::invalid_input("volume size must be at least 1 GiB"));
        }
        let mut state = self.state();
        let id = state.id("vol");
        let extra = u64::from(self.bug == Some(Bug::VolumeTooBig));
        let volume = Volume {
            id: id.clone(),
            name: request.name.clone(),
            size_gib: request.size_gib + extra,
            state: VolumeState::Available,
            attached_to: None,
            location: request.location.clone(),
            extra: Default::default(),
        };
        state.volumes.insert(id, volume.clone());
        Ok(volume)
    }

    async fn attach_volume(&self, volume_id: &str, node_id: &str, _: Option<&str>) -> Result<()> {
        self.require(ComputeFeature::Volumes, "attach_volume")?;
        let mut state = self.state();
        if !state.nodes.contains_key(node_id) {
            return Err(not_found("node", node_id));
        }
        let vol = state
            .volumes
            .get_mut(volume_id)
            .ok_or_else(|| not_found("volume", volume_id))?;
        if vol.attached_to.is_some() {
            return Err(Error::new(
                ErrorKind::Conflict,
                "volume is attached already",
            ));
        }
        vol.attached_to = Some(node_id.into());
        vol.state = VolumeState::InUse;
        Ok(())
    }

    async fn detach_volume(&self, volume_id: &str) -> Result<()> {
        self.require(ComputeFeature::Volumes, "detach_volume")?;
        let mut state = self.state();
        let vol = state
            .volumes
            .get_mut(volume_id)
            .ok_or_else(|| not_found("volume", volume_id))?;
        if vol.attached_to.take().is_none() {
            return Err(Error::new(ErrorKind::Conflict, "volume is not attached"));
        }
        vol.state = VolumeState::Available;
        Ok(())
    }

    async fn destroy_volume(&self, volume_id: &str) -> Result<()> {
        self.require(ComputeFeature::Volumes, "destroy_volume")?;
        let mut state = self.state();
        let vol = state
            .volumes
            .get(volume_id)
            .ok_or_else(|| not_found("volume", volume_id))?;
        if vol.attached_to.is_some() {
            return Err(Error::new(ErrorKind::Conflict, "volume is attached"));
        }
        state.volumes.remove(volume_id);
        Ok(())
    }

    fn list_snapshots(&self) -> BoxStream<'_, Result<Snapshot>> {
        if let Err(e) = self.require(ComputeFeature::Snapshots, "list_snapshots") {
            return cloud_core::compute::unsupported_stream(e);
        }
        stream(self.state().snapshots.values().cloned().collect())
    }

    async fn create_snapshot(&self, volume_id: &str, name: Option<&str>) -> Result<Snapshot> {
        self.require(ComputeFeature::Snapshots, "create_snapshot")?;
        let mut state = self.state();
        let size = state
            .volumes
            .get(volume_id)
            .ok_or_else(|| not_found("volume", volume_id))?
            .size_gib;
        let id = state.id("snap");
        let mut extra = cloud_core::compute::Extra::new();
        if let Some(name) = name {
            extra.insert("name".into(), name.into());
        }
        let snap = Snapshot {
            id: id.clone(),
            volume_id: Some(volume_id.into()),
            size_gib: Some(size),
            state: "completed".into(),
            created_at: None,
            extra,
        };
        state.snapshots.insert(id, snap.clone());
        Ok(snap)
    }

    async fn destroy_snapshot(&self, snapshot_id: &str) -> Result<()> {
        self.require(ComputeFeature::Snapshots, "destroy_snapshot")?;
        let mut state = self.state();
        state
            .snapshots
            .remove(snapshot_id)
            .map(|_| ())
            .ok_or_else(|| not_found("snapshot", snapshot_id))
    }

    async fn create_image(&self, node_id: &str, name: &str) -> Result<Image> {
        self.require(ComputeFeature::ImageCreate, "create_image")?;
        let mut state = self.state();
        if !state.nodes.contains_key(node_id) {
            return Err(not_found("node", node_id));
        }
        let id = state.id("img");
        let image = Image {
            id: id.clone(),
            name: name.into(),
            extra: Default::default(),
        };
        state.images.insert(id, image.clone());
        Ok(image)
    }

    async fn delete_image(&self, image_id: &str) -> Result<()> {
        self.require(ComputeFeature::ImageCreate, "delete_image")?;
        let mut state = self.state();
        state
            .images
            .remove(image_id)
            .map(|_| ())
            .ok_or_else(|| not_found("image", image_id))
    }

    async fn copy_image(&self, request: &CopyImage) -> Result<Image> {
        self.require(ComputeFeature::ImageCopy, "copy_image")?;
        let mut state = self.state();
        if !state.images.contains_key(&request.source_image) {
            return Err(not_found("image", &request.source_image));
        }
        let id = state.id("img");
        let image = Image {
            id: id.clone(),
            name: request.name.clone(),
            extra: Default::default(),
        };
        state.images.insert(id, image.clone());
        Ok(image)
    }
}
