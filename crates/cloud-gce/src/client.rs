//! Transport: the endpoint, the pipeline's client with its bearer token and error
//! parser, the project every path is under, and the request helpers every call goes
//! through.

use std::sync::Arc;

use cloud_core::auth::{TokenCache, TokenSigner};
use cloud_core::http::{Endpoint, HttpClient, HttpRequest, HttpResponse, Method};
use cloud_core::paginate::{Page, paginate};
use cloud_core::{BoxStream, ProviderConfig, Result};
use serde_json::Value;
use url::Url;

use crate::PROVIDER_ID;
use crate::errors::GceErrorParser;
use crate::model::Operation;

/// Compute Engine's endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://compute.googleapis.com/compute/v1";

/// The API path appended to an endpoint override that has none.
const API_PATH: &str = "compute/v1";

/// The Compute Engine API of one project.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    http: HttpClient,
    /// `None` when neither the configuration nor the credentials name one: every call
    /// then fails with `Configuration` before sending anything.
    project: Option<String>,
    page_size: u32,
}

impl Api {
    /// A client for `config`'s endpoint (or Google's), signing with tokens from
    /// `tokens`, for `project`.
    pub(crate) fn connect(
        config: &ProviderConfig,
        tokens: TokenCache,
        project: Option<String>,
        page_size: u32,
    ) -> Result<Self> {
        let http = HttpClient::new(
            PROVIDER_ID,
            endpoint(config.endpoint.as_ref())?,
            config.http_settings()?,
            Arc::new(TokenSigner::bearer(tokens)),
            Arc::new(GceErrorParser),
        )?;
        Ok(Api {
            http,
            project,
            page_size,
        })
    }

    /// The project every call is about (empty when none is known: [`Api::parsed`]
    /// refuses to send then).
    pub(crate) fn project(&self) -> &str {
        self.project.as_deref().unwrap_or_default()
    }

    /// A request for `path`, relative to `projects/{project}/`.
    pub(crate) fn request(&self, operation: &str, method: Method, path: &str) -> HttpRequest {
        self.absolute(
            operation,
            method,
            &format!("projects/{}/{path}", self.project()),
        )
    }

    /// A request for `path` relative to the API root (`projects/debian-cloud/…`).
    pub(crate) fn absolute(&self, operation: &str, method: Method, path: &str) -> HttpRequest {
        HttpRequest::new(operation, method, self.http.url(path))
    }

    /// Sends `request` and parses the answer with `parse`, naming the provider and
    /// operation on any error.
    pub(crate) async fn parsed<T>(
        &self,
        request: HttpRequest,
        parse: impl FnOnce(&[u8]) -> Result<T>,
    ) -> Result<T> {
        let operation = request.operation.clone();
        if self.project.is_none() {
            return Err(crate::settings::no_project().with_operation(&operation));
        }
        let resp: HttpResponse = self.http.send(request).await?;
        parse(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, &operation))
    }

    /// `GET` a project-relative path, parsed.
    pub(crate) async fn get<T>(
        &self,
        operation: &str,
        path: &str,
        parse: impl FnOnce(&[u8]) -> Result<T>,
    ) -> Result<T> {
        self.parsed(self.request(operation, Method::GET, path), parse)
            .await
    }

    /// Sends a change and reads the operation it answers with.
    pub(crate) async fn operation(&self, request: HttpRequest) -> Result<Operation> {
        self.parsed(request, crate::model::operation).await
    }

    /// `POST` to a project-relative path (with a JSON body, or none), reading the
    /// operation answered.
    pub(crate) async fn post_operation(
        &self,
        operation: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Operation> {
        let mut request = self.request(operation, Method::POST, path);
        if let Some(body) = body {
            request = request.json(body);
        }
        self.operation(request).await
    }

    /// `DELETE` a project-relative path, reading the operation answered.
    pub(crate) async fn delete_operation(&self, operation: &str, path: &str) -> Result<Operation> {
        self.operation(self.request(operation, Method::DELETE, path))
            .await
    }

    /// Every item of the list at `path` (relative to the API root), lazily, following
    /// `nextPageToken`; `parse` reads one page.
    pub(crate) fn list<T, P>(
        &self,
        operation: &'static str,
        path: String,
        parse: P,
    ) -> BoxStream<'static, Result<T>>
    where
        T: Send + 'static,
        P: Fn(&[u8]) -> Result<Page<T>> + Send + Sync + 'static,
    {
        let api = self.clone();
        let parse = Arc::new(parse);
        paginate(move |token: Option<String>| {
            let api = api.clone();
            let parse = parse.clone();
            let mut request = api.absolute(operation, Method::GET, &path);
            {
                let mut query = request.url.query_pairs_mut();
                query.append_pair("maxResults", &api.page_size.to_string());
                if let Some(token) = &token {
                    query.append_pair("pageToken", token);
                }
            }
            async move { api.parsed(request, |body| parse(body)).await }
        })
    }
}

/// The endpoint: the override (with `/compute/v1` added when it has no path) or
/// Google's own.
fn endpoint(override_url: Option<&Url>) -> Result<Endpoint> {
    match override_url {
        Some(url) => Endpoint::overridden_with_api_path(url, API_PATH),
        None => Endpoint::provider_default(DEFAULT_ENDPOINT),
    }
    .map_err(|e| e.in_context(PROVIDER_ID, "connect"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_gets_the_api_path_when_it_has_none() {
        let bare = Url::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            endpoint(Some(&bare)).unwrap().url().as_str(),
            "http://127.0.0.1:8080/compute/v1"
        );
        let proxied = Url::parse("http://127.0.0.1:8080/gce/compute/v1").unwrap();
        assert_eq!(
            endpoint(Some(&proxied)).unwrap().url().as_str(),
            "http://127.0.0.1:8080/gce/compute/v1"
        );
        assert_eq!(endpoint(None).unwrap().url().as_str(), DEFAULT_ENDPOINT);
    }
}
