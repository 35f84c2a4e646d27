//! Core of libcloud-rs: the per-area traits every driver implements, the shared data
//! types, one [`Error`] type, secrets that never print, an injectable [`Clock`], the
//! HTTP pipeline drivers send their requests through, and the pagination helper that
//! turns paged APIs into lazy streams.
//!
//! This crate holds no provider code. Providers live in their own crates and plug into
//! the facade's registry through [`DriverFactory`].

pub mod auth;
pub mod catalog;
pub mod cleanup;
pub mod clock;
pub mod compute;
pub mod dns;
pub mod driver;
pub mod env;
pub mod error;
pub mod http;
pub mod ids;
pub mod json_writer;
pub mod load_balancer;
pub mod operation;
pub mod options;
pub mod paginate;
pub mod provider;
pub mod regions;
pub mod secret;
pub mod session;
pub mod storage;
pub mod xml;

pub use clock::{Clock, FixedClock, SystemClock};
pub use driver::{DriverFactory, ProviderConfig, connect};
pub use env::{Env, MapEnv, ProcessEnv};
pub use error::{Error, ErrorKind, Result};
pub use provider::{Area, CrateVersion, Lifecycle, ProviderMeta};
pub use secret::Secret;
pub use session::{AreaSession, Session};

/// A boxed, sendable stream: the shape every list call returns.
pub type BoxStream<'a, T> = futures::stream::BoxStream<'a, T>;
