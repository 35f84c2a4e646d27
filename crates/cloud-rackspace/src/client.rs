//! The session's identity: the v2.0 login, and Rackspace's services looked up by their
//! catalog names (its catalog lists two `compute` services: first and next generation).

use std::sync::Arc;

use cloud_core::{ProviderConfig, Result};
use cloud_openstack::identity::{Identity, KeystoneV2Login};

use crate::PROVIDER_ID;
use crate::identity::v2_auth;

/// The catalog names of the services the drivers use, by the service type the
/// OpenStack drivers ask for.
pub(crate) const SERVICE_NAMES: &[(&str, &str)] = &[
    ("compute", "cloudServersOpenStack"),
    ("object-store", "cloudFiles"),
    (crate::storage::CDN_SERVICE, "cloudFilesCDN"),
    ("image", "cloudImages"),
    ("volumev3", "cloudBlockStorage"),
    ("block-storage", "cloudBlockStorage"),
    (crate::dns::DNS_SERVICE, "cloudDNS"),
    (
        crate::load_balancer::LOAD_BALANCER_SERVICE,
        "cloudLoadBalancers",
    ),
];

/// The identity `config` describes; nothing is sent until a service is first used.
pub(crate) fn identity(config: &ProviderConfig) -> Result<Identity> {
    let (auth, explicit) = v2_auth(config)?;
    let login = KeystoneV2Login::new(PROVIDER_ID, config, auth, explicit)?;
    Ok(Identity::with_login(Arc::new(login)).with_service_names(SERVICE_NAMES))
}
