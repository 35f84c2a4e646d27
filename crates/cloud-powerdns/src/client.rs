//! Requests to the PowerDNS HTTP API through the shared pipeline: the endpoint (which
//! the user must give: PowerDNS has no public one), the client with its API key and
//! error parser, and the request helpers every call goes through.

use std::sync::Arc;

use cloud_core::http::{Endpoint, HttpClient, HttpRequest, HttpResponse, Method};
use cloud_core::{Error, ErrorKind, ProviderConfig, Result};
use serde_json::Value;
use url::Url;

use crate::PROVIDER_ID;
use crate::errors::PowerDnsErrorParser;
use crate::settings::Settings;
use crate::sign::ApiKeyHeader;

/// The API path added to an endpoint given without one.
const API_PATH: &str = "api/v1";

/// The PowerDNS API of one server: the pipeline's client and the server id.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    http: HttpClient,
    server_id: String,
}

impl Api {
    /// The client for `config`'s endpoint, sending `settings.api_key` in `X-API-Key`.
    /// `Configuration` when no endpoint is set or it is not http(s).
    pub(crate) fn connect(config: &ProviderConfig, settings: &Settings) -> Result<Self> {
        let http = HttpClient::new(
            PROVIDER_ID,
            endpoint(config.endpoint.as_ref())?,
            config.http_settings()?,
            Arc::new(ApiKeyHeader::new(&settings.api_key)?),
            Arc::new(PowerDnsErrorParser),
        )?;
        Ok(Api {
            http,
            server_id: settings.server_id.clone(),
        })
    }

    /// The server id in API paths.
    pub(crate) fn server_id(&self) -> &str {
        &self.server_id
    }

    /// The path of the server's zone list: `servers/{server_id}/zones`.
    pub(crate) fn zones_path(&self) -> String {
        format!("servers/{}/zones", self.server_id)
    }

    /// The path of one zone (its id checked by the caller).
    pub(crate) fn zone_path(&self, zone_id: &str) -> String {
        format!("{}/{zone_id}", self.zones_path())
    }

    /// A request for `path` under the endpoint.
    pub(crate) fn request(&self, operation: &str, method: Method, path: &str) -> HttpRequest {
        HttpRequest::new(operation, method, self.http.url(path))
    }

    /// Sends a request and parses its answer with `parse`, naming the provider and
    /// operation on any error.
    pub(crate) async fn parsed<T>(
        &self,
        request: HttpRequest,
        parse: impl FnOnce(&HttpResponse) -> Result<T>,
    ) -> Result<T> {
        let operation = request.operation.clone();
        let resp = self.http.send(request).await?;
        parse(&resp).map_err(|e| e.in_context(self.http.provider(), &operation))
    }

    /// `GET path` with `query` pairs, parsed.
    pub(crate) async fn get<T>(
        &self,
        operation: &str,
        path: &str,
        query: &[(&str, &str)],
        parse: impl FnOnce(&HttpResponse) -> Result<T>,
    ) -> Result<T> {
        let mut request = self.request(operation, Method::GET, path);
        if !query.is_empty() {
            request.url.query_pairs_mut().extend_pairs(query);
        }
        self.parsed(request, parse).await
    }

    /// `POST path` with a JSON body, parsed.
    pub(crate) async fn post<T>(
        &self,
        operation: &str,
        path: &str,
        body: &Value,
        parse: impl FnOnce(&HttpResponse) -> Result<T>,
    ) -> Result<T> {
        let request = self.request(operation, Method::POST, path).json(body);
        self.parsed(request, parse).await
    }

    /// `PATCH path` with RRset changes. Every change is a REPLACE or DELETE of a whole
    /// set (the same end state however often it is sent), so it may be retried.
    pub(crate) async fn patch(&self, operation: &str, path: &str, body: &Value) -> Result<()> {
        let request = self
            .request(operation, Method::PATCH, path)
            .json(body)
            .idempotent(true);
        self.http.send(request).await.map(|_| ())
    }

    /// `DELETE path`; the answer (204) carries nothing.
    pub(crate) async fn delete(&self, operation: &str, path: &str) -> Result<()> {
        let request = self.request(operation, Method::DELETE, path);
        self.http.send(request).await.map(|_| ())
    }
}

/// The endpoint the user gave, with `/api/v1` added when it has no path. PowerDNS runs on
/// the user's own servers, so there is no default: `Configuration` naming the setting.
fn endpoint(given: Option<&Url>) -> Result<Endpoint> {
    let Some(url) = given else {
        return Err(Error::new(
            ErrorKind::Configuration,
            "PowerDNS has no public endpoint: set the endpoint to the server's API \
             (--endpoint or the profile's endpoint, e.g. http://127.0.0.1:8081)",
        )
        .with_provider(PROVIDER_ID)
        .with_operation("connect"));
    };
    Endpoint::overridden_with_api_path(url, API_PATH)
        .map_err(|e| e.in_context(PROVIDER_ID, "connect"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_path_is_added_to_a_bare_endpoint() {
        let bare = Url::parse("http://127.0.0.1:8081").unwrap();
        assert_eq!(
            endpoint(Some(&bare)).unwrap().url().as_str(),
            "http://127.0.0.1:8081/api/v1"
        );
        let pathed = Url::parse("https://dns.example.net/pdns/api/v1").unwrap();
        assert_eq!(
            endpoint(Some(&pathed)).unwrap().url().as_str(),
            "https://dns.example.net/pdns/api/v1"
        );
        let ftp = Url::parse("ftp://127.0.0.1/").unwrap();
        assert_eq!(
            endpoint(Some(&ftp)).unwrap_err().kind(),
            ErrorKind::Configuration
        );
    }

    #[test]
    fn no_endpoint_is_a_configuration_error_naming_it() {
        let err = endpoint(None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("--endpoint"), "{err}");
        assert_eq!(err.provider(), Some(PROVIDER_ID));
    }
}
