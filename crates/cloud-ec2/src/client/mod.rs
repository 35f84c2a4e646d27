//! Sending EC2 Query API requests through the shared pipeline and reading the answers.

use std::sync::Arc;

use cloud_aws_auth::query::QueryClient;
use cloud_aws_auth::{CredentialChain, ServiceTarget, SigV4Signer};
use cloud_core::http::HttpClient;
use cloud_core::paginate::{Page, paginate_iter};
use cloud_core::xml::Element;
use cloud_core::{BoxStream, Error, ProviderConfig, Result};

pub use cloud_aws_auth::query::{Filter, Query};

use crate::PROVIDER_ID;
use crate::errors::Ec2ErrorParser;

/// The EC2 API version every request names.
pub const API_VERSION: &str = "2016-11-15";

/// A request for the EC2 action `action` (`DescribeInstances`, `RunInstances`, …).
pub(crate) fn query(action: &str) -> Query {
    Query::new(action, API_VERSION)
}

/// The SigV4 signing name and endpoint prefix of EC2.
pub const SERVICE: &str = "ec2";

/// The EC2 API of one region: the pipeline's client and the region it signs for.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    client: QueryClient,
    region: String,
}

/// Turns one page's answer, read as a tree, into items and the next token.
pub(crate) type PageParser<T> = fn(&Element<'_>) -> Result<Page<T>>;

/// Turns one page's answer body into items made as they are taken, and the next token;
/// it checks the root itself.
pub(crate) type LazyPageParser<I> = fn(&[u8]) -> Result<(I, Option<String>)>;

impl Api {
    pub(crate) fn new(http: HttpClient, region: String) -> Self {
        Api {
            client: QueryClient::new(http),
            region,
        }
    }

    /// The API of the region `config` names, signed with the AWS credential chain (see
    /// the crate documentation for where credentials, region and endpoint come from).
    /// Credentials are looked up on the first request, not here.
    pub(crate) fn connect(config: &ProviderConfig) -> Result<Self> {
        let connect = |e: Error| e.in_context(PROVIDER_ID, "connect");
        let chain = Arc::new(CredentialChain::from_provider_config(config).map_err(connect)?);
        let target = ServiceTarget::resolve(chain.context(), config, SERVICE).map_err(connect)?;
        let signer = SigV4Signer::new(chain, target.region.clone(), SERVICE);
        let http = HttpClient::new(
            PROVIDER_ID,
            target.endpoint,
            config.http_settings()?,
            Arc::new(signer),
            Arc::new(Ec2ErrorParser),
        )?;
        Ok(Api::new(http, target.region))
    }

    /// The region requests are signed for.
    pub(crate) fn region(&self) -> &str {
        &self.region
    }

    /// The base URL requests go to.
    pub(crate) fn endpoint(&self) -> &url::Url {
        self.client.http().endpoint().url()
    }

    /// The provider id the pipeline speaks for.
    pub(crate) fn provider(&self) -> &str {
        self.client.provider()
    }

    /// Sends `query` and returns the root of its answer, checked to be
    /// `<{Action}Response>` (see [`QueryClient::call`] for what is retried).
    pub(crate) async fn call(&self, query: Query) -> Result<Element<'static>> {
        self.client.call(query).await
    }

    /// Like [`Api::call`] for a request carrying a `ClientToken`: AWS acts on a token
    /// once, so the pipeline may send it again after any retryable failure.
    pub(crate) async fn call_idempotent(&self, query: Query) -> Result<Element<'static>> {
        self.client.call_idempotent(query).await
    }

    /// Like [`Api::call`] for a parser that reads the answer's bytes itself, root check
    /// included.
    pub(crate) async fn call_body<T>(
        &self,
        query: Query,
        parse: fn(&[u8]) -> Result<T>,
    ) -> Result<T> {
        self.client.call_body(query, parse).await
    }

    /// A call whose answer carries nothing but success: an HTTP 200 is enough (moto
    /// leaves `<return>` out of several answers); an explicit `<return>false</return>`
    /// is an error.
    pub(crate) async fn action(&self, query: Query) -> Result<()> {
        let action = query.action().to_string();
        let root = self.call(query).await?;
        match root.child_value("return") {
            Some(v) if v.eq_ignore_ascii_case("false") => Err(Error::new(
                cloud_core::ErrorKind::Provider,
                format!("{action} answered <return>false</return>"),
            )
            .in_context(self.provider(), &action)),
            _ => Ok(()),
        }
    }

    /// Every item of a paged `Describe*` call, lazily: `query` is sent with
    /// `MaxResults` (when `page_size` is set) and then with each `NextToken` until
    /// none comes back.
    pub(crate) fn paged<T: Send + 'static>(
        &self,
        query: Query,
        page_size: Option<u32>,
        parse: PageParser<T>,
    ) -> BoxStream<'static, Result<T>> {
        self.paged_with(
            query,
            page_size,
            move |api: &Api, body: &[u8], action: &str| {
                parse(&api.client.root(body, action)?).map(|page| (page.items, page.next))
            },
        )
    }

    /// Like [`Api::paged`] for a parser that reads each page's bytes itself, into a
    /// page that makes its items as they are taken.
    pub(crate) fn paged_lazy<I>(
        &self,
        query: Query,
        page_size: Option<u32>,
        parse: LazyPageParser<I>,
    ) -> BoxStream<'static, Result<I::Item>>
    where
        I: IntoIterator + Send + 'static,
        I::Item: Send + 'static,
        I::IntoIter: Send + 'static,
    {
        self.paged_with(query, page_size, move |_: &Api, body: &[u8], _: &str| {
            parse(body)
        })
    }

    /// The paging loop, reading each answer's body with `parse`.
    fn paged_with<I, P>(
        &self,
        query: Query,
        page_size: Option<u32>,
        parse: P,
    ) -> BoxStream<'static, Result<I::Item>>
    where
        I: IntoIterator + Send + 'static,
        I::Item: Send + 'static,
        I::IntoIter: Send + 'static,
        P: Fn(&Api, &[u8], &str) -> Result<(I, Option<String>)> + Copy + Send + 'static,
    {
        let api = self.clone();
        paginate_iter(move |token: Option<String>| {
            let api = api.clone();
            let mut query = query.clone();
            async move {
                if let Some(size) = page_size {
                    query.push("MaxResults", size.to_string());
                }
                if let Some(token) = token {
                    query.push("NextToken", token);
                }
                let action = query.action().to_string();
                let request = api.client.request(&query);
                let resp = api.client.http().send(request).await?;
                parse(&api, &resp.body, &action).map_err(|e| e.in_context(api.provider(), &action))
            }
        })
    }
}
