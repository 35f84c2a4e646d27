//! `cargo xtask bench …`: the benchmarks live in the `libcloud-bench` crate (`bench/`),
//! so building xtask does not build their servers. This task runs them with
//! `cargo run --release --package libcloud-bench -- …`, passing every argument on and the
//! benchmark's exit code back.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use clap::Args;

use crate::Result;
use crate::child;
use crate::cmd::{cargo, display};
use crate::interrupt::Interrupt;

/// The package holding the benchmarks.
pub const PACKAGE: &str = "libcloud-bench";

/// How long the benchmark gets after an interrupt to stop its servers and remove its
/// scratch files before it is killed.
const INTERRUPT_GRACE: Duration = Duration::from_secs(30);

/// Options of `cargo xtask bench`: all of them belong to `libcloud-bench`.
#[derive(Args, Debug, Clone, PartialEq, Eq)]
pub struct BenchArgs {
    /// The benchmark and its options, passed on unchanged (`--list` names the
    /// benchmarks, `--help` shows the options).
    #[arg(
        required = true,
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "ARGS"
    )]
    pub args: Vec<String>,
}

impl BenchArgs {
    /// The cargo arguments that build and run the benchmarks (release build: their
    /// servers run in that process, and must not be timed unoptimized).
    pub fn cargo_args(&self) -> Vec<String> {
        ["run", "--release", "--quiet", "--package", PACKAGE, "--"]
            .into_iter()
            .map(String::from)
            .chain(self.args.iter().cloned())
            .collect()
    }
}

/// Runs the benchmarks from the workspace `root`; the result is their exit code.
pub fn run(root: &Path, args: &BenchArgs, stop: &Interrupt) -> Result<u8> {
    let argv: Vec<String> = std::iter::once(cargo()).chain(args.cargo_args()).collect();
    eprintln!("xtask: running {}", display(&argv));
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..]).current_dir(root);
    child::wait_for(cmd, "the benchmarks", stop, INTERRUPT_GRACE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_argument_follows_the_double_dash() {
        let args = BenchArgs {
            args: ["s3-transfer", "--size-mib", "8", "--server", "sink"]
                .map(String::from)
                .to_vec(),
        };
        assert_eq!(
            display(&args.cargo_args()),
            "run --release --quiet --package libcloud-bench -- s3-transfer --size-mib 8 --server sink"
        );
    }
}
