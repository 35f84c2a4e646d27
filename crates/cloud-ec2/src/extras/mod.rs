//! Provider-only calls: inherent methods of [`Ec2Compute`](crate::Ec2Compute) that the
//! portable trait has no room for. Reach them from a `dyn Compute` with
//! `as_any().downcast_ref::<Ec2Compute>()`.

mod addresses;
mod console;
mod security_groups;
mod tags;

pub use addresses::ElasticIp;
pub use security_groups::IngressRule;
