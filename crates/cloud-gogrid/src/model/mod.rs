//! GoGrid's wire format: the answer envelope ([`envelope`]) and the objects in its
//! `list` (servers, server images, lookup options, IPs, passwords, load balancers) as
//! portable or small typed values.
//!
//! GoGrid ids are JSON numbers; names and states are nested "option" objects
//! (`{"id": 1, "name": "On", "description": "…", "object": "option"}`). Every function
//! here takes one item of an envelope's `list` and fails with `MalformedResponse`, never
//! a panic, when the item lacks what it must have.

mod catalog;
pub mod envelope;
mod fields;
mod image;
mod ip;
mod load_balancer;
mod password;
mod server;

#[cfg(test)]
mod robustness;

pub use catalog::{location_from, ram_mib, size_from};
pub use fields::{id_text, option_name};
pub use image::image_from;
pub use ip::{PoolIp, ip_from};
pub(crate) use load_balancer::{IpPort, WireBalancer, wire_balancer};
pub use load_balancer::{algorithm_of, balancer_from, member_id, members_from, type_name};
pub use password::password_from;
pub use server::server_to_node;
