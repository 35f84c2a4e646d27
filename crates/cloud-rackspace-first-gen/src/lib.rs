#![doc = include_str!("../README.md")]

mod client;
mod compute;
mod errors;
mod factory;
mod identity;
pub mod model;
mod ops;
mod settings;
mod state;

pub use compute::RackspaceFirstGenCompute;
pub use errors::FirstGenErrorParser;
pub use factory::RackspaceFirstGenFactory;
pub use identity::{LoginAnswer, parse_login_answer};
pub use model::Format;
pub use settings::{API_KEY_ENV, UK_AUTH_URL, US_AUTH_URL, USERNAME_ENV};
pub use state::server_state;

/// The provider id.
pub const PROVIDER_ID: &str = "rackspace_first_gen";
