//! libcloud-rs: one typed, async API over many cloud providers.
//!
//! This crate is the facade. It re-exports the core traits and types from
//! [`cloud_core`] (also reachable as [`libcloud::core`](crate::core)), and holds the
//! [`Registry`] that turns a provider id such as `"local"` into a driver. Each provider
//! is its own crate and its own cargo feature of this crate; [`Registry::builtin`] holds
//! every provider compiled in, and third-party driver crates join a registry through
//! [`Registry::register`].
//!
//! # Example
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use libcloud::{CreateNode, ProviderConfig};
//!
//! # async fn demo() -> libcloud::Result<()> {
//! let session = libcloud::connect("local", &ProviderConfig::default()).await?;
//! let compute = session.compute()?;
//! let node = compute
//!     .create_node(&CreateNode::new("web-1", "small", "debian-12"))
//!     .await?;
//! println!("created {} ({})", node.id, node.state);
//!
//! let nodes: Vec<_> = compute.list_nodes().try_collect().await?;
//! assert!(nodes.iter().any(|n| n.id == node.id));
//! # Ok(())
//! # }
//! ```

mod builtin;
mod registry;
mod table;

pub use cloud_core as core;

pub use cloud_core::compute::{
    Compute, ComputeCapabilities, ComputeFeature, CreateNode, CreateVolume, Image, KeyPair,
    Location, Node, NodeAuth, NodeState, Size, Snapshot, Volume, VolumeState, WaitOptions,
    wait_for_node_state, wait_until_running,
};
pub use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec};
pub use cloud_core::storage::{
    ByteRange, ByteStream, Container, FileWriter, ListEntry, ListObjects, ObjectDownload,
    ObjectMeta, ObjectStorage, PutOptions, SignedMethod, SignedUrlRequest, StorageCapabilities,
    StorageFeature,
};
pub use cloud_core::{
    Area, AreaSession, BoxStream, DriverFactory, Error, ErrorKind, Lifecycle, ProviderConfig,
    ProviderMeta, Result, Secret, Session,
};

pub use builtin::drivers;
pub use registry::{Registry, connect, connect_compute, connect_storage, providers};
pub use table::providers_markdown_table;
