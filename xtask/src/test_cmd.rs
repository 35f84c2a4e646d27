//! `cargo xtask test`: start the services the tests need, run every test with the
//! loopback-only guard on, stop the services, and exit with the test run's status.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::cmd::{cargo, display, exit_code};
use crate::interrupt::Interrupt;
use crate::services::select::PackageFilter;
use crate::services::{self, Layout, Running};
use crate::{Error, Result};

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
        // cargo ignores `-p` when `--workspace` is given too.
        if !PackageFilter::from_args(extra).names_packages() {
            args.push("--workspace".into());
        }
        args.push("--no-fail-fast".into());
        args.extend(extra.iter().cloned());
        args
    }
}

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
    let code = wait_for(cmd, stop)?;
    drop(running);
    Ok(code)
}

/// Sends SIGINT to `pid`, so a signal that reached only us still lets the test runner
/// cancel its tests cleanly.
fn ask_to_stop(pid: u32) {
    if cfg!(unix) {
        let _ = Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .stderr(std::process::Stdio::null())
            .status();
    }
}

/// Runs `cmd` with inherited output; on an interrupt, asks it to stop, gives it a grace
/// period and then kills it.
fn wait_for(mut cmd: Command, stop: &Interrupt) -> Result<u8> {
    let mut child = cmd
        .spawn()
        .map_err(|e| Error::msg(format!("cannot start the test runner: {e}")))?;
    let mut interrupted_at: Option<Instant> = None;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                return Ok(if stop.is_set() {
                    130
                } else {
                    exit_code(status)
                });
            }
            Ok(None) => {}
            Err(e) => return Err(Error::msg(format!("cannot wait for the test runner: {e}"))),
        }
        if stop.is_set() {
            let since = *interrupted_at.get_or_insert_with(|| {
                ask_to_stop(child.id());
                Instant::now()
            });
            if since.elapsed() >= INTERRUPT_GRACE {
                let _ = child.kill();
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
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
            s(&["nextest", "run", "--workspace", "--no-fail-fast"])
        );
        assert_eq!(
            Runner::CargoTest.args(&[]),
            s(&["test", "--workspace", "--no-fail-fast"])
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
                "--no-fail-fast",
                "--exclude",
                "xtask",
                "--",
                "--nocapture"
            ])
        );
    }

    #[cfg(unix)]
    #[test]
    fn exit_code_of_the_runner_is_passed_on() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "exit 4"]);
        assert_eq!(wait_for(cmd, &Interrupt::never()).unwrap(), 4);
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "exit 0"]);
        assert_eq!(wait_for(cmd, &Interrupt::never()).unwrap(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn interrupt_stops_a_long_runner() {
        let stop = Interrupt::never();
        let trigger = stop.clone();
        let started = Instant::now();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            trigger.trigger();
        });
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "exec sleep 60"]);
        assert_eq!(wait_for(cmd, &stop).unwrap(), 130);
        assert!(started.elapsed() < Duration::from_secs(30));
    }

    #[cfg(unix)]
    #[test]
    fn interrupted_run_reports_130() {
        let stop = Interrupt::never();
        stop.trigger();
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "exit 0"]);
        assert_eq!(wait_for(cmd, &stop).unwrap(), 130);
    }
}
