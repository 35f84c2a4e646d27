//! Cloud Load Balancers behind the core's `LoadBalancer` trait.

/// The catalog type of Cloud Load Balancers (one endpoint per region).
pub(crate) const LOAD_BALANCER_SERVICE: &str = "rax:load-balancer";
