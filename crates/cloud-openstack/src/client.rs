//! Transport: one pipeline client per OpenStack service, made at its first request (the
//! session logs in then, and takes the endpoint from the catalog, or the caller's
//! override), signed with the session's token.

use std::sync::Arc;

use cloud_core::http::{HttpClient, HttpConfig};
use cloud_core::{ProviderConfig, Result};
use tokio::sync::OnceCell;

use crate::errors::OpenStackErrorParser;
use crate::identity::Identity;

/// One service's client, made once when first needed.
#[derive(Debug, Clone)]
pub struct ServiceClient {
    identity: Identity,
    http: HttpConfig,
    service_type: &'static str,
    explicit: Option<url::Url>,
    client: Arc<OnceCell<Arc<HttpClient>>>,
}

impl ServiceClient {
    /// The client of service `service_type` (`object-store`, `compute`, …): at
    /// `explicit` when the caller set that service's endpoint, else the catalog's.
    pub fn new(
        identity: &Identity,
        config: &ProviderConfig,
        service_type: &'static str,
        explicit: Option<url::Url>,
    ) -> Result<Self> {
        Ok(ServiceClient {
            identity: identity.clone(),
            http: config.http_settings()?,
            service_type,
            explicit,
            client: Arc::new(OnceCell::new()),
        })
    }

    /// The provider id the client's errors name.
    pub fn provider(&self) -> &'static str {
        self.identity.provider()
    }

    /// The pipeline client, logging in and resolving the endpoint on first use. A
    /// failure (wrong password, no such service in the region) is returned each time
    /// until a call succeeds.
    pub async fn get(&self) -> Result<Arc<HttpClient>> {
        self.client
            .get_or_try_init(|| async {
                let endpoint = self
                    .identity
                    .endpoint(self.service_type, self.explicit.as_ref())
                    .await?;
                Ok(Arc::new(HttpClient::new(
                    self.identity.provider(),
                    endpoint,
                    self.http.clone(),
                    Arc::new(self.identity.signer()),
                    Arc::new(OpenStackErrorParser),
                )?))
            })
            .await
            .cloned()
    }
}
