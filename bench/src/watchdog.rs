//! A timer that kills a client's process group when the run takes too long or the
//! person at the terminal asks us to stop, so neither a hung client nor Ctrl-C leaves
//! the benchmark (or a client) running. Clients run in a group of their own, so the
//! terminal's Ctrl-C reaches only us; this is what passes it on.
//!
//! The caller must not reap the group leader before [`Watchdog::disarm`] returns: an
//! unreaped leader keeps its id taken, so the kill can never reach another group that
//! was given the same id.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use xtask::interrupt::Interrupt;

/// How often the interrupt flag is looked at.
const POLL: Duration = Duration::from_millis(100);

/// Why the watchdog killed the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fired {
    /// It did not: the run ended first.
    No,
    /// The run took longer than its timeout.
    Timeout,
    /// We were asked to stop.
    Interrupted,
}

/// An armed timer.
pub struct Watchdog {
    stop: Sender<()>,
    thread: JoinHandle<Fired>,
}

impl Watchdog {
    /// Watches the process group led by `leader` (a process id).
    pub fn arm(leader: u32, timeout: Duration, interrupt: &Interrupt) -> Self {
        let (stop, stopped) = mpsc::channel::<()>();
        let interrupt = interrupt.clone();
        let deadline = Instant::now() + timeout;
        let thread = std::thread::spawn(move || {
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                match stopped.recv_timeout(left.min(POLL)) {
                    Err(RecvTimeoutError::Timeout) => {}
                    _ => return Fired::No,
                }
                let why = if interrupt.is_set() {
                    Fired::Interrupted
                } else if Instant::now() >= deadline {
                    Fired::Timeout
                } else {
                    continue;
                };
                xtask::group::kill(leader);
                return why;
            }
        });
        Watchdog { stop, thread }
    }

    /// Stops the timer; whether (and why) it killed the group.
    pub fn disarm(self) -> Fired {
        drop(self.stop);
        self.thread.join().unwrap_or(Fired::No)
    }
}
