//! Transport: the HTTP client (endpoint, Basic auth with the API key, error parser) and
//! the request helpers every call goes through. Every answer is XML.

use std::sync::Arc;

use cloud_core::http::{BasicAuth, Endpoint, HttpClient, HttpRequest, HttpResponse, Method};
use cloud_core::paginate::stream_of_list;
use cloud_core::{BoxStream, ProviderConfig, Result, Secret};

use crate::PROVIDER_ID;
use crate::errors::SlicehostErrorParser;

/// The API's own endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://api.slicehost.com/";

/// A parser of a whole list answer.
pub(crate) type ListParser<T> = fn(&[u8]) -> Result<Vec<T>>;

/// The Slicehost API: the pipeline's client, signing with the API key.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    http: HttpClient,
}

impl Api {
    /// The client for `config.endpoint` (or the API's own), sending `api_key` as the
    /// Basic auth user name.
    pub(crate) fn connect(config: &ProviderConfig, api_key: &Secret) -> Result<Self> {
        let endpoint = Endpoint::choose(config.endpoint.as_ref(), DEFAULT_ENDPOINT)
            .map_err(|e| e.in_context(PROVIDER_ID, "connect"))?;
        let http = HttpClient::new(
            PROVIDER_ID,
            endpoint,
            config.http_settings()?,
            Arc::new(BasicAuth::new(api_key, None)?),
            Arc::new(SlicehostErrorParser),
        )?;
        Ok(Api { http })
    }

    /// A request for `path` under the endpoint, asking for XML.
    pub(crate) fn request(&self, operation: &str, method: Method, path: &str) -> HttpRequest {
        HttpRequest::new(operation, method, self.http.url(path)).header("accept", "application/xml")
    }

    /// Sends a request with no body.
    pub(crate) async fn send(
        &self,
        operation: &str,
        method: Method,
        path: &str,
    ) -> Result<HttpResponse> {
        self.http.send(self.request(operation, method, path)).await
    }

    /// Sends an XML document.
    pub(crate) async fn send_xml(
        &self,
        operation: &str,
        method: Method,
        path: &str,
        body: String,
    ) -> Result<HttpResponse> {
        let request = self
            .request(operation, method, path)
            .header("content-type", "application/xml")
            .body(body);
        self.http.send(request).await
    }

    /// Sends a request and parses its answer with `parse`, naming the provider and
    /// operation on a parse error.
    pub(crate) async fn parsed<T>(
        &self,
        operation: &str,
        method: Method,
        path: &str,
        parse: impl FnOnce(&[u8]) -> Result<T>,
    ) -> Result<T> {
        let resp = self.send(operation, method, path).await?;
        parse(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, operation))
    }

    /// Every item of the list at `path`. Slicehost lists are not paged: one request
    /// answers the whole list.
    pub(crate) fn list<'a, T: Send + 'a>(
        &'a self,
        operation: &'a str,
        path: &'a str,
        parse: ListParser<T>,
    ) -> BoxStream<'a, Result<T>> {
        stream_of_list(self.parsed(operation, Method::GET, path, parse))
    }
}
