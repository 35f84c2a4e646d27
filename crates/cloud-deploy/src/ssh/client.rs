//! The client: options and a loaded identity, opening authenticated sessions.

use std::sync::{Arc, Mutex};

use cloud_core::{Error, ErrorKind, Result};
use russh::client::{AuthResult, Handle};
use russh::keys::PrivateKeyWithHashAlg;
#[cfg(unix)]
use russh::keys::agent::AgentIdentity;
#[cfg(unix)]
use russh::keys::agent::client::AgentClient;
use russh::keys::ssh_key::HashAlg;

use super::handler::Handler;
use super::options::SshOptions;
use super::session::SshSession;
use super::target::SshTarget;
use crate::auth::Loaded;
use crate::errors::{codes, ssh_error, transport};
use crate::known_hosts::{KnownHosts, describe};

/// An SSH client: options and a loaded identity (an encrypted key is decrypted once,
/// here), shared by every connection it opens. Cheap to clone.
#[derive(Debug, Clone)]
pub struct SshClient {
    options: Arc<SshOptions>,
    identity: Loaded,
    config: Arc<russh::client::Config>,
}

impl SshClient {
    /// A client with `options`, loading its identity now.
    ///
    /// Fails when the key file cannot be read, is encrypted without a passphrase at
    /// hand (`InvalidCredentials`, code `PassphraseNeeded`), or the passphrase is wrong.
    pub fn new(options: SshOptions) -> Result<Self> {
        let identity = Loaded::load(&options.identity, &options.passphrase)?;
        let config = russh::client::Config {
            nodelay: true,
            ..russh::client::Config::default()
        };
        Ok(SshClient {
            options: Arc::new(options),
            identity,
            config: Arc::new(config),
        })
    }

    /// The options.
    pub fn options(&self) -> &SshOptions {
        &self.options
    }

    /// Connects to `target`, checks its host key and authenticates, all within the
    /// connect timeout.
    ///
    /// Errors (provider `ssh`, operation `connect`): `Transport` when the connection
    /// fails, `Timeout` when the timeout passes (a server that never sends its banner
    /// included), `PermissionDenied` with code `HostKeyUnknown` or `HostKeyChanged`
    /// for a refused host key, `InvalidCredentials` with code `AuthFailed` when the
    /// server refuses the identity, `InvalidInput` for an address that is not loopback
    /// when [`SshOptions::loopback_only`] is on.
    pub async fn connect(&self, target: &SshTarget) -> Result<SshSession> {
        super::guard::check_target(target, self.options.loopback_only, "connect")?;
        let refusal = Arc::new(Mutex::new(None));
        let attempt = self.connect_within(target, refusal.clone());
        let limit = self.options.connect_timeout;
        let outcome = match tokio::time::timeout(limit, attempt).await {
            Ok(outcome) => outcome,
            Err(_) => Err(ssh_error(
                ErrorKind::Timeout,
                "connect",
                format!(
                    "{target} did not complete the SSH banner, key exchange and authentication within {limit:?}"
                ),
            )),
        };
        let handle = outcome.map_err(|err| take_refusal(&refusal).unwrap_or(err))?;
        Ok(SshSession::new(
            handle,
            target.clone(),
            self.options.clone(),
        ))
    }

    async fn connect_within(
        &self,
        target: &SshTarget,
        refusal: Arc<Mutex<Option<Error>>>,
    ) -> Result<Handle<Handler>> {
        let tcp = tokio::net::TcpStream::connect((target.host.as_str(), target.port))
            .await
            .map_err(|e| {
                ssh_error(
                    ErrorKind::Transport,
                    "connect",
                    format!("cannot connect to {target}: {e}"),
                )
            })?;
        let handler = Handler {
            known_hosts: KnownHosts::new(&self.options.known_hosts),
            host: target.host.clone(),
            port: target.port,
            accept_new: self.options.accept_new_host_key,
            refusal: refusal.clone(),
        };
        let mut handle = russh::client::connect_stream(self.config.clone(), tcp, handler)
            .await
            .map_err(|e| transport("connect", &format!("SSH with {target} failed"), e))?;
        match self.authenticate(&mut handle, target).await {
            Ok(()) => Ok(handle),
            Err(err) => Err(take_refusal(&refusal).unwrap_or(err)),
        }
    }

