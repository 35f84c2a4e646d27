#![doc = include_str!("../README.md")]

mod client;
mod errors;
mod factory;
pub mod model;
mod ops;
mod settings;
pub mod sign;
mod storage;

pub use errors::AzureBlobErrorParser;
pub use factory::AzureBlobFactory;
pub use ops::{encode_blob_name, validate_container};
pub use settings::{
    API_VERSION, AzureBlobSettings, ConnectionString, Credentials, DEFAULT_BLOCK_SIZE,
    DEFAULT_CONCURRENCY, DEFAULT_UPLOAD_THRESHOLD, DEVELOPMENT_ACCOUNT, DEVELOPMENT_KEY,
    MAX_BLOCKS, SCOPE,
};
pub use storage::AzureBlobStorage;

/// The provider id.
pub const PROVIDER_ID: &str = "azure_blobs";
