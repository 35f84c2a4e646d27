#![doc = include_str!("../README.md")]

mod client;
mod dns;
mod errors;
mod factory;
pub mod model;
mod ops;
mod options;
mod settings;
mod state;

pub use client::{API_VERSION, DEFAULT_ENDPOINT, SERVICE, SIGNING_REGION};
pub use dns::Route53Dns;
pub use errors::{Route53ErrorParser, classify, parse_error_document};
pub use factory::Route53Factory;
pub use model::AliasTarget;
pub use ops::{MAX_RECORDS_PER_REQUEST, MAX_VALUE_CHARS_PER_REQUEST};
pub use options::{RoutingOptions, ZoneOptions};
pub use settings::{DEFAULT_PAGE_SIZE, DEFAULT_TTL};
pub use state::change_status;

/// The provider id.
pub const PROVIDER_ID: &str = "route53";
