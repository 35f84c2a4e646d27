//! Logging in to Keystone v3: a [`TokenSource`] for the core's token cache, which keeps
//! the latest answer's catalog for the session to pick endpoints from.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::auth::{AccessToken, TokenSource};
use cloud_core::http::{HttpClient, HttpRequest, Method, NoAuth};
use cloud_core::{Error, ProviderConfig, Result, Secret};

use super::CatalogLogin;
use super::answer::{LoginAnswer, parse_login};
use super::auth_config::AuthConfig;
use super::latest::{LatestAnswer, login_failure};
use super::request::login_body;
use crate::PROVIDER_ID;
use crate::errors::OpenStackErrorParser;

/// The header Keystone puts a new token in.
const SUBJECT_TOKEN: &str = "x-subject-token";

/// Keystone's `POST /v3/auth/tokens` with the configured credentials.
pub struct KeystoneLogin {
    http: HttpClient,
    auth: AuthConfig,
    latest: LatestAnswer,
}

impl std::fmt::Debug for KeystoneLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeystoneLogin")
            .field("auth_url", &self.auth.auth_url.as_str())
            .finish_non_exhaustive()
    }
}

impl KeystoneLogin {
    /// A login at `auth.auth_url`, sending through the pipeline with `config`'s HTTP
    /// settings. The identity endpoint is always the user's choice, so it may be plain
    /// `http://`.
    pub fn new(config: &ProviderConfig, auth: AuthConfig) -> Result<Self> {
        let endpoint = cloud_core::http::Endpoint::overridden(auth.auth_url.clone())?;
        let http = HttpClient::new(
            PROVIDER_ID,
            endpoint,
            config.http_settings()?,
            Arc::new(NoAuth),
            Arc::new(OpenStackErrorParser),
        )?;
        Ok(KeystoneLogin {
            http,
            auth,
            latest: LatestAnswer::default(),
        })
    }

    /// What was asked for.
    pub fn auth(&self) -> &AuthConfig {
        &self.auth
    }
}

impl CatalogLogin for KeystoneLogin {
    fn provider(&self) -> &'static str {
        PROVIDER_ID
    }

    fn identity_endpoint(&self) -> &cloud_core::http::Endpoint {
        self.http.endpoint()
    }

    fn region(&self) -> Option<&str> {
        self.auth.region.as_deref()
    }

    fn interface(&self) -> cloud_core::catalog::Interface {
        self.auth.interface
    }

    fn latest(&self) -> Option<Arc<LoginAnswer>> {
        self.latest.get()
    }
}

#[async_trait]
impl TokenSource for KeystoneLogin {
    async fn fetch(&self) -> Result<AccessToken> {
        let request = HttpRequest::new("login", Method::POST, self.http.url("auth/tokens"))
            .json(&login_body(&self.auth))
            .idempotent(true);
        let resp = self
            .http
            .send(request)
            .await
            .map_err(|e| login_failure(e, PROVIDER_ID, &self.auth.auth_url))?;
        let token = resp
            .header(SUBJECT_TOKEN)
            .filter(|t| !t.is_empty())
            .map(Secret::new)
            .ok_or_else(|| {
                Error::malformed("the login answer has no X-Subject-Token header")
                    .in_context(PROVIDER_ID, "login")
            })?;
        let answer = parse_login(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, "login"))?;
        let expires_at = answer.expires_at;
        self.latest.set(answer);
        Ok(AccessToken::new(token, expires_at))
    }
}
