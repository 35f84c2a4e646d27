//! Cloud DNS behind the core's `Dns` trait.

/// The catalog type of Cloud DNS (one global endpoint, no region).
pub(crate) const DNS_SERVICE: &str = "rax:dns";
