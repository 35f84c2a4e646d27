//! Transport: one pipeline client per OpenStack service, made at its first request (the
//! session logs in then, and takes the endpoint from the catalog, or the caller's
//! override), signed with the session's token.

use std::sync::Arc;

use cloud_core::http::{ErrorParser, HttpClient, HttpConfig, HttpRequest, HttpResponse, Method};
use cloud_core::{ProviderConfig, Result};
use serde_json::Value;
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
    errors: Arc<dyn ErrorParser>,
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
            errors: Arc::new(OpenStackErrorParser),
            client: Arc::new(OnceCell::new()),
        })
    }

    /// The same client reading error answers with `errors` instead of the OpenStack
    /// parser, for a provider's own services beside the OpenStack ones (Rackspace's
    /// Cloud DNS and Cloud Load Balancers). Call before the first request.
    pub fn with_error_parser(mut self, errors: Arc<dyn ErrorParser>) -> Self {
        self.errors = errors;
        self
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
                    self.errors.clone(),
                )?))
            })
            .await
            .cloned()
    }

    /// Sends `method` to `path` below the endpoint with `query` pairs and an optional
    /// JSON body, asking for JSON back, as `operation`.
    pub async fn send_json(
        &self,
        operation: &str,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<HttpResponse> {
        let client = self.get().await?;
        let mut url = client.url(path);
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let mut request =
            HttpRequest::new(operation, method, url).header("accept", "application/json");
        if let Some(body) = body {
            request = request.json(body);
        }
        client.send(request).await
    }
}
