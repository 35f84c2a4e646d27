//! The calls, one file per job: containers, listing, reading, writing (one request or
//! staged blocks), copying, deleting and signed URLs.

mod blocks;
mod body;
mod containers;
mod copy;
mod delete;
mod list;
mod names;
mod read;
mod sas;
mod write;

pub use names::{encode_blob_name, validate_container};
pub(crate) use names::{query_value, validate_key};

use cloud_core::{Error, Result};

use crate::PROVIDER_ID;

/// The header every `Put Blob` sends (the driver's own, and one through an upload URL
/// it signed), and its value for the blobs this driver writes.
const BLOB_TYPE: &str = "x-ms-blob-type";
const BLOCK_BLOB: &str = "BlockBlob";

/// `result` with its error placed in the provider and `operation`.
pub(crate) fn ctx<T>(result: Result<T>, operation: &str) -> Result<T> {
    result.map_err(|e| in_ctx(e, operation))
}

/// `error` placed in the provider and `operation`.
pub(crate) fn in_ctx(error: Error, operation: &str) -> Error {
    error.in_context(PROVIDER_ID, operation)
}
