//! Transport: the Cloud Servers client, made at the first call (the session logs in
//! then and takes the endpoint the login names), signed with the session's token, and
//! the request helpers every call goes through in the configured format.

use std::sync::Arc;

use cloud_core::http::{HttpClient, HttpConfig, HttpRequest, HttpResponse, Method};
use cloud_core::paginate::stream_of_list;
use cloud_core::{BoxStream, ProviderConfig, Result};
use tokio::sync::OnceCell;

use crate::PROVIDER_ID;
use crate::errors::FirstGenErrorParser;
use crate::identity::{Identity, V1Login};
use crate::model::Format;
use crate::settings;

/// A parser of a whole answer in one format.
pub(crate) type Parser<T> = fn(Format, &[u8]) -> Result<T>;

/// The Cloud Servers API of one account.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    identity: Identity,
    http: HttpConfig,
    format: Format,
    client: Arc<OnceCell<HttpClient>>,
}

impl Api {
    /// The API `config` describes; nothing is sent until the first call.
    pub(crate) fn connect(config: &ProviderConfig) -> Result<Self> {
        Ok(Api {
            identity: Identity::new(V1Login::new(config)?),
            http: config.http_settings()?,
            format: settings::format(config)?,
            client: Arc::new(OnceCell::new()),
        })
    }

    /// The wire format in use.
    pub(crate) fn format(&self) -> Format {
        self.format
    }

    /// The pipeline client, logging in and taking the endpoint on first use. A failure
    /// (a refused key) is returned each time until a call succeeds.
    async fn client(&self) -> Result<&HttpClient> {
        self.client
            .get_or_try_init(|| async {
                let endpoint = self.identity.servers_endpoint().await?;
                HttpClient::new(
                    PROVIDER_ID,
                    endpoint,
                    self.http.clone(),
                    Arc::new(self.identity.signer()),
                    Arc::new(FirstGenErrorParser),
                )
            })
            .await
    }

    /// Sends `method path` asking for the configured format, with `body` in that format
    /// when given.
    pub(crate) async fn send(
        &self,
        operation: &str,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<HttpResponse> {
        let client = self
            .client()
            .await
            .map_err(|e| e.in_context(PROVIDER_ID, operation))?;
        let media = self.format.media_type();
        let mut request =
            HttpRequest::new(operation, method, client.url(path)).header("accept", media);
        if let Some(body) = body {
            request = request.header("content-type", media).body(body);
        }
        client.send(request).await
    }

    /// Sends a request and parses its answer, naming the provider and operation on a
    /// parse error.
    pub(crate) async fn parsed<T>(
        &self,
        operation: &str,
        method: Method,
        path: &str,
        body: Option<String>,
        parse: Parser<T>,
    ) -> Result<T> {
        let resp = self.send(operation, method, path, body).await?;
        parse(self.format, &resp.body).map_err(|e| e.in_context(PROVIDER_ID, operation))
    }

    /// Every item of the list at `path`: v1.0 lists are not paged, one request answers
    /// the whole list.
    pub(crate) fn list<'a, T: Send + 'a>(
        &'a self,
        operation: &'a str,
        path: &'a str,
        parse: Parser<Vec<T>>,
    ) -> BoxStream<'a, Result<T>> {
        stream_of_list(self.parsed(operation, Method::GET, path, None, parse))
    }
}
