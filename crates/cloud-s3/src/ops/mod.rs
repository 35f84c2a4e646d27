//! The operations of the driver, one file per family. Each adds methods to
//! [`S3Storage`](crate::S3Storage); the trait implementation in `storage.rs` calls them.

mod buckets;
mod copy;
mod delete;
mod digests;
pub(crate) mod download_checksum;
mod file_parts;
mod headers;
mod list;
mod lock;
mod multipart;
mod names;
mod parts;
mod presign;
mod read;
mod trailed;
mod uploads;
mod write;

pub use delete::MAX_BATCH_DELETE;
pub(crate) use lock::lock;
pub(crate) use names::is_dns_compatible;
pub use names::{validate_bucket, validate_new_bucket};

use cloud_core::{Error, Result};

use crate::PROVIDER_ID;

/// Names the provider and operation on an error made before or after a request (the
/// pipeline names them on errors it makes itself).
pub(crate) fn ctx<T>(result: Result<T>, operation: &str) -> Result<T> {
    result.map_err(|e| in_ctx(e, operation))
}

/// [`ctx`] for a bare error.
pub(crate) fn in_ctx(error: Error, operation: &str) -> Error {
    error.in_context(PROVIDER_ID, operation)
}
