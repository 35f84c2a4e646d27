#![doc = include_str!("../README.md")]

mod client;
mod compute;
mod dns;
mod errors;
mod factory;
mod identity;
mod load_balancer;
pub mod model;
mod settings;
mod storage;

pub use factory::RackspaceFactory;
pub use settings::{REGIONS, UK_IDENTITY_URL, US_IDENTITY_URL};

/// The provider id.
pub const PROVIDER_ID: &str = "rackspace";
