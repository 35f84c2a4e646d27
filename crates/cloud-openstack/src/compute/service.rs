//! The services the compute area calls: Glance and Cinder as plain services, Nova with
//! its microversion (see [`Nova`]).

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::http::{HttpClient, HttpResponse};
use cloud_core::{Error, ErrorKind, Result};

use super::call::{Call, Caller};
use super::model::Microversion;
use crate::PROVIDER_ID;
use crate::client::ServiceClient;

/// A service reached under one of several catalog types, the first the catalog has
/// (Cinder is `volumev3` in most catalogs, `block-storage` in newer ones).
#[derive(Debug, Clone)]
pub(crate) struct Service {
    clients: Arc<Vec<ServiceClient>>,
    /// Whether paths are under a `v2/` the endpoint lacks (Glance's catalog entry is
    /// usually unversioned).
    version_path: Option<&'static str>,
}

impl Service {
    /// The service at the first of `clients` the catalog names.
    pub(crate) fn new(clients: Vec<ServiceClient>) -> Self {
        Service {
            clients: Arc::new(clients),
            version_path: None,
        }
    }

    /// Paths go under `version` (`v2`) unless the endpoint already ends with it.
    pub(crate) fn under_version(mut self, version: &'static str) -> Self {
        self.version_path = Some(version);
        self
    }

    /// The pipeline client: logs in and resolves the endpoint the first time. A catalog
    /// without any of the types is the `Unsupported` error of the first.
    pub(crate) async fn http(&self, op: &str) -> Result<Arc<HttpClient>> {
        let mut missing: Option<Error> = None;
        for client in self.clients.iter() {
            match client.get().await {
                Ok(http) => return Ok(http),
                Err(e) if e.kind() == ErrorKind::Unsupported => {
                    missing.get_or_insert(e);
                }
                Err(e) => return Err(e.in_context(PROVIDER_ID, op)),
            }
        }
        Err(missing
            .unwrap_or_else(|| Error::unsupported(PROVIDER_ID, op))
            .in_context(PROVIDER_ID, op))
    }

    /// `call` with its path under the version path where the endpoint needs one.
    pub(crate) fn placed(&self, http: &HttpClient, mut call: Call) -> Call {
        if let Some(version) = self.version_path {
            let base = http.endpoint().url().path().trim_end_matches('/');
            // `…/v2` and `…/v2/<tenant>` (Rackspace's) already name the version.
            let already = base.split('/').any(|segment| segment == version);
            if !already {
                call.path = format!("{version}/{}", call.path.trim_start_matches('/'));
            }
        }
        call
    }
}

#[async_trait]
impl Caller for Service {
    async fn call(&self, call: Call) -> Result<HttpResponse> {
        let op = call.op;
        let http = self.http(op).await?;
        let call = self.placed(&http, call);
        http.send(call.request(&http, Microversion::BASE))
            .await
            .map_err(|e| e.in_context(PROVIDER_ID, op))
    }
}
