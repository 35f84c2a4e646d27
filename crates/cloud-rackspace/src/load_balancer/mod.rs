//! Cloud Load Balancers (API v1.0) behind the core's `LoadBalancer` trait: the region's
//! `cloudLoadBalancers` endpoint of the catalog, balancers with one listener and their
//! nodes as members (by address and port, with weights), and `BUILD` as an operation
//! to wait for. Changes a balancer cannot take in its current status (`PENDING_UPDATE`
//! after another change) are sent again once it is `ACTIVE`, within a limit.

mod balancers;
mod client;
mod members;
mod request;
mod wait;

use async_trait::async_trait;
use cloud_core::load_balancer::{
    Algorithm, Balancer, CreateBalancer, LoadBalancer, LoadBalancerCapabilities,
    LoadBalancerFeature, Member, MemberTarget, Protocol, UpdateBalancer,
};
use cloud_core::operation::{OperationRef, OperationStatus, WaitOptions};
use cloud_core::{BoxStream, ProviderConfig, Result};
use cloud_openstack::identity::Identity;

use crate::PROVIDER_ID;
use crate::model::load_balancer::{ALGORITHMS, PROTOCOLS, algorithm_of, protocol_of};
use client::ClbClient;

/// The catalog type of Cloud Load Balancers (one endpoint per region).
pub(crate) const LOAD_BALANCER_SERVICE: &str = "rax:load-balancer";

/// The load balancer driver of a session: Cloud Load Balancers in the session's region.
#[derive(Debug, Clone)]
pub(crate) struct RackspaceLoadBalancer {
    client: ClbClient,
    /// How long a change waits for a balancer that is busy with another one.
    busy: WaitOptions,
}

/// The load balancer driver of the session `identity` logs in for.
pub(crate) fn load_balancer(
    identity: &Identity,
    config: &ProviderConfig,
) -> Result<RackspaceLoadBalancer> {
    Ok(RackspaceLoadBalancer {
        client: client::clb_client(identity, config)?,
        busy: wait::busy_wait(),
    })
}

/// What the driver supports: the API's protocols and algorithms, members by address
/// with weights and reported health, renaming and changing the algorithm, and creates
/// that finish later.
fn capabilities() -> LoadBalancerCapabilities {
    LoadBalancerCapabilities::with(
        PROTOCOLS.iter().filter_map(|w| protocol_of(w).ok()),
        ALGORITHMS.iter().filter_map(|w| algorithm_of(w).ok()),
        [
            LoadBalancerFeature::UpdateBalancer,
            LoadBalancerFeature::MemberWeights,
            LoadBalancerFeature::MemberHealth,
            LoadBalancerFeature::AttachByAddress,
            LoadBalancerFeature::CreateOperations,
        ],
    )
}

#[async_trait]
impl LoadBalancer for RackspaceLoadBalancer {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    fn capabilities(&self) -> LoadBalancerCapabilities {
        capabilities()
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn protocols(&self) -> Vec<Protocol> {
        capabilities().protocols.into_iter().collect()
    }

    fn algorithms(&self) -> Vec<Algorithm> {
        capabilities().algorithms.into_iter().collect()
    }

    fn list_balancers(&self) -> BoxStream<'_, Result<Balancer>> {
        balancers::list(&self.client)
    }

    async fn get_balancer(&self, balancer_id: &str) -> Result<Balancer> {
        balancers::get(&self.client, balancer_id).await
    }

    async fn create_balancer(&self, request: &CreateBalancer) -> Result<Balancer> {
        request.validate(PROVIDER_ID, &capabilities())?;
        let body = request::create_body(request)?;
        balancers::create(&self.client, &body).await
    }

    async fn update_balancer(
        &self,
        balancer_id: &str,
        update: &UpdateBalancer,
    ) -> Result<Balancer> {
        update.validate(PROVIDER_ID, &capabilities())?;
        balancers::update(&self.client, &self.busy, balancer_id, update).await
    }

    async fn destroy_balancer(&self, balancer_id: &str) -> Result<()> {
        balancers::destroy(&self.client, &self.busy, balancer_id).await
    }

    fn list_members<'a>(&'a self, balancer_id: &'a str) -> BoxStream<'a, Result<Member>> {
        members::list(&self.client, balancer_id)
    }

    async fn attach_member(&self, balancer_id: &str, target: &MemberTarget) -> Result<Member> {
        cloud_core::load_balancer::validate::check_member(PROVIDER_ID, &capabilities(), target)?;
        let node = request::node(target)?;
        members::attach(&self.client, &self.busy, balancer_id, &node).await
    }

    async fn detach_member(&self, balancer_id: &str, member_id: &str) -> Result<()> {
        members::detach(&self.client, &self.busy, balancer_id, member_id).await
    }

    async fn operation_status(&self, operation: &OperationRef) -> Result<OperationStatus> {
        wait::operation_status(&self.client, operation).await
    }
}
