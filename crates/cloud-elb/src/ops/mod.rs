//! The calls behind the portable balancer operations, one file per resource.

pub(crate) mod balancers;
pub(crate) mod create;
pub(crate) mod members;
pub(crate) mod network;
