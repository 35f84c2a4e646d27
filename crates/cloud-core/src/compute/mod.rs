//! Compute: nodes, sizes, images, locations, key pairs, volumes, snapshots.

mod api;
mod capabilities;
mod node_json;
mod types;
mod wait;

pub use crate::operation::WaitOptions;
pub use api::{Compute, unsupported_stream};
pub use capabilities::{ComputeCapabilities, ComputeFeature};
pub use node_json::{NodeJson, NodeJsonWriter};
pub use types::*;
pub use wait::{wait_for_node_state, wait_for_operation, wait_until_gone, wait_until_running};
