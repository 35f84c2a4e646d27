//! The API key in the `X-API-Key` header, on every request.

use async_trait::async_trait;
use cloud_core::http::{HeaderName, HeaderValue, OutgoingRequest, Signer};
use cloud_core::{Error, ErrorKind, Result, Secret};

/// The header PowerDNS reads the API key from.
const HEADER: &str = "x-api-key";

/// Adds `X-API-Key: <key>` to every request. The header is marked sensitive, and
/// `Debug` never shows the key.
#[derive(Clone)]
pub(crate) struct ApiKeyHeader {
    value: HeaderValue,
}

impl ApiKeyHeader {
    /// A signer for `key`; `InvalidCredentials` (without the key in the message) when it
    /// holds characters a header cannot carry.
    pub(crate) fn new(key: &Secret) -> Result<Self> {
        let mut value = HeaderValue::from_str(key.expose()).map_err(|_| {
            Error::new(
                ErrorKind::InvalidCredentials,
                "the configured PowerDNS API key holds characters not allowed in an HTTP header",
            )
            .with_provider(crate::PROVIDER_ID)
        })?;
        value.set_sensitive(true);
        Ok(ApiKeyHeader { value })
    }
}

impl std::fmt::Debug for ApiKeyHeader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKeyHeader([redacted])")
    }
}

#[async_trait]
impl Signer for ApiKeyHeader {
    async fn sign(&self, request: &mut OutgoingRequest) -> Result<()> {
        request
            .headers_mut()
            .insert(HeaderName::from_static(HEADER), self.value.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::http::Method;

    #[tokio::test]
    async fn the_key_goes_in_a_sensitive_header_and_never_in_debug() {
        let signer = ApiKeyHeader::new(&Secret::new("pdns-key-123")).unwrap();
        let mut req = OutgoingRequest::new(
            Method::GET,
            url::Url::parse("http://127.0.0.1/api/v1/servers").unwrap(),
        );
        signer.sign(&mut req).await.unwrap();
        let value = req.headers().get(HEADER).unwrap();
        assert_eq!(value.to_str().unwrap(), "pdns-key-123");
        assert!(value.is_sensitive());
        assert!(!format!("{signer:?}").contains("pdns-key"));
    }

    #[test]
    fn a_key_a_header_cannot_carry_is_refused_without_echoing_it() {
        let err = ApiKeyHeader::new(&Secret::new("bad\nkey-xyz")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(!err.to_string().contains("key-xyz"));
    }
}
