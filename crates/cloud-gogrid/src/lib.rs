#![doc = include_str!("../README.md")]

mod client;
mod compute;
pub mod errors;
mod extras;
mod factory;
mod load_balancer;
pub mod model;
mod ops;
mod options;
mod settings;
pub mod sign;
pub mod state;

pub use compute::GoGridCompute;
pub use errors::GoGridErrorParser;
pub use extras::{EditServer, IpFilter, ServerPassword};
pub use factory::GoGridFactory;
pub use load_balancer::GoGridLoadBalancer;
pub use model::PoolIp;
pub use ops::MAX_NAME_LEN;
pub use options::GoGridCreateOptions;
pub use settings::{API_KEY_ENV, DEFAULT_ENDPOINT, DEFAULT_PAGE_SIZE, SECRET_ENV};

/// The provider id.
pub const PROVIDER_ID: &str = "gogrid";
