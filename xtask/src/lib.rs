//! Maintainer tasks for the libcloud-rs workspace, run as `cargo xtask <task>`:
//!
//! - `ci`: formatting, lints, the full test run, the docs and a short fuzzing run,
//!   stopping at the first failure with the command that fixes or reproduces it;
//! - `demo`: the main job on the embedded `local` provider, through the `libcloud` binary;
//! - `dist`: the release `libcloud` binary with its manual page and shell completions;
//! - `test`: starts the emulators the crates ask for, runs every test, stops them;
//! - `record-fixtures`: records a driver's HTTP traffic through a scrubbing reverse proxy
//!   into `fixtures/<provider>/<scenario>/`;
//! - `package`: packs every publishable crate and checks what each package carries and
//!   that its dependencies build with the stated minimum Rust version;
//! - `fuzz`: builds every fuzz target, seeds it from the fixtures and fuzzes it for a
//!   while, keeping failing inputs as regression tests;
//! - `bench`: end-to-end benchmarks of the `libcloud` CLI against reference clients, run
//!   from the `libcloud-bench` crate (`bench/`).

pub mod bench;
pub mod child;
pub mod ci;
pub mod cli;
pub mod cmd;
pub mod demo;
pub mod dist;
pub mod error;
pub mod fuzz;
pub mod group;
pub mod interrupt;
pub mod package;
pub mod record;
pub mod serve;
pub mod services;
pub mod test_cmd;

pub use error::{Error, Result};

use std::path::PathBuf;

/// The workspace root (the parent of the `xtask` folder).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
