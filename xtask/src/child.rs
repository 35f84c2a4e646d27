//! Running a program to its end while listening for interrupts: an interrupt that
//! reached only us is passed on to the program, which gets a grace period to clean up
//! before it is killed.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::cmd::exit_code;
use crate::interrupt::Interrupt;
use crate::{Error, Result};

/// The exit code reported when the run was interrupted, as a shell reports Ctrl-C.
pub const INTERRUPTED: u8 = 130;

/// Runs `cmd` (named `what` in errors) with inherited output and returns its exit code,
/// or [`INTERRUPTED`] once `stop` is set. On an interrupt the program is sent SIGINT,
/// and killed if it is still running `grace` later.
pub fn wait_for(mut cmd: Command, what: &str, stop: &Interrupt, grace: Duration) -> Result<u8> {
    let mut child = cmd
        .spawn()
        .map_err(|e| Error::msg(format!("cannot start {what}: {e}")))?;
    let mut interrupted_at: Option<Instant> = None;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                return Ok(if stop.is_set() {
                    INTERRUPTED
                } else {
                    exit_code(status)
                });
            }
            Ok(None) => {}
            Err(e) => return Err(Error::msg(format!("cannot wait for {what}: {e}"))),
        }
        if stop.is_set() {
            let since = *interrupted_at.get_or_insert_with(|| {
                ask_to_stop(child.id());
                Instant::now()
            });
            if since.elapsed() >= grace {
                let _ = child.kill();
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Sends SIGINT to `pid`, so a signal that reached only us still lets the program stop
/// cleanly.
fn ask_to_stop(pid: u32) {
    if cfg!(unix) {
        let _ = Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .stderr(std::process::Stdio::null())
            .status();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRACE: Duration = Duration::from_secs(10);

    #[cfg(unix)]
    #[test]
    fn exit_code_of_the_program_is_passed_on() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "exit 4"]);
        assert_eq!(wait_for(cmd, "sh", &Interrupt::never(), GRACE).unwrap(), 4);
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "exit 0"]);
        assert_eq!(wait_for(cmd, "sh", &Interrupt::never(), GRACE).unwrap(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn interrupt_stops_a_long_program() {
        let stop = Interrupt::never();
        let trigger = stop.clone();
        let started = Instant::now();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            trigger.trigger();
        });
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "exec sleep 60"]);
        assert_eq!(wait_for(cmd, "sleep", &stop, GRACE).unwrap(), INTERRUPTED);
        assert!(started.elapsed() < Duration::from_secs(30));
    }

    #[cfg(unix)]
    #[test]
    fn a_program_ignoring_the_interrupt_is_killed_after_the_grace_period() {
        let stop = Interrupt::never();
        stop.trigger();
        let started = Instant::now();
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "trap '' INT; sleep 60"]);
        let grace = Duration::from_millis(300);
        assert_eq!(wait_for(cmd, "sh", &stop, grace).unwrap(), INTERRUPTED);
        assert!(started.elapsed() < Duration::from_secs(30));
    }

    #[cfg(unix)]
    #[test]
    fn interrupted_run_reports_130() {
        let stop = Interrupt::never();
        stop.trigger();
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "exit 0"]);
        assert_eq!(wait_for(cmd, "sh", &stop, GRACE).unwrap(), 130);
    }

    #[test]
    fn a_missing_program_is_an_error_naming_it() {
        let cmd = Command::new("/nonexistent/program-for-child-test");
        let err = wait_for(cmd, "the frobnicator", &Interrupt::never(), GRACE).unwrap_err();
        assert!(err.message().contains("the frobnicator"), "{err}");
    }
}
