//! HTTP Basic authentication with the API key as the user name and no password, as
//! the Slicehost API expected (`https://KEY@api.slicehost.com/`).

use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloud_core::http::Signer;
use cloud_core::http::header::{AUTHORIZATION, HeaderValue};
use cloud_core::{Error, ErrorKind, Result, Secret};

/// Adds `Authorization: Basic base64(key + ":")` to every request. The header value is
/// marked sensitive, and `Debug` never shows the key.
pub struct BasicKeyAuth {
    header: HeaderValue,
}

impl BasicKeyAuth {
    /// An authorizer for `api_key`. Base64 text is always a valid header value, so the
    /// error arm only guards against a future change of encoding.
    pub fn new(api_key: &Secret) -> Result<Self> {
        let token = STANDARD.encode(format!("{}:", api_key.expose()));
        let mut header = HeaderValue::from_str(&format!("Basic {token}")).map_err(|_| {
            Error::new(
                ErrorKind::InvalidCredentials,
                "the Slicehost API key cannot be sent in an HTTP header",
            )
            .with_provider("slicehost")
        })?;
        header.set_sensitive(true);
        Ok(BasicKeyAuth { header })
    }
}

impl std::fmt::Debug for BasicKeyAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BasicKeyAuth([redacted])")
    }
}

#[async_trait]
impl Signer for BasicKeyAuth {
    async fn sign(&self, request: &mut reqwest::Request) -> Result<()> {
        request
            .headers_mut()
            .insert(AUTHORIZATION, self.header.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sends_key_as_user_name() {
        let auth = BasicKeyAuth::new(&Secret::new("abc123")).unwrap();
        let mut req = reqwest::Request::new(
            reqwest::Method::GET,
            "https://api.slicehost.com/slices.xml".parse().unwrap(),
        );
        auth.sign(&mut req).await.unwrap();
        let value = req.headers().get(AUTHORIZATION).unwrap();
        // base64("abc123:") == "YWJjMTIzOg=="
        assert_eq!(value.to_str().unwrap(), "Basic YWJjMTIzOg==");
        assert!(value.is_sensitive());
        assert!(!format!("{auth:?}").contains("YWJj"));
    }
}
