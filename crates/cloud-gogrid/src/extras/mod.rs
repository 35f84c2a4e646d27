//! Provider-only GoGrid calls beyond the portable traits, as inherent methods of
//! [`GoGridCompute`](crate::GoGridCompute): server edit, the IP pool, generated
//! passwords, and load balancers.

mod load_balancers;
mod servers;

pub use load_balancers::NewLoadBalancer;
pub use servers::{EditServer, IpFilter, ServerPassword};
