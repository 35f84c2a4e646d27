//! The wire types of Azure Resource Manager and their parsing into portable types, one
//! file per resource. Every parser takes the answer's bytes and returns a typed
//! `MalformedResponse` error for anything it cannot read; none panics (the fuzz target
//! feeds them arbitrary bytes).

mod catalog;
mod common;
mod disk;
mod image;
mod key;
mod network;
mod operation;
mod vm;

pub use catalog::{locations, vm_sizes};
pub use common::{last_segment, segment_after};
pub use disk::{disk, disks, snapshot, snapshots};
pub use image::{
    custom_image, custom_images, marketplace_skus, marketplace_version, marketplace_versions,
};
pub use key::{generated_key_pair, ssh_public_key, ssh_public_keys};
pub use network::{
    Addresses, NetworkInterface, PublicIp, network_interface, network_interfaces, public_ip,
    public_ips, subnet_names,
};
pub use operation::async_operation;
pub use vm::{VirtualMachine, virtual_machine, virtual_machines};

pub(crate) use disk::{Disk, disk_wire_of};
