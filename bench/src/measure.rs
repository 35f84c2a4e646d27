//! Running one client process and measuring it.
//!
//! The client runs under GNU time (see [`gnu_time`] for why) in a
//! process group of its own. Wall time runs from spawn to exit; user and system CPU
//! time come from `wait4` on GNU time, which covers the client it waited for (plus GNU
//! time's own fraction of a millisecond); the peak RSS is the client's own, as GNU time
//! reports it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::time::{Duration, Instant};

use rustix::process::{Pid, WaitId, WaitIdOptions, waitid};
use wait4::Wait4;
use xtask::interrupt::Interrupt;

use super::gnu_time::{self, GNU_TIME};
use super::watchdog::{Fired, Watchdog};
use crate::{Error, Result};

/// What one finished client run used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// From spawn to exit.
    pub wall: Duration,
    /// CPU time in user mode.
    pub user: Duration,
    /// CPU time in the kernel on its behalf.
    pub system: Duration,
    /// Peak resident set size, bytes.
    pub max_rss: u64,
}

impl Usage {
    /// User plus system CPU time.
    pub fn cpu(&self) -> Duration {
        self.user + self.system
    }
}

/// A finished client run.
#[derive(Debug, Clone, Copy)]
pub struct Finished {
    /// How it ended.
    pub status: ExitStatus,
    /// What it used.
    pub usage: Usage,
}

/// A client command line set up to be measured.
#[derive(Debug)]
pub struct Launch {
    cmd: Command,
    report: PathBuf,
    program: String,
}

impl Launch {
    /// `program` under GNU time, which writes its report to `report`.
    pub fn new(program: impl AsRef<OsStr>, report: PathBuf) -> Self {
        let program = program.as_ref();
        let mut cmd = Command::new(GNU_TIME);
        cmd.args(["-f", "%M", "-o"])
            .arg(&report)
            .arg("--")
            .arg(program);
        xtask::group::lead_own_group(&mut cmd);
        Launch {
            cmd,
            report,
            program: program.to_string_lossy().into_owned(),
        }
    }

    /// The command, to add the client's arguments, environment and streams to.
    pub fn cmd(&mut self) -> &mut Command {
        &mut self.cmd
    }

    /// Runs it to the end and measures it. A run still going after `timeout`, or when
    /// `stop` is set, is killed and reported as an error; a run that ends with a failure
    /// status is returned as such, for the caller to report with its own context.
    pub fn run(mut self, timeout: Duration, stop: &Interrupt) -> Result<Finished> {
        let program = self.program;
        let _ = std::fs::remove_file(&self.report);
        let start = Instant::now();
        let mut child = self
            .cmd
            .spawn()
            .map_err(|e| Error::msg(format!("cannot start {program} under {GNU_TIME}: {e}")))?;
        let watchdog = Watchdog::arm(child.id(), timeout, stop);
        let exited = wait_exit(child.id());
        let wall = start.elapsed();
        let fired = watchdog.disarm();
        let used = child
            .wait4()
            .map_err(|e| Error::msg(format!("cannot wait for {program}: {e}")))?;
        exited.map_err(|e| Error::msg(format!("cannot wait for {program}: {e}")))?;
        match fired {
            Fired::No => {}
            Fired::Timeout => {
                return Err(Error::msg(format!(
                    "{program} did not finish within {} s and was killed",
                    timeout.as_secs()
                )));
            }
            Fired::Interrupted => {
                return Err(Error::msg(format!("interrupted; {program} was killed")));
            }
        }
        let report = std::fs::read_to_string(&self.report).unwrap_or_default();
        let _ = std::fs::remove_file(&self.report);
        let max_rss = match gnu_time::max_rss(&report) {
            Some(bytes) => bytes,
            // A client that could not even start leaves no figure; its status tells.
            None if !used.status.success() => 0,
            None => {
                return Err(Error::msg(format!(
                    "{GNU_TIME} gave no peak RSS for {program}: {report:?}"
                )));
            }
        };
        Ok(Finished {
            status: used.status,
            usage: Usage {
                wall,
                user: used.rusage.utime,
                system: used.rusage.stime,
                max_rss,
            },
        })
    }
}

