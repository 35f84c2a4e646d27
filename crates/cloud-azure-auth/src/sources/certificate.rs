//! A service principal's certificate: a client assertion signed with its key, in the
//! client credentials grant.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::auth::{AccessToken, TokenSource};
use cloud_core::{Clock, Result};

use crate::assertion::client_assertion;
use crate::certificate::ClientCertificate;
use crate::endpoint::TokenEndpoint;
use crate::specs::CLIENT_ASSERTION_TYPE;

/// Signs a fresh assertion and posts `grant_type=client_credentials` with it on every
/// fetch.
#[derive(Debug, Clone)]
pub struct ClientCertificateSource {
    client_id: String,
    certificate: ClientCertificate,
    scope: String,
    endpoint: TokenEndpoint,
    clock: Arc<dyn Clock>,
}

impl ClientCertificateSource {
    /// A source for application `client_id` signing with `certificate`, asking for
    /// `scope` at the tenant's `endpoint`, dating assertions by `clock`.
    pub fn new(
        client_id: impl Into<String>,
        certificate: ClientCertificate,
        scope: impl Into<String>,
        endpoint: TokenEndpoint,
        clock: Arc<dyn Clock>,
    ) -> Self {
        ClientCertificateSource {
            client_id: client_id.into(),
            certificate,
            scope: scope.into(),
            endpoint,
            clock,
        }
    }
}

#[async_trait]
impl TokenSource for ClientCertificateSource {
    async fn fetch(&self) -> Result<AccessToken> {
        let assertion = client_assertion(
            &self.certificate,
            &self.client_id,
            self.endpoint.url().as_str(),
            self.clock.unix_seconds(),
            &uuid::Uuid::new_v4().to_string(),
        )?;
        let form = [
            ("grant_type".to_string(), "client_credentials".to_string()),
            ("client_id".to_string(), self.client_id.clone()),
            (
                "client_assertion_type".to_string(),
                CLIENT_ASSERTION_TYPE.to_string(),
            ),
            (
                "client_assertion".to_string(),
                assertion.expose().to_string(),
            ),
            ("scope".to_string(), self.scope.clone()),
        ];
        self.endpoint.exchange(&form).await
    }
}
