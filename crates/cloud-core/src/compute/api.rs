//! The compute trait.

use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};

use super::{
    ComputeCapabilities, CopyImage, CreateNode, CreateVolume, Image, KeyPair, Location, Node,
    NodeJson, Size, Snapshot, Volume,
};
use crate::operation::{OperationRef, OperationStatus};
use crate::{BoxStream, Error, Result};

/// Portable compute: every compute driver implements this trait.
///
/// The trait is object-safe, so the registry hands out `Arc<dyn Compute>`. Optional
/// operations have default bodies returning [`ErrorKind::Unsupported`](crate::ErrorKind);
/// a driver overrides what it supports and says so in [`Compute::capabilities`].
/// Provider-only calls live on the concrete driver type; reach it with
/// [`Compute::as_any`] and `downcast_ref`.
#[async_trait]
pub trait Compute: Send + Sync + std::fmt::Debug {
    /// The provider id (`local`, `ec2`, …).
    fn provider_id(&self) -> &str;

    /// The optional features this driver supports.
    fn capabilities(&self) -> ComputeCapabilities;

    /// The concrete driver, for provider-only calls.
    fn as_any(&self) -> &dyn std::any::Any;

    /// Every node, lazily, following the provider's paging to the end.
    fn list_nodes(&self) -> BoxStream<'_, Result<Node>>;

    /// Every node of [`Compute::list_nodes`] as its JSON, lazily, in the same order:
    /// for tools that print nodes or pass them on without reading them. A driver that
    /// can write a node's JSON straight from the provider's answer overrides this; the
    /// default makes each node and writes it.
    fn list_nodes_json(&self) -> BoxStream<'_, Result<NodeJson>> {
        self.list_nodes()
            .map(|node| node.and_then(|node| NodeJson::of(&node)))
            .boxed()
    }

    /// One node by id; `NotFound` when it does not exist.
    async fn get_node(&self, id: &str) -> Result<Node>;

    /// Creates a node and returns it as the provider first reports it.
    async fn create_node(&self, request: &CreateNode) -> Result<Node>;

    /// Destroys a node.
    async fn destroy_node(&self, id: &str) -> Result<()>;

    /// Reboots a node.
    async fn reboot_node(&self, id: &str) -> Result<()> {
        let _ = id;
        Err(self.unsupported("reboot_node"))
    }

    /// Powers a stopped node on.
    async fn start_node(&self, id: &str) -> Result<()> {
        let _ = id;
        Err(self.unsupported("start_node"))
    }

    /// Powers a node off without destroying it.
    async fn stop_node(&self, id: &str) -> Result<()> {
        let _ = id;
        Err(self.unsupported("stop_node"))
    }

    /// Every size.
    fn list_sizes(&self) -> BoxStream<'_, Result<Size>>;

    /// Every image the driver lists by default.
    fn list_images(&self) -> BoxStream<'_, Result<Image>>;

    /// The sizes offered in one location (a zone, region or data centre, as
    /// [`Compute::list_locations`] names them); `NotFound` when there is no such
    /// location.
    ///
    /// The default suits providers whose sizes do not vary by location: it checks the
    /// location exists, then lists every size. Providers with per-location catalogs
    /// (machine types per zone, sizes per region) override it.
    fn list_sizes_in<'a>(&'a self, location: &'a str) -> BoxStream<'a, Result<Size>> {
        in_location(self, location, "list_sizes_in", move || self.list_sizes())
    }

    /// The images usable in one location; `NotFound` when there is no such location.
    /// The default checks the location exists, then lists every image.
    fn list_images_in<'a>(&'a self, location: &'a str) -> BoxStream<'a, Result<Image>> {
        in_location(self, location, "list_images_in", move || self.list_images())
    }

    /// One image by id.
    async fn get_image(&self, id: &str) -> Result<Image> {
        let _ = id;
        Err(self.unsupported("get_image"))
    }

    /// Every location.
    fn list_locations(&self) -> BoxStream<'_, Result<Location>>;

    /// Every key pair.
    fn list_key_pairs(&self) -> BoxStream<'_, Result<KeyPair>> {
        unsupported_stream(self.unsupported("list_key_pairs"))
    }

    /// One key pair by name.
    async fn get_key_pair(&self, name: &str) -> Result<KeyPair> {
        let _ = name;
        Err(self.unsupported("get_key_pair"))
    }

    /// Has the provider generate a key pair; the private key is in the result, once.
    async fn create_key_pair(&self, name: &str) -> Result<KeyPair> {
        let _ = name;
        Err(self.unsupported("create_key_pair"))
    }

    /// Stores an existing public key under `name`.
    async fn import_key_pair(&self, name: &str, public_key: &str) -> Result<KeyPair> {
        let _ = (name, public_key);
        Err(self.unsupported("import_key_pair"))
    }

    /// Deletes a key pair.
    async fn delete_key_pair(&self, name: &str) -> Result<()> {
        let _ = name;
        Err(self.unsupported("delete_key_pair"))
    }

    /// Every volume.
    fn list_volumes(&self) -> BoxStream<'_, Result<Volume>> {
        unsupported_stream(self.unsupported("list_volumes"))
    }

    /// Creates a volume.
    async fn create_volume(&self, request: &CreateVolume) -> Result<Volume> {
        let _ = request;
        Err(self.unsupported("create_volume"))
    }

    /// Attaches a volume to a node; `device` is a hint (`/dev/sdf`) where providers want one.
    async fn attach_volume(
        &self,
        volume_id: &str,
        node_id: &str,
        device: Option<&str>,
    ) -> Result<()> {
        let _ = (volume_id, node_id, device);
        Err(self.unsupported("attach_volume"))
    }

    /// Detaches a volume from whatever node it is attached to.
    async fn detach_volume(&self, volume_id: &str) -> Result<()> {
        let _ = volume_id;
        Err(self.unsupported("detach_volume"))
    }

    /// Destroys a volume.
    async fn destroy_volume(&self, volume_id: &str) -> Result<()> {
        let _ = volume_id;
        Err(self.unsupported("destroy_volume"))
    }

    /// Every volume snapshot.
    fn list_snapshots(&self) -> BoxStream<'_, Result<Snapshot>> {
        unsupported_stream(self.unsupported("list_snapshots"))
    }

    /// Snapshots a volume.
    async fn create_snapshot(&self, volume_id: &str, name: Option<&str>) -> Result<Snapshot> {
        let _ = (volume_id, name);
        Err(self.unsupported("create_snapshot"))
    }

    /// Destroys a snapshot.
    async fn destroy_snapshot(&self, snapshot_id: &str) -> Result<()> {
        let _ = snapshot_id;
        Err(self.unsupported("destroy_snapshot"))
    }

    /// Makes a server image from a node.
    async fn create_image(&self, node_id: &str, name: &str) -> Result<Image> {
        let _ = (node_id, name);
        Err(self.unsupported("create_image"))
    }

    /// Deletes a server image.
    async fn delete_image(&self, image_id: &str) -> Result<()> {
        let _ = image_id;
        Err(self.unsupported("delete_image"))
    }

    /// Copies an image.
    async fn copy_image(&self, request: &CopyImage) -> Result<Image> {
        let _ = request;
        Err(self.unsupported("copy_image"))
    }

    /// Where a long-running operation this driver reported (in [`Node::operation`])
    /// stands. Providers whose changes are done when the call returns, or are followed
    /// through resource state, keep the default: `Unsupported`.
    async fn operation_status(&self, operation: &OperationRef) -> Result<OperationStatus> {
        let _ = operation;
        Err(self.unsupported("operation_status"))
    }

    /// The `Unsupported` error for `operation` on this driver.
    fn unsupported(&self, operation: &str) -> Error {
        Error::unsupported(self.provider_id(), operation)
    }
}

