//! Cloud Servers (next generation): the OpenStack Nova and Cinder drivers at Rackspace's
//! catalog endpoints, with images through Nova's image API, as the Cloud Servers API
//! documents them. Cloud Servers has no stop or start: a server runs until deleted.

use cloud_core::compute::ComputeFeature;
use cloud_core::{ProviderConfig, Result};
use cloud_openstack::identity::Identity;
use cloud_openstack::{ImageApi, OpenStackCompute};

/// The compute driver of the session `identity` logs in for.
pub(crate) fn compute(identity: &Identity, config: &ProviderConfig) -> Result<OpenStackCompute> {
    Ok(OpenStackCompute::new(identity, config)?
        .with_image_api(ImageApi::Nova)
        .without([ComputeFeature::StartStop]))
}
