#![doc = include_str!("../README.md")]

mod balancers;
mod client;
mod create;
mod driver;
mod errors;
mod factory;
mod members;
pub mod model;
mod network;
mod settings;
mod words;

pub use client::{API_VERSION, DEFAULT_PAGE_SIZE, SERVICE};
pub use driver::ElbLoadBalancer;
pub use errors::{ElbErrorParser, classify};
pub use factory::ElbFactory;
pub use settings::{CREATED_BY_TAG, TargetType};
pub use words::{
    FLOW_HASH, LEAST_OUTSTANDING_REQUESTS, WEIGHTED_RANDOM, balancer_state, member_health,
};

/// The provider id.
pub const PROVIDER_ID: &str = "elb";