/// Waits until process `pid` (our child) has exited, leaving it unreaped.
fn wait_exit(pid: u32) -> std::io::Result<()> {
    let pid = i32::try_from(pid)
        .ok()
        .and_then(Pid::from_raw)
        .ok_or_else(|| std::io::Error::other("bad process id"))?;
    loop {
        match waitid(
            WaitId::Pid(pid),
            WaitIdOptions::EXITED | WaitIdOptions::NOWAIT,
        ) {
            Ok(_) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INTR => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// The report file for runs in `dir`.
pub fn report_in(dir: &Path) -> PathBuf {
    dir.join("gnu-time.txt")
}

#[cfg(test)]
mod tests {
    use std::process::Stdio;

    use super::*;

    fn launch(dir: &Path, program: &str, args: &[&str]) -> Launch {
        let mut l = Launch::new(program, report_in(dir));
        l.cmd()
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        l
    }

    fn have_gnu_time() -> bool {
        let here = Path::new(GNU_TIME).is_file();
        if !here {
            eprintln!("{GNU_TIME} is absent: skipping");
        }
        here
    }

    #[test]
    fn peak_rss_covers_memory_the_child_touched() {
        if !have_gnu_time() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        // dd reads 64 MiB from /dev/zero into one buffer, touching every page of it.
        let l = launch(
            dir.path(),
            "dd",
            &["if=/dev/zero", "of=/dev/null", "bs=64M", "count=1"],
        );
        let done = l
            .run(Duration::from_secs(120), &Interrupt::never())
            .unwrap();
        assert!(done.status.success());
        assert!(done.usage.max_rss >= 64 * 1024 * 1024, "{:?}", done.usage);
        assert!(done.usage.max_rss < 256 * 1024 * 1024, "{:?}", done.usage);
        assert!(!report_in(dir.path()).exists(), "the report is cleaned up");
    }

    #[test]
    fn peak_rss_is_the_client_own_not_ours() {
        if !have_gnu_time() {
            return;
        }
        // 256 MiB touched here must not show up in a small client's figure, as it
        // would if the client replaced (a copy of) this process's address space.
        let ballast: Vec<u8> = vec![1; 256 * 1024 * 1024];
        let dir = tempfile::tempdir().unwrap();
        let done = launch(dir.path(), "/bin/true", &[])
            .run(Duration::from_secs(120), &Interrupt::never())
            .unwrap();
        assert!(ballast.iter().step_by(4096).all(|&b| b == 1));
        assert!(done.usage.max_rss < 32 * 1024 * 1024, "{:?}", done.usage);
    }

    #[test]
    fn cpu_of_the_client_is_counted_and_wall_spans_the_run() {
        if !have_gnu_time() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        // Copying 2 GiB through the kernel costs CPU time however fast the machine is.
        let l = launch(
            dir.path(),
            "dd",
            &["if=/dev/zero", "of=/dev/null", "bs=1M", "count=2048"],
        );
        let done = l
            .run(Duration::from_secs(120), &Interrupt::never())
            .unwrap();
        assert!(done.usage.cpu() > Duration::ZERO, "{:?}", done.usage);
        let sleeper = launch(dir.path(), "sleep", &["0.3"]);
        let done = sleeper
            .run(Duration::from_secs(120), &Interrupt::never())
            .unwrap();
        assert!(done.usage.wall >= Duration::from_millis(300));
    }

    #[test]
    fn failure_status_is_returned_not_hidden() {
        if !have_gnu_time() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let done = launch(dir.path(), "sh", &["-c", "exit 4"])
            .run(Duration::from_secs(120), &Interrupt::never())
            .unwrap();
        assert_eq!(done.status.code(), Some(4));
        assert!(done.usage.max_rss > 0);
    }

    #[test]
    fn a_run_past_its_timeout_is_killed_with_its_children() {
        if !have_gnu_time() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("survived");
        let script = format!("sleep 1; touch {}", marker.display());
        let err = launch(dir.path(), "sh", &["-c", &script])
            .run(Duration::from_millis(200), &Interrupt::never())
            .unwrap_err();
        assert!(err.message().contains("was killed"), "{err}");
        std::thread::sleep(Duration::from_millis(1500));
        assert!(
            !marker.exists(),
            "the client's own children were killed too"
        );
    }

    #[test]
    fn an_interrupt_kills_the_run() {
        if !have_gnu_time() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let stop = Interrupt::never();
        stop.trigger();
        let err = launch(dir.path(), "sleep", &["60"])
            .run(Duration::from_secs(120), &stop)
            .unwrap_err();
        assert!(err.message().contains("interrupted"), "{err}");
    }

    #[test]
    fn a_missing_program_fails_the_run() {
        if !have_gnu_time() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let done = launch(dir.path(), "/nonexistent/client", &[])
            .run(Duration::from_secs(5), &Interrupt::never())
            .unwrap();
        assert!(!done.status.success());
    }
}
