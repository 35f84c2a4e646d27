//! Google Cloud credentials for libcloud-rs, shared by the Compute Engine and Cloud
//! Storage drivers: where the credentials come from, the OAuth2 access tokens they are
//! exchanged for (cached and refreshed through `cloud_core::auth::TokenCache`), the
//! project they name, and the key V4 signed URLs are signed with.
//!
//! The sources, in the order they are tried, are listed in the crate's README:
//! an explicit access token, an explicit service-account key or user credentials file,
//! the application-default credentials file, and the metadata server.

mod context;
mod exchange;
mod jwt;
mod key_file;
mod resolve;
mod rsa_key;
mod sources;
mod specs;
mod token_answer;

use std::sync::Arc;

use cloud_core::auth::{TokenCache, TokenSource};
use cloud_core::{ProviderConfig, Result};

pub use context::GoogleContext;
pub use exchange::{TokenEndpoint, token_url};
pub use jwt::{JWT_BEARER_GRANT, JWT_LIFETIME_SECS, assertion};
pub use key_file::{AuthorizedUser, CredentialsFile, ServiceAccountKey, parse_credentials_file};
pub use rsa_key::ServiceAccountSigner;
pub use sources::{AuthorizedUserSource, MetadataSource, ServiceAccountSource, StaticTokenSource};
pub use specs::{
    ADC_FILE_NAME, DEFAULT_TOKEN_URI, ENV_ACCESS_TOKEN, ENV_APPLICATION_CREDENTIALS,
    ENV_CLOUDSDK_CONFIG, ENV_CLOUDSDK_PROJECT, ENV_METADATA_HOST, ENV_PROJECT, GOOGLE_CREDENTIALS,
    GOOGLE_OPTIONS, METADATA_HOST, METADATA_IP, METADATA_PROJECT_PATH, METADATA_TOKEN_PATH,
};
pub use token_answer::{TokenAnswer, TokenErrorParser, parse_error_answer, parse_token_answer};

/// Signs the string-to-sign of a V4 signed URL with a service account's RSA key.
pub trait UrlSigner: Send + Sync + std::fmt::Debug {
    /// The service account's address (`name@project.iam.gserviceaccount.com`), the
    /// credential of the signed URL.
    fn client_email(&self) -> &str;

    /// The RSASSA-PKCS1-v1_5 SHA-256 signature of `data`.
    fn sign_rsa_sha256(&self, data: &[u8]) -> Result<Vec<u8>>;
}

/// Credentials resolved from a configuration: nothing is sent until a token is needed.
#[derive(Debug, Clone)]
pub struct GoogleAuth {
    cache: TokenCache,
    project_id: Option<String>,
    url_signer: Option<Arc<dyn UrlSigner>>,
    /// The metadata server, when it hands out the tokens.
    metadata: Option<Arc<MetadataSource>>,
}

impl GoogleAuth {
    /// The credentials `config` names for provider `provider` with OAuth2 `scopes`.
    /// Reads files and settings; sends nothing. Errors: a named file that is missing or
    /// malformed, a key that is not an RSA key, a token endpoint that is not https (or
    /// loopback http), an option of the wrong type.
    pub fn from_config(
        provider: &'static str,
        config: &ProviderConfig,
        scopes: &'static [&'static str],
    ) -> Result<GoogleAuth> {
        Self::from_context(
            provider,
            config,
            &GoogleContext::from_config(config),
            scopes,
        )
    }

    /// [`from_config`](GoogleAuth::from_config) reading the environment, guard and
    /// clock from `ctx` (tests pass a fixed clock).
    pub fn from_context(
        provider: &'static str,
        config: &ProviderConfig,
        ctx: &GoogleContext,
        scopes: &'static [&'static str],
    ) -> Result<GoogleAuth> {
        let resolved = resolve::resolve(provider, config, ctx, scopes)?;
        tracing::debug!(
            provider,
            credentials = %resolved.description,
            project = resolved.project_id.as_deref().unwrap_or("-"),
            "google credentials resolved"
        );
        let cache = TokenCache::new(resolved.source).with_clock(ctx.clock());
        let mut auth = GoogleAuth::from_parts(cache, resolved.project_id, resolved.url_signer);
        auth.metadata = resolved.metadata;
        Ok(auth)
    }

    /// Credentials from ready parts: a token cache (over any [`TokenSource`]), the
    /// project and the URL signer. For tests of the drivers, and for callers with their
    /// own token source.
    pub fn from_parts(
        cache: TokenCache,
        project_id: Option<String>,
        url_signer: Option<Arc<dyn UrlSigner>>,
    ) -> GoogleAuth {
        GoogleAuth {
            cache,
            project_id,
            url_signer,
            metadata: None,
        }
    }

    /// Credentials handing out `source`'s tokens through a new cache, with `project_id`
    /// and no URL signer.
    pub fn from_source(source: Arc<dyn TokenSource>, project_id: Option<String>) -> GoogleAuth {
        GoogleAuth::from_parts(TokenCache::new(source), project_id, None)
    }

    /// The token cache to sign requests with (`TokenSigner::bearer`).
    pub fn token_cache(&self) -> TokenCache {
        self.cache.clone()
    }

    /// The project the credentials or the configuration name.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// The project: the one the credentials or the configuration name, else, when the
    /// tokens come from the metadata server, the instance's project as that server
    /// tells it (asked once, then kept). `None` when neither names one; the metadata
    /// server's failure (refused under the loopback guard, unreachable) is logged and
    /// also gives `None`, so a driver can connect and say at its first call how to name
    /// a project.
    pub async fn discover_project_id(&mut self) -> Option<&str> {
        if let (None, Some(metadata)) = (&self.project_id, &self.metadata) {
            match metadata.project_id().await {
                Ok(project) => self.project_id = Some(project),
                Err(e) => tracing::debug!(error = %e, "no project from the metadata server"),
            }
        }
        self.project_id.as_deref()
    }

    /// The signer of V4 signed URLs: service-account keys only.
    pub fn url_signer(&self) -> Option<Arc<dyn UrlSigner>> {
        self.url_signer.clone()
    }
}
