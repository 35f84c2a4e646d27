//! Provider-only GoGrid calls beyond the portable traits, as inherent methods of
//! [`GoGridCompute`](crate::GoGridCompute): server edit, the IP pool and generated
//! passwords.

mod servers;

pub use servers::{EditServer, IpFilter, ServerPassword};
