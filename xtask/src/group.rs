//! Process groups: a program xtask runs is started as the leader of a group of its own,
//! so that it can be stopped with every process it started, and nothing it left behind
//! (a test binary under `cargo`) outlives it holding a port or a pipe.

use std::process::Command;

/// Makes `cmd` start as the leader of a new process group, whose id is its pid. A
/// Ctrl-C at the terminal then reaches only us, and we pass it on.
pub fn lead_own_group(cmd: &mut Command) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    #[cfg(not(unix))]
    let _ = cmd;
}

/// Asks every process of the group led by `leader` to stop (SIGINT, as Ctrl-C does).
pub fn interrupt(leader: u32) {
    send(leader, Stop::Interrupt);
}

/// Kills every process of the group led by `leader` (SIGKILL). A group that has
/// already ended is not an error.
pub fn kill(leader: u32) {
    send(leader, Stop::Kill);
}

/// How a group is told to stop.
#[derive(Debug, Clone, Copy)]
enum Stop {
    Interrupt,
    Kill,
}

#[cfg(unix)]
fn send(leader: u32, stop: Stop) {
    use rustix::process::{Pid, Signal, kill_process_group};
    let signal = match stop {
        Stop::Interrupt => Signal::INT,
        Stop::Kill => Signal::KILL,
    };
    if let Some(pid) = i32::try_from(leader).ok().and_then(Pid::from_raw) {
        // An error means the group has already gone.
        let _ = kill_process_group(pid, signal);
    }
}

#[cfg(not(unix))]
fn send(_: u32, _: Stop) {}

#[cfg(all(test, unix))]
pub(crate) mod tests {
    use super::*;
    use std::path::Path;
    use std::time::{Duration, Instant};

    /// Whether process `pid` has ended (gone, or a zombie waiting to be reaped).
    fn has_ended(pid: u32) -> bool {
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Err(_) => true,
            // The state follows the parenthesised command name.
            Ok(stat) => stat
                .rsplit_once(") ")
                .is_some_and(|(_, rest)| rest.starts_with('Z') || rest.starts_with('X')),
        }
    }

    /// Waits up to 30 s for `pid` to end; whether it did.
    pub(crate) fn ends_soon(pid: u32) -> bool {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if has_ended(pid) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// The pid a script wrote into `file`, once it is there.
    pub(crate) fn pid_written_to(file: &Path) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(text) = std::fs::read_to_string(file)
                && let Ok(pid) = text.trim().parse()
            {
                return pid;
            }
            assert!(Instant::now() < deadline, "no pid in {}", file.display());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A shell running a `sleep` in the foreground (its pid written to `file`), in a
    /// group of its own; with `ignore_interrupts`, both ignore SIGINT.
    fn shell_with_a_child(file: &Path, ignore_interrupts: bool) -> std::process::Child {
        let trap = if ignore_interrupts {
            "trap '' INT; "
        } else {
            ""
        };
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(format!(
            "{trap}sh -c 'echo $$ > \"{}\"; exec sleep 60'; true",
            file.display()
        ));
        lead_own_group(&mut cmd);
        cmd.spawn().unwrap()
    }

    #[test]
    fn kill_ends_the_leader_and_what_it_started() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pid");
        let mut shell = shell_with_a_child(&file, true);
        let sleeper = pid_written_to(&file);
        kill(shell.id());
        assert!(shell.wait().is_ok());
        assert!(
            ends_soon(sleeper),
            "the shell's child {sleeper} outlived the group"
        );
    }

    #[test]
    fn interrupt_reaches_every_process_of_the_group() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pid");
        let mut shell = shell_with_a_child(&file, false);
        let sleeper = pid_written_to(&file);
        interrupt(shell.id());
        assert!(
            ends_soon(sleeper),
            "the shell's child {sleeper} ignored the interrupt"
        );
        let status = shell.wait().unwrap();
        assert!(!status.success(), "{status}");
    }

    #[test]
    fn a_group_that_has_ended_is_no_error() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "exit 0"]);
        lead_own_group(&mut cmd);
        let mut child = cmd.spawn().unwrap();
        let leader = child.id();
        child.wait().unwrap();
        kill(leader);
        interrupt(leader);
    }
}
