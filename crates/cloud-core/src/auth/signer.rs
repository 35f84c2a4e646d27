//! Puts the cached token in every request, and logs in again when the server refuses it.

use async_trait::async_trait;

use super::TokenCache;
use crate::http::header::AUTHORIZATION;
use crate::http::{HeaderName, HeaderValue, OutgoingRequest, Signer};
use crate::{Error, ErrorKind, Result, Secret};

/// A [`Signer`] that adds the token from a [`TokenCache`] to each request:
/// `Authorization: Bearer <token>` by default, or the token under a provider's own
/// header (OpenStack's `X-Auth-Token: <token>`). The header is marked sensitive, and
/// `Debug` never shows the token.
///
/// When the server answers 401, the cache logs in again (once, however many requests
/// were refused together) and the pipeline sends the request once more.
#[derive(Debug, Clone)]
pub struct TokenSigner {
    cache: TokenCache,
    header: HeaderName,
    prefix: String,
}

impl TokenSigner {
    /// Sends the token as `Authorization: Bearer <token>`.
    pub fn bearer(cache: TokenCache) -> Self {
        TokenSigner {
            cache,
            header: AUTHORIZATION,
            prefix: "Bearer ".to_string(),
        }
    }

    /// Sends the bare token under header `name` (lowercase, e.g. `x-auth-token`).
    ///
    /// # Panics
    ///
    /// When `name` is not a valid lowercase header name.
    pub fn header(cache: TokenCache, name: &'static str) -> Self {
        TokenSigner {
            cache,
            header: HeaderName::from_static(name),
            prefix: String::new(),
        }
    }

    /// The same signer writing `prefix` before the token (e.g. `"Token "`).
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// The cache the tokens come from.
    pub fn cache(&self) -> &TokenCache {
        &self.cache
    }

    /// The token this signer put in `request`, if any.
    fn token_in(&self, request: &OutgoingRequest) -> Option<Secret> {
        let value = request.headers().get(&self.header)?.to_str().ok()?;
        value.strip_prefix(self.prefix.as_str()).map(Secret::new)
    }
}

#[async_trait]
impl Signer for TokenSigner {
    async fn sign(&self, request: &mut OutgoingRequest) -> Result<()> {
        let token = self.cache.token().await?;
        let mut value = HeaderValue::from_str(&format!("{}{}", self.prefix, token.expose()))
            .map_err(|_| {
                Error::new(
                    ErrorKind::InvalidCredentials,
                    "the token holds characters not allowed in an HTTP header",
                )
            })?;
        value.set_sensitive(true);
        request.headers_mut().insert(self.header.clone(), value);
        Ok(())
    }

    async fn refresh_after_unauthorized(&self, rejected: &OutgoingRequest) -> Result<bool> {
        let Some(token) = self.token_in(rejected) else {
            return Ok(false);
        };
        self.cache.refresh_after_rejection(&token).await?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::auth::{AccessToken, TokenSource};
    use crate::http::Method;

    /// Hands out `secret-token-1`, `secret-token-2`, … that never expire.
    #[derive(Debug, Default)]
    struct Numbered(AtomicUsize);

    #[async_trait]
    impl TokenSource for Numbered {
        async fn fetch(&self) -> Result<AccessToken> {
            let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            Ok(AccessToken::non_expiring(Secret::new(format!(
                "secret-token-{n}"
            ))))
        }
    }

    fn request() -> OutgoingRequest {
        OutgoingRequest::new(
            Method::GET,
            url::Url::parse("http://127.0.0.1/v2/servers").unwrap(),
        )
    }

    fn cache() -> TokenCache {
        TokenCache::new(Arc::new(Numbered::default()))
    }

    #[tokio::test]
    async fn bearer_sets_a_sensitive_authorization_header() {
        let signer = TokenSigner::bearer(cache());
        let mut req = request();
        signer.sign(&mut req).await.unwrap();
        let value = req.headers().get(AUTHORIZATION).unwrap();
        assert_eq!(value.to_str().unwrap(), "Bearer secret-token-1");
        assert!(value.is_sensitive());
    }

    #[tokio::test]
    async fn a_custom_header_carries_the_bare_token() {
        let signer = TokenSigner::header(cache(), "x-auth-token");
        let mut req = request();
        signer.sign(&mut req).await.unwrap();
        let value = req.headers().get("x-auth-token").unwrap();
        assert_eq!(value.to_str().unwrap(), "secret-token-1");
        assert!(value.is_sensitive());
        assert!(req.headers().get(AUTHORIZATION).is_none());
    }

    #[tokio::test]
    async fn a_refused_token_is_replaced_once() {
        let signer = TokenSigner::header(cache(), "x-auth-token").with_prefix("Token ");
        let mut rejected = request();
        signer.sign(&mut rejected).await.unwrap();
        assert!(signer.refresh_after_unauthorized(&rejected).await.unwrap());
        // A second request refused with the same old token does not log in again.
        assert!(signer.refresh_after_unauthorized(&rejected).await.unwrap());
        let mut retried = request();
        signer.sign(&mut retried).await.unwrap();
        assert_eq!(
            retried.headers().get("x-auth-token").unwrap(),
            "Token secret-token-2"
        );
    }

    #[tokio::test]
    async fn a_request_without_a_token_is_not_retried() {
        let signer = TokenSigner::bearer(cache());
        assert!(!signer.refresh_after_unauthorized(&request()).await.unwrap());
    }

    #[tokio::test]
    async fn debug_never_shows_the_token() {
        let signer = TokenSigner::bearer(cache());
        let mut req = request();
        signer.sign(&mut req).await.unwrap();
        let shown = format!("{signer:?} {:?}", signer.cache());
        assert!(!shown.contains("secret-token"), "{shown}");
    }
}
