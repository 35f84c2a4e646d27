//! Running service processes with their output in a log file: one-shot install steps,
//! and long-running servers that are waited on until up and killed on stop.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::group;
use crate::interrupt::Interrupt;
use crate::{Error, Result};

/// How many log lines to show when a service fails.
pub const TAIL_LINES: usize = 30;

/// Creates `log` (and its folder), opened twice: for a child's stdout and stderr.
pub(crate) fn open_log(log: &Path) -> Result<(File, File)> {
    if let Some(dir) = log.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::msg(format!("cannot create {}: {e}", dir.display())))?;
    }
    let out = File::create(log)
        .map_err(|e| Error::msg(format!("cannot create {}: {e}", log.display())))?;
    let err = out
        .try_clone()
        .map_err(|e| Error::msg(format!("cannot share {}: {e}", log.display())))?;
    Ok((out, err))
}

/// The last `lines` lines of a log file, or a note that it cannot be read.
pub fn log_tail(log: &Path, lines: usize) -> String {
    match std::fs::read(log) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let all: Vec<&str> = text.lines().collect();
            all[all.len().saturating_sub(lines)..].join("\n")
        }
        Err(e) => format!("(cannot read {}: {e})", log.display()),
    }
}

fn failure(what: &str, log: &Path) -> Error {
    Error::msg(format!(
        "{what}; last lines of {}:\n{}",
        log.display(),
        log_tail(log, TAIL_LINES)
    ))
}

/// Runs `cmd` to completion with its output in `log`; a failure shows the log's tail.
pub fn run_logged(mut cmd: Command, log: &Path, what: &str) -> Result<()> {
    let (out, err) = open_log(log)?;
    let status = cmd
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .status()
        .map_err(|e| Error::msg(format!("{what}: cannot start: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(failure(&format!("{what} failed ({status})"), log))
    }
}

/// A running service process. Dropping it kills the process and waits for it.
#[derive(Debug)]
pub struct Spawned {
    name: String,
    child: Option<Child>,
    log: PathBuf,
}

impl Spawned {
    /// Starts `cmd` with its output in `log`, in its own process group so a Ctrl-C at
    /// the terminal reaches us (and we stop it) rather than killing it behind our back.
    pub fn start(name: &str, mut cmd: Command, log: &Path) -> Result<Self> {
        let (out, err) = open_log(log)?;
        cmd.stdin(Stdio::null()).stdout(out).stderr(err);
        group::lead_own_group(&mut cmd);
        let child = cmd
            .spawn()
            .map_err(|e| Error::msg(format!("cannot start {name}: {e}")))?;
        Ok(Spawned {
            name: name.to_string(),
            child: Some(child),
            log: log.to_path_buf(),
        })
    }

    /// The log file.
    pub fn log(&self) -> &Path {
        &self.log
    }

    /// Polls `probe` until it says the service is up. Fails, showing the log's tail,
    /// when the process exits, `timeout` passes, or `stop` is set.
    pub fn wait_ready(
        &mut self,
        mut probe: impl FnMut() -> bool,
        timeout: Duration,
        stop: &Interrupt,
    ) -> Result<()> {
        let start = Instant::now();
        loop {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                return Err(failure(
                    &format!("{} exited early ({status})", self.name),
                    &self.log,
                ));
            }
            if probe() {
                return Ok(());
            }
            if stop.is_set() {
                return Err(Error::msg(format!(
                    "interrupted while waiting for {}",
                    self.name
                )));
            }
            if start.elapsed() >= timeout {
                self.stop();
                return Err(failure(
                    &format!(
                        "{} did not come up within {} s",
                        self.name,
                        timeout.as_secs()
                    ),
                    &self.log,
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Kills the process and waits for it to end. Calling it again does nothing.
    ///
    /// Only the process itself is killed, not its group: a service that starts others
    /// stops them itself when it dies (the OpenStack supervisor's watchdog, which
    /// shares its group, does so, and would die with it).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", script]);
        cmd
    }

    #[test]
    fn early_exit_reports_the_log_tail() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("logs/svc.log");
        let mut svc =
            Spawned::start("svc", sh("echo first; echo port in use >&2; exit 3"), &log).unwrap();
        let err = svc
            .wait_ready(|| false, Duration::from_secs(30), &Interrupt::never())
            .unwrap_err();
        assert!(err.message().contains("svc exited early"), "{err}");
        assert!(err.message().contains("port in use"), "{err}");
    }

    #[test]
    fn timeout_kills_and_reports() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("svc.log");
        let mut svc = Spawned::start("svc", sh("echo starting; exec sleep 60"), &log).unwrap();
        let err = svc
            .wait_ready(|| false, Duration::from_millis(600), &Interrupt::never())
            .unwrap_err();
        assert!(err.message().contains("did not come up within"), "{err}");
        assert!(err.message().contains("starting"), "{err}");
        assert!(!svc.is_running());
    }

    #[test]
    fn ready_then_stop_kills_the_process() {
        let dir = tempfile::tempdir().unwrap();
        let mut svc =
            Spawned::start("svc", sh("exec sleep 60"), &dir.path().join("s.log")).unwrap();
        let mut polls = 0;
        svc.wait_ready(
            || {
                polls += 1;
                polls == 2
            },
            Duration::from_secs(30),
            &Interrupt::never(),
        )
        .unwrap();
        assert!(svc.is_running());
        svc.stop();
        assert!(!svc.is_running());
        svc.stop();
    }

    #[test]
    fn interrupt_ends_the_wait() {
        let dir = tempfile::tempdir().unwrap();
        let mut svc =
            Spawned::start("svc", sh("exec sleep 60"), &dir.path().join("s.log")).unwrap();
        let stop = Interrupt::never();
        stop.trigger();
        let err = svc
            .wait_ready(|| false, Duration::from_secs(30), &stop)
            .unwrap_err();
        assert!(err.message().contains("interrupted"), "{err}");
    }

    #[test]
    fn run_logged_shows_the_tail_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("install.log");
        run_logged(sh("echo fine"), &log, "step").unwrap();
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "fine\n");
        let err = run_logged(
            sh("for i in $(seq 1 100); do echo line$i; done; exit 1"),
            &log,
            "step",
        )
        .unwrap_err();
        assert!(err.message().contains("step failed"), "{err}");
        assert!(
            err.message().contains("line100") && !err.message().contains("line70\n"),
            "{err}"
        );
    }

    #[test]
    fn tail_of_a_missing_log_says_so() {
        assert!(log_tail(Path::new("/nonexistent/x.log"), 5).contains("cannot read"));
    }
}
