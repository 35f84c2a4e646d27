//! A managed identity: the token of the Azure resource the program runs on, from the
//! Instance Metadata Service (virtual machines) or the App Service identity endpoint
//! (`IDENTITY_ENDPOINT` and `IDENTITY_HEADER`). Tried only when nothing else is
//! configured, and never under the loopback guard unless the endpoint is a loopback
//! stand-in.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use cloud_core::auth::{AccessToken, TokenSource};
use cloud_core::http::{Endpoint, HttpClient, HttpRequest, Method, NoAuth, is_loopback_host};
use cloud_core::{Clock, Error, ErrorKind, Result, Secret};
use url::Url;

use crate::context::AzureContext;
use crate::error_answer::AadErrorParser;
use crate::specs::{
    APP_SERVICE_API_VERSION, ENV_IDENTITY_ENDPOINT, IMDS_API_VERSION, IMDS_TOKEN_URL,
};
use crate::token_answer::parse_token_answer;

/// Longest wait for a connection to IMDS: off Azure nothing answers there, and the
/// caller should hear so quickly.
pub const MANAGED_IDENTITY_CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// Longest wait for one managed identity token request.
pub const MANAGED_IDENTITY_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Which managed identity endpoint is asked.
#[derive(Clone)]
pub enum IdentityEndpoint {
    /// The Instance Metadata Service (header `Metadata: true`).
    Imds,
    /// App Service's endpoint (`IDENTITY_ENDPOINT`), with the `IDENTITY_HEADER` value
    /// sent as `X-IDENTITY-HEADER`.
    AppService {
        /// The endpoint.
        endpoint: Url,
        /// The header value.
        header: Secret,
    },
}

impl fmt::Debug for IdentityEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdentityEndpoint::Imds => f.write_str("Imds"),
            IdentityEndpoint::AppService { endpoint, .. } => f
                .debug_struct("AppService")
                .field("endpoint", &endpoint.as_str())
                .finish_non_exhaustive(),
        }
    }
}

/// The resource a managed identity endpoint takes for `scope`: the scope without
/// `.default` (`https://management.azure.com/.default` → `https://management.azure.com/`).
pub fn resource_of(scope: &str) -> &str {
    let scope = scope.trim();
    scope.strip_suffix(".default").unwrap_or(scope)
}

/// Asks the managed identity endpoint for a token on every fetch.
#[derive(Debug, Clone)]
pub struct ManagedIdentitySource {
    which: IdentityEndpoint,
    url: Url,
    /// The sources looked at before this one, for the error when it fails too.
    tried: Vec<String>,
    /// Why the endpoint is not asked (the guard), decided when the source was built.
    refused: Option<String>,
    client: Option<HttpClient>,
    clock: Arc<dyn Clock>,
}

impl ManagedIdentitySource {
    /// The endpoint `which`, asked for a token of `scope` (for the user-assigned
    /// identity `client_id`, when given); `tried` names the sources already looked at,
    /// for the error message.
    pub fn new(
        provider: &str,
        ctx: &AzureContext,
        which: IdentityEndpoint,
        scope: &str,
        client_id: Option<&str>,
        tried: Vec<String>,
    ) -> Result<Self> {
        let (mut url, api_version) = match &which {
            IdentityEndpoint::Imds => (imds_url()?, IMDS_API_VERSION),
            IdentityEndpoint::AppService { endpoint, .. } => {
                (endpoint.clone(), APP_SERVICE_API_VERSION)
            }
        };
        url.query_pairs_mut()
            .append_pair("api-version", api_version)
            .append_pair("resource", resource_of(scope));
        if let Some(id) = client_id {
            url.query_pairs_mut().append_pair("client_id", id);
        }
        let refused = (ctx.loopback_only() && !is_loopback_host(&url)).then(|| {
            format!(
                "not asked: the loopback guard (http.loopback_only or LIBCLOUD_LOOPBACK_ONLY=1) \
                 refused the non-loopback host {}",
                url.host_str().unwrap_or("?")
            )
        });
        let client = match refused {
            Some(_) => None,
            None => Some(client(provider, ctx, &url)?),
        };
        Ok(ManagedIdentitySource {
            which,
            url,
            tried,
            refused,
            client,
            clock: ctx.clock(),
        })
    }

