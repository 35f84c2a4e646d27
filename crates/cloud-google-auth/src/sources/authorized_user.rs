//! A user's refresh token (`gcloud auth application-default login`), exchanged for an
//! access token.

use async_trait::async_trait;
use cloud_core::auth::{AccessToken, TokenSource};
use cloud_core::{Result, Secret};

use crate::exchange::TokenEndpoint;

/// Posts `grant_type=refresh_token` with the client and refresh token on every fetch.
#[derive(Debug, Clone)]
pub struct AuthorizedUserSource {
    client_id: String,
    client_secret: Secret,
    refresh_token: Secret,
    endpoint: TokenEndpoint,
}

impl AuthorizedUserSource {
    /// A source for OAuth2 client `client_id` and the user's `refresh_token`.
    pub fn new(
        client_id: String,
        client_secret: Secret,
        refresh_token: Secret,
        endpoint: TokenEndpoint,
    ) -> Self {
        AuthorizedUserSource {
            client_id,
            client_secret,
            refresh_token,
            endpoint,
        }
    }
}

#[async_trait]
impl TokenSource for AuthorizedUserSource {
    async fn fetch(&self) -> Result<AccessToken> {
        let form = [
            ("grant_type".to_string(), "refresh_token".to_string()),
            ("client_id".to_string(), self.client_id.clone()),
            (
                "client_secret".to_string(),
                self.client_secret.expose().to_string(),
            ),
            (
                "refresh_token".to_string(),
                self.refresh_token.expose().to_string(),
            ),
        ];
        self.endpoint.exchange(&form).await
    }
}
