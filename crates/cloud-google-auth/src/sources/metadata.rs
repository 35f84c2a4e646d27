//! The Compute Engine metadata server: the token of the instance's default service
//! account. Tried only when nothing else is configured, and never under the loopback
//! guard unless `GCE_METADATA_HOST` names a loopback stand-in.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use cloud_core::auth::{AccessToken, TokenSource};
use cloud_core::http::{Endpoint, HttpClient, HttpRequest, Method, NoAuth, is_loopback_host};
use cloud_core::{Clock, Error, ErrorKind, Result};
use url::Url;

use crate::context::GoogleContext;
use crate::exchange::without_query;
use crate::specs::{ENV_METADATA_HOST, METADATA_HOST, METADATA_PROJECT_PATH, METADATA_TOKEN_PATH};
use crate::token_answer::{TokenErrorParser, parse_token_answer};

/// Longest wait for a connection to the metadata server: off Compute Engine the host
/// does not resolve or answer, and the caller should hear so quickly.
pub const METADATA_CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// Longest wait for one metadata request.
pub const METADATA_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

/// Asks the metadata server for a token on every fetch.
#[derive(Debug, Clone)]
pub struct MetadataSource {
    url: Url,
    /// The sources looked at before this one, for the error when it fails too.
    tried: Vec<String>,
    /// Why the server is not asked (the guard), decided when the source was built.
    refused: Option<String>,
    client: Option<HttpClient>,
    clock: Arc<dyn Clock>,
}

impl MetadataSource {
    /// The metadata server (`GCE_METADATA_HOST`, else `metadata.google.internal`) for
    /// `scopes`; `tried` names the sources already looked at, for the error message.
    pub fn new(
        provider: &str,
        ctx: &GoogleContext,
        scopes: &[&str],
        tried: Vec<String>,
    ) -> Result<Self> {
        let host = ctx
            .var(ENV_METADATA_HOST)
            .unwrap_or_else(|| METADATA_HOST.to_string());
        let mut url =
            Url::parse(&format!("http://{}{METADATA_TOKEN_PATH}", host.trim())).map_err(|e| {
                Error::new(
                    ErrorKind::Configuration,
                    format!("{ENV_METADATA_HOST} {host:?} is not a host[:port]: {e}"),
                )
            })?;
        if !scopes.is_empty() {
            url.query_pairs_mut()
                .append_pair("scopes", &scopes.join(","));
        }
        let refused = (ctx.loopback_only() && !is_loopback_host(&url)).then(|| {
            format!(
                "not asked: the loopback guard (http.loopback_only or LIBCLOUD_LOOPBACK_ONLY=1) \
                 refused the non-loopback host {}",
                url.host_str().unwrap_or("?")
            )
        });
        let client = if refused.is_some() {
            None
        } else {
            let mut http = ctx.http_config();
            http.connect_timeout = http.connect_timeout.min(METADATA_CONNECT_TIMEOUT);
            http.request_timeout = http.request_timeout.min(METADATA_REQUEST_TIMEOUT);
            http.retry.max_attempts = http.retry.max_attempts.min(3);
            http.retry.budget = http.retry.budget.min(Duration::from_secs(10));
            let mut base = url.clone();
            base.set_path("/");
            base.set_query(None);
            Some(HttpClient::new(
                provider,
                Endpoint::overridden(base)?,
                http,
                Arc::new(NoAuth),
                Arc::new(TokenErrorParser::new(origin(&url))),
            )?)
        };
        Ok(MetadataSource {
            url,
            tried,
            refused,
            client,
            clock: ctx.clock(),
        })
    }

    /// The client to ask with; a `Configuration` error naming what was tried when the
    /// guard refused the server.
    fn client(&self) -> Result<&HttpClient> {
        if let Some(why) = &self.refused {
            return Err(self.failed(ErrorKind::Configuration, why));
        }
        self.client
            .as_ref()
            .ok_or_else(|| self.failed(ErrorKind::Configuration, "no client"))
    }

    /// The token URL asked.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The error for a metadata server that gave no token: what was tried, and why this
    /// failed.
    fn failed(&self, kind: ErrorKind, why: &str) -> Error {
        let mut tried = self.tried.join("; ");
        if !tried.is_empty() {
            tried.push_str("; ");
        }
        Error::new(
            kind,
            format!(
                "no Google credentials found: tried {tried}{}: {why}",
                origin(&self.url)
            ),
        )
    }

    async fn ask(&self, client: &HttpClient) -> Result<AccessToken> {
        let request = HttpRequest::new("metadata_token", Method::GET, self.url.clone())
            .header("metadata-flavor", "Google");
        let answer = client.send(request).await?;
        if answer.header("metadata-flavor") != Some("Google") {
            return Err(Error::new(
                ErrorKind::InvalidCredentials,
                "the answer lacks Metadata-Flavor: Google, so it is not the metadata server",
            ));
        }
        let token = parse_token_answer(&answer.body, &origin(&self.url))?;
        Ok(token.into_access_token(self.clock.now()))
    }
}

impl MetadataSource {
    /// The project of the instance (`/computeMetadata/v1/project/project-id`), for
    /// credentials that name none. Fails as a token fetch would: refused under the
    /// loopback guard, an answer without `Metadata-Flavor: Google` not trusted.
    pub async fn project_id(&self) -> Result<String> {
        let client = self.client()?;
        let mut url = self.url.clone();
        url.set_path(METADATA_PROJECT_PATH);
        url.set_query(None);
        let request = HttpRequest::new("metadata_project", Method::GET, url)
            .header("metadata-flavor", "Google");
        let answer = client.send(request).await?;
        if answer.header("metadata-flavor") != Some("Google") {
            return Err(Error::new(
                ErrorKind::InvalidCredentials,
                "the answer lacks Metadata-Flavor: Google, so it is not the metadata server",
            ));
        }
        let text = std::str::from_utf8(&answer.body).unwrap_or_default().trim();
        let valid = !text.is_empty()
            && text.len() <= 100
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.:".contains(&b));
        if !valid {
            let shown: String = text.chars().take(40).collect();
            return Err(Error::malformed(format!(
                "{} answered {shown:?} for the project id",
                origin(&self.url)
            )));
        }
        Ok(text.to_string())
    }
}

fn origin(url: &Url) -> String {
    format!("the metadata server {}", without_query(url))
}

#[async_trait]
impl TokenSource for MetadataSource {
    async fn fetch(&self) -> Result<AccessToken> {
        let client = self.client()?;
        self.ask(client).await.map_err(|e| {
            let kind = match e.kind() {
                ErrorKind::MalformedResponse => ErrorKind::MalformedResponse,
                _ => ErrorKind::InvalidCredentials,
            };
            self.failed(kind, e.message())
        })
    }
}
