//! Signers for the two plain HTTP authentication schemes: bearer tokens and Basic.

use super::header::AUTHORIZATION;
use super::{HeaderValue, OutgoingRequest, Signer};
use crate::{Error, ErrorKind, Result, Secret};
use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Adds `Authorization: Bearer <token>` to every request. The header is marked
/// sensitive, and `Debug` never shows the token.
#[derive(Debug, Clone)]
pub struct BearerToken {
    token: Secret,
}

impl BearerToken {
    /// A signer for an API or OAuth token.
    pub fn new(token: Secret) -> Self {
        BearerToken { token }
    }
}

#[async_trait]
impl Signer for BearerToken {
    async fn sign(&self, request: &mut OutgoingRequest) -> Result<()> {
        let value = sensitive(&format!("Bearer {}", self.token.expose()), "token")?;
        request.headers_mut().insert(AUTHORIZATION, value);
        Ok(())
    }
}

/// Adds `Authorization: Basic base64(user:password)` to every request. The header is
/// marked sensitive, and `Debug` never shows either part.
#[derive(Clone)]
pub struct BasicAuth {
    header: HeaderValue,
}

impl BasicAuth {
    /// A signer for `user` and an optional `password` (an API key sent as the user name
    /// with no password is common).
    pub fn new(user: &Secret, password: Option<&Secret>) -> Result<Self> {
        let pair = format!(
            "{}:{}",
            user.expose(),
            password.map(Secret::expose).unwrap_or_default()
        );
        let header = sensitive(&format!("Basic {}", STANDARD.encode(pair)), "user name")?;
        Ok(BasicAuth { header })
    }
}

impl std::fmt::Debug for BasicAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BasicAuth([redacted])")
    }
}

#[async_trait]
impl Signer for BasicAuth {
    async fn sign(&self, request: &mut OutgoingRequest) -> Result<()> {
        request
            .headers_mut()
            .insert(AUTHORIZATION, self.header.clone());
        Ok(())
    }
}

/// A header value marked sensitive; the error never echoes the value.
fn sensitive(value: &str, what: &str) -> Result<HeaderValue> {
    let mut header = HeaderValue::from_str(value).map_err(|_| {
        Error::new(
            ErrorKind::InvalidCredentials,
            format!("the configured {what} holds characters not allowed in an HTTP header"),
        )
    })?;
    header.set_sensitive(true);
    Ok(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> OutgoingRequest {
        OutgoingRequest::new(
            crate::http::Method::GET,
            url::Url::parse("http://127.0.0.1/x").unwrap(),
        )
    }

    #[tokio::test]
    async fn bearer_adds_a_sensitive_header() {
        let signer = BearerToken::new(Secret::new("tok-123-secret"));
        let mut req = request();
        signer.sign(&mut req).await.unwrap();
        let value = req.headers().get(AUTHORIZATION).unwrap();
        assert_eq!(value.to_str().unwrap(), "Bearer tok-123-secret");
        assert!(value.is_sensitive());
        assert!(!format!("{signer:?}").contains("tok-123"));
    }

    #[tokio::test]
    async fn bearer_rejects_a_token_that_cannot_be_a_header_without_echoing_it() {
        let signer = BearerToken::new(Secret::new("bad\ntoken-xyz"));
        let err = signer.sign(&mut request()).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(!err.to_string().contains("token-xyz"));
    }

    #[tokio::test]
    async fn basic_sends_user_and_password() {
        let auth = BasicAuth::new(&Secret::new("abc123"), None).unwrap();
        let mut req = request();
        auth.sign(&mut req).await.unwrap();
        let value = req.headers().get(AUTHORIZATION).unwrap();
        // base64("abc123:") == "YWJjMTIzOg=="
        assert_eq!(value.to_str().unwrap(), "Basic YWJjMTIzOg==");
        assert!(value.is_sensitive());
        assert!(!format!("{auth:?}").contains("YWJj"));

        let with_pw = BasicAuth::new(&Secret::new("user"), Some(&Secret::new("pass"))).unwrap();
        let mut req = request();
        with_pw.sign(&mut req).await.unwrap();
        // base64("user:pass") == "dXNlcjpwYXNz"
        assert_eq!(
            req.headers().get(AUTHORIZATION).unwrap().to_str().unwrap(),
            "Basic dXNlcjpwYXNz"
        );
    }
}
