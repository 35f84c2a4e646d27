//! The driver's calls, grouped by resource. Each module adds methods to
//! [`LinodeCompute`](crate::LinodeCompute); the `Compute` implementation delegates to
//! them.

mod catalog;
mod images;
mod keys;
mod label;
mod nodes;
mod volumes;

pub use label::validate_label;

use cloud_core::Error;

use crate::PROVIDER_ID;

/// Puts this driver's name and the operation on an error raised before any request.
pub(crate) fn local(err: Error, operation: &str) -> Error {
    err.in_context(PROVIDER_ID, operation)
}