    async fn authenticate(&self, handle: &mut Handle<Handler>, target: &SshTarget) -> Result<()> {
        let user = self.options.user.clone();
        let failed = |e: &dyn std::fmt::Display| {
            transport(
                "connect",
                &format!("authenticating with {target} failed"),
                e,
            )
        };
        let accepted = match &self.identity {
            Loaded::Key { key, .. } => {
                let hash = self.rsa_hash(handle, key.algorithm().is_rsa()).await;
                let key = PrivateKeyWithHashAlg::new(key.clone(), hash);
                let result = handle
                    .authenticate_publickey(user.clone(), key)
                    .await
                    .map_err(|e| failed(&e))?;
                matches!(result, AuthResult::Success)
            }
            Loaded::Agent(socket) => {
                self.authenticate_with_agent(handle, socket.as_deref(), target)
                    .await?
            }
        };
        if accepted {
            return Ok(());
        }
        let offered = match &self.identity {
            Loaded::Key { key, .. } => {
                format!(
                    "{} ({})",
                    self.identity.describe(),
                    describe(key.public_key())
                )
            }
            Loaded::Agent(_) => format!("the keys of {}", self.identity.describe()),
        };
        Err(ssh_error(
            ErrorKind::InvalidCredentials,
            "connect",
            format!("{target} refused user {user} with {offered}"),
        )
        .with_code(codes::AUTH_FAILED))
    }

    #[cfg(not(unix))]
    async fn authenticate_with_agent(
        &self,
        _handle: &mut Handle<Handler>,
        _socket: Option<&std::path::Path>,
        _target: &SshTarget,
    ) -> Result<bool> {
        Err(ssh_error(
            ErrorKind::Unsupported,
            "connect",
            "SSH agents are supported on Unix only",
        ))
    }

    #[cfg(unix)]
    async fn authenticate_with_agent(
        &self,
        handle: &mut Handle<Handler>,
        socket: Option<&std::path::Path>,
        target: &SshTarget,
    ) -> Result<bool> {
        let unreachable = |e: &dyn std::fmt::Display| {
            ssh_error(
                ErrorKind::Configuration,
                "connect",
                format!("cannot use {}: {e}", self.identity.describe()),
            )
        };
        let mut agent = match socket {
            Some(path) => AgentClient::connect_uds(path).await,
            None => AgentClient::connect_env().await,
        }
        .map_err(|e| unreachable(&e))?;
        let identities = agent
            .request_identities()
            .await
            .map_err(|e| unreachable(&e))?;
        for identity in identities {
            let AgentIdentity::PublicKey { key, .. } = identity else {
                continue;
            };
            let hash = self.rsa_hash(handle, key.algorithm().is_rsa()).await;
            let result = handle
                .authenticate_publickey_with(self.options.user.clone(), key, hash, &mut agent)
                .await;
            match result {
                Ok(AuthResult::Success) => return Ok(true),
                Ok(AuthResult::Failure { .. }) => {}
                Err(e) => {
                    if handle.is_closed() {
                        return Err(transport(
                            "connect",
                            &format!("authenticating with {target} failed"),
                            e,
                        ));
                    }
                }
            }
        }
        Ok(false)
    }

    /// The RSA signature hash the server takes best, for an RSA key.
    async fn rsa_hash(&self, handle: &Handle<Handler>, is_rsa: bool) -> Option<HashAlg> {
        if !is_rsa {
            return None;
        }
        match handle.best_supported_rsa_hash().await {
            Ok(Some(best)) => best,
            _ => Some(HashAlg::Sha256),
        }
    }
}

fn take_refusal(slot: &Mutex<Option<Error>>) -> Option<Error> {
    slot.lock().ok().and_then(|mut s| s.take())
}
