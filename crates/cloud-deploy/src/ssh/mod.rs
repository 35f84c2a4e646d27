//! The SSH client: where to connect, with which options, the host-key check, the
//! connection, commands and SFTP uploads.

mod client;
mod exec;
pub(crate) mod guard;
mod handler;
mod options;
mod session;
mod target;
mod upload;

pub use client::SshClient;
pub use exec::CommandOutput;
pub use options::SshOptions;
pub use session::SshSession;
pub use target::SshTarget;
