//! [`ElbLoadBalancer`]: the portable load balancer trait over Elastic Load Balancing v2.

use async_trait::async_trait;
use cloud_core::load_balancer::{
    Algorithm, Balancer, CreateBalancer, LoadBalancer, LoadBalancerCapabilities,
    LoadBalancerFeature, Member, MemberTarget, Protocol, UpdateBalancer,
};
use cloud_core::operation::{OperationRef, OperationStatus};
use cloud_core::{BoxStream, Error, ErrorKind, ProviderConfig, Result};
use futures::{StreamExt, TryStreamExt, stream};

use crate::client::Api;
use crate::ops::{balancers, create, members};
use crate::settings::Settings;
use crate::state::{FLOW_HASH, LEAST_OUTSTANDING_REQUESTS, WEIGHTED_RANDOM};
use crate::{PROVIDER_ID, model};

/// Balancers whose listeners and target groups are read at once while listing.
const DETAIL_CONCURRENCY: usize = 4;

/// What the driver supports: HTTP and HTTPS listeners make application load balancers
/// (round robin, least outstanding requests or weighted random), TCP, TLS and UDP ones
/// network load balancers (flow hash); members by instance id or by address, health
/// checks and member health, and creates that finish while the balancer provisions.
pub(crate) fn capabilities() -> LoadBalancerCapabilities {
    LoadBalancerCapabilities::with(
        [
            Protocol::Http,
            Protocol::Https,
            Protocol::Tcp,
            Protocol::Tls,
            Protocol::Udp,
        ],
        [
            Algorithm::RoundRobin,
            Algorithm::Other(LEAST_OUTSTANDING_REQUESTS.into()),
            Algorithm::Other(WEIGHTED_RANDOM.into()),
            Algorithm::Other(FLOW_HASH.into()),
        ],
        [
            LoadBalancerFeature::UpdateBalancer,
            LoadBalancerFeature::HealthChecks,
            LoadBalancerFeature::MemberHealth,
            LoadBalancerFeature::AttachByNode,
            LoadBalancerFeature::AttachByAddress,
            LoadBalancerFeature::CreateOperations,
        ],
    )
}

/// Elastic Load Balancing v2 behind the portable [`LoadBalancer`] trait. A portable
/// balancer is a load balancer with one listener forwarding to one target group; its id
/// is the load balancer's ARN (its name works wherever an id is asked for).
#[derive(Debug, Clone)]
pub struct ElbLoadBalancer {
    api: Api,
    settings: Settings,
}

impl ElbLoadBalancer {
    /// A driver for the region, credentials, endpoints and options of `config`.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        let settings = Settings::from_config(config)?;
        let api = Api::connect(config, &settings)?;
        Ok(ElbLoadBalancer { api, settings })
    }

    /// The base URL Elastic Load Balancing requests go to.
    pub fn endpoint(&self) -> &url::Url {
        self.api.endpoint()
    }

    /// Runs `call` for `operation`, with the provider and operation in a failure's
    /// context.
    fn context(operation: &str) -> impl Fn(Error) -> Error + '_ {
        move |e: Error| e.in_context(PROVIDER_ID, operation)
    }
}

#[async_trait]
impl LoadBalancer for ElbLoadBalancer {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    fn capabilities(&self) -> LoadBalancerCapabilities {
        capabilities()
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_balancers(&self) -> BoxStream<'_, Result<Balancer>> {
        let api = self.api.clone();
        self.api
            .listing(
                Api::query("DescribeLoadBalancers"),
                model::describe_load_balancers,
            )
            .map(move |lb| {
                let api = api.clone();
                async move {
                    match balancers::parts(&api, lb?).await {
                        Ok(parts) => Ok(Some(balancers::portable(&parts))),
                        // Deleted between the page and its details: no longer there.
                        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
                        Err(e) => Err(e),
                    }
                }
            })
            .buffered(DETAIL_CONCURRENCY)
            .filter_map(|found| async move { found.transpose() })
            .map_err(Self::context("list_balancers"))
            .boxed()
    }

    async fn get_balancer(&self, balancer_id: &str) -> Result<Balancer> {
        balancers::get(&self.api, balancer_id)
            .await
            .map_err(Self::context("get_balancer"))
    }

    async fn create_balancer(&self, request: &CreateBalancer) -> Result<Balancer> {
        create::create(&self.api, &self.settings, &capabilities(), request)
            .await
            .map_err(Self::context("create_balancer"))
    }

    async fn update_balancer(
        &self,
        balancer_id: &str,
        update: &UpdateBalancer,
    ) -> Result<Balancer> {
        update.validate(PROVIDER_ID, &capabilities())?;
        balancers::update(&self.api, balancer_id, update)
            .await
            .map_err(Self::context("update_balancer"))
    }

    async fn destroy_balancer(&self, balancer_id: &str) -> Result<()> {
        balancers::destroy(&self.api, balancer_id)
            .await
            .map_err(Self::context("destroy_balancer"))
    }

    fn list_members<'a>(&'a self, balancer_id: &'a str) -> BoxStream<'a, Result<Member>> {
        stream::once(members::list(&self.api, balancer_id))
            .map(|found| match found {
                Ok(members) => stream::iter(members.into_iter().map(Ok)).left_stream(),
                Err(e) => stream::once(async move { Err(e) }).right_stream(),
            })
            .flatten()
            .map_err(Self::context("list_members"))
            .boxed()
    }

    async fn attach_member(&self, balancer_id: &str, target: &MemberTarget) -> Result<Member> {
        cloud_core::load_balancer::validate::check_member(PROVIDER_ID, &capabilities(), target)?;
        members::attach(&self.api, balancer_id, target)
            .await
            .map_err(Self::context("attach_member"))
    }

    async fn detach_member(&self, balancer_id: &str, member_id: &str) -> Result<()> {
        members::detach(&self.api, balancer_id, member_id)
            .await
            .map_err(Self::context("detach_member"))
    }

    async fn operation_status(&self, operation: &OperationRef) -> Result<OperationStatus> {
        if operation.provider != PROVIDER_ID || operation.kind != "create_balancer" {
            return Err(Error::invalid_input(format!(
                "operation {} of {} is not an elb balancer create",
                operation.id, operation.provider
            )));
        }
        balancers::create_status(&self.api, operation)
            .await
            .map_err(Self::context("operation_status"))
    }
}
