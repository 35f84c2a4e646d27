//! Requests to the Linode API through the shared pipeline: the endpoint, the client with
//! its bearer token and error parser, and the request helpers every call goes through.

use std::sync::Arc;

use cloud_core::http::{BearerToken, Endpoint, HttpClient, HttpRequest, HttpResponse, Method};
use cloud_core::paginate::{Page, paginate};
use cloud_core::{BoxStream, Error, ProviderConfig, Result};
use serde_json::Value;
use url::Url;

use crate::PROVIDER_ID;
use crate::errors::LinodeErrorParser;
use crate::settings::Settings;

/// Linode's API endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://api.linode.com/v4";

/// The API version path appended to an endpoint override that has none.
const API_PATH: &str = "v4";

/// The Linode API: the pipeline's client plus the page size of list calls.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    http: HttpClient,
    page_size: u32,
}

impl Api {
    /// The client for `config`'s endpoint (or Linode's own), sending `settings.token` as
    /// a bearer token. `Configuration` when the endpoint is invalid.
    pub(crate) fn connect(config: &ProviderConfig, settings: &Settings) -> Result<Self> {
        let http = HttpClient::new(
            PROVIDER_ID,
            endpoint(config.endpoint.as_ref())?,
            config.http_settings()?,
            Arc::new(BearerToken::new(settings.token.clone())),
            Arc::new(LinodeErrorParser),
        )?;
        Ok(Api {
            http,
            page_size: settings.page_size,
        })
    }

    /// Items per page on list calls.
    pub(crate) fn page_size(&self) -> u32 {
        self.page_size
    }

    /// The provider id the pipeline speaks for.
    pub(crate) fn provider(&self) -> &str {
        self.http.provider()
    }

    /// A request for `path` under the endpoint.
    pub(crate) fn request(&self, operation: &str, method: Method, path: &str) -> HttpRequest {
        HttpRequest::new(operation, method, self.http.url(path))
    }

    /// Sends a request; the answer's parse errors are put in context by [`Api::parsed`].
    pub(crate) async fn send(&self, request: HttpRequest) -> Result<HttpResponse> {
        self.http.send(request).await
    }

    /// Sends a request and parses its answer with `parse`, naming the provider and
    /// operation on any error.
    pub(crate) async fn parsed<T>(
        &self,
        request: HttpRequest,
        parse: impl FnOnce(&HttpResponse) -> Result<T>,
    ) -> Result<T> {
        let operation = request.operation.clone();
        let resp = self.send(request).await?;
        parse(&resp).map_err(|e| e.in_context(self.provider(), &operation))
    }

    /// `GET path`, parsed.
    pub(crate) async fn get<T>(
        &self,
        operation: &str,
        path: &str,
        parse: impl FnOnce(&HttpResponse) -> Result<T>,
    ) -> Result<T> {
        self.parsed(self.request(operation, Method::GET, path), parse)
            .await
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

    /// `PUT path` with a JSON body, parsed.
    pub(crate) async fn put<T>(
        &self,
        operation: &str,
        path: &str,
        body: &Value,
        parse: impl FnOnce(&HttpResponse) -> Result<T>,
    ) -> Result<T> {
        let request = self.request(operation, Method::PUT, path).json(body);
        self.parsed(request, parse).await
    }

    /// A call whose answer (`{}` on Linode) carries nothing: the status is all.
    pub(crate) async fn action(&self, request: HttpRequest) -> Result<()> {
        self.send(request).await.map(|_| ())
    }

    /// Every item of the list at `path`, lazily, page after page. `filter` goes in
    /// Linode's `X-Filter` header; `parse` turns one page's answer (and the page number
    /// asked for) into portable items, like the list parsers in [`crate::model`].
    pub(crate) fn list<T, P>(
        &self,
        operation: &'static str,
        path: impl Into<String>,
        filter: Option<Value>,
        parse: P,
    ) -> BoxStream<'static, Result<T>>
    where
        T: Send + 'static,
        P: Fn(&HttpResponse, u64) -> Result<Page<T>> + Send + Sync + 'static,
    {
        let api = self.clone();
        let path = path.into();
        let filter = filter.map(|f| f.to_string());
        let parse = Arc::new(parse);
        paginate(move |token: Option<String>| {
            let api = api.clone();
            let path = path.clone();
            let filter = filter.clone();
            let parse = parse.clone();
            async move {
                let page = match token {
                    None => 1,
                    Some(t) => t.parse::<u64>().map_err(|_| {
                        Error::malformed(format!("page token {t:?} is not a page number"))
                            .in_context(api.provider(), operation)
                    })?,
                };
                let mut request = api.request(operation, Method::GET, &path);
                request
                    .url
                    .query_pairs_mut()
                    .append_pair("page", &page.to_string())
                    .append_pair("page_size", &api.page_size.to_string());
                if let Some(f) = &filter {
                    request = request.header("x-filter", f);
                }
                api.parsed(request, |resp| parse(resp, page)).await
            }
        })
    }
}

/// The endpoint: the override (with `/v4` added when it has no path) or Linode's own.
fn endpoint(override_url: Option<&Url>) -> Result<Endpoint> {
    let Some(url) = override_url else {
        return Endpoint::provider_default(DEFAULT_ENDPOINT)
            .map_err(|e| e.in_context(PROVIDER_ID, "connect"));
    };
    Endpoint::overridden_with_api_path(url, API_PATH)
        .map_err(|e| e.in_context(PROVIDER_ID, "connect"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn endpoint_override_gets_the_api_path_when_it_has_none() {
        let bare = Url::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            endpoint(Some(&bare)).unwrap().url().as_str(),
            "http://127.0.0.1:8080/v4"
        );
        let pathed = Url::parse("http://127.0.0.1:8080/proxy/v4").unwrap();
        assert_eq!(
            endpoint(Some(&pathed)).unwrap().url().as_str(),
            "http://127.0.0.1:8080/proxy/v4"
        );
        let default = endpoint(None).unwrap();
        assert_eq!(default.url().as_str(), DEFAULT_ENDPOINT);
        assert!(!default.is_overridden());
        let ftp = Url::parse("ftp://127.0.0.1/").unwrap();
        assert_eq!(
            endpoint(Some(&ftp)).unwrap_err().kind(),
            ErrorKind::Configuration
        );
    }
}