    /// The token URL asked.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Whether the loopback guard keeps this source from asking.
    pub fn is_refused(&self) -> bool {
        self.refused.is_some()
    }

    fn origin(&self) -> String {
        let mut shown = self.url.clone();
        shown.set_query(None);
        match self.which {
            IdentityEndpoint::Imds => format!("the managed identity endpoint (IMDS) {shown}"),
            IdentityEndpoint::AppService { .. } => {
                format!("the managed identity endpoint ({ENV_IDENTITY_ENDPOINT}) {shown}")
            }
        }
    }

    /// The error for an endpoint that gave no token: what was tried, and why this
    /// failed.
    fn failed(&self, kind: ErrorKind, why: &str) -> Error {
        let mut tried = self.tried.join("; ");
        if !tried.is_empty() {
            tried.push_str("; ");
        }
        Error::new(
            kind,
            format!(
                "no Azure credentials found: tried {tried}{}: {why}",
                self.origin()
            ),
        )
    }

    async fn ask(&self, client: &HttpClient) -> Result<AccessToken> {
        let request = HttpRequest::new("managed_identity_token", Method::GET, self.url.clone());
        let request = match &self.which {
            IdentityEndpoint::Imds => request.header("metadata", "true"),
            IdentityEndpoint::AppService { header, .. } => {
                request.header("x-identity-header", header.expose())
            }
        };
        let answer = client.send(request).await?;
        let token = parse_token_answer(&answer.body, &self.origin())?;
        Ok(token.into_access_token(self.clock.now()))
    }
}

fn imds_url() -> Result<Url> {
    Url::parse(IMDS_TOKEN_URL).map_err(|e| {
        Error::new(
            ErrorKind::Configuration,
            format!("the IMDS address {IMDS_TOKEN_URL}: {e}"),
        )
    })
}

/// The client of a managed identity endpoint: the context's HTTP settings with short
/// timeouts and few retries.
fn client(provider: &str, ctx: &AzureContext, url: &Url) -> Result<HttpClient> {
    let mut http = ctx.http_config();
    http.connect_timeout = http.connect_timeout.min(MANAGED_IDENTITY_CONNECT_TIMEOUT);
    http.request_timeout = http.request_timeout.min(MANAGED_IDENTITY_REQUEST_TIMEOUT);
    http.retry.max_attempts = http.retry.max_attempts.min(3);
    http.retry.budget = http.retry.budget.min(Duration::from_secs(15));
    let mut base = url.clone();
    base.set_path("/");
    base.set_query(None);
    let mut shown = url.clone();
    shown.set_query(None);
    HttpClient::new(
        provider,
        Endpoint::overridden(base)?,
        http,
        Arc::new(NoAuth),
        Arc::new(AadErrorParser::new(format!(
            "the managed identity endpoint {shown}"
        ))),
    )
}

#[async_trait]
impl TokenSource for ManagedIdentitySource {
    async fn fetch(&self) -> Result<AccessToken> {
        if let Some(why) = &self.refused {
            return Err(self.failed(ErrorKind::Configuration, why));
        }
        let Some(client) = &self.client else {
            return Err(self.failed(ErrorKind::Configuration, "no client"));
        };
        self.ask(client).await.map_err(|e| {
            let kind = match e.kind() {
                ErrorKind::MalformedResponse => ErrorKind::MalformedResponse,
                _ => ErrorKind::InvalidCredentials,
            };
            self.failed(kind, e.message())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resource_is_the_scope_without_default() {
        assert_eq!(
            resource_of("https://management.azure.com/.default"),
            "https://management.azure.com/"
        );
        assert_eq!(
            resource_of("https://storage.azure.com/.default"),
            "https://storage.azure.com/"
        );
        assert_eq!(
            resource_of("https://vault.azure.net"),
            "https://vault.azure.net"
        );
    }
}
