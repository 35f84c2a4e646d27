//! Load balancers: balancers with one listener each, the protocols and algorithms a
//! provider offers, members attached by node or by address, and health checks.

mod api;
mod capabilities;
mod kinds;
mod types;
pub mod validate;

pub use api::LoadBalancer;
pub use capabilities::{LoadBalancerCapabilities, LoadBalancerFeature};
pub use kinds::{Algorithm, BalancerState, MemberHealth, Protocol};
pub use types::{
    Balancer, CreateBalancer, HealthCheck, Listener, Member, MemberTarget, UpdateBalancer,
};
