//! The load balancer area: NodeBalancers as balancers. A portable balancer is one
//! NodeBalancer with one port Config (its listener); its members are that Config's Nodes.
//! The driver type, its constructor and the `LoadBalancer` implementation, which
//! delegates to the calls beside it (`balancers.rs`, `members.rs`); `words.rs` maps
//! protocols, algorithms and checks. A NodeBalancer given more Configs elsewhere lists
//! them all as listeners; members are read and changed on its first Config.

mod balancers;
mod members;
mod words;

pub use words::{
    algorithm_from_linode, algorithm_to_linode, protocol_from_linode, protocol_to_linode,
};

use async_trait::async_trait;
use cloud_core::load_balancer::{
    Balancer, CreateBalancer, LoadBalancer, LoadBalancerCapabilities, LoadBalancerFeature, Member,
    MemberTarget,
};
use cloud_core::{BoxStream, ProviderConfig, Result};

use crate::PROVIDER_ID;
use crate::client::Api;
use crate::settings::Settings;

/// The Linode load balancer driver (NodeBalancers). Cheap to clone; safe to share
/// between tasks.
#[derive(Debug, Clone)]
pub struct LinodeLoadBalancer {
    pub(crate) api: Api,
    pub(crate) default_region: Option<String>,
}

impl LinodeLoadBalancer {
    /// A driver for the account whose token is in `config.credentials["token"]` (or the
    /// `LINODE_TOKEN` environment variable), at `config.endpoint` or Linode's own; new
    /// NodeBalancers go to `config.region`.
    ///
    /// Fails with `InvalidCredentials` when no token is configured, with
    /// `Configuration` when the endpoint is invalid and with `InvalidInput` when the
    /// `page_size` option is not a number from 25 to 500.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        let settings = Settings::read(config)?;
        let api = Api::connect(config, &settings)?;
        Ok(LinodeLoadBalancer::with_api(api, &settings))
    }

    /// A driver over an existing client (the session's, shared with compute and DNS).
    pub(crate) fn with_api(api: Api, settings: &Settings) -> Self {
        LinodeLoadBalancer {
            api,
            default_region: settings.default_region.clone(),
        }
    }

    /// Items per page on list calls.
    pub fn page_size(&self) -> u32 {
        self.api.page_size()
    }
}

#[async_trait]
impl LoadBalancer for LinodeLoadBalancer {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    /// HTTP, HTTPS and TCP; round robin, least connections and source address; members
    /// by instance (its private address) or by private address, with weights (1–255)
    /// and the health Linode reports; health checks.
    fn capabilities(&self) -> LoadBalancerCapabilities {
        LoadBalancerCapabilities::with(
            words::PROTOCOLS,
            words::ALGORITHMS,
            [
                LoadBalancerFeature::AttachByNode,
                LoadBalancerFeature::AttachByAddress,
                LoadBalancerFeature::MemberWeights,
                LoadBalancerFeature::MemberHealth,
                LoadBalancerFeature::HealthChecks,
            ],
        )
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_balancers(&self) -> BoxStream<'_, Result<Balancer>> {
        self.balancers()
    }

    async fn get_balancer(&self, balancer_id: &str) -> Result<Balancer> {
        self.balancer(balancer_id).await
    }

    async fn create_balancer(&self, request: &CreateBalancer) -> Result<Balancer> {
        self.create(request).await
    }

    async fn destroy_balancer(&self, balancer_id: &str) -> Result<()> {
        self.destroy(balancer_id).await
    }

    fn list_members<'a>(&'a self, balancer_id: &'a str) -> BoxStream<'a, Result<Member>> {
        self.members(balancer_id)
    }

    async fn attach_member(&self, balancer_id: &str, target: &MemberTarget) -> Result<Member> {
        self.attach(balancer_id, target).await
    }

    async fn detach_member(&self, balancer_id: &str, member_id: &str) -> Result<()> {
        self.detach(balancer_id, member_id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::env::MapEnv;
    use cloud_core::load_balancer::{Algorithm, Protocol};
    use cloud_core::{ErrorKind, Secret};
    use std::sync::Arc;

    #[test]
    fn capabilities_are_nodebalancer_configs() {
        let mut config = ProviderConfig {
            env: Arc::new(MapEnv::default()),
            ..Default::default()
        };
        assert_eq!(
            LinodeLoadBalancer::new(&config).unwrap_err().kind(),
            ErrorKind::InvalidCredentials
        );
        config.credentials.insert("token".into(), Secret::new("t"));
        let lb = LinodeLoadBalancer::new(&config).unwrap();
        assert_eq!(
            lb.protocols(),
            vec![Protocol::Http, Protocol::Https, Protocol::Tcp]
        );
        assert_eq!(
            lb.algorithms(),
            vec![
                Algorithm::RoundRobin,
                Algorithm::LeastConnections,
                Algorithm::SourceIp
            ]
        );
        let caps = lb.capabilities();
        assert!(caps.supports(LoadBalancerFeature::AttachByNode));
        assert!(caps.supports(LoadBalancerFeature::HealthChecks));
        assert!(!caps.supports(LoadBalancerFeature::UpdateBalancer));
        assert!(!caps.supports(LoadBalancerFeature::CreateOperations));
    }
}
