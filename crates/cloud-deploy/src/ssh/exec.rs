//! Running one command on a channel of its own.

use cloud_core::Result;
use russh::ChannelMsg;
use russh::client::Handle;

use super::handler::Handler;
use crate::errors::transport;
use crate::output::BoundedOutput;

/// What a command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandOutput {
    /// Its exit status; `None` when it was killed by a signal or the server said
    /// nothing.
    pub exit_status: Option<u32>,
    /// The signal that ended it, when one did.
    pub signal: Option<String>,
    /// The tail of its standard output.
    pub stdout: BoundedOutput,
    /// The tail of its standard error.
    pub stderr: BoundedOutput,
}

impl CommandOutput {
    /// Whether it exited with status 0.
    pub fn success(&self) -> bool {
        self.exit_status == Some(0)
    }
}

/// Runs `command` on a new session channel and collects its output and exit status.
pub(super) async fn run_command(
    handle: &Handle<Handler>,
    command: &str,
    limit: usize,
) -> Result<CommandOutput> {
    let failed = |e: russh::Error| transport("exec", "running a command", e);
    let mut channel = handle.channel_open_session().await.map_err(failed)?;
    channel.exec(true, command).await.map_err(failed)?;
    let mut output = CommandOutput {
        exit_status: None,
        signal: None,
        stdout: BoundedOutput::new(limit),
        stderr: BoundedOutput::new(limit),
    };
    while let Some(message) = channel.wait().await {
        match message {
            ChannelMsg::Data { data } => output.stdout.push(&data),
            ChannelMsg::ExtendedData { data, ext: 1 } => output.stderr.push(&data),
            ChannelMsg::ExitStatus { exit_status } => output.exit_status = Some(exit_status),
            ChannelMsg::ExitSignal { signal_name, .. } => {
                output.signal = Some(format!("{signal_name:?}"));
            }
            _ => {}
        }
    }
    Ok(output)
}
