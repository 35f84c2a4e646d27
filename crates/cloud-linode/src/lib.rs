#![doc = include_str!("../README.md")]

mod client;
mod compute;
mod dns;
mod errors;
mod factory;
mod load_balancer;
pub mod model;
mod options;
mod settings;
mod state;

pub use client::DEFAULT_ENDPOINT;
pub use compute::{LinodeCompute, validate_label};
pub use dns::{LinodeDns, RECORD_TTLS, ZONE_TTLS, record_ttl, zone_ttl};
pub use errors::LinodeErrorParser;
pub use factory::LinodeFactory;
pub use load_balancer::{
    LinodeLoadBalancer, algorithm_from_linode, algorithm_to_linode, protocol_from_linode,
    protocol_to_linode,
};
pub use options::LinodeCreateOptions;
pub use settings::DEFAULT_PAGE_SIZE;
pub use state::{node_state, volume_state};

/// The provider id.
pub const PROVIDER_ID: &str = "linode";
