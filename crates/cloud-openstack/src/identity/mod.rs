//! Identity (Keystone v3): what to log in with ([`AuthConfig`], from the caller's
//! settings, `clouds.yaml` and the `OS_*` variables), the login itself
//! ([`KeystoneLogin`]), and the session's token cache and catalog ([`Identity`]).

mod answer;
mod auth_config;
pub mod clouds_yaml;
mod login;
mod request;

use std::sync::Arc;
use std::time::Duration;

use cloud_core::auth::{TokenCache, TokenSigner};
use cloud_core::catalog::{Catalog, EndpointQuery};
use cloud_core::http::Endpoint;
use cloud_core::{Error, ErrorKind, ProviderConfig, Result};

pub use answer::{LoginAnswer, parse_login};
pub use auth_config::{AuthConfig, AuthMethod, DEFAULT_DOMAIN, DomainRef, Named};
pub use login::KeystoneLogin;
pub use request::login_body;

/// How long before a token expires it is replaced.
const REFRESH_AHEAD: Duration = Duration::from_secs(300);

/// A session's identity: the token cache every service client signs with, and the
/// catalog of the first login. Nothing is sent until a service is first used.
#[derive(Debug, Clone)]
pub struct Identity {
    login: Arc<KeystoneLogin>,
    cache: TokenCache,
}

impl Identity {
    /// The identity `config` describes (see [`AuthConfig::from_config`]): settings that
    /// are missing or wrong fail here; the login itself happens at the first request.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        let auth = AuthConfig::from_config(config)?;
        let login = Arc::new(KeystoneLogin::new(config, auth)?);
        let cache = TokenCache::new(login.clone()).with_refresh_ahead(REFRESH_AHEAD);
        Ok(Identity { login, cache })
    }

    /// The service catalog, logging in first when no login has happened yet.
    pub async fn catalog(&self) -> Result<Catalog> {
        if self.login.latest().is_none() {
            self.cache.token().await?;
        }
        self.login
            .latest()
            .map(|a| a.catalog.clone())
            .ok_or_else(|| Error::new(ErrorKind::Provider, "the login gave no catalog"))
    }

    /// The signer service clients use: the token in `X-Auth-Token`, logged in again
    /// before it expires and after a 401.
    pub fn signer(&self) -> TokenSigner {
        TokenSigner::header(self.cache.clone(), "x-auth-token")
    }

    /// The endpoint of service `service_type` in the configured region and interface:
    /// `explicit` when the user set one, else the catalog's (logging in first). A
    /// catalog without it is an `Unsupported` error naming the region (`the catalog of
    /// region RegionOne has no compute service`).
    pub async fn endpoint(
        &self,
        service_type: &str,
        explicit: Option<&url::Url>,
    ) -> Result<Endpoint> {
        if let Some(url) = explicit {
            return Endpoint::overridden(url.clone());
        }
        let catalog = self.catalog().await?;
        let auth = self.login.auth();
        let query =
            EndpointQuery::service(service_type, auth.region.as_deref()).interface(auth.interface);
        catalog
            .endpoint(None, self.login.endpoint(), &query)
            .map_err(|e| {
                if e.kind() == ErrorKind::Unsupported {
                    let region = auth.region.as_deref().unwrap_or("(any)");
                    Error::new(
                        ErrorKind::Unsupported,
                        format!(
                            "the catalog of region {region} has no {service_type} service on \
                             the {} interface ({})",
                            auth.interface.as_str(),
                            e.message()
                        ),
                    )
                    .with_provider(crate::PROVIDER_ID)
                } else {
                    e.with_provider(crate::PROVIDER_ID)
                }
            })
    }
}
