//! An authenticated connection: commands and uploads over it.

use std::path::Path;
use std::sync::Arc;

use cloud_core::Result;
use russh::client::Handle;

use super::exec::{CommandOutput, run_command};
use super::handler::Handler;
use super::options::SshOptions;
use super::target::SshTarget;
use super::upload::upload_file;
use crate::errors::transport;

/// An open, authenticated SSH connection. Several commands or uploads may run on it at
/// once, each on a channel of its own.
pub struct SshSession {
    handle: Handle<Handler>,
    target: SshTarget,
    options: Arc<SshOptions>,
}

impl std::fmt::Debug for SshSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SshSession")
            .field("target", &self.target)
            .field("user", &self.options.user)
            .finish()
    }
}

impl SshSession {
    pub(super) fn new(
        handle: Handle<Handler>,
        target: SshTarget,
        options: Arc<SshOptions>,
    ) -> Self {
        SshSession {
            handle,
            target,
            options,
        }
    }

    /// Where it is connected.
    pub fn target(&self) -> &SshTarget {
        &self.target
    }

    /// Runs `command` through the remote user's shell and waits for it to end,
    /// keeping the tail of its stdout and stderr (the client's output limit each).
    /// A non-zero exit is not an error here: see [`CommandOutput::exit_status`].
    pub async fn exec(&self, command: &str) -> Result<CommandOutput> {
        run_command(&self.handle, command, self.options.output_limit).await
    }

    /// Copies the local file `local` to `remote` over SFTP in bounded chunks, creating
    /// missing remote folders, and sets the remote file's mode to `mode`, or to the
    /// local file's permission bits when `None`. Returns the bytes copied.
    pub async fn upload(&self, local: &Path, remote: &str, mode: Option<u32>) -> Result<u64> {
        upload_file(&self.handle, local, remote, mode).await
    }

    /// Writes `data` to `remote` over SFTP with `mode`, creating missing folders.
    pub async fn write_file(&self, remote: &str, data: &[u8], mode: u32) -> Result<()> {
        super::upload::write_bytes(&self.handle, remote, data, mode).await
    }

    /// Says goodbye to the server and closes the connection.
    pub async fn close(self) -> Result<()> {
        self.handle
            .disconnect(russh::Disconnect::ByApplication, "", "en")
            .await
            .map_err(|e| transport("close", &format!("closing {}", self.target), e))
    }
}
