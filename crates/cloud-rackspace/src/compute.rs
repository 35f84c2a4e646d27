//! Cloud Servers (next generation): the OpenStack Nova, Glance and Cinder drivers at
//! Rackspace's catalog endpoints.

use cloud_core::{ProviderConfig, Result};
use cloud_openstack::OpenStackCompute;
use cloud_openstack::identity::Identity;

/// The compute driver of the session `identity` logs in for.
pub(crate) fn compute(identity: &Identity, config: &ProviderConfig) -> Result<OpenStackCompute> {
    OpenStackCompute::new(identity, config)
}
