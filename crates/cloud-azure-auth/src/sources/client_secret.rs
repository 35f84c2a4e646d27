//! A service principal's client secret: the client credentials grant.

use async_trait::async_trait;
use cloud_core::auth::{AccessToken, TokenSource};
use cloud_core::{Result, Secret};

use crate::endpoint::TokenEndpoint;

/// Posts `grant_type=client_credentials` with the client id, secret and scope on every
/// fetch. `Debug` never shows the secret.
#[derive(Debug, Clone)]
pub struct ClientSecretSource {
    client_id: String,
    client_secret: Secret,
    scope: String,
    endpoint: TokenEndpoint,
}

impl ClientSecretSource {
    /// A source for application `client_id` with `client_secret`, asking for `scope`
    /// at the tenant's `endpoint`.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: Secret,
        scope: impl Into<String>,
        endpoint: TokenEndpoint,
    ) -> Self {
        ClientSecretSource {
            client_id: client_id.into(),
            client_secret,
            scope: scope.into(),
            endpoint,
        }
    }
}

#[async_trait]
impl TokenSource for ClientSecretSource {
    async fn fetch(&self) -> Result<AccessToken> {
        let form = [
            ("grant_type".to_string(), "client_credentials".to_string()),
            ("client_id".to_string(), self.client_id.clone()),
            (
                "client_secret".to_string(),
                self.client_secret.expose().to_string(),
            ),
            ("scope".to_string(), self.scope.clone()),
        ];
        self.endpoint.exchange(&form).await
    }
}
