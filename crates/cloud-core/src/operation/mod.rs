//! Long-running provider operations: a driver answers "accepted, still running" with an
//! [`OperationRef`], and callers wait for it with [`wait_for_operation`].
//!
//! Every wait in the crate (operations here, node states in
//! [`compute`](crate::compute)) goes through the same loop, [`poll_until`]: jittered,
//! deadline-bound, and cancelled by dropping it.

mod poll;
mod types;
mod wait;

pub use poll::{PollStep, WaitOptions, poll_until};
pub use types::{OperationRef, OperationStatus};
pub use wait::wait_for_operation;
