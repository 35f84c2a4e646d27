//! Running a program to its end while listening for interrupts: the program runs in
//! a process group of its own, an interrupt is passed on to the whole group, which gets
//! a grace period to clean up before every process still in it is killed.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::cmd::exit_code;
use crate::group;
use crate::interrupt::Interrupt;
use crate::{Error, Result};

/// The exit code reported when the run was interrupted, as a shell reports Ctrl-C.
pub const INTERRUPTED: u8 = 130;

/// Runs `cmd` (named `what` in errors) with inherited output and returns its exit code,
/// or [`INTERRUPTED`] once `stop` is set. On an interrupt the program's group is sent
/// SIGINT, and killed if the program is still running `grace` later; once an
/// interrupted program has ended, whatever it left running in its group is killed too.
pub fn wait_for(mut cmd: Command, what: &str, stop: &Interrupt, grace: Duration) -> Result<u8> {
    group::lead_own_group(&mut cmd);
    let mut child = cmd
        .spawn()
        .map_err(|e| Error::msg(format!("cannot start {what}: {e}")))?;
    let mut interrupted_at: Option<Instant> = None;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                if stop.is_set() {
                    group::kill(child.id());
                    return Ok(INTERRUPTED);
                }
                return Ok(exit_code(status));
            }
            Ok(None) => {}
            Err(e) => return Err(Error::msg(format!("cannot wait for {what}: {e}"))),
        }
        if stop.is_set() {
            let since = *interrupted_at.get_or_insert_with(|| {
                group::interrupt(child.id());
                Instant::now()
            });
            if since.elapsed() >= grace {
                group::kill(child.id());
            }
        }
        std::thread::sleep(Duration::from_millis(50));
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
        use crate::group::tests::{ends_soon, pid_written_to};
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pid");
        let stop = Interrupt::never();
        let trigger = stop.clone();
        let started = Instant::now();
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(format!(
            "trap '' INT; sh -c 'echo $$ > \"{}\"; exec sleep 60'; true",
            file.display()
        ));
        let watched = file.clone();
        std::thread::spawn(move || {
            // Interrupted only once the program's own child is running.
            pid_written_to(&watched);
            trigger.trigger();
        });
        let grace = Duration::from_millis(300);
        assert_eq!(wait_for(cmd, "sh", &stop, grace).unwrap(), INTERRUPTED);
        assert!(started.elapsed() < Duration::from_secs(30));
        // The shell's child, which the interrupt reached too but was told to ignore
        // it, went with the group.
        let sleeper = pid_written_to(&file);
        assert!(ends_soon(sleeper), "{sleeper} outlived the program");
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
