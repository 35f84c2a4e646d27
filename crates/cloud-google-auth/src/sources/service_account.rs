//! A service-account key: a signed JWT exchanged for an access token.

use async_trait::async_trait;
use cloud_core::auth::{AccessToken, TokenSource};
use cloud_core::{Clock, Result};
use std::sync::Arc;

use crate::exchange::TokenEndpoint;
use crate::jwt::{JWT_BEARER_GRANT, assertion};
use crate::rsa_key::ServiceAccountSigner;

/// Signs a JWT for the scopes with the account's key and posts it to the token
/// endpoint, on every fetch.
#[derive(Debug, Clone)]
pub struct ServiceAccountSource {
    signer: ServiceAccountSigner,
    scopes: &'static [&'static str],
    endpoint: TokenEndpoint,
    clock: Arc<dyn Clock>,
}

impl ServiceAccountSource {
    /// A source signing with `signer` for `scopes`, exchanging at `endpoint`.
    pub fn new(
        signer: ServiceAccountSigner,
        scopes: &'static [&'static str],
        endpoint: TokenEndpoint,
        clock: Arc<dyn Clock>,
    ) -> Self {
        ServiceAccountSource {
            signer,
            scopes,
            endpoint,
            clock,
        }
    }
}

#[async_trait]
impl TokenSource for ServiceAccountSource {
    async fn fetch(&self) -> Result<AccessToken> {
        let jwt = assertion(
            &self.signer,
            self.scopes,
            self.endpoint.url().as_str(),
            self.clock.unix_seconds(),
        )?;
        let form = [
            ("grant_type".to_string(), JWT_BEARER_GRANT.to_string()),
            ("assertion".to_string(), jwt.expose().to_string()),
        ];
        self.endpoint.exchange(&form).await
    }
}
