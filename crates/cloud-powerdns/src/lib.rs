#![doc = include_str!("../README.md")]

mod client;
mod dns;
mod errors;
mod factory;
pub mod model;
mod ops;
mod settings;
mod sign;

pub use dns::PowerDnsDns;
pub use errors::PowerDnsErrorParser;
pub use factory::PowerDnsFactory;
pub use settings::{API_KEY_ENV, DEFAULT_SERVER_ID, DEFAULT_TTL};

/// The provider id.
pub const PROVIDER_ID: &str = "powerdns";
