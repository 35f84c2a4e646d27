//! Identity: what to log in with ([`AuthConfig`], from the caller's settings,
//! `clouds.yaml` and the `OS_*` variables), the login itself (Keystone v3,
//! [`KeystoneLogin`]; or the v2.0 API, [`KeystoneV2Login`], which Rackspace speaks), and
//! the session's token cache and catalog ([`Identity`]).

mod answer;
mod auth_config;
pub mod clouds_yaml;
mod latest;
mod login;
mod request;
mod v2;

use std::sync::Arc;
use std::time::Duration;

use cloud_core::auth::{TokenCache, TokenSigner, TokenSource};
use cloud_core::catalog::{Catalog, EndpointQuery, Interface};
use cloud_core::http::Endpoint;
use cloud_core::{Error, ErrorKind, ProviderConfig, Result};

pub use answer::{LoginAnswer, parse_login};
pub use auth_config::{AuthConfig, AuthMethod, DEFAULT_DOMAIN, DomainRef, Named};
pub use login::KeystoneLogin;
pub use request::login_body;
pub use v2::{KeystoneV2Login, V2Auth, V2Credentials, parse_v2_login, v2_login_body};

/// A login whose answers carry a service catalog: what [`Identity`] needs of it.
pub trait CatalogLogin: TokenSource + std::fmt::Debug {
    /// The provider id errors name.
    fn provider(&self) -> &'static str;
    /// The identity endpoint (catalog URLs are judged against it).
    fn identity_endpoint(&self) -> &Endpoint;
    /// The region asked for, if any.
    fn region(&self) -> Option<&str>;
    /// The catalog interface asked for.
    fn interface(&self) -> Interface;
    /// The latest successful login's answer, when there was one.
    fn latest(&self) -> Option<Arc<LoginAnswer>>;
}

/// How long before a token expires it is replaced.
const REFRESH_AHEAD: Duration = Duration::from_secs(300);

/// A session's identity: the token cache every service client signs with, and the
/// catalog of the first login. Nothing is sent until a service is first used.
#[derive(Debug, Clone)]
pub struct Identity {
    login: Arc<dyn CatalogLogin>,
    cache: TokenCache,
    /// Catalog service names to look services up by, per service type, for catalogs
    /// that list several services of one type.
    names: Arc<Vec<(String, String)>>,
}

impl Identity {
    /// The identity `config` describes (see [`AuthConfig::from_config`]): settings that
    /// are missing or wrong fail here; the login itself happens at the first request.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        let auth = AuthConfig::from_config(config)?;
        Ok(Identity::with_login(Arc::new(KeystoneLogin::new(
            config, auth,
        )?)))
    }

    /// The identity of any catalog login (a v2.0 one, say).
    pub fn with_login(login: Arc<dyn CatalogLogin>) -> Self {
        let source: Arc<dyn TokenSource> = login.clone();
        let cache = TokenCache::new(source).with_refresh_ahead(REFRESH_AHEAD);
        Identity {
            login,
            cache,
            names: Arc::new(Vec::new()),
        }
    }

    /// Looks each service type of `names` up by the catalog name paired with it
    /// (`("compute", "cloudServersOpenStack")`) instead of by type.
    pub fn with_service_names(mut self, names: &[(&str, &str)]) -> Self {
        self.names = Arc::new(
            names
                .iter()
                .map(|(t, n)| (t.to_string(), n.to_string()))
                .collect(),
        );
        self
    }

    /// The provider id errors name.
    pub fn provider(&self) -> &'static str {
        self.login.provider()
    }

    /// The region in use: the one asked for, else the user's default one the login
    /// answered with.
    pub fn region(&self) -> Option<String> {
        self.login
            .region()
            .map(str::to_string)
            .or_else(|| self.login.latest().and_then(|a| a.default_region.clone()))
    }

    /// The project (tenant) the token is scoped to, once logged in.
    pub fn project_id(&self) -> Option<String> {
        self.login.latest().and_then(|a| a.project_id.clone())
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
        let region = self.region();
        let interface = self.login.interface();
        let named = self.names.iter().find(|(t, _)| t == service_type);
        let query = match named {
            Some((_, name)) => EndpointQuery::service(name, region.as_deref()).named(),
            None => EndpointQuery::service(service_type, region.as_deref()),
        }
        .interface(interface);
        let provider = self.login.provider();
        catalog
            .endpoint(None, self.login.identity_endpoint(), &query)
            .map_err(|e| {
                if e.kind() == ErrorKind::Unsupported {
                    let region = region.as_deref().unwrap_or("(any)");
                    Error::new(
                        ErrorKind::Unsupported,
                        format!(
                            "the catalog of region {region} has no {service_type} service on \
                             the {} interface ({})",
                            interface.as_str(),
                            e.message()
                        ),
                    )
                    .with_provider(provider)
                } else {
                    e.with_provider(provider)
                }
            })
    }
}
