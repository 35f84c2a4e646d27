//! The driver's calls, grouped by resource. Each module adds methods to
//! [`Ec2Compute`](crate::Ec2Compute); the `Compute` implementation delegates to them.

mod catalog;
mod create;
mod images;
mod keys;
mod nodes;
pub(crate) mod validate;
mod volumes;

use uuid::Uuid;

pub use validate::key_pair_name_for;
pub use volumes::DEFAULT_DEVICE;

/// A fresh `ClientToken` for a create call.
pub(crate) fn new_client_token() -> String {
    Uuid::new_v4().to_string()
}
