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

pub use client::{API_VERSIONS, ApiVersion};
pub use compute::AzureCompute;
pub use errors::AzureErrorParser;
pub use factory::AzureFactory;
pub use ops::names::{is_resource_name, is_size_name};
pub use options::AzureCreateOptions;
pub use settings::{DEFAULT_ADMIN_USERNAME, DEFAULT_IMAGE_OFFERS, DEFAULT_SUBNET, DEFAULT_VNET};
pub use state::{node_state, volume_state};

/// The provider id.
pub const PROVIDER_ID: &str = "azure";
