//! `notebook`: an example third-party provider for libcloud-rs.
//!
//! A compute "cloud" whose nodes are entries in a JSON file on this machine: creating a
//! node writes it down, destroying it crosses it out. Nothing leaves the machine and
//! nothing boots, so the provider is small enough to read in one sitting; it exists to
//! show how a driver crate published outside the libcloud-rs repository is put together.
//!
//! - [`NotebookFactory`] is what joins a [`libcloud::Registry`]: provider id
//!   [`PROVIDER_ID`], its declared options, and `connect`.
//! - [`NotebookCompute`] implements [`libcloud::Compute`]: sizes, images and locations
//!   from a fixed catalog; nodes created, listed, fetched, rebooted and destroyed in the
//!   file. New nodes are `running` at once.
//! - [`NotebookSettings`] is what the provider reads from a
//!   [`libcloud::ProviderConfig`]: the file (option `notebook_file`, else
//!   `$LIBCLOUD_NOTEBOOK_FILE`, else [`default_notebook_file`]) and the most nodes it
//!   holds (option `max_nodes`, default [`DEFAULT_MAX_NODES`]).
//!
//! ```no_run
//! use std::sync::Arc;
//!
//! use libcloud::{CreateNode, ProviderConfig, Registry};
//! use libcloud_notebook::NotebookFactory;
//!
//! # async fn demo() -> libcloud::Result<()> {
//! let mut registry = Registry::builtin();
//! registry.register(Arc::new(NotebookFactory))?;
//! let mut config = ProviderConfig::default();
//! config
//!     .options
//!     .insert("notebook_file".into(), "/tmp/nodes.json".into());
//! let compute = registry.compute("notebook", &config).await?;
//! let node = compute
//!     .create_node(&CreateNode::new("web-1", "small", "debian-12"))
//!     .await?;
//! println!("{} is {}", node.id, node.state);
//! # Ok(())
//! # }
//! ```
//!
//! The crate also builds a `libcloud` command: the libcloud-rs command line with the
//! built-in providers and this one (`libcloud --provider notebook nodes list`).

#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod catalog;
mod compute;
mod factory;
mod nodes;
mod record;
mod settings;
mod store;

pub use compute::NotebookCompute;
pub use factory::NotebookFactory;
pub use settings::{DEFAULT_MAX_NODES, NOTEBOOK_FILE_ENV, NotebookSettings, default_notebook_file};

/// The provider id of this driver.
pub const PROVIDER_ID: &str = "notebook";
