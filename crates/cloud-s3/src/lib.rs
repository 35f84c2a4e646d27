#![doc = include_str!("../README.md")]

mod client;
mod errors;
mod factory;
pub mod model;
mod ops;
mod settings;
mod storage;

pub use cloud_aws_auth::DEFAULT_REGION;
pub use errors::{BucketRegion, S3ErrorParser, region_hint};
pub use factory::S3Factory;
pub use model::{DeleteFailure, PendingUpload};
pub use ops::{MAX_BATCH_DELETE, validate_bucket, validate_new_bucket};
pub use settings::{
    AddressingStyle, DEFAULT_CONCURRENCY, DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE,
    MAX_PART_SIZE, MIN_PART_SIZE, PayloadSigning, S3Options, UploadChecksum,
};
pub use storage::S3Storage;

/// The provider id.
pub const PROVIDER_ID: &str = "s3";
