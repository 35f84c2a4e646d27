//! Sending a form to an OAuth2 token endpoint through the project's HTTP pipeline
//! (timeouts, retries, the loopback guard) and reading the token it answers with.

use std::sync::Arc;

use cloud_core::auth::AccessToken;
use cloud_core::http::{Endpoint, HttpClient, HttpRequest, Method, NoAuth, is_loopback_host};
use cloud_core::{Error, ErrorKind, Result};
use url::Url;

use crate::context::GoogleContext;
use crate::token_answer::{TokenErrorParser, parse_token_answer};

/// Checks a token endpoint named by `origin` (`the key file's token_uri`): it must be
/// `https://`, or plain `http://` to a loopback host (a test stand-in).
pub fn token_url(raw: &str, origin: &str) -> Result<Url> {
    let url = Url::parse(raw.trim()).map_err(|e| {
        Error::new(
            ErrorKind::Configuration,
            format!("{origin} {raw:?} is not a URL: {e}"),
        )
    })?;
    match url.scheme() {
        "https" if url.host_str().is_some() => Ok(url),
        "http" if is_loopback_host(&url) => Ok(url),
        "http" => Err(Error::new(
            ErrorKind::Configuration,
            format!(
                "{origin} {url} is plain http; tokens are only requested over https, or over \
                 http from a loopback test endpoint"
            ),
        )),
        other => Err(Error::new(
            ErrorKind::Configuration,
            format!("{origin} {url} is not an https URL (scheme {other:?})"),
        )),
    }
}

/// A token endpoint and the client that reaches it.
#[derive(Debug, Clone)]
pub struct TokenEndpoint {
    url: Url,
    client: HttpClient,
    ctx: GoogleContext,
}

impl TokenEndpoint {
    /// The endpoint at `url` (checked by [`token_url`]) for provider `provider`, sent
    /// with the context's HTTP settings and guard.
    pub fn new(provider: &str, url: Url, ctx: &GoogleContext) -> Result<Self> {
        // Plain http reaches the client only as an override (a loopback stand-in).
        let endpoint = Endpoint::new(url.clone(), url.scheme() != "https")?;
        let origin = format!("the token endpoint {}", without_query(&url));
        let client = HttpClient::new(
            provider,
            endpoint,
            ctx.http_config(),
            Arc::new(NoAuth),
            Arc::new(TokenErrorParser::new(origin)),
        )?;
        Ok(TokenEndpoint {
            url,
            client,
            ctx: ctx.clone(),
        })
    }

    /// The endpoint's URL.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Posts `form` and reads the token. Exchanging a grant again is harmless, so
    /// the request is retried like an idempotent one.
    pub async fn exchange(&self, form: &[(String, String)]) -> Result<AccessToken> {
        let request = HttpRequest::new("oauth2_token", Method::POST, self.url.clone())
            .header("accept", "application/json")
            .form(form)
            .idempotent(true);
        let answer = self.client.send(request).await?;
        let origin = format!("the token endpoint {}", without_query(&self.url));
        let token = parse_token_answer(&answer.body, &origin)?;
        Ok(token.into_access_token(self.ctx.clock().now()))
    }
}

/// The URL without query or fragment, for messages.
pub(crate) fn without_query(url: &Url) -> String {
    let mut shown = url.clone();
    shown.set_query(None);
    shown.set_fragment(None);
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_urls_must_be_https_or_loopback_http() {
        assert!(token_url("https://oauth2.googleapis.com/token", "t").is_ok());
        assert!(token_url("http://127.0.0.1:8080/token", "t").is_ok());
        assert!(token_url("http://localhost/token", "t").is_ok());
        for bad in [
            "http://oauth2.googleapis.com/token",
            "ftp://x/y",
            "not a url",
            "file:///etc/passwd",
        ] {
            let e = token_url(bad, "the key file's token_uri").unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Configuration, "{bad}");
            assert!(e.message().contains("token_uri"), "{e}");
        }
    }
}
