//! The bearer token signer.

use async_trait::async_trait;
use cloud_core::http::Signer;
use cloud_core::http::header::{AUTHORIZATION, HeaderValue};
use cloud_core::{Error, ErrorKind, Result, Secret};

/// Adds `Authorization: Bearer <token>` to every request. The header is marked
/// sensitive, and `Debug` never shows the token.
#[derive(Debug, Clone)]
pub struct BearerSigner {
    token: Secret,
}

impl BearerSigner {
    /// A signer for a personal access token or OAuth token.
    pub fn new(token: Secret) -> Self {
        BearerSigner { token }
    }
}

#[async_trait]
impl Signer for BearerSigner {
    async fn sign(&self, request: &mut reqwest::Request) -> Result<()> {
        let mut value =
            HeaderValue::from_str(&format!("Bearer {}", self.token.expose())).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidCredentials,
                    "the Linode token holds characters not allowed in an HTTP header",
                )
            })?;
        value.set_sensitive(true);
        request.headers_mut().insert(AUTHORIZATION, value);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> reqwest::Request {
        reqwest::Request::new(
            reqwest::Method::GET,
            url::Url::parse("http://127.0.0.1/v4/regions").unwrap(),
        )
    }

    #[tokio::test]
    async fn adds_a_sensitive_bearer_header() {
        let signer = BearerSigner::new(Secret::new("tok-123-secret"));
        let mut req = request();
        signer.sign(&mut req).await.unwrap();
        let value = req.headers().get(AUTHORIZATION).unwrap();
        assert_eq!(value.to_str().unwrap(), "Bearer tok-123-secret");
        assert!(value.is_sensitive());
        assert!(!format!("{signer:?}").contains("tok-123"));
    }

    #[tokio::test]
    async fn rejects_a_token_that_cannot_be_a_header_without_echoing_it() {
        let signer = BearerSigner::new(Secret::new("bad\ntoken-xyz"));
        let err = signer.sign(&mut request()).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(!err.to_string().contains("token-xyz"));
    }
}
