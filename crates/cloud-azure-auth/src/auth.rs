//! [`AzureAuth`]: the token cache over the credentials a configuration names, and the
//! cloud they are for.

use std::sync::Arc;

use cloud_core::auth::{TokenCache, TokenSource};
use cloud_core::{ProviderConfig, Result};

use crate::cloud::{AzureCloud, cloud_of};
use crate::context::AzureContext;
use crate::resolve::resolve;

/// Azure AD credentials resolved from a configuration: nothing is sent until a token is
/// needed.
#[derive(Debug, Clone)]
pub struct AzureAuth {
    cache: TokenCache,
    cloud: AzureCloud,
}

impl AzureAuth {
    /// The credentials `config` names for provider `provider`, for tokens of `scope`
    /// (`https://management.azure.com/.default`, `https://storage.azure.com/.default`).
    /// Reads settings and files; sends nothing. Errors: an unknown cloud, an authority
    /// host that is not https (or loopback http), a client secret or certificate
    /// without its tenant or client id, an unreadable or unusable certificate.
    pub fn from_config(
        provider: &'static str,
        config: &ProviderConfig,
        scope: &'static str,
    ) -> Result<AzureAuth> {
        Self::from_context(provider, config, &AzureContext::from_config(config), scope)
    }

    /// [`from_config`](AzureAuth::from_config) reading the environment, guard and
    /// clock from `ctx` (tests pass a fixed clock).
    pub fn from_context(
        provider: &'static str,
        config: &ProviderConfig,
        ctx: &AzureContext,
        scope: &'static str,
    ) -> Result<AzureAuth> {
        let cloud = cloud_of(provider, config)?;
        let resolved = resolve(provider, config, ctx, &cloud, scope)?;
        tracing::debug!(
            provider,
            cloud = cloud.name,
            credentials = %resolved.description,
            "azure credentials resolved"
        );
        let cache = TokenCache::new(resolved.source).with_clock(ctx.clock());
        Ok(AzureAuth::from_parts(cache, cloud))
    }

    /// Credentials from ready parts: a token cache (over any [`TokenSource`]) and the
    /// cloud. For tests of the drivers, and for callers with their own token source.
    pub fn from_parts(cache: TokenCache, cloud: AzureCloud) -> AzureAuth {
        AzureAuth { cache, cloud }
    }

    /// Credentials handing out `source`'s tokens through a new cache, for `cloud`.
    pub fn from_source(source: Arc<dyn TokenSource>, cloud: AzureCloud) -> AzureAuth {
        AzureAuth::from_parts(TokenCache::new(source), cloud)
    }

    /// The token cache to sign requests with (`TokenSigner::bearer`).
    pub fn token_cache(&self) -> TokenCache {
        self.cache.clone()
    }

    /// The cloud the credentials are for.
    pub fn cloud(&self) -> &AzureCloud {
        &self.cloud
    }
}
