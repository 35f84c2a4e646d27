//! The GoGrid load balancer driver: its construction and `impl LoadBalancer`, delegating
//! to [`balancers`] and [`members`].
//!
//! GoGrid's balancers (`grid/loadbalancer/list|get|add|edit|delete`) listen on one
//! public IP and port of the account's pool and spread TCP connections over a list of
//! real IPs, each an address and port: members are named by address only.

mod balancers;
mod members;

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::load_balancer::{
    Algorithm, Balancer, CreateBalancer, LoadBalancer, LoadBalancerCapabilities,
    LoadBalancerFeature, Member, MemberTarget, Protocol,
};
use cloud_core::{BoxStream, Clock, ProviderConfig, Result, SystemClock};

use crate::PROVIDER_ID;
use crate::client::GoGridClient;
use crate::settings::Settings;

/// Load balancing over the GoGrid API v1.8.
///
/// A new balancer takes `CreateBalancer::extra` keys `virtual_ip` (a public address of
/// the account's pool; without it the first unassigned one is used), `persistence`
/// (`None`, `SSL Sticky` or `Source Address Sticky`) and `description`.
#[derive(Debug, Clone)]
pub struct GoGridLoadBalancer {
    client: GoGridClient,
}

impl GoGridLoadBalancer {
    /// A driver from a configuration, read as [`GoGridCompute::new`](crate::GoGridCompute::new)
    /// reads it.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        GoGridLoadBalancer::with_clock(config, Arc::new(SystemClock))
    }

    /// Like [`GoGridLoadBalancer::new`], with signatures (and `Retry-After` dates) read
    /// from `clock`.
    pub fn with_clock(config: &ProviderConfig, clock: Arc<dyn Clock>) -> Result<Self> {
        let settings = Settings::read(config)?;
        let client = GoGridClient::new(settings, config.http_settings()?, clock)?;
        Ok(GoGridLoadBalancer::from_client(client))
    }

    /// A driver over an existing client (the session's, shared with compute).
    pub(crate) fn from_client(client: GoGridClient) -> Self {
        GoGridLoadBalancer { client }
    }

    /// TCP listeners (the API takes no protocol: the balancer forwards connections from
    /// the virtual IP's port to each real IP's port), GoGrid's three balancing types,
    /// and members by address.
    pub(crate) fn gogrid_capabilities() -> LoadBalancerCapabilities {
        LoadBalancerCapabilities::with(
            [Protocol::Tcp],
            [
                Algorithm::RoundRobin,
                Algorithm::LeastConnections,
                Algorithm::SourceIp,
            ],
            [LoadBalancerFeature::AttachByAddress],
        )
    }
}

#[async_trait]
impl LoadBalancer for GoGridLoadBalancer {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    fn capabilities(&self) -> LoadBalancerCapabilities {
        GoGridLoadBalancer::gogrid_capabilities()
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_balancers(&self) -> BoxStream<'_, Result<Balancer>> {
        balancers::list(&self.client)
    }

    async fn get_balancer(&self, balancer_id: &str) -> Result<Balancer> {
        balancers::get(&self.client, balancer_id).await
    }

    /// `grid/loadbalancer/add` (after a free IP lookup unless `extra["virtual_ip"]` names
    /// one); GoGrid answers without the new id, so the balancer is read back by name.
    async fn create_balancer(&self, request: &CreateBalancer) -> Result<Balancer> {
        balancers::create(&self.client, &self.capabilities(), request).await
    }

    async fn destroy_balancer(&self, balancer_id: &str) -> Result<()> {
        balancers::destroy(&self.client, balancer_id).await
    }

    /// The balancer's real IPs, each a member with id `address:port`.
    fn list_members<'a>(&'a self, balancer_id: &'a str) -> BoxStream<'a, Result<Member>> {
        members::list(&self.client, balancer_id)
    }

    /// Reads the real IP list and sends it back with the new address
    /// (`grid/loadbalancer/edit`).
    async fn attach_member(&self, balancer_id: &str, target: &MemberTarget) -> Result<Member> {
        members::attach(&self.client, &self.capabilities(), balancer_id, target).await
    }

    /// Reads the real IP list and sends it back without the member
    /// (`grid/loadbalancer/edit`); GoGrid keeps at least one real IP.
    async fn detach_member(&self, balancer_id: &str, member_id: &str) -> Result<()> {
        members::detach(&self.client, balancer_id, member_id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::{MapEnv, Secret};

    #[test]
    fn debug_hides_credentials_and_capabilities_are_tcp_by_address() {
        let mut config = ProviderConfig {
            endpoint: Some("http://127.0.0.1:9/".parse().unwrap()),
            env: Arc::new(MapEnv::default()),
            ..ProviderConfig::default()
        };
        for (k, v) in [("api_key", "key-4433"), ("secret", "shh-9911")] {
            config.credentials.insert(k.into(), Secret::new(v));
        }
        let driver = GoGridLoadBalancer::new(&config).unwrap();
        let shown = format!("{driver:?}");
        assert!(
            !shown.contains("key-4433") && !shown.contains("shh-9911"),
            "{shown}"
        );
        let caps = driver.capabilities();
        assert_eq!(driver.protocols(), [Protocol::Tcp]);
        assert!(caps.supports(LoadBalancerFeature::AttachByAddress));
        assert!(!caps.supports(LoadBalancerFeature::AttachByNode));
        assert!(!caps.supports(LoadBalancerFeature::HealthChecks));
    }
}