/// `list()` once `location` is known to be one of the driver's locations; else one
/// `NotFound` error naming the locations there are.
fn in_location<'a, T, C>(
    compute: &'a C,
    location: &'a str,
    operation: &'static str,
    list: impl FnOnce() -> BoxStream<'a, Result<T>> + Send + 'a,
) -> BoxStream<'a, Result<T>>
where
    T: Send + 'a,
    C: Compute + ?Sized,
{
    let check = async move {
        let known: Vec<Location> = compute.list_locations().try_collect().await?;
        if known.iter().any(|l| l.id == location) {
            return Ok(list());
        }
        let mut ids: Vec<&str> = known.iter().map(|l| l.id.as_str()).collect();
        ids.truncate(20);
        let shown: String = location.chars().take(64).collect();
        Err(Error::not_found(format!(
            "no location {shown:?}; locations: {}",
            ids.join(", ")
        ))
        .with_provider(compute.provider_id())
        .with_operation(operation))
    };
    Box::pin(
        futures::stream::once(check)
            .map(|checked| match checked {
                Ok(items) => items,
                Err(error) => crate::paginate::error_stream(error),
            })
            .flatten(),
    )
}

/// A stream that yields one error and ends; for unsupported list calls.
pub fn unsupported_stream<'a, T: Send + 'a>(err: Error) -> BoxStream<'a, Result<T>> {
    crate::paginate::error_stream(err)
}
