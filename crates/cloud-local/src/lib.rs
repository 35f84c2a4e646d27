//! The embedded default provider of libcloud-rs, with id `local`.
//!
//! It simulates a compute cloud whose state lives in a JSON file on disk, and serves
//! object storage from a plain directory tree. Nothing leaves the machine, so it is the
//! provider to learn the API with, to run examples against, and to test code that is
//! written against the portable traits.
//!
//! - [`LocalCompute`] implements [`cloud_core::compute::Compute`]: nodes boot (pending →
//!   running after a configurable delay), reboot, stop, start and are destroyed; key pairs
//!   are generated (ed25519) or imported; volumes attach and detach; snapshots and server
//!   images are made from volumes and nodes. State is kept under `<state_dir>/compute/`
//!   and shared safely by any number of processes through file locks and atomic renames.
//! - [`LocalStorage`] implements [`cloud_core::storage::ObjectStorage`]: containers are
//!   directories, objects are flat files written atomically, streamed both ways with
//!   bounded memory.
//! - [`LocalFactory`] is the registry entry: it resolves the state directory and the boot
//!   delay from the provider configuration and the environment.
//!
//! ```no_run
//! use cloud_core::compute::{Compute, CreateNode};
//! use cloud_local::{LocalCompute, LocalComputeOptions};
//!
//! # async fn demo() -> cloud_core::Result<()> {
//! let compute = LocalCompute::open("/tmp/libcloud-demo", LocalComputeOptions::default())?;
//! let node = compute
//!     .create_node(&CreateNode::new("web-1", "small", "debian-12"))
//!     .await?;
//! println!("{} is {}", node.id, node.state);
//! # Ok(())
//! # }
//! ```

mod compute;
mod factory;
mod settings;
mod storage;
mod store;

pub use compute::{LocalCompute, LocalComputeOptions};
pub use factory::LocalFactory;
pub use settings::{
    BOOT_DELAY_ENV, DEFAULT_BOOT_DELAY, STATE_DIR_ENV, resolve_boot_delay, resolve_state_dir,
};
pub use storage::LocalStorage;

/// The provider id of this driver.
pub const PROVIDER_ID: &str = "local";
