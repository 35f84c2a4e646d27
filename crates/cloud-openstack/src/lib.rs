#![doc = include_str!("../README.md")]

mod client;
mod compute;
mod errors;
mod factory;
pub mod identity;
mod settings;
mod storage;

pub use client::ServiceClient;
pub use compute::{
    ImageApi, NOVA_MICROVERSION, Networks, OpenStackCompute, OpenStackCreateOptions,
    model as compute_model,
};
pub use errors::OpenStackErrorParser;
pub use factory::OpenStackFactory;
pub use storage::{MAX_PAGE, SwiftStorage, model as swift_model};

/// The provider id.
pub const PROVIDER_ID: &str = "openstack";
