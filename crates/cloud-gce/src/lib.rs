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
pub use compute::{COMPUTE_SCOPE, GceCompute};
pub use errors::GceErrorParser;
pub use factory::GceFactory;
pub use ops::names::{image_path, is_resource_name};
pub use options::{
    DEFAULT_SERVICE_ACCOUNT_SCOPE, DEFAULT_SSH_USER, GceCreateOptions, GceVolumeOptions,
};
pub use settings::DEFAULT_IMAGE_PROJECTS;
pub use state::{node_state, volume_state};

/// The provider id.
pub const PROVIDER_ID: &str = "gce";
