//! `cargo xtask test`: start the services the tests need, run every test with the
//! loopback-only guard on, stop the services, and exit with the test run's status.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::Result;
use crate::child;
use crate::cmd::{cargo, display};
use crate::interrupt::Interrupt;
use crate::services::select::PackageFilter;
use crate::services::{self, Layout, Running};

/// The variable that makes the HTTP pipeline refuse every non-loopback host.
pub const LOOPBACK_ONLY_ENV: &str = "LIBCLOUD_LOOPBACK_ONLY";

/// How long the test runner gets to finish after an interrupt before it is killed.
const INTERRUPT_GRACE: Duration = Duration::from_secs(10);

/// Options of the test task.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestOptions {
    /// Whether to start the services the tests ask for.
    pub services: bool,
    /// Extra arguments for the test runner.
    pub runner_args: Vec<String>,
}

/// Which test runner to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runner {
    /// `cargo nextest run`.
    Nextest,
    /// `cargo test`.
    CargoTest,
}

impl Runner {
    /// Nextest when `cargo nextest --version` works, else `cargo test`.
    pub fn detect() -> Self {
        let works = Command::new(cargo())
            .args(["nextest", "--version"])
            .output()
            .is_ok_and(|o| o.status.success());
        if works {
            Runner::Nextest
        } else {
            Runner::CargoTest
        }
    }

    /// The cargo arguments that run every test (or the packages `extra` names) without
    /// stopping at the first failure.
    pub fn args(self, extra: &[String]) -> Vec<String> {
        let mut args: Vec<String> = match self {
            Runner::Nextest => vec!["nextest".into(), "run".into()],
            Runner::CargoTest => vec!["test".into()],
        };
        // cargo ignores `-p` when `--workspace` is given too. The benchmark crate (its
        // servers and harness) is left out of the whole-workspace run; `cargo xtask ci`
        // tests it on its own.
        if !PackageFilter::from_args(extra).names_packages() {
            args.extend([
                "--workspace".into(),
                "--exclude".into(),
                BENCH_PACKAGE.into(),
            ]);
        }
        args.push("--no-fail-fast".into());
        args.extend(extra.iter().cloned());
        args
    }
}

/// The benchmark crate, which the whole-workspace test run does not build.
pub const BENCH_PACKAGE: &str = "libcloud-bench";

/// Runs the test task; the result is the test run's exit code.
pub fn run(root: &Path, opts: &TestOptions, stop: &Interrupt) -> Result<u8> {
    let needed = if opts.services {
        services::needed(root, &opts.runner_args)?
    } else {
        Vec::new()
    };
    let running = Running::start(&needed, &Layout::new(root.to_path_buf()), stop)?;
    let runner = Runner::detect();
    let argv: Vec<String> = std::iter::once(cargo())
        .chain(runner.args(&opts.runner_args))
        .collect();
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..])
        .current_dir(root)
        .env(LOOPBACK_ONLY_ENV, "1")
        .envs(running.env());
    eprintln!("xtask: running {}", display(&argv));
    let code = child::wait_for(cmd, "the test runner", stop, INTERRUPT_GRACE)?;
    drop(running);
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn whole_workspace_by_default() {
        assert_eq!(
            Runner::Nextest.args(&[]),
            s(&[
                "nextest",
                "run",
                "--workspace",
                "--exclude",
                "libcloud-bench",
                "--no-fail-fast"
            ])
        );
        assert_eq!(
            Runner::CargoTest.args(&[]),
            s(&[
                "test",
                "--workspace",
                "--exclude",
                "libcloud-bench",
                "--no-fail-fast"
            ])
        );
    }

    #[test]
    fn extra_args_are_appended_and_packages_drop_workspace() {
        assert_eq!(
            Runner::Nextest.args(&s(&["-p", "cloud-core"])),
            s(&["nextest", "run", "--no-fail-fast", "-p", "cloud-core"])
        );
        assert_eq!(
            Runner::CargoTest.args(&s(&["--exclude", "xtask", "--", "--nocapture"])),
            s(&[
                "test",
                "--workspace",
                "--exclude",
                "libcloud-bench",
                "--no-fail-fast",
                "--exclude",
                "xtask",
                "--",
                "--nocapture"
            ])
        );
    }
}
