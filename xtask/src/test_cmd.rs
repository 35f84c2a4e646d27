//! `cargo xtask test`: run the example driver crate's tests and the documentation
//! examples, start the services the tests need, run every test of the workspace with the
//! loopback-only guard on, stop the services, and exit with the status of the test runs.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
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

    /// `nextest run` or `test`.
    fn command(self) -> Vec<String> {
        match self {
            Runner::Nextest => vec!["nextest".into(), "run".into()],
            Runner::CargoTest => vec!["test".into()],
        }
    }

    /// The cargo arguments that run every test (or the packages `extra` names) without
    /// stopping at the first failure.
    pub fn args(self, extra: &[String]) -> Vec<String> {
        let mut args = self.command();
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

    /// The cargo arguments that run every test of the separate workspace whose manifest
    /// is `manifest`, without stopping at the first failure.
    pub fn example_args(self, manifest: &str) -> Vec<String> {
        let mut args = self.command();
        args.extend([
            "--manifest-path".into(),
            manifest.into(),
            "--no-fail-fast".into(),
        ]);
        args
    }
}

/// The benchmark crate, which the whole-workspace test run does not build.
pub const BENCH_PACKAGE: &str = "libcloud-bench";

/// The example third-party driver crate (relative to the workspace root): a Cargo
/// workspace of its own, depending on this one's crates by path.
pub const EXAMPLE_MANIFEST: &str = "examples/third-party-driver/Cargo.toml";

/// Whether a test task with these runner arguments runs the example driver's tests: the
/// whole-workspace run does; arguments select what runs, in this workspace only.
pub fn runs_example(runner_args: &[String]) -> bool {
    runner_args.is_empty()
}

/// The `CARGO_TARGET_DIR` to give the example's build, so that it reuses the
/// dependencies compiled for the workspace: the workspace's `target/`, unless the
/// caller set one (`caller`), which the build then inherits.
pub fn example_target_dir(root: &Path, caller: Option<&OsStr>) -> Option<PathBuf> {
    match caller {
        Some(dir) if !dir.is_empty() => None,
        _ => Some(root.join("target")),
    }
}

/// Runs the example driver's tests with `runner` and returns the exit code.
fn run_example(root: &Path, runner: Runner, stop: &Interrupt) -> Result<u8> {
    let argv: Vec<String> = std::iter::once(cargo())
        .chain(runner.example_args(EXAMPLE_MANIFEST))
        .collect();
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..])
        .current_dir(root)
        .env(LOOPBACK_ONLY_ENV, "1");
    let caller = std::env::var_os("CARGO_TARGET_DIR");
    if let Some(dir) = example_target_dir(root, caller.as_deref()) {
        cmd.env("CARGO_TARGET_DIR", dir);
    }
    eprintln!("xtask: running {}", display(&argv));
    child::wait_for(
        cmd,
        "the example driver's test runner",
        stop,
        INTERRUPT_GRACE,
    )
}

/// The cargo arguments that run the documentation examples of every workspace crate
/// (nextest does not run doctests).
pub fn doctest_args() -> Vec<String> {
    [
        "test",
        "--doc",
        "--workspace",
        "--exclude",
        BENCH_PACKAGE,
        "--no-fail-fast",
    ]
    .map(String::from)
    .to_vec()
}

/// Runs the documentation examples of the workspace and returns the exit code.
fn run_doctests(root: &Path, stop: &Interrupt) -> Result<u8> {
    let argv: Vec<String> = std::iter::once(cargo()).chain(doctest_args()).collect();
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..])
        .current_dir(root)
        .env(LOOPBACK_ONLY_ENV, "1");
    eprintln!("xtask: running {}", display(&argv));
    child::wait_for(cmd, "the doctest runner", stop, INTERRUPT_GRACE)
}

/// A run before the workspace's tests: root, runner and interrupt in, exit code out.
type EarlyRun = fn(&Path, Runner, &Interrupt) -> Result<u8>;

/// Runs the test task: on the whole-workspace run, the example driver's tests and the
/// documentation examples first, then the workspace's tests, whose summary stays the
/// last output. The result is the first non-zero exit code of the runs, in that order.
pub fn run(root: &Path, opts: &TestOptions, stop: &Interrupt) -> Result<u8> {
    let runner = Runner::detect();
    let mut earlier = 0;
    if runs_example(&opts.runner_args) {
        let runs: [(&str, EarlyRun); 2] = [
            ("the example driver's tests", run_example),
            ("the documentation examples", |root, _, stop| {
                run_doctests(root, stop)
            }),
        ];
        for (what, run) in runs {
            let code = run(root, runner, stop)?;
            if stop.is_set() {
                return Ok(child::INTERRUPTED);
            }
            if code != 0 {
                eprintln!(
                    "xtask: {what} failed (exit {code}); the workspace's tests run next, \
                     and the task fails either way"
                );
                if earlier == 0 {
                    earlier = code;
                }
            }
        }
    }
    let needed = if opts.services {
        services::needed(root, &opts.runner_args)?
    } else {
        Vec::new()
    };
    let running = Running::start(&needed, &Layout::new(root.to_path_buf()), stop)?;
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
    Ok(if earlier != 0 { earlier } else { code })
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
    fn the_example_runs_with_the_same_runner_from_its_own_manifest() {
        assert_eq!(
            Runner::Nextest.example_args(EXAMPLE_MANIFEST),
            s(&[
                "nextest",
                "run",
                "--manifest-path",
                "examples/third-party-driver/Cargo.toml",
                "--no-fail-fast"
            ])
        );
        assert_eq!(
            Runner::CargoTest.example_args("x/Cargo.toml"),
            s(&["test", "--manifest-path", "x/Cargo.toml", "--no-fail-fast"])
        );
        let manifest = crate::workspace_root().join(EXAMPLE_MANIFEST);
        assert!(manifest.is_file(), "{} exists", manifest.display());
    }

    #[test]
    fn doctests_cover_the_workspace_but_the_benchmarks() {
        assert_eq!(
            display(&doctest_args()),
            "test --doc --workspace --exclude libcloud-bench --no-fail-fast"
        );
    }

    #[test]
    fn only_the_whole_workspace_run_runs_the_example() {
        assert!(runs_example(&[]));
        assert!(!runs_example(&s(&["-p", "cloud-linode"])));
        assert!(!runs_example(&s(&["--", "--nocapture"])));
    }

    #[test]
    fn the_example_builds_in_the_workspace_target_unless_the_caller_chose_one() {
        let root = Path::new("/repo");
        assert_eq!(
            example_target_dir(root, None),
            Some(PathBuf::from("/repo/target"))
        );
        assert_eq!(
            example_target_dir(root, Some(OsStr::new(""))),
            Some(PathBuf::from("/repo/target"))
        );
        assert_eq!(
            example_target_dir(root, Some(OsStr::new("/elsewhere"))),
            None
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
