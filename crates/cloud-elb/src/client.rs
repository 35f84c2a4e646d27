//! Where the driver's requests go and how: Elastic Load Balancing's Query API, and the
//! EC2 Query API for subnets and instances, both signed with SigV4 from one credential
//! chain.

use std::sync::Arc;

use cloud_aws_auth::query::{Query, QueryClient};
use cloud_aws_auth::{
    AwsContext, CredentialChain, ServiceTarget, SigV4Signer, default_endpoint, resolve_endpoint,
    resolve_endpoint_with,
};
use cloud_core::http::{Endpoint, HttpClient};
use cloud_core::paginate::{Page, paginate};
use cloud_core::{BoxStream, Error, ProviderConfig, Result};

use crate::PROVIDER_ID;
use crate::errors::ElbErrorParser;
use crate::model::Listing;
use crate::settings::Settings;

/// The Elastic Load Balancing v2 API version every request names.
pub const API_VERSION: &str = "2015-12-01";

/// The SigV4 signing name and endpoint prefix of Elastic Load Balancing.
pub const SERVICE: &str = "elasticloadbalancing";

/// Load balancers and target groups per page unless the `page_size` option says
/// otherwise (400 is the most the API returns).
pub const DEFAULT_PAGE_SIZE: u32 = 400;

/// The EC2 API version of the driver's EC2 calls.
const EC2_API_VERSION: &str = "2016-11-15";

/// The endpoint variable suffixes, most specific first: the one AWS's SDKs read for
/// ELBv2, then the service-wide one.
const ENV_SUFFIXES: &[&str] = &["ELASTIC_LOAD_BALANCING_V2", "ELASTIC_LOAD_BALANCING"];

/// Reads one listing page's bytes.
pub(crate) type ListingParser<T> = fn(&[u8]) -> Result<Listing<T>>;

/// Reads one EC2 page's bytes.
pub(crate) type Ec2PageParser<T> = fn(&[u8]) -> Result<Page<T>>;

/// The two APIs of one region.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    elb: QueryClient,
    ec2: QueryClient,
    page_size: u32,
}

impl Api {
    /// The APIs `config` names (see the crate documentation for where credentials,
    /// region and endpoints come from). Credentials are looked up on the first request.
    pub(crate) fn connect(config: &ProviderConfig, settings: &Settings) -> Result<Self> {
        let connect = |e: Error| e.in_context(PROVIDER_ID, "connect");
        let chain = Arc::new(CredentialChain::from_provider_config(config).map_err(connect)?);
        let ec2_target = ServiceTarget::resolve(chain.context(), config, "ec2").map_err(connect)?;
        let region = ec2_target.region.clone();
        let elb_endpoint = elb_endpoint(chain.context(), config, &region).map_err(connect)?;
        let ec2_endpoint = match &settings.ec2_endpoint {
            Some(url) => Endpoint::overridden(url.clone()).map_err(connect)?,
            None => resolve_endpoint(chain.context(), "ec2", &region, None).map_err(connect)?,
        };
        let client = |endpoint: Endpoint, service: &str| -> Result<QueryClient> {
            let signer = SigV4Signer::new(chain.clone(), region.clone(), service);
            Ok(QueryClient::new(HttpClient::new(
                PROVIDER_ID,
                endpoint,
                config.http_settings()?,
                Arc::new(signer),
                Arc::new(ElbErrorParser),
            )?))
        };
        Ok(Api {
            elb: client(elb_endpoint, SERVICE)?,
            ec2: client(ec2_endpoint, "ec2")?,
            page_size: settings.page_size,
        })
    }

    /// The base URL of Elastic Load Balancing requests.
    pub(crate) fn endpoint(&self) -> &url::Url {
        self.elb.http().endpoint().url()
    }

    /// A request for the Elastic Load Balancing action `action`.
    pub(crate) fn query(action: &str) -> Query {
        Query::new(action, API_VERSION)
    }

    /// A request for the EC2 action `action`.
    pub(crate) fn ec2_query(action: &str) -> Query {
        Query::new(action, EC2_API_VERSION)
    }

    /// Sends an Elastic Load Balancing request and reads its answer with `parse`.
    pub(crate) async fn call<T>(&self, query: Query, parse: fn(&[u8]) -> Result<T>) -> Result<T> {
        self.elb.call_body(query, parse).await
    }

