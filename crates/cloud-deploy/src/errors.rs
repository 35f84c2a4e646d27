//! The errors of this crate: [`cloud_core::Error`]s of provider `ssh`, with a code for
//! the failures a caller may want to tell apart.

use cloud_core::{Error, ErrorKind};

/// The provider name every error of this crate carries.
pub const PROVIDER_ID: &str = "ssh";

/// The codes errors of this crate carry (see [`Error::code`]).
pub mod codes {
    /// The server's host key is not in the known_hosts file.
    pub const HOST_KEY_UNKNOWN: &str = "HostKeyUnknown";
    /// The server's host key differs from the one recorded for the host.
    pub const HOST_KEY_CHANGED: &str = "HostKeyChanged";
    /// The server refused every key offered.
    pub const AUTH_FAILED: &str = "AuthFailed";
    /// The private key is encrypted and no passphrase was available.
    pub const PASSPHRASE_NEEDED: &str = "PassphraseNeeded";
    /// A deployment step exited with a non-zero status or failed.
    pub const STEP_FAILED: &str = "StepFailed";
}

/// An error of `kind` for `operation`.
pub(crate) fn ssh_error(kind: ErrorKind, operation: &str, message: impl Into<String>) -> Error {
    Error::new(kind, message)
        .with_provider(PROVIDER_ID)
        .with_operation(operation)
}

/// A transport error from the SSH library, for `operation` on `what`.
pub(crate) fn transport(operation: &str, what: &str, err: impl std::fmt::Display) -> Error {
    ssh_error(ErrorKind::Transport, operation, format!("{what}: {err}"))
}
