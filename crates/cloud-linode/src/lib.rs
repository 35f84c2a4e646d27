//! Linode API v4 compute driver for libcloud-rs.
//!
//! [`LinodeCompute`] implements [`cloud_core::compute::Compute`] over Linode's REST API:
//! instances are nodes, Linode types are sizes, regions are locations, images are images
//! (private ones made from a node's disk), profile SSH keys are key pairs and Block
//! Storage volumes are volumes. [`LinodeFactory`] plugs the driver into the facade's
//! registry under the id `linode`.
//!
//! # Configuration
//!
//! - **Token**: `ProviderConfig.credentials["token"]`, else the `LINODE_TOKEN`
//!   environment variable. It is sent as `Authorization: Bearer …` and never appears in
//!   `Debug` output, logs or errors.
//! - **Endpoint**: `https://api.linode.com/v4`, or `ProviderConfig.endpoint`. An override
//!   with no path (`http://127.0.0.1:8080`) gets Linode's `/v4` appended; one with a path
//!   is used as given.
//! - **Region**: `ProviderConfig.region` is the default location of new nodes and volumes.
//! - **`page_size` option**: items per page on every list call, 25–500 (Linode's limits),
//!   500 by default. Every list follows Linode's `page`/`pages` to the end.
//!
//! # Provider-only calls
//!
//! Options Linode offers beyond the portable request go in
//! [`CreateNode::options`](cloud_core::compute::CreateNode) as a [`LinodeCreateOptions`]
//! in JSON form. Calls the portable trait has no room for are inherent methods of
//! [`LinodeCompute`] (for example [`LinodeCompute::resize_volume`]); reach them from a
//! `dyn Compute` with `as_any().downcast_ref::<LinodeCompute>()`.
//!
//! # Tags
//!
//! Linode tags are plain strings; the portable tag map is stored as `key=value` tags
//! (just `key` when the value is empty), and read back the same way.
//!
//! # Parsers
//!
//! The parsers of Linode's answers are public in [`model`], so they can be fuzzed and
//! used on stored answers.

mod client;
mod compute;
mod errors;
mod factory;
pub mod model;
mod ops;
mod options;
mod settings;
mod state;

pub use client::DEFAULT_ENDPOINT;
pub use compute::LinodeCompute;
pub use errors::LinodeErrorParser;
pub use factory::LinodeFactory;
pub use ops::validate_label;
pub use options::LinodeCreateOptions;
pub use settings::DEFAULT_PAGE_SIZE;
pub use state::{node_state, volume_state};

/// The provider id.
pub const PROVIDER_ID: &str = "linode";
