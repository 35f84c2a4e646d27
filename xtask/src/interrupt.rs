//! Noticing Ctrl-C (and SIGTERM, SIGHUP) so the emulators we started are stopped before
//! we exit, instead of the process dying on the spot.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use crate::{Error, Result};

/// Set once the user (or the system) asked us to stop.
#[derive(Debug, Clone, Default)]
pub struct Interrupt {
    flag: Arc<AtomicBool>,
}

impl Interrupt {
    /// A flag nothing sets except [`Interrupt::trigger`]: for tests and tasks that do
    /// not listen for signals.
    pub fn never() -> Self {
        Interrupt::default()
    }

    /// Starts listening for termination signals on a background thread. From then on
    /// those signals set the flag instead of ending the process; child processes started
    /// later keep the default behaviour.
    pub fn install() -> Result<Self> {
        let interrupt = Interrupt::default();
        let flag = interrupt.clone();
        let (ready_tx, ready_rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("xtask-signals".into())
            .spawn(move || listen(flag, ready_tx))
            .map_err(|e| Error::msg(format!("cannot start the signal thread: {e}")))?;
        match ready_rx.recv() {
            Ok(Ok(())) => Ok(interrupt),
            Ok(Err(e)) => Err(Error::msg(format!("cannot listen for signals: {e}"))),
            Err(_) => Err(Error::msg("the signal thread ended early")),
        }
    }

    /// Sets the flag.
    pub fn trigger(&self) {
        self.flag.store(true, Ordering::SeqCst);
    }

    /// Whether the flag is set.
    pub fn is_set(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }
}

fn listen(flag: Interrupt, ready: mpsc::Sender<std::io::Result<()>>) {
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let _ = ready.send(Err(e));
            return;
        }
    };
    rt.block_on(async move {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let streams = (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
                signal(SignalKind::hangup()),
            );
            let (mut int, mut term, mut hup) = match streams {
                (Ok(a), Ok(b), Ok(c)) => (a, b, c),
                (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                    let _ = ready.send(Err(e));
                    return;
                }
            };
            let _ = ready.send(Ok(()));
            loop {
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                    _ = hup.recv() => {}
                }
                flag.trigger();
            }
        }
        #[cfg(not(unix))]
        {
            let _ = ready.send(Ok(()));
            while tokio::signal::ctrl_c().await.is_ok() {
                flag.trigger();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigger_is_seen_by_clones() {
        let a = Interrupt::never();
        let b = a.clone();
        assert!(!b.is_set());
        a.trigger();
        assert!(b.is_set());
    }

    #[cfg(unix)]
    #[test]
    fn sigterm_sets_the_flag_instead_of_ending_the_process() {
        let stop = Interrupt::install().unwrap();
        let status = std::process::Command::new("kill")
            .args(["-TERM", &std::process::id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !stop.is_set() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(stop.is_set());
    }
}
