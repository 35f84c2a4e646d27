//! `libcloud-bench` (run as `cargo xtask bench`): parses the command line and runs the
//! benchmark.

use std::process::ExitCode;

use clap::Parser;
use libcloud_bench::{BenchArgs, run, workspace_root};
use xtask::interrupt::Interrupt;

fn main() -> ExitCode {
    let args = BenchArgs::parse();
    let outcome = Interrupt::install().and_then(|stop| run(&workspace_root(), &args, &stop));
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("libcloud-bench: error: {e}");
            ExitCode::FAILURE
        }
    }
}
