//! Sending Route 53 REST requests through the shared pipeline and reading the answers.

mod endpoint;

use std::sync::Arc;

use cloud_aws_auth::{CredentialChain, SigV4Signer};
use cloud_core::http::{HttpClient, HttpRequest, Method};
use cloud_core::{Error, ProviderConfig, Result};

pub use endpoint::{DEFAULT_ENDPOINT, SIGNING_REGION};

use crate::PROVIDER_ID;
use crate::errors::Route53ErrorParser;

/// The Route 53 API version every path starts with.
pub const API_VERSION: &str = "2013-04-01";

/// The SigV4 signing name of Route 53.
pub const SERVICE: &str = "route53";

/// Turns an answer's body into a value; it checks the document's root itself.
pub(crate) type Parser<T> = fn(&[u8]) -> Result<T>;

/// The Route 53 API: the pipeline's client, signing every request with SigV4.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    http: HttpClient,
}

impl Api {
    pub(crate) fn new(http: HttpClient) -> Self {
        Api { http }
    }

    /// The API `config` names, signed with the AWS credential chain (see the crate
    /// documentation for where credentials and the endpoint come from). Credentials are
    /// looked up on the first request, not here.
    pub(crate) fn connect(config: &ProviderConfig) -> Result<Self> {
        let connect = |e: Error| e.in_context(PROVIDER_ID, "connect");
        let chain = Arc::new(CredentialChain::from_provider_config(config).map_err(connect)?);
        let target = endpoint::resolve(chain.context(), config).map_err(connect)?;
        let signer = SigV4Signer::new(chain, target.signing_region, SERVICE);
        let http = HttpClient::new(
            PROVIDER_ID,
            target.endpoint,
            config.http_settings()?,
            Arc::new(signer),
            Arc::new(Route53ErrorParser),
        )?;
        Ok(Api::new(http))
    }

    /// The URL of `path` (below `/2013-04-01/`) with `query`.
    fn url(&self, path: &str, query: &[(&str, String)]) -> url::Url {
        let mut url = self.http.url(&format!("{API_VERSION}/{path}"));
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        url
    }

    /// Sends `request` and reads its answer with `parse`.
    async fn send<T>(&self, request: HttpRequest, parse: Parser<T>) -> Result<T> {
        let operation = request.operation.clone();
        let resp = self.http.send(request).await?;
        parse(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, &operation))
    }

    /// `GET path?query`; retried after any retryable failure.
    pub(crate) async fn get<T>(
        &self,
        operation: &str,
        path: &str,
        query: &[(&str, String)],
        parse: Parser<T>,
    ) -> Result<T> {
        let request = HttpRequest::new(operation, Method::GET, self.url(path, query));
        self.send(request, parse).await
    }

    /// `POST path` with an XML document. `idempotent` says whether sending it twice has
    /// the effect of once (a `CallerReference` makes a create so); otherwise the pipeline
    /// sends it again only where that is safe (before it reached Route 53, or when Route
    /// 53 declined it with a throttle).
    pub(crate) async fn post<T>(
        &self,
        operation: &str,
        path: &str,
        document: String,
        idempotent: bool,
        parse: Parser<T>,
    ) -> Result<T> {
        let request = HttpRequest::new(operation, Method::POST, self.url(path, &[]))
            .header("content-type", "application/xml")
            .body(document)
            .idempotent(idempotent);
        self.send(request, parse).await
    }

    /// `DELETE path`.
    pub(crate) async fn delete<T>(
        &self,
        operation: &str,
        path: &str,
        parse: Parser<T>,
    ) -> Result<T> {
        let request = HttpRequest::new(operation, Method::DELETE, self.url(path, &[]));
        self.send(request, parse).await
    }
}

#[cfg(test)]
mod tests {
    use cloud_core::http::{Endpoint, HttpConfig, NoAuth};

    use super::*;

    #[test]
    fn paths_carry_the_version_and_encoded_query() {
        let endpoint =
            Endpoint::overridden(url::Url::parse("http://127.0.0.1:9/").unwrap()).unwrap();
        let http = HttpClient::new(
            PROVIDER_ID,
            endpoint,
            HttpConfig::default(),
            Arc::new(NoAuth),
            Arc::new(Route53ErrorParser),
        )
        .unwrap();
        let api = Api::new(http);
        let url = api.url(
            "hostedzone/Z1/rrset",
            &[
                ("name", "*.a b.example.org.".into()),
                ("maxitems", "5".into()),
            ],
        );
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/2013-04-01/hostedzone/Z1/rrset?name=*.a+b.example.org.&maxitems=5"
        );
        assert_eq!(
            api.url("hostedzone", &[]).as_str(),
            "http://127.0.0.1:9/2013-04-01/hostedzone"
        );
    }
}
