//! What Rackspace's own services (Cloud DNS, Cloud Load Balancers) answer, read into the
//! core's types. Public so the fuzz targets can feed them arbitrary bytes.

pub mod dns;
pub mod load_balancer;
