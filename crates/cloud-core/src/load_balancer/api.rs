//! The load balancer trait.

use async_trait::async_trait;

use super::{
    Algorithm, Balancer, CreateBalancer, LoadBalancerCapabilities, Member, MemberTarget, Protocol,
    UpdateBalancer,
};
use crate::operation::{OperationRef, OperationStatus};
use crate::{BoxStream, Error, Result};

/// Portable load balancing: every load balancer driver implements this trait.
///
/// A balancer is named by the provider's id. Every driver checks a create request with
/// [`CreateBalancer::validate`] against its [`LoadBalancer::capabilities`] before it
/// sends or stores anything, so bad input fails the same way everywhere. Optional
/// operations have default bodies returning [`ErrorKind::Unsupported`](crate::ErrorKind);
/// a driver overrides what it supports and says so in its capabilities.
#[async_trait]
pub trait LoadBalancer: Send + Sync + std::fmt::Debug {
    /// The provider id (`local`, `elb`, …).
    fn provider_id(&self) -> &str;

    /// The protocols, algorithms and optional features this driver supports.
    fn capabilities(&self) -> LoadBalancerCapabilities;

    /// The concrete driver, for provider-only calls.
    fn as_any(&self) -> &dyn std::any::Any;

    /// The listener protocols a balancer can take, in a stable order.
    fn protocols(&self) -> Vec<Protocol> {
        self.capabilities().protocols.into_iter().collect()
    }

    /// The balancing algorithms the provider offers, in a stable order.
    fn algorithms(&self) -> Vec<Algorithm> {
        self.capabilities().algorithms.into_iter().collect()
    }

    /// Every balancer, lazily, following the provider's paging to the end.
    fn list_balancers(&self) -> BoxStream<'_, Result<Balancer>>;

    /// One balancer by id; `NotFound` when it does not exist.
    async fn get_balancer(&self, balancer_id: &str) -> Result<Balancer>;

    /// Creates a balancer with its listener and first members. Bad input (see
    /// [`CreateBalancer::validate`]) and a member naming a node that does not exist fail
    /// before anything is created. When the provider finishes the create later, the
    /// balancer carries the [`OperationRef`] to wait for.
    async fn create_balancer(&self, request: &CreateBalancer) -> Result<Balancer>;

    /// Changes a balancer's name, algorithm or health check.
    async fn update_balancer(
        &self,
        balancer_id: &str,
        update: &UpdateBalancer,
    ) -> Result<Balancer> {
        let _ = (balancer_id, update);
        Err(self.unsupported("update_balancer"))
    }

    /// Deletes a balancer and detaches its members (the nodes themselves stay).
    async fn destroy_balancer(&self, balancer_id: &str) -> Result<()>;

    /// Every member of a balancer, lazily; the first item is `NotFound` when the balancer
    /// does not exist.
    fn list_members<'a>(&'a self, balancer_id: &'a str) -> BoxStream<'a, Result<Member>>;

    /// Adds a member; `NotFound` when the balancer or the node does not exist,
    /// `AlreadyExists` when the balancer has a member at that address and port.
    async fn attach_member(&self, balancer_id: &str, target: &MemberTarget) -> Result<Member>;

    /// Removes a member; `NotFound` when the balancer or the member does not exist.
    async fn detach_member(&self, balancer_id: &str, member_id: &str) -> Result<()>;

    /// The state of an operation a create returned in [`Balancer::operation`].
    async fn operation_status(&self, operation: &OperationRef) -> Result<OperationStatus> {
        let _ = operation;
        Err(self.unsupported("operation_status"))
    }

    /// The `Unsupported` error for `operation` on this provider.
    fn unsupported(&self, operation: &str) -> Error {
        Error::unsupported(self.provider_id(), operation)
    }
}
