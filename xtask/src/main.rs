//! `cargo xtask`: parses the command line and hands over to the task.

use std::process::ExitCode;

use clap::Parser;
use xtask::cli::{Cli, Task};
use xtask::interrupt::Interrupt;
use xtask::{bench, ci, demo, dist, fuzz, package, record, test_cmd, workspace_root};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let outcome = match cli.task {
        Task::Ci => Interrupt::install().and_then(|stop| ci::run(&root, &stop)),
        Task::Demo => demo::run(&root),
        Task::Dist => dist::run(&root),
        Task::Test(args) => {
            Interrupt::install().and_then(|stop| test_cmd::run(&root, &args.options(), &stop))
        }
        Task::RecordFixtures(args) => args.options(&root).and_then(|opts| record::run(&opts)),
        Task::Bench(args) => Interrupt::install().and_then(|stop| bench::run(&root, &args, &stop)),
        Task::Package => package::run(&root),
        Task::Fuzz(args) => {
            Interrupt::install().and_then(|stop| fuzz::run(&root, &args.options(), &stop))
        }
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
