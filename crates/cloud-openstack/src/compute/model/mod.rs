//! The wire documents of Nova, Glance and Cinder and their reading into the portable
//! compute types, one file per resource. Every parser takes the raw body and never
//! panics: a body that is not the expected document is `MalformedResponse`. The fuzz
//! target feeds them arbitrary bytes.

mod addresses;
mod common;
mod flavor;
mod image;
mod keypair;
mod nova_image;
mod server;
mod snapshot;
mod state;
mod version;
mod volume;
mod zone;

pub use addresses::{is_public_ip, split_addresses};
pub use flavor::flavors_page;
pub use image::{created_image_id, image, images_page};
pub use keypair::{keypair, keypairs_page};
pub use nova_image::{nova_image, nova_images_page};
pub use server::{created_server_id, server, servers_page};
pub use snapshot::{snapshot, snapshots_page};
pub use state::{node_state, volume_state};
pub use version::{Microversion, max_from_refusal, version_document};
pub use volume::{volume, volume_server, volumes_page};
pub use zone::zones;
