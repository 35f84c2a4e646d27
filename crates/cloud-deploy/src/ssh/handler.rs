//! The client handler: checks the server's host key against the known_hosts file.

use std::sync::{Arc, Mutex};

use cloud_core::{Error, ErrorKind};
use russh::keys::PublicKeyOrCertificate;

use crate::errors::{codes, ssh_error};
use crate::known_hosts::{HostKeyStatus, KnownHosts, describe, host_name};

/// Checks host keys; the refusal, when there is one, is kept for the caller.
pub(super) struct Handler {
    pub(super) known_hosts: KnownHosts,
    pub(super) host: String,
    pub(super) port: u16,
    pub(super) accept_new: bool,
    /// Why the key was refused (set before the library drops the connection).
    pub(super) refusal: Arc<Mutex<Option<Error>>>,
}

impl Handler {
    fn verdict(&self, key: &PublicKeyOrCertificate) -> Result<(), Error> {
        let name = host_name(&self.host, self.port);
        let file = self.known_hosts.path().display();
        let key = match key {
            PublicKeyOrCertificate::PublicKey { key, .. } => key,
            PublicKeyOrCertificate::Certificate(_) => {
                return Err(ssh_error(
                    ErrorKind::PermissionDenied,
                    "connect",
                    format!("{name} offered a host certificate, which this client does not check"),
                ));
            }
        };
        match self.known_hosts.check(&self.host, self.port, key)? {
            HostKeyStatus::Known => Ok(()),
            HostKeyStatus::Unknown if self.accept_new => {
                self.known_hosts.record(&self.host, self.port, key)?;
                tracing::info!(host = %name, key = %describe(key), "recorded a new host key");
                Ok(())
            }
            HostKeyStatus::Unknown => Err(ssh_error(
                ErrorKind::PermissionDenied,
                "connect",
                format!(
                    "the host key of {name} ({}) is not in {file}; accept new host keys to \
                     record it",
                    describe(key)
                ),
            )
            .with_code(codes::HOST_KEY_UNKNOWN)),
            HostKeyStatus::Changed { line } => Err(ssh_error(
                ErrorKind::PermissionDenied,
                "connect",
                format!(
                    "the host key of {name} ({}) differs from the one recorded in {file} \
                     line {line}: refusing to connect",
                    describe(key)
                ),
            )
            .with_code(codes::HOST_KEY_CHANGED)),
            HostKeyStatus::Revoked { line } => Err(ssh_error(
                ErrorKind::PermissionDenied,
                "connect",
                format!(
                    "the host key of {name} ({}) is revoked in {file} line {line}",
                    describe(key)
                ),
            )
            .with_code(codes::HOST_KEY_CHANGED)),
        }
    }
}

impl russh::client::Handler for Handler {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        server_public_key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        match self.verdict(server_public_key) {
            Ok(()) => Ok(true),
            Err(err) => {
                if let Ok(mut slot) = self.refusal.lock() {
                    *slot = Some(err);
                }
                Ok(false)
            }
        }
    }
}
