//! Who we are to the server: a private key file (decrypted with a passphrase when
//! needed) or an SSH agent.

mod key_file;
mod passphrase;

use std::path::PathBuf;
use std::sync::Arc;

use russh::keys::PrivateKey;

pub(crate) use key_file::load_key;
pub use passphrase::{PASSPHRASE_ENV, PassphrasePrompt, PassphraseSource};

/// How to authenticate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// An OpenSSH (or PEM) private key file: ed25519, RSA or ECDSA, encrypted or not.
    KeyFile(PathBuf),
    /// The keys of the SSH agent at this socket, or at `SSH_AUTH_SOCK` when `None`.
    Agent(Option<PathBuf>),
}

impl Identity {
    /// The key file when one is given, else the agent when `SSH_AUTH_SOCK` is set in
    /// `env`; `None` when neither is available.
    pub fn key_file_or_agent(
        key_file: Option<PathBuf>,
        env: &dyn cloud_core::env::Env,
    ) -> Option<Identity> {
        match key_file {
            Some(path) => Some(Identity::KeyFile(path)),
            None => env
                .var("SSH_AUTH_SOCK")
                .filter(|s| !s.is_empty())
                .map(|s| Identity::Agent(Some(PathBuf::from(s)))),
        }
    }
}

/// An identity ready to use: the key decrypted once, or where the agent is.
#[derive(Clone)]
pub(crate) enum Loaded {
    /// A private key (its `Debug` is never printed).
    Key {
        /// The key.
        key: Arc<PrivateKey>,
        /// The file it came from, for messages.
        path: PathBuf,
    },
    /// The agent at this socket (`None`: `SSH_AUTH_SOCK`).
    Agent(Option<PathBuf>),
}

impl std::fmt::Debug for Loaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Loaded::Key { path, .. } => f.debug_tuple("Key").field(path).finish(),
            Loaded::Agent(socket) => f.debug_tuple("Agent").field(socket).finish(),
        }
    }
}

impl Loaded {
    /// Loads `identity`, asking `passphrase` for an encrypted key's passphrase.
    pub(crate) fn load(
        identity: &Identity,
        passphrase: &PassphraseSource,
    ) -> cloud_core::Result<Loaded> {
        match identity {
            Identity::KeyFile(path) => Ok(Loaded::Key {
                key: Arc::new(load_key(path, passphrase)?),
                path: path.clone(),
            }),
            Identity::Agent(socket) => Ok(Loaded::Agent(socket.clone())),
        }
    }

    /// `key FILE` or `the SSH agent`, for messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Loaded::Key { path, .. } => format!("key {}", path.display()),
            Loaded::Agent(Some(socket)) => format!("the SSH agent at {}", socket.display()),
            Loaded::Agent(None) => "the SSH agent".to_string(),
        }
    }
}
