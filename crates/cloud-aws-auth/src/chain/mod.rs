//! The default credential chain, with caching and early refresh.

mod assume_role;
mod imds;
mod process;
mod sources;

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use cloud_core::{Error, ErrorKind, ProviderConfig, Result};
use tokio::sync::Mutex;

use crate::{AwsContext, Credentials, CredentialsProvider};

pub use assume_role::{STS_CONNECT_TIMEOUT, STS_TIMEOUT};
pub use imds::{DEFAULT_IMDS_ENDPOINT, IMDS_CONNECT_TIMEOUT, IMDS_TIMEOUT};
pub use process::CREDENTIAL_PROCESS_TIMEOUT;

/// Temporary credentials are replaced this long before they expire.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

/// What one source of the chain came up with.
pub(crate) enum Lookup {
    /// Credentials.
    Found(Credentials),
    /// Nothing there; the text says where it looked, for the final error.
    Nothing(String),
}

/// The standard AWS credential chain. In order:
///
/// 1. explicit credentials given to the chain;
/// 2. `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`;
/// 3. `AWS_WEB_IDENTITY_TOKEN_FILE` with `AWS_ROLE_ARN`: STS
///    `AssumeRoleWithWebIdentity` (EKS service accounts);
/// 4. the shared files (`~/.aws/credentials`, `~/.aws/config`, or the files
///    `AWS_SHARED_CREDENTIALS_FILE` / `AWS_CONFIG_FILE` name), profile from the chain,
///    else `AWS_PROFILE`, else `default`: the role its `role_arn` names (STS
///    `AssumeRoleWithWebIdentity` with its `web_identity_token_file`, else
///    `AssumeRole` with its source's credentials), else its key pair, else what its
///    `credential_process` prints;
/// 5. the EC2 instance metadata service (IMDSv2), unless
///    `AWS_EC2_METADATA_DISABLED=true`.
///
/// A source with nothing passes to the next. A misconfigured one (half a key pair, a
/// chosen profile that does not exist, a malformed file) stops the chain with an
/// `InvalidCredentials` or `Configuration` error. When no source has credentials the
/// `InvalidCredentials` error lists where the chain looked.
///
/// Results are cached. Credentials with an expiry are fetched again five minutes
/// before it; concurrent callers wait for one fetch. If a refresh fails while the
/// cached credentials are still valid, those are used.
pub struct CredentialChain {
    ctx: AwsContext,
    explicit: Option<Credentials>,
    profile: Option<String>,
    cache: Mutex<Option<Credentials>>,
}

impl fmt::Debug for CredentialChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialChain")
            .field("ctx", &self.ctx)
            .field("explicit", &self.explicit)
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

impl CredentialChain {
    /// The chain over `ctx`, with no explicit credentials and no chosen profile.
    pub fn new(ctx: AwsContext) -> Self {
        CredentialChain {
            ctx,
            explicit: None,
            profile: None,
            cache: Mutex::new(None),
        }
    }

    /// The chain for a driver's configuration: its environment
    /// ([`AwsContext::from_config`]), its profile, and explicit credentials from
    /// `credentials["access_key_id"]`, `["secret_access_key"]` and
    /// `["session_token"]`. Giving only one of the key pair is an error.
    pub fn from_provider_config(config: &ProviderConfig) -> Result<Self> {
        let get = |name: &str| config.credentials.get(name).filter(|s| !s.is_empty());
        let mut chain = CredentialChain::new(AwsContext::from_config(config));
        match (get("access_key_id"), get("secret_access_key")) {
            (Some(id), Some(secret)) => {
                let mut creds = Credentials::new(id.expose(), secret.clone());
                if let Some(token) = get("session_token") {
                    creds = creds.with_session_token(token.clone());
                }
                chain = chain.with_explicit(creds);
            }
            (None, None) => {}
            _ => {
                return Err(Error::new(
                    ErrorKind::InvalidCredentials,
                    "configure both access_key_id and secret_access_key, or neither",
                ));
            }
        }
        if let Some(profile) = &config.profile {
            chain = chain.with_profile(profile.clone());
        }
        Ok(chain)
    }

    /// Uses these credentials before any other source.
    pub fn with_explicit(mut self, credentials: Credentials) -> Self {
        self.explicit = Some(credentials);
        self
    }

    /// Reads this profile of the shared files instead of `AWS_PROFILE` / `default`.
    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    /// The context the chain reads from.
    pub fn context(&self) -> &AwsContext {
        &self.ctx
    }

    /// Walks the chain once, ignoring the cache.
    pub async fn resolve(&self) -> Result<Credentials> {
        if let Some(creds) = &self.explicit {
            return Ok(creds.clone());
        }
        let mut looked = vec!["explicit credentials (none given)".to_string()];
        // Each source is consulted only when the ones before it had nothing, so a
        // broken file cannot spoil credentials the environment already supplied.
        match sources::from_env(&self.ctx)? {
            Lookup::Found(creds) => return Ok(creds),
            Lookup::Nothing(note) => looked.push(note),
        }
        match sources::from_web_identity_env(&self.ctx).await? {
            Lookup::Found(creds) => return Ok(creds),
            Lookup::Nothing(note) => looked.push(note),
        }
        match sources::from_profile(&self.ctx, self.profile.as_deref()).await? {
            Lookup::Found(creds) => return Ok(creds),
            Lookup::Nothing(note) => looked.push(note),
        }
        match imds::from_imds(&self.ctx).await? {
            Lookup::Found(creds) => return Ok(creds),
            Lookup::Nothing(note) => looked.push(note),
        }
        Err(Error::new(
            ErrorKind::InvalidCredentials,
            format!("no credentials found; looked in: {}", looked.join("; ")),
        ))
    }
}

#[async_trait]
impl CredentialsProvider for CredentialChain {
    async fn credentials(&self) -> Result<Credentials> {
        let mut cached = self.cache.lock().await;
        let now = self.ctx.clock().now();
        if let Some(creds) = cached.as_ref()
            && !creds.expires_within(now, REFRESH_MARGIN)
        {
            return Ok(creds.clone());
        }
        match self.resolve().await {
            Ok(creds) => {
                *cached = Some(creds.clone());
                Ok(creds)
            }
            Err(error) => match cached.as_ref() {
                Some(old) if !old.expires_within(now, Duration::ZERO) => {
                    tracing::warn!(%error, "refreshing AWS credentials failed; using the current ones until they expire");
                    Ok(old.clone())
                }
                _ => Err(error),
            },
        }
    }
}