    /// Sends an Elastic Load Balancing request whose effect is the same however often it
    /// is sent (the API documents creates with the same settings as succeeding again, and
    /// registering a registered target changes nothing), so the pipeline may send it
    /// again after any retryable failure.
    pub(crate) async fn call_idempotent<T>(
        &self,
        query: Query,
        parse: fn(&[u8]) -> Result<T>,
    ) -> Result<T> {
        self.elb.call_body_idempotent(query, parse).await
    }

    /// Sends an Elastic Load Balancing request whose answer carries nothing the driver
    /// needs; the root is still checked.
    pub(crate) async fn act(&self, query: Query, idempotent: bool) -> Result<()> {
        if idempotent {
            self.elb.call_idempotent(query).await?;
        } else {
            self.elb.call(query).await?;
        }
        Ok(())
    }

    /// Sends an EC2 request and reads its answer with `parse`.
    pub(crate) async fn ec2<T>(&self, query: Query, parse: fn(&[u8]) -> Result<T>) -> Result<T> {
        self.ec2.call_body(query, parse).await
    }

    /// Every item of an Elastic Load Balancing listing, lazily: `query` is sent with
    /// `PageSize` and then with each `NextMarker` as `Marker` until none comes back.
    /// Calls that take no `PageSize` (`DescribeListeners` with an ARN does) get it too:
    /// the API accepts it on every `Describe*` listing.
    pub(crate) fn listing<T: Send + 'static>(
        &self,
        query: Query,
        parse: ListingParser<T>,
    ) -> BoxStream<'static, Result<T>> {
        let api = self.clone();
        paginate(move |marker: Option<String>| {
            let api = api.clone();
            let query = query
                .clone()
                .param("PageSize", api.page_size.to_string())
                .opt("Marker", marker);
            async move {
                let page = api.call(query, parse).await?;
                Ok(Page {
                    items: page.items,
                    next: page.next_marker,
                })
            }
        })
    }

    /// Every item of an EC2 listing, lazily, following `NextToken`.
    pub(crate) fn ec2_listing<T: Send + 'static>(
        &self,
        query: Query,
        parse: Ec2PageParser<T>,
    ) -> BoxStream<'static, Result<T>> {
        let api = self.clone();
        paginate(move |token: Option<String>| {
            let api = api.clone();
            let query = query.clone().opt("NextToken", token);
            async move { api.ec2(query, parse).await }
        })
    }
}

/// Elastic Load Balancing's endpoint for `config`: `config.endpoint`, else
/// `AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2`, else
/// `AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING`, else `AWS_ENDPOINT_URL`, else the
/// region's `https://elasticloadbalancing.<region>.amazonaws.com`.
fn elb_endpoint(ctx: &AwsContext, config: &ProviderConfig, region: &str) -> Result<Endpoint> {
    let default_url = default_endpoint(SERVICE, region)?;
    let suffix = ENV_SUFFIXES
        .iter()
        .find(|s| ctx.var(&format!("AWS_ENDPOINT_URL_{s}")).is_some())
        .unwrap_or(&ENV_SUFFIXES[0]);
    resolve_endpoint_with(ctx, suffix, config.endpoint.as_ref(), &default_url)
}

#[cfg(test)]
mod tests {
    use cloud_core::MapEnv;

    use super::*;

    fn endpoint(env: &[(&str, &str)], explicit: Option<&str>) -> String {
        let mut vars = MapEnv::default();
        for (name, value) in env {
            vars.set(*name, *value);
        }
        let config = ProviderConfig {
            endpoint: explicit.map(|u| url::Url::parse(u).unwrap()),
            env: Arc::new(vars),
            ..Default::default()
        };
        let ctx = AwsContext::from_config(&config);
        elb_endpoint(&ctx, &config, "eu-west-1")
            .unwrap()
            .url()
            .to_string()
    }

    #[test]
    fn endpoints_in_order() {
        assert_eq!(
            endpoint(&[], None),
            "https://elasticloadbalancing.eu-west-1.amazonaws.com/"
        );
        let all = [
            (
                "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2",
                "http://127.0.0.1:7001",
            ),
            (
                "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING",
                "http://127.0.0.1:7002",
            ),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:7003"),
        ];
        assert_eq!(endpoint(&all, None), "http://127.0.0.1:7001/");
        assert_eq!(endpoint(&all[1..], None), "http://127.0.0.1:7002/");
        assert_eq!(endpoint(&all[2..], None), "http://127.0.0.1:7003/");
        assert_eq!(
            endpoint(&all, Some("http://127.0.0.1:7004")),
            "http://127.0.0.1:7004/"
        );
    }
}
