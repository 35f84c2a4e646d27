//! `cargo xtask bench NAME` (this crate's `libcloud-bench` binary): end-to-end benchmarks
//! of the `libcloud` CLI (release build) against reference clients, each printing a
//! table of figures and ratios.
//!
//! - `ec2-list`: listing a large EC2 fleet from a replay server in this process;
//! - `s3-transfer`: uploading and downloading a large file through s3s-fs and a sink
//!   server in this process;
//! - `dns-import`: importing a large zone into a Route 53 server in this process;
//! - `deploy`: deploying to many nodes at once through the test suite's OpenSSH server;
//! - `swift-transfer`: uploading and downloading a large file through the test suite's
//!   Keystone and Swift;
//! - `sync`: syncing a directory of many files to s3s-fs, next to rclone and the AWS
//!   CLI, then a no-op re-sync;
//! - `gcs-transfer`: uploading and downloading a large file through fake-gcs-server;
//! - `azure-transfer`: uploading and downloading a large file through Azurite.
//!
//! Every server binds to 127.0.0.1, every client is pointed at it and runs in a clean
//! environment (see [`sandbox`]); servers and scratch files are removed at the end,
//! also on failure. Client figures come from the kernel's accounting of the client
//! process (see [`measure`]). Nothing here is a test: targets missed are reported, not
//! failed; wrong results (a short list, a corrupt download) fail loudly.

pub mod args;
#[cfg(unix)]
pub mod azure;
pub mod background;
pub mod cli_bin;
#[cfg(unix)]
pub mod deploy;
#[cfg(unix)]
pub mod ec2;
pub mod figures;
#[cfg(unix)]
pub mod gcs;
pub mod gnu_time;
pub mod host;
#[cfg(unix)]
pub mod measure;
pub mod python;
pub mod release;
#[cfg(unix)]
pub mod route53;
#[cfg(unix)]
pub mod s3;
#[cfg(unix)]
pub mod sandbox;
#[cfg(unix)]
pub mod swift;
#[cfg(unix)]
pub mod sync;
pub mod table;
#[cfg(unix)]
pub mod watchdog;

use std::path::{Path, PathBuf};

pub use args::{BenchArgs, BenchName, Plan};
pub use xtask::{Error, Result};

use xtask::interrupt::Interrupt;

/// The workspace root (the parent of the `bench` folder).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// Runs what `args` asks for from the workspace `root`; returns the exit code. A debug
/// build hands every benchmark to a release build (see [`release`]).
pub fn run(root: &Path, args: &BenchArgs, stop: &Interrupt) -> Result<u8> {
    let plan = args.plan()?;
    if release::needs_handover(&plan) {
        return release::hand_over(root, stop);
    }
    match plan {
        Plan::List => {
            print!("{}", args::listing());
            Ok(0)
        }
        #[cfg(unix)]
        Plan::Ec2List { nodes, runs } => ec2::run(root, nodes, runs, stop),
        #[cfg(unix)]
        Plan::S3Transfer {
            size_mib,
            runs,
            servers,
        } => s3::run(root, size_mib, runs, servers, stop),
        #[cfg(unix)]
        Plan::DnsImport { records, runs } => route53::run(root, records, runs, stop),
        #[cfg(unix)]
        Plan::SwiftTransfer { size_mib, runs } => swift::run(root, size_mib, runs, stop),
        #[cfg(unix)]
        Plan::GcsTransfer { size_mib, runs } => gcs::run(root, size_mib, runs, stop),
        #[cfg(unix)]
        Plan::AzureTransfer { size_mib, runs } => azure::run(root, size_mib, runs, stop),
        #[cfg(unix)]
        Plan::Deploy {
            nodes,
            size_mib,
            runs,
        } => deploy::run(root, nodes, size_mib, runs, stop),
        #[cfg(unix)]
        Plan::Sync {
            files,
            big_mib,
            runs,
        } => sync::run(root, files, big_mib, runs, stop),
        #[cfg(not(unix))]
        Plan::Ec2List { .. }
        | Plan::S3Transfer { .. }
        | Plan::DnsImport { .. }
        | Plan::Deploy { .. }
        | Plan::SwiftTransfer { .. }
        | Plan::GcsTransfer { .. }
        | Plan::AzureTransfer { .. }
        | Plan::Sync { .. } => {
            let _ = (root, stop);
            Err(Error::msg(
                "the benchmarks measure clients with Unix process accounting: run them on Linux",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_holds_the_workspace_manifest_and_this_crate() {
        let root = workspace_root();
        assert!(root.join("Cargo.toml").is_file());
        assert!(root.join("bench").join("Cargo.toml").is_file());
    }
}
