#![doc = include_str!("../README.md")]

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
