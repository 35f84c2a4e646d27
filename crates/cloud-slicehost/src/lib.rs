//! Slicehost compute for libcloud-rs.
//!
//! Slicehost offered Xen "slices" through a Rails-style XML API at
//! `https://api.slicehost.com`, authenticated with HTTP Basic using the account's API
//! key as the user name. This crate maps it onto [`cloud_core::compute::Compute`]:
//!
//! | Slicehost | libcloud-rs |
//! | --- | --- |
//! | slice (`/slices.xml`, `/slices/ID.xml`) | [`Node`](cloud_core::compute::Node) |
//! | flavor (`/flavors.xml`) | [`Size`](cloud_core::compute::Size); the price in cents a month becomes dollars an hour over a 730-hour month ([`model::HOURS_PER_MONTH`]) |
//! | image (`/images.xml`, `/images/ID.xml`) | [`Image`](cloud_core::compute::Image) |
//! | — | one fixed [`Location`](cloud_core::compute::Location), [`model::location`]: the API had none |
//!
//! Creating a slice (`POST /slices.xml` with name, flavor id and image id) answers
//! with the generated root password, which the returned node carries in
//! `extra["root_password"]`, exactly as the API gave it. Reboot is
//! `PUT /slices/ID/reboot.xml`; the hard reboot is the provider-only
//! [`SlicehostCompute::hard_reboot`]. Key pairs, volumes, snapshots and server images
//! are not offered and answer `Unsupported`; so are first-login credentials, tags and
//! user data on create (the capabilities declare none of them).
//!
//! Slice statuses map to node states ([`slice_state`]) as `active` → running, `build` →
//! pending, `reboot`/`hard_reboot` → rebooting, `terminated` → terminated; any other
//! word is kept raw. Errors: `401` (`HTTP Basic: Access denied.`) is `InvalidCredentials`, an
//! `<errors><error>…</error></errors>` document takes its kind from the status (`422`
//! is `InvalidInput`), `404` is `NotFound`.
//!
//! The Slicehost API closed in 2012, after Slicehost's customers moved to Rackspace
//! Cloud Servers; the provider is declared
//! [`Lifecycle::Defunct`](cloud_core::Lifecycle::Defunct). The driver stays for recorded
//! traffic and old code; point `ProviderConfig.endpoint` at a server that speaks the API
//! to use it.
//!
//! The parsers of Slicehost's answers are public in [`model`], so they can be fuzzed
//! and used on stored answers.

mod client;
mod compute;
mod errors;
mod factory;
pub mod model;
mod ops;
mod settings;
mod state;

pub use client::DEFAULT_ENDPOINT;
pub use compute::SlicehostCompute;
pub use errors::SlicehostErrorParser;
pub use factory::SlicehostFactory;
pub use settings::API_KEY_ENV;
pub use state::slice_state;

/// The provider id.
pub const PROVIDER_ID: &str = "slicehost";
