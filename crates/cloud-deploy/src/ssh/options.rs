//! What a connection needs: user, identity, known_hosts, timeouts, output limits.

use std::path::PathBuf;
use std::time::Duration;

use crate::auth::{Identity, PassphraseSource};
use crate::output::DEFAULT_OUTPUT_LIMIT;

/// Options of an [`SshClient`](super::SshClient).
#[derive(Debug, Clone)]
pub struct SshOptions {
    /// The user to log in as.
    pub user: String,
    /// How to authenticate.
    pub identity: Identity,
    /// Where an encrypted key's passphrase comes from.
    pub passphrase: PassphraseSource,
    /// The known_hosts file host keys are checked against (default `~/.ssh/known_hosts`).
    pub known_hosts: PathBuf,
    /// Record an unknown host key instead of refusing it (a changed key is refused
    /// either way).
    pub accept_new_host_key: bool,
    /// Bounds the TCP connection, the server's banner, the key exchange and the
    /// authentication together.
    pub connect_timeout: Duration,
    /// Bounds each step (command, script, upload).
    pub step_timeout: Duration,
    /// How many bytes of stdout and of stderr a step keeps (the tail).
    pub output_limit: usize,
    /// Refuse every address that is not loopback (tests); on by default when
    /// `LIBCLOUD_LOOPBACK_ONLY` is `1`.
    pub loopback_only: bool,
}

impl SshOptions {
    /// Options for `user` with `identity`: `~/.ssh/known_hosts`, unknown host keys
    /// refused, a 30 s connect timeout, a 10 minute step timeout, 64 KiB of output kept
    /// per stream, passphrases from [`PASSPHRASE_ENV`](crate::PASSPHRASE_ENV) or the
    /// terminal, and loopback addresses only when `LIBCLOUD_LOOPBACK_ONLY` is `1`.
    pub fn new(user: impl Into<String>, identity: Identity) -> Self {
        SshOptions {
            user: user.into(),
            identity,
            passphrase: PassphraseSource::default(),
            known_hosts: default_known_hosts(),
            accept_new_host_key: false,
            connect_timeout: Duration::from_secs(30),
            step_timeout: Duration::from_secs(600),
            output_limit: DEFAULT_OUTPUT_LIMIT,
            loopback_only: super::guard::loopback_only_from_env(),
        }
    }
}

/// `$HOME/.ssh/known_hosts`, or `.ssh/known_hosts` when `HOME` is unset.
fn default_known_hosts() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    home.join(".ssh").join("known_hosts")
}
