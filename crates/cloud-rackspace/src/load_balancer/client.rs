//! Transport: the session's client for the region's Cloud Load Balancers endpoint (made
//! at the first request, when the session logs in and takes the endpoint from the
//! catalog), reading errors with [`ClbErrorParser`].

use std::sync::Arc;

use cloud_core::{ProviderConfig, Result};
use cloud_openstack::ServiceClient;
use cloud_openstack::identity::Identity;

use super::LOAD_BALANCER_SERVICE;
use crate::model::load_balancer::ClbErrorParser;

/// The Cloud Load Balancers client of one session.
pub(crate) type ClbClient = ServiceClient;

/// A client that logs in with `identity` at its first request.
pub(crate) fn clb_client(identity: &Identity, config: &ProviderConfig) -> Result<ClbClient> {
    Ok(
        ServiceClient::new(identity, config, LOAD_BALANCER_SERVICE, None)?
            .with_error_parser(Arc::new(ClbErrorParser)),
    )
}
