//! `cargo xtask bench NAME`: end-to-end benchmarks of the `libcloud` CLI (release
//! build) against reference clients, each printing a table of figures and ratios.
//!
//! - `ec2-list`: listing a large EC2 fleet from a replay server in this process;
//! - `s3-transfer`: uploading and downloading a large file through s3s-fs and a sink
//!   server in this process.
//!
//! Every server binds to 127.0.0.1, every client is pointed at it and runs in a clean
//! environment (see [`sandbox`]); servers and scratch files are removed at the end,
//! also on failure. Client figures come from the kernel's accounting of the client
//! process (see [`measure`]). Nothing here is a test: targets missed are reported, not
//! failed; wrong results (a short list, a corrupt download) fail loudly.

pub mod args;
pub mod cli_bin;
#[cfg(unix)]
pub mod ec2;
pub mod figures;
pub mod gnu_time;
#[cfg(unix)]
pub mod measure;
pub mod python;
#[cfg(unix)]
pub mod s3;
#[cfg(unix)]
pub mod sandbox;
pub mod table;
#[cfg(unix)]
pub mod watchdog;

use std::path::Path;

pub use args::{BenchArgs, BenchName, Plan};

use crate::Result;
use crate::interrupt::Interrupt;

/// Runs what `args` asks for from the workspace `root`; returns the exit code.
///
/// The benchmark servers run inside this process, so a debug build of xtask would time
/// its own unoptimized server along with the clients: a debug build hands the run to a
/// release build of itself.
pub fn run(root: &Path, args: &BenchArgs, stop: &Interrupt) -> Result<u8> {
    let plan = args.plan()?;
    if cfg!(debug_assertions) && plan != Plan::List {
        return in_release(root);
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
        #[cfg(not(unix))]
        Plan::Ec2List { .. } | Plan::S3Transfer { .. } => {
            let _ = (root, stop);
            Err(crate::Error::msg(
                "the benchmarks measure clients with Unix process accounting: run them on Linux",
            ))
        }
    }
}

/// Runs this same command line with a release build of xtask; its exit code.
fn in_release(root: &Path) -> Result<u8> {
    eprintln!("xtask: handing the benchmark to a release build of xtask");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["run", "--release", "--quiet", "--package", "xtask", "--"])
        .args(std::env::args_os().skip(1))
        .current_dir(root)
        .status()
        .map_err(|e| crate::Error::msg(format!("cannot run cargo: {e}")))?;
    Ok(status
        .code()
        .and_then(|c| u8::try_from(c).ok())
        .unwrap_or(1))
}
