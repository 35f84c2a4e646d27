#![doc = include_str!("../README.md")]

mod client;
mod errors;
mod factory;
pub mod model;
mod ops;
mod settings;
mod sign;
mod storage;

pub use errors::GcsErrorParser;
pub use factory::GcsFactory;
pub use ops::{encode_object_name, validate_bucket};
pub use settings::{
    DEFAULT_CHUNK_SIZE, DEFAULT_UPLOAD_THRESHOLD, EMULATOR_HOST_ENV, GcsSettings, MIN_CHUNK_SIZE,
    SCOPE,
};
pub use sign::MAX_SIGNED_URL_LIFETIME;
pub use storage::GcsStorage;

/// The provider id.
pub const PROVIDER_ID: &str = "gcs";
