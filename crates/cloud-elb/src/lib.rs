#![doc = include_str!("../README.md")]

mod client;
mod errors;
mod factory;
mod load_balancer;
pub mod model;
mod ops;
mod settings;
mod state;

pub use client::{API_VERSION, DEFAULT_PAGE_SIZE, SERVICE};
pub use errors::{ElbErrorParser, classify};
pub use factory::ElbFactory;
pub use load_balancer::ElbLoadBalancer;
pub use settings::{CREATED_BY_TAG, TargetType};
pub use state::{
    FLOW_HASH, LEAST_OUTSTANDING_REQUESTS, WEIGHTED_RANDOM, balancer_state, member_health,
};

/// The provider id.
pub const PROVIDER_ID: &str = "elb";
