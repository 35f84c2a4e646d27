//! The Azure CLI's cached access tokens (`az login`): read from its MSAL token cache
//! file on every fetch, so a token the CLI has since refreshed is picked up. The `az`
//! program is never run.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use async_trait::async_trait;
use cloud_core::auth::{AccessToken, TokenSource};
use cloud_core::{Clock, Error, ErrorKind, Result};

use crate::cli_cache::{CliLookup, CliTokenQuery, find_cli_token, parse_msal_cache};

/// Largest cache file read.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Hands out the cached token for the scope that stays valid longest.
#[derive(Debug, Clone)]
pub struct AzureCliSource {
    path: PathBuf,
    scope: String,
    tenant: Option<String>,
    environments: Vec<String>,
    clock: Arc<dyn Clock>,
}

impl AzureCliSource {
    /// A source reading the cache at `path` for tokens of `scope`, issued by `tenant`
    /// (any, when `None`) through one of the authority hosts `environments` (any, when
    /// empty).
    pub fn new(
        path: PathBuf,
        scope: impl Into<String>,
        tenant: Option<String>,
        environments: Vec<String>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        AzureCliSource {
            path,
            scope: scope.into(),
            tenant,
            environments,
            clock,
        }
    }

    /// The cache file read.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Looks in the cache now: `Ok(None)` when the file does not exist.
    pub fn look(&self) -> Result<Option<CliLookup>> {
        let origin = self.origin();
        let unreadable = |e: std::io::Error| {
            Error::new(
                ErrorKind::Configuration,
                format!("{origin} cannot be read: {e}"),
            )
        };
        let size = match std::fs::metadata(&self.path) {
            Ok(meta) => meta.len(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(unreadable(e)),
        };
        if size > MAX_FILE_BYTES {
            return Err(Error::new(
                ErrorKind::Configuration,
                format!("{origin} is {size} bytes, too large for a token cache"),
            ));
        }
        let body = std::fs::read(&self.path).map_err(unreadable)?;
        let tokens = parse_msal_cache(&body, &origin)?;
        let environments: Vec<&str> = self.environments.iter().map(String::as_str).collect();
        let query = CliTokenQuery {
            scope: &self.scope,
            tenant: self.tenant.as_deref(),
            environments: &environments,
        };
        Ok(Some(find_cli_token(&tokens, &query, self.now())))
    }

    /// How messages name the cache.
    pub fn origin(&self) -> String {
        format!("the Azure CLI token cache {}", self.path.display())
    }

    fn now(&self) -> SystemTime {
        self.clock.now()
    }
}

#[async_trait]
impl TokenSource for AzureCliSource {
    async fn fetch(&self) -> Result<AccessToken> {
        match self.look()? {
            Some(CliLookup::Found(token)) => Ok(AccessToken::new(
                token.secret,
                SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(token.expires_on),
            )),
            Some(other) => Err(Error::new(
                ErrorKind::InvalidCredentials,
                format!("{}: {}", self.origin(), other.reason(&self.scope)),
            )),
            None => Err(Error::new(
                ErrorKind::InvalidCredentials,
                format!("{} no longer exists; run az login", self.origin()),
            )),
        }
    }
}
