//! The wire types of the Compute Engine API and their parsing into portable types, one
//! file per resource. Every parser takes the answer's bytes and returns a typed
//! `MalformedResponse` error for anything it cannot read; none panics (the fuzz target
//! feeds them arbitrary bytes).

mod catalog;
mod common;
mod disk;
mod image;
mod instance;
mod list;
mod operation;

pub use catalog::{machine_types, regions, zones};
pub use common::{last_segment, resource_path, segment_after};
pub use disk::{aggregated_disks, disk, snapshot, snapshots};
pub use image::{image, images};
pub use instance::{aggregated_instances, instance, instances, node_id};
pub use operation::{Operation, OperationError, OperationErrors, operation};

pub(crate) use disk::disk_wire;
pub(crate) use instance::instance_wire;
