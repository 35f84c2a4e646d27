//! An access token given explicitly: used as is, never refreshed.

use async_trait::async_trait;
use cloud_core::auth::{AccessToken, TokenSource};
use cloud_core::{Result, Secret};

/// Hands out the same token every time; it does not expire as far as the cache knows,
/// so it is only replaced (by itself) when the server refuses it.
#[derive(Debug, Clone)]
pub struct StaticTokenSource {
    token: Secret,
}

impl StaticTokenSource {
    /// A source of `token`.
    pub fn new(token: Secret) -> Self {
        StaticTokenSource { token }
    }
}

#[async_trait]
impl TokenSource for StaticTokenSource {
    async fn fetch(&self) -> Result<AccessToken> {
        Ok(AccessToken::non_expiring(self.token.clone()))
    }
}
