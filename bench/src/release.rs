//! The benchmark servers run inside this process, so a debug build would time its own
//! unoptimized servers along with the clients: a debug build hands the run to a release
//! build of itself (`cargo xtask bench` already runs the release build).

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use xtask::child;
use xtask::cmd::cargo;
use xtask::interrupt::Interrupt;

use crate::{Plan, Result};

/// How long the release build gets after an interrupt to clean up before it is killed.
const INTERRUPT_GRACE: Duration = Duration::from_secs(30);

/// Whether `plan` must run in a release build and this is not one (listing the
/// benchmarks measures nothing, so any build will do).
pub fn needs_handover(plan: &Plan) -> bool {
    cfg!(debug_assertions) && *plan != Plan::List
}

/// The cargo arguments that run `args` with a release build of this package.
pub fn cargo_args(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    [
        "run",
        "--release",
        "--quiet",
        "--package",
        env!("CARGO_PKG_NAME"),
        "--",
    ]
    .into_iter()
    .map(OsString::from)
    .chain(args)
    .collect()
}

/// Runs this same command line with a release build from the workspace `root`; its exit
/// code.
pub fn hand_over(root: &Path, stop: &Interrupt) -> Result<u8> {
    eprintln!("bench: handing the benchmark to a release build");
    let mut cmd = Command::new(cargo());
    cmd.args(cargo_args(std::env::args_os().skip(1)))
        .current_dir(root);
    child::wait_for(
        cmd,
        "the release build of the benchmarks",
        stop,
        INTERRUPT_GRACE,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_benchmarks_that_measure_need_a_release_build() {
        assert!(!needs_handover(&Plan::List));
        let ec2 = Plan::Ec2List { nodes: 10, runs: 1 };
        assert_eq!(needs_handover(&ec2), cfg!(debug_assertions));
    }

    #[test]
    fn the_command_line_follows_the_double_dash() {
        let args = cargo_args(["ec2-list", "--nodes", "100"].map(Into::into));
        assert_eq!(
            args,
            [
                "run",
                "--release",
                "--quiet",
                "--package",
                "libcloud-bench",
                "--",
                "ec2-list",
                "--nodes",
                "100"
            ]
        );
    }
}
