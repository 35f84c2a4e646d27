//! Ctrl-C and SIGTERM: the first signal cancels the running command and waits, within a
//! bound, for its cleanup (aborting a multipart upload, removing a half-written
//! download); a second signal quits at once.

use std::future::Future;
use std::time::Duration;

use libcloud::core::cleanup;
use libcloud::{Error, Result};

/// Longest wait for cleanup after the first signal.
pub const CLEANUP_LIMIT: Duration = Duration::from_secs(10);

/// The exit code after an interruption, as shells report a Ctrl-C.
pub const INTERRUPTED_EXIT: u8 = 130;

/// What ended the run.
pub enum Outcome {
    /// The command finished, well or not.
    Finished(Result<()>),
    /// A signal cancelled it; its cleanup ran.
    Interrupted,
}

/// Runs `command` until it finishes or a signal arrives. Either way, cleanup the
/// command left running detached is given up to [`CLEANUP_LIMIT`] to finish before this
/// returns; a second signal during that wait exits the process at once.
pub async fn run_until_signal(command: impl Future<Output = Result<()>>) -> Outcome {
    let mut command = Box::pin(command);
    let signal = Box::pin(next_signal());
    let outcome = match futures::future::select(command.as_mut(), signal).await {
        futures::future::Either::Left((result, _)) => Outcome::Finished(result),
        futures::future::Either::Right((received, _)) => {
            drop(command);
            if let Err(e) = received {
                return Outcome::Finished(Err(e));
            }
            if cleanup::in_flight() > 0 {
                say(&format!(
                    "libcloud: interrupted; cleaning up for up to {} s (interrupt again to quit now)",
                    CLEANUP_LIMIT.as_secs()
                ));
            }
            Outcome::Interrupted
        }
    };
    if cleanup::in_flight() > 0 {
        tokio::select! {
            left = cleanup::finish(CLEANUP_LIMIT) => {
                if left > 0 {
                    say(&format!("libcloud: {left} cleanup task(s) did not finish in time"));
                }
            }
            _ = next_signal() => std::process::exit(i32::from(INTERRUPTED_EXIT)),
        }
    }
    outcome
}

/// A line on stderr; a closed stderr (the terminal gone, a reader that stopped) is no
/// reason to fail the cleanup.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// The next SIGINT or SIGTERM (Ctrl-C elsewhere).
async fn next_signal() -> Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let listen =
            |kind: SignalKind| signal(kind).map_err(|e| Error::io("cannot listen for signals", e));
        let mut interrupt = listen(SignalKind::interrupt())?;
        let mut terminate = listen(SignalKind::terminate())?;
        tokio::select! {
            _ = interrupt.recv() => Ok(()),
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c()
            .await
            .map_err(|e| Error::io("cannot listen for Ctrl-C", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcloud::ErrorKind;

    #[tokio::test]
    async fn a_finished_command_returns_its_result() {
        match run_until_signal(async { Err(Error::not_found("x")) }).await {
            Outcome::Finished(Err(e)) => assert_eq!(e.kind(), ErrorKind::NotFound),
            _ => panic!("expected the command's own error"),
        }
    }
}
