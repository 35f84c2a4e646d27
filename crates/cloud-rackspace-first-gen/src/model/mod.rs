//! Cloud Servers v1.0 documents, JSON and XML, as portable types: servers to nodes,
//! flavors to sizes, images, faults, and the request bodies the driver sends.
//!
//! Every parser takes the wire [`Format`] and the raw body and fails with
//! `MalformedResponse` (never a panic) when the body is not the document it should be.
//! They are public so the same code can be fuzzed and used on stored answers.

mod body;
mod fault;
mod flavor;
mod format;
mod image;
mod location;
mod server;
mod wire;

#[cfg(test)]
mod robustness;

pub use body::{
    MAX_METADATA, MAX_METADATA_BYTES, MAX_PERSONALITY_BYTES, MAX_PERSONALITY_PATH, NewServer,
    RebootKind, create_image_body, create_server_body, reboot_body,
};
pub use fault::{Fault, parse_fault};
pub use flavor::parse_flavors;
pub use format::{Format, NAMESPACE};
pub use image::{parse_image, parse_images};
pub use location::{UK_LOCATION, US_LOCATION, location};
pub use server::{parse_server, parse_servers};
