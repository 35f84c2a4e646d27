#![doc = include_str!("../README.md")]

mod client;
mod compute;
mod errors;
mod factory;
pub mod model;
mod ops;
mod settings;
mod state;

pub use client::DEFAULT_ENDPOINT;
pub use compute::SlicehostCompute;
pub use errors::SlicehostErrorParser;
pub use factory::SlicehostFactory;
pub use settings::API_KEY_ENV;
pub use state::slice_state;

/// The provider id.
pub const PROVIDER_ID: &str = "slicehost";
